/**
 * .xlsx through exceljs's streaming reader: rows arrive as the sheet XML is inflated, so memory stays near the
 * size of the plain values kept and progress can be reported while a long file is read.
 *
 * The streaming reader does not report merged ranges (it skips `<mergeCell>`), and the importer needs them to
 * flatten two-level headers and to fill merged body cells down. The sheet's XML passes through a small tap on
 * its way to the reader: `<mergeCell ref>` elements (at the end of the sheet) and `<dimension ref>` (at the
 * start, the row count used for progress) are picked out of the raw bytes without parsing anything else.
 */
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import ExcelJS from 'exceljs';
import { ApiError } from '../../errors';
import { columnLetter, parseRange, type Cell, type CellRange, type Sheet, type SheetRow } from './sheet';
import { checkWorkbookContainer } from './zip';

export interface XlsxReadOptions {
  /** The sheet to read; the first visible sheet when absent. */
  sheet?: string;
  maxRows: number;
  maxColumns: number;
  /** Characters in one cell (Excel's own limit is 32,767). */
  maxCellChars: number;
  /** Called every few thousand rows with the rows read so far and the sheet's declared row count (0 if unknown). */
  onRows?: (read: number, total: number) => void;
  /**
   * Called as the file's bytes are taken in. The reader unpacks a sheet stored before its shared strings (as
   * Excel and exceljs store them) into a temporary file before the first row comes out: this is that phase.
   */
  onBytes?: (read: number, total: number) => void;
}

/** The parts of exceljs's streaming worksheet reader its typings leave out. */
interface StreamedSheet {
  name: string;
  iterator: AsyncIterable<Buffer | string>;
  [Symbol.asyncIterator](): AsyncIterator<ExcelJS.Row>;
}
interface StreamedBook {
  model?: { sheets?: Array<{ name: string; state?: string }> };
}

const CHUNK = 64 * 1024;

function* chunksOf(content: Buffer, onBytes?: (read: number, total: number) => void): Generator<Buffer> {
  for (let i = 0; i < content.length; i += CHUNK) {
    onBytes?.(i, content.length);
    yield content.subarray(i, i + CHUNK);
  }
  onBytes?.(content.length, content.length);
}

/** A format that shows the number as a percentage (a `%` outside quoted text and escapes). */
function isPercentFormat(numFmt: string | undefined): boolean {
  return !!numFmt && numFmt.replace(/"[^"]*"|\\./g, '').includes('%');
}

/**
 * A number formatted as a percentage is read as the clerk sees it: Excel stores "88.2%" typed into a cell as 0.882
 * with a % format, and a plan's indicator table must read 88.2%, not 0.882. Float noise (0.9723 × 100) is dropped.
 */
export function asShown(cell: Cell, numFmt: () => string | undefined): Cell {
  if (typeof cell !== 'number' || !isPercentFormat(numFmt())) return cell;
  return `${Number((cell * 100).toPrecision(12))}%`;
}

/** A cell's value without its formatting: formulas by their result, rich text and hyperlinks by their text. */
export function plainCell(value: ExcelJS.CellValue | undefined): Cell {
  if (value == null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return plainCell((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ('hyperlink' in value) return plainCell(value.text as ExcelJS.CellValue);
  if ('error' in value) return String(value.error);
  return null;
}

/**
 * exceljs's streaming reader decodes every inflated chunk of a part on its own (utils/parse-sax hands each
 * Buffer to a TextDecoder without `stream: true`), so a Chinese character whose three UTF-8 bytes straddle two
 * chunks (one boundary every 16–64 KB of XML) was read as "���": 西湖区文三路 became
 * 西湖区文三���, a street name no longer found and an address silently changed. The reader takes text as it is,
 * so each part reaches it as text decoded across chunk boundaries: the workbook's small parts through the
 * entry stream's own decoder (setEncoding), the sheet read through `tapSheetXml`.
 */
function decodeWholeCharacters(reader: ExcelJS.stream.xlsx.WorkbookReader) {
  const parts = reader as unknown as Record<string, (entry: NodeJS.ReadableStream) => unknown>;
  for (const name of ['_parseRels', '_parseWorkbook', '_parseSharedStrings', '_parseStyles']) {
    const parse = parts[name];
    if (typeof parse !== 'function') throw new Error(`exceljs WorkbookReader has no ${name}: recheck decodeWholeCharacters`);
    parts[name] = (entry) => {
      entry.setEncoding('utf8');
      return parse.call(reader, entry);
    };
  }
}

interface SheetXmlTap {
  merges(): CellRange[];
  declaredRows(): number;
}

/** Wraps the worksheet reader's byte source; see the file comment. */
function tapSheetXml(sheet: StreamedSheet): SheetXmlTap {
  const source = sheet.iterator;
  const decoder = new StringDecoder('utf8');
  let head = Buffer.alloc(0);
  let tail = Buffer.alloc(0);
  let collecting = false;
  const collected: Buffer[] = [];
  sheet.iterator = (async function* tapped() {
    for await (const raw of source) {
      const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
      if (head.length < 4096) head = Buffer.concat([head, chunk.subarray(0, 4096 - head.length)]);
      if (!collecting && (chunk.indexOf('mergeCell') >= 0 || Buffer.concat([tail, chunk.subarray(0, 16)]).indexOf('mergeCell') >= 0)) {
        collecting = true;
        collected.push(tail);
      }
      if (collecting) collected.push(chunk);
      else tail = Buffer.from(chunk.subarray(Math.max(0, chunk.length - 32)));
      // Whole characters only: see decodeWholeCharacters.
      const text = decoder.write(chunk);
      if (text) yield text;
    }
    const rest = decoder.end();
    if (rest) yield rest;
  })();
  return {
    merges() {
      const text = Buffer.concat(collected).toString('utf8');
      const ranges: CellRange[] = [];
      for (const m of text.matchAll(/<(?:\w+:)?mergeCell\b[^>]*?\bref="([^"]+)"/g)) {
        const range = parseRange(m[1]);
        if (range) ranges.push(range);
      }
      return ranges;
    },
    declaredRows() {
      const m = /<(?:\w+:)?dimension\b[^>]*?\bref="([^"]+)"/.exec(head.toString('utf8'));
      return (m && parseRange(m[1])?.bottom) || 0;
    },
  };
}

