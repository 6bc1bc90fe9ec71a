/**
 * Our own cell-range selection (AG Grid's is Enterprise): an anchor and an end cell by display position, the
 * rectangle between them, and the text forms a block takes on the clipboard (tab-separated text as Excel and
 * WPS write it, and an HTML table). Pure: the grid keeps one RangeModel and redraws the affected rows.
 */

export interface CellPos {
  /** Display position (after sort and filter), as AG Grid's rowIndex. */
  rowIndex: number;
  colId: string;
}

/** Inclusive bounds: display rows top…bottom, displayed columns left…right (indices into the displayed columns). */
export interface Rect {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export class RangeModel {
  anchor: CellPos | null = null;
  end: CellPos | null = null;
  private columns: string[] = [];
  private index = new Map<string, number>();
  private rect: Rect | null = null;

  /**
   * @param wholeRowCol A column that stands for the whole row (the row number): a range touching it spans
   *   every column after it, like clicking Excel's row headers.
   */
  constructor(private readonly wholeRowCol: string) {}

  /** The displayed columns, left to right (pinned first), whenever they change. */
  setColumns(columns: string[]): void {
    this.columns = columns;
    this.index = new Map(columns.map((c, i) => [c, i]));
    this.rect = this.compute();
  }

  get displayedColumns(): readonly string[] {
    return this.columns;
  }

  columnIndex(colId: string): number | undefined {
    return this.index.get(colId);
  }

  set(anchor: CellPos | null, end: CellPos | null = anchor): void {
    this.anchor = anchor;
    this.end = end;
    this.rect = this.compute();
  }

  get bounds(): Rect | null {
    return this.rect;
  }

  /** More than one cell: only then is the block drawn (a single cell shows AG Grid's own focus). */
  get isBlock(): boolean {
    const r = this.rect;
    return !!r && (r.bottom > r.top || r.right > r.left);
  }

  contains(rowIndex: number | null | undefined, colId: string): boolean {
    const r = this.rect;
    if (!r || rowIndex == null || rowIndex < r.top || rowIndex > r.bottom) return false;
    const i = this.index.get(colId);
    return i !== undefined && i >= r.left && i <= r.right;
  }

  /** Whether a row lies inside the block (its row number is highlighted). */
  hasRow(rowIndex: number | null | undefined): boolean {
    const r = this.rect;
    return !!r && rowIndex != null && rowIndex >= r.top && rowIndex <= r.bottom;
  }

  private compute(): Rect | null {
    const { anchor, end } = this;
    if (!anchor || !end) return null;
    const a = this.index.get(anchor.colId);
    const b = this.index.get(end.colId);
    if (a === undefined || b === undefined) return null;
    const top = Math.min(anchor.rowIndex, end.rowIndex);
    const bottom = Math.max(anchor.rowIndex, end.rowIndex);
    const whole = this.index.get(this.wholeRowCol);
    if (whole !== undefined && (a === whole || b === whole)) {
      return { top, bottom, left: whole + 1, right: Math.max(whole + 1, this.columns.length - 1) };
    }
    return { top, bottom, left: Math.min(a, b), right: Math.max(a, b) };
  }
}

/**
 * Tab-separated text as Excel and WPS put it on the clipboard: cells split by tabs, rows by \r\n or \n, a cell
 * holding a tab, line break or quote is quoted with doubled quotes inside, and the block ends with a newline.
 */
export function parseTsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  const n = text.length;
  let atCellStart = true;
  while (i < n) {
    const c = text[i];
    if (atCellStart && c === '"') {
      // A quoted cell: up to the quote that is not doubled. Without a closing quote it was a literal quote.
      let j = i + 1;
      let value = '';
      let closed = false;
      while (j < n) {
        if (text[j] === '"') {
          if (text[j + 1] === '"') {
            value += '"';
            j += 2;
            continue;
          }
          closed = true;
          break;
        }
        value += text[j];
        j += 1;
      }
      if (closed) {
        cell = value;
        i = j + 1;
        atCellStart = false;
        continue;
      }
    }
    atCellStart = false;
    if (c === '\t') {
      row.push(cell);
      cell = '';
      atCellStart = true;
    } else if (c === '\r' || c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      atCellStart = true;
      if (c === '\r' && text[i + 1] === '\n') i += 1;
    } else {
      cell += c;
    }
    i += 1;
  }
  // The trailing newline Excel adds ends the last row; anything after it is one more row.
  if (!atCellStart || row.length || cell !== '') {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

function tsvCell(text: string): string {
  return /[\t\r\n"]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toTsv(cells: string[][]): string {
  return cells.map((row) => row.map(tsvCell).join('\t')).join('\r\n') + '\r\n';
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** The same block as an HTML table, so pasting into Word or an e-mail keeps the cells (every text escaped). */
export function toHtmlTable(cells: string[][]): string {
  const body = cells
    .map((row) => `<tr>${row.map((c) => `<td>${escapeHtml(c).replace(/\r?\n/g, '<br>')}</td>`).join('')}</tr>`)
    .join('');
  return `<table>${body}</table>`;
}
