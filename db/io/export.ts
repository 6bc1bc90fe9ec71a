/**
 * Ledger export to .xlsx and .csv, as a clerk hands a sheet on: a title row naming the district and the
 * date, Chinese headers with their units, every column the grid can show, enum labels and 是/否 instead of
 * codes. CSV carries a UTF-8 BOM so that Excel and WPS open the Chinese text correctly.
 */
import ExcelJS from 'exceljs';
import { displayValue } from '../ledger/record';
import type { FieldDef } from '../fields';

export type ExportFormat = 'xlsx' | 'csv';

export interface ExportColumn {
  header: string;
  /** Text or number as it should appear in the cell. */
  value: (row: Record<string, unknown>) => string | number | null;
  width?: number;
  numeric?: boolean;
}

export interface ExportedFile {
  fileName: string;
  mimeType: string;
  content: Buffer;
  rows: number;
}

export function headerWithUnit(field: FieldDef): string {
  return field.unit ? `${field.label}(${field.unit})` : field.label;
}

/**
 * Columns for a ledger's fields. Reference fields take the joined name from `<key minus Id>Name`
 * (streetId → streetName), so the sheet shows 所属街道 as a name a clerk can read and re-import.
 */
export function columnsForFields(fields: FieldDef[], options: { includePersonal?: boolean } = {}): ExportColumn[] {
  return fields.filter((field) => options.includePersonal || !field.personal).map((field) => {
    const numeric = field.kind === 'int' || field.kind === 'decimal' || field.kind === 'money';
    return {
      header: headerWithUnit(field),
      numeric,
      width: field.long ? 36 : Math.max(10, field.label.length * 2 + 4),
      value: (row) => {
        const raw = row[field.key];
        if (field.kind === 'ref') return (row[field.key.replace(/Id$/, 'Name')] as string | null) ?? '';
        if (field.kind === 'money') return typeof raw === 'number' ? raw / 100 : null; // fen → 元, the unit in the header
        if (numeric) return typeof raw === 'number' ? raw : null;
        return displayValue(field, raw);
      },
    };
  });
}

function stamp(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/**
 * CSV injection: Excel and WPS run a CSV cell starting with = + - @ (or a tab/CR before one) as a formula
 * (`=HYPERLINK(…)`, `=cmd|…` DDE). Text from users gets a leading apostrophe, which the spreadsheet shows as
 * plain text and our importer takes off again (db/io/import/csv.ts). Numbers are written as numbers.
 */
function csvCell(value: string | number | null): string {
  if (value == null) return '';
  const text = typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export interface ExportOptions {
  /** Ledger name, e.g. 公厕台账. */
  title: string;
  /** District or workspace name for the title row. */
  district: string;
  format: ExportFormat;
  date?: Date;
}

export async function exportTable(rows: Record<string, unknown>[], columns: ExportColumn[], options: ExportOptions): Promise<ExportedFile> {
  const date = options.date ?? new Date();
  const baseName = `${options.title}_${stamp(date)}`;
  if (options.format === 'csv') {
    const lines = [columns.map((c) => csvCell(c.header)).join(',')];
    for (const row of rows) lines.push(columns.map((c) => csvCell(c.value(row))).join(','));
    return {
      fileName: `${baseName}.csv`,
      mimeType: 'text/csv;charset=utf-8',
      content: Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8'),
      rows: rows.length,
    };
  }

  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'SaniDesk 环卫台账与考评';
  workbook.created = date;
  const sheet = workbook.addWorksheet(options.title, { views: [{ state: 'frozen', ySplit: 3 }] });
  sheet.columns = columns.map((c) => ({ width: c.width ?? 14 }));
  const lastCol = Math.max(1, columns.length);

  sheet.mergeCells(1, 1, 1, lastCol);
  const title = sheet.getCell(1, 1);
  title.value = `${options.district}${options.title}`;
  title.font = { bold: true, size: 16 };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  sheet.getRow(1).height = 28;

  sheet.mergeCells(2, 1, 2, lastCol);
  const subtitle = sheet.getCell(2, 1);
  subtitle.value = `导出日期:${stamp(date)}    共 ${rows.length} 条`;
  subtitle.alignment = { horizontal: 'right' };

  const header = sheet.getRow(3);
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFF3F8' } };
  });
  for (const row of rows) {
    const added = sheet.addRow(columns.map((c) => c.value(row)));
    columns.forEach((c, i) => {
      if (c.numeric) added.getCell(i + 1).alignment = { horizontal: 'right' };
    });
  }
  sheet.autoFilter = { from: { row: 3, column: 1 }, to: { row: 3, column: lastCol } };
  const content = Buffer.from(await workbook.xlsx.writeBuffer());
  return {
    fileName: `${baseName}.xlsx`,
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    content,
    rows: rows.length,
  };
}
