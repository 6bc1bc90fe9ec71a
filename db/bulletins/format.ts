/**
 * How printed documents write dates, periods, scores, ranks and shares (DOMAIN §5.1 print rules): dates in the
 * Chinese form without leading zeros (2025年11月3日), ranks as Chinese ordinals (第一名 … 第十三名, ties the same
 * ordinal), scores half-up to 2 decimals, shares with 2 decimals (占25.00%).
 */
import { round2 } from '../assessment/scoring';
import { chineseOrdinal } from '../ranking/rank';
import type { RankingRow } from '../ranking/types';
import type { TieStyle } from './types';

/** 2025-11-03 → 2025年11月3日 (GB/T 9704: Arabic numerals, the year in full, no padding zeros). */
export function chineseDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

/** 2025-10 → 2025年10月份 (the way titles name a month: 关于2025年10月份…的通报). */
export function monthTitle(month: string): string {
  return `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月份`;
}

/** A score as the bulletin prints it: 2 decimals, half-up (87.625 → 87.63). */
export function printedScore(score: number | null): string {
  return score == null ? '' : round2(score).toFixed(2);
}

/** 25 → 25.00% (a share already in percent). */
export function printedShare(percent: number): string {
  return `${round2(percent).toFixed(2)}%`;
}

/** The rank cell of a row: 第四名 (or 并列第四名) for ranked rows; empty for rows printed without a rank. */
export function printedRank(row: Pick<RankingRow, 'rank' | 'tied' | 'rankText'>, style: TieStyle): string {
  if (row.rank == null) return '';
  const ordinal = row.rankText ?? chineseOrdinal(row.rank);
  return row.tied && style === 'parallel' ? `并列${ordinal}` : ordinal;
}

/** Fen as 元 with thousands separators and 2 decimals (printed tables). */
export { formatYuan } from '../money';
