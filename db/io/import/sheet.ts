/**
 * A sheet as the importer sees it, whatever file it came from: rows of plain cell values under their ORIGINAL
 * sheet row numbers (so every message can name the row the clerk sees in Excel/WPS), and the merged ranges.
 * Columns are 0-based here (A = 0); rows are the sheet's own 1-based numbers.
 */
import { parseDate } from '../../dates';

export type Cell = string | number | boolean | Date | null;

export interface SheetRow {
  /** The row number in the original sheet (CSV: the record number, the row Excel shows). */
  row: number;
  cells: Cell[];
}

/** A merged range: rows are sheet row numbers, columns 0-based, both ends included. */
export interface CellRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface Sheet {
  /** The sheet read (a CSV file has one, named after the file). */
  name: string;
  /** Every sheet of the workbook, in workbook order (hidden sheets left out). */
  sheets: string[];
  rows: SheetRow[];
  merges: CellRange[];
  format: 'xlsx' | 'csv';
  /** CSV only: the text encoding found (utf-8, gb18030, utf-16le). */
  encoding?: string;
}

/** 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** A → 0, AA → 26. */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** `B3:D4` → range; null for anything else. */
export function parseRange(ref: string): CellRange | null {
  const m = /^\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/i.exec(ref.trim());
  if (!m) return null;
  const a = { col: columnIndex(m[1]), row: Number(m[2]) };
  const b = m[3] ? { col: columnIndex(m[3]), row: Number(m[4]) } : a;
  return { top: Math.min(a.row, b.row), bottom: Math.max(a.row, b.row), left: Math.min(a.col, b.col), right: Math.max(a.col, b.col) };
}

/** The text of a cell as the clerk reads it: dates as ISO, numbers as written, blanks as ''. */
export function cellText(cell: Cell): string {
  if (cell == null) return '';
  if (cell instanceof Date) return parseDate(cell) ?? '';
  if (typeof cell === 'boolean') return cell ? '是' : '否';
  return String(cell);
}

/** Empty, or only blanks (ASCII, U+3000, U+00A0) and zero-width characters. */
export function isBlank(cell: Cell): boolean {
  return cell == null || (typeof cell === 'string' && /^[\s\u200B-\u200D\u2060\uFEFF]*$/.test(cell));
}
