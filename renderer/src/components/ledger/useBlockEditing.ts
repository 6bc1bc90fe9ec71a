/**
 * Excel-grade editing on an AG Grid Community grid (range selection and clipboard are Enterprise, so they
 * are ours): a block selected by click, Shift+click, Shift+arrows or dragging; Ctrl+C copies it as
 * tab-separated text and an HTML table; Ctrl+V pastes a block from Excel/WPS (past the last row it becomes
 * new rows); Ctrl+D fills down; Delete clears; Enter moves down like a spreadsheet.
 *
 * A paste, a fill and a clear are each ONE `<ledger>.batch` call — all of it or none of it — and ONE undo
 * step. Nothing lives in React state per row: the block is a RangeModel drawn through cell class rules, and
 * only the rendered rows it touches are refreshed.
 */
import type { CellFocusedEvent, Column, GridApi } from 'ag-grid-community';
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { ApiErrorBody, FieldDef } from '../../../../db/api';
import { status } from '../../app/status';
import { t } from '../../i18n/zh-CN';
import { planBlock, type BlockCell, type BlockPlan } from './blockEdit';
import type { CellMark, CellMarks } from './cellMarks';
import { parseTsv, RangeModel, toHtmlTable, toTsv, type CellPos, type Rect } from './cellRange';
import { refOptionsFor, ROW_NUMBER_COL, type ColumnContext } from './columns';
import type { CommandStack } from './commandStack';
import type { BatchSaved, LedgerAdapter, LedgerRow, Patch } from './types';
import { apiValue, cellText, fromGridText, headerName } from './values';

type AnyRow = LedgerRow & Record<string, unknown>;

/** One refused cell of a block, listed under the toolbar (new rows have no cell to mark). */
export interface BlockProblem {
  row: number;
  column: string;
  message: string;
  id: number | null;
  key: string | null;
}

export type BlockKind = 'paste' | 'fill' | 'clear';

export interface BlockEditingDeps<R extends LedgerRow> {
  apiRef: RefObject<GridApi<LedgerRow> | null>;
  ledger: LedgerAdapter<R>;
  fieldByKey: Map<string, FieldDef>;
  columnContext: ColumnContext;
  marks: CellMarks;
  enqueue: <T>(task: () => Promise<T>) => Promise<T>;
  commands: CommandStack;
  /** Saved rows (new versions) into the grid and the open drawer. */
  applyRows(rows: LedgerRow[]): void;
  addRows(rows: LedgerRow[]): void;
  /** Rows a saved batch removed (the rows an undone block had added). */
  removeRows(ids: number[]): void;
  focusCell(id: number, key: string): void;
}

const isTextTarget = (target: EventTarget | null) =>
  target instanceof HTMLElement && !!target.closest('input, textarea, select, [contenteditable="true"], .ag-cell-inline-editing, .ag-popup-editor');

