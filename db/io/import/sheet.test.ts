/** Reading clerks' files and finding the table in them: encodings, CSV quoting, title rows, two-level headers, merges. */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ESTATE_FIELDS } from '../../estates/fields';
import { TOILET_FIELDS } from '../../toilets/fields';
import { decodeText, parseCsv } from './csv';
import { HeaderIndex, optionNamed, unitFactor } from './headers';
import { detectLayout, readBody } from './layout';
import { autoMapping, planColumns } from './mapping';
import { splitOptionList } from './prepare';
import { readSheet } from './read';
import { columnIndex, columnLetter } from './sheet';
import { encodeGb18030, workbookBytes } from './testing';

const index = () => new HeaderIndex(TOILET_FIELDS);

describe('files', () => {
  it('decodes UTF-8 with and without a BOM, GB18030 from WPS, and UTF-16 "Unicode text"', () => {
    const text = '公厕编号,公厕名称\r\nGC-001,人民公园公厕\r\n';
    expect(decodeText(Buffer.from(`\uFEFF${text}`, 'utf8'))).toEqual({ text, encoding: 'utf-8' });
    expect(decodeText(Buffer.from(text, 'utf8'))).toEqual({ text, encoding: 'utf-8' });
    expect(decodeText(encodeGb18030(text))).toEqual({ text, encoding: 'gb18030' });
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))).toEqual({ text, encoding: 'utf-16le' });
  });

  it('parses quoted fields with commas, doubled quotes and line breaks; tab-separated text too', () => {
    expect(parseCsv('a,"b, c","say ""hi""","two\nlines"\r\n1,2,3,4\r\n\r\n')).toEqual([
      ['a', 'b, c', 'say "hi"', 'two\nlines'],
      ['1', '2', '3', '4'],
    ]);
    expect(parseCsv('公厕编号\t公厕名称\nGC-1\t"甲,乙"\n')).toEqual([
      ['公厕编号', '公厕名称'],
      ['GC-1', '甲,乙'],
    ]);
  });

  it('refuses old .xls, damaged workbooks and files over the size cap with a message saying what to do', async () => {
    await expect(readSheet('台账.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0, 0]))).rejects.toThrow(/另存为.*\.xlsx/);
    await expect(readSheet('台账.xlsx', Buffer.from('PK\x03\x04 broken'))).rejects.toThrow(/不是有效的 \.xlsx/);
    await expect(readSheet('台账.xlsx', Buffer.from('not a zip'))).rejects.toThrow(/不是有效的 \.xlsx/);
    await expect(readSheet('大表.csv', Buffer.alloc(21 * 1024 * 1024, 0x41))).rejects.toThrow(/超过导入上限 20\.0 MB/);
  });

  it('names columns by letter', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
    expect(['A', 'Z', 'AA', 'ZZ'].map(columnIndex)).toEqual([0, 25, 26, 701]);
  });

  it('keeps the original row numbers of an .xlsx, its merged ranges, dates, percentages as shown and formula results; picks a sheet by name', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('说明').getCell('A1').value = '本工作簿第二张表是台账';
    const sheet = book.addWorksheet('台账');
    sheet.getCell('A1').value = '标题';
    sheet.mergeCells('A1:C1');
    sheet.getCell('A4').value = 'GC-1';
    sheet.getCell('B4').value = new Date(Date.UTC(2023, 3, 1));
    sheet.getCell('B4').numFmt = 'yyyy-mm-dd';
    sheet.getCell('C4').value = { formula: 'SUM(1,2)', result: 3 };
    sheet.getCell('A9').value = { richText: [{ text: '合' }, { text: '计' }] };
    // "97.23%" typed into Excel is stored as 0.9723 with a percent format: read as shown.
    sheet.getCell('B9').value = 0.9723;
    sheet.getCell('B9').numFmt = '0.00%';
    sheet.getCell('C9').value = 0.5;
    sheet.getCell('C9').numFmt = '0.0"%"'; // not a percentage: the % is quoted text
    const read = await readSheet('台账.xlsx', await workbookBytes(book), { sheet: '台账' });
    expect(read.sheets).toEqual(['说明', '台账']);
    expect(read.rows.map((r) => r.row)).toEqual([1, 4, 9]);
    expect(read.rows[1].cells).toEqual(['GC-1', new Date(Date.UTC(2023, 3, 1)), 3]);
    expect(read.rows[2].cells).toEqual(['合计', '97.23%', 0.5]);
    expect(read.merges).toEqual([{ top: 1, left: 0, bottom: 1, right: 2 }]);
    await expect(readSheet('台账.xlsx', await workbookBytes(book), { sheet: '汇总' })).rejects.toThrow('没有名为“汇总”的工作表。工作簿中有:说明、台账');
  });
});

