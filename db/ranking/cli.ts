/**
 * The ranking commands of the admin CLI (electron/cli.ts dispatches `rank` and `scores import` here):
 *
 *   rank --period P --category C [--unit-type T] [--source internal|external] --format json|csv
 *     prints the ranking, one object per unit: {unit, score, scoreRounded, rank, tied, ranked, grade, publishedRank,
 *     rankMismatch, moneyDeductionFen}. It prints the stored run of the key (the approved one, else the draft);
 *     with none stored it ranks the locked months now without storing anything.
 *   scores import FILE --period P --category C [--unit-type T] [--sheet S] [--create-units]
 *     imports an external score table; prints every problem by sheet row and column first.
 *
 * Returns the text to print and the exit code; the CLI prints it.
 */
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Ctx } from '../context';
import { ApiError } from '../errors';
import { exportTable } from '../io/export';
import { placeOf } from '../io/import/problems';
import { importExternalScores, previewExternalScores } from './external';
import { parsePeriod } from './period';
import { getRun, listRuns, previewRun } from './runs';
import { schemeCategory } from './sources';
import type { ExternalScoresPreview, RankingRow, RankingRun, RankUnitType } from './types';
import { UNIT_TYPE_LABELS } from './vocabulary';

export interface CliOutput {
  stdout: string;
  stderr: string;
  code: number;
}

export const UNIT_TYPES = Object.keys(UNIT_TYPE_LABELS) as RankUnitType[];

/** One unit as `rank` prints it. */
export interface RankLine {
  unit: string;
  score: number | null;
  scoreRounded: number | null;
  rank: number | null;
  tied: boolean;
  ranked: boolean;
  grade: string | null;
  publishedRank: number | null;
  rankMismatch: boolean | null;
  moneyDeductionFen: number | null;
}

export function rankLine(r: RankingRow): RankLine {
  return {
    unit: r.unitName,
    score: r.score,
    scoreRounded: r.scoreRounded,
    rank: r.rank,
    tied: r.tied,
    ranked: r.ranked,
    grade: r.grade,
    publishedRank: r.publishedRank,
    rankMismatch: r.rankMismatch,
    moneyDeductionFen: r.moneyDeductionFen,
  };
}

/** The run `rank` prints: the key's approved run, else its newest draft; else computed now (not stored). */
async function runFor(ctx: Ctx, input: { period: string; category: string; unitType?: RankUnitType; source?: 'internal' | 'external' }): Promise<RankingRun> {
  const period = parsePeriod(input.period).period;
  const key = schemeCategory(input.category) ?? input.category.normalize('NFKC').trim();
  const runs = (await listRuns(ctx.ws.db.read, { period, category: key, unitType: input.unitType, source: input.source })).filter((r) => r.status !== 'superseded');
  const chosen = runs.find((r) => r.status === 'approved') ?? runs[0];
  if (chosen) return getRun(ctx.ws.db.read, chosen.id);
  if (input.source === 'external' || !schemeCategory(input.category)) {
    throw new ApiError('validation', `没有 ${period}“${input.category}”的外部成绩表。请先导入:npm run cli -- scores import 文件 --period ${period} --category ${input.category}`);
  }
  return previewRun(ctx, { period, category: key, unitType: input.unitType });
}

