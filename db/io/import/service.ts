/**
 * Import of a clerk's sheet into a ledger (UX "Import"): read → find the header → map columns → prepare rows →
 * dry run (every problem by sheet row and column, counts, proposed name matches) → commit (an online backup,
 * then ONE transaction through the ledger's `upsertBulk`: all rows or none unless the clerk asked for the valid
 * rows only; importing the same file again changes nothing).
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Ctx, ProgressEvent } from '../../context';
import { ApiError, type RowError } from '../../errors';
import type { AnyLedger } from '../../ledgers';
import { LedgerService, type SourcedValues } from '../../ledger/service';
import { createBackup, discardBackup } from '../../backup/backup';
import { dryRun, type DryRunCounts, type MatchProposal } from './dryrun';
import { HeaderIndex } from './headers';
import { detectLayout, readBody, type SkippedRow } from './layout';
import { autoMapping, planColumns, type ColumnMapping } from './mapping';
import { rowPreparer, type ConfirmedMatch, type PreparedRow } from './prepare';
import { placeOf, ProblemWriter, type ImportProblem } from './problems';
import { readSheet } from './read';
import { importableLedger } from './registry';
import { RefDirectory } from './refs';
import { cellText, isBlank } from './sheet';
import { getTemplate } from './templates';

export interface ImportSource {
  ledger: string;
  fileName: string;
  content: Buffer;
  sheet?: string;
  /** The clerk's choices by column index; columns left out keep the template's or the automatic mapping. */
  mapping?: ColumnMapping;
  templateId?: number;
  confirmedMatches?: ConfirmedMatch[];
}

export interface ImportPreview {
  sheets: string[];
  sheet: string;
  headerRow: number;
  headerRows: 1 | 2;
  headers: Array<{ index: number; letter: string; header: string; sample: string[] }>;
  mapping: ColumnMapping;
  rowsRead: number;
  skipped: SkippedRow[];
  problems: ImportProblem[];
  matches: MatchProposal[];
  counts: DryRunCounts;
}

export interface ImportResult {
  added: number;
  updated: number;
  unchanged: number;
  /** Rows refused (only with validOnly; otherwise a refusal writes nothing and is an error). */
  refused: number;
  refusedRows: ImportProblem[];
  skipped: number;
  backupFile: string;
}

/** Progress of one import job, at most every 100 ms unless a phase starts or ends. */
class Progress {
  private last = 0;
  private latest: ProgressEvent | null = null;
  constructor(
    private readonly ctx: Ctx,
    private readonly job: string,
  ) {}

  report(label: string, done: number, total: number, force = false) {
    const now = performance.now();
    if (!force && now - this.last < 100) return;
    this.last = now;
    this.latest = { job: this.job, label, done, total };
    this.ctx.progress?.(this.latest);
  }

  /** An event from a step the importer hands work to (the ledger's bulk write), passed on and remembered. */
  relay(event: ProgressEvent) {
    this.last = performance.now();
    this.latest = event;
    this.ctx.progress?.(event);
  }

  /**
   * While a step the importer does not drive is under way (the ledger's bulk insert and its audit entry, the
   * commit's sync to disk), says again where the job is whenever the host is free and nothing was said for a while.
   */
  keepAlive(): () => void {
    const timer = setInterval(() => {
      if (this.latest && performance.now() - this.last >= 200) this.report(this.latest.label, this.latest.done, this.latest.total, true);
    }, 100);
    return () => clearInterval(timer);
  }
}

interface Loaded {
  ledger: AnyLedger;
  sheetName: string;
  sheets: string[];
  headerRow: number;
  headerRows: 1 | 2;
  headers: ImportPreview['headers'];
  mapping: ColumnMapping;
  rowsRead: number;
  skipped: SkippedRow[];
  prepared: PreparedRow[];
  writer: ProblemWriter;
  /** Said once, above the row problems: the header row was found but none of its names was recognised. */
  notice: ImportProblem | null;
}