describe('exceljs losing the workbook part', () => {
  it('reads the file again when the streaming reader loses the workbook part, and gives up after three tries', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('台账').getCell('A1').value = '公厕编号';
    const bytes = await workbookBytes(book);
    const proto = (ExcelJS as unknown as { stream: { xlsx: { WorkbookReader: { prototype: Record<string, (entry: NodeJS.ReadableStream) => Promise<void>> } } } }).stream.xlsx
      .WorkbookReader.prototype;
    const real = proto._parseWorkbook;
    let losses = 0;
    // What the race does: the workbook part goes by unread, so the reader has no model when it names the sheets.
    const losing = (times: number) =>
      async function (this: unknown, entry: NodeJS.ReadableStream) {
        if (losses < times) {
          losses += 1;
          entry.resume();
          return;
        }
        return real.call(this, entry);
      };
    try {
      proto._parseWorkbook = losing(2);
      expect((await readSheet('台账.xlsx', bytes)).rows[0].cells).toEqual(['公厕编号']);
      expect(losses).toBe(2);
      losses = 0;
      proto._parseWorkbook = losing(3);
      await expect(readSheet('台账.xlsx', bytes)).rejects.toThrow(/不是有效的 \.xlsx/);
      expect(losses).toBe(3);
    } finally {
      proto._parseWorkbook = real;
    }
  });
});

describe('headers', () => {
  it('maps labels, labels with units, loose variants and ✓ boxes; leaves unknown columns out', () => {
    const ix = index();
    expect(ix.match('建筑面积(㎡)')).toMatchObject({ field: { key: 'floorAreaM2' }, unit: 'm2' });
    expect(ix.match('男蹲位数量')?.field?.key).toBe('maleSquat');
    expect(ix.match('是否安装空调')?.field?.key).toBe('hasAC');
    expect(ix.match(' 公厕 编号 ')?.field?.key).toBe('code');
    expect(ix.match('*公厕编号')?.field?.key).toBe('code');
    expect(ix.match('建筑形式:独立')).toMatchObject({ field: { key: 'type' }, option: { value: 'standalone' } });
    expect(ix.match('结构:装配式')).toMatchObject({ field: { key: 'structure' }, option: { value: 'prefab' } });
    expect(ix.match('女男厕位比')).toEqual({ field: null, unit: null });
    expect(ix.match('上报日期')).toBeUndefined();
    expect(optionNamed(TOILET_FIELDS.find((f) => f.key === 'type')!, '附属')?.value).toBe('attached');
    const status = ESTATE_FIELDS.find((f) => f.key === 'status')!;
    expect(['试点小区', '省级高标准', '高标准示范小区', '示范'].map((t) => optionNamed(status, t)?.value)).toEqual(['pilot', 'provincialHighStandard', 'provincialHighStandard', 'demonstration']);
  });

  it('splits a list cell on 、,; and / except inside an option label that holds one of them', () => {
    const field = { key: 'scope', column: 'scope', label: '服务内容', kind: 'list' as const, options: [{ value: 'a', label: '垃圾收集清运' }, { value: 'b', label: '无主/建筑垃圾清理' }] };
    expect(splitOptionList(field, '垃圾收集清运、无主/建筑垃圾清理')).toEqual(['垃圾收集清运', '无主/建筑垃圾清理']);
    expect(splitOptionList(field, '无主/建筑垃圾清理;垃圾收集清运,')).toEqual(['无主/建筑垃圾清理', '垃圾收集清运']);
    expect(splitOptionList(field, '道路/绿化')).toEqual(['道路', '绿化']);
  });

  it('turns a unit in the header into a factor or a money unit', () => {
    expect(unitFactor('千克', '吨')).toBe(0.001);
    expect(unitFactor('t', 'kg')).toBe(1000);
    expect(unitFactor('㎡'.normalize('NFKC'), '㎡')).toBe(1);
    expect(unitFactor('驿站、垃圾站', '个')).toBe(1);
  });

  it('finds the header under a merged title row and a unit/date line, and flattens a two-level merged header', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('公厕');
    sheet.mergeCells('A1:F1');
    sheet.getCell('A1').value = '示例区新建公厕统计明细表';
    sheet.mergeCells('A2:F2');
    sheet.getCell('A2').value = '填报日期:2024年3月    单位:座';
    for (const [cell, value] of [
      ['A3', '公厕编号'],
      ['B3', '公厕名称'],
      ['C3', '建筑形式'],
      ['E3', '结构'],
      ['C4', '独立'],
      ['D4', '附属'],
      ['E4', '土建式'],
      ['F4', '装配式'],
    ]) {
      sheet.getCell(cell).value = value;
    }
    sheet.mergeCells('A3:A4');
    sheet.mergeCells('B3:B4');
    sheet.mergeCells('C3:D3');
    sheet.mergeCells('E3:F3');
    sheet.addRow(['GC-1', '甲', '✓', null, null, '√']);
    const read = await readSheet('公厕.xlsx', await workbookBytes(book));
    const layout = detectLayout(read, index(), '公厕台账');
    expect(layout.headerRow).toBe(3);
    expect(layout.headerDepth).toBe(2);
    expect(layout.columns.map((c) => c.header)).toEqual(['公厕编号', '公厕名称', '建筑形式:独立', '建筑形式:附属', '结构:土建式', '结构:装配式']);
    expect(autoMapping(layout.columns, index())).toEqual({ 0: 'code', 1: 'name', 2: 'type', 3: 'type', 4: 'structure', 5: 'structure' });
    expect(readBody(read, layout).data.map((r) => r.row)).toEqual([5]);
  });

  it('reads a CSV copy of a two-level header, whose group parents are followed by blank cells', () => {
    const csv = ['示例区公厕台账,,,,', '公厕编号,公厕名称,建筑形式,,备注', ',,独立,附属,', 'GC-1,甲,✓,,'].join('\r\n');
    const sheet = { name: 'x.csv', sheets: ['x.csv'], rows: parseCsv(csv).map((cells, i) => ({ row: i + 1, cells: cells.map((c) => c || null) })), merges: [], format: 'csv' as const };
    const layout = detectLayout(sheet, index(), '公厕台账');
    expect([layout.headerRow, layout.headerDepth]).toEqual([2, 2]);
    expect(layout.columns.map((c) => c.header)).toEqual(['公厕编号', '公厕名称', '建筑形式:独立', '建筑形式:附属', '备注']);
  });

  it('offers an unrecognised header row for mapping by hand, and refuses a sheet with nothing like a header', () => {
    const csv = (rows: string[][]) => ({ name: '表1', sheets: ['表1'], rows: rows.map((cells, i) => ({ row: i + 1, cells })), merges: [], format: 'csv' as const });
    const layout = detectLayout(csv([['街道报表'], ['厕所代码', '厕所名'], ['XT-1', '试验公厕']]), index(), '公厕台账');
    expect(layout).toMatchObject({ headerRow: 2, recognised: false, columns: [{ header: '厕所代码' }, { header: '厕所名' }] });
    expect(() => detectLayout(csv([['标题'], ['1', '2']]), index(), '公厕台账')).toThrow(/没有找到表头行.*公厕编号、公厕名称/);
  });

  it('refuses a mapping with two columns for one field, or a computed field', () => {
    const columns = [
      { index: 0, letter: 'A', header: '名称' },
      { index: 1, letter: 'B', header: '公厕名称' },
      { index: 2, letter: 'C', header: '比例' },
    ];
    expect(() => planColumns(columns, { 0: 'name', 1: 'name' }, index(), '公厕台账')).toThrow('A 列(名称)和B 列(公厕名称)都对应“公厕名称”');
    expect(() => planColumns(columns, { 2: 'femaleToMaleRatio' }, index(), '公厕台账')).toThrow('由系统计算,不能导入');
    expect(() => planColumns(columns, { 2: 'nope' }, index(), '公厕台账')).toThrow('“nope”不是公厕台账的字段');
  });
});

