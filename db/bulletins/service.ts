/**
 * Bulletins (通报, DOMAIN §2.9, §4.2–4.3): drafted by a supervisor from an APPROVED ranking run, edited before
 * issue, issued by a manager. Issuing renders the PDF, and stores its bytes with their sha256 together with the
 * frozen content (the fields and the run as printed) in the workspace file; from then on the row never changes
 * (the service refuses, and so do the table's triggers). A correction after issue (a new run that supersedes the
 * printed one) gets a 更正通报 that cites the original number; the original stays in the archive.
 */
import { createHash } from 'node:crypto';
import { appendAudit } from '../audit/audit';
import { listCorrections } from '../assessment/corrections';
import { isIsoDate } from '../assessment/scheme';
import type { Ctx } from '../context';
import { ApiError, validationError, type FieldErrors } from '../errors';
import { localToday } from '../estates/rules';
import { parsePeriod } from '../ranking/period';
import { getRun } from '../ranking/runs';
import type { RankingRow, RankingRun } from '../ranking/types';
import type { Database, Tx } from '../sqlite';
import { normalizeText } from '../text';
import { bulletinDefaults, correctionDefaults, headerDefaults, type HeaderFields } from './defaults';
import { bulletinHtml, rankTextOf } from './document';
import { chineseDate, printedScore } from './format';
import { renderPdf } from './pdf';
import type { Bulletin, BulletinFields, BulletinKind, BulletinStatus, BulletinSummary, CorrectionCitation, PrintableDocument } from './types';

export const FIELD_LABELS: Record<keyof BulletinFields, string> = {
  orgName: '发文机关',
  docNumber: '文号',
  title: '标题',
  recipients: '主送',
  intro: '开头',
  overview: '考核总体情况',
  rankingLead: '排名说明',
  showComponents: '列出分项得分',
  showGrade: '列出等级',
  listNotInspected: '列出未检查的单位',
  tieStyle: '并列名次写法',
  problems: '存在的主要问题',
  requirements: '下一步工作要求',
  attachments: '附件',
  issuer: '署名',
  issueDate: '成文日期',
  disclosure: '附注',
  cc: '抄送',
  printedBy: '印发机关',
  printDate: '印发日期',
};

/** Texts printed on one line (a line break there would break the layout). */
const SINGLE_LINE: Array<keyof BulletinFields> = ['orgName', 'docNumber', 'title', 'recipients', 'issuer', 'disclosure', 'cc', 'printedBy'];
const MULTI_LINE: Array<keyof BulletinFields> = ['intro', 'overview', 'rankingLead', 'problems', 'requirements'];

interface BulletinRecord {
  id: number;
  kind: BulletinKind;
  status: BulletinStatus;
  runId: number;
  runStatus: string;
  period: string;
  category: string;
  unitType: string;
  title: string;
  docNumber: string | null;
  correctsId: number | null;
  correctsDocNumber: string | null;
  correctedById: number | null;
  correctedByDocNumber: string | null;
  categoryLabel: string;
  fields: string;
  run: string;
  version: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  issuedAt: string | null;
  issuedBy: string | null;
  pdfSha256: string | null;
  pdfSize: number | null;
  pdfPages: number | null;
}

const SELECT_BULLETIN = `
SELECT b.id, b.kind, b.status, b.run_id AS runId, r.status AS runStatus, b.period, b.category, b.unit_type AS unitType, b.title,
       b.doc_number AS docNumber, b.corrects_id AS correctsId, o.doc_number AS correctsDocNumber,
       c.id AS correctedById, c.doc_number AS correctedByDocNumber, b.run ->> '$.categoryLabel' AS categoryLabel,
       b.fields, b.run, b.version, b.created_at AS createdAt, cu.name AS createdBy, b.updated_at AS updatedAt,
       b.issued_at AS issuedAt, iu.name AS issuedBy, b.pdf_sha256 AS pdfSha256, b.pdf_size AS pdfSize, b.pdf_pages AS pdfPages
  FROM bulletins b
  JOIN ranking_runs r ON r.id = b.run_id
  JOIN users cu ON cu.id = b.created_by
  LEFT JOIN users iu ON iu.id = b.issued_by
  LEFT JOIN bulletins o ON o.id = b.corrects_id
  LEFT JOIN bulletins c ON c.id = (SELECT x.id FROM bulletins x WHERE x.corrects_id = b.id AND x.status = 'issued' ORDER BY x.issued_at DESC LIMIT 1)`;

