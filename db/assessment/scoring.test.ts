import { describe, it, expect } from 'vitest';
import {
  aggregateOnSite,
  checkFinding,
  combineComponents,
  findingPoints,
  rectificationScore,
  round2,
  scoreInspection,
} from './scoring';
import type { SchemeDefinition, SchemeItem } from './types';
import { DEFAULT_SCHEMES } from '../migrations/012_default_schemes';

function item(i: Partial<SchemeItem> & Pick<SchemeItem, 'code' | 'maxPoints' | 'unitDeduction'>): SchemeItem {
  return {
    section: '',
    title: i.code,
    deductionUnit: 'perOccurrence',
    tiers: [],
    cap: null,
    veto: false,
    bonus: false,
    evidence: 'none',
    rectifyDays: null,
    ...i,
  };
}

function scheme(items: SchemeItem[], over: Partial<SchemeDefinition> = {}): SchemeDefinition {
  return {
    name: '测试细则',
    targetType: 'toilet',
    category: 'toilet',
    fullScore: 100,
    effectiveFrom: '2025-01-01',
    effectiveTo: null,
    aggregation: 'meanOfInspections',
    bonusCap: 0,
    items,
    components: [{ key: 'onSite', label: '现场检查', weight: 100, source: 'inspections' }],
    gradeBands: [{ grade: '不合格', min: 0 }],
    money: null,
    notes: '',
    ...over,
  };
}

const road = DEFAULT_SCHEMES[0];
const R3 = road.items.find((i) => i.code === 'R3')!;

describe('round2', () => {
  it('rounds half-up on the decimal value, not the binary expansion', () => {
    expect(round2(87.625)).toBe(87.63);
    expect(round2(1.005)).toBe(1.01);
    expect(round2(18.157)).toBe(18.16);
    expect(round2(18.15666666666667)).toBe(18.16);
    expect(round2(0.285)).toBe(0.29);
    expect(round2(2.675)).toBe(2.68);
    expect(round2(1.255)).toBe(1.26);
    expect(round2(8.575)).toBe(8.58);
    expect(round2(123456.785)).toBe(123456.79);
    expect(round2(89.995)).toBe(90);
    expect(round2(87.623)).toBe(87.62);
    expect(round2(87.6249)).toBe(87.62);
    expect(round2(0.1 + 0.2)).toBe(0.3);
    expect(round2(1.0049999)).toBe(1);
  });

  it('keeps exact values and handles edge magnitudes', () => {
    expect(round2(0)).toBe(0);
    expect(round2(100)).toBe(100);
    expect(round2(92.83)).toBe(92.83);
    expect(round2(1e-7)).toBe(0);
    expect(round2(0.005)).toBe(0.01);
    expect(round2(-1.005)).toBe(-1.01);
    expect(Object.is(round2(-0.001), 0)).toBe(true);
    expect(() => round2(Number.NaN)).toThrow();
  });
});

describe('findingPoints', () => {
  it('multiplies without float drift', () => {
    const i = item({ code: 'A', maxPoints: 10, unitDeduction: 0.1 });
    expect(findingPoints(i, 3, 0.1)).toBe(0.3);
    expect(findingPoints(i, 7, 0.35)).toBe(2.45);
    expect(findingPoints(i, 1, 0.1)).toBe(0.1);
  });

  it('takes a fixed deduction once', () => {
    const i = item({ code: 'T9', maxPoints: 5, unitDeduction: 5, deductionUnit: 'fixed' });
    expect(findingPoints(i, 1, 5)).toBe(5);
  });
});

describe('checkFinding', () => {
  it('accepts the inspector’s value inside a ranged tier, including its bounds', () => {
    expect(checkFinding(R3, { occurrences: 2, pointsEach: 0.35 })).toBeNull();
    expect(checkFinding(R3, { occurrences: 1, pointsEach: 0.2 })).toBeNull();
    expect(checkFinding(R3, { occurrences: 1, pointsEach: 0.5 })).toBeNull();
    expect(checkFinding(R3, { occurrences: 1, pointsEach: 0.1 })).toBeNull();
    expect(checkFinding(R3, { occurrences: 1, pointsEach: 2 })).toBeNull();
  });

  it('refuses a value outside every tier', () => {
    expect(checkFinding(R3, { occurrences: 1, pointsEach: 0.7 })).toBe(
      'R3 每处扣分 0.7 不在 0.2~0.5 的范围内,也不等于 1、2、0.1 中的任一档',
    );
    expect(checkFinding(R3, { occurrences: 1, pointsEach: 0.15 })).toContain('不在 0.2~0.5 的范围内');
    const R2 = road.items.find((i) => i.code === 'R2')!;
    expect(checkFinding(R2, { occurrences: 1, pointsEach: 4 })).toBe('R2 每处扣分 4 不等于该项任一档的分值(可选 2、3、5)');
  });

  it('requires the unit deduction on an item without tiers', () => {
    const T1 = DEFAULT_SCHEMES[1].items[0];
    expect(checkFinding(T1, { occurrences: 4, pointsEach: 5 })).toBeNull();
    expect(checkFinding(T1, { occurrences: 1, pointsEach: 3 })).toBe('T1 每处扣分应为 5,不是 3');
  });

  it('checks occurrences', () => {
    const T1 = DEFAULT_SCHEMES[1].items[0];
    expect(checkFinding(T1, { occurrences: 0, pointsEach: 5 })).toBe('T1 次数应为 1~999 的整数(当前为 0)');
    expect(checkFinding(T1, { occurrences: 1.5, pointsEach: 5 })).not.toBeNull();
    expect(checkFinding(T1, { occurrences: 1000, pointsEach: 5 })).not.toBeNull();
    expect(checkFinding(T1, { occurrences: 999, pointsEach: 5 })).toBeNull();
    const T9 = DEFAULT_SCHEMES[1].items.find((i) => i.code === 'T9')!;
    expect(checkFinding(T9, { occurrences: 2, pointsEach: 5 })).toBe('T9 为固定扣分项,次数只能为 1(当前为 2)');
    expect(checkFinding(T9, { occurrences: 1, pointsEach: 5 })).toBeNull();
  });
});