describe('body rows', () => {
  it('fills merged body cells down and skips total, blank, note and signature rows by their original numbers', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('公厕');
    sheet.addRow(['公厕编号', '所属街道', '公厕名称']);
    sheet.addRow(['GC-1', '城关街道', '甲']);
    sheet.addRow(['GC-2', null, '乙']);
    sheet.addRow(['GC-3', null, '丙']);
    sheet.mergeCells('B2:B4');
    sheet.addRow([]);
    sheet.addRow(['GC-4', '东湖街道', '丁']);
    sheet.addRow(['合 计', null, '4 座']);
    sheet.addRow(['注:本表由街道填报']);
    sheet.addRow(['填表人:张明', null, '审核人:李华']);
    const read = await readSheet('公厕.xlsx', await workbookBytes(book));
    const layout = detectLayout(read, index(), '公厕台账');
    const body = readBody(read, layout);
    expect(body.data.map((r) => [r.row, r.cells[1]])).toEqual([
      [2, '城关街道'],
      [3, '城关街道'],
      [4, '城关街道'],
      [6, '东湖街道'],
    ]);
    expect(body.skipped).toEqual([
      { row: 5, reason: '空行' },
      { row: 7, reason: '合计行' },
      { row: 8, reason: '说明或签名行' },
      { row: 9, reason: '说明或签名行' },
    ]);
    expect(body.rowsRead).toBe(8);
  });
});
