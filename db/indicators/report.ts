/**
 * The indicator table's progress now: the computed indicators of a period (the dashboard's own computation,
 * db/dashboard/kpis.ts) set against every linked indicator's target (the maths is in progress.ts).
 */
import type { Ctx } from '../context';
import { computeKpis } from '../dashboard/kpis';
import { previousMonth } from '../dates';
import { ApiError } from '../errors';
import { progressOf, type IndicatorProgress } from './progress';
import { indicatorTargets } from './service';

export interface ProgressInput {
  /** The day "now" is (`YYYY-MM-DD`); today by default. */
  asOf?: string;
  /** Months the computed values cover (`YYYY-MM`, inclusive); by default the 12 months ending with asOf's month. */
  from?: string;
  to?: string;
}

export interface ProgressPeriod {
  from: string;
  to: string;
  asOf: string;
}

function monthsBefore(month: string, n: number): string {
  let out = month;
  for (let i = 0; i < n; i += 1) out = previousMonth(out);
  return out;
}

/** The period progress is computed over: the input's, or the last 12 months ending with the month of `asOf`. */
export function progressPeriod(input: ProgressInput, today = new Date()): ProgressPeriod {
  const asOf = input.asOf ?? localDate(today);
  const to = input.to ?? asOf.slice(0, 7);
  const from = input.from ?? monthsBefore(to, 11);
  if (from > to) throw new ApiError('validation', `统计期间有误:起始月份 ${from} 晚于结束月份 ${to},请调整后重试`);
  return { from, to, asOf };
}

function localDate(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/** Every live indicator's progress, in the table's order, with the computed values of the period. */
export async function indicatorProgress(ctx: Ctx, input: ProgressInput): Promise<IndicatorProgress[]> {
  const period = progressPeriod(input);
  const rows = await indicatorTargets.list(ctx.ws.db);
  const kpis = rows.some((r) => r.kpiKey) ? await computeKpis(ctx.ws.db.read, period) : [];
  const byKey = new Map(kpis.map((k) => [k.key, k]));
  return rows.map((row) => progressOf(row, row.kpiKey ? (byKey.get(row.kpiKey) ?? null) : null));
}
