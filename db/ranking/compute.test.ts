import { describe, expect, it } from 'vitest';
import type { UnitScore } from '../assessment/monthly';
import { checkScheme, rankingRuleOf } from '../assessment/scheme';
import { round2 } from '../assessment/scoring';
import type { CompositeGroup, GradeBand, RankingRule, SchemeDefinition, TargetType } from '../assessment/types';
import { DEFAULT_SCHEMES } from '../migrations/012_default_schemes';
import { compositeScore, consequencesOf, monthUnitScores, periodUnitScores, problemsText, rankingRows, type MonthUnitScore } from './compute';
import { parsePeriod } from './period';

const BANDS: GradeBand[] = [
  { grade: '优秀', min: 90 },
  { grade: '良好', min: 80 },
  { grade: '合格', min: 60 },
  { grade: '不合格', min: 0 },
];

function unit(targetType: TargetType, targetId: number, score: number | null, contractorId = 1): UnitScore {
  return {
    familyId: 1,
    schemeId: 1,
    schemeName: '细则',
    category: 'roadCleaning',
    targetType,
    targetId,
    targetName: `${targetType}${targetId}`,
    contractId: 1,
    contractNo: 'HT-1',
    contractorId,
    contractorName: `公司${contractorId}`,
    inspections: 1,
    pending: 0,
    components: [{ key: 'onSite', label: '现场检查', weight: 100, source: 'inspections', value: score, weighted: score }],
    score,
    grade: null,
  };
}

const rule = (over: Partial<RankingRule> = {}): RankingRule => ({ ...rankingRuleOf({ gradeBands: BANDS } as SchemeDefinition), ...over });

describe('composite scores (DOMAIN §3.6)', () => {
  it("Nan'an: 0.7 × mean(13 villages) + 0.3 × trunk road = 87.62", () => {
    const villages = [90, 89, 89, 88, 88, 87, 87, 87, 86, 86, 87, 86, 87];
    const groups: CompositeGroup[] = [
      { label: '13个村', weight: 70, targetType: 'community', targetIds: [] },
      { label: '省道215', weight: 30, targetType: 'section', targetIds: [] },
    ];
    const units = [...villages.map((s, i) => unit('community', i + 1, s)), unit('section', 99, 88)];
    const scores = monthUnitScores(units, (u) => [u.contractorId!], { aggregated: true, composite: groups });
    const company = scores.get(1)!;
    expect(company.score).toBeCloseTo(0.7 * (1137 / 13) + 0.3 * 88, 10);
    expect(round2(company.score!)).toBe(87.62);
    expect(Object.keys(company.components)).toEqual(['13个村(70%)', '省道215(30%)']);
    expect(round2(Object.values(company.components).reduce((a, b) => a + b, 0))).toBe(87.62);
    // 90/10 would give 87.52: the weights matter.
    const ninety: CompositeGroup[] = [{ ...groups[0], weight: 90 }, { ...groups[1], weight: 10 }];
    const members = units.map((u) => ({ group: ninety[u.targetType === 'section' ? 1 : 0], score: u.score! }));
    expect(round2(compositeScore(ninety, members)!.score)).toBe(87.52);
  });

  it('a target named in a group goes there before its type’s group; a group with nothing scored leaves the others', () => {
    const groups: CompositeGroup[] = [
      { label: '村', weight: 70, targetType: 'community', targetIds: [] },
      { label: '干线', weight: 30, targetType: null, targetIds: [7] },
    ];
    const s = monthUnitScores([unit('community', 1, 80), unit('community', 7, 100)], () => [1], { aggregated: true, composite: groups });
    expect(s.get(1)!.score).toBeCloseTo(0.7 * 80 + 0.3 * 100);
    const only = monthUnitScores([unit('community', 1, 80)], () => [1], { aggregated: true, composite: groups });
    expect(only.get(1)!.score).toBe(80);
  });

  it('without composite groups a contractor is the plain mean of its units', () => {
    const s = monthUnitScores([unit('section', 1, 90), unit('section', 2, 80), unit('section', 3, null)], () => [5], { aggregated: true, composite: [] });
    expect(s.get(5)).toMatchObject({ score: 85, inspections: 3 });
  });
});

