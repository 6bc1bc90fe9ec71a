/**
 * Crafted spreadsheets through the import dry run (`import.preview`, as the console calls it): wrong types in
 * cells, 16,000 and 100,000 columns, zip bombs (7 MB whose sheet inflates to 2 GB, one text of 100 MB, four
 * million shared strings), formulas, damaged, truncated and encrypted zips, a CSV with a NUL byte and 10 MB
 * lines. Each is refused with a Chinese message naming the limit or read safely, nothing is written, and the
 * process's peak memory (the kernel's high-water mark) grows by less than 300 MB: memory bounds are behaviour.
 * Exports escape text that Excel would run as a formula (CSV injection).
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi } from '../../api';
import { exportTable } from '../export';
import { testWorkspace, type TestWorkspace } from '../../testing';
import { exportToilets } from '../../toilets/api';
import { toilets } from '../../toilets/service';
import { MAX_CELL_CHARS, MAX_IMPORT_COLUMNS, readSheet } from './read';
import { loadWorkbook, minimalXlsx, repeatedDeflate, sheetXml, workbookBytes, zipArchive } from './testing';
import { MAX_INFLATED_BYTES, MAX_SHARED_STRINGS } from './zip';

let t: TestWorkspace;
const figures: Array<{ file: string; bytes: number; outcome: string; peakGrowthMb: number }> = [];

beforeAll(async () => {
  t = await testWorkspace({ demo: true });
});
afterAll(async () => {
  await t.close();
  console.log(`crafted spreadsheets: ${figures.length} files, ${figures.filter((f) => f.outcome.startsWith('refused')).length} refused, ${figures.filter((f) => f.outcome.startsWith('read')).length} read safely`);
  for (const f of figures) console.log(`  ${f.file.padEnd(34)} ${String(f.bytes).padStart(9)} B  peak RSS +${f.peakGrowthMb.toFixed(0).padStart(3)} MB  ${f.outcome}`);
});

const MB = 1024 * 1024;
/** Generous: the host runs with far more, but a bomb that got through would take gigabytes. */
const MEMORY_BOUND_MB = 300;

interface Preview {
  ok: boolean;
  data?: { problems: Array<{ row: number; column: string; field?: string; written: string; message: string; severity: string }>; headers: Array<{ header: string; sample: string[] }>; counts: Record<string, number> };
  error?: { code: string; message: string };
}

async function auditCount(): Promise<number> {
  return (await t.ctx.ws.db.read.get<{ n: number }>('SELECT count(*) AS n FROM audit_log'))!.n;
}

/** The dry run of one file, with the growth of the process's peak memory over the RSS it started from. */
async function dryRun(fileName: string, content: Buffer): Promise<Preview> {
  const audit = await auditCount();
  const rssBefore = process.memoryUsage().rss;
  const result = (await callApi(t.ctx, 'import.preview', { ledger: 'toilets', fileName, base64: content.toString('base64') })) as Preview;
  // maxRSS is the kernel's high-water mark (KB): it catches a peak in the middle of the call, not just what is left after.
  const peakGrowthMb = (process.resourceUsage().maxRSS * 1024 - rssBefore) / MB;
  figures.push({
    file: fileName,
    bytes: content.length,
    outcome: result.ok ? `read: ${result.data!.problems.length} problems` : `refused: ${result.error!.message.slice(0, 60)}…`,
    peakGrowthMb: Math.max(0, peakGrowthMb),
  });
  expect(peakGrowthMb, `${fileName}: peak memory growth`).toBeLessThan(MEMORY_BOUND_MB);
  expect(await auditCount(), `${fileName}: a dry run writes nothing`).toBe(audit);
  return result;
}

function expectRefused(result: Preview, message: RegExp) {
  expect(result.ok).toBe(false);
  expect(result.error!.code).toBe('validation');
  expect(result.error!.message).toMatch(/[\u4e00-\u9fff]/);
  expect(result.error!.message).toMatch(message);
}

