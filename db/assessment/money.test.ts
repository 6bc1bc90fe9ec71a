import { describe, it, expect } from 'vitest';
import { computeMoney, type MoneyInput } from './money';
import type { MoneyRule, ShortfallMode } from './types';

const TIERS = [
  { below: 25, pct: 10 },
  { below: 24, pct: 20 },
  { below: 23, pct: 30 },
  { below: 22, pct: 40 },
  { below: 21, pct: 50 },
];

function rule(over: Partial<MoneyRule> = {}): MoneyRule {
  return {
    passMark: 90,
    pctPerPoint: 5,
    shortfallMode: 'exact',
    events: [
      { kind: 'complaintUnfixed', label: '投诉未按时整改', pct: 2 },
      { kind: 'countyCritic', label: '县级通报批评或媒体曝光', pct: 10 },
      { kind: 'cityCritic', label: '市级及以上通报批评或媒体曝光', pct: 20 },
    ],
    rateTiers: { metricLabel: '厨余垃圾分出率', subFeeLabel: '分类督导及宣传费', tiers: TIERS },
    capPct: 30,
    ...over,
  };
}

const FEE = 10_000_000; // 100 000.00 元

function input(over: Partial<MoneyInput> = {}): MoneyInput {
  return { monthlyFeeFen: FEE, score: 95, events: {}, rate: null, subFeeFen: null, ...over };
}

describe('computeMoney: pass mark 90, 5 % per point (DOMAIN §3.7, §7 E8)', () => {
  const cases: Array<[ShortfallMode, number, number, number]> = [
    ['exact', 2.38, 11.9, 1_190_000],
    ['ceil', 3, 15, 1_500_000],
    ['floor', 2, 10, 1_000_000],
  ];
  for (const [mode, shortfall, pct, fen] of cases) {
    it(`87.62 under ${mode} → shortfall ${shortfall}, ${pct} %, ${fen} fen`, () => {
      const r = computeMoney(rule({ shortfallMode: mode }), input({ score: 87.62 }));
      expect(r).toEqual({
        shortfall,
        qualityPct: pct,
        qualityFen: fen,
        eventPct: 0,
        eventFen: 0,
        ratePct: 0,
        rateFen: 0,
        uncappedFen: fen,
        capFen: 3_000_000,
        totalFen: fen,
        payableFen: FEE - fen,
        capped: false,
      });
    });
  }

  it('withholds nothing at or above the pass mark', () => {
    for (const score of [90, 95, 100, 89.995]) {
      const r = computeMoney(rule(), input({ score }));
      expect([r.shortfall, r.qualityFen, r.totalFen, r.payableFen]).toEqual([0, 0, 0, FEE]);
    }
    expect(computeMoney(rule(), input({ score: 89.994 })).qualityFen).toBe(5_000); // 0.01 × 5 % = 0.05 %
  });

  it('takes the shortfall on the published (rounded) score', () => {
    expect(computeMoney(rule(), input({ score: 87.615 })).qualityFen).toBe(1_190_000);
    expect(computeMoney(rule(), input({ score: 87.6249 })).qualityFen).toBe(1_190_000);
    expect(computeMoney(rule(), input({ score: 87.614 })).shortfall).toBe(2.39);
    expect(computeMoney(rule({ shortfallMode: 'ceil' }), input({ score: 89 })).shortfall).toBe(1);
    expect(computeMoney(rule({ shortfallMode: 'floor' }), input({ score: 89.5 })).shortfall).toBe(0);
  });

  it('rounds odd fees half-up to the fen', () => {
    expect(computeMoney(rule(), input({ monthlyFeeFen: 12_345, score: 89 })).qualityFen).toBe(617); // 617.25
    expect(computeMoney(rule(), input({ monthlyFeeFen: 12_350, score: 89 })).qualityFen).toBe(618); // 617.5
    expect(computeMoney(rule(), input({ monthlyFeeFen: 30, score: 89 })).qualityFen).toBe(2); // 1.5
    expect(computeMoney(rule(), input({ monthlyFeeFen: 333_333, score: 87.62 })).qualityFen).toBe(39_667); // 39 666.627
    expect(computeMoney(rule(), input({ monthlyFeeFen: 12_345, events: { complaintUnfixed: 1 } })).eventFen).toBe(247); // 246.9
  });

  it('stays exact when the products pass 2^53', () => {
    const r = computeMoney(rule(), input({ monthlyFeeFen: 5_000_000_000_000, score: 87.62 }));
    expect(r.qualityFen).toBe(595_000_000_000);
    expect(r.capFen).toBe(1_500_000_000_000);
  });
});