describe('periods: quarter = mean of its months, year = mean of its quarters (DOMAIN §3.9)', () => {
  const month = (score: number | null): Map<number, MonthUnitScore> => new Map([[1, { score, components: { 现场检查: score ?? 0 }, inspections: 1, name: '甲' }]]);

  it('parses months, rounds, quarters and years', () => {
    expect(parsePeriod('2025-10')).toMatchObject({ kind: 'month', months: ['2025-10'], label: '2025年10月' });
    expect(parsePeriod('2025-10~2025-11')).toMatchObject({ kind: 'round', months: ['2025-10', '2025-11'], label: '2025年10月—11月' });
    expect(parsePeriod('2025-Q4')).toMatchObject({ kind: 'quarter', months: ['2025-10', '2025-11', '2025-12'], label: '2025年第四季度' });
    expect(parsePeriod('2025').groups).toHaveLength(4);
    expect(() => parsePeriod('2025-11~2025-10')).toThrow(/结束月份/);
    expect(() => parsePeriod('2025-13')).toThrow(/无法识别/);
  });

  it('a quarter is the mean of the months the unit was scored in', () => {
    const byMonth = new Map([
      ['2025-10', month(90)],
      ['2025-11', month(80)],
    ]);
    const q = periodUnitScores(parsePeriod('2025-Q4').groups, byMonth, null).get(1)!;
    expect(q).toMatchObject({ score: 85, inspections: 2, months: ['2025-10', '2025-11'] });
  });

  it('a year is the mean of its quarters (not of its months), × 95 % + extras × 5 % when the scheme says so', () => {
    const byMonth = new Map([
      ['2025-01', month(90)],
      ['2025-02', month(90)],
      ['2025-03', month(90)],
      ['2025-04', month(80)],
      ['2025-11', month(70)],
      ['2025-12', month(80)],
    ]);
    const groups = parsePeriod('2025').groups;
    const plain = periodUnitScores(groups, byMonth, null).get(1)!;
    expect(plain.score).toBeCloseTo((90 + 80 + 75) / 3, 10);
    expect(plain.score).not.toBeCloseTo((90 * 3 + 80 + 70 + 80) / 6, 2);
    const withExtras = periodUnitScores(groups, byMonth, { weight: 5, label: '创新、荣誉及宣传', scores: new Map([[1, 100]]) }).get(1)!;
    expect(withExtras.score).toBeCloseTo(((90 + 80 + 75) / 3) * 0.95 + 5, 10);
    expect(withExtras.components['创新、荣誉及宣传(5%)']).toBe(5);
  });
});

