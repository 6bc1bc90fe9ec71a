/**
 * Refused values and warnings per cell (row id + field). A mark stays until that cell is edited again, so a
 * clerk working down a column still sees which cells need a second look.
 */
export interface CellMark {
  kind: 'error' | 'warning';
  message: string;
}

export class CellMarks {
  private readonly marks = new Map<string, CellMark>();

  private static keyOf(rowId: number, field: string): string {
    return `${rowId}\u0000${field}`;
  }

  get(rowId: number, field: string): CellMark | undefined {
    return this.marks.get(CellMarks.keyOf(rowId, field));
  }

  set(rowId: number, field: string, mark: CellMark): void {
    this.marks.set(CellMarks.keyOf(rowId, field), mark);
  }

  /** Returns whether there was a mark, so the caller refreshes the cell only when something changed. */
  clear(rowId: number, field: string): boolean {
    return this.marks.delete(CellMarks.keyOf(rowId, field));
  }
}
