/**
 * Scoring arithmetic of an assessment scheme (DOMAIN §2.8, §3.1, §3.6, §3.9). Pure functions, no I/O.
 *
 * Points are added in integer micro-points (1/1 000 000 of a point) so that sums such as 3 × 0.1 or
 * 92.4 × 50 % do not drift; results keep full precision (rounding is for display and ranking only, `round2`).
 */
import type { SchemeDefinition, SchemeItem } from './types';

const MICRO = 1_000_000;

/** A point value in integer micro-points (values with more than 6 decimals are rounded to 6). */
function micro(x: number): number {
  return Math.round(x * MICRO);
}

/** Normalised item code for look-ups: NFKC, trimmed, upper-case ("r2 " → "R2"). */
export function normalizeCode(code: string): string {
  return code.normalize('NFKC').trim().toUpperCase();
}

/** A number as a short decimal for messages (no binary noise: 0.30000000000000004 → "0.3"). */
export function fmtNum(x: number): string {
  return String(Number(x.toPrecision(12)));
}

/**
 * Half-up rounding to 2 decimals on the decimal value the number stands for, not on its binary expansion:
 * 87.625 → 87.63, 1.005 → 1.01, 18.157 → 18.16. Negative numbers round half away from zero.
 */
export function round2(x: number): number {
  if (!Number.isFinite(x)) throw new RangeError(`round2: ${x} 不是有限数字`);
  if (x < 0) return -round2(-x) || 0;
  if (x >= 1e15) return x;
  // 15 significant digits is what a double holds reliably: toPrecision strips the binary tail.
  const s = x.toPrecision(15);
  if (s.includes('e')) return 0; // only below 1e-6 here (large values returned above)
  const [intPart, frac = ''] = s.split('.');
  const digits = (frac + '000').slice(0, 3);
  let hundredths = BigInt(intPart + digits.slice(0, 2));
  if (digits[2] >= '5') hundredths += 1n;
  return Number(hundredths) / 100;
}

export interface FindingForScore {
  itemCode: string;
  occurrences: number;
  pointsEach: number;
}

const UNIT_WORD: Record<SchemeItem['deductionUnit'], string> = {
  perOccurrence: '每处',
  perItem: '每座(条)',
  perMetreBand: '每段',
  perEvent: '每次',
  fixed: '',
};

function pointsWord(item: SchemeItem): string {
  return `${UNIT_WORD[item.deductionUnit]}${item.bonus ? '加分' : '扣分'}`;
}

/** Whether `pointsEach` is allowed by one of the item's tiers (fixed points or inside a range). */
function matchesTier(item: SchemeItem, pointsEach: number): boolean {
  const p = micro(pointsEach);
  return item.tiers.some((t) =>
    t.points != null
      ? micro(t.points) === p
      : t.pointsMin != null && t.pointsMax != null && micro(t.pointsMin) <= p && p <= micro(t.pointsMax),
  );
}

/** Checks one finding against its item; a Chinese message naming the item, or null when it is fine. */
export function checkFinding(item: SchemeItem, f: { occurrences: number; pointsEach: number }): string | null {
  const code = item.code;
  if (!Number.isInteger(f.occurrences) || f.occurrences < 1 || f.occurrences > 999) {
    return `${code} 次数应为 1~999 的整数(当前为 ${fmtNum(f.occurrences)})`;
  }
  if (item.deductionUnit === 'fixed' && f.occurrences !== 1) {
    return `${code} 为固定扣分项,次数只能为 1(当前为 ${f.occurrences})`;
  }
  if (!Number.isFinite(f.pointsEach) || f.pointsEach < 0) {
    return `${code} ${pointsWord(item)}应为不小于 0 的数字`;
  }
  if (item.tiers.length > 0) {
    if (matchesTier(item, f.pointsEach)) return null;
    const ranges = item.tiers
      .filter((t) => t.points == null && t.pointsMin != null && t.pointsMax != null)
      .map((t) => `${fmtNum(t.pointsMin!)}~${fmtNum(t.pointsMax!)}`);
    const fixed = item.tiers.filter((t) => t.points != null).map((t) => fmtNum(t.points!));
    const value = `${code} ${pointsWord(item)} ${fmtNum(f.pointsEach)}`;
    if (ranges.length > 0) {
      const also = fixed.length > 0 ? `,也不等于 ${fixed.join('、')} 中的任一档` : '';
      return `${value} 不在 ${ranges.join('、')} 的范围内${also}`;
    }
    return `${value} 不等于该项任一档的分值(可选 ${fixed.join('、')})`;
  }
  if (micro(f.pointsEach) !== micro(item.unitDeduction)) {
    return `${code} ${pointsWord(item)}应为 ${fmtNum(item.unitDeduction)},不是 ${fmtNum(f.pointsEach)}`;
  }
  return null;
}

