/**
 * A clerk's file → a Sheet: .xlsx by its zip signature, CSV/TSV text otherwise. Files over the size cap, old
 * binary .xls and encrypted workbooks are refused with a message saying what to do instead.
 */
import { extname } from 'node:path';
import { ApiError } from '../../errors';
import { readCsv } from './csv';
import type { Sheet } from './sheet';
import { readXlsx } from './xlsx';

/** 20 MB: a 100,000-row ledger is 3–10 MB as .xlsx; the HTTP host takes 32 MB of base64 per call. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 200_000;
export const MAX_IMPORT_COLUMNS = 300;

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
      onRows: options.onRows,
      onBytes: options.onBytes,
    });
  if (ext === '.xlsx' || ext === '.xlsm' || ext === '.xls' || ext === '.et') {
    throw new ApiError('validation', `“${fileName}”不是有效的 .xlsx 工作簿(文件可能已损坏)。请在 Excel/WPS 中打开后“另存为”.xlsx 或 .csv 再导入。`);
  }
  const sheet = readCsv(fileName, content);
  if (sheet.rows.length > MAX_IMPORT_ROWS) {
    throw new ApiError('validation', `“${fileName}”超过 ${MAX_IMPORT_ROWS.toLocaleString()} 行的导入上限。请把表格拆成几个文件分别导入。`);
  }
  if (sheet.rows.some((r) => r.cells.length > MAX_IMPORT_COLUMNS)) {
    throw new ApiError('validation', `“${fileName}”有一行超过 ${MAX_IMPORT_COLUMNS} 列,请检查分隔符(逗号或制表符)是否正确。`);
  }
  options.onRows?.(sheet.rows.length, sheet.rows.length);
  return sheet;
}
