import { describe, it, expect } from 'vitest';
import { checkScheme, gradeOf, isIsoDate, parseSchemeDefinition, SCHEME_VOCABULARY, schemeDefinitionSchema } from './scheme';
import type { SchemeDefinition } from './types';
import { DEFAULT_SCHEMES } from '../migrations/012_default_schemes';

/** A mutable deep copy of a default scheme (the defaults are frozen). */
function copy(i = 0): SchemeDefinition {
  return structuredClone(DEFAULT_SCHEMES[i]);
}

const sum = (d: SchemeDefinition) => d.items.filter((i) => !i.bonus).reduce((s, i) => s + i.maxPoints * 100, 0) / 100;

describe('DEFAULT_SCHEMES', () => {
  it('has the four defaults of DOMAIN §3', () => {
    expect(DEFAULT_SCHEMES.map((d) => [d.name, d.targetType, d.category, d.aggregation])).toEqual([
      ['道路清扫保洁月度考核细则', 'section', 'roadCleaning', 'meanOfInspections'],
      ['公共厕所月度考核细则', 'toilet', 'toilet', 'meanOfInspections'],
      ['生活小区垃圾分类考核评价表', 'estate', 'wasteSorting', 'meanOfInspections'],
      ['垃圾收运作业月度考核细则', 'section', 'wasteCollection', 'deductAllFromFull'],
    ]);
    expect(DEFAULT_SCHEMES[0].items.map((i) => i.code)).toEqual(['R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7', 'R8', 'R9']);
    expect(DEFAULT_SCHEMES[1].items.map((i) => i.code)).toEqual(['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9', 'T10']);
    expect(DEFAULT_SCHEMES[0].components.map((c) => [c.label, c.weight])).toEqual([['现场检查', 90], ['整改反馈', 10]]);
    expect(DEFAULT_SCHEMES[2].money?.rateTiers?.tiers).toEqual([
      { below: 25, pct: 10 },
      { below: 24, pct: 20 },
      { below: 23, pct: 30 },
      { below: 22, pct: 40 },
      { below: 21, pct: 50 },
    ]);
  });

  for (const d of DEFAULT_SCHEMES) {
    it(`${d.name} passes checkScheme and the input schema`, () => {
      expect(sum(d)).toBe(100);
      expect(checkScheme(d)).toEqual({});
      expect(parseSchemeDefinition(structuredClone(d))).toEqual(d);
      expect(d.effectiveFrom).toBe('2025-01-01');
      expect(d.effectiveTo).toBeNull();
      expect(d.gradeBands).toEqual([
        { grade: '优秀', min: 90 },
        { grade: '良好', min: 80 },
        { grade: '合格', min: 60 },
        { grade: '不合格', min: 0 },
      ]);
      expect(d.notes).toMatch(/^依据:/);
    });
  }

  it('is frozen', () => {
    expect(Object.isFrozen(DEFAULT_SCHEMES)).toBe(true);
    expect(Object.isFrozen(DEFAULT_SCHEMES[0].items[1].tiers[0])).toBe(true);
  });
});

