/**
 * A grid's remembered layout (column order, widths, visibility, pinning, sort and filters) in localStorage,
 * per workspace, user and grid: two clerks on one PC, or one clerk with two workspaces, keep their own.
 */
import type { ColumnState, FilterModel } from 'ag-grid-community';

export interface GridLayout {
  columns: ColumnState[];
  filters: FilterModel | null;
}

const PREFIX = 'sanidesk.gridLayout';

export function layoutKey(scope: string, gridName: string): string {
  return `${PREFIX}.${scope}.${gridName}`;
}

export function loadLayout(key: string): GridLayout | null {
  try {
    const raw = localStorage.getItem(key);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<GridLayout>;
    if (!Array.isArray(parsed.columns)) return null;
    return { columns: parsed.columns, filters: parsed.filters ?? null };
  } catch {
    // A layout written by an older version or edited by hand is ignored, never fatal.
    return null;
  }
}

export function saveLayout(key: string, layout: GridLayout): void {
  try {
    localStorage.setItem(key, JSON.stringify(layout));
  } catch {
    // Storage full or disabled: the layout is a convenience, the grid works without it.
  }
}

export function clearLayout(key: string): void {
  localStorage.removeItem(key);
}