export async function rankCommand(
  ctx: Ctx,
  input: { period: string; category: string; unitType?: RankUnitType; source?: 'internal' | 'external'; format: 'json' | 'csv' },
): Promise<CliOutput> {
  const run = await runFor(ctx, input);
  const lines = run.rows.map(rankLine);
  const what = `${run.period} ${run.categoryLabel} 按${UNIT_TYPE_LABELS[run.unitType]}排名(${run.source === 'external' ? `外部成绩表 ${run.fileName ?? ''}` : '系统计算'},${run.id ? `排名编号 ${run.id},${{ draft: '草稿', approved: '已批准', superseded: '已被取代' }[run.status]}` : '试算,未保存'}):${run.counts.ranked} 个单位参与排名${run.counts.rankMismatches ? `,${run.counts.rankMismatches} 行公布名次与计算不符` : ''}`;
  if (input.format === 'json') return { stdout: `${JSON.stringify(lines, null, 2)}\n`, stderr: `${what}\n`, code: 0 };
  const keys: Array<keyof RankLine> = ['unit', 'score', 'scoreRounded', 'rank', 'tied', 'ranked', 'grade', 'publishedRank', 'rankMismatch', 'moneyDeductionFen'];
  const file = await exportTable(
    lines as unknown as Record<string, unknown>[],
    keys.map((k) => ({ header: k, value: (row) => (row[k] == null ? null : typeof row[k] === 'boolean' ? String(row[k]) : (row[k] as string | number)) })),
    { title: '排名', district: '', format: 'csv' },
  );
  // The file's BOM is for Excel opening a saved file; a terminal or a pipe reads plain UTF-8.
  return { stdout: file.content.toString('utf8').replace(/^\uFEFF/, ''), stderr: `${what}\n`, code: 0 };
}

function problemLines(preview: ExternalScoresPreview): string[] {
  return preview.problems.slice(0, 200).map((p) => {
    return `  [${p.severity === 'error' ? '错误' : '提醒'}] ${placeOf(p)}${p.written ? ` 写作“${p.written}”` : ''}:${p.message}`;
  });
}

export async function scoresImportCommand(
  ctx: Ctx,
  input: { file: string; period: string; category: string; unitType?: RankUnitType; sheet?: string; createUnits: boolean; dryRun?: boolean },
): Promise<CliOutput> {
  const path = resolve(input.file);
  let content: Buffer;
  try {
    content = readFileSync(path);
  } catch {
    throw new ApiError('validation', `读不到文件“${input.file}”,请检查路径`);
  }
  const source = { fileName: basename(path), content, sheet: input.sheet, period: input.period, category: input.category, unitType: input.unitType };
  const preview = await previewExternalScores(ctx, source);
  const out: string[] = [];
  const header = preview.headerRows === 2 ? `第 ${preview.headerRow}–${preview.headerRow + 1} 行` : `第 ${preview.headerRow} 行`;
  out.push(`外部成绩表:工作表“${preview.sheet}”,表头在${header};${preview.counts.rows} 个单位(按${UNIT_TYPE_LABELS[preview.unitType]}对应),对应到本区 ${preview.counts.matched} 个`);
  if (preview.columns.components.length) out.push(`分项列:${preview.columns.components.map((c) => `${c.letter} 列(${c.header})`).join('、')}`);
  if (preview.problems.length) {
    out.push(`问题(错误 ${preview.counts.errors} 处,提醒 ${preview.counts.warnings} 处):`);
    out.push(...problemLines(preview));
  }
  if (input.dryRun) return { stdout: `${out.join('\n')}\n`, stderr: '', code: preview.counts.errors ? 1 : 0 };
  try {
    const run = await importExternalScores(ctx, { ...source, createUnits: input.createUnits });
    const created = run.rows.filter((r) => r.externalUnitId != null).length;
    out.push(
      `已导入:排名编号 ${run.id}(外部,草稿),${run.rows.length} 个单位,${run.counts.ranked} 个参与排名;公布名次与计算不符 ${run.counts.rankMismatches} 行,总分与分项之和不符 ${run.counts.componentSumMismatches} 行${created ? `;外部单位 ${created} 个` : ''}。`,
    );
    out.push(`查看排名:npm run cli -- rank --period ${run.period} --category ${run.category} --unit-type ${run.unitType} --format json`);
    return { stdout: `${out.join('\n')}\n`, stderr: '', code: 0 };
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    return { stdout: `${out.join('\n')}\n`, stderr: `${err.message}\n`, code: 1 };
  }
}
