/**
 * The monthly disposal report (生活垃圾清运处置月报, DOMAIN §6.1) as a ledger on the shared ledger service: one
 * row per month for the district, from which the dashboard computes the resource-use and safe-disposal rates
 * (db/dashboard/kpis.ts). The safe-disposal quantity and rate of the month are derived on every read.
 */
import { safeDisposalOf, safeDisposalRate, type DisposalFact } from '../dashboard/formulas';
import type { RowMeta } from '../ledger/record';
import { LedgerService } from '../ledger/service';
import { DISPOSAL_FIELDS, type DisposalSource } from './fields';
import { checkDisposalRecord, loadDisposalContext, type DisposalContext } from './rules';

/** One month as stored (the tonnages are the dashboard's DisposalFact) with its derived figures. */
export interface DisposalMonth extends RowMeta, DisposalFact {
  month: string;
  /** Derived: incinerated + landfilled + kitchen processed + other safe, tonnes. */
  safeDisposalT: number;
  /** Derived: safe ÷ collected × 100 (capped at 100), null when nothing was collected. */
  safeDisposalRate: number | null;
  source: DisposalSource;
  remarks: string | null;
}

export interface DisposalFilter {
  month?: string;
  source?: DisposalSource;
  q?: string;
  includeDeleted?: boolean;
}

export const disposalMonths = new LedgerService<DisposalMonth, DisposalContext>({
  entity: 'disposalMonth',
  prefix: 'disposal',
  noun: '处置月报',
  title: '生活垃圾清运处置月报',
  table: 'disposal_months',
  fields: DISPOSAL_FIELDS,
  from: 'FROM disposal_months t',
  orderBy: 't.month',
  filters: { month: 't.month', source: 't.source' },
  searchColumns: ['t.month', 't.remarks'],
  naturalKey: 'month',
  loadContext: loadDisposalContext,
  checkRecord: checkDisposalRecord,
  decorate(row) {
    row.safeDisposalT = safeDisposalOf(row);
    row.safeDisposalRate = safeDisposalRate({ safe: row.safeDisposalT, collected: row.collectedT });
  },
});
