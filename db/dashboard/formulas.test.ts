import { describe, expect, it } from 'vitest';
import {
  average,
  coverage,
  disposalTotals,
  gradeDistribution,
  kitchenSeparationRate,
  mechanizationRate,
  pareto,
  populationPerToilet,
  rectificationCounted,
  rectificationOnTimeRate,
  recyclingRate,
  resourceUtilizationRate,
  safeDisposalOf,
  safeDisposalRate,
  sortingCompliant,
  tonnageTotals,
  type DisposalFact,
  type EstateFact,
  type RectificationFact,
} from './formulas';

// Five estates: one not sorting, one pilot, one compliant, one demonstration, one provincial high standard.
const ESTATES: EstateFact[] = [
  { status: 'none', households: 400 },
  { status: 'pilot', households: 100 },
  { status: 'compliant', households: 300 },
  { status: 'demonstration', households: 150 },
  { status: 'provincialHighStandard', households: 50 },
];

describe('dashboard formulas', () => {
  it('sorting coverage by count and by households', () => {
    const c = coverage(ESTATES);
    // By count: 4 of 5 estates sort (status ≠ none) → 4 / 5 = 80 %.
    expect(c.count).toBe(4);
    expect(c.total).toBe(5);
    expect(c.byCount).toBe(80);
    // By households: (100 + 300 + 150 + 50) / (400 + 100 + 300 + 150 + 50) = 600 / 1000 = 60 %.
    expect(c.households).toBe(600);
    expect(c.totalHouseholds).toBe(1000);
    expect(c.byHouseholds).toBe(60);
    // No estates: no coverage figure (not 0 %).
    expect(coverage([]).byCount).toBeNull();
  });

  it('compliant coverage counts compliant, demonstration and provincial high standard only', () => {
    const c = coverage(ESTATES, sortingCompliant);
    // 3 of 5 → 60 %; households (300 + 150 + 50) / 1000 = 50 %.
    expect(c.byCount).toBe(60);
    expect(c.byHouseholds).toBe(50);
  });

  it('kitchen separation and recycling rate, hazardous kilograms converted to tonnes', () => {
    const t = tonnageTotals([
      { recyclableT: 2, hazardousKg: 500, kitchenT: 3, residualT: 9 },
      { recyclableT: 1, hazardousKg: 500, kitchenT: 3, residualT: 1 },
    ]);
    // recyclable 3 t, hazardous 1000 kg = 1 t, kitchen 6 t, residual 10 t, total 20 t.
    expect(t).toEqual({ recyclable: 3, hazardous: 1, kitchen: 6, residual: 10, total: 20 });
    // Separation: 6 / (6 + 10) = 37.5 %.
    expect(kitchenSeparationRate(t)).toBe(37.5);
    // Recycling: (3 + 6) / 20 = 45 %. Reading the kilograms as tonnes would give 9 / 1019.
    expect(recyclingRate(t)).toBe(45);
    expect(kitchenSeparationRate(tonnageTotals([]))).toBeNull();
  });

  it('mechanisation rate over sections, a missing area counting 0', () => {
    const m = mechanizationRate([
      { cleaningArea: 10_000, mechanizedArea: 8_000 },
      { cleaningArea: 30_000, mechanizedArea: 21_000 },
      { cleaningArea: 10_000, mechanizedArea: null },
    ]);
    // (8 000 + 21 000 + 0) / (10 000 + 30 000 + 10 000) = 29 000 / 50 000 = 58 %.
    expect(m).toEqual({ mechanized: 29_000, cleaning: 50_000, rate: 58 });
  });

  it('population per toilet', () => {
    // 86 000 people, 40 toilets → 2 150 人/座 (within the 2 500 norm).
    expect(populationPerToilet(86_000, 40)).toBe(2150);
    expect(populationPerToilet(null, 40)).toBeNull();
    expect(populationPerToilet(86_000, 0)).toBeNull();
  });

  it('rectification on-time rate: due or fixed orders count, waived ones never, on time = fixed by the deadline', () => {
    const asOf = '2025-11-10';
    const orders: RectificationFact[] = [
      { status: 'closed', deadline: '2025-10-05', fixedAt: '2025-10-05' }, // counted, on time (fixed on the deadline day)
      { status: 'fixed', deadline: '2025-10-05', fixedAt: '2025-10-04' }, // counted, on time (reported, not yet verified)
      { status: 'closed', deadline: '2025-10-05', fixedAt: '2025-10-07' }, // counted, late
      { status: 'open', deadline: '2025-11-01', fixedAt: null }, // counted: due and still open → late
      { status: 'open', deadline: '2025-11-20', fixedAt: null }, // not counted: not due yet
      { status: 'fixed', deadline: '2025-11-20', fixedAt: '2025-11-08' }, // counted although not due: fixed, on time
      { status: 'waived', deadline: '2025-10-05', fixedAt: null }, // never counted
    ];
    expect(rectificationCounted(orders[4], asOf)).toBe(false);
    expect(rectificationCounted(orders[6], asOf)).toBe(false);
    // Counted 5 (rows 1–4 and 6), on time 3 (rows 1, 2, 6) → 3 / 5 = 60 %.
    expect(rectificationOnTimeRate(orders, asOf)).toEqual({ counted: 5, onTime: 3, rate: 60 });
    expect(rectificationOnTimeRate([], asOf).rate).toBeNull();
  });

  it('Pareto: points descending, ties by key, cumulative share', () => {
    const rows = pareto([
      { key: '2:T1', points: 10 },
      { key: '1:R2', points: 25 },
      { key: '1:R1', points: 10 },
      { key: '3:S4', points: 5 },
    ]);
    // Total 50: R2 25 (50 %), then the tie at 10 by key 1:R1 before 2:T1 (70 %, 90 %), then S4 5 (100 %).
    expect(rows.map((r) => r.key)).toEqual(['1:R2', '1:R1', '2:T1', '3:S4']);
    expect(rows.map((r) => r.cumulative)).toEqual([50, 70, 90, 100]);
  });

  it('grade distribution and 优秀率, ungraded units left out', () => {
    const d = gradeDistribution(['优秀', '良好', '优秀', '合格', null, '不合格', '良好', '良好'], ['优秀', '良好', '合格', '不合格'], '优秀');
    // 7 graded units: 优秀 2, 良好 3, 合格 1, 不合格 1; 优秀率 2 / 7 = 28.571…%.
    expect([...d.counts]).toEqual([
      ['优秀', 2],
      ['良好', 3],
      ['合格', 1],
      ['不合格', 1],
    ]);
    expect(d.graded).toBe(7);
    expect(d.excellentRate).toBeCloseTo((2 / 7) * 100, 12);
  });

  it('average of the present values at full precision', () => {
    // (87.625 + 90 + 81.5) / 3 = 259.125 / 3 = 86.375 (no rounding).
    expect(average([87.625, null, 90, 81.5])).toBe(86.375);
    expect(average([null])).toBeNull();
  });
});