/** Points of one finding: fixed → pointsEach; otherwise occurrences × pointsEach (no float drift). */
export function findingPoints(item: SchemeItem, occurrences: number, pointsEach: number): number {
  if (item.deductionUnit === 'fixed') return pointsEach;
  return (micro(pointsEach) * occurrences) / MICRO;
}

export interface InspectionScore {
  /** Σ of the deduction findings before caps. */
  rawDeduction: number;
  /** Σ of the deductions after the item caps. */
  deduction: number;
  /** Bonus added, after the item maxima and the scheme's bonusCap. */
  bonus: number;
  /** 0…fullScore; 0 when vetoed. Full precision. */
  score: number;
  vetoed: boolean;
  /** Per item code (as the scheme spells it) with at least one finding: raw points and points applied after the item cap. */
  items: Record<string, { raw: number; applied: number }>;
}

function itemIndex(scheme: SchemeDefinition): Map<string, SchemeItem> {
  const map = new Map<string, SchemeItem>();
  for (const item of scheme.items) map.set(normalizeCode(item.code), item);
  return map;
}

function itemByCode(index: Map<string, SchemeItem>, code: string): SchemeItem {
  const item = index.get(normalizeCode(code));
  if (!item) throw new Error(`考核细则中没有编号为 ${code} 的考核项`);
  return item;
}

function capMicro(item: SchemeItem): number {
  return micro(item.cap ?? item.maxPoints);
}

/**
 * Applies caps to raw micro-points per item and returns the score parts (all in micro-points).
 * Deduction items: min(cap ?? maxPoints, raw); bonus items: min(cap ?? maxPoints, raw), then Σ ≤ bonusCap.
 */
function applyCaps(scheme: SchemeDefinition, rawByItem: Map<SchemeItem, number>, vetoed: boolean) {
  let rawDeduction = 0;
  let deduction = 0;
  let bonusSum = 0;
  const items: Record<string, { raw: number; applied: number }> = {};
  for (const [item, raw] of rawByItem) {
    const applied = Math.min(capMicro(item), raw);
    if (item.bonus) bonusSum += applied;
    else {
      rawDeduction += raw;
      deduction += applied;
    }
    items[item.code] = { raw: raw / MICRO, applied: applied / MICRO };
  }
  const full = micro(scheme.fullScore);
  const bonus = Math.min(Math.max(0, micro(scheme.bonusCap)), bonusSum);
  const score = vetoed ? 0 : Math.min(full, Math.max(0, full - deduction + bonus));
  return { rawDeduction, deduction, bonus, score, items };
}

/**
 * Score of one inspection (DOMAIN §2.8, §3.9 rule 1): fullScore − Σ_items min(cap ?? maxPoints, Σ findings)
 * + min(bonusCap, Σ bonus findings), clamped to 0…fullScore. A finding on a veto item zeroes the score.
 * Unknown item codes throw (callers validate findings with `checkFinding` first).
 */