function summaryOf(r: BulletinRecord): BulletinSummary {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    runId: r.runId,
    period: r.period,
    periodLabel: parsePeriod(r.period).label,
    category: r.category,
    categoryLabel: r.categoryLabel,
    unitType: r.unitType,
    title: r.title,
    docNumber: r.docNumber,
    correctsId: r.correctsId,
    correctsDocNumber: r.correctsDocNumber,
    correctedBy: r.correctedById != null ? { id: r.correctedById, docNumber: r.correctedByDocNumber! } : null,
    version: r.version,
    createdAt: r.createdAt,
    createdBy: r.createdBy,
    updatedAt: r.updatedAt,
    issuedAt: r.issuedAt,
    issuedBy: r.issuedBy,
    pdfSha256: r.pdfSha256,
    pdfSize: r.pdfSize,
    pdfPages: r.pdfPages,
  };
}

async function readRecord(tx: Tx, id: number): Promise<BulletinRecord> {
  const row = await tx.get<BulletinRecord>(`${SELECT_BULLETIN} WHERE b.id = ?`, [id]);
  if (!row) throw new ApiError('not_found', `通报(编号 ${id})不存在或草稿已删除`);
  return row;
}

/** A row's identity across two runs of the same ranking: its unit, or its name for units known only by name. */
function rowKey(row: RankingRow): string {
  if (row.unitId != null) return `${row.unitType}:${row.unitId}`;
  if (row.externalUnitId != null) return `x:${row.externalUnitId}`;
  return `n:${row.unitName}`;
}

/** What a correction bulletin cites: the original and every unit whose printed score or rank changed. */
function citationOf(original: BulletinRecord, run: RankingRun): CorrectionCitation {
  const fields = JSON.parse(original.fields) as BulletinFields;
  const before = (JSON.parse(original.run) as RankingRun).rows;
  const beforeByKey = new Map(before.map((r) => [rowKey(r), r]));
  const afterByKey = new Map(run.rows.map((r) => [rowKey(r), r]));
  const printed = (row: RankingRow | undefined) => ({ score: row?.score ?? null, rankText: rankTextOf(row, fields.tieStyle) });
  const changes: CorrectionCitation['changes'] = [];
  const keys = [...run.rows.map(rowKey), ...before.map(rowKey).filter((k) => !afterByKey.has(k))];
  for (const key of keys) {
    const a = printed(beforeByKey.get(key));
    const b = printed(afterByKey.get(key));
    const same = beforeByKey.has(key) && afterByKey.has(key) && printedScore(a.score) === printedScore(b.score) && a.rankText === b.rankText;
    if (same) continue;
    const unitName = (afterByKey.get(key) ?? beforeByKey.get(key))!.unitName;
    changes.push({ unitName, before: { score: a.score, rankText: a.rankText }, after: { score: b.score, rankText: b.rankText } });
  }
  return { bulletinId: original.id, docNumber: original.docNumber!, title: original.title, issueDate: fields.issueDate, runId: original.runId, changes };
}

/** The number after the last one issued in the same year (a new year starts at 1); null before the first. */
async function suggestDocNumber(tx: Tx, year: string): Promise<string | null> {
  const last = await tx.get<{ docNumber: string }>("SELECT doc_number AS docNumber FROM bulletins WHERE status = 'issued' ORDER BY issued_at DESC, id DESC LIMIT 1");
  const m = last && /^(.*)〔(\d{4})〕(\d+)号$/.exec(last.docNumber);
  if (!m) return null;
  return `${m[1]}〔${year}〕${m[2] === year ? Number(m[3]) + 1 : 1}号`;
}

