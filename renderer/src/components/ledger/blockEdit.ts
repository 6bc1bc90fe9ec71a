/**
 * A block of cell changes (a paste, a fill down, a clear) → one `<ledger>.batch` call: updates of the rows
 * on screen and new rows past the end, each with its 1-based grid row number as `sourceRow` so that refusals
 * come back to their cells. Cells that would not change are left out; what undo needs is kept beside.
 */
import type { FieldDef } from '../../../../db/api';
import type { BatchInput, LedgerRow, Patch, PatchValue } from './types';
import { apiValue, unchanged } from './values';

type AnyRow = LedgerRow & Record<string, unknown>;

export interface BlockCell {
  /** Display position; at or past the row count the cell belongs to a new row. */
  rowIndex: number;
  key: string;
  value: PatchValue;
}

export interface BlockTarget {
  sourceRow: number;
  /** The row changed in place, or null for a new row. */
  id: number | null;
  keys: string[];
}

export interface BlockPlan {
  input: BatchInput;
  /** Per updated row id: the stored values (as API input) of the cells the block changes — what undo writes back. */
  before: Map<number, Patch>;
  /** Per source row: which grid row and which cells, to mark refusals and warnings. */
  targets: Map<number, BlockTarget>;
  /** Cells actually sent. */
  cells: number;
}

const isBlank = (v: PatchValue) => v == null || v === '' || (Array.isArray(v) && v.length === 0);

export function planBlock(cells: BlockCell[], rowAt: (index: number) => AnyRow | undefined, fieldByKey: Map<string, FieldDef>): BlockPlan {
  const targets = new Map<number, BlockTarget>();
  const patches = new Map<number, { row: AnyRow; patch: Patch }>();
  const creates = new Map<number, Patch>();
  const before = new Map<number, Patch>();
  let count = 0;
  for (const cell of cells) {
    const field = fieldByKey.get(cell.key);
    if (!field || field.derived) continue;
    const sourceRow = cell.rowIndex + 1;
    const row = rowAt(cell.rowIndex);
    if (row) {
      if (unchanged(field, row[cell.key], cell.value)) continue;
      let entry = patches.get(sourceRow);
      if (!entry) {
        entry = { row, patch: {} };
        patches.set(sourceRow, entry);
        before.set(row.id, {});
      }
      entry.patch[cell.key] = cell.value;
      before.get(row.id)![cell.key] = apiValue(field, row[cell.key]);
    } else {
      // A new row starts from the ledger's defaults: blank pasted cells are simply not given.
      if (isBlank(cell.value)) continue;
      let values = creates.get(sourceRow);
      if (!values) {
        values = {};
        creates.set(sourceRow, values);
      }
      values[cell.key] = cell.value;
    }
    count += 1;
    let target = targets.get(sourceRow);
    if (!target) {
      target = { sourceRow, id: row ? row.id : null, keys: [] };
      targets.set(sourceRow, target);
    }
    target.keys.push(cell.key);
  }
  const byRow = <T>(m: Map<number, T>) => [...m.entries()].sort((a, b) => a[0] - b[0]);
  return {
    input: {
      updates: byRow(patches).map(([sourceRow, { row, patch }]) => ({ sourceRow, id: row.id, version: row.version, patch })),
      creates: byRow(creates).map(([sourceRow, values]) => ({ sourceRow, values })),
    },
    before,
    targets,
    cells: count,
  };
}
