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
import ExcelJS from 'exceljs';
import { ApiError } from '../../errors';
import { parseRange, type Cell, type CellRange, type Sheet, type SheetRow } from './sheet';

export interface XlsxReadOptions {
  /** The sheet to read; the first visible sheet when absent. */
  sheet?: string;
  maxRows: number;
  maxColumns: number;
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

interface SheetXmlTap {
  merges(): CellRange[];
  declaredRows(): number;
}

/** Wraps the worksheet reader's byte source; see the file comment. */
function tapSheetXml(sheet: StreamedSheet): SheetXmlTap {
  const source = sheet.iterator;
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
      yield raw;
    }
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

export async function readXlsx(name: string, content: Buffer, options: XlsxReadOptions): Promise<Sheet> {
  // One chunk ahead at most, so that the bytes reported are the bytes the reader has taken.
  const input = Readable.from(chunksOf(content, options.onBytes), { objectMode: true, highWaterMark: 1 });
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache', // date formats: numbers formatted as dates arrive as Date
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
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
          const cell = plainCell(values[c]);
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
