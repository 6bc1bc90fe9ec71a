/**
 * Progress of the indicator table against the data (issue 6 item 3): for every indicator linked to an
 * indicator SaniDesk computes (`kpiKey`), the current value from the dashboard's own KPI computation
 * (db/dashboard/kpis.ts, so the table and the dashboard's cards never disagree), whether the target is met,
 * and how far the district has come from the baseline towards the target.
 *
 * Direction. `≥` and `>` targets are "higher is better", `≤` and `<` "lower is better". A bare target (`=`,
 * e.g. "100%", "20%") is as the plan means it: lower is better when the baseline is above the target (a
 * leakage rate from 10% to 8%), higher is better otherwise (and without a baseline).
 *
 * Met. Higher is better: current ≥ target (`>`: current > target); lower is better: current ≤ target (`<`:
 * current < target). Compared at full precision, and only when the current value's unit is the target's
 * (`%` with `%`); otherwise `met` is null and the text says why.
 *
 * Progress, a share in 0…1 (clamped: a value that went backwards is 0, one past the target is 1):
 *  - higher is better, with a numeric baseline below the target: (current − baseline) ÷ (target − baseline);
 *  - lower is better, with a numeric baseline above the target:  (baseline − current) ÷ (baseline − target);
 *  - without a usable baseline (none, "/", another unit, or a baseline already at or past the target, i.e. a
 *    target to keep): higher is better current ÷ target, lower is better target ÷ current; 1 once met.
 * A baseline without a unit is taken in the target's unit (the plan's "14.6" beside "16.9平方米").
 */
import { round2 } from '../assessment/scoring';
import type { KpiKey, KpiValue } from '../dashboard/types';
import { normalizeUnit, type ParsedTarget } from './parse';
import type { IndicatorTarget } from './service';

export interface IndicatorProgress {
  id: number;
  kpiKey: KpiKey | null;
  /** The computed indicator's value now; null when the indicator is not one SaniDesk computes. */
  current: KpiValue | null;
  /** Null when it cannot be told: no current value, no readable target, or units that differ. */
  met: boolean | null;
  /** 0…1 from baseline to target (see the file's comment for the formula); null when `met` is null. */
  progress: number | null;
  /** One line in Chinese: "当前 87.50%,目标 100%,尚差 12.50 个百分点". */
  text: string;
}

export type Direction = 'up' | 'down';

/** A baseline usable against the target: numeric and in the same unit (or without one). */
function usableBaseline(baseline: ParsedTarget | null, target: ParsedTarget): number | null {
  if (!baseline) return null;
  return baseline.unit === target.unit || baseline.unit === '' ? baseline.value : null;
}

export function directionOf(target: ParsedTarget, baseline: ParsedTarget | null): Direction {
  if (target.op === '≥' || target.op === '>') return 'up';
  if (target.op === '≤' || target.op === '<') return 'down';
  const b = usableBaseline(baseline, target);
  return b != null && b > target.value ? 'down' : 'up';
}

export function isMet(current: number, target: ParsedTarget, baseline: ParsedTarget | null): boolean {
  if (target.op === '>') return current > target.value;
  if (target.op === '<') return current < target.value;
  return directionOf(target, baseline) === 'up' ? current >= target.value : current <= target.value;
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/** The share of the way from baseline to target (see the file's comment); null when the maths has no answer. */
export function progressShare(current: number, target: ParsedTarget, baseline: ParsedTarget | null): number | null {
  const share = wayToTarget(current, target, baseline);
  // A strict target (>90%) reached exactly is not met: it must not read as 100 %.
  return share != null && !isMet(current, target, baseline) ? Math.min(share, 0.9999) : share;
}

function wayToTarget(current: number, target: ParsedTarget, baseline: ParsedTarget | null): number | null {
  const t = target.value;
  const b = usableBaseline(baseline, target);
  const met = isMet(current, target, baseline);
  if (directionOf(target, baseline) === 'up') {
    if (b != null && b < t) return clamp01((current - b) / (t - b));
    if (met) return 1;
    return t > 0 ? clamp01(current / t) : null;
  }
  if (b != null && b > t) return clamp01((b - current) / (b - t));
  if (met) return 1;
  return current > 0 ? clamp01(t / current) : null;
}

function shown(value: number, unit: string): string {
  const n = round2(value).toFixed(2);
  return unit === '%' ? `${n}%` : unit ? `${n} ${unit}` : n;
}

/** One indicator's progress against its computed value (`current` null when the indicator has no link). */
export function progressOf(
  row: Pick<IndicatorTarget, 'id' | 'kpiKey' | 'targetText' | 'baseline' | 'target'>,
  current: KpiValue | null,
): IndicatorProgress {
  const base = { id: row.id, kpiKey: row.kpiKey, current, met: null, progress: null };
  if (!row.kpiKey) return { ...base, current: null, text: '非本系统统计的指标,当前值请按统计报表填写' };
  if (!current || current.value == null) {
    return { ...base, text: `暂无数据${current?.detail ? `:${current.detail}` : ''}` };
  }
  const now = `当前 ${shown(current.value, current.unit)}`;
  const target = row.target;
  if (!target) return { ...base, text: `${now},目标值“${row.targetText}”无法识别,不能判断是否达标` };
  if (normalizeUnit(current.unit) !== target.unit) {
    return { ...base, text: `${now},与目标“${row.targetText}”的单位不同,不能比较` };
  }
  const met = isMet(current.value, target, row.baseline);
  const progress = progressShare(current.value, target, row.baseline);
  const goal = `目标 ${row.targetText}`;
  if (met) return { ...base, met, progress, text: `${now},${goal},已达标` };
  const gap = round2(Math.abs(target.value - current.value));
  const strict = target.op === '>' ? '需高于目标' : target.op === '<' ? '需低于目标' : '';
  const gapText = gap === 0 ? strict || '尚未达标' : `尚差 ${gap.toFixed(2)} ${target.unit === '%' ? '个百分点' : target.unit}`.trimEnd();
  return { ...base, met, progress, text: `${now},${goal},${gapText}` };
}