/** Every step up to rows ready for the ledger; nothing here reads or writes the ledger's rows. */
async function load(ctx: Ctx, source: ImportSource, progress: Progress): Promise<Loaded> {
  const ledger = importableLedger(source.ledger);
  const template = source.templateId != null ? await getTemplate(ctx.ws.db, source.templateId) : undefined;
  if (template && template.ledger !== source.ledger) {
    throw new ApiError('validation', `模板“${template.name}”属于${importableLedger(template.ledger).def.title},不能用于${ledger.def.title}`);
  }
  const sheet = await readSheet(source.fileName, source.content, {
    sheet: source.sheet,
    onBytes: (done, total) => progress.report('解压表格', done, total),
    onRows: (done, total) => progress.report('读取表格', done, total),
  });
  progress.report('识别表头', 0, 1, true);
  const index = new HeaderIndex(ledger.def.fields, template?.mapping);
  const layout = detectLayout(sheet, index, ledger.def.title);
  const body = readBody(sheet, layout);
  const mapping = { ...autoMapping(layout.columns, index), ...(source.mapping ?? {}) };
  const plans = planColumns(layout.columns, mapping, index, ledger.def.title);
  await checkConfirmations(ctx, ledger, source.confirmedMatches ?? []);
  const prepare = rowPreparer(plans, source.confirmedMatches);
  const prepared: PreparedRow[] = [];
  for (let i = 0; i < body.data.length; i += 1) {
    prepared.push(prepare(body.data[i]));
    if (i % 5000 === 4999) {
      progress.report('整理数据', i + 1, body.data.length);
      await yieldToLoop();
    }
  }
  const headers = layout.columns.map((c) => {
    const sample: string[] = [];
    for (const row of body.data) {
      if (sample.length >= 3) break;
      const cell = row.cells[c.index] ?? null;
      if (!isBlank(cell)) sample.push(cellText(cell));
    }
    return { ...c, sample };
  });
  return {
    ledger,
    sheetName: sheet.name,
    sheets: sheet.sheets,
    headerRow: layout.headerRow,
    headerRows: layout.headerDepth,
    headers,
    mapping,
    rowsRead: body.rowsRead,
    skipped: body.skipped,
    prepared,
    writer: new ProblemWriter(plans, ledger.labels),
    notice: plans.length
      ? null
      : {
          row: layout.headerRow,
          column: '',
          header: '',
          written: '',
          message: `没有认出第 ${layout.headerRow} 行的列名对应${ledger.def.title}的哪些字段:请逐列选择对应的字段(可保存为模板),或确认选择了正确的台账`,
          severity: 'warning',
        },
  };
}

/** Confirmed matches name a reference field of this ledger and an existing row of the ledger it points at. */
async function checkConfirmations(ctx: Ctx, ledger: AnyLedger, confirmed: ConfirmedMatch[]) {
  if (!confirmed.length) return;
  const fields = new Map(ledger.def.fields.filter((f) => f.kind === 'ref').map((f) => [f.key, f]));
  const refs = await RefDirectory.load(ctx.ws.db, [...fields.values()]);
  for (const m of confirmed) {
    const field = fields.get(m.field);
    if (!field) throw new ApiError('validation', `确认的匹配“${m.written}”指向的字段“${m.field}”不是${ledger.def.title}的关联字段`);
    if (refs.knows(field) && refs.nameOf(field, m.id) === undefined) {
      throw new ApiError('validation', `确认的匹配中,“${m.written}”对应的编号 ${m.id} 不是现有的${refs.noun(field)},请重新确认`);
    }
  }
}

export async function previewImport(ctx: Ctx, source: ImportSource): Promise<ImportPreview> {
  const progress = new Progress(ctx, 'import.preview');
  const loaded = await load(ctx, source, progress);
  const refs = await RefDirectory.load(ctx.ws.db, loaded.ledger.def.fields);
  const run = await dryRun(loaded.ledger, ctx.ws.db, loaded.prepared, loaded.writer, refs, (done, total) => progress.report('检查数据', done, total));
  progress.report('检查完成', loaded.prepared.length, loaded.prepared.length, true);
  return {
    sheets: loaded.sheets,
    sheet: loaded.sheetName,
    headerRow: loaded.headerRow,
    headerRows: loaded.headerRows,
    headers: loaded.headers,
    mapping: loaded.mapping,
    rowsRead: loaded.rowsRead,
    skipped: loaded.skipped,
    problems: loaded.notice ? [loaded.notice, ...run.problems] : run.problems,
    matches: run.matches,
    counts: run.counts,
  };
}

