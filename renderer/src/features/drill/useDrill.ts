/**
 * The receiving side of a drill-down: a grid screen reads the clicked chart element from its route's query,
 * asks `dashboard.drill` for exactly the rows behind it, and gets a `RowFilter` to apply and show as a chip.
 * Clearing the chip drops the query (back to the whole grid); the browser's back button returns to the chart.
 */
import { useEffect, useState } from 'react';
import type { DrillTarget } from '../../../../db/dashboard/types';
import { call } from '../../api';
import { navigate, useHashPath, useHashQuery } from '../../app/router';
import type { RowFilter } from '../../components/FilterChip';
import { drillFromQuery } from './drill';

const NO_ROWS: ReadonlySet<number> = new Set();

/** The route's drill-down for one of `targets` (a screen with two grids takes both), or null when there is none. */
export function useDrill(targets: readonly DrillTarget[]): { target: DrillTarget | null; filter: RowFilter | null } {
  const path = useHashPath();
  const query = useHashQuery();
  const [state, setState] = useState<{ target: DrillTarget | null; filter: RowFilter | null }>({ target: null, filter: null });
  const key = targets.join(',');

  useEffect(() => {
    const ref = drillFromQuery(query);
    if (!ref) {
      setState({ target: null, filter: null });
      return;
    }
    let current = true;
    const onClear = () => navigate(path);
    setState({ target: null, filter: { ids: NO_ROWS, label: '统计看板明细', loading: true, onClear } });
    void call('dashboard.drill', ref).then((result) => {
      if (!current) return;
      if (!result.ok) setState({ target: null, filter: { ids: NO_ROWS, label: '统计看板明细', error: result.error.message, onClear } });
      else if (!key.split(',').includes(result.data.target))
        setState({ target: null, filter: { ids: NO_ROWS, label: '统计看板明细', error: '这条明细不属于本页', onClear } });
      else setState({ target: result.data.target, filter: { ids: new Set(result.data.ids), label: result.data.label, onClear } });
    });
    return () => {
      current = false;
    };
  }, [query, path, key]);

  return state;
}
