/**
 * The calls of the 指标 screen: the indicator ledger's rows (`targets.list`), each indicator's progress against
 * its target (`targets.progress`) and the plan-layout export (`targets.exportPlan`). Row shapes are the
 * contract's own (db/indicators), read through the method outputs.
 */
import type { MethodOutput } from '../../../../db/api';
import { call } from '../../api';

/** One indicator: category, baseline and target as written, and their reading ({op, value, unit}). */
export type IndicatorRow = MethodOutput<'targets.list'>[number];
/** One indicator's current value, whether it meets its target, its progress (0…1) and a sentence. */
export type IndicatorProgress = MethodOutput<'targets.progress'>[number];

export const indicatorsApi = {
  list: () => call('targets.list', {}),
  progress: () => call('targets.progress', {}),
  exportPlan: () => call('targets.exportPlan', {}),
};