async function toBulletin(tx: Tx, r: BulletinRecord): Promise<Bulletin> {
  const run = JSON.parse(r.run) as RankingRun;
  const fields = JSON.parse(r.fields) as BulletinFields;
  const correction = r.correctsId != null ? citationOf(await readRecord(tx, r.correctsId), run) : null;
  const suggestedDocNumber = r.status === 'draft' ? await suggestDocNumber(tx, fields.issueDate.slice(0, 4)) : null;
  return { ...summaryOf(r), fields, run, correction, runCurrent: r.runStatus === 'approved', suggestedDocNumber };
}

export async function getBulletin(db: Database | Tx, id: number): Promise<Bulletin> {
  const read = 'read' in db ? db.read : db;
  return toBulletin(read, await readRecord(read, id));
}

export interface BulletinFilter {
  status?: BulletinStatus;
  period?: string;
  runId?: number;
}

export async function listBulletins(read: Tx, filter: BulletinFilter = {}): Promise<BulletinSummary[]> {
  const where: string[] = [];
  const params: Array<string | number> = [];
  if (filter.status) {
    where.push('b.status = ?');
    params.push(filter.status);
  }
  if (filter.period) {
    where.push('b.period = ?');
    params.push(filter.period);
  }
  if (filter.runId) {
    where.push('b.run_id = ?');
    params.push(filter.runId);
  }
  const rows = await read.all<BulletinRecord>(
    `${SELECT_BULLETIN} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY b.status = 'issued', coalesce(b.issued_at, b.updated_at) DESC, b.id DESC`,
    params,
  );
  return rows.map(summaryOf);
}

/** The runs a run replaced, newest first (a correction may itself be corrected). */
async function supersededChain(tx: Tx, runId: number): Promise<number[]> {
  const chain: number[] = [];
  let id: number | null = runId;
  while (id != null && chain.length < 100) {
    const row: { supersedesId: number | null } | undefined = await tx.get('SELECT supersedes_id AS supersedesId FROM ranking_runs WHERE id = ?', [id]);
    id = row?.supersedesId ?? null;
    if (id != null) chain.push(id);
  }
  return chain;
}

/** The issuing office as the last bulletin named it (for printouts without a bulletin of their own). */
export async function officeName(ctx: Ctx): Promise<string> {
  const last = await ctx.ws.db.read.get<{ orgName: string }>("SELECT fields ->> '$.orgName' AS orgName FROM bulletins ORDER BY status = 'issued' DESC, id DESC LIMIT 1");
  return last?.orgName || headerDefaults(ctx.ws.name, 'contractor').orgName;
}

/** The header lines of the office's last bulletin, so next month's draft starts where this month's ended. */
async function lastHeader(tx: Tx, ctx: Ctx, run: RankingRun): Promise<HeaderFields> {
  const defaults = headerDefaults(ctx.ws.name, run.unitType);
  const last = await tx.get<{ fields: string; unitType: string }>(
    "SELECT fields, unit_type AS unitType FROM bulletins ORDER BY status = 'issued' DESC, id DESC LIMIT 1",
  );
  if (!last) return defaults;
  const f = JSON.parse(last.fields) as BulletinFields;
  return {
    orgName: f.orgName || defaults.orgName,
    recipients: last.unitType === run.unitType && f.recipients ? f.recipients : defaults.recipients,
    issuer: f.issuer || defaults.issuer,
    cc: f.cc,
    printedBy: f.printedBy || defaults.printedBy,
    disclosure: f.disclosure,
  };
}