export function scoreInspection(scheme: SchemeDefinition, findings: FindingForScore[]): InspectionScore {
  const index = itemIndex(scheme);
  const rawByItem = new Map<SchemeItem, number>();
  let vetoed = false;
  for (const f of findings) {
    const item = itemByCode(index, f.itemCode);
    if (item.veto) vetoed = true;
    rawByItem.set(item, (rawByItem.get(item) ?? 0) + micro(findingPoints(item, f.occurrences, f.pointsEach)));
  }
  const r = applyCaps(scheme, rawByItem, vetoed);
  return {
    rawDeduction: r.rawDeduction / MICRO,
    deduction: r.deduction / MICRO,
    bonus: r.bonus / MICRO,
    score: r.score / MICRO,
    vetoed,
    items: r.items,
  };
}

/**
 * The month's on-site score of one unit from its inspections (DOMAIN §3.9 rule 2), by the scheme's rule:
 * - `meanOfInspections`: mean of the inspection scores;
 * - `deductAllFromFull`: every finding of the month deducted from one full score, with the item caps applied to the
 *   month's sums per item (bonus items add, capped by bonusCap; any vetoed inspection → 0).
 * `itemRaw` holds the raw (uncapped) points per item code of one inspection, bonus items included (positive numbers).
 * null when there are no inspections.
 */
export function aggregateOnSite(
  scheme: SchemeDefinition,
  inspections: Array<{ score: number; vetoed: boolean; itemRaw: Record<string, number> }>,
): number | null {
  if (inspections.length === 0) return null;
  if (scheme.aggregation === 'meanOfInspections') {
    const sum = inspections.reduce((s, i) => s + micro(i.score), 0);
    return sum / (inspections.length * MICRO);
  }
  const index = itemIndex(scheme);
  const rawByItem = new Map<SchemeItem, number>();
  let vetoed = false;
  for (const insp of inspections) {
    if (insp.vetoed) vetoed = true;
    for (const [code, raw] of Object.entries(insp.itemRaw)) {
      const item = itemByCode(index, code);
      if (item.veto && raw > 0) vetoed = true;
      rawByItem.set(item, (rawByItem.get(item) ?? 0) + micro(raw));
    }
  }
  return applyCaps(scheme, rawByItem, vetoed).score / MICRO;
}

/**
 * Rectification feedback score (整改反馈分): fullScore × orders fixed by their deadline ÷ orders due this month;
 * fullScore when none were due.
 */
export function rectificationScore(fullScore: number, due: number, onTime: number): number {
  if (!Number.isInteger(due) || !Number.isInteger(onTime) || due < 0 || onTime < 0 || onTime > due) {
    throw new RangeError(`整改数量无效:到期 ${due} 件,按时完成 ${onTime} 件`);
  }
  if (due === 0) return fullScore;
  return (micro(fullScore) * onTime) / (due * MICRO);
}

/**
 * The monthly score from its components (DOMAIN §3.6, §3.9 rule 4). Each value is a score out of fullScore;
 * weighted = value × weight / 100; score = Σ weighted, or null (with the missing keys) when a component has no value.
 */
export function combineComponents(
  scheme: SchemeDefinition,
  values: Record<string, number | null>,
): { score: number | null; weighted: Record<string, number | null>; missing: string[] } {
  const weighted: Record<string, number | null> = {};
  const missing: string[] = [];
  // Σ value(µpt) × weight(1/100 %) is exact in integers; one division at the end.
  const DIV = MICRO * 100 * 100;
  let sum = 0;
  for (const c of scheme.components) {
    const v = values[c.key];
    if (v == null) {
      weighted[c.key] = null;
      missing.push(c.key);
      continue;
    }
    if (!Number.isFinite(v)) throw new RangeError(`组成部分 ${c.label} 的分值无效:${v}`);
    const product = micro(v) * Math.round(c.weight * 100);
    weighted[c.key] = product / DIV;
    sum += product;
  }
  return { score: missing.length > 0 ? null : sum / DIV, weighted, missing };
}
