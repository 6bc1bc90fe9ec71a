/**
 * Contract and section arithmetic (DOMAIN §2.4): section numbers written in Chinese numerals, the service
 * term in years, the default monthly fee, and the annual × years ≈ total check.
 */
import { normalizeCode, normalizeText } from '../text';

const NUMERAL_DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 壹: 1, 二: 2, 贰: 2, 两: 2, 三: 3, 叁: 3, 四: 4, 肆: 4,
  五: 5, 伍: 5, 六: 6, 陆: 6, 七: 7, 柒: 7, 八: 8, 捌: 8, 九: 9, 玖: 9,
};
const NUMERAL_UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100 };
const NUMERAL = '[零〇一壹二贰两三叁四肆五伍六陆七柒八捌九玖十拾百佰]+';

/** 一 → 1, 十二 → 12, 二十 → 20, 一百零五 → 105, 〇三 → 3; null when the text is not a numeral below 1000. */
export function chineseNumeral(text: string): number | null {
  let total = 0;
  let digit: number | null = null;
  let sawUnit = false;
  let plain = '';
  for (const ch of text) {
    if (ch in NUMERAL_DIGITS) {
      digit = NUMERAL_DIGITS[ch];
      plain += String(digit);
    } else if (ch in NUMERAL_UNITS) {
      total += (digit ?? 1) * NUMERAL_UNITS[ch];
      digit = null;
      sawUnit = true;
    } else return null;
  }
  // Without 十/百 the digits read positionally, as in 二〇 or 一二 (rare, but clerks write section 12 so).
  if (!sawUnit) return plain ? Number(plain) : null;
  return total + (digit ?? 0);
}

/** The separator between a section's number and its description: 三标段:红旗路桥北至马楚公园界. */
const DESCRIPTION_SEPARATOR = /[::]|\s[-—]\s/;

function headOf(sectionNo: string): string {
  return normalizeText(sectionNo).split(DESCRIPTION_SEPARATOR)[0].trim();
}

/**
 * The section's number as an integer: 一标段 → 1, 第三标段 → 3, 三标段:红旗路… → 3, 第12标段 → 12, 标段2 → 2,
 * 2号标段 → 2, 二包 → 2. Null when the section is named without a number (城区标段, A标段).
 */
export function sectionIndexOf(sectionNo: string): number | null {
  const head = headOf(sectionNo);
  const number = `(\\d+|${NUMERAL})`;
  const m =
    new RegExp(`^第?\\s*${number}\\s*(?:号)?\\s*(?:标段|标|包|段)`).exec(head) ??
    new RegExp(`(?:标段|标包|包)\\s*${number}\\s*(?:号)?$`).exec(head) ??
    new RegExp(`^${number}$`).exec(head);
  if (!m) return null;
  const value = /^\d+$/.test(m[1]) ? Number(m[1]) : chineseNumeral(m[1]);
  return value != null && value > 0 ? value : null;
}

/** The description after the number, used as the section name when none is given: 三标段:红旗路… → 红旗路…. */
export function sectionDescription(sectionNo: string): string | null {
  const text = normalizeText(sectionNo);
  const m = DESCRIPTION_SEPARATOR.exec(text);
  const rest = m ? text.slice(m.index + m[0].length).trim() : '';
  return rest || null;
}

/**
 * What makes two section numbers the same within one contract: their number when they have one (一标段,
 * 第1标段 and 1标段:城东片区 are all section 1), else their normalised text before any description.
 */
export function sectionMatchKey(sectionNo: string): string {
  const index = sectionIndexOf(sectionNo);
  return index != null ? String(index) : normalizeCode(headOf(sectionNo));
}

function dayAfter(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function wholeMonths(from: string, to: string): number | null {
  const [fy, fm, fd] = from.split('-').map(Number);
  const [ty, tm, td] = to.split('-').map(Number);
  return fd === td ? (ty - fy) * 12 + (tm - fm) : null;
}

/**
 * The service term in years, to 2 decimals. Ledgers write the end date both ways — 2023-04-01 to 2026-03-31
 * (inclusive) and 2023-04-01 to 2026-04-01 — and both are 3 years; other spans count days (365.25 a year).
 */
export function termYears(startDate: string, endDate: string): number | null {
  if (endDate <= startDate) return null;
  const months = wholeMonths(startDate, dayAfter(endDate)) ?? wholeMonths(startDate, endDate);
  if (months != null) return Math.round((months / 12) * 100) / 100;
  const days = (Date.parse(`${endDate}T00:00:00Z`) - Date.parse(`${startDate}T00:00:00Z`)) / 86_400_000 + 1;
  return Math.round((days / 365.25) * 100) / 100;
}

/** The monthly fee money deductions are based on, when the contract does not state one: annual ÷ 12, in fen. */
export function defaultMonthlyFeeFen(annualFen: number): number {
  return Math.round(annualFen / 12);
}

/** Allowed relative difference between the total and annual × years before a warning (DOMAIN §2.4). */
export const TOTAL_TOLERANCE = 0.005;

/** Relative difference of the total from annual × years (0.01 = 1 %), or null when it cannot be computed. */
export function totalDeviation(annualFen: number, totalFen: number, years: number): number | null {
  const expected = annualFen * years;
  if (!(expected > 0)) return null;
  return (totalFen - expected) / expected;
}
