/**
 * The dashboard's filters live in the route's query (`#/dashboard?from=2025-01&to=2025-12&street=3`), so
 * the back button after a drill-down, a reload or a copied link show the same view. Only what the user chose
 * is written: without `from`/`to` the period follows the working month (the 12 months ending with it).
 */
import type { DashboardFilters } from '../../../../db/dashboard/types';
import type { SchemeCategory } from '../../../../db/assessment/types';
import { shiftMonth } from '../../format';

export const DASHBOARD_PATH = '/dashboard';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The query part of the current hash route. */
export function hashQuery(): URLSearchParams {
  const hash = window.location.hash;
  const at = hash.indexOf('?');
  return new URLSearchParams(at >= 0 ? hash.slice(at + 1) : '');
}

function positiveInt(text: string | null): number | undefined {
  const n = Number(text);
  return text && Number.isInteger(n) && n > 0 ? n : undefined;
}

/** The filters a query asks for, completed with the default period ending with `workingMonth`. */
export function filtersFromQuery(query: URLSearchParams, workingMonth: string): DashboardFilters {
  const from = query.get('from');
  const to = query.get('to');
  let end = to && MONTH.test(to) ? to : workingMonth;
  let start = from && MONTH.test(from) ? from : shiftMonth(end, -11);
  if (start > end) [start, end] = [end, start];
  const filters: DashboardFilters = { from: start, to: end };
  const streetId = positiveInt(query.get('street'));
  const contractorId = positiveInt(query.get('contractor'));
  const category = query.get('category');
  if (streetId) filters.streetId = streetId;
  if (contractorId) filters.contractorId = contractorId;
  if (category && /^[a-zA-Z]+$/.test(category)) filters.category = category as SchemeCategory;
  return filters;
}

/** The query for the filters; the period only when `withPeriod` (the user chose it, or a drill-down leaves). */
export function queryOf(filters: DashboardFilters, withPeriod: boolean): string {
  const query = new URLSearchParams();
  if (withPeriod) {
    query.set('from', filters.from);
    query.set('to', filters.to);
  }
  if (filters.streetId) query.set('street', String(filters.streetId));
  if (filters.category) query.set('category', filters.category);
  if (filters.contractorId) query.set('contractor', String(filters.contractorId));
  return query.toString();
}

/** Puts the filters into the address without a new history entry (and without a hashchange: nothing reloads). */
export function writeQuery(query: string): void {
  const hash = `#${DASHBOARD_PATH}${query ? `?${query}` : ''}`;
  if (window.location.hash !== hash) window.history.replaceState(window.history.state, '', hash);
}
