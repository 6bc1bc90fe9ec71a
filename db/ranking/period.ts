/**
 * Ranking periods (DOMAIN §2.8 Period, §3.6, §3.9): a month `2025-10`, a round of months `2025-10~2025-11`
 * (two-month rounds, 第三轮), a quarter `2025-Q4`, a year `2025`. A quarter is the mean of its months, a year
 * the mean of its quarters (each the mean of its months), a round the mean of its months.
 */
import { ApiError } from '../errors';
import { chineseNumber } from './rank';
import type { Period, PeriodKind } from './types';

export const PERIOD_PATTERN = /^\d{4}(-(0[1-9]|1[0-2])(~\d{4}-(0[1-9]|1[0-2]))?|-Q[1-4])?$/;
export const PERIOD_MESSAGE = '应为 2025-10(月)、2025-10~2025-11(轮次)、2025-Q4(季度)或 2025(年度)';

export interface ParsedPeriod {
  period: Period;
  kind: PeriodKind;
  /** Every month of the period, in order. */
  months: string[];
  /** Months grouped the way the period averages them: one group per quarter for a year, one group otherwise. */
  groups: string[][];
  /** 2025年10月 · 2025年10—11月 · 2025年第四季度 · 2025年度 */
  label: string;
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = nextMonth(m)) out.push(m);
  return out;
}

function quarterMonths(year: string, q: number): string[] {
  return [1, 2, 3].map((k) => `${year}-${String((q - 1) * 3 + k).padStart(2, '0')}`);
}

const monthLabel = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5))}月`;

/** The period as written (validated), its kind, months and Chinese label; refuses what is not a period. */
export function parsePeriod(raw: string): ParsedPeriod {
  const period = raw.trim();
  if (!PERIOD_PATTERN.test(period)) throw new ApiError('validation', `期间“${raw}”无法识别:${PERIOD_MESSAGE}`, { period: PERIOD_MESSAGE });
  if (/^\d{4}$/.test(period)) {
    const groups = [1, 2, 3, 4].map((q) => quarterMonths(period, q));
    return { period, kind: 'year', months: groups.flat(), groups, label: `${period}年度` };
  }
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  if (quarter) {
    const months = quarterMonths(quarter[1], Number(quarter[2]));
    return { period, kind: 'quarter', months, groups: [months], label: `${quarter[1]}年第${chineseNumber(Number(quarter[2]))}季度` };
  }
  const [from, to] = period.split('~');
  if (!to) return { period, kind: 'month', months: [from], groups: [[from]], label: monthLabel(from) };
  if (to <= from) {
    throw new ApiError('validation', `轮次“${period}”的结束月份应晚于开始月份(如 2025-10~2025-11)`, { period: '结束月份应晚于开始月份' });
  }
  const span = (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5)) - Number(from.slice(5)) + 1;
  if (span > 12) throw new ApiError('validation', `轮次“${period}”跨 ${span} 个月,最多 12 个月;整年请写 ${from.slice(0, 4)}`, { period: '轮次最多 12 个月' });
  const months = monthsBetween(from, to);
  const label = from.slice(0, 4) === to.slice(0, 4) ? `${monthLabel(from)}—${Number(to.slice(5))}月` : `${monthLabel(from)}—${monthLabel(to)}`;
  return { period, kind: 'round', months, groups: [months], label };
}
