/**
 * The CLI's Excel commands (electron/cli.ts dispatches to them): import with a dry run that prints every
 * problem by sheet row and column in Chinese, export of any ledger, and the blank template per ledger.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Ctx } from '../db/context';
import { ApiError } from '../db/errors';
import { blankTemplate } from '../db/io/import/blank';
import { placeOf, type ImportProblem } from '../db/io/import/problems';
import { importableLedger } from '../db/io/import/registry';
import { commitImport, previewImport, type ImportPreview, type ImportSource } from '../db/io/import/service';
import { findTemplate } from '../db/io/import/templates';
import { exportLedger } from '../db/ledger/methods';
import { LEDGERS } from '../db/ledgers';

export interface CliArgs {
  positional: string[];
  options: Record<string, string>;
}

export class CliUsageError extends Error {}

/** A flag without a value (`--dry-run`); a word the parser took as its value is given back as a positional. */
export function booleanFlag(args: CliArgs, name: string): boolean {
  const value = args.options[name];
  if (value === undefined) return false;
  if (value !== 'true') args.positional.push(value);
  return true;
}

function ledgerArg(name: string | undefined, command: string) {
  if (!name) throw new CliUsageError(`${command} 需要台账名称:${Object.keys(LEDGERS).join('、')}`);
  if (!Object.prototype.hasOwnProperty.call(LEDGERS, name)) {
    throw new CliUsageError(`没有名为“${name}”的台账;可用:${Object.keys(LEDGERS).join('、')}`);
  }
  return importableLedger(name);
}

const MAX_PRINTED = 200;

function problemLines(problems: ImportProblem[]): string[] {
  const lines = problems.slice(0, MAX_PRINTED).map((p) => {
    const tag = p.severity === 'error' ? '错误' : '提醒';
    const written = p.written ? ` 写作“${p.written}”` : '';
    const understood = p.understood !== undefined ? ` 识别为“${p.understood}”` : '';
    return `  [${tag}] ${placeOf(p)}${written}${understood}:${p.message}`;
  });
  if (problems.length > MAX_PRINTED) lines.push(`  …… 另有 ${problems.length - MAX_PRINTED} 处,请用导入对话框查看全部`);
  return lines;
}

function skippedSummary(preview: ImportPreview): string {
  const byReason = new Map<string, number>();
  for (const s of preview.skipped) {
    const reason = s.reason.startsWith('空行') ? '空行' : s.reason;
    byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
  }
  return [...byReason].map(([reason, n]) => `${reason} ${n}`).join('、');
}

function printPreview(title: string, preview: ImportPreview) {
  const errors = preview.problems.filter((p) => p.severity === 'error');
  const header = preview.headerRows === 2 ? `第 ${preview.headerRow}–${preview.headerRow + 1} 行` : `第 ${preview.headerRow} 行`;
  const { counts } = preview;
  console.log(`${title}:工作表“${preview.sheet}”,表头在${header}`);
  const skipped = skippedSummary(preview);
  console.log(`读取 ${preview.rowsRead} 行:数据 ${counts.valid + counts.refused} 行${skipped ? `,跳过 ${preview.skipped.length} 行(${skipped})` : ''}`);
  const unmapped = preview.headers.filter((h) => preview.mapping[String(h.index)] == null).map((h) => `${h.letter} 列(${h.header})`);
  if (unmapped.length) console.log(`未导入的列:${unmapped.join('、')}`);
  if (preview.problems.length) {
    console.log(`问题(错误 ${errors.length} 处,提醒 ${preview.problems.length - errors.length} 处):`);
    for (const line of problemLines(preview.problems)) console.log(line);
  }
  if (preview.matches.length) {
    console.log('建议的名称匹配(需在导入对话框中确认,或改正表格):');
    for (const m of preview.matches.slice(0, MAX_PRINTED)) console.log(`  第 ${m.row} 行 ${m.column} 列 “${m.written}” → “${m.proposedName}”(${m.reason})`);
  }
  console.log(`可导入 ${counts.valid} 行(新增 ${counts.add}、更新 ${counts.update}、不变 ${counts.unchanged}),有误 ${counts.refused} 行。`);
}