// Two months of a district's disposal report, tonnes (DOMAIN §6.1).
const DISPOSAL: DisposalFact[] = [
  { collectedT: 1000, incineratedT: 600, landfilledT: 100, kitchenProcessedT: 250, recyclablesT: 150, otherSafeT: null },
  { collectedT: 1000, incineratedT: 640, landfilledT: 60, kitchenProcessedT: 270, recyclablesT: 250, otherSafeT: 10 },
];

describe('disposal-report rates (资源化利用率, 无害化处理率)', () => {
  it('sums the months; 无害化处理量 is incinerated + landfilled + kitchen processed + other safe', () => {
    const t = disposalTotals(DISPOSAL);
    expect(t).toEqual({ months: 2, collected: 2000, incinerated: 1240, landfilled: 160, kitchenProcessed: 520, recyclables: 400, otherSafe: 10, safe: 1930 });
    expect(safeDisposalOf(DISPOSAL[0])).toBe(950);
    expect(safeDisposalOf(DISPOSAL[1])).toBe(980);
  });

  it('无害化处理率 = safe ÷ collected: 1930 ÷ 2000 = 96.5 %; more disposed than collected counts 100 %; nothing collected is null', () => {
    expect(safeDisposalRate(disposalTotals(DISPOSAL))).toBe(96.5);
    expect(safeDisposalRate({ safe: 1030, collected: 1000 })).toBe(100);
    expect(safeDisposalRate(disposalTotals([]))).toBeNull();
  });

  it('资源化利用率 = (recyclables + incinerated × k1 + kitchen × k2 + landfill × k3) ÷ (recyclables + collected)', () => {
    const t = disposalTotals(DISPOSAL);
    // (400 + 1240 × 0.9 + 520 × 0.5 + 160 × 0) ÷ (400 + 2000) = (400 + 1116 + 260) ÷ 2400 = 1776 ÷ 2400 = 74 %.
    expect(resourceUtilizationRate(t, { incineration: 0.9, kitchen: 0.5, landfill: 0 })).toBeCloseTo(74, 12);
    // Every coefficient 1: (400 + 1240 + 520 + 160) ÷ 2400 = 2320 ÷ 2400 = 96.666… %.
    expect(resourceUtilizationRate(t, { incineration: 1, kitchen: 1, landfill: 1 })).toBeCloseTo(96.66666666666667, 12);
    // Only recyclables count when every coefficient is 0: 400 ÷ 2400.
    expect(resourceUtilizationRate(t, { incineration: 0, kitchen: 0, landfill: 0 })).toBeCloseTo(16.666666666666668, 12);
  });

  it('资源化利用率 is not guessed: null while any coefficient is unset, and with nothing to divide by', () => {
    const t = disposalTotals(DISPOSAL);
    expect(resourceUtilizationRate(t, { incineration: 0.9, kitchen: null, landfill: 0 })).toBeNull();
    expect(resourceUtilizationRate(t, { incineration: null, kitchen: null, landfill: null })).toBeNull();
    expect(resourceUtilizationRate(disposalTotals([]), { incineration: 1, kitchen: 1, landfill: 1 })).toBeNull();
    // Disposal ahead of collection within the period is capped at 100 %: (0 + 1100 × 1) ÷ (0 + 1000).
    expect(resourceUtilizationRate({ recyclables: 0, incinerated: 1100, kitchenProcessed: 0, landfilled: 0, collected: 1000 }, { incineration: 1, kitchen: 1, landfill: 1 })).toBe(100);
  });
});