describe('checkScheme', () => {
  it('refuses items that do not add up to the full score, naming the sum', () => {
    const d = copy();
    d.items[0].maxPoints = 5;
    expect(checkScheme(d)).toEqual({ items: '各项分值合计 95 分,应等于满分 100 分(请调整分值)' });
  });

  it('compares the sum in hundredths (no float surprises)', () => {
    const d = copy(1);
    const t1 = { ...d.items[0], unitDeduction: 1 };
    d.items.splice(0, 1, { ...t1, maxPoints: 5.1 }, { ...t1, code: 'T1b', maxPoints: 4.7 }, { ...t1, code: 'T1c', maxPoints: 5.2 });
    expect(checkScheme(d)).toEqual({});
    d.items[1].maxPoints = 4.69;
    expect(checkScheme(d).items).toBe('各项分值合计 99.99 分,应等于满分 100 分(请调整分值)');
  });

  it('does not count bonus items in the sum and needs a bonus cap for them', () => {
    const d = copy();
    d.items.push({ ...d.items[8], code: 'P1', title: '创新加分', bonus: true, maxPoints: 3, unitDeduction: 1 });
    expect(checkScheme(d)).toEqual({ bonusCap: '细则含加分项,但加分上限为 0,加分不会生效(请填写加分上限)' });
    d.bonusCap = 3;
    expect(checkScheme(d)).toEqual({});
    d.bonusCap = -1;
    expect(checkScheme(d).bonusCap).toContain('不小于 0');
  });

  it('checks caps against the item maximum', () => {
    const d = copy();
    d.items[1].cap = 30;
    expect(checkScheme(d)).toEqual({ 'items.1.cap': 'R2 扣分上限 30 大于该项分值 25(请改为不超过 25,或留空)' });
    d.items[1].cap = -1;
    expect(checkScheme(d)['items.1.cap']).toContain('不能为负数');
    d.items[1].cap = 25;
    expect(checkScheme(d)).toEqual({});
  });

  it('checks unit deductions', () => {
    const d = copy(1);
    d.items[4].unitDeduction = 6; // T5, max 5
    expect(checkScheme(d)).toEqual({ 'items.4.unitDeduction': 'T5 单次扣分 6 大于该项分值 5(请调小扣分,或调大分值)' });
    d.items[4].unitDeduction = -1;
    expect(checkScheme(d)['items.4.unitDeduction']).toContain('不小于 0');
    d.items[4].unitDeduction = 0;
    expect(checkScheme(d)['items.4.unitDeduction']).toContain('为 0');
  });

  it('refuses duplicate codes after trim, case-insensitive', () => {
    const d = copy();
    d.items[3].code = ' r1 ';
    expect(checkScheme(d)).toEqual({
      'items.3.code': '编号 r1 与第 1 项(R1)重复,编号不区分大小写,请改用其他编号',
    });
    d.items[3].code = ' ';
    expect(checkScheme(d)['items.3.code']).toBe('第 4 项缺少编号(如 R1、T1.3)');
  });

  it('checks tiers', () => {
    const d = copy();
    const R3 = 2;
    d.items[R3].tiers[3] = { label: '散落袋装垃圾>3袋', pointsMin: 0.5, pointsMax: 0.2 };
    expect(checkScheme(d)).toEqual({ 'items.2.tiers.3': 'R3 第 4 档「散落袋装垃圾>3袋」最低扣分 0.5 大于最高扣分 0.2(请对调)' });
    d.items[R3].tiers[3] = { label: 'x', pointsMin: 0.2 };
    expect(checkScheme(d)['items.2.tiers.3']).toContain('需同时填写最低和最高扣分');
    d.items[R3].tiers[3] = { label: 'x', points: 1, pointsMin: 0.2, pointsMax: 0.5 };
    expect(checkScheme(d)['items.2.tiers.3']).toContain('只能填固定扣分或扣分范围之一');
    d.items[R3].tiers[3] = { label: 'x' };
    expect(checkScheme(d)['items.2.tiers.3']).toContain('需填写固定扣分');
    d.items[R3].tiers[3] = { label: 'x', points: -1 };
    expect(checkScheme(d)['items.2.tiers.3']).toContain('不小于 0');
    d.items[R3].tiers[3] = { label: '暴露垃圾', points: 3 };
    expect(checkScheme(d)['items.2.tiers.3']).toContain('名称重复');
    d.items[R3].tiers[3] = { label: 'x', pointsMin: 0.2, pointsMax: 16 };
    expect(checkScheme(d)['items.2.tiers.3']).toBe('R3 第 4 档「x」最高扣分 16 大于该项分值 15');
  });

  it('allows veto items and refuses a bonus veto item', () => {
    const d = copy();
    d.items.push({ ...d.items[8], code: 'V1', title: '发生安全责任事故', maxPoints: 0, unitDeduction: 0, veto: true });
    expect(checkScheme(d)).toEqual({});
    d.items[9].bonus = true;
    d.bonusCap = 1;
    expect(checkScheme(d)['items.9.veto']).toContain('不能既是加分项又是一票否决项');
  });

  it('checks components', () => {
    const d = copy();
    d.components[1].weight = 5;
    expect(checkScheme(d)).toEqual({ components: '各组成部分权重合计 95%,应为 100%(请调整权重)' });
    d.components[1].weight = 0;
    expect(checkScheme(d)['components.1.weight']).toContain('权重应大于 0');
    d.components[1] = { key: 'onSite2', label: '复查', weight: 10, source: 'inspections' };
    expect(checkScheme(d)).toEqual({ components: '来源为「现场检查」的组成部分有 2 个,只能有一个' });
    d.components = [
      { key: 'a', label: '整改一', weight: 50, source: 'rectification' },
      { key: 'b', label: '整改二', weight: 50, source: 'rectification' },
    ];
    expect(checkScheme(d).components).toBe('须有一个来源为「现场检查」的组成部分;来源为「整改反馈」的组成部分有 2 个,最多一个');
    d.components = [
      { key: 'a', label: '现场', weight: 60, source: 'inspections' },
      { key: 'A', label: '调查', weight: 40, source: 'manual' },
    ];
    expect(checkScheme(d)['components.1.key']).toContain('重复');
    d.components = [];
    expect(checkScheme(d).components).toContain('至少需要一个');
  });

  it('accepts weights with decimals that add up in hundredths', () => {
    const d = copy();
    d.components = [
      { key: 'a', label: '现场', weight: 33.33, source: 'inspections' },
      { key: 'b', label: '整改', weight: 33.33, source: 'rectification' },
      { key: 'c', label: '调查', weight: 33.34, source: 'manual' },
    ];
    expect(checkScheme(d)).toEqual({});
  });

  it('checks grade bands', () => {
    const d = copy();
    d.gradeBands = d.gradeBands.slice(0, 3);
    expect(checkScheme(d)).toEqual({ gradeBands: '须有一个下限为 0 的等级(如 不合格 ≥0),否则低分没有等级' });
    d.gradeBands = [...copy().gradeBands, { grade: '优秀', min: 95 }];
    expect(checkScheme(d)['gradeBands.4.grade']).toBe('等级「优秀」重复');
    d.gradeBands = [...copy().gradeBands, { grade: '卓越', min: 90 }];
    expect(checkScheme(d)['gradeBands.4.min']).toBe('等级「卓越」的下限 90 与等级「优秀」相同');
    d.gradeBands = [...copy().gradeBands, { grade: '卓越', min: 101 }];
    expect(checkScheme(d)['gradeBands.4.min']).toContain('0~100');
    d.gradeBands = [];
    expect(checkScheme(d).gradeBands).toContain('至少需要一个等级');
  });

  it('checks the money rule', () => {
    const d = copy(2);
    const m = d.money!;
    m.passMark = 101;
    m.pctPerPoint = 101;
    m.capPct = -1;
    m.events[1].kind = 'complaintUnfixed';
    m.events[2].pct = 120;
    m.rateTiers!.tiers[1].below = 25;
    m.rateTiers!.tiers[2].pct = 150;
    expect(checkScheme(d)).toEqual({
      'money.passMark': '合格线应在 0~100 分之间(最多两位小数)',
      'money.pctPerPoint': '每低 1 分扣款比例应在 0~100% 之间(最多两位小数)',
      'money.capPct': '月扣款上限应在 0~100% 之间(最多两位小数)',
      'money.events.1.kind': '「县级通报批评或媒体曝光」的标识 complaintUnfixed 与第 1 类事件重复',
      'money.events.2.pct': '「市级及以上通报批评或媒体曝光」每次扣款比例应在 0~100% 之间(最多两位小数)',
      'money.rateTiers.tiers.1.below': '第 2 档的比率界限 25% 与第 1 档相同',
      'money.rateTiers.tiers.2.pct': '第 3 档的扣款比例应在 0~100% 之间(最多两位小数)',
    });
    d.money = null;
    expect(checkScheme(d)).toEqual({});
  });

  it('checks the dates', () => {
    const d = copy();
    d.effectiveTo = '2024-12-31';
    expect(checkScheme(d)).toEqual({
      effectiveTo: '截止日期 2024-12-31 早于生效日期 2025-01-01(请改为不早于生效日期,或留空表示长期有效)',
    });
    d.effectiveTo = '2025-01-01';
    expect(checkScheme(d)).toEqual({});
    d.effectiveFrom = '2025-02-30';
    expect(checkScheme(d).effectiveFrom).toContain('有效日期');
  });

  it('checks the full score', () => {
    const d = copy();
    d.fullScore = 0;
    expect(checkScheme(d).fullScore).toContain('大于 0');
  });
});

