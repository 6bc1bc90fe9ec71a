/**
 * The dashboard's indicator formulas (DOMAIN §6.1, §6.3), pure: no SQL, no rounding. Each takes the rows the
 * facts queries return and gives the value at full precision; a rate is a percentage (fraction × 100), and
 * null when its denominator is empty (0 ÷ 0 is "no data", not 0 %). Rounding is the display text's business.
 */
import type { EstateStatus } from '../estates/fields';

/** value ÷ total × 100, or null when there is nothing to divide by. */
export function percent(value: number, total: number): number | null {
  // Multiply first: integer counts and areas stay exact (29 000 × 100 ÷ 50 000 = 58, not 57.999…).
  return total > 0 ? (value * 100) / total : null;
}

export interface EstateFact {
  status: EstateStatus;
  households: number;
}

/** Statuses that count as 开展分类 (every status but 'none'). */
export function sortingStarted(status: EstateStatus): boolean {
  return status !== 'none';
}

/** Statuses that count as 达标及以上 (compliant, demonstration, provincial high standard). */
export function sortingCompliant(status: EstateStatus): boolean {
  return status === 'compliant' || status === 'demonstration' || status === 'provincialHighStandard';
}

export interface Coverage {
  /** Estates counted / all live estates. */
  count: number;
  total: number;
  households: number;
  totalHouseholds: number;
  /** count ÷ total × 100 */
  byCount: number | null;
  /** households ÷ totalHouseholds × 100 */
  byHouseholds: number | null;
}

/** Coverage by count and by households of the estates whose status passes `counts` (DOMAIN §6.1). */
export function coverage(estates: readonly EstateFact[], counts: (s: EstateStatus) => boolean = sortingStarted): Coverage {
  let count = 0;
  let households = 0;
  let totalHouseholds = 0;
  for (const e of estates) {
    totalHouseholds += e.households;
    if (counts(e.status)) {
      count += 1;
      households += e.households;
    }
  }
  return { count, total: estates.length, households, totalHouseholds, byCount: percent(count, estates.length), byHouseholds: percent(households, totalHouseholds) };
}

/** One estate-month of tonnage as stored: tonnes, except hazardous waste in kilograms. */
export interface TonnageFact {
  recyclableT: number;
  hazardousKg: number;
  kitchenT: number;
  residualT: number;
}

export interface TonnageTotals {
  recyclable: number;
  /** In tonnes (the stored kilograms ÷ 1000). */
  hazardous: number;
  kitchen: number;
  residual: number;
  total: number;
}

export function tonnageTotals(rows: readonly TonnageFact[]): TonnageTotals {
  const t = { recyclable: 0, hazardous: 0, kitchen: 0, residual: 0, total: 0 };
  for (const r of rows) {
    t.recyclable += r.recyclableT;
    t.hazardous += r.hazardousKg / 1000;
    t.kitchen += r.kitchenT;
    t.residual += r.residualT;
  }
  t.total = t.recyclable + t.hazardous + t.kitchen + t.residual;
  return t;
}

/** 厨余垃圾分出率 = kitchen ÷ (kitchen + residual) × 100 (DOMAIN §6.3). */
export function kitchenSeparationRate(t: TonnageTotals): number | null {
  return percent(t.kitchen, t.kitchen + t.residual);
}

/**
 * 生活垃圾回收利用率 (DOMAIN §6.1) with the collected quantity standing for the generated one:
 * (recyclable + kitchen) ÷ (recyclable + hazardous + kitchen + residual) × 100, all in tonnes.
 */
export function recyclingRate(t: TonnageTotals): number | null {
  return percent(t.recyclable + t.kitchen, t.total);
}

export interface SectionFact {
  cleaningArea: number | null;
  mechanizedArea: number | null;
}

/** 机械化作业率 = Σ mechanised area ÷ Σ cleaning area × 100 over the sections given (a missing area counts 0). */
export function mechanizationRate(sections: readonly SectionFact[]): { mechanized: number; cleaning: number; rate: number | null } {
  let mechanized = 0;
  let cleaning = 0;
  for (const s of sections) {
    cleaning += s.cleaningArea ?? 0;
    mechanized += s.mechanizedArea ?? 0;
  }
  return { mechanized, cleaning, rate: percent(mechanized, cleaning) };
}

/** The norm for population per public toilet (DOMAIN §6.3, [S:W40]): at most 2 500 people per toilet. */
export const POPULATION_PER_TOILET_NORM = 2500;

/** 人/座 = population ÷ toilets; null when there are no toilets or no population figure. */
export function populationPerToilet(population: number | null, toilets: number): number | null {
  return population != null && toilets > 0 ? population / toilets : null;
}

export interface RectificationFact {
  status: 'open' | 'fixed' | 'closed' | 'waived';
  deadline: string;
  fixedAt: string | null;
}

/**
 * Whether an order counts for the on-time rate on `asOf`: every order but the waived ones that was due by then
 * (deadline ≤ asOf) or has already been fixed. An open order not yet due is neither on time nor late yet.
 */
export function rectificationCounted(r: RectificationFact, asOf: string): boolean {
  if (r.status === 'waived') return false;
  return r.deadline <= asOf || r.status === 'fixed' || r.status === 'closed';
}

/** On time: reported fixed (fixed or closed) on or before the deadline. */
export function rectificationOnTime(r: RectificationFact): boolean {
  return (r.status === 'fixed' || r.status === 'closed') && r.fixedAt != null && r.fixedAt.slice(0, 10) <= r.deadline;
}

