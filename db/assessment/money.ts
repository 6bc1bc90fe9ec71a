/**
 * 按质核拨 (DOMAIN §3.7, §7 E8): what a month's score and events withhold from a contract's monthly fee.
 * All money is integer fen; products are taken in BigInt and rounded half-up once, so there is no float drift.
 */
import { round2 } from './scoring';
import type { MoneyRule } from './types';

export interface MoneyInput {
  /** The contract's monthly service fee in fen. */
  monthlyFeeFen: number;
  /** The month's score (full precision; the shortfall is taken on the published 2-decimal score). */
  score: number;
  /** Cases per event kind this month, e.g. { complaintUnfixed: 1, countyCritic: 0 }. */
  events: Record<string, number>;
  /** The rate-tier metric in percent (e.g. kitchen-waste separation rate 23.5), null when not measured. */
  rate: number | null;
  /** The sub-fee the rate tiers withhold from, in fen, null when not entered. */
  subFeeFen: number | null;
}

export interface MoneyResult {
  /** Points below the pass mark after the shortfall mode (2.38, 3 or 2 for a score of 87.62 and pass 90). */
  shortfall: number;
  /** pctPerPoint × shortfall, percent of the monthly fee. */
  qualityPct: number;
  qualityFen: number;
  /** Σ count × pct over the events, percent of the monthly fee. */
  eventPct: number;
  eventFen: number;
  /** The matching rate tier's percent of the sub-fee (0 when none). */
  ratePct: number;
  rateFen: number;
  /** quality + event + rate before the cap. */
  uncappedFen: number;
  /** capPct × monthly fee. */
  capFen: number;
  /** min(cap, uncapped). */
  totalFen: number;
  /** monthly fee − total. */
  payableFen: number;
  /** Whether the cap cut the total. */
  capped: boolean;
}

/** A decimal (≤ 2 places) as integer hundredths: 87.62 → 8762. */
function hundredths(x: number): number {
  return Math.round(round2(x) * 100);
}

/** round-half-up(num / den) for num ≥ 0, den > 0. */
function divHalfUp(num: bigint, den: bigint): bigint {
  return (num * 2n + den) / (den * 2n);
}

function requireFen(name: string, v: number): void {
  if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${name} 应为不小于 0 的整数(分),当前为 ${v}`);
}

/**
 * The default formula of DOMAIN §3.7:
 * shortfall = max(0, pass − round2(score)) by the shortfall mode (exact / ceil / floor, in hundredths);
 * quality = round(fee × pctPerPoint % × shortfall); events = round(Σ count × pct % × fee);
 * rate = round(tier % × subFee) for the tier with the smallest `below` above the rate;
 * total = min(capPct % × fee, quality + events + rate); payable = fee − total.
 */
export function computeMoney(rule: MoneyRule, input: MoneyInput): MoneyResult {
  requireFen('月服务费', input.monthlyFeeFen);
  if (input.subFeeFen != null) requireFen('分项费用', input.subFeeFen);
  if (!Number.isFinite(input.score)) throw new RangeError(`得分无效:${input.score}`);
  const fee = BigInt(input.monthlyFeeFen);

  // Shortfall in hundredths of a point.
  let shortH = Math.max(0, hundredths(rule.passMark) - hundredths(input.score));
  if (rule.shortfallMode === 'ceil') shortH = Math.ceil(shortH / 100) * 100;
  else if (rule.shortfallMode === 'floor') shortH = Math.floor(shortH / 100) * 100;
  const pctPerPointH = hundredths(rule.pctPerPoint);
  // fee × (pctH / 100 / 100) × (shortH / 100)
  const qualityFen = divHalfUp(fee * BigInt(pctPerPointH) * BigInt(shortH), 1_000_000n);
  const qualityPct = (pctPerPointH * shortH) / 10_000;

  // Events: Σ count × pct, one rounding on the total.
  const pctByKind = new Map(rule.events.map((e) => [e.kind, hundredths(e.pct)]));
  let eventPctH = 0n;
  for (const [kind, count] of Object.entries(input.events)) {
    const pctH = pctByKind.get(kind);
    if (pctH === undefined) throw new Error(`扣款规则中没有事件类型 ${kind}`);
    if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`事件 ${kind} 的次数应为不小于 0 的整数,当前为 ${count}`);
    eventPctH += BigInt(count) * BigInt(pctH);
  }
  const eventFen = divHalfUp(fee * eventPctH, 10_000n);
  const eventPct = Number(eventPctH) / 100;

  // Rate tiers: the lowest `below` that the rate is under wins.
  let ratePctH = 0;
  if (rule.rateTiers && input.rate != null && input.subFeeFen != null) {
    if (!Number.isFinite(input.rate)) throw new RangeError(`${rule.rateTiers.metricLabel}无效:${input.rate}`);
    const rate = input.rate;
    const matching = rule.rateTiers.tiers.filter((t) => rate < t.below).sort((a, b) => a.below - b.below);
    if (matching.length > 0) ratePctH = hundredths(matching[0].pct);
  }
  const rateFen = input.subFeeFen == null ? 0n : divHalfUp(BigInt(input.subFeeFen) * BigInt(ratePctH), 10_000n);

  const uncapped = qualityFen + eventFen + rateFen;
  const capFen = divHalfUp(fee * BigInt(hundredths(rule.capPct)), 10_000n);
  const total = uncapped < capFen ? uncapped : capFen;
  return {
    shortfall: shortH / 100,
    qualityPct,
    qualityFen: Number(qualityFen),
    eventPct,
    eventFen: Number(eventFen),
    ratePct: ratePctH / 100,
    rateFen: Number(rateFen),
    uncappedFen: Number(uncapped),
    capFen: Number(capFen),
    totalFen: Number(total),
    payableFen: Number(fee - total),
    capped: uncapped > capFen,
  };
}
