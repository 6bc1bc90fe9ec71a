/**
 * Drill-down links (ARCHITECTURE "every chart drills down to the rows behind it"): a click on a chart becomes
 * a hash route of the grid that holds the rows, carrying the clicked element (`DrillRef`) in the query. The
 * grid asks `dashboard.drill` for exactly those row ids and shows the filter as a removable chip, so a
 * reload or a copied link shows the same rows.
 */
import type { DrillRef, DrillTarget } from '../../../../db/dashboard/types';

/** The screen (and, where the screen has tabs, the tab) that shows each drill target's rows. */
export const DRILL_SCREENS: Record<DrillTarget, { path: string; tab?: string }> = {
  estates: { path: '/estates', tab: 'estates' },
  tonnage: { path: '/estates', tab: 'tonnage' },
  toilets: { path: '/toilets' },
  contracts: { path: '/contracts', tab: 'contracts' },
  sections: { path: '/contracts', tab: 'sections' },
  inspections: { path: '/inspections' },
  rectifications: { path: '/rectifications' },
};

const PARAM = 'drill';

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/** The hash route (without '#') that opens `target`'s grid filtered to the rows behind `ref`. */
export function drillPath(target: DrillTarget, ref: DrillRef): string {
  return `${DRILL_SCREENS[target].path}?${PARAM}=${toBase64Url(JSON.stringify(ref))}`;
}

/** The drill-down carried by a route's query, or null (absent or not one of ours). */
export function drillFromQuery(query: URLSearchParams): DrillRef | null {
  const raw = query.get(PARAM);
  if (!raw) return null;
  try {
    const ref = JSON.parse(fromBase64Url(raw)) as DrillRef;
    return ref && typeof ref.chart === 'string' && typeof ref.categoryKey === 'string' && ref.filters ? ref : null;
  } catch {
    return null;
  }
}