describe('scoreInspection', () => {
  const floor = item({ code: 'T1', maxPoints: 15, unitDeduction: 5 });
  const walls = item({ code: 'T2', maxPoints: 15, unitDeduction: 5, cap: 8 });
  const rest = item({ code: 'X', maxPoints: 70, unitDeduction: 0.1 });
  const veto = item({ code: 'V', maxPoints: 0, unitDeduction: 0, veto: true });
  const bonus = item({ code: 'B', maxPoints: 5, unitDeduction: 2, bonus: true });
  const s = scheme([floor, walls, rest, veto, bonus], { bonusCap: 3 });

  it('stops deductions at the item maximum (扣完为止)', () => {
    const r = scoreInspection(s, [{ itemCode: 'T1', occurrences: 4, pointsEach: 5 }]);
    expect(r).toEqual({
      rawDeduction: 20,
      deduction: 15,
      bonus: 0,
      score: 85,
      vetoed: false,
      items: { T1: { raw: 20, applied: 15 } },
    });
  });

  it('applies an explicit cap below the maximum and adds findings on the same item', () => {
    const r = scoreInspection(s, [
      { itemCode: 'T2', occurrences: 1, pointsEach: 5 },
      { itemCode: 't2 ', occurrences: 1, pointsEach: 5 },
      { itemCode: 'X', occurrences: 3, pointsEach: 0.1 },
    ]);
    expect(r.items).toEqual({ T2: { raw: 10, applied: 8 }, X: { raw: 0.3, applied: 0.3 } });
    expect(r.rawDeduction).toBe(10.3);
    expect(r.deduction).toBe(8.3);
    expect(r.score).toBe(91.7);
  });

  it('caps the bonus and never exceeds the full score', () => {
    const onlyBonus = scoreInspection(s, [{ itemCode: 'B', occurrences: 2, pointsEach: 2 }]);
    expect(onlyBonus.bonus).toBe(3);
    expect(onlyBonus.score).toBe(100);
    expect(onlyBonus.items.B).toEqual({ raw: 4, applied: 4 });
    const small = scoreInspection(s, [
      { itemCode: 'B', occurrences: 2, pointsEach: 2 },
      { itemCode: 'X', occurrences: 20, pointsEach: 0.1 },
    ]);
    expect(small.score).toBe(100); // 100 − 2 + 3 = 101 → 100
    const big = scoreInspection(s, [
      { itemCode: 'B', occurrences: 5, pointsEach: 2 }, // raw 10 → item max 5 → bonusCap 3
      { itemCode: 'T1', occurrences: 1, pointsEach: 5 },
    ]);
    expect(big.items.B).toEqual({ raw: 10, applied: 5 });
    expect(big.bonus).toBe(3);
    expect(big.score).toBe(98);
  });

  it('zeroes the score on a veto finding', () => {
    const r = scoreInspection(s, [
      { itemCode: 'T1', occurrences: 1, pointsEach: 5 },
      { itemCode: 'V', occurrences: 1, pointsEach: 0 },
    ]);
    expect(r.vetoed).toBe(true);
    expect(r.score).toBe(0);
    expect(r.deduction).toBe(5);
  });

  it('gives the full score with no findings and clamps at 0', () => {
    expect(scoreInspection(s, []).score).toBe(100);
    const heavy = scheme([item({ code: 'A', maxPoints: 100, unitDeduction: 10 })]);
    expect(scoreInspection(heavy, [{ itemCode: 'A', occurrences: 15, pointsEach: 10 }]).score).toBe(0);
  });

  it('scores the default road scheme with a ranged finding', () => {
    const r = scoreInspection(road, [
      { itemCode: 'R3', occurrences: 3, pointsEach: 0.35 },
      { itemCode: 'R3', occurrences: 2, pointsEach: 0.1 },
      { itemCode: 'R2', occurrences: 1, pointsEach: 5 },
    ]);
    expect(r.items.R3).toEqual({ raw: 1.25, applied: 1.25 });
    expect(r.score).toBe(93.75);
  });

  it('throws on an unknown item code', () => {
    expect(() => scoreInspection(s, [{ itemCode: 'ZZ', occurrences: 1, pointsEach: 1 }])).toThrow(/ZZ/);
  });
});

