/**
 * Where the table is on a clerk's sheet (DOMAIN §5.3, §7 E5): title rows on top (row 1 merged across, a
 * unit/date line in row 2), the header in one or two rows (3–4, the upper row merged over its children),
 * data below, a 合计 row and 填表人/注 lines at the bottom, category cells merged over several rows.
 *
 * The header row is the one whose cells name the most fields of the chosen ledger; a second row is taken
 * into the header when flattening the two into `parent:child` names at least as many fields and the upper
 * row is merged (or, in CSV, left blank) over it. Merged body cells are filled down (and across) before the
 * rows are classified, so every data row carries its category.
 */
import { ApiError } from '../../errors';
import { compactText, type HeaderIndex } from './headers';
import { cellText, columnLetter, isBlank, type Cell, type CellRange, type Sheet, type SheetRow } from './sheet';

/** How far down the header may be. */
const HEADER_SEARCH_ROWS = 30;

export interface HeaderColumn {
  /** 0-based column index (A = 0). */
  index: number;
  letter: string;
  /** The header as the clerk reads it, two-level headers as `parent:child`. */
  header: string;
}

export interface SheetLayout {
  /** Sheet row of the (upper) header row. */
  headerRow: number;
  /** 1 or 2. */
  headerDepth: 1 | 2;
  columns: HeaderColumn[];
  /** False when no row named the ledger's fields and the first header-like row was taken for the clerk to map. */
  recognised: boolean;
}

export interface SkippedRow {
  row: number;
  reason: string;
}

export interface SheetBody {
  /** Rows that hold data, in sheet order, merged cells filled in. */
  data: SheetRow[];
  skipped: SkippedRow[];
  /** Sheet rows from the first row under the header to the last row with anything in it. */
  rowsRead: number;
}

const TOTAL_ROW = /^(本页|本月|本年|全区|全年|全部)?(总合计|合计|小计|总计|共计|累计|汇总)/;
const NOTE_ROW =
  /^(?:(?:注|注意|说明|备注|附注|填表说明|填表人|填报人|审核人|审核|制表人|制表|填报单位|填报部门|单位负责人|负责人|联系电话|联系人|填报日期|制表日期|审核日期|统计人|统计日期|分管领导)\d*[::]|注\d*[、.)]|以下(空白|无))/;

function displayHeader(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, '').trim();
}

class Merges {
  constructor(private readonly ranges: CellRange[]) {}
  covering(row: number, col: number): CellRange | undefined {
    return this.ranges.find((m) => row >= m.top && row <= m.bottom && col >= m.left && col <= m.right);
  }
}

interface Candidate {
  row: number;
  depth: 1 | 2;
  headers: string[];
  score: number;
}

interface Flattened {
  headers: string[];
  /** The upper row groups the lower one: a merged parent over its children (or, in CSV, blanks to its right). */
  grouped: boolean;
}

function flatten(rowAt: Map<number, Cell[]>, merges: Merges, csv: boolean, top: number, depth: 1 | 2, width: number): Flattened {
  const text = (row: number, col: number) => {
    const m = merges.covering(row, col);
    return displayHeader(cellText(m ? rowAt.get(m.top)?.[m.left] ?? null : rowAt.get(row)?.[col] ?? null));
  };
  if (depth === 1) return { headers: Array.from({ length: width }, (_, c) => text(top, c)), grouped: false };
  // A group as wide as most of the table is a title or a unit/date line, never the parent of column headers.
  const titleWide = Math.max(3, Math.ceil(width * 0.6));
  const parents = Array.from({ length: width }, (_, c) => text(top, c));
  const children = Array.from({ length: width }, (_, c) => {
    const m = merges.covering(top + 1, c);
    return m && m.top <= top ? '' : text(top + 1, c);
  });
  const span = Array.from({ length: width }, (_, c) => {
    const m = merges.covering(top, c);
    return m ? { from: m.left, to: m.right } : { from: c, to: c };
  });
  if (csv) {
    // A CSV leaves the cells right of a group's parent blank: the group goes on while there are children.
    for (let c = 1; c < width; c += 1) {
      if (!parents[c] && children[c] && children[c - 1] && parents[c - 1]) {
        parents[c] = parents[c - 1];
        span[c].from = span[c - 1].from;
        for (let k = span[c].from; k <= c; k += 1) span[k].to = c;
      }
    }
  }
  let grouped = false;
  for (let c = 0; c < width; c += 1) {
    const wide = span[c].to - span[c].from + 1;
    if (wide >= titleWide) parents[c] = '';
    else if (wide > 1 && parents[c] && children[c]) grouped = true;
  }
  const headers = parents.map((p, c) => (p && children[c] && p !== children[c] ? `${p}:${children[c]}` : p || children[c]));
  return { headers, grouped };
}