/** Why the run was corrected, in the words of the latest correction of its months (the draft's default). */
async function correctionReason(tx: Tx, run: RankingRun): Promise<string> {
  for (const month of [...parsePeriod(run.period).months].reverse()) {
    const corrections = await listCorrections(tx, { month });
    const last = corrections[corrections.length - 1];
    if (last) return `因${last.reasonLabel}(${last.reasonText.replace(/[。.]$/, '')}),部分单位的考核得分和排名有误`;
  }
  return '部分单位的考核得分和排名有误';
}

function runRefusal(run: Pick<RankingRun, 'id' | 'status' | 'supersededById'>): string | null {
  if (run.status === 'draft') return `排名(编号 ${run.id})还是草稿:请分管领导先在“月度排名”中批准,再生成通报`;
  if (run.status === 'superseded') {
    return `排名(编号 ${run.id})已被更正后的排名${run.supersededById ? `(编号 ${run.supersededById})` : ''}取代:请按新排名生成通报;原通报已签发的,生成更正通报`;
  }
  return null;
}

/**
 * A new draft printed from `runId`; with `correctsId`, a 更正通报 of that issued bulletin (the run must be the
 * approved correction of the bulletin's run).
 */
export async function createBulletin(ctx: Ctx, input: { runId: number; correctsId?: number | null }): Promise<Bulletin> {
  const run = await getRun(ctx.ws.db.read, input.runId);
  const refusal = runRefusal(run);
  if (refusal) throw validationError({ runId: refusal }, { runId: '排名' });
  const id = await ctx.ws.db.write(async (tx) => {
    const existing = await tx.get<{ id: number; status: BulletinStatus; docNumber: string | null }>(
      "SELECT id, status, doc_number AS docNumber FROM bulletins WHERE run_id = ? AND kind = ? ORDER BY status = 'issued' DESC LIMIT 1",
      [run.id, input.correctsId ? 'correction' : 'bulletin'],
    );
    if (existing) {
      throw validationError(
        {
          runId:
            existing.status === 'issued'
              ? `已按此排名签发了通报 ${existing.docNumber}:已签发的通报不能重发;如排名有误,请更正后生成更正通报`
              : `此排名已有通报草稿(编号 ${existing.id}):请在“通报”中继续编辑该草稿`,
        },
        { runId: '排名' },
      );
    }
    const chain = await supersededChain(tx, run.id);
    const today = localToday();
    let fields: BulletinFields;
    let kind: BulletinKind = 'bulletin';
    if (input.correctsId) {
      const original = await readRecord(tx, input.correctsId);
      if (original.status !== 'issued') {
        throw validationError({ correctsId: `通报(编号 ${original.id})还未签发:未签发的草稿直接修改即可,不需要更正通报` }, { correctsId: '原通报' });
      }
      if (!chain.includes(original.runId)) {
        throw validationError(
          { correctsId: `排名(编号 ${run.id})不是通报 ${original.docNumber} 所依据排名(编号 ${original.runId})的更正:请选择取代了原排名的新排名` },
          { correctsId: '原通报' },
        );
      }
      kind = 'correction';
      fields = correctionDefaults(run, JSON.parse(original.fields) as BulletinFields, citationOf(original, run), await correctionReason(tx, run), today);
    } else {
      if (chain.length) {
        const issued = await tx.get<{ id: number; docNumber: string }>(
          `SELECT id, doc_number AS docNumber FROM bulletins WHERE status = 'issued' AND run_id IN (${chain.map(() => '?').join(',')}) ORDER BY issued_at DESC LIMIT 1`,
          chain,
        );
        if (issued) {
          throw validationError(
            { runId: `此排名更正了已签发通报 ${issued.docNumber} 所依据的排名:请生成引用原文号的更正通报,而不是另发一份通报` },
            { runId: '排名' },
          );
        }
      }
      fields = bulletinDefaults(run, await lastHeader(tx, ctx, run), today);
    }
    const now = new Date().toISOString();
    const { lastID } = await tx.run(
      `INSERT INTO bulletins (kind, status, run_id, period, category, unit_type, corrects_id, title, doc_number, fields, run, version,
                              created_at, created_by, updated_at, updated_by)
       VALUES (?, 'draft', ?, ?, ?, ?, ?, ?, NULL, ?, ?, 1, ?, ?, ?, ?)`,
      [kind, run.id, run.period, run.category, run.unitType, input.correctsId ?? null, fields.title, JSON.stringify(fields), JSON.stringify(run), now, ctx.user.id, now, ctx.user.id],
    );
    await appendAudit(tx, ctx.user, {
      method: 'bulletins.create',
      entity: 'bulletin',
      entityId: lastID,
      after: { kind, runId: run.id, correctsId: input.correctsId ?? null, title: fields.title },
    });
    return lastID;
  });
  return getBulletin(ctx.ws.db, id);
}