describe('computeMoney: events', () => {
  it('withholds 2 % / 10 % / 20 % per case', () => {
    expect(computeMoney(rule(), input({ events: { complaintUnfixed: 1 } })).eventFen).toBe(200_000);
    expect(computeMoney(rule(), input({ events: { countyCritic: 1 } })).eventFen).toBe(1_000_000);
    expect(computeMoney(rule(), input({ events: { cityCritic: 1 } })).eventFen).toBe(2_000_000);
    const r = computeMoney(rule(), input({ events: { complaintUnfixed: 2, countyCritic: 1, cityCritic: 0 } }));
    expect(r.eventPct).toBe(14);
    expect(r.eventFen).toBe(1_400_000);
    expect(r.totalFen).toBe(1_400_000);
  });

  it('refuses unknown kinds and bad counts', () => {
    expect(() => computeMoney(rule(), input({ events: { flood: 1 } }))).toThrow(/flood/);
    expect(() => computeMoney(rule(), input({ events: { cityCritic: 1.5 } }))).toThrow();
    expect(() => computeMoney(rule(), input({ monthlyFeeFen: 10.5 }))).toThrow();
  });
});

describe('computeMoney: kitchen-waste separation-rate tiers (DOMAIN §3.7 rule 2)', () => {
  const SUB = 1_000_000; // 10 000.00 元 分类督导及宣传费
  const cases: Array<[number, number]> = [
    [30, 0],
    [25, 0],
    [24.99, 10],
    [24.9, 10],
    [24, 10], // not below 24
    [23.99, 20],
    [23.5, 20],
    [22.1, 30],
    [21.9, 40],
    [21, 40], // not below 21
    [20.99, 50],
    [20.5, 50],
    [20, 50],
    [0, 50],
  ];
  for (const [rate, pct] of cases) {
    it(`rate ${rate} % → ${pct} % of the sub-fee`, () => {
      const r = computeMoney(rule(), input({ rate, subFeeFen: SUB }));
      expect(r.ratePct).toBe(pct);
      expect(r.rateFen).toBe((SUB * pct) / 100);
      expect(r.totalFen).toBe((SUB * pct) / 100);
    });
  }

  it('picks the lowest matching tier whatever the order of the tiers', () => {
    const shuffled = rule({ rateTiers: { metricLabel: 'm', subFeeLabel: 's', tiers: [TIERS[3], TIERS[0], TIERS[4], TIERS[1], TIERS[2]] } });
    expect(computeMoney(shuffled, input({ rate: 20, subFeeFen: SUB })).ratePct).toBe(50);
    expect(computeMoney(shuffled, input({ rate: 23.5, subFeeFen: SUB })).ratePct).toBe(20);
  });

  it('withholds nothing without a rate, a sub-fee or tiers', () => {
    expect(computeMoney(rule(), input({ rate: null, subFeeFen: SUB })).rateFen).toBe(0);
    expect(computeMoney(rule(), input({ rate: 20, subFeeFen: null })).rateFen).toBe(0);
    expect(computeMoney(rule({ rateTiers: null }), input({ rate: 20, subFeeFen: SUB })).rateFen).toBe(0);
  });

  it('rounds the sub-fee half-up', () => {
    expect(computeMoney(rule(), input({ rate: 24.5, subFeeFen: 12_345 })).rateFen).toBe(1_235); // 1 234.5
  });
});

describe('computeMoney: cap', () => {
  it('stops the total at capPct of the monthly fee', () => {
    const r = computeMoney(rule(), input({ score: 87.62, events: { cityCritic: 1 } })); // 11.9 % + 20 % = 31.9 %
    expect(r.uncappedFen).toBe(3_190_000);
    expect(r.capFen).toBe(3_000_000);
    expect(r.totalFen).toBe(3_000_000);
    expect(r.payableFen).toBe(7_000_000);
    expect(r.capped).toBe(true);
  });

  it('caps a very low score and includes the rate deduction in the cap', () => {
    const low = computeMoney(rule(), input({ score: 60 })); // 30 points × 5 % = 150 %
    expect(low.qualityPct).toBe(150);
    expect(low.totalFen).toBe(3_000_000);
    const withRate = computeMoney(rule(), input({ score: 87.62, rate: 20, subFeeFen: 4_000_000, events: { countyCritic: 1 } }));
    expect(withRate.uncappedFen).toBe(1_190_000 + 1_000_000 + 2_000_000);
    expect(withRate.totalFen).toBe(3_000_000);
    expect(withRate.capped).toBe(true);
  });

  it('is not capped exactly at the cap', () => {
    const r = computeMoney(rule(), input({ score: 84 })); // 6 × 5 % = 30 %
    expect(r.totalFen).toBe(3_000_000);
    expect(r.capped).toBe(false);
  });
});