describe('aggregateOnSite', () => {
  const a = item({ code: 'A', maxPoints: 10, unitDeduction: 4 });
  const b = item({ code: 'B', maxPoints: 90, unitDeduction: 3 });
  const bonus = item({ code: 'P', maxPoints: 5, unitDeduction: 1, bonus: true });
  const mean = scheme([a, b, bonus], { bonusCap: 2 });
  const all = { ...mean, aggregation: 'deductAllFromFull' as const };
  type Month = Array<{ score: number; vetoed: boolean; itemRaw: Record<string, number> }>;
  const month: Month = [
    { score: 92, vetoed: false, itemRaw: { A: 8 } },
    { score: 89, vetoed: false, itemRaw: { A: 8, B: 3 } },
  ];

  it('gives different numbers for the same month under the two rules', () => {
    expect(aggregateOnSite(mean, month)).toBe(90.5); // (92 + 89) / 2
    expect(aggregateOnSite(all, month)).toBe(87); // 100 − min(10, 16) − 3
  });

  it('adds the month’s bonus within bonusCap under deductAllFromFull', () => {
    const m: Month = [...month, { score: 100, vetoed: false, itemRaw: { P: 3 } }];
    expect(aggregateOnSite(all, m)).toBe(89);
  });

  it('zeroes a month with a vetoed inspection under deductAllFromFull and averages its 0 otherwise', () => {
    const m: Month = [month[0], { score: 0, vetoed: true, itemRaw: {} }];
    expect(aggregateOnSite(all, m)).toBe(0);
    expect(aggregateOnSite(mean, m)).toBe(46);
  });

  it('averages full-precision scores without drift', () => {
    const m = [0.1, 0.2].map((score) => ({ score, vetoed: false, itemRaw: {} }));
    expect(aggregateOnSite(mean, m)).toBe(0.15);
  });

  it('is null without inspections and throws on unknown codes', () => {
    expect(aggregateOnSite(mean, [])).toBeNull();
    expect(aggregateOnSite(all, [])).toBeNull();
    expect(() => aggregateOnSite(all, [{ score: 90, vetoed: false, itemRaw: { Q: 1 } }])).toThrow(/Q/);
  });
});

describe('rectificationScore', () => {
  it('is the on-time share of the full score, full when nothing was due', () => {
    expect(rectificationScore(100, 0, 0)).toBe(100);
    expect(rectificationScore(100, 4, 3)).toBe(75);
    expect(rectificationScore(100, 4, 0)).toBe(0);
    expect(rectificationScore(100, 3, 2)).toBeCloseTo(66.6667, 4);
    expect(() => rectificationScore(100, 2, 3)).toThrow();
  });
});

describe('combineComponents', () => {
  it('reproduces Changning: 50/15/15/20 → 92.83', () => {
    const s = scheme([], {
      components: [
        { key: 'quality', label: '质量状况', weight: 50, source: 'inspections' },
        { key: 'norm', label: '规范达标', weight: 15, source: 'manual' },
        { key: 'mgmt', label: '管理指标', weight: 15, source: 'manual' },
        { key: 'public', label: '公众监督', weight: 20, source: 'manual' },
      ],
    });
    const r = combineComponents(s, { quality: 92.4, norm: 95.4, mgmt: 94.4, public: 90.8 });
    expect(r.weighted).toEqual({ quality: 46.2, norm: 14.31, mgmt: 14.16, public: 18.16 });
    expect(r.score).toBe(92.83);
    expect(r.missing).toEqual([]);
    // 东联 public supervision: mean of the sub-district surveys × 20 % = 18.157 → 18.16
    const survey = combineComponents(s, { quality: 0, norm: 0, mgmt: 0, public: (94.75 + 80.2 + 97.4) / 3 });
    expect(round2(survey.weighted.public!)).toBe(18.16);
  });

  it('reproduces Nan’an: 0.7 × 87.4615 + 0.3 × 88 = 87.623 → 87.62', () => {
    const s = scheme([], {
      components: [
        { key: 'villages', label: '村平均', weight: 70, source: 'manual' },
        { key: 'trunkRoad', label: '干道', weight: 30, source: 'manual' },
      ],
    });
    const r = combineComponents(s, { villages: 87.4615, trunkRoad: 88 });
    expect(r.score).toBeCloseTo(87.62305, 10);
    expect(round2(r.score!)).toBe(87.62);
    expect(r.weighted.trunkRoad).toBe(26.4);
    const exact = combineComponents(s, { villages: 1137 / 13, trunkRoad: 88 });
    expect(round2(exact.score!)).toBe(87.62);
  });

  it('is null and lists the missing keys when a component has no value', () => {
    const r = combineComponents(road, { onSite: 95 });
    expect(r).toEqual({ score: null, weighted: { onSite: 85.5, rectification: null }, missing: ['rectification'] });
    const full = combineComponents(road, { onSite: 95, rectification: 80 });
    expect(full.score).toBe(93.5);
  });
});
