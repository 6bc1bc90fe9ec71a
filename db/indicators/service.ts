/**
 * The indicator table (规划关键指标表, DOMAIN §6.2) as a ledger on the shared ledger service: one row per
 * indicator with its category, baseline and target as the plan writes them, and their reading beside them.
 */
import type { KpiKey } from '../dashboard/types';
import type { RowMeta } from '../ledger/record';
import { LedgerService } from '../ledger/service';
import { INDICATOR_FIELDS } from './fields';
import { parseTarget, type ParsedTarget } from './parse';
import { checkIndicatorRecord, loadIndicatorContext, type IndicatorContext } from './rules';

export type IndicatorBinding = 'binding' | 'expected';

export interface IndicatorTarget extends RowMeta {
  category: string;
  seq: number | null;
  name: string;
  /** As written: "88.2%", "14.6", "/" (no baseline), or null when left blank. */
  baselineText: string | null;
  /** As written: "100%", "≥98%", "16.9 ㎡". */
  targetText: string;
  binding: IndicatorBinding | null;
  /** The indicator SaniDesk computes for this row, if any (current value and progress come from it). */
  kpiKey: KpiKey | null;
  remarks: string | null;
  /** Derived: the baseline read as {op, value, unit}; null for "/", blank or a text that cannot be read. */
  baseline: ParsedTarget | null;
  /** Derived: the target read as {op, value, unit}; null when it cannot be read (saved with a warning). */
  target: ParsedTarget | null;
}

export interface IndicatorFilter {
  category?: string;
  binding?: IndicatorBinding;
  kpiKey?: KpiKey;
  q?: string;
  includeDeleted?: boolean;
}

export const indicatorTargets = new LedgerService<IndicatorTarget, IndicatorContext>({
  entity: 'indicatorTarget',
  prefix: 'targets',
  noun: '指标',
  title: '规划关键指标表',
  table: 'indicator_targets',
  fields: INDICATOR_FIELDS,
  from: 'FROM indicator_targets t',
  // The plan's own order: by 序号 where given, rows without one after them in the order they were entered.
  orderBy: 't.seq IS NULL, t.seq, t.id',
  filters: { category: 't.category', binding: 't.binding', kpiKey: 't.kpi_key' },
  searchColumns: ['t.category', 't.name', 't.baseline_text', 't.target_text', 't.remarks'],
  naturalKey: 'name',
  loadContext: loadIndicatorContext,
  checkRecord: checkIndicatorRecord,
  decorate(row) {
    row.baseline = parseTarget(row.baselineText);
    row.target = parseTarget(row.targetText);
  },
});