function refusal(problems: ImportProblem[]): ApiError {
  const rows = new Set(problems.map((p) => p.row)).size;
  const first = problems[0];
  const more = problems.length > 1 ? ` 等 ${problems.length} 处` : '';
  const rowErrors: RowError[] = problems.map((p) => ({
    row: p.row,
    column: p.column ? `${p.column} 列(${p.header})` : p.header,
    field: p.field,
    message: p.message,
  }));
  return new ApiError(
    'validation',
    `有 ${rows} 行数据有误,未写入任何数据。${placeOf(first)}:${first.message}${more}。请按行号和列修改表格后重试,或选择“只导入无误的行”。`,
    undefined,
    rowErrors,
  );
}

/**
 * The same ledger over the same definition, its per-record check counted: `upsertBulk` validates every row
 * before it writes anything, and a long file must keep reporting progress through that loop too.
 */
function reportingChecks(ledger: AnyLedger, onRecord: () => void): AnyLedger {
  const { checkRecord } = ledger.def;
  return new LedgerService({
    ...ledger.def,
    checkRecord: (values, context, selfId) => {
      onRecord();
      return checkRecord(values, context, selfId);
    },
  });
}

export async function commitImport(ctx: Ctx, source: ImportSource, options: { validOnly?: boolean } = {}): Promise<ImportResult> {
  const progress = new Progress(ctx, 'import.commit');
  const stopKeepAlive = progress.keepAlive();
  try {
    return await loadAndWrite(ctx, source, progress, options);
  } finally {
    stopKeepAlive();
  }
}

async function loadAndWrite(ctx: Ctx, source: ImportSource, progress: Progress, options: { validOnly?: boolean }): Promise<ImportResult> {
  const loaded = await load(ctx, source, progress);
  const { ledger, prepared, writer } = loaded;
  if (!prepared.length) throw new ApiError('validation', `“${source.fileName}”的表头下没有可导入的数据行。`);
  const byRow = new Map(prepared.map((p) => [p.row, p]));
  const inputs: SourcedValues[] = prepared.map((p) => ({ sourceRow: p.row, values: p.input }));
  progress.report('备份工作区', 0, 1, true);
  const backupFile = (await createBackup(ctx.ws, 'import', { label: source.ledger })).path;
  progress.report('检查数据', 0, inputs.length, true);
  let checked = 0;
  const counted = reportingChecks(ledger, () => {
    checked += 1;
    if ((checked & 255) === 0) progress.report('检查数据', checked, inputs.length);
  });
  try {
    const result = await ctx.ws.db.write(async (tx) => {
      try {
        const relayed: Ctx = { ...ctx, progress: (event) => progress.relay(event) };
        return await counted.upsertBulk(relayed, tx, inputs, 'import.commit', { validOnly: options.validOnly });
      } catch (err) {
        if (err instanceof ApiError && err.code === 'validation' && err.rows?.length) throw refusal(writer.refusals(err.rows, byRow));
        throw err;
      }
    });
    progress.report('导入完成', inputs.length, inputs.length, true);
    return {
      added: result.added,
      updated: result.updated,
      unchanged: result.unchanged,
      refused: new Set(result.refused.map((r) => r.row)).size,
      refusedRows: writer.refusals(result.refused, byRow),
      skipped: loaded.skipped.length,
      backupFile,
    };
  } catch (err) {
    // Nothing was written: the copy taken for this import is not a restore point anyone needs.
    await discardBackup(ctx.ws.dir, backupFile);
    throw err;
  }
}
