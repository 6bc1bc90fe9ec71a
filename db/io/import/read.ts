/**
 * A clerk's file → a Sheet: .xlsx by its zip signature, CSV/TSV text otherwise. Files over the size cap, old
 * binary .xls and encrypted workbooks are refused with a message saying what to do instead. Every limit below
 * is checked while the file is read (zip.ts for what an .xlsx inflates to), so a crafted file stops early with
 * the limit named in the message, in bounded memory.
 */
import { extname } from 'node:path';
import { ApiError } from '../../errors';
import { CsvLimitExceeded, readCsv } from './csv';
import type { Sheet } from './sheet';
import { cellTooLong, readXlsx } from './xlsx';

/** 20 MB: a 100,000-row ledger is 3–10 MB as .xlsx; the HTTP host takes 32 MB of base64 per call. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 200_000;
export const MAX_IMPORT_COLUMNS = 300;
/** Excel's own limit for one cell. */
export const MAX_CELL_CHARS = 32_767;

export interface ReadOptions {
  sheet?: string;
  onRows?: (read: number, total: number) => void;
  /** .xlsx: bytes of the file taken in (unpacking comes before the first row). */
  onBytes?: (read: number, total: number) => void;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export async function readSheet(fileName: string, content: Buffer, options: ReadOptions = {}): Promise<Sheet> {
  if (content.length > MAX_IMPORT_BYTES) {
    throw new ApiError(
      'validation',
      `文件“${fileName}”有 ${megabytes(content.length)},超过导入上限 ${megabytes(MAX_IMPORT_BYTES)}。请把表格拆成几个文件分别导入(每个文件不超过 20 万行)。`,
    );
  }
  if (content.length === 0) throw new ApiError('validation', `文件“${fileName}”是空的。`);
  const ext = extname(fileName).toLowerCase();
  const zip = content[0] === 0x50 && content[1] === 0x4b && content[2] === 0x03 && content[3] === 0x04;
  const ole = content[0] === 0xd0 && content[1] === 0xcf && content[2] === 0x11 && content[3] === 0xe0;
  if (ole) {
    throw new ApiError(
      'validation',
      `“${fileName}”是旧版 Excel(.xls)文件或加了密码的工作簿,无法直接导入。请在 Excel/WPS 中打开,去掉密码后“另存为”.xlsx 再导入。`,
    );
  }
  if (zip) return readXlsx(fileName, content, {
      sheet: options.sheet,
      maxRows: MAX_IMPORT_ROWS,
      maxColumns: MAX_IMPORT_COLUMNS,
      maxCellChars: MAX_CELL_CHARS,
      onRows: options.onRows,
      onBytes: options.onBytes,
    });
  if (ext === '.xlsx' || ext === '.xlsm' || ext === '.xls' || ext === '.et') {
    throw new ApiError('validation', `“${fileName}”不是有效的 .xlsx 工作簿(文件可能已损坏)。请在 Excel/WPS 中打开后“另存为”.xlsx 或 .csv 再导入。`);
  }
  let sheet: Sheet;
  try {
    sheet = readCsv(fileName, content, { maxRows: MAX_IMPORT_ROWS, maxColumns: MAX_IMPORT_COLUMNS, maxCellChars: MAX_CELL_CHARS });
  } catch (err) {
    if (!(err instanceof CsvLimitExceeded)) throw err;
    throw csvRefusal(fileName, err);
  }
  options.onRows?.(sheet.rows.length, sheet.rows.length);
  return sheet;
}

function csvRefusal(fileName: string, err: CsvLimitExceeded): ApiError {
  switch (err.limit) {
    case 'rows':
      return new ApiError('validation', `“${fileName}”超过 ${MAX_IMPORT_ROWS.toLocaleString()} 行的导入上限。请把表格拆成几个文件分别导入。`);
    case 'columns':
      return new ApiError(
        'validation',
        `“${fileName}”第 ${err.row} 行超过 ${MAX_IMPORT_COLUMNS} 列的导入上限。请检查分隔符(逗号或制表符)是否正确,删去多余的列后重试。`,
      );
    case 'cell':
      return cellTooLong(err.row, err.column, MAX_CELL_CHARS);
    case 'nul':
      return new ApiError(
        'validation',
        `“${fileName}”第 ${err.row} 行含有空字符(NUL),不是文本表格。如果它是 Excel 工作簿,请确认扩展名为 .xlsx;如果是文本,请在 Excel/WPS 中打开后“另存为”CSV(UTF-8)再导入。`,
      );
  }
}