/** 示城管[2025]12号, 示城管(2025)12号 → 示城管〔2025〕12号 (GB/T 9704: 年份用六角括号). */
export function normalizeDocNumber(text: string): string {
  return normalizeText(text)
    .replace(/\s+/g, '')
    .replace(/[[(【〔［(]\s*(\d{4})\s*[\])】〕］)]/, '〔$1〕');
}

const DOC_NUMBER = /^\S+〔\d{4}〕\d+号$/;

function issuedRefusal(r: Pick<BulletinRecord, 'docNumber' | 'issuedAt'>): ApiError {
  return new ApiError(
    'validation',
    `通报 ${r.docNumber} 已于 ${chineseDate((r.issuedAt ?? '').slice(0, 10))}签发,存档后不能修改或删除。如内容有误,请更正排名后生成“更正通报”。`,
  );
}

function conflict(r: BulletinRecord): ApiError {
  return new ApiError('conflict', `该通报已被其他用户修改(${r.updatedAt.slice(0, 16).replace('T', ' ')}),请刷新后重试`);
}

/** The edited fields, normalised; refuses dates that are not dates and texts with line breaks where one line is printed. */
function cleanFields(patch: Partial<BulletinFields>): Partial<BulletinFields> {
  const out: Partial<BulletinFields> = {};
  const errors: FieldErrors = {};
  for (const [key, value] of Object.entries(patch) as Array<[keyof BulletinFields, unknown]>) {
    if (value === undefined) continue;
    if (SINGLE_LINE.includes(key)) {
      const text = normalizeText(String(value));
      (out as Record<string, unknown>)[key] = key === 'docNumber' ? normalizeDocNumber(text) : text;
    } else if (MULTI_LINE.includes(key)) {
      (out as Record<string, unknown>)[key] = String(value)
        .split(/\r?\n/)
        .map((line) => normalizeText(line))
        .filter(Boolean)
        .join('\n');
    } else if (key === 'attachments') {
      out.attachments = (value as string[]).map((a) => normalizeText(a)).filter(Boolean);
    } else if (key === 'issueDate' || key === 'printDate') {
      const date = String(value).trim();
      if (!isIsoDate(date)) errors[key] = `“${date}”不是日期,请写成 2025-11-03`;
      else out[key] = date;
    } else {
      (out as Record<string, unknown>)[key] = value;
    }
  }
  if (Object.keys(errors).length) throw validationError(errors, FIELD_LABELS);
  return out;
}

export async function updateBulletin(ctx: Ctx, input: { id: number; version: number; fields: Partial<BulletinFields> }): Promise<Bulletin> {
  const patch = cleanFields(input.fields);
  await ctx.ws.db.write(async (tx) => {
    const r = await readRecord(tx, input.id);
    if (r.status === 'issued') throw issuedRefusal(r);
    if (r.version !== input.version) throw conflict(r);
    const before = JSON.parse(r.fields) as BulletinFields;
    const after = { ...before, ...patch };
    const changed = (Object.keys(patch) as Array<keyof BulletinFields>).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    if (!changed.length) return;
    await tx.run(
      `UPDATE bulletins SET fields = ?, title = ?, version = version + 1, updated_at = ?, updated_by = ? WHERE id = ? AND version = ?`,
      [JSON.stringify(after), after.title, new Date().toISOString(), ctx.user.id, r.id, r.version],
    );
    await appendAudit(tx, ctx.user, {
      method: 'bulletins.update',
      entity: 'bulletin',
      entityId: r.id,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, after[k]])),
    });
  });
  return getBulletin(ctx.ws.db, input.id);
}