describe('schemeDefinitionSchema', () => {
  it('trims strings and returns a SchemeDefinition', () => {
    const raw = structuredClone(DEFAULT_SCHEMES[0]) as SchemeDefinition;
    raw.name = '  道路考核  ';
    raw.items[0].code = ' R1 ';
    const out = parseSchemeDefinition(raw);
    expect(out.name).toBe('道路考核');
    expect(out.items[0].code).toBe('R1');
  });

  const bad: Array<[string, (d: Record<string, unknown> & SchemeDefinition) => void]> = [
    ['an unknown key', (d) => (d.extra = 1)],
    ['an unknown item key', (d) => Object.assign(d.items[0], { points: 1 })],
    ['an infinite number', (d) => (d.fullScore = Infinity)],
    ['NaN', (d) => (d.items[0].maxPoints = Number.NaN)],
    ['an empty name', (d) => (d.name = '   ')],
    ['a bad date', (d) => (d.effectiveFrom = '2025-2-1')],
    ['an impossible date', (d) => (d.effectiveTo = '2025-02-30')],
    ['a bad enum', (d) => ((d as { targetType: string }).targetType = 'road')],
    ['201 items', (d) => (d.items = Array.from({ length: 201 }, (_, i) => ({ ...d.items[0], code: `X${i}` })))],
    ['11 tiers', (d) => (d.items[1].tiers = Array.from({ length: 11 }, (_, i) => ({ label: `t${i}`, points: 1 })))],
    ['9 components', (d) => (d.components = Array.from({ length: 9 }, (_, i) => ({ ...d.components[0], key: `c${i}` })))],
    ['11 grade bands', (d) => (d.gradeBands = Array.from({ length: 11 }, (_, i) => ({ grade: `g${i}`, min: i })))],
    ['21 events', (d) => (d.money!.events = Array.from({ length: 21 }, (_, i) => ({ kind: `k${i}`, label: 'x', pct: 1 })))],
    ['a bad component key', (d) => (d.components[0].key = '现场')],
    ['fractional rectify days', (d) => (d.items[1].rectifyDays = 1.5)],
  ];
  for (const [what, mutate] of bad) {
    it(`rejects ${what}`, () => {
      const d = structuredClone(DEFAULT_SCHEMES[0]) as Record<string, unknown> & SchemeDefinition;
      mutate(d);
      expect(schemeDefinitionSchema.safeParse(d).success).toBe(false);
    });
  }

  it('accepts the maximum sizes', () => {
    const d = structuredClone(DEFAULT_SCHEMES[0]);
    d.items = Array.from({ length: 200 }, (_, i) => ({ ...d.items[0], code: `X${i}` }));
    d.gradeBands = Array.from({ length: 10 }, (_, i) => ({ grade: `g${i}`, min: i }));
    expect(schemeDefinitionSchema.safeParse(d).success).toBe(true);
  });
});

