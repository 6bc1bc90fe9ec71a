/** Test support: the seed 003 indicator table as clerks have it, as an xlsx with merged categories and as a CSV. */
import ExcelJS from 'exceljs';
import { SEED_003, SEED_003_HEADERS, SEED_003_TITLE } from './seed';

/**
 * Title row, header row, then the 19 rows with each 类别 cell MERGED down over its rows (as the plan prints it).
 * `asExcelPercentages`: the plain percentages ("88.2%", "100%") stored the way Excel stores them when typed into a
 * cell, as the number 0.882 with a percent format; texts with a sign or "/" stay text.
 */
export async function seedWorkbook(options: { asExcelPercentages?: boolean } = {}): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('关键指标');
  sheet.mergeCells(1, 1, 1, SEED_003_HEADERS.length);
  sheet.getCell(1, 1).value = SEED_003_TITLE;
  sheet.getRow(2).values = [...SEED_003_HEADERS];
  SEED_003.forEach((s, i) => {
    const r = i + 3;
    // Only the first row of a category holds the name; the merge covers the rest.
    const first = i === 0 || SEED_003[i - 1].category !== s.category;
    sheet.getRow(r).values = [first ? s.category : null, s.seq, s.name, s.baseline, s.target, s.binding];
    if (options.asExcelPercentages) {
      for (const col of [4, 5]) {
        const cell = sheet.getCell(r, col);
        const typed = /^(\d+(?:\.(\d+))?)%$/.exec(String(cell.value));
        if (!typed) continue;
        cell.value = Number(typed[1]) / 100;
        cell.numFmt = typed[2] ? `0.${'0'.repeat(typed[2].length)}%` : '0%';
      }
    }
  });
  for (const [top, bottom] of categorySpans()) if (bottom > top) sheet.mergeCells(top, 1, bottom, 1);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Sheet rows (top, bottom) of each category in the seed workbook (data from row 3). */
export function categorySpans(firstRow = 3): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  SEED_003.forEach((s, i) => {
    const r = firstRow + i;
    if (i > 0 && SEED_003[i - 1].category === s.category) spans[spans.length - 1][1] = r;
    else spans.push([r, r]);
  });
  return spans;
}

/** The same table as a CSV a clerk saves: title line, header, 类别 left BLANK below a category's first row. */
export function seedCsv(): string {
  const quote = (v: string | number) => (/[",\r\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  const lines = [quote(SEED_003_TITLE), SEED_003_HEADERS.map(quote).join(',')];
  SEED_003.forEach((s, i) => {
    const first = i === 0 || SEED_003[i - 1].category !== s.category;
    lines.push([first ? s.category : '', s.seq, s.name, s.baseline, s.target, s.binding].map(quote).join(','));
  });
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