export async function deleteBulletin(ctx: Ctx, input: { id: number; version: number }): Promise<{ id: number }> {
  await ctx.ws.db.write(async (tx) => {
    const r = await readRecord(tx, input.id);
    if (r.status === 'issued') throw issuedRefusal(r);
    if (r.version !== input.version) throw conflict(r);
    await tx.run('DELETE FROM bulletins WHERE id = ?', [r.id]);
    await appendAudit(tx, ctx.user, { method: 'bulletins.delete', entity: 'bulletin', entityId: r.id, before: { title: r.title, runId: r.runId } });
  });
  return { id: input.id };
}

/** What must be filled in before a bulletin goes out, field by field. */
function issueErrors(fields: BulletinFields): FieldErrors {
  const errors: FieldErrors = {};
  if (!fields.docNumber) errors.docNumber = '请填写文号,如 示城管〔2025〕12号';
  else if (!DOC_NUMBER.test(fields.docNumber)) errors.docNumber = `“${fields.docNumber}”不是文号的写法:应为 机关代字〔年份〕序号号,如 示城管〔2025〕12号`;
  for (const key of ['orgName', 'title', 'recipients', 'issuer', 'printedBy'] as const) {
    if (!fields[key].trim()) errors[key] = `请填写${FIELD_LABELS[key]}`;
  }
  if (fields.printDate < fields.issueDate) errors.printDate = `印发日期(${chineseDate(fields.printDate)})不能早于成文日期(${chineseDate(fields.issueDate)})`;
  return errors;
}

/** Issues a draft: checks, renders the PDF, stores bytes + sha256 + the frozen content in one transaction. */
export async function issueBulletin(ctx: Ctx, input: { id: number; version: number }): Promise<Bulletin> {
  const read = ctx.ws.db.read;
  const draft = await getBulletin(read, input.id);
  if (draft.status === 'issued') throw issuedRefusal(draft);
  if (draft.version !== input.version) throw conflict(await readRecord(read, input.id));
  const errors = issueErrors(draft.fields);
  if (Object.keys(errors).length) throw validationError(errors, FIELD_LABELS);
  const run = await getRun(read, draft.runId);
  const refusal = runRefusal(run);
  if (refusal) throw validationError({ runId: `不能签发:${refusal}` }, { runId: '排名' });
  const taken = await read.get<{ id: number; title: string; issuedAt: string }>(
    "SELECT id, title, issued_at AS issuedAt FROM bulletins WHERE status = 'issued' AND doc_number = ?",
    [draft.fields.docNumber],
  );
  const takenMessage = (t: { title: string; issuedAt: string }) =>
    `文号 ${draft.fields.docNumber} 已用于《${t.title}》(${chineseDate(t.issuedAt.slice(0, 10))}签发),请换一个文号`;
  if (taken) throw validationError({ docNumber: takenMessage(taken) }, FIELD_LABELS);

  // Rendered before the write transaction: a PDF takes a moment, and other writers must not wait for it.
  const html = bulletinHtml({ kind: draft.kind, status: 'issued', fields: draft.fields, run: draft.run, correction: draft.correction });
  const rendered = await renderPdf(html);

  await ctx.ws.db.write(async (tx) => {
    const r = await readRecord(tx, input.id);
    if (r.status === 'issued') throw issuedRefusal(r);
    if (r.version !== draft.version) throw conflict(r);
    const again = await tx.get<{ id: number; title: string; issuedAt: string }>(
      "SELECT id, title, issued_at AS issuedAt FROM bulletins WHERE status = 'issued' AND doc_number = ?",
      [draft.fields.docNumber],
    );
    if (again) throw validationError({ docNumber: takenMessage(again) }, FIELD_LABELS);
    const now = new Date().toISOString();
    await tx.run(
      `UPDATE bulletins SET status = 'issued', doc_number = ?, title = ?, fields = ?, run = ?, version = version + 1, updated_at = ?, updated_by = ?,
                            issued_at = ?, issued_by = ?, pdf = ?, pdf_sha256 = ?, pdf_size = ?, pdf_pages = ?
        WHERE id = ? AND status = 'draft'`,
      [
        draft.fields.docNumber,
        draft.fields.title,
        JSON.stringify(draft.fields),
        JSON.stringify(draft.run),
        now,
        ctx.user.id,
        now,
        ctx.user.id,
        rendered.pdf,
        rendered.sha256,
        rendered.pdf.length,
        rendered.pages || null,
        r.id,
      ],
    );
    await appendAudit(tx, ctx.user, {
      method: 'bulletins.issue',
      entity: 'bulletin',
      entityId: r.id,
      before: { status: 'draft' },
      after: {
        status: 'issued',
        docNumber: draft.fields.docNumber,
        title: draft.fields.title,
        runId: draft.runId,
        correctsId: draft.correctsId,
        pdfSha256: rendered.sha256,
        pdfSize: rendered.pdf.length,
        pdfPages: rendered.pages,
      },
    });
  });
  return getBulletin(ctx.ws.db, input.id);
}