describe('isIsoDate', () => {
  it('accepts real dates only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2025-13-01')).toBe(false);
    expect(isIsoDate('2025-1-01')).toBe(false);
  });
});

describe('SCHEME_VOCABULARY', () => {
  it('labels every enum in Chinese', () => {
    expect(SCHEME_VOCABULARY.targetType).toEqual({ section: '标段', toilet: '公厕', estate: '生活小区', community: '社区(村)', street: '街道(镇)' });
    expect(SCHEME_VOCABULARY.category.roadCleaning).toBe('道路清扫保洁');
    expect(SCHEME_VOCABULARY.deductionUnit.perMetreBand).toBe('按连续米数');
    expect(SCHEME_VOCABULARY.evidence['photo+location']).toBe('需照片和位置');
    expect(SCHEME_VOCABULARY.aggregation.deductAllFromFull).toBe('当月所有扣分从满分中扣除');
    expect(SCHEME_VOCABULARY.shortfallMode).toEqual({ exact: '按实际差值', ceil: '不足1分按1分计', floor: '不足1分不计' });
    expect(SCHEME_VOCABULARY.componentSource).toEqual({ inspections: '现场检查', rectification: '整改反馈', manual: '人工录入' });
  });
});

describe('gradeOf', () => {
  const bands = DEFAULT_SCHEMES[0].gradeBands;
  it('is inclusive on the rounded score', () => {
    expect(gradeOf(bands, 89.995)).toBe('优秀');
    expect(gradeOf(bands, 89.994)).toBe('良好');
    expect(gradeOf(bands, 90)).toBe('优秀');
    expect(gradeOf(bands, 100)).toBe('优秀');
    expect(gradeOf(bands, 80)).toBe('良好');
    expect(gradeOf(bands, 79.99)).toBe('合格');
    expect(gradeOf(bands, 59.995)).toBe('合格');
    expect(gradeOf(bands, 59.994)).toBe('不合格');
    expect(gradeOf(bands, 0)).toBe('不合格');
  });

  it('does not depend on the order of the bands', () => {
    const shuffled = [bands[2], bands[0], bands[3], bands[1]];
    expect(gradeOf(shuffled, 85)).toBe('良好');
    expect(gradeOf(shuffled, 12)).toBe('不合格');
  });

  it('is empty when no band applies', () => {
    expect(gradeOf([{ grade: '优秀', min: 90 }], 50)).toBe('');
  });
});