/** 整改按时完成率 = on-time orders ÷ counted orders × 100 (see rectificationCounted). */
export function rectificationOnTimeRate(orders: readonly RectificationFact[], asOf: string): { counted: number; onTime: number; rate: number | null } {
  let counted = 0;
  let onTime = 0;
  for (const r of orders) {
    if (!rectificationCounted(r, asOf)) continue;
    counted += 1;
    if (rectificationOnTime(r)) onTime += 1;
  }
  return { counted, onTime, rate: percent(onTime, counted) };
}

export interface ParetoItem {
  key: string;
  points: number;
}

/**
 * Pareto order: items by points descending, ties by key ascending (so equal items always print in the same
 * order), each with its cumulative share of all points in percent.
 */
export function pareto<T extends ParetoItem>(items: readonly T[]): Array<T & { cumulative: number }> {
  const sorted = [...items].sort((a, b) => b.points - a.points || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const total = sorted.reduce((s, i) => s + i.points, 0);
  let running = 0;
  return sorted.map((i) => {
    running += i.points;
    return { ...i, cumulative: total > 0 ? (running * 100) / total : 0 };
  });
}

/** Units per grade in the grades' order, and 优秀率 = units of the top grade ÷ graded units × 100 (DOMAIN §6.3). */
export function gradeDistribution(grades: ReadonlyArray<string | null>, order: readonly string[], excellent: string): { counts: Map<string, number>; graded: number; excellent: number; excellentRate: number | null } {
  const counts = new Map(order.map((g) => [g, 0]));
  let graded = 0;
  for (const g of grades) {
    if (!g) continue;
    graded += 1;
    counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  const top = counts.get(excellent) ?? 0;
  return { counts, graded, excellent: top, excellentRate: percent(top, graded) };
}

/** Mean of the values present (nulls are units without a score yet); null when none. */
export function average(values: ReadonlyArray<number | null>): number | null {
  let sum = 0;
  let n = 0;
  for (const v of values) {
    if (v == null) continue;
    sum += v;
    n += 1;
  }
  return n ? sum / n : null;
}

/** One month of the district's disposal report (db/disposal), in tonnes; `otherSafeT` null when not reported. */
export interface DisposalFact {
  collectedT: number;
  incineratedT: number;
  landfilledT: number;
  kitchenProcessedT: number;
  recyclablesT: number;
  otherSafeT: number | null;
}

export interface DisposalTotals {
  /** Months summed. */
  months: number;
  collected: number;
  incinerated: number;
  landfilled: number;
  kitchenProcessed: number;
  recyclables: number;
  otherSafe: number;
  /** 无害化处理量 = incinerated + landfilled + kitchen processed + other safe. */
  safe: number;
}

/**
 * 无害化处理量 of one month or a period [D]: every tonne that went to a facility that disposes of it safely —
 * incineration, sanitary landfill, kitchen-waste processing and other safe ways (co-processing in a cement
 * kiln…). DOMAIN §6.1 names the rate but not the parts; these four are what the disposal report records.
 */
export function safeDisposalOf(f: Pick<DisposalFact, 'incineratedT' | 'landfilledT' | 'kitchenProcessedT' | 'otherSafeT'>): number {
  return f.incineratedT + f.landfilledT + f.kitchenProcessedT + (f.otherSafeT ?? 0);
}

export function disposalTotals(rows: readonly DisposalFact[]): DisposalTotals {
  const t = { months: rows.length, collected: 0, incinerated: 0, landfilled: 0, kitchenProcessed: 0, recyclables: 0, otherSafe: 0, safe: 0 };
  for (const r of rows) {
    t.collected += r.collectedT;
    t.incinerated += r.incineratedT;
    t.landfilled += r.landfilledT;
    t.kitchenProcessed += r.kitchenProcessedT;
    t.recyclables += r.recyclablesT;
    t.otherSafe += r.otherSafeT ?? 0;
  }
  t.safe = t.incinerated + t.landfilled + t.kitchenProcessed + t.otherSafe;
  return t;
}

/**
 * 生活垃圾无害化处理率 (DOMAIN §6.1) = 无害化处理量 ÷ 产生量 × 100, with the collected quantity standing for the
 * generated one as §6.1 allows for the recycling rate [D]. Facilities weigh on their own bridges and burn from a
 * pit that carries waste over the month's end, so the disposed quantity can exceed the collected one by a few
 * percent; the rate is capped at 100 (the plans' target is "100%", and no district disposes of more than it
 * collects). Null when nothing was collected.
 */
export function safeDisposalRate(t: Pick<DisposalTotals, 'safe' | 'collected'>): number | null {
  return percent(Math.min(t.safe, t.collected), t.collected);
}

/** The resource-use coefficients (DOMAIN §6.1), set by the province and kept as workspace settings [D]. */
export interface ResourceCoefficients {
  incineration: number | null;
  kitchen: number | null;
  landfill: number | null;
}

/**
 * 生活垃圾资源化利用率 (DOMAIN §6.1) = [可回收物回收量 + 焚烧量 × k焚烧 + 厨余处理量 × k厨余 + 填埋量 × k填埋]
 * ÷ (可回收物回收量 + 生活垃圾清运量) × 100. Null when a coefficient is not set (the value would be a guess) or
 * there is nothing to divide by. Capped at 100 like the safe-disposal rate (disposal may run a little ahead of
 * collection within a period).
 */
export function resourceUtilizationRate(t: Pick<DisposalTotals, 'recyclables' | 'incinerated' | 'kitchenProcessed' | 'landfilled' | 'collected'>, k: ResourceCoefficients): number | null {
  if (k.incineration == null || k.kitchen == null || k.landfill == null) return null;
  const used = t.recyclables + t.incinerated * k.incineration + t.kitchenProcessed * k.kitchen + t.landfilled * k.landfill;
  const base = t.recyclables + t.collected;
  return percent(Math.min(used, base), base);
}
