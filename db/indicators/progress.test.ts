import { describe, expect, it } from 'vitest';
import type { KpiKey, KpiValue } from '../dashboard/types';
import { parseTarget } from './parse';
import { directionOf, isMet, progressOf, progressShare } from './progress';

const kpi = (value: number | null, unit = '%', key: KpiKey = 'sortingCoverageRate'): KpiValue => ({ key, label: '生活垃圾分类覆盖率', value, unit, detail: '已开展分类 7 个 ÷ 小区 8 个' });
const row = (baselineText: string | null, targetText: string, kpiKey: KpiKey | null = 'sortingCoverageRate') => ({
  id: 1,
  kpiKey,
  targetText,
  baseline: parseTarget(baselineText),
  target: parseTarget(targetText),
});
const share = (current: number, baseline: string | null, target: string) => progressShare(current, parseTarget(target)!, parseTarget(baseline));

describe('progress maths (hand-computed)', () => {
  it('≥: (current − baseline) ÷ (target − baseline), met at the target itself', () => {
    // 97.23% → ≥98%: at 97.5 the district has come 0.27 of 0.77 points.
    expect(share(97.5, '97.23%', '≥98%')).toBeCloseTo(0.27 / 0.77, 12);
    expect(isMet(98, parseTarget('≥98%')!, null)).toBe(true);
    expect(isMet(97.99, parseTarget('≥98%')!, null)).toBe(false);
    expect(share(99, '97.23%', '≥98%')).toBe(1); // past the target: clamped
    expect(share(90, '97.23%', '≥98%')).toBe(0); // went backwards: clamped
  });

  it('≤: (baseline − current) ÷ (baseline − target), lower is better', () => {
    // leakage 10% → ≤8%: at 9.5% a quarter of the way.
    expect(share(9.5, '10%', '≤8%')).toBeCloseTo(0.25, 12);
    expect(isMet(8, parseTarget('≤8%')!, null)).toBe(true);
    expect(isMet(8.01, parseTarget('≤8%')!, null)).toBe(false);
    expect(directionOf(parseTarget('≤8%')!, parseTarget('10%'))).toBe('down');
  });

  it('>: strictly above; reaching the number itself is not met and not full progress', () => {
    // 87.5% → >90%: 1.5 of 2.5 points.
    expect(share(89, '87.5%', '>90%')).toBeCloseTo(0.6, 12);
    expect(isMet(90, parseTarget('>90%')!, parseTarget('87.5%'))).toBe(false);
    expect(isMet(90.01, parseTarget('>90%')!, parseTarget('87.5%'))).toBe(true);
    const at = progressOf(row('87.5%', '>90%'), kpi(90));
    expect(at).toMatchObject({ met: false, text: '当前 90.00%,目标 >90%,需高于目标' });
    // Not met, so not 100 %: the bar stops just short of full.
    expect(at.progress).toBeLessThan(1);
    expect(at.progress).toBeGreaterThan(0.999);
    expect(progressShare(8, parseTarget('<8%')!, parseTarget('10%'))).toBeLessThan(1);
    expect(progressShare(7.9, parseTarget('<8%')!, parseTarget('10%'))).toBe(1);
  });

  it('< : strictly below', () => {
    expect(isMet(5, parseTarget('<5%')!, null)).toBe(false);
    expect(isMet(4.99, parseTarget('<5%')!, null)).toBe(true);
  });

  it('= (a bare target): higher is better unless the baseline is above it', () => {
    // 88.2% → 100%: at 94.1% half way.
    expect(share(94.1, '88.2%', '100%')).toBeCloseTo(0.5, 12);
    expect(isMet(100, parseTarget('100%')!, parseTarget('88.2%'))).toBe(true);
    // A bare target below its baseline is a reduction: 10% → 8%.
    expect(directionOf(parseTarget('8%')!, parseTarget('10%'))).toBe('down');
    expect(share(9, '10%', '8%')).toBeCloseTo(0.5, 12);
    expect(isMet(7.5, parseTarget('8%')!, parseTarget('10%'))).toBe(true);
    // A target equal to its baseline is one to keep: 98% → 98%.
    expect(share(98.5, '98%', '98%')).toBe(1);
    expect(share(49, '98%', '98%')).toBeCloseTo(0.5, 12);
  });

  it('without a baseline ("/"): current ÷ target for ≥, target ÷ current for ≤', () => {
    expect(share(15, '/', '20%')).toBeCloseTo(0.75, 12);
    expect(share(10, null, '≤8%')).toBeCloseTo(0.8, 12);
    expect(share(0, null, '≤8%')).toBe(1);
    expect(share(3000, '/', '≤2500人/座')).toBeCloseTo(2500 / 3000, 12);
    // A baseline in another unit is no baseline; one without a unit is in the target's (14.6 beside 16.9㎡).
    expect(share(15, '14人/座', '16.9平方米')).toBeCloseTo(15 / 16.9, 12);
    expect(share(15.75, '14.6', '16.9平方米')).toBeCloseTo(0.5, 12);
  });

  it('the one-line text: the gap in percentage points, met, and what cannot be compared', () => {
    expect(progressOf(row('88.2%', '100%'), kpi(87.5))).toEqual({
      id: 1,
      kpiKey: 'sortingCoverageRate',
      current: kpi(87.5),
      met: false,
      progress: 0, // below the 88.2% baseline: no way made yet
      text: '当前 87.50%,目标 100%,尚差 12.50 个百分点',
    });
    expect(progressOf(row('/', '≥98%'), kpi(98.125)).text).toBe('当前 98.13%,目标 ≥98%,已达标');
    expect(progressOf(row(null, '≤2500人/座', 'populationPerToilet'), kpi(2600, '人/座', 'populationPerToilet')).text).toBe(
      '当前 2600.00 人/座,目标 ≤2500人/座,尚差 100.00 人/座',
    );
    expect(progressOf(row(null, '16.9平方米'), kpi(80))).toMatchObject({ met: null, progress: null, text: '当前 80.00%,与目标“16.9平方米”的单位不同,不能比较' });
    expect(progressOf(row(null, '稳步提升'), kpi(80))).toMatchObject({ met: null, progress: null, text: '当前 80.00%,目标值“稳步提升”无法识别,不能判断是否达标' });
    expect(progressOf(row(null, '100%'), kpi(null))).toMatchObject({ met: null, progress: null, text: '暂无数据:已开展分类 7 个 ÷ 小区 8 个' });
    expect(progressOf(row(null, '100%', null), null)).toMatchObject({ current: null, met: null, progress: null, text: '非本系统统计的指标,当前值请按统计报表填写' });
  });
});
