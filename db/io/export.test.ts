import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testWorkspace, type TestWorkspace } from '../testing';
import { exportToilets } from '../toilets/api';
import { TOILET_FIELDS } from '../toilets/fields';
import { toilets } from '../toilets/service';

describe('toilet ledger export', () => {
  let t: TestWorkspace;
  beforeAll(async () => {
    t = await testWorkspace({ demo: true });
  });
  afterAll(() => t.close());

  it('writes an xlsx with a title row, Chinese headers with units, and every row as the grid shows it', async () => {
    const file = await exportToilets(t.ctx, {}, 'xlsx');
    expect(file.fileName).toMatch(/^公厕台账_\d{4}-\d{2}-\d{2}\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.content as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(String(sheet.getCell(1, 1).value)).toBe('示例区(演示数据)公厕台账');
    const headers = (sheet.getRow(3).values as unknown[]).slice(1);
    expect(headers).toHaveLength(TOILET_FIELDS.length);
    expect(headers).toEqual(expect.arrayContaining(['公厕编号', '所属街道', '建筑面积(㎡)', '男蹲位(个)', '女男厕位比']));
    expect(sheet.rowCount).toBe(3 + 150);
    const rows = await toilets.list(t.ctx.ws.db);
    const first = sheet.getRow(4).values as unknown[];
    const col = (label: string) => headers.indexOf(label) + 1;
    expect(first[col('公厕编号')]).toBe(rows[0].code);
    expect(first[col('所属街道')]).toBe(rows[0].streetName);
    expect(first[col('男蹲位(个)')]).toBe(rows[0].maleSquat);
    expect(first[col('免费开放')]).toBe('是');
    expect(['独立式', '附属式', '活动式']).toContain(first[col('建筑形式')]);
  });

  it('writes a CSV with a BOM so Excel and WPS read the Chinese, quoting commas', async () => {
    const file = await exportToilets(t.ctx, { class: 1 }, 'csv');
    const text = file.content.toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines[0].split(',')[0]).toBe('公厕编号');
    expect(lines).toHaveLength(1 + file.rows);
    expect(file.rows).toBe((await toilets.list(t.ctx.ws.db, { class: 1 })).length);
  });
});

describe('personal data in exports', () => {
  it('leaves personal fields (法定代表人) out of default exports', async () => {
    const { columnsForFields } = await import('./export');
    const { CONTRACTOR_FIELDS } = await import('../contractors/fields');
    expect(columnsForFields(CONTRACTOR_FIELDS).map((c) => c.header)).not.toContain('法定代表人');
    expect(columnsForFields(CONTRACTOR_FIELDS, { includePersonal: true }).map((c) => c.header)).toContain('法定代表人');
  });
});
