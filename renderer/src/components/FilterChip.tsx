/**
 * A filter set from outside a grid (a dashboard drill-down), shown where the grid's own filters are: what it
 * keeps, how many rows, and × to remove it. Never an invisible filter: a clerk must see why rows are missing.
 */
export interface RowFilter {
  /** The rows kept, by id. */
  ids: ReadonlySet<number>;
  /** The filter in words ("统计看板:公厕 · 一类"). */
  label: string;
  /** Still reading which rows: the grid shows none yet. */
  loading?: boolean;
  /** The drill-down could not be read; the grid shows none and the chip says why. */
  error?: string | null;
  onClear(): void;
}

export function FilterChip({ filter }: { filter: RowFilter }) {
  const text = filter.error ? `${filter.label}:${filter.error}` : filter.loading ? `${filter.label}(读取中…)` : `${filter.label} · ${filter.ids.size} 行`;
  return (
    <span className={filter.error ? 'filter-chip filter-chip-error' : 'filter-chip'} data-testid="drill-chip" role="status">
      <span className="filter-chip-text">{text}</span>
      <button type="button" className="filter-chip-clear" onClick={filter.onClear} title="清除此筛选,显示全部行" aria-label="清除此筛选" data-testid="drill-clear">
        ×
      </button>
    </span>
  );
}
