/**
 * FieldDef[] → AG Grid column definitions: Chinese headers with units, numbers right-aligned, enums, 是/否
 * and references shown by label with a select editor of labels, derived fields read-only, the code column
 * pinned left, and a leading row-number column that opens the row drawer.
 */
import type { CellClassParams, ColDef, ITooltipParams } from 'ag-grid-community';
import type { FieldDef } from '../../../../db/api';
import { t } from '../../i18n/zh-CN';
import type { CellMarks } from './cellMarks';
import type { RangeModel } from './cellRange';
import type { LedgerRow, RefOption } from './types';
import { choiceLabels, formatMoneyCell, gridValue, headerName, isNumeric, refChoices } from './values';

export const ROW_NUMBER_COL = '__rowNumber';

export interface ColumnContext {
  marks: CellMarks;
  /** The selected block: its cells are tinted and its outline drawn (only when it is more than one cell). */
  range: RangeModel;
  refOptions: Record<string, RefOption[]>;
  refScopes: Record<string, string>;
  /** Fields read-only after creation (LedgerAdapter.lockedFields): key → why. */
  locked: Record<string, string>;
}

function widthFor(field: FieldDef): number {
  if (field.long) return 240;
  if (field.kind === 'bool') return 86;
  if (field.kind === 'money') return Math.max(130, headerName(field).length * 14 + 36);
  if (isNumeric(field)) return Math.max(86, headerName(field).length * 14 + 36);
  // A long label goes with a long code (统一社会信用代码: 18 characters); short ones stay narrow (公厕编号 GC-016).
  if (field.kind === 'code') return Math.max(110, field.label.length * 14 + 48);
  if (field.kind === 'ref') return 120;
  if (field.kind === 'hours' || field.kind === 'text') return 150;
  return Math.max(100, field.label.length * 14 + 48);
}

const rowOf = (p: { data?: LedgerRow }) => p.data as (LedgerRow & Record<string, unknown>) | undefined;

/** Choices for a reference field in one row: a community list limited to the row's street. */
export function refOptionsFor(field: FieldDef, row: Record<string, unknown> | undefined, ctx: ColumnContext): RefOption[] {
  const options = ctx.refOptions[field.ref ?? ''] ?? [];
  const scope = ctx.refScopes[field.key];
  return scope ? refChoices(options, row?.[scope]) : options;
}

type RangeRule = (p: CellClassParams<LedgerRow>) => boolean;

/** Class rules that draw the block: tint inside, a 2 px outline on its four edges. */
function rangeRules(colId: string, range: RangeModel): Record<string, RangeRule> {
  const inBlock = (p: CellClassParams<LedgerRow>) => range.isBlock && range.contains(p.node.rowIndex, colId);
  const edge = (side: 'top' | 'bottom' | 'left' | 'right') => (p: CellClassParams<LedgerRow>) => {
    if (!inBlock(p)) return false;
    const r = range.bounds!;
    if (side === 'top') return p.node.rowIndex === r.top;
    if (side === 'bottom') return p.node.rowIndex === r.bottom;
    const i = range.columnIndex(colId);
    return side === 'left' ? i === r.left : i === r.right;
  };
  return {
    'range-cell': inBlock,
    'range-top': edge('top'),
    'range-bottom': edge('bottom'),
    'range-left': edge('left'),
    'range-right': edge('right'),
  };
}

function fieldColumn(field: FieldDef, ctx: ColumnContext, pin: boolean): ColDef<LedgerRow> {
  const numeric = isNumeric(field);
  const locked = ctx.locked[field.key];
  const markOf = (p: CellClassParams<LedgerRow> | ITooltipParams<LedgerRow>) => {
    const row = rowOf(p);
    return row ? ctx.marks.get(row.id, field.key) : undefined;
  };
  const column: ColDef<LedgerRow> = {
    colId: field.key,
    headerName: headerName(field),
    headerTooltip: field.hint ? `${headerName(field)}:${field.hint}` : locked ? `${headerName(field)}:${locked}` : undefined,
    valueGetter: (p) => {
      const row = rowOf(p);
      return row ? gridValue(field, row) : null;
    },
    editable: !field.derived && !locked,
    width: widthFor(field),
    filter: numeric ? 'agNumberColumnFilter' : 'agTextColumnFilter',
    type: numeric ? 'rightAligned' : undefined,
    pinned: pin ? 'left' : undefined,
    tooltipValueGetter: (p) => markOf(p)?.message,
    valueFormatter: field.kind === 'money' ? (p) => formatMoneyCell(p.value) : undefined,
    cellClassRules: {
      'cell-error': (p) => markOf(p)?.kind === 'error',
      'cell-warning': (p) => markOf(p)?.kind === 'warning',
      'cell-derived': () => !!field.derived || !!locked,
      ...rangeRules(field.key, ctx.range),
    },
  };
  if (field.derived || locked) return column;
  if (field.kind === 'enum' || field.kind === 'bool' || field.kind === 'ref') {
    column.cellEditorSelector = (p) => ({
      component: 'agSelectCellEditor',
      params: { values: choiceLabels(field, field.kind === 'ref' ? refOptionsFor(field, rowOf(p), ctx) : undefined) },
    });
  } else if (field.long) {
    column.cellEditor = 'agLargeTextCellEditor';
    column.cellEditorPopup = true;
    column.cellEditorParams = { maxLength: 2000, rows: 4, cols: 40 };
  } else {
    // Plain text for numbers too: clerks type "1,200" or "12个", and db/ explains in Chinese what it refuses.
    column.cellEditor = 'agTextCellEditor';
  }
  return column;
}

export function buildColumns(fields: FieldDef[], ctx: ColumnContext): ColDef<LedgerRow>[] {
  const { range } = ctx;
  const rowNumber: ColDef<LedgerRow> = {
    colId: ROW_NUMBER_COL,
    headerName: t.grid.rowNumber,
    headerTooltip: t.grid.rowNumberTitle,
    // Display position, not an id: refreshed after sorting and filtering (LedgerGrid).
    valueGetter: (p) => (p.node?.rowIndex ?? 0) + 1,
    getQuickFilterText: () => '',
    width: 64,
    pinned: 'left',
    lockPosition: 'left',
    suppressMovable: true,
    sortable: false,
    filter: false,
    resizable: false,
    editable: false,
    // Both classes spelled out: a cellClass of our own would replace the one the rightAligned type adds.
    cellClass: ['row-number-cell', 'ag-right-aligned-cell'],
    cellClassRules: { 'row-number-in-range': (p) => range.isBlock && range.hasRow(p.node.rowIndex) },
    headerClass: 'ag-right-aligned-header',
  };
  // The row's own code (the first code field) stays in view; other codes (a company's credit code) scroll.
  const pinned = fields.find((f) => f.kind === 'code')?.key;
  return [rowNumber, ...fields.map((f) => fieldColumn(f, ctx, f.key === pinned))];
}