/** Finds the header (one or two rows) among the first rows of the sheet; refuses a sheet without anything like one. */
export function detectLayout(sheet: Sheet, index: HeaderIndex, ledgerTitle: string): SheetLayout {
  const top = sheet.rows.slice(0, HEADER_SEARCH_ROWS + 1);
  const rowAt = new Map(top.map((r) => [r.row, r.cells]));
  const limit = top.length ? top[top.length - 1].row : 0;
  const nearTop = sheet.merges.filter((m) => m.top <= limit);
  const merges = new Merges(nearTop);
  const width = Math.max(0, ...top.map((r) => r.cells.length), ...nearTop.map((m) => m.right + 1));
  const score = (headers: string[]) => headers.filter((h) => h && index.match(h) !== undefined).length;
  const csv = sheet.format === 'csv';
  const single = top.map((r) => {
    const headers = flatten(rowAt, merges, csv, r.row, 1, width).headers;
    return { row: r.row, depth: 1 as const, headers, score: score(headers) };
  });
  let best: Candidate | null = null;
  for (let i = 0; i < Math.min(HEADER_SEARCH_ROWS, top.length); i += 1) {
    const candidates: Candidate[] = [single[i]];
    const below = single[i + 1];
    if (below?.row === single[i].row + 1) {
      // Two rows are one header when their parent:child names say more than the lower row alone does.
      const two = flatten(rowAt, merges, csv, single[i].row, 2, width);
      const s = score(two.headers);
      if (s > below.score || (s === below.score && s > 0 && two.grouped)) candidates.push({ row: single[i].row, depth: 2, headers: two.headers, score: s });
    }
    for (const c of candidates) {
      if (!best || c.score > best.score || (c.row === best.row && c.depth === 2 && c.score === best.score)) best = c;
    }
  }
  const needed = Math.min(2, index.fields.filter((f) => !f.derived).length);
  if (best && best.score >= needed) return layoutOf(best, true);
  // No row names the ledger's fields: offer the first row that reads like a header (two or more texts, no
  // numbers) so the clerk can map its columns by hand; a sheet without one is refused.
  const texty = single.find((r) => {
    const filled = r.headers.filter((h) => h !== '');
    return filled.length >= 2 && filled.every((h) => !/^[\d.,\s%-]+$/.test(h));
  });
  if (!texty) {
    const examples = index.fields
      .filter((f) => !f.derived)
      .slice(0, 4)
      .map((f) => f.label)
      .join('、');
    throw new ApiError(
      'validation',
      `没有找到表头行:工作表“${sheet.name}”前 ${HEADER_SEARCH_ROWS} 行中没有列名(如 ${ledgerTitle}的 ${examples})。请确认选择了正确的工作表,并在数据上方保留一行列名。`,
    );
  }
  return layoutOf(texty, false);
}

function layoutOf(candidate: Candidate, recognised: boolean): SheetLayout {
  const columns = candidate.headers.map((header, i) => ({ index: i, letter: columnLetter(i), header })).filter((c) => c.header !== '');
  return { headerRow: candidate.row, headerDepth: candidate.depth, columns, recognised };
}

/** Merged body ranges: every covered cell of an existing row takes the range's value. */
function fillMerged(rows: SheetRow[], merges: CellRange[], firstRow: number) {
  const byRow = new Map(rows.map((r) => [r.row, r]));
  for (const m of merges) {
    if (m.top < firstRow || (m.bottom === m.top && m.right === m.left)) continue;
    const value = byRow.get(m.top)?.cells[m.left] ?? null;
    if (value == null) continue;
    for (let r = m.top; r <= m.bottom; r += 1) {
      const target = byRow.get(r);
      if (!target) continue;
      for (let c = m.left; c <= m.right; c += 1) {
        while (target.cells.length <= c) target.cells.push(null);
        target.cells[c] = value;
      }
    }
  }
}

/** Rows under the header: data rows, and the rows skipped with the reason (blank, total, note or signature). */
export function readBody(sheet: Sheet, layout: SheetLayout): SheetBody {
  const first = layout.headerRow + layout.headerDepth;
  const rows = sheet.rows.filter((r) => r.row >= first);
  fillMerged(rows, sheet.merges, first);
  const data: SheetRow[] = [];
  const skipped: SkippedRow[] = [];
  const blank = (from: number, to: number) => {
    if (to < from) return;
    if (to - from < 100) for (let r = from; r <= to; r += 1) skipped.push({ row: r, reason: '空行' });
    else skipped.push({ row: from, reason: `空行(第 ${from}–${to} 行)` });
  };
  let expected = first;
  for (const row of rows) {
    blank(expected, row.row - 1);
    expected = row.row + 1;
    const lead = row.cells.find((c) => !isBlank(c));
    if (lead === undefined) {
      skipped.push({ row: row.row, reason: '空行' });
      continue;
    }
    // Totals and notes begin with Chinese words: a row led by a number, a date or ASCII text is data.
    const text = typeof lead === 'string' && /[^\x00-\x7f]/.test(lead) ? compactText(lead) : '';
    if (text && TOTAL_ROW.test(text)) skipped.push({ row: row.row, reason: '合计行' });
    else if (text && NOTE_ROW.test(text)) skipped.push({ row: row.row, reason: '说明或签名行' });
    else data.push(row);
  }
  const last = rows.length ? rows[rows.length - 1].row : first - 1;
  return { data, skipped, rowsRead: last - first + 1 };
}