/** A data row of inline-string cells, `r="A1"` style addresses. */
function cellsRow(row: number, values: string[]): string {
  const letters = (i: number) => {
    let n = i + 1;
    let out = '';
    while (n > 0) {
      out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
      n = Math.floor((n - 1) / 26);
    }
    return out;
  };
  return `<row r="${row}">${values.map((v, i) => `<c r="${letters(i)}${row}" t="inlineStr"><is><t>${v}</t></is></c>`).join('')}</row>`;
}

describe('crafted .xlsx files', () => {
  it('reads wrong types in cells safely: every one named by row and column, nothing taken on trust', async () => {
    const book = await loadWorkbook((await exportToilets(t.ctx, { class: 1 }, 'xlsx')).content);
    const sheet = book.worksheets[0];
    const headers = (sheet.getRow(3).values as unknown[]).map(String);
    const col = (label: string) => headers.indexOf(label);
    sheet.getCell(4, col('男蹲位(个)')).value = '很多';
    sheet.getCell(5, col('建筑面积(㎡)')).value = false;
    sheet.getCell(6, col('公厕类别')).value = true;
    sheet.getCell(7, col('启用年月')).value = -5;
    sheet.getCell(8, col('免费开放')).value = { error: '#DIV/0!' } as ExcelJS.CellErrorValue;
    const result = await dryRun('类型错误.xlsx', await workbookBytes(book));
    expect(result.ok).toBe(true);
    const errors = result.data!.problems.filter((p) => p.severity === 'error').map((p) => [p.row, p.field]);
    expect(errors).toEqual(
      expect.arrayContaining([
        [4, 'maleSquat'],
        [5, 'floorAreaM2'],
        [6, 'class'],
        [7, 'commissionedMonth'],
        [8, 'free'],
      ]),
    );
    for (const p of result.data!.problems) expect(p.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('reads Chinese text intact across the reader’s chunk boundaries, in shared strings and in the sheet itself', async () => {
    // exceljs decoded each 16/64 KB chunk on its own: a character split between two chunks came out as ���.
    const texts = Array.from({ length: 3000 }, (_, i) => `西湖区文三路${i}号公厕管理处(地址说明)`);
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('台账');
    for (const text of texts) sheet.addRow([text]);
    const shared = await readSheet('共享文字.xlsx', await workbookBytes(book));
    expect(shared.rows.map((r) => r.cells[0])).toEqual(texts);
    const inline = await readSheet('行内文字.xlsx', minimalXlsx({ data: sheetXml(texts.map((text, i) => cellsRow(i + 1, [text])).join('')) }));
    expect(inline.rows.map((r) => r.cells[0])).toEqual(texts);
  });

  it('refuses 16,000 columns (the import limit) and 100,000 columns (past Excel’s own 16,384)', async () => {
    const wide = (n: number) => minimalXlsx({ data: sheetXml(cellsRow(1, Array.from({ length: n }, (_, i) => `列${i + 1}`))) });
    expectRefused(await dryRun('16000列.xlsx', wide(16_000)), new RegExp(`第 1 行有 16000 列,超过导入上限 ${MAX_IMPORT_COLUMNS} 列.*删去多余的列`));
    expectRefused(await dryRun('100000列.xlsx', wide(100_000)), new RegExp(`超过 Excel 的上限 16,384 列.*导入上限 ${MAX_IMPORT_COLUMNS} 列.*删去多余的列`));
  });

  it('refuses a zip bomb: 7 MB whose sheet inflates to 2 GB, stopped at the inflate limit', async () => {
    const row = Buffer.from(cellsRow(1, ['x', 'y']).replace('r="1"', 'r="1" spans="1:2"').repeat(Math.floor(MB / 80)));
    const times = Math.ceil((2048 * MB) / row.length);
    const head = Buffer.from('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>');
    const bomb = minimalXlsx({ deflated: Buffer.concat([repeatedDeflate(head, 1).subarray(0, -2), repeatedDeflate(row, times)]), size: 0xfffffffe });
    expect(bomb.length).toBeLessThan(8 * MB);
    expectRefused(await dryRun('炸弹.xlsx', bomb), new RegExp(`解压后超过 ${MAX_INFLATED_BYTES / MB} MB.*已拒绝导入,没有写入任何数据`));
  });

  it('refuses one text of 100 MB and four million shared strings before the reader keeps them', async () => {
    const head = Buffer.from('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>');
    const long = minimalXlsx({ deflated: Buffer.concat([repeatedDeflate(head, 1).subarray(0, -2), repeatedDeflate(Buffer.alloc(MB, 0x41), 100)]), size: 100 * MB });
    expectRefused(await dryRun('超长文字.xlsx', long), /有一段文字或标记超过 1 MB\(单元格最多 32,767 字\)/);

    const sst = Buffer.from('<si><t>a</t></si>'.repeat(65536));
    const strings = minimalXlsx(
      { data: sheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>') },
      { sharedStrings: { deflated: Buffer.concat([repeatedDeflate(Buffer.from('<?xml version="1.0"?><sst>'), 1).subarray(0, -2), repeatedDeflate(sst, 64)]), size: sst.length * 64 } },
    );
    expectRefused(await dryRun('四百万文字.xlsx', strings), new RegExp(`超过 ${MAX_SHARED_STRINGS / 10_000} 万个不同的文字`));
  });

  it('takes a formula’s cached value and never evaluates it (=1+1, =HYPERLINK, =cmd|… DDE)', async () => {
    const book = await loadWorkbook((await exportToilets(t.ctx, { class: 1 }, 'xlsx')).content);
    const sheet = book.worksheets[0];
    const headers = (sheet.getRow(3).values as unknown[]).map(String);
    const col = (label: string) => headers.indexOf(label);
    sheet.getCell(4, col('男蹲位(个)')).value = { formula: '1+1', result: 7 } as ExcelJS.CellFormulaValue;
    sheet.getCell(4, col('备注')).value = { formula: 'HYPERLINK("http://example.invalid/x","点这里")', result: '点这里' } as ExcelJS.CellFormulaValue;
    sheet.getCell(5, col('备注')).value = { formula: "cmd|' /C calc'!A0", result: '已核' } as ExcelJS.CellFormulaValue;
    sheet.getCell(6, col('备注')).value = { formula: '1+1' } as ExcelJS.CellFormulaValue; // no cached value: blank
    const result = await dryRun('公式.xlsx', await workbookBytes(book));
    expect(result.ok).toBe(true);
    const remarks = result.data!.headers.find((h) => h.header === '备注')!;
    expect(remarks.sample).toEqual(['点这里', '已核']);
    expect(result.data!.headers.find((h) => h.header === '男蹲位(个)')!.sample[0]).toBe('7'); // the cached 7, not 1+1 = 2
    expect(JSON.stringify(result)).not.toMatch(/HYPERLINK|cmd\|/);
  });

  it('refuses damaged, truncated and encrypted workbooks and unknown compression, saying what to do', async () => {
    const good = await workbookBytes(await loadWorkbook((await exportToilets(t.ctx, { class: 1 }, 'xlsx')).content));
    expectRefused(await dryRun('截断.xlsx', good.subarray(0, Math.floor(good.length / 2))), /不是有效的 \.xlsx 工作簿,或已损坏.*另存为/);
    const flipped = Buffer.from(good);
    for (let i = 200; i < flipped.length - 200; i += 97) flipped[i] ^= 0x5a;
    expectRefused(await dryRun('损坏.xlsx', flipped), /不是有效的 \.xlsx 工作簿,或已损坏/);
    const encrypted = minimalXlsx({ data: sheetXml(cellsRow(1, ['a'])), flags: 1 });
    expectRefused(await dryRun('加密.xlsx', encrypted), /加了密码.*去掉密码/);
    const bzip2 = zipArchive([{ name: 'xl/worksheets/sheet1.xml', data: sheetXml(cellsRow(1, ['a'])), method: 12 }]);
    expectRefused(await dryRun('压缩方式.xlsx', bzip2), /不支持的压缩方式/);
    expectRefused(await dryRun('空壳.xlsx', zipArchive([{ name: 'readme.txt', data: Buffer.from('hello') }])), /没有工作表/);
  });
});

describe('crafted CSV files', () => {
  it('refuses a NUL byte, naming the line', async () => {
    const csv = Buffer.from('公厕编号,公厕名称\r\nGC-900,甲\u0000乙\r\n', 'utf8');
    expectRefused(await dryRun('空字符.csv', csv), /第 2 行含有空字符\(NUL\)/);
  });

  it('stops a 10 MB line at the column limit, and a 10 MB cell at Excel’s cell limit', async () => {
    expectRefused(await dryRun('十兆逗号.csv', Buffer.alloc(10 * MB, ',')), new RegExp(`第 1 行超过 ${MAX_IMPORT_COLUMNS} 列的导入上限`));
    expectRefused(await dryRun('十兆单元格.csv', Buffer.alloc(10 * MB, 'A')), new RegExp(`第 1 行 A 列的内容超过单元格上限 ${MAX_CELL_CHARS.toLocaleString()} 字`));
    // 10 MB of blank lines: nothing to read, and no million empty rows kept on the way.
    const blank = await dryRun('十兆空行.csv', Buffer.alloc(10 * MB, '\n'));
    expect(blank.ok).toBe(false);
  });
});

describe('exports never hand Excel a formula (CSV injection)', () => {
  const hostile = ['=1+1', '+86 138 0000 0000', '-', '@SUM(A1:A9)', "=cmd|' /C calc'!A0", '\t=1+1', '正常文字'];
  const rows = hostile.map((remarks, i) => ({ name: `测试${i}`, remarks, n: -i }));
  const columns = [
    { header: '名称', value: (r: Record<string, unknown>) => r.name as string },
    { header: '备注', value: (r: Record<string, unknown>) => r.remarks as string },
    { header: '数', value: (r: Record<string, unknown>) => r.n as number, numeric: true },
  ];

  it('CSV: user text starting with = + - @ or a tab gets an apostrophe; numbers stay numbers; our importer takes it off again', async () => {
    const file = await exportTable(rows, columns, { title: '测试', district: '', format: 'csv' });
    const lines = file.content.toString('utf8').slice(1).trim().split('\r\n');
    const cells = lines.slice(1).map((l) => l.split(','));
    for (const [name, remarks] of cells) expect(`${name}${remarks}`).not.toMatch(/^[=+\-@\t]|,[=+\-@\t]/);
    expect(cells.map((c) => c[1])).toEqual(["'=1+1", "'+86 138 0000 0000", "'-", "'@SUM(A1:A9)", `'=cmd|' /C calc'!A0`, "'\t=1+1", '正常文字']);
    expect(cells.map((c) => c[2])).toEqual(['0', '-1', '-2', '-3', '-4', '-5', '-6']);

    // The same text comes back through a CSV import of a real ledger.
    const row = (await toilets.list(t.ctx.ws.db))[0];
    await toilets.update(t.ctx, { id: row.id, version: row.version, patch: { remarks: '=HYPERLINK("http://x","y")' } });
    const exported = await exportToilets(t.ctx, { q: row.code }, 'csv');
    expect(exported.content.toString('utf8')).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    const preview = await dryRun('往返.csv', exported.content);
    expect(preview.ok).toBe(true);
    expect(preview.data!.counts).toMatchObject({ unchanged: 1, add: 0, update: 0 });
  });

  it('xlsx: text is written as text cells, never as formulas', async () => {
    const file = await exportTable(rows, columns, { title: '测试', district: '', format: 'xlsx' });
    const book = await loadWorkbook(file.content);
    const values = book.worksheets[0].getColumn(2).values.slice(4);
    expect(values).toEqual(hostile);
    book.worksheets[0].eachRow((r) => r.eachCell((c) => expect(c.type).not.toBe(ExcelJS.ValueType.Formula)));
  });
});