export function useBlockEditing<R extends LedgerRow>(deps: BlockEditingDeps<R>) {
  const { apiRef, ledger, fieldByKey, columnContext, marks, enqueue, commands } = deps;
  const range: RangeModel = columnContext.range;
  /** Derived fields and fields locked after creation take no block: they are skipped and named. */
  const readOnly = (field: FieldDef) => !!field.derived || !!columnContext.locked[field.key];
  const [problems, setProblems] = useState<BlockProblem[] | null>(null);
  /** Cells marked by the last refused block: cleared when the next block is written or the list is closed. */
  const refusedMarks = useRef<Array<[number, string]>>([]);
  /** Set while the mouse is down on a cell: the grid's own focus change then must not reset the block. */
  const pointer = useRef<{ dragging: boolean } | null>(null);
  /**
   * Cells the focus was moved to by Shift+arrows. The grid reports such a move once at once and, when the
   * browser focus follows late, again later — possibly after the next Shift+arrow: neither resets the block.
   */
  const extendedTo = useRef(new Set<string>());
  const posKey = (p: CellPos) => `${p.rowIndex}\u0000${p.colId}`;
  const depsRef = useRef(deps);
  depsRef.current = deps;

  // ---- drawing -------------------------------------------------------------------------------------

  const rowCount = () => apiRef.current?.getDisplayedRowCount() ?? 0;

  /** Redraws the rendered rows that were or are inside the block (class rules only, values untouched). */
  const redraw = useCallback(
    (before: Rect | null) => {
      const api = apiRef.current;
      if (!api) return;
      const after = range.bounds;
      const inside = (r: Rect | null, i: number) => !!r && i >= r.top && i <= r.bottom;
      const rowNodes = api.getRenderedNodes().filter((n) => n.rowIndex != null && (inside(before, n.rowIndex) || inside(after, n.rowIndex)));
      if (rowNodes.length) api.refreshCells({ rowNodes });
    },
    [apiRef, range],
  );

  const setRange = useCallback(
    (anchor: CellPos | null, end: CellPos | null = anchor) => {
      const before = range.bounds;
      range.set(anchor, end);
      redraw(before);
    },
    [range, redraw],
  );

  const collapse = useCallback(() => {
    const focused = apiRef.current?.getFocusedCell();
    setRange(focused ? { rowIndex: focused.rowIndex, colId: focused.column.getColId() } : null);
  }, [apiRef, setRange]);

  const syncColumns = useCallback(() => {
    const api = apiRef.current;
    if (!api) return;
    const before = range.bounds;
    range.setColumns(api.getAllDisplayedColumns().map((c: Column) => c.getColId()));
    redraw(before);
  }, [apiRef, range, redraw]);

  /** The block, or the focused cell when nothing wider is selected. */
  const currentRect = (): Rect | null => {
    if (range.bounds) return range.bounds;
    const focused = apiRef.current?.getFocusedCell();
    if (!focused) return null;
    range.set({ rowIndex: focused.rowIndex, colId: focused.column.getColId() });
    return range.bounds;
  };

  // ---- grid events -----------------------------------------------------------------------------------

  /** The cell under a DOM node, by the attributes AG Grid puts on rows and cells. */
  const cellAt = (target: EventTarget | null): CellPos | null => {
    const cellEl = (target as HTMLElement | null)?.closest?.<HTMLElement>('.ag-cell');
    const colId = cellEl?.getAttribute('col-id');
    const index = cellEl?.closest<HTMLElement>('.ag-row')?.getAttribute('row-index');
    const rowIndex = index ? Number(index) : NaN;
    return colId && Number.isInteger(rowIndex) ? { rowIndex, colId } : null;
  };

  const onCellFocused = useCallback(
    (event: CellFocusedEvent<LedgerRow>) => {
      if (event.rowIndex == null || !event.column || pointer.current) return;
      const colId = typeof event.column === 'string' ? event.column : event.column.getColId();
      const pos = { rowIndex: event.rowIndex, colId };
      // Focus arriving where our own Shift+arrow (or Shift+click) put it: the block stays.
      const end = range.end;
      if ((end && end.rowIndex === pos.rowIndex && end.colId === colId) || extendedTo.current.has(posKey(pos))) return;
      // The grid moved the focus on a Shift+arrow itself: that extends the block too.
      const source = event.sourceEvent as KeyboardEvent | null | undefined;
      if (source?.shiftKey && typeof source.key === 'string' && source.key.startsWith('Arrow') && range.anchor) {
        setRange(range.anchor, pos);
        return;
      }
      setRange(pos);
    },
    [range, setRange],
  );

  /** Dragging with the button held: the block follows the mouse from cell to cell. */
  const onMouseOver = (e: React.MouseEvent) => {
    if (!pointer.current?.dragging || !range.anchor) return;
    if (!(e.buttons & 1)) {
      pointer.current = null;
      return;
    }
    const pos = cellAt(e.target);
    if (!pos || (range.end?.rowIndex === pos.rowIndex && range.end.colId === pos.colId)) return;
    setRange(range.anchor, pos);
  };

  useEffect(() => {
    const up = () => {
      pointer.current = null;
    };
    window.addEventListener('mouseup', up);
    return () => window.removeEventListener('mouseup', up);
  }, []);

  /** Mouse down on a cell, before the grid sees it: a click starts a block, Shift+click extends it. */
  const onMouseDownCapture = (e: React.MouseEvent) => {
    if (e.button !== 0 || isTextTarget(e.target)) return;
    const pos = cellAt(e.target);
    if (!pos) return;
    // The grid's report of this very click may come after the Shift+arrows that follow it.
    extendedTo.current = new Set([posKey(pos)]);
    if (e.shiftKey && range.anchor) {
      pointer.current = { dragging: false };
      setRange(range.anchor, pos);
    } else {
      pointer.current = { dragging: true };
      setRange(pos);
    }
  };

  // ---- keyboard --------------------------------------------------------------------------------------

  const moveFocus = (rowIndex: number, colId: string) => {
    const api = apiRef.current;
    if (!api) return;
    api.ensureIndexVisible(rowIndex);
    api.ensureColumnVisible(colId);
    api.setFocusedCell(rowIndex, colId);
  };

  /** Shift+arrow grows or shrinks the block at its far corner; with Ctrl, to the edge of the data. */
  const extendBy = (dRow: number, dCol: number, toEdge: boolean) => {
    const api = apiRef.current;
    const end = range.end ?? range.anchor;
    if (!api || !range.anchor || !end) return;
    const cols = range.displayedColumns;
    const last = rowCount() - 1;
    let row = end.rowIndex;
    let col = range.columnIndex(end.colId) ?? 0;
    if (dRow) row = toEdge ? (dRow < 0 ? 0 : last) : Math.min(last, Math.max(0, row + dRow));
    if (dCol) col = toEdge ? (dCol < 0 ? 0 : cols.length - 1) : Math.min(cols.length - 1, Math.max(0, col + dCol));
    const next = { rowIndex: row, colId: cols[col] };
    extendedTo.current.add(posKey(next));
    setRange(range.anchor, next);
    moveFocus(next.rowIndex, next.colId);
  };

  const ARROWS: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };

  const onKeyDownCapture = (e: React.KeyboardEvent) => {
    const api = apiRef.current;
    const target = e.target as HTMLElement;
    if (!api || e.altKey || !target.closest('.ag-cell, .ag-row') || isTextTarget(target) || api.getEditingCells().length) return;
    const focused = api.getFocusedCell();
    if (!focused) return;
    const ctrl = e.ctrlKey || e.metaKey;
    const colId = focused.column.getColId();
    const arrow = ARROWS[e.key];
    // Any other key ends a run of Shift+arrows: the focus it moves then starts a new block.
    if (!(arrow && e.shiftKey) && e.key !== 'Shift') extendedTo.current.clear();
    if (arrow && e.shiftKey) {
      e.preventDefault();
      extendBy(arrow[0], arrow[1], ctrl);
      return;
    }
    if (e.key === 'Enter' && !ctrl && colId !== ROW_NUMBER_COL) {
      // Like a spreadsheet: Enter moves down, Shift+Enter up; F2 (or typing) edits.
      e.preventDefault();
      const next = focused.rowIndex + (e.shiftKey ? -1 : 1);
      if (next >= 0 && next < rowCount()) moveFocus(next, colId);
      return;
    }
    if (e.key === 'F2' && !ctrl && !e.shiftKey) {
      // A choice (enum, 是/否, reference) opens with its list showing, as the grid does for Enter.
      const field = fieldByKey.get(colId);
      if (field && !readOnly(field) && (field.kind === 'enum' || field.kind === 'bool' || field.kind === 'ref')) {
        e.preventDefault();
        api.startEditingCell({ rowIndex: focused.rowIndex, colKey: colId, key: 'Enter' });
      }
      return;
    }
    if ((e.key === 'Delete' || e.key === 'Backspace') && !ctrl && !e.shiftKey) {
      e.preventDefault();
      clearBlock();
      return;
    }
    if (e.key === 'Escape' && range.isBlock) {
      collapse();
      return;
    }
    if (ctrl && !e.shiftKey && e.key.toLowerCase() === 'd') {
      e.preventDefault();
      fillDown();
      return;
    }
    if (ctrl && !e.shiftKey && e.key.toLowerCase() === 'a') {
      e.preventDefault();
      const cols = range.displayedColumns;
      if (rowCount() > 0 && cols.length > 1) setRange({ rowIndex: 0, colId: cols[1] }, { rowIndex: rowCount() - 1, colId: cols[cols.length - 1] });
    }
  };

  // ---- copy ------------------------------------------------------------------------------------------

  const rowAt = (index: number): AnyRow | undefined => apiRef.current?.getDisplayedRowAtIndex(index)?.data as AnyRow | undefined;

  const blockTexts = (rect: Rect): string[][] => {
    const cols = range.displayedColumns.slice(rect.left, rect.right + 1);
    const out: string[][] = [];
    const bottom = Math.min(rect.bottom, rowCount() - 1);
    for (let i = rect.top; i <= bottom; i += 1) {
      const row = rowAt(i);
      out.push(cols.map((c) => {
        const field = fieldByKey.get(c);
        return field && row ? cellText(field, row) : '';
      }));
    }
    return out;
  };

  const onCopy = (e: React.ClipboardEvent) => {
    if (isTextTarget(e.target) || !(e.target as HTMLElement).closest('.ag-cell, .ag-row')) return;
    const rect = currentRect();
    if (!rect) return;
    const cells = blockTexts(rect);
    if (!cells.length) return;
    e.preventDefault();
    e.clipboardData.setData('text/plain', toTsv(cells));
    e.clipboardData.setData('text/html', toHtmlTable(cells));
    status.notify('info', t.grid.copied(cells.length, cells[0].length));
  };

  // ---- writing a block -------------------------------------------------------------------------------

  const refreshRendered = () => {
    const api = apiRef.current;
    if (api) api.refreshCells({ rowNodes: api.getRenderedNodes() });
  };

  function clearRefusedMarks() {
    for (const [id, key] of refusedMarks.current) marks.clear(id, key);
    refusedMarks.current = [];
    setProblems(null);
  }

  const rowNumberOf = (id: number, fallback: number) => {
    const index = apiRef.current?.getRowNode(String(id))?.rowIndex;
    return index == null ? fallback : index + 1;
  };

  /** Refused: nothing was written. Every refused cell of a row on screen is marked; all are listed. */
  const showRefusal = (plan: BlockPlan, error: ApiErrorBody, kind: BlockKind) => {
    const rows = error.rows ?? [];
    if (!rows.length) {
      status.notify('error', error.message);
      return;
    }
    const list: BlockProblem[] = [];
    for (const r of rows) {
      const target = plan.targets.get(r.row);
      const keys = r.field ? [r.field] : (target?.keys ?? []);
      const id = target?.id ?? null;
      if (id != null) {
        for (const key of keys) {
          if (!fieldByKey.has(key)) continue;
          marks.set(id, key, { kind: 'error', message: r.message });
          refusedMarks.current.push([id, key]);
        }
      }
      const label = r.column ?? (r.field ? (fieldByKey.get(r.field)?.label ?? r.field) : '');
      list.push({ row: r.row, column: label, message: r.message, id, key: keys[0] ?? null });
    }
    refreshRendered();
    setProblems(list);
    const first = list[0];
    status.notify('error', t.grid.blockRefused(t.grid.blockVerb[kind], list.length, t.grid.problemAt(first.row, first.column), first.message));
  };

  const showBatchWarnings = (saved: BatchSaved<LedgerRow>, idBySourceRow: Map<number, number>): boolean => {
    for (const w of saved.warnings) {
      const id = idBySourceRow.get(w.sourceRow);
      if (id != null && w.field && fieldByKey.has(w.field)) marks.set(id, w.field, { kind: 'warning', message: w.message } satisfies CellMark);
    }
    if (saved.warnings.length) refreshRendered();
    return saved.warnings.length > 0;
  };

  /**
   * Undo and redo of a block: ONE batch that writes the given values back and removes (undo) or brings back
   * (redo) the rows the block added, so the block is undone or redone whole or not at all.
   */
  const rewrite = async (patches: Map<number, Patch>, created: number[], mode: 'undo' | 'redo'): Promise<string | null> => {
    const { applyRows, addRows, removeRows } = depsRef.current;
    const updates = [];
    let fallback = rowCount();
    for (const [id, patch] of patches) {
      const row = apiRef.current?.getRowNode(String(id))?.data;
      if (!row) return t.grid.rowGone;
      fallback += 1;
      updates.push({ sourceRow: rowNumberOf(id, fallback), id, version: row.version, patch });
    }
    const extra = created.map((id) => {
      fallback += 1;
      return { sourceRow: rowNumberOf(id, fallback), id };
    });
    status.saveStarted();
    const result = await ledger.batch(
      mode === 'undo'
        ? { updates, creates: [], deletes: extra.map((d) => ({ ...d, reason: t.grid.deleteReasonUndoBlock })) }
        : { updates, creates: [], restores: extra },
    );
    status.saveFinished(result.ok);
    if (!result.ok) return result.error.message;
    const restored = new Set(result.data.restored);
    applyRows(result.data.rows.filter((r) => !restored.has(r.id)));
    addRows(result.data.rows.filter((r) => restored.has(r.id)));
    removeRows(result.data.deleted);
    for (const [id, patch] of patches) for (const key of Object.keys(patch)) marks.clear(id, key);
    refreshRendered();
    return null;
  };

  const runBlock = (kind: BlockKind, cells: BlockCell[], note: string, select?: { rows: number; cols: number; rect: Rect }) =>
    enqueue(async () => {
      const api = apiRef.current;
      if (!api) return;
      const count = rowCount();
      // The marks of the last refusal and of every cell of this block go: this block is checked afresh.
      clearRefusedMarks();
      for (const cell of cells) {
        const row = cell.rowIndex < count ? rowAt(cell.rowIndex) : undefined;
        if (row) marks.clear(row.id, cell.key);
      }
      const plan = planBlock(cells, (i) => (i < count ? rowAt(i) : undefined), fieldByKey);
      if (!plan.cells) {
        refreshRendered();
        status.notify('info', `${t.grid.blockNothing}${note}`);
        return;
      }
      status.saveStarted();
      const result = await ledger.batch(plan.input);
      status.saveFinished(result.ok);
      if (!result.ok) {
        refreshRendered();
        showRefusal(plan, result.error, kind);
        return;
      }
      const saved = result.data as BatchSaved<LedgerRow>;
      const created = new Set(saved.created);
      const { applyRows, addRows } = depsRef.current;
      applyRows(saved.rows.filter((r) => !created.has(r.id)));
      addRows(saved.rows.filter((r) => created.has(r.id)));
      refreshRendered();
      // Warnings come back by source row: rows changed in place by their id, new rows in the order sent.
      const idBySourceRow = new Map<number, number>();
      for (const u of plan.input.updates) idBySourceRow.set(u.sourceRow, u.id);
      plan.input.creates.forEach((c, i) => {
        if (saved.created[i] != null) idBySourceRow.set(c.sourceRow, saved.created[i]);
      });
      const warned = showBatchWarnings(saved, idBySourceRow);

      // One undo step: the old values of the rows that changed, and the new rows taken out again.
      const byId = new Map(saved.rows.map((r) => [r.id, r as AnyRow]));
      const before = new Map<number, Patch>();
      const after = new Map<number, Patch>();
      for (const id of saved.updated) {
        const old = plan.before.get(id);
        const row = byId.get(id);
        if (!old || !row) continue;
        before.set(id, old);
        after.set(id, Object.fromEntries(Object.keys(old).map((k) => [k, apiValue(fieldByKey.get(k)!, row[k])])));
      }
      const createdIds = [...saved.created];
      const label = t.grid.cmdBlock(t.grid.blockVerb[kind], plan.cells);
      commands.push({
        label,
        undo: () => enqueue(() => rewrite(before, createdIds, 'undo')),
        redo: () => enqueue(() => rewrite(after, createdIds, 'redo')),
      });
      if (select) {
        const cols = range.displayedColumns;
        const right = Math.min(cols.length - 1, select.rect.left + select.cols - 1);
        const bottom = Math.min(rowCount() - 1, select.rect.top + select.rows - 1);
        setRange({ rowIndex: select.rect.top, colId: cols[select.rect.left] }, { rowIndex: bottom, colId: cols[right] });
      }
      const summary = t.grid.blockSaved(t.grid.blockVerb[kind], plan.cells, saved.updated.length, saved.created.length);
      status.notify(warned ? 'warning' : 'info', warned ? `${summary}${t.grid.blockWarned(saved.warnings.length, saved.warnings[0].message)}${note}` : `${summary}${note}`);
    });

  const paste = (text: string) => {
    const rect = currentRect();
    if (!rect) {
      status.notify('info', t.grid.pasteNeedsCell);
      return;
    }
    const block = parseTsv(text);
    if (!block.length) return;
    const cols = range.displayedColumns;
    const single = block.length === 1 && block[0].length === 1;
    // One value into a wider selection fills it; a block is pasted whole from the block's top-left cell.
    const rows = single ? Math.min(rect.bottom, rowCount() - 1) - rect.top + 1 : block.length;
    const width = single ? rect.right - rect.left + 1 : Math.max(...block.map((r) => r.length));
    const count = rowCount();
    const cells: BlockCell[] = [];
    const skipped = new Set<string>();
    let outside = 0;
    for (let i = 0; i < rows; i += 1) {
      const rowIndex = rect.top + i;
      const row = rowIndex < count ? rowAt(rowIndex) : undefined;
      for (let j = 0; j < width; j += 1) {
        const text = single ? block[0][0] : block[i][j];
        if (text === undefined) continue;
        const colId = cols[rect.left + j];
        const field = colId ? fieldByKey.get(colId) : undefined;
        if (!field) {
          if (i === 0) outside += 1;
          continue;
        }
        if (readOnly(field)) {
          skipped.add(headerName(field));
          continue;
        }
        const options = field.kind === 'ref' ? refOptionsFor(field, row, columnContext) : undefined;
        cells.push({ rowIndex, key: field.key, value: fromGridText(field, text, options) });
      }
    }
    let note = '';
    if (skipped.size) note += t.grid.pasteSkipped([...skipped].join('、'));
    if (outside) note += t.grid.pasteOutside(outside);
    void runBlock('paste', cells, note, { rows, cols: width, rect });
  };

  const onPaste = (e: React.ClipboardEvent) => {
    if (isTextTarget(e.target) || !(e.target as HTMLElement).closest('.ag-cell, .ag-row')) return;
    if (apiRef.current?.getEditingCells().length) return;
    const text = e.clipboardData.getData('text/plain');
    e.preventDefault();
    if (!text) {
      status.notify('info', t.grid.pasteEmpty);
      return;
    }
    paste(text);
  };

  /** Ctrl+D: the block's first row copied into the rows below it; one row selected takes the row above. */
  function fillDown() {
    const rect = currentRect();
    if (!rect) return;
    const bottom = Math.min(rect.bottom, rowCount() - 1);
    const sourceIndex = bottom > rect.top ? rect.top : rect.top - 1;
    const source = sourceIndex >= 0 ? rowAt(sourceIndex) : undefined;
    if (!source) {
      status.notify('info', t.grid.fillNeedsRows);
      return;
    }
    const cells: BlockCell[] = [];
    const skipped = new Set<string>();
    for (const colId of range.displayedColumns.slice(rect.left, rect.right + 1)) {
      const field = fieldByKey.get(colId);
      if (!field) continue;
      if (readOnly(field)) {
        skipped.add(headerName(field));
        continue;
      }
      const value = apiValue(field, source[field.key]);
      for (let i = sourceIndex + 1; i <= bottom; i += 1) cells.push({ rowIndex: i, key: field.key, value });
    }
    void runBlock('fill', cells, skipped.size ? t.grid.pasteSkipped([...skipped].join('、')) : '');
  }

  /** Delete: the block's cells emptied (required fields refuse with their own messages). */
  function clearBlock() {
    const rect = currentRect();
    if (!rect) return;
    const cells: BlockCell[] = [];
    const bottom = Math.min(rect.bottom, rowCount() - 1);
    const skipped = new Set<string>();
    for (const colId of range.displayedColumns.slice(rect.left, rect.right + 1)) {
      const field = fieldByKey.get(colId);
      if (!field) continue;
      if (readOnly(field)) {
        skipped.add(headerName(field));
        continue;
      }
      for (let i = rect.top; i <= bottom; i += 1) cells.push({ rowIndex: i, key: field.key, value: field.kind === 'list' ? [] : null });
    }
    void runBlock('clear', cells, skipped.size ? t.grid.pasteSkipped([...skipped].join('、')) : '');
  }

  const focusProblem = (p: BlockProblem) => {
    if (p.id != null && p.key) depsRef.current.focusCell(p.id, p.key);
  };

  return {
    problems,
    dismissProblems: () => {
      clearRefusedMarks();
      refreshRendered();
    },
    focusProblem,
    collapse,
    syncColumns,
    onCellFocused,
    onMouseOver,
    onMouseDownCapture,
    onKeyDownCapture,
    onCopy,
    onPaste,
  };
}
