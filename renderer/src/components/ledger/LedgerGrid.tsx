/**
 * The generic ledger grid: toolbar (新增 · 删除 · 撤销 · 重做 | 导入 · 导出 · 模板 | 搜索 · 清除筛选 · 列设置), an
 * AG Grid Community grid built from the ledger's FieldDef[], inline edits saved as soon as a cell is left,
 * marks on refused and warned cells, our own undo/redo, Excel-grade block editing (useBlockEditing), a
 * remembered layout, Ctrl+P printing of the current view, the row drawer and the import dialog.
 *
 * Rows live in the grid only (never in React state): changes go through rowNode.setData and
 * applyTransaction, so 100,000 rows stay as fast as 100.
 */
import { AG_GRID_LOCALE_CN } from '@ag-grid-community/locale';
import type {
  CellDoubleClickedEvent,
  CellEditRequestEvent,
  CellKeyDownEvent,
  ColDef,
  GridApi,
  GridReadyEvent,
  IRowNode,
} from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useSearchPrintKeys } from '../useSearchPrintKeys';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ApiResult, FieldDef, Warning } from '../../../../db/api';
import { status } from '../../app/status';
import { t } from '../../i18n/zh-CN';
import { ImportDialog } from '../../features/import/ImportDialog';
import { importApi, IMPORT_FILE_PATTERN } from '../../features/import/importApi';
import { ConfirmDialog } from '../ConfirmDialog';
import { FilterChip, type RowFilter } from '../FilterChip';
import { downloadBase64 } from '../download';
import { CellMarks, type CellMark } from './cellMarks';
import { RangeModel } from './cellRange';
import { ColumnSettings } from './ColumnSettings';
import { buildColumns, refOptionsFor, ROW_NUMBER_COL, type ColumnContext } from './columns';
import { createSerialQueue, useCommandStack, type Command } from './commandStack';
import { clearLayout, layoutKey, loadLayout, saveLayout } from './gridLayout';
import { ledgerTheme } from './gridTheme';
import { printTable } from './printView';
import { RowDrawer, type DrawerMode } from './RowDrawer';
import type { LedgerAdapter, LedgerRow, Patch, PatchValue, SavedRow } from './types';
import { useBlockEditing } from './useBlockEditing';
import { apiValue, cellText, fromGridText, headerName, isNumeric, unchanged } from './values';

export interface LedgerGridProps<R extends LedgerRow> {
  ledger: LedgerAdapter<R>;
  /** Workspace + user: whose remembered layout this is. */
  layoutScope: string;
  /** Rows kept by a filter from outside the grid (a dashboard drill-down), shown as a removable chip. */
  rowFilter?: RowFilter | null;
}

type AnyRow = LedgerRow & Record<string, unknown>;
type LoadState = { state: 'loading' } | { state: 'ready' } | { state: 'failed'; message: string };
type DrawerState = { mode: 'new' } | { mode: 'edit'; id: number } | null;
interface PendingDelete<R> {
  row: R;
  reason: string;
  busy: boolean;
}
/** A refused value that a written reason would let through (ReasonOverride), waiting for the reason. */
interface PendingOverride {
  id: number;
  field: FieldDef;
  value: PatchValue;
  message: string;
  reason: string;
  error: string | null;
  busy: boolean;
}

const SEARCH_DEBOUNCE_MS = 200;
/** Rows of the first paint, then of each background slice (see loadRows). */
const FIRST_PAINT_ROWS = 300;
const BACKGROUND_SLICE_ROWS = 25_000;
const LAYOUT_SAVE_DEBOUNCE_MS = 250;