describe('rows: ranks on 2 decimals, unranked rows, 未检查, grades, exposure and consequences', () => {
  const scores = (list: Array<[number, number | null]>) =>
    new Map(list.map(([id, score]) => [id, { score, components: {}, inspections: score == null ? 0 : 2, name: `单位${id}`, months: [] }]));
  const rows = (list: Array<[number, number | null]>, over: Partial<Parameters<typeof rankingRows>[0]> = {}) =>
    rankingRows({
      unitType: 'community',
      kind: 'month',
      lastMonth: '2025-10',
      scores: scores(list),
      live: [...list.map(([id]) => ({ id, name: `单位${id}`, sortOrder: id })), { id: 50, name: '未查村', sortOrder: 0 }],
      rule: rule({ exposureBelow: 88 }),
      bands: BANDS,
      unranked: new Set(),
      problems: new Map(),
      money: null,
      history: new Map(),
      ...over,
    });

  it('93, 91, 89, 89, 88 → 1, 2, 3, 3, 5; ties keep the official order; 未检查 last', () => {
    const out = rows([
      [5, 88],
      [4, 89],
      [1, 93],
      [2, 89.004],
      [3, 91],
    ]);
    expect(out.map((r) => [r.unitName, r.rank, r.tied, r.rankText])).toEqual([
      ['单位1', 1, false, '第一名'],
      ['单位3', 2, false, '第二名'],
      ['单位2', 3, true, '第三名'],
      ['单位4', 3, true, '第三名'],
      ['单位5', 5, false, '第五名'],
      ['未查村', null, false, null],
    ]);
    expect(out.at(-1)).toMatchObject({ status: 'notInspected', score: null, grade: null, inspections: 0 });
    expect(out.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('rounds half-up at 2 decimals before ranking and grading: 89.995 is 90.00, 优秀, tied with 90', () => {
    const out = rows([
      [1, 89.995],
      [2, 90],
      [3, 89.994],
    ]);
    expect(out.slice(0, 3).map((r) => [r.unitName, r.scoreRounded, r.rank, r.grade])).toEqual([
      ['单位1', 90, 1, '优秀'],
      ['单位2', 90, 1, '优秀'],
      ['单位3', 89.99, 3, '良好'],
    ]);
  });

  it('a target the scheme leaves unranked prints at its score without a rank and takes no rank from others', () => {
    const out = rows(
      [
        [1, 90],
        [2, 88],
        [3, 87],
      ],
      { unranked: new Set([2]) },
    );
    expect(out.slice(0, 3).map((r) => [r.unitName, r.rank, r.status])).toEqual([
      ['单位1', 1, 'ranked'],
      ['单位2', null, 'unranked'],
      ['单位3', 2, 'ranked'],
    ]);
  });

  it('below the exposure line is named; 不合格 two months running → 约谈, three months in the year → 解约审查', () => {
    const history = new Map([
      [1, new Map([['2025-09', '不合格']])],
      [2, new Map([['2025-03', '不合格'], ['2025-06', '不合格']])],
      [3, new Map([['2025-08', '不合格']])],
    ]);
    const out = rows(
      [
        [1, 50],
        [2, 55],
        [3, 59],
        [4, 87.99],
        [5, 88],
      ],
      { history },
    );
    const by = new Map(out.map((r) => [r.unitId, r]));
    expect(by.get(1)!.consequences).toEqual(['exposure', 'summoned']);
    expect(by.get(2)!.consequences).toEqual(['exposure', 'terminationReview']);
    expect(by.get(3)!.consequences).toEqual(['exposure']); // August and October are not consecutive
    expect(by.get(4)).toMatchObject({ exposed: true, grade: '良好' });
    expect(by.get(5)).toMatchObject({ exposed: false, consequences: [] });
    expect(consequencesOf(rule(), BANDS, '2025-01', '不合格', new Map([['2024-12', '不合格']]))).toEqual(['summoned']);
    expect(consequencesOf(rule(), BANDS, '2025-01', '不合格', new Map([['2024-11', '不合格'], ['2024-12', '不合格']]))).toEqual(['summoned']);
  });

  it('存在问题: findings deduplicated, items by 、 and sections by ;, cut short with 等', () => {
    expect(
      problemsText([
        { section: '环境卫生', text: '地面积水' },
        { section: '环境卫生', text: '纸篓满溢(2处)' },
        { section: '设施设备', text: '标识缺失' },
        { section: '环境卫生', text: '地面积水' },
      ]),
    ).toBe('地面积水、纸篓满溢;标识缺失');
    expect(problemsText(Array.from({ length: 40 }, (_, i) => ({ section: 'a', text: `问题${i}` })), 30)).toMatch(/^问题0、.*等$/);
  });
});

describe('the ranking block of a scheme', () => {
  const base = DEFAULT_SCHEMES.find((s) => s.category === 'roadCleaning')!;

  it('has defaults when absent: no exposure line, 不合格 2 months running → 约谈, 3 in a year → 解约审查', () => {
    expect(base.ranking).toBeUndefined();
    expect(rankingRuleOf(base)).toMatchObject({
      exposureBelow: null,
      consequences: [
        { consequence: 'summoned', months: 2, window: 'consecutive' },
        { consequence: 'terminationReview', months: 3, window: 'year' },
      ],
      composite: [],
    });
  });

  it('checks weights, grades, the exposure line and the year extras, naming what to fix', () => {
    const good: SchemeDefinition = {
      ...base,
      ranking: {
        exposureBelow: 88,
        consequences: [{ consequence: 'summoned', grades: ['不合格'], months: 2, window: 'consecutive' }],
        composite: [
          { label: '13个村', weight: 70, targetType: 'community', targetIds: [] },
          { label: '省道215', weight: 30, targetType: 'section', targetIds: [] },
        ],
        unrankedTargetIds: [3],
        yearExtrasWeight: 5,
        yearExtrasLabel: '创新、荣誉及宣传',
      },
    };
    expect(checkScheme(good)).toEqual({});
    const bad = checkScheme({
      ...good,
      ranking: {
        ...good.ranking!,
        exposureBelow: 101,
        consequences: [{ consequence: 'summoned', grades: ['差'], months: 2, window: 'consecutive' }],
        composite: [
          { label: '村', weight: 60, targetType: 'community', targetIds: [] },
          { label: '干线', weight: 30, targetType: null, targetIds: [] },
        ],
        yearExtrasWeight: 5,
        yearExtrasLabel: '',
      },
    });
    expect(bad['ranking.exposureBelow']).toContain('0~100');
    expect(bad['ranking.consequences.0.grades']).toContain('「差」不在本细则的等级中');
    expect(bad['ranking.composite']).toContain('合计 90%');
    expect(bad['ranking.yearExtrasLabel']).toContain('名称');
  });
});
