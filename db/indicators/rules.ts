/**
 * The indicator table's rules: a target that says something (not blank, not "/"), baselines and targets kept
 * as written with a warning when SaniDesk cannot read them (saved all the same: a plan may word a target any
 * way it likes), and the link to an indicator SaniDesk computes, found by name when the clerk leaves it blank.
 */
import type { FieldErrors } from '../errors';
import type { Values, Warning } from '../ledger/record';
import type { RuleOutcome } from '../ledger/service';
import { kpiForName } from './aliases';
import { isNoValue, parseTarget } from './parse';

/** Rows to check one by one: nothing beyond the row itself is needed (the name's uniqueness is the natural key). */
export type IndicatorContext = Record<string, never>;

export async function loadIndicatorContext(): Promise<IndicatorContext> {
  return {};
}

export function checkIndicatorRecord(v: Values, _context: IndicatorContext, selfId: number | null): RuleOutcome {
  const errors: FieldErrors = {};
  const warnings: Warning[] = [];
  if (typeof v.targetText === 'string') {
    if (isNoValue(v.targetText)) errors.targetText = `目标值不能为“${v.targetText}”:请按规划原文填写目标,如 100%、≥98%、≤8%`;
    else if (!parseTarget(v.targetText)) {
      warnings.push({
        field: 'targetText',
        message: `目标值“${v.targetText}”已按原文保存,但系统读不出比较符号和数值,不能计算进度。可写成 100%、≥98%、≤8%、>90%、16.9平方米 等形式`,
      });
    }
  }
  if (typeof v.baselineText === 'string' && !isNoValue(v.baselineText) && !parseTarget(v.baselineText)) {
    warnings.push({
      field: 'baselineText',
      message: `基期值“${v.baselineText}”已按原文保存,但系统读不出数值,进度将按当前值与目标值之比计算。没有基期数据时可写“/”`,
    });
  }
  // A new indicator left without a link is linked by its name; an existing one keeps what the clerk chose.
  if (selfId == null && v.kpiKey == null && typeof v.name === 'string') v.kpiKey = kpiForName(v.name);
  return { errors, warnings };
}