/** The clerk's message; the reader's own error stays on `cause` for the operator's log, never for the UI. */
function unreadable(name: string, cause: unknown): ApiError {
  const error = new ApiError('validation', `无法读取“${name}”:文件不是有效的 .xlsx 工作簿,或已损坏。请在 Excel/WPS 中打开后“另存为”.xlsx 再导入。`);
  error.cause = cause;
  return error;
}

/** The clerk's message for a cell longer than a spreadsheet cell can be. */
export function cellTooLong(row: number, column: number, max: number, length?: number): ApiError {
  return new ApiError(
    'validation',
    `第 ${row} 行 ${columnLetter(column)} 列的内容${length ? `有 ${length.toLocaleString()} 个字,` : ''}超过单元格上限 ${max.toLocaleString()} 字。请删减这个单元格的内容后重试。`,
  );
}

/**
 * exceljs's streaming reader now and then loses the workbook part of a sound file and then fails on its own
 * `this.model.sheets` (about 1 read in 500 on these machines, seen as a flaky round-trip test; 1,500 reads of one
 * file gave 3 such failures and never a different result). The file is in memory, so the read is simply made
 * again; a file that fails three times is reported as unreadable as before.
 */
const READ_ATTEMPTS = 3;

function lostWorkbookPart(err: unknown): boolean {
  const cause = err instanceof ApiError ? (err as ApiError & { cause?: unknown }).cause : err;
  return cause instanceof TypeError && /reading 'sheets'/.test(cause.message);
}

export async function readXlsx(name: string, content: Buffer, options: XlsxReadOptions): Promise<Sheet> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await readXlsxOnce(name, content, options);
    } catch (err) {
      if (attempt >= READ_ATTEMPTS || !lostWorkbookPart(err)) throw err;
    }
  }
}

async function readXlsxOnce(name: string, content: Buffer, options: XlsxReadOptions): Promise<Sheet> {
  // Bombs, damaged and encrypted containers are refused before exceljs inflates anything (see zip.ts).
  await checkWorkbookContainer(name, content);
  // One chunk ahead at most, so that the bytes reported are the bytes the reader has taken.
  const input = Readable.from(chunksOf(content, options.onBytes), { objectMode: true, highWaterMark: 1 });
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache', // date formats: numbers formatted as dates arrive as Date
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  decodeWholeCharacters(reader);
  let sheets: string[] = [];
  let result: Sheet | null = null;
  try {
    for await (const streamed of reader as unknown as AsyncIterable<StreamedSheet>) {
      sheets = ((reader as unknown as StreamedBook).model?.sheets ?? []).filter((s) => !s.state || s.state === 'visible').map((s) => s.name);
      const target = options.sheet ?? sheets[0] ?? streamed.name;
      const wanted = streamed.name === target;
      const tap = wanted ? tapSheetXml(streamed) : null;
      const rows: SheetRow[] = [];
      for await (const row of streamed) {
        if (!wanted) continue; // drained so that the reader moves on to the next sheet
        const values = row.values as Array<ExcelJS.CellValue | undefined>;
        if (values.length - 1 > options.maxColumns) {
          throw new ApiError('validation', `工作表“${target}”第 ${row.number} 行有 ${values.length - 1} 列,超过导入上限 ${options.maxColumns} 列。请删去多余的列后再导入。`);
        }
        const cells: Cell[] = [];
        let any = false;
        for (let c = 1; c < values.length; c += 1) {
          const cell = asShown(plainCell(values[c]), () => row.getCell(c).numFmt);
          if (typeof cell === 'string' && cell.length > options.maxCellChars) throw cellTooLong(row.number, c - 1, options.maxCellChars, cell.length);
          cells.push(cell);
          if (cell != null) any = true;
        }
        if (!any) continue;
        rows.push({ row: row.number, cells });
        if (rows.length > options.maxRows) {
          throw new ApiError('validation', `工作表“${target}”超过 ${options.maxRows.toLocaleString()} 行的导入上限。请把表格拆成几个文件分别导入。`);
        }
        if (rows.length % 2000 === 0) options.onRows?.(rows.length, tap!.declaredRows());
      }
      if (wanted) {
        options.onRows?.(rows.length, rows.length);
        result = { name: target, sheets, rows, merges: tap!.merges(), format: 'xlsx' };
        break;
      }
    }
  } catch (err) {
    if (err instanceof ApiError) throw err;
    // exceljs stops at a cell past Excel's last column (XFD, 16,384): the file has far too many columns.
    if (err instanceof Error && /Out of bounds/.test(err.message)) {
      throw new ApiError('validation', `“${name}”的列数超过 Excel 的上限 16,384 列,远超导入上限 ${options.maxColumns} 列。请删去多余的列后重试。`);
    }
    throw unreadable(name, err);
  }
  if (!result) {
    if (options.sheet) {
      throw new ApiError('validation', `“${name}”中没有名为“${options.sheet}”的工作表。工作簿中有:${sheets.join('、') || '(无)'}。`);
    }
    throw new ApiError('validation', `“${name}”中没有可读取的工作表。`);
  }
  return result;
}