export function LedgerGrid<R extends LedgerRow>({ ledger, layoutScope, rowFilter = null }: LedgerGridProps<R>) {
  const apiRef = useRef<GridApi<LedgerRow> | null>(null);
  const marks = useMemo(() => new CellMarks(), []);
  const range = useMemo(() => new RangeModel(ROW_NUMBER_COL), []);
  const enqueue = useMemo(() => createSerialQueue(), []);
  const commands = useCommandStack();
  const totalRef = useRef(0);
  const [total, setTotal] = useState(0);
  const [load, setLoad] = useState<LoadState>({ state: 'loading' });
  const [searchText, setSearchText] = useState('');
  const [quickFilter, setQuickFilter] = useState('');
  const [drawer, setDrawer] = useState<DrawerState>(null);
  const [drawerRow, setDrawerRow] = useState<R | null>(null);
  const drawerIdRef = useRef<number | null>(null);
  const [pendingDelete, setPendingDelete] = useState<PendingDelete<R> | null>(null);
  const [pendingOverride, setPendingOverride] = useState<PendingOverride | null>(null);
  const [columnsOpen, setColumnsOpen] = useState(false);
  /** The import dialog, with the file dropped on the grid if that is how it was opened. */
  const [importing, setImporting] = useState<{ file: File | null } | null>(null);
  const [dropping, setDropping] = useState(false);
  const [, setColumnsTick] = useState(0);
  const searchRef = useRef<HTMLInputElement>(null);
  const layoutStorageKey = layoutKey(layoutScope, ledger.gridName);

  const fieldByKey = useMemo(() => new Map(ledger.fields.map((f) => [f.key, f])), [ledger.fields]);
  const columnContext = useMemo<ColumnContext>(
    () => ({ marks, range, refOptions: ledger.refOptions, refScopes: ledger.refScopes ?? {}, locked: ledger.lockedFields ?? {} }),
    [marks, range, ledger.refOptions, ledger.refScopes, ledger.lockedFields],
  );
  const columnDefs = useMemo(() => buildColumns(ledger.fields, columnContext), [ledger.fields, columnContext]);
  const defaultColDef = useMemo<ColDef<LedgerRow>>(
    // cellDataType off: values come from our getters (labels, 是/否), not from inferring the raw data.
    () => ({ sortable: true, resizable: true, cellDataType: false, minWidth: 56, filterParams: { buttons: ['reset'] } }),
    [],
  );

  // ---- rows in the grid ------------------------------------------------------------------------------

  const describe = useCallback((row: LedgerRow) => ledger.describeRow(row as R), [ledger]);
  const nodeOf = (id: number): IRowNode<LedgerRow> | undefined => apiRef.current?.getRowNode(String(id));
  const rowOf = (id: number): AnyRow | undefined => nodeOf(id)?.data as AnyRow | undefined;

  const setTotalRows = (n: number) => {
    totalRef.current = n;
    setTotal(n);
  };

  const reportRows = useCallback(() => {
    const api = apiRef.current;
    if (api) status.setRows({ total: totalRef.current, shown: api.getDisplayedRowCount() });
  }, []);

  /** Puts a saved row (new version) into the grid and into the open drawer. */
  const putRow = useCallback((row: LedgerRow) => {
    const node = apiRef.current?.getRowNode(String(row.id));
    if (node) node.setData(row);
    if (drawerIdRef.current === row.id) setDrawerRow(row as R);
  }, []);

  /** Rows saved together (a block): one transaction for the grid, and the open drawer follows. */
  const applyRows = useCallback((rows: LedgerRow[]) => {
    const api = apiRef.current;
    if (!api || !rows.length) return;
    api.applyTransaction({ update: rows.filter((r) => api.getRowNode(String(r.id))) });
    const open = rows.find((r) => r.id === drawerIdRef.current);
    if (open) setDrawerRow(open as R);
  }, []);

  /** New rows of a block, at the end in the order they were pasted. */
  const addRows = (rows: LedgerRow[]) => {
    const api = apiRef.current;
    const fresh = rows.filter((r) => !api?.getRowNode(String(r.id)));
    if (!api || !fresh.length) return;
    api.applyTransaction({ add: fresh });
    setTotalRows(totalRef.current + fresh.length);
  };

  const addRow = (row: LedgerRow, addIndex?: number) => {
    const api = apiRef.current;
    if (!api || api.getRowNode(String(row.id))) return;
    api.applyTransaction({ add: [row], addIndex });
    setTotalRows(totalRef.current + 1);
    const node = api.getRowNode(String(row.id));
    if (node) {
      api.ensureNodeVisible(node);
      node.setSelected(true, true);
      if (node.rowIndex != null) api.setFocusedCell(node.rowIndex, ROW_NUMBER_COL);
    }
  };

  const removeRow = (id: number) => {
    const api = apiRef.current;
    const node = nodeOf(id);
    if (!api || !node?.data) return;
    const index = node.rowIndex;
    api.applyTransaction({ remove: [node.data] });
    setTotalRows(Math.max(0, totalRef.current - 1));
    if (drawerIdRef.current === id) closeDrawer(false);
    // Keep the keyboard where it was: the row that moved up into the deleted row's place gets the focus.
    const count = api.getDisplayedRowCount();
    if (index != null && count > 0) api.setFocusedCell(Math.min(index, count - 1), ROW_NUMBER_COL);
  };

  const refreshCells = (id: number, keys: string[]) => {
    const node = nodeOf(id);
    if (node) apiRef.current?.refreshCells({ rowNodes: [node], columns: keys, force: true });
  };

  const setMark = (id: number, key: string, mark: CellMark) => {
    if (!fieldByKey.has(key)) return;
    marks.set(id, key, mark);
    refreshCells(id, [key]);
  };

  const showWarnings = (row: LedgerRow, warnings: Warning[]) => {
    if (!warnings.length) return false;
    for (const w of warnings) if (w.field) setMark(row.id, w.field, { kind: 'warning', message: w.message });
    status.notify('warning', t.grid.warning(describe(row), warnings.map((w) => w.message).join(';')));
    return true;
  };

  /** After a conflict the grid's copy is stale: fetch the stored row so the next edit starts from it. */
  const reloadRow = async (id: number) => {
    const fresh = await ledger.get(id);
    if (fresh.ok) putRow(fresh.data);
  };

  // ---- saving ----------------------------------------------------------------------------------------

  const fieldLabels = (keys: string[]) => keys.map((k) => fieldByKey.get(k)?.label ?? k).join('、');

  /** A row's stored values of some fields, as a patch that writes them back unchanged (what undo sends). */
  const storedPatch = (row: AnyRow, keys: string[]): Patch =>
    Object.fromEntries(keys.map((k) => [k, fieldByKey.has(k) ? apiValue(fieldByKey.get(k)!, row[k]) : ((row[k] ?? null) as PatchValue)]));

  /**
   * Sends a patch with the row's current version. Shared by cell edits, the drawer, undo and redo; always
   * run through the queue so that each write sees the version the previous one produced.
   */
  const savePatch = async (id: number, patch: Patch): Promise<ApiResult<SavedRow<R>>> => {
    const row = rowOf(id);
    if (!row) return { ok: false, error: { code: 'not_found', message: t.grid.rowGone } };
    status.saveStarted();
    const result = await ledger.update(id, row.version, patch);
    status.saveFinished(result.ok);
    if (result.ok) {
      putRow(result.data.row);
      for (const key of Object.keys(patch)) if (marks.clear(id, key)) refreshCells(id, [key]);
    } else if (result.error.code === 'conflict') {
      await reloadRow(id);
    }
    return result;
  };

  const focusCell = (id: number, key: string) => {
    const api = apiRef.current;
    const node = nodeOf(id);
    if (!api || !node || node.rowIndex == null) return;
    api.ensureNodeVisible(node);
    api.setFocusedCell(node.rowIndex, key);
  };

  const editCommand = (row: LedgerRow, before: Patch, after: Patch): Command => {
    const keys = Object.keys(after);
    const apply = (patch: Patch) =>
      enqueue(async () => {
        const result = await savePatch(row.id, patch);
        if (!result.ok) return result.error.message;
        focusCell(row.id, keys[0]);
        return null;
      });
    return { label: t.grid.cmdEdit(describe(row), fieldLabels(keys)), undo: () => apply(before), redo: () => apply(after) };
  };

  /** A changed parent (street) clears a scoped child (community) that does not belong to it. */
  const dependentPatch = (row: AnyRow, key: string, value: PatchValue): Patch => {
    const patch: Patch = {};
    for (const [scoped, scopeKey] of Object.entries(ledger.refScopes ?? {})) {
      if (scopeKey !== key || row[scoped] == null) continue;
      const scopedField = fieldByKey.get(scoped);
      const option = ledger.refOptions[scopedField?.ref ?? '']?.find((o) => o.value === row[scoped]);
      if (option?.parentId !== value) patch[scoped] = null;
    }
    return patch;
  };

  const saveCellEdit = async (id: number, field: FieldDef, value: PatchValue) => {
    const row = rowOf(id);
    if (!row || unchanged(field, row[field.key], value)) return;
    const patch: Patch = { [field.key]: value, ...dependentPatch(row, field.key, value) };
    const before = storedPatch(row, Object.keys(patch));
    const result = await savePatch(id, patch);
    if (result.ok) {
      commands.push(editCommand(row, before, patch));
      if (!showWarnings(result.data.row, result.data.warnings)) status.notify('info', t.grid.savedEdit(describe(result.data.row), field.label));
      return;
    }
    const message = result.error.fields?.[field.key] ?? result.error.message;
    // readOnlyEdit: the grid never took the refused value, so the cell already shows the stored one.
    setMark(id, field.key, { kind: 'error', message });
    const override = ledger.reasonOverride;
    if (override?.field === field.key && result.error.fields?.[field.key] && override.matches(message)) {
      setPendingOverride({ id, field, value, message, reason: '', error: null, busy: false });
    }
    status.notify(
      'error',
      result.error.code === 'conflict' ? `${result.error.message}${t.grid.conflictReloaded}` : t.grid.refused(describe(row), field.label, message),
    );
  };

  /** The refused value again, with the clerk's written reason: one edit, one undo step. */
  const confirmOverride = () => {
    const pending = pendingOverride;
    const override = ledger.reasonOverride;
    if (!pending || !override || pending.busy) return;
    const reason = pending.reason.trim();
    if (!reason) {
      setPendingOverride({ ...pending, error: override.needed });
      return;
    }
    setPendingOverride({ ...pending, busy: true, error: null });
    void enqueue(async () => {
      const row = rowOf(pending.id);
      if (!row) return;
      const patch: Patch = { [pending.field.key]: pending.value, [override.reasonField]: reason };
      const before = storedPatch(row, Object.keys(patch));
      const result = await savePatch(pending.id, patch);
      if (!result.ok) {
        const message = result.error.fields?.[pending.field.key] ?? result.error.fields?.[override.reasonField] ?? result.error.message;
        setPendingOverride({ ...pending, busy: false, error: message });
        return;
      }
      setPendingOverride(null);
      commands.push(editCommand(row, before, patch));
      if (!showWarnings(result.data.row, result.data.warnings)) status.notify('info', t.grid.savedEdit(describe(result.data.row), pending.field.label));
      focusCell(pending.id, pending.field.key);
    });
  };

  const onCellEditRequest = (event: CellEditRequestEvent<LedgerRow>) => {
    const field = fieldByKey.get(event.colDef.colId ?? '');
    if (!field || field.derived || columnContext.locked[field.key] || !event.data) return;
    const id = event.data.id;
    if (marks.clear(id, field.key)) refreshCells(id, [field.key]);
    const options = field.kind === 'ref' ? refOptionsFor(field, event.data as AnyRow, columnContext) : undefined;
    const value = fromGridText(field, event.newValue, options);
    void enqueue(() => saveCellEdit(id, field, value));
  };

  // ---- drawer ----------------------------------------------------------------------------------------

  const openDrawer = useCallback((state: DrawerState) => {
    setDrawer(state);
    drawerIdRef.current = state?.mode === 'edit' ? state.id : null;
    setDrawerRow(state?.mode === 'edit' ? ((apiRef.current?.getRowNode(String(state.id))?.data as R | undefined) ?? null) : null);
  }, []);

  function closeDrawer(refocus = true) {
    const id = drawerIdRef.current;
    openDrawer(null);
    if (refocus && id != null) focusCell(id, ROW_NUMBER_COL);
  }

  const submitDrawer = (mode: DrawerMode, values: Patch): Promise<ApiResult<SavedRow<R>>> =>
    enqueue(async () => {
      if (mode === 'new') {
        status.saveStarted();
        const result = await ledger.create(values);
        status.saveFinished(result.ok);
        if (!result.ok) {
          status.notify('error', result.error.message);
          return result;
        }
        const created = result.data.row;
        addRow(created);
        commands.push(createCommand(created));
        if (!showWarnings(created, result.data.warnings)) status.notify('info', t.grid.created(describe(created)));
        openDrawer(null);
        return result;
      }
      const id = drawerIdRef.current;
      const row = id == null ? undefined : rowOf(id);
      if (!row) return { ok: false, error: { code: 'not_found', message: t.grid.rowGone } };
      const before = storedPatch(row, Object.keys(values));
      const result = await savePatch(row.id, values);
      if (result.ok) {
        commands.push(editCommand(row, before, values));
        if (!showWarnings(result.data.row, result.data.warnings)) status.notify('info', t.grid.savedEdit(describe(row), fieldLabels(Object.keys(values))));
      } else {
        status.notify('error', result.error.code === 'conflict' ? `${result.error.message}${t.grid.conflictReloaded}` : result.error.message);
      }
      return result;
    });

  // ---- delete, restore, create as commands -----------------------------------------------------------

  const deleteRow = async (id: number, reason: string | undefined): Promise<string | null> => {
    const row = rowOf(id);
    status.saveStarted();
    const result = await ledger.remove(id, row?.version, reason);
    status.saveFinished(result.ok);
    if (!result.ok) {
      if (result.error.code === 'conflict') await reloadRow(id);
      return result.error.message;
    }
    removeRow(id);
    return null;
  };

  const restoreRow = async (id: number, addIndex?: number): Promise<string | null> => {
    status.saveStarted();
    const result = await ledger.restore(id);
    status.saveFinished(result.ok);
    if (!result.ok) return result.error.message;
    addRow(result.data, addIndex);
    return null;
  };

  function createCommand(row: LedgerRow): Command {
    return {
      label: t.grid.cmdCreate(describe(row)),
      undo: () => enqueue(() => deleteRow(row.id, t.grid.deleteReasonUndoCreate)),
      redo: () => enqueue(() => restoreRow(row.id)),
    };
  }

  const block = useBlockEditing({
    apiRef,
    ledger,
    fieldByKey,
    columnContext,
    marks,
    enqueue,
    commands,
    applyRows,
    addRows,
    removeRows: (ids: number[]) => ids.forEach(removeRow),
    focusCell,
  });

  const selectedRow = (): R | undefined => {
    const api = apiRef.current;
    if (!api) return undefined;
    const selected = api.getSelectedRows()[0];
    if (selected) return selected as R;
    const focused = api.getFocusedCell();
    return focused ? (api.getDisplayedRowAtIndex(focused.rowIndex)?.data as R | undefined) : undefined;
  };

  const requestDelete = () => {
    const row = selectedRow();
    if (!row) {
      status.notify('info', t.grid.deleteNeedsRow);
      return;
    }
    setPendingDelete({ row, reason: '', busy: false });
  };

  const confirmDelete = async () => {
    if (!pendingDelete) return;
    const { row, reason } = pendingDelete;
    setPendingDelete({ ...pendingDelete, busy: true });
    const index = nodeOf(row.id)?.sourceRowIndex;
    const error = await enqueue(() => deleteRow(row.id, reason.trim() || undefined));
    setPendingDelete(null);
    if (error) {
      status.notify('error', error);
      return;
    }
    status.notify('info', t.grid.deleted(describe(row)));
    commands.push({
      label: t.grid.cmdDelete(describe(row)),
      undo: () => enqueue(() => restoreRow(row.id, index)),
      redo: () => enqueue(() => deleteRow(row.id, reason.trim() || undefined)),
    });
  };

  // ---- undo / redo -----------------------------------------------------------------------------------

  const runUndo = useCallback(async () => {
    const outcome = await commands.undo();
    if (!outcome) status.notify('info', t.grid.nothingToUndo);
    else if (outcome.error) status.notify('error', t.grid.undoFailed(outcome.label, outcome.error));
    else status.notify('info', t.grid.undone(outcome.label));
  }, [commands]);

  const runRedo = useCallback(async () => {
    const outcome = await commands.redo();
    if (!outcome) status.notify('info', t.grid.nothingToRedo);
    else if (outcome.error) status.notify('error', t.grid.redoFailed(outcome.label, outcome.error));
    else status.notify('info', t.grid.redone(outcome.label));
  }, [commands]);

  const modalOpen = pendingDelete !== null || importing !== null || pendingOverride !== null;

  /** Ctrl+P: the rows and columns as they are on screen, in a plain table for the printer. */
  function printView() {
    const api = apiRef.current;
    if (!api) return;
    const columns = api
      .getAllDisplayedColumns()
      .map((c) => fieldByKey.get(c.getColId()))
      .filter((f): f is FieldDef => !!f);
    const rows: string[][] = [];
    api.forEachNodeAfterFilterAndSort((node) => {
      const data = node.data as AnyRow | undefined;
      if (data) rows.push([String(rows.length + 1), ...columns.map((f) => cellText(f, data))]);
    });
    const today = new Date();
    const date = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
    printTable({
      title: ledger.title,
      subtitle: t.grid.printSubtitle(date, rows.length),
      headers: [t.grid.rowNumber, ...columns.map(headerName)],
      numeric: [true, ...columns.map(isNumeric)],
      rows,
    });
  }
  const undoKeys = useCallback(
    (key: string, e: KeyboardEvent) => {
      if (key !== 'z' && key !== 'y') return;
      // Inside a text box (cell editor, search, drawer form) Ctrl+Z is the box's own undo.
      const target = e.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable="true"]')) return;
      if (modalOpen || apiRef.current?.getEditingCells().length) return;
      e.preventDefault();
      if (key === 'y' || e.shiftKey) void runRedo();
      else void runUndo();
    },
    [modalOpen, runUndo, runRedo],
  );
  useSearchPrintKeys(searchRef, printView, undoKeys);

  // ---- loading, filters, layout ----------------------------------------------------------------------

  /**
   * The first rows are painted at once, the rest are loaded behind them in large slices and added to the grid
   * (a district ledger of 100,000 rows takes seconds to read and send; the clerk should not wait for it to
   * start working). Each slice is a separate call, so a refused one stops the loading with its message.
   */
  const loadRows = useCallback(async () => {
    setLoad({ state: 'loading' });
    const fail = (message: string) => {
      setLoad({ state: 'failed', message });
      status.notify('error', `${t.grid.loadFailed}:${message}`);
    };
    const first = await ledger.list({ offset: 0, limit: FIRST_PAINT_ROWS });
    const api = apiRef.current;
    if (!first.ok) return fail(first.error.message);
    api?.setGridOption('rowData', first.data);
    setTotalRows(first.data.length);
    setLoad({ state: 'ready' });
    if (first.data.length < FIRST_PAINT_ROWS) return;
    const job = `load-${layoutStorageKey}`;
    let loaded = first.data.length;
    let inGrid = first.data.length;
    await status.track(job, t.grid.loadingRest, async () => {
      for (;;) {
        const more = await ledger.list({ offset: loaded, limit: BACKGROUND_SLICE_ROWS });
        if (!more.ok) return fail(more.error.message);
        const grid = apiRef.current;
        if (!grid || grid.isDestroyed()) return;
        // Rows another clerk added meanwhile can shift a slice: never add a row twice.
        const fresh = more.data.filter((row) => !grid.getRowNode(String(row.id)));
        grid.applyTransaction({ add: fresh });
        loaded += more.data.length;
        inGrid += fresh.length;
        setTotalRows(inGrid);
        if (more.data.length < BACKGROUND_SLICE_ROWS) return;
      }
    });
  }, [ledger, layoutStorageKey]);

  const onGridReady = (event: GridReadyEvent<LedgerRow>) => {
    apiRef.current = event.api;
    const layout = loadLayout(layoutStorageKey);
    if (layout) {
      event.api.applyColumnState({ state: layout.columns, applyOrder: true });
      event.api.setFilterModel(layout.filters);
    }
    block.syncColumns();
    void loadRows();
  };

  useEffect(() => () => status.setRows(null), []);

  useEffect(() => {
    const timer = setTimeout(() => setQuickFilter(searchText), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [searchText]);

  const saveTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const flushLayoutSave = useCallback(() => {
    if (saveTimer.current === undefined) return;
    clearTimeout(saveTimer.current);
    saveTimer.current = undefined;
    const api = apiRef.current;
    if (api && !api.isDestroyed()) saveLayout(layoutStorageKey, { columns: api.getColumnState(), filters: api.getFilterModel() });
  }, [layoutStorageKey]);
  const scheduleLayoutSave = () => {
    clearTimeout(saveTimer.current);
    saveTimer.current = setTimeout(flushLayoutSave, LAYOUT_SAVE_DEBOUNCE_MS);
  };
  // A resize followed at once by a reload or by leaving the screen must not lose the layout.
  useEffect(() => {
    window.addEventListener('pagehide', flushLayoutSave);
    return () => {
      window.removeEventListener('pagehide', flushLayoutSave);
      flushLayoutSave();
    };
  }, [flushLayoutSave]);

  // The outside filter is read through a ref: AG Grid keeps the callbacks it was given, the ref sees the newest.
  const rowFilterRef = useRef(rowFilter);
  rowFilterRef.current = rowFilter;
  const isExternalFilterPresent = useCallback(() => rowFilterRef.current !== null, []);
  const doesExternalFilterPass = useCallback((node: IRowNode<LedgerRow>) => !!node.data && !!rowFilterRef.current?.ids.has(node.data.id), []);
  useEffect(() => {
    const grid = apiRef.current;
    if (grid && !grid.isDestroyed()) grid.onFilterChanged();
  }, [rowFilter]);

  /** Row numbers are display positions: renumber the visible cells whenever rows are sorted, filtered, added or removed. */
  const renumber = () => apiRef.current?.refreshCells({ columns: [ROW_NUMBER_COL] });

  const clearFilters = () => {
    apiRef.current?.setFilterModel(null);
    setSearchText('');
    setQuickFilter('');
    rowFilter?.onClear();
  };

  const downloadTemplate = async (name: string) => {
    const result = await importApi.blank(name);
    if (!result.ok) {
      status.notify('error', result.error.message);
      return;
    }
    downloadBase64(result.data.fileName, result.data.mimeType, result.data.base64);
    status.notify('info', t.grid.templateDownloaded(result.data.fileName));
  };

  /** A file dragged over the grid: only .xlsx and .csv are taken, and only by a ledger that imports. */
  const dragHasFile = (e: React.DragEvent) => !!ledger.importName && e.dataTransfer.types.includes('Files');
  const onDragOver = (e: React.DragEvent) => {
    if (!dragHasFile(e) || modalOpen) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    if (!dropping) setDropping(true);
  };
  const onDrop = (e: React.DragEvent) => {
    setDropping(false);
    if (!dragHasFile(e) || modalOpen) return;
    e.preventDefault();
    const file = e.dataTransfer.files[0];
    if (!file) return;
    if (!IMPORT_FILE_PATTERN.test(file.name)) {
      status.notify('error', t.grid.dropWrongType(file.name));
      return;
    }
    setImporting({ file });
  };

  const exportAs = async (format: 'xlsx' | 'csv') => {
    const result = await status.track(`${ledger.gridName}.export`, `${t.grid.exporting} ${format.toUpperCase()}`, () => ledger.exportFile(format));
    if (!result.ok) {
      status.notify('error', result.error.message);
      return;
    }
    downloadBase64(result.data.fileName, result.data.mimeType, result.data.base64);
    status.notify('info', t.grid.exported(result.data.rows, result.data.fileName));
  };

  const onCellDoubleClicked = (event: CellDoubleClickedEvent<LedgerRow>) => {
    const field = fieldByKey.get(event.colDef.colId ?? '');
    // Editable cells edit on double-click like a spreadsheet; the row number (and read-only cells) open the form.
    if (event.data && (event.colDef.colId === ROW_NUMBER_COL || field?.derived || (field && columnContext.locked[field.key]))) {
      openDrawer({ mode: 'edit', id: event.data.id });
    }
  };

  const onCellKeyDown = (event: CellKeyDownEvent<LedgerRow>) => {
    const key = (event.event as KeyboardEvent | null | undefined)?.key;
    if (key === 'Enter' && event.colDef.colId === ROW_NUMBER_COL && event.data) openDrawer({ mode: 'edit', id: event.data.id });
  };

  const api = apiRef.current;
  return (
    <div className="ledger">
      <div className="toolbar" role="toolbar">
        <button type="button" className="button" onClick={() => openDrawer({ mode: 'new' })} data-testid="btn-add">
          {t.grid.add}
        </button>
        <button type="button" className="button" onClick={requestDelete} disabled={total === 0} data-testid="btn-delete">
          {t.grid.delete}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => void runUndo()}
          disabled={!commands.undoLabel}
          title={commands.undoLabel ? t.grid.undoTitle(commands.undoLabel) : t.grid.nothingToUndo}
          data-testid="btn-undo"
        >
          {t.grid.undo}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => void runRedo()}
          disabled={!commands.redoLabel}
          title={commands.redoLabel ? t.grid.redoTitle(commands.redoLabel) : t.grid.nothingToRedo}
          data-testid="btn-redo"
        >
          {t.grid.redo}
        </button>
        <span className="toolbar-separator" />
        {ledger.importName && (
          <button type="button" className="button" onClick={() => setImporting({ file: null })} title={t.grid.importTitle} data-testid="btn-import">
            {t.grid.importButton}
          </button>
        )}
        <button type="button" className="button" onClick={() => void exportAs('xlsx')} title={t.grid.exportTitle('Excel(.xlsx)')} data-testid="btn-export-xlsx">
          {t.grid.exportXlsx}
        </button>
        <button type="button" className="button" onClick={() => void exportAs('csv')} title={t.grid.exportTitle('CSV')} data-testid="btn-export-csv">
          {t.grid.exportCsv}
        </button>
        {ledger.importName && (
          <button type="button" className="button" onClick={() => void downloadTemplate(ledger.importName!)} title={t.grid.templateTitle} data-testid="btn-template">
            {t.grid.templateButton}
          </button>
        )}
        <span className="toolbar-separator" />
        <input
          ref={searchRef}
          type="search"
          className="input search-box"
          placeholder={t.grid.search}
          aria-label={t.grid.search}
          value={searchText}
          onChange={(e) => setSearchText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') setQuickFilter(searchText);
          }}
          data-testid="search-box"
        />
        <button type="button" className="button" onClick={clearFilters} data-testid="btn-clear-filters">
          {t.grid.clearFilters}
        </button>
        <span className="toolbar-anchor">
          <button
            type="button"
            className="button"
            aria-expanded={columnsOpen}
            onClick={() => setColumnsOpen((open) => !open)}
            data-testid="btn-columns"
          >
            {t.grid.columns}
          </button>
          {columnsOpen && api && (
            <ColumnSettings
              fields={ledger.fields}
              isVisible={(key) => api.getColumn(key)?.isVisible() ?? false}
              onToggle={(key, visible) => {
                api.setColumnsVisible([key], visible);
                setColumnsTick((n) => n + 1);
              }}
              onReset={() => {
                api.resetColumnState();
                api.setFilterModel(null);
                clearLayout(layoutStorageKey);
                setColumnsTick((n) => n + 1);
              }}
              onClose={() => setColumnsOpen(false)}
            />
          )}
        </span>
        {ledger.toolbarExtra && (
          <>
            <span className="toolbar-separator" />
            {ledger.toolbarExtra({ fields: ledger.fields, selected: selectedRow, reloadRow })}
          </>
        )}
      </div>
      {rowFilter && (
        <div className="filter-chips">
          <FilterChip filter={rowFilter} />
        </div>
      )}
      {block.problems && (
        <div className="block-problems" role="alert" data-testid="block-problems">
          <div className="block-problems-head">
            <span>{t.grid.problemsTitle(block.problems.length)}</span>
            <button type="button" className="icon-button" onClick={block.dismissProblems} title={t.grid.problemsClose} aria-label={t.grid.problemsClose}>
              ×
            </button>
          </div>
          <ul>
            {block.problems.slice(0, 100).map((p, i) => (
              <li key={i} data-row={p.row}>
                {p.id != null ? (
                  <button type="button" className="link-button" onClick={() => block.focusProblem(p)}>
                    {t.grid.problemAt(p.row, p.column)}
                  </button>
                ) : (
                  <span>{t.grid.problemAt(p.row, p.column)}</span>
                )}
                :{p.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="ledger-body">
        <div
          className={dropping ? 'grid-area grid-area-drop' : 'grid-area'}
          onKeyDownCapture={block.onKeyDownCapture}
          onMouseDownCapture={block.onMouseDownCapture}
          onMouseOver={block.onMouseOver}
          onCopy={block.onCopy}
          onPaste={block.onPaste}
          onDragOver={onDragOver}
          onDragLeave={(e) => {
            if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDropping(false);
          }}
          onDrop={onDrop}
          data-drop-hint={t.grid.dropHint}
        >
          <AgGridReact<LedgerRow>
            theme={ledgerTheme}
            localeText={AG_GRID_LOCALE_CN}
            columnDefs={columnDefs}
            defaultColDef={defaultColDef}
            getRowId={(p) => String(p.data.id)}
            readOnlyEdit
            onCellEditRequest={onCellEditRequest}
            enterNavigatesVerticallyAfterEdit
            stopEditingWhenCellsLoseFocus
            enableBrowserTooltips
            rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
            quickFilterText={quickFilter}
            isExternalFilterPresent={isExternalFilterPresent}
            doesExternalFilterPass={doesExternalFilterPass}
            loading={load.state === 'loading'}
            animateRows={false}
            suppressDragLeaveHidesColumns
            onGridReady={onGridReady}
            onModelUpdated={() => {
              renumber();
              reportRows();
            }}
            onSortChanged={() => {
              scheduleLayoutSave();
              block.collapse();
            }}
            onFilterChanged={() => {
              scheduleLayoutSave();
              block.collapse();
            }}
            onDisplayedColumnsChanged={block.syncColumns}
            onCellFocused={block.onCellFocused}
            onColumnMoved={(e) => e.finished && scheduleLayoutSave()}
            onColumnResized={(e) => e.finished && scheduleLayoutSave()}
            onColumnVisible={scheduleLayoutSave}
            onColumnPinned={scheduleLayoutSave}
            onCellDoubleClicked={onCellDoubleClicked}
            onCellKeyDown={onCellKeyDown}
          />
          {load.state === 'ready' && total === 0 && (
            <div className="empty-state" data-testid="empty-state">
              <h2>{ledger.emptyTitle}</h2>
              <p>{ledger.emptyText}</p>
              <div className="empty-actions">
                {ledger.importName && (
                  <button type="button" className="button" onClick={() => setImporting({ file: null })} data-testid="empty-import">
                    {t.grid.importButton}
                  </button>
                )}
                <button type="button" className="button button-primary" onClick={() => openDrawer({ mode: 'new' })} data-testid="empty-add">
                  {t.grid.add}
                </button>
              </div>
            </div>
          )}
          {load.state === 'failed' && (
            <div className="empty-state" role="alert">
              <h2>{t.grid.loadFailed}</h2>
              <p className="text-error">{load.message}</p>
              <button type="button" className="button" onClick={() => void loadRows()}>
                {t.app.retry}
              </button>
            </div>
          )}
        </div>
        {drawer && (drawer.mode === 'new' || drawerRow) && (
          <RowDrawer<R>
            key={drawer.mode === 'new' ? 'new' : drawer.id}
            mode={drawer.mode}
            row={drawer.mode === 'edit' ? drawerRow : null}
            ledger={ledger}
            onSubmit={(values) => submitDrawer(drawer.mode, values)}
            onClose={() => closeDrawer()}
          />
        )}
      </div>
      {importing && ledger.importName && (
        <ImportDialog
          ledger={ledger.importName}
          title={ledger.title}
          fields={ledger.fields}
          initialFile={importing.file}
          onClose={() => setImporting(null)}
          onImported={() => void loadRows()}
        />
      )}
      {pendingOverride && ledger.reasonOverride && (
        <ConfirmDialog
          title={ledger.reasonOverride.title}
          confirmLabel={ledger.reasonOverride.confirm}
          busy={pendingOverride.busy}
          focusCancel={false}
          onConfirm={confirmOverride}
          onCancel={() => {
            const { id, field } = pendingOverride;
            setPendingOverride(null);
            focusCell(id, field.key);
          }}
        >
          <p className="text-error" data-testid="override-message">
            {pendingOverride.message}
          </p>
          <p className="muted">{ledger.reasonOverride.explain}</p>
          <label className="form-label" htmlFor="override-reason">
            {ledger.reasonOverride.label}
          </label>
          <textarea
            id="override-reason"
            className={pendingOverride.error ? 'input input-error' : 'input'}
            rows={3}
            maxLength={500}
            autoFocus
            value={pendingOverride.reason}
            onChange={(e) => setPendingOverride({ ...pendingOverride, reason: e.target.value, error: null })}
            data-testid="override-reason"
          />
          {pendingOverride.error && <div className="field-error">{pendingOverride.error}</div>}
        </ConfirmDialog>
      )}
      {pendingDelete && (
        <ConfirmDialog
          title={t.grid.deleteTitle(ledger.entityLabel)}
          confirmLabel={t.grid.deleteConfirm}
          danger
          busy={pendingDelete.busy}
          onConfirm={() => void confirmDelete()}
          onCancel={() => setPendingDelete(null)}
        >
          <p>{t.grid.deleteQuestion(describe(pendingDelete.row))}</p>
          <p className="muted">{t.grid.deleteExplain}</p>
          <label className="form-label" htmlFor="delete-reason">
            {t.grid.deleteReason}
          </label>
          <input
            id="delete-reason"
            className="input"
            maxLength={500}
            value={pendingDelete.reason}
            onChange={(e) => setPendingDelete({ ...pendingDelete, reason: e.target.value })}
            onKeyDown={(e) => {
              if (e.key === 'Enter') void confirmDelete();
            }}
            data-testid="delete-reason"
          />
        </ConfirmDialog>
      )}
    </div>
  );
}