/** `import <ledger> FILE [--dry-run] [--valid-only] [--template NAME] [--sheet NAME]` */
export async function importCommand(ctx: Ctx, args: CliArgs): Promise<number> {
  const dryRunOnly = booleanFlag(args, 'dry-run');
  const validOnly = booleanFlag(args, 'valid-only');
  const [, ledgerName, file] = args.positional;
  const ledger = ledgerArg(ledgerName, 'import');
  if (!file) throw new CliUsageError('import 需要要导入的文件(.xlsx 或 .csv)');
  const source: ImportSource = { ledger: ledgerName!, fileName: basename(file), content: readFileSync(file), sheet: args.options.sheet };
  if (args.options.template) source.templateId = (await findTemplate(ctx.ws.db, ledgerName!, args.options.template)).id;
  const title = ledger.def.title;
  if (dryRunOnly) {
    const preview = await previewImport(ctx, source);
    printPreview(`${title} ← ${source.fileName}(预检,未写入)`, preview);
    const blocked = preview.counts.refused > 0 && !validOnly;
    if (blocked) console.log('有错误,导入会被拒绝。请按行号和列改正表格后重试,或加 --valid-only 只导入无误的行。');
    return blocked || preview.counts.valid === 0 ? 1 : 0;
  }
  try {
    const result = await commitImport(ctx, source, { validOnly });
    console.log(
      `已导入${title} ← ${source.fileName}:新增 ${result.added}、更新 ${result.updated}、不变 ${result.unchanged}${result.refused ? `,跳过有误的 ${result.refused} 行` : ''}。`,
    );
    if (result.refusedRows.length) for (const line of problemLines(result.refusedRows)) console.log(line);
    console.log(`导入前的备份:${result.backupFile}`);
    return 0;
  } catch (err) {
    if (!(err instanceof ApiError) || !err.rows?.length) throw err;
    console.error(err.message);
    for (const r of err.rows.slice(0, MAX_PRINTED)) console.error(`  第 ${r.row} 行${r.column ? ` ${r.column}` : ''}:${r.message}`);
    if (err.rows.length > MAX_PRINTED) console.error(`  …… 另有 ${err.rows.length - MAX_PRINTED} 处`);
    return 1;
  }
}

/** `export <ledger> --out FILE.xlsx|FILE.csv` */
export async function exportCommand(ctx: Ctx, args: CliArgs): Promise<number> {
  const ledger = ledgerArg(args.positional[1], 'export');
  const out = args.options.out;
  if (!out) throw new CliUsageError('export 需要 --out 文件.xlsx 或 文件.csv');
  const format = out.toLowerCase().endsWith('.csv') ? 'csv' : out.toLowerCase().endsWith('.xlsx') ? 'xlsx' : null;
  if (!format) throw new CliUsageError('--out 的文件名应以 .xlsx 或 .csv 结尾');
  const file = await exportLedger(ctx, ledger, {}, format);
  writeFileSync(out, file.content);
  console.log(`已导出${ledger.def.title} ${file.rows} 条 → ${resolve(out)}`);
  return 0;
}

/** `template <ledger> --out FILE.xlsx` */
export async function templateCommand(ctx: Ctx, args: CliArgs): Promise<number> {
  const name = args.positional[1];
  const ledger = ledgerArg(name, 'template');
  const out = args.options.out;
  if (!out || !out.toLowerCase().endsWith('.xlsx')) throw new CliUsageError('template 需要 --out 文件.xlsx');
  const file = await blankTemplate(ctx, name!);
  writeFileSync(out, file.content);
  console.log(`已生成${ledger.def.title}的空白导入模板 → ${resolve(out)}`);
  return 0;
}