function fileNameOf(b: Pick<Bulletin, 'status' | 'title' | 'docNumber'>): string {
  const base = b.status === 'issued' ? `${b.docNumber} ${b.title}` : `${b.title}(草稿)`;
  return `${base.replace(/[\\/:*?"<>|]/g, '_')}.pdf`;
}

/** The printable HTML of a bulletin (the print preview): the frozen content once issued. */
export async function bulletinDocument(db: Database, id: number): Promise<PrintableDocument> {
  const b = await getBulletin(db, id);
  return {
    title: b.fields.title,
    fileName: fileNameOf(b),
    html: bulletinHtml({ kind: b.kind, status: b.status, fields: b.fields, run: b.run, correction: b.correction }),
  };
}

export interface BulletinPdf {
  fileName: string;
  mimeType: 'application/pdf';
  base64: string;
  sha256: string;
  size: number;
  pages: number | null;
  /** true: the archived bytes of an issued bulletin; false: a draft rendered now. */
  archived: boolean;
}

/** An issued bulletin's archived PDF (checked against its sha256), or a draft rendered now (marked 草稿). */
export async function bulletinPdf(db: Database, id: number): Promise<BulletinPdf> {
  const b = await getBulletin(db, id);
  if (b.status === 'issued') {
    const row = (await db.read.get<{ pdf: Buffer }>('SELECT pdf FROM bulletins WHERE id = ?', [id]))!;
    const sha256 = createHash('sha256').update(row.pdf).digest('hex');
    if (sha256 !== b.pdfSha256) {
      throw new ApiError('workspace', `通报 ${b.docNumber} 存档的 PDF 与签发时登记的校验值不符,文件可能已损坏。请从备份恢复工作区。`);
    }
    return { fileName: fileNameOf(b), mimeType: 'application/pdf', base64: row.pdf.toString('base64'), sha256, size: row.pdf.length, pages: b.pdfPages, archived: true };
  }
  const rendered = await renderPdf(bulletinHtml({ kind: b.kind, status: b.status, fields: b.fields, run: b.run, correction: b.correction }));
  return {
    fileName: fileNameOf(b),
    mimeType: 'application/pdf',
    base64: rendered.pdf.toString('base64'),
    sha256: rendered.sha256,
    size: rendered.pdf.length,
    pages: rendered.pages || null,
    archived: false,
  };
}
