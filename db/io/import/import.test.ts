/**
 * Import of the clerks' sheets end to end on a real workspace: the fixture workbooks in e2e/fixtures (made by
 * e2e/fixtures/make-fixtures.ts) give a dry run that names exactly the bad rows and columns; fixed, they import
 * fully; imported again they change nothing; a refused import leaves the file as it was.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callApi } from '../../api';
import type { Ctx, ProgressEvent } from '../../context';
import { ApiError } from '../../errors';
import { contracts } from '../../contracts/service';
import { contractors } from '../../contractors/service';
import { estates } from '../../estates/service';
import { TONNAGE_FIELDS } from '../../estates/tonnage';
import { testWorkspace, type TestWorkspace } from '../../testing';
import { toilets, type Toilet } from '../../toilets/service';
import { backupsDir } from '../../workspace/workspace';
import { HeaderIndex } from './headers';
import { planColumns } from './mapping';
import { rowPreparer } from './prepare';
import { commitImport, previewImport, type ImportSource } from './service';
import { findTemplate, listTemplates } from './templates';
import { encodeGb18030, loadWorkbook, workbookBytes } from './testing';

const FIXTURES = resolve(__dirname, '..', '..', '..', 'e2e', 'fixtures');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));

/** Every table's rows, as a hash, and their counts: what "the database is exactly as it was" means. */
async function snapshot(ctx: Ctx): Promise<{ counts: Record<string, number>; hash: string }> {
  const tables = await ctx.ws.db.read.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
  const hash = createHash('sha256');
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const rows = (await ctx.ws.db.read.all(`SELECT * FROM "${name}"`)).map((r) => JSON.stringify(r)).sort();
    counts[name] = rows.length;
    hash.update(`${name}\n${rows.join('\n')}\n`);
  }
  return { counts, hash: hash.digest('hex') };
}

async function auditCount(ctx: Ctx): Promise<number> {
  return (await ctx.ws.db.read.get<{ n: number }>('SELECT count(*) AS n FROM audit_log'))!.n;
}

const errorsOf = (problems: Array<{ row: number; column: string; field?: string; severity: string }>) =>
  problems.filter((p) => p.severity === 'error').map((p) => [p.row, p.column, p.field]);

const toiletSource = (content: Buffer, extra: Partial<ImportSource> = {}): ImportSource => ({
  ledger: 'toilets',
  fileName: 'toilets-ledger.xlsx',
  content,
  ...extra,
});

/** The toilet fixture as the clerk corrects it after the dry run: a new code, one box unticked, a real month. */
async function fixedToiletSheet(): Promise<Buffer> {
  const book = await loadWorkbook(fixture('toilets-ledger.xlsx'));
  const sheet = book.getWorksheet('公厕台账')!;
  sheet.getCell('B10').value = 'GC-2406';
  sheet.getCell('J12').value = null;
  sheet.getCell('R13').value = '2023.12';
  return workbookBytes(book);
}

describe('toilet ledger fixture', () => {
  let t: TestWorkspace;
  beforeEach(async () => {
    t = await testWorkspace({ demo: true });
  });
  afterEach(() => t.close());

  it('dry run: finds the header under the title rows and names exactly the bad rows and columns', async () => {
    const before = await snapshot(t.ctx);
    const preview = await previewImport(t.ctx, toiletSource(fixture('toilets-ledger.xlsx')));
    expect(preview.sheet).toBe('公厕台账');
    expect([preview.headerRow, preview.headerRows]).toEqual([3, 2]);
    expect(preview.headers.slice(8, 12).map((h) => `${h.letter}:${h.header}`)).toEqual(['I:建筑形式:独立', 'J:建筑形式:附属', 'K:结构:土建式', 'L:结构:装配式']);
    expect(preview.mapping).toMatchObject({ 0: null, 1: 'code', 3: 'streetId', 8: 'type', 9: 'type', 10: 'structure', 11: 'structure', 13: 'maleSquat' });
    expect(preview.rowsRead).toBe(12);
    expect(preview.skipped).toEqual([
      { row: 14, reason: '合计行' },
      { row: 15, reason: '空行' },
      { row: 16, reason: '说明或签名行' },
    ]);
    expect(errorsOf(preview.problems)).toEqual([
      [8, 'D', 'streetId'],
      [10, 'B', 'code'],
      [12, 'I', 'type'],
      [13, 'R', 'commissionedMonth'],
    ]);
    const [street, code, type, month] = preview.problems.filter((p) => p.severity === 'error');
    expect(street).toMatchObject({ header: '所属街道', written: '新华路街到' });
    expect(street.message).toContain('是否指“新华路街道”');
    expect(code).toMatchObject({ header: '公厕编号', written: 'GC-2405', understood: 'GC-2405', message: '公厕编号 GC-2405 与第 9 行重复' });
    expect(type).toMatchObject({ header: '建筑形式:独立', written: '独立 ✓、附属 ✓', message: '“建筑形式”只能勾选一项,这一行同时勾选了“独立”和“附属”' });
    expect(month).toMatchObject({ header: '启用年月', written: '2023.13', message: '“2023.13”不是有效年月,请写成 2023-04' });
    // Both rows of the duplicate are shown: the first one as a warning (it is not refused by itself).
    expect(preview.problems.find((p) => p.row === 9 && p.column === 'B')).toMatchObject({ severity: 'warning', written: 'ＧＣ－２４０５', message: '公厕编号 GC-2405 在第 10 行重复出现,请核对这两行' });
    expect(preview.matches).toEqual([
      { row: 8, column: 'D', field: 'streetId', written: '新华路街到', proposedId: expect.any(Number), proposedName: '新华路街道', reason: '与“新华路街道”只差 1 个字' },
    ]);
    expect(preview.counts).toEqual({ valid: 5, refused: 4, add: 5, update: 0, unchanged: 0 });
    expect(await snapshot(t.ctx)).toEqual(before);
  });

  it('a refused import writes nothing: every table byte for byte as it was, and no backup left behind', async () => {
    const before = await snapshot(t.ctx);
    const error = await commitImport(t.ctx, toiletSource(fixture('toilets-ledger.xlsx'))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const refusal = error as ApiError;
    expect(refusal.code).toBe('validation');
    expect(refusal.message.startsWith('有 4 行数据有误,未写入任何数据。第 8 行 D 列(所属街道):')).toBe(true);
    expect(refusal.rows!.map((r) => [r.row, r.column])).toEqual([
      [8, 'D 列(所属街道)'],
      [10, 'B 列(公厕编号)'],
      [12, 'I 列(建筑形式:独立)'],
      [13, 'R 列(启用年月)'],
    ]);
    expect(await snapshot(t.ctx)).toEqual(before);
    expect(existsSync(backupsDir(t.dir)) ? readdirSync(backupsDir(t.dir)).filter((f) => f.includes('-import-')) : []).toEqual([]);
  });

  it('validOnly imports the valid rows and lists the refused ones; the dry run counted the same', async () => {
    const source = toiletSource(fixture('toilets-ledger.xlsx'));
    const preview = await previewImport(t.ctx, source);
    const result = await commitImport(t.ctx, source, { validOnly: true });
    expect(result).toMatchObject({ added: preview.counts.add, updated: preview.counts.update, unchanged: preview.counts.unchanged, refused: preview.counts.refused });
    expect(result).toMatchObject({ added: 5, updated: 0, unchanged: 0, refused: 4, skipped: 3 });
    expect(result.refusedRows.map((r) => [r.row, r.column])).toEqual([
      [8, 'D'],
      [10, 'B'],
      [12, 'I'],
      [13, 'R'],
    ]);
    const imported = (await toilets.list(t.ctx.ws.db, { q: 'GC-24' })).map((r) => r.code).sort();
    expect(imported).toEqual(['GC-2401', 'GC-2402', 'GC-2403', 'GC-2405', 'GC-2407']);
  });

  it('after the fixes it imports fully (confirming the proposed street), with a backup first; again, it changes nothing', async () => {
    const content = await fixedToiletSheet();
    const preview = await previewImport(t.ctx, toiletSource(content));
    expect(errorsOf(preview.problems)).toEqual([[8, 'D', 'streetId']]);
    const [match] = preview.matches;
    const confirmedMatches = [{ field: match.field, written: match.written, id: match.proposedId }];
    const confirmed = await previewImport(t.ctx, toiletSource(content, { confirmedMatches }));
    expect(errorsOf(confirmed.problems)).toEqual([]);
    expect(confirmed.counts).toEqual({ valid: 9, refused: 0, add: 9, update: 0, unchanged: 0 });

    const audits = await auditCount(t.ctx);
    const events: ProgressEvent[] = [];
    t.ctx.progress = (e) => events.push(e);
    const result = await commitImport(t.ctx, toiletSource(content, { confirmedMatches }));
    t.ctx.progress = undefined;
    expect(result).toMatchObject({ added: 9, updated: 0, unchanged: 0, refused: 0, refusedRows: [] });
    expect(result.backupFile).toMatch(/backups[\\/].+-import-toilets\.db$/);
    expect(existsSync(result.backupFile)).toBe(true);
    expect(await auditCount(t.ctx)).toBe(audits + 1);
    expect(events.every((e) => e.job === 'import.commit')).toBe(true);
    expect(events.at(-1)).toMatchObject({ label: '导入完成', done: 9, total: 9 });

    const byCode = new Map((await toilets.list(t.ctx.ws.db, { q: 'GC-24' })).map((r) => [r.code, r]));
    const row = (code: string) => byCode.get(code) as Toilet;
    expect(row('GC-2401')).toMatchObject({ streetName: '城关街道', type: 'standalone', structure: 'cast', commissionedMonth: '2019-05', hasAC: true, attachedFunctions: ['驿站', '环卫管理用房'], class: 1 });
    expect(row('GC-2402')).toMatchObject({ streetName: '城关街道', structure: 'prefab', commissionedMonth: '2023-04' }); // filled down, 2023.4
    expect(row('GC-2403')).toMatchObject({ streetName: '城关街道', type: 'attached', maleSquat: 2, femaleSquat: 6, urinals: 2, commissionedMonth: '2020-06' });
    expect(row('GC-2404')).toMatchObject({ streetName: '新华路街道', communityName: '健康社区' }); // the confirmed match
    expect(row('GC-2405')).toMatchObject({ name: '东湖广场公厕' }); // written ＧＣ－２４０５
    expect(row('GC-2406')).toMatchObject({ name: '东湖公园公厕' });
    expect(row('GC-2407')).toMatchObject({ streetName: '滨江街道' }); // written by its short name 滨江
    expect(row('GC-2409')).toMatchObject({ commissionedMonth: '2023-12' });

    const audited = await auditCount(t.ctx);
    const again = await commitImport(t.ctx, toiletSource(content, { confirmedMatches }));
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 9, refused: 0 });
    expect(await auditCount(t.ctx)).toBe(audited);
    expect((await previewImport(t.ctx, toiletSource(content, { confirmedMatches }))).counts).toEqual({ valid: 9, refused: 0, add: 0, update: 0, unchanged: 9 });
  });

  it('a changed cell updates that row only, with its before and after in the row history', async () => {
    const content = await fixedToiletSheet();
    const confirmedMatches = [{ field: 'streetId', written: '新华路街到', id: (await previewImport(t.ctx, toiletSource(content))).matches[0].proposedId }];
    await commitImport(t.ctx, toiletSource(content, { confirmedMatches }));
    const book = await loadWorkbook(content);
    book.getWorksheet('公厕台账')!.getCell('C6').value = '解放路环卫公厕';
    const result = await commitImport(t.ctx, toiletSource(await workbookBytes(book), { confirmedMatches }));
    expect(result).toMatchObject({ added: 0, updated: 1, unchanged: 8 });
    const [changed] = await toilets.list(t.ctx.ws.db, { q: 'GC-2402' });
    const history = await toilets.history(t.ctx.ws.db, changed.id);
    expect(history.at(-1)).toMatchObject({ method: 'import.commit', changes: [{ field: 'name', before: '解放路公厕', after: '解放路环卫公厕' }] });
  });

  it('confirmed matches must name a reference field and an existing row', async () => {
    const content = fixture('toilets-ledger.xlsx');
    await expect(previewImport(t.ctx, toiletSource(content, { confirmedMatches: [{ field: 'name', written: 'x', id: 1 }] }))).rejects.toThrow('不是公厕台账的关联字段');
    await expect(previewImport(t.ctx, toiletSource(content, { confirmedMatches: [{ field: 'streetId', written: '新华路街到', id: 9999 }] }))).rejects.toThrow(
      '“新华路街到”对应的编号 9999 不是现有的街道',
    );
  });
});

describe('CSV', () => {
  let t: TestWorkspace;
  beforeEach(async () => {
    t = await testWorkspace({ demo: true });
  });
  afterEach(() => t.close());

  const lines = [
    '示例区公厕台账,,,,,,,,',
    '公厕编号,公厕名称,所属街道,社区(村),地址,建筑形式,公厕类别,开放时间,男蹲位数量',
    'XC-01,"人民路公厕(北)",城关街道,和平社区,人民路1号,独立式,二类,06:00-22:00,３',
    'XC-02,东湖路公厕,东湖街道,向阳社区,"东湖路2号,近公交站",附属,二类,24小时,2',
    '合计,,,,,,,,5',
  ];

  it('imports UTF-8 with a BOM', async () => {
    const content = Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
    const result = await commitImport(t.ctx, { ledger: 'toilets', fileName: '公厕.csv', content });
    expect(result).toMatchObject({ added: 2, skipped: 1 });
    const [north] = await toilets.list(t.ctx.ws.db, { q: 'XC-01' });
    expect(north).toMatchObject({ name: '人民路公厕(北)', maleSquat: 3, type: 'standalone' });
  });

  it('imports GB18030 as WPS saves it, tab-separated too', async () => {
    const gb = encodeGb18030(lines.join('\r\n'));
    const preview = await previewImport(t.ctx, { ledger: 'toilets', fileName: '公厕.csv', content: gb });
    expect(preview.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(preview.counts.add).toBe(2);
    const tabbed = encodeGb18030(lines.map((l) => l.replace(/"[^"]*"|,/g, (m) => (m === ',' ? '\t' : m.slice(1, -1)))).join('\n'));
    const result = await commitImport(t.ctx, { ledger: 'toilets', fileName: '公厕.txt', content: tabbed });
    expect(result.added).toBe(2);
    const [east] = await toilets.list(t.ctx.ws.db, { q: 'XC-02' });
    expect(east).toMatchObject({ address: '东湖路2号,近公交站', type: 'attached', openHours: '00:00-24:00' });
  });
});

describe('templates', () => {
  let t: TestWorkspace;
  beforeEach(async () => {
    t = await testWorkspace({ demo: true });
  });
  afterEach(() => t.close());

  const sheet = (headers: string[], rows: string[][]) => Buffer.from([headers, ...rows].map((r) => r.join(',')).join('\n'), 'utf8');
  const headers = ['厕所代码', '厕所名', '街道名', '位置', '形式', '类别', '开放时段'];
  const row = ['XT-1', '试验公厕', '城关街道', '人民路9号', '独立式', '二类', '全天'];

  it('a mapping saved by header text applies to files with other column orders', async () => {
    const unknown = await previewImport(t.ctx, { ledger: 'toilets', fileName: 'a.csv', content: sheet([...headers, '公厕名称'], [[...row, '']]) });
    expect(unknown.mapping).toEqual({ 0: null, 1: null, 2: null, 3: null, 4: null, 5: null, 6: null, 7: 'name' });

    const saved = await callApi(t.ctx, 'templates.save', {
      ledger: 'toilets',
      name: '街道报表',
      mapping: { 厕所代码: 'code', 厕所名: 'name', 街道名: 'streetId', 位置: 'address', 形式: 'type', 类别: 'class', 开放时段: 'openHours' },
    });
    expect(saved).toMatchObject({ ok: true, data: { name: '街道报表', ledger: 'toilets' } });
    const templateId = (saved as { data: { id: number } }).data.id;
    expect((await listTemplates(t.ctx.ws.db, 'toilets')).map((x) => x.name)).toEqual(['街道报表']);

    const order = [6, 5, 4, 3, 2, 1, 0];
    const reordered = sheet(
      order.map((i) => headers[i]),
      [order.map((i) => row[i])],
    );
    const preview = await previewImport(t.ctx, { ledger: 'toilets', fileName: 'b.csv', content: reordered, templateId });
    expect(preview.mapping).toEqual({ 0: 'openHours', 1: 'class', 2: 'type', 3: 'address', 4: 'streetId', 5: 'name', 6: 'code' });
    expect(preview.counts).toMatchObject({ valid: 1, add: 1 });

    expect((await findTemplate(t.ctx.ws.db, 'toilets', '街道报表')).id).toBe(templateId);
    await expect(previewImport(t.ctx, { ledger: 'estates', fileName: 'b.csv', content: reordered, templateId })).rejects.toThrow('不能用于生活小区');
    expect(await callApi(t.ctx, 'templates.delete', { id: templateId })).toEqual({ ok: true, data: { id: templateId } });
    expect(await listTemplates(t.ctx.ws.db)).toEqual([]);
  });

  it('refuses a template with a field that does not exist or is computed, or keyed by column position', async () => {
    const result = await callApi(t.ctx, 'templates.save', { ledger: 'toilets', name: '错', mapping: { 比例: 'femaleToMaleRatio' } });
    expect(result).toMatchObject({ ok: false, error: { code: 'validation' } });
    const byPosition = await callApi(t.ctx, 'templates.save', { ledger: 'toilets', name: '错', mapping: { 0: 'code', 1: 'name' } });
    expect(byPosition).toMatchObject({ ok: false, error: { code: 'validation', fields: { mapping: '应以列名为键' } } });
    expect(await listTemplates(t.ctx.ws.db)).toEqual([]);
  });
});

describe('units and other ledgers', () => {
  let t: TestWorkspace;
  beforeEach(async () => {
    t = await testWorkspace({ demo: true });
  });
  afterEach(() => t.close());

  it('a 万元 header makes bare amounts 万元; a 吨 header turns tonnes into a kilogram field', () => {
    const columns = [
      { index: 0, letter: 'A', header: '年度金额(万元)' },
      { index: 1, letter: 'B', header: '合同总额(元)' },
    ];
    const prepare = rowPreparer(planColumns(columns, { 0: 'annualAmountFen', 1: 'totalAmountFen' }, new HeaderIndex(contracts.def.fields), '合同台账'));
    expect(prepare({ row: 5, cells: [387, '2,800,000'] }).input).toEqual({ annualAmountFen: '387万元', totalAmountFen: '2800000元' });

    const tonnes = planColumns([{ index: 0, letter: 'A', header: '有害垃圾(吨)' }], { 0: 'hazardousKg' }, new HeaderIndex(TONNAGE_FIELDS), '分类量');
    expect(rowPreparer(tonnes)({ row: 5, cells: ['0.0125'] }).input).toEqual({ hazardousKg: 12.5 });
  });

  it('a sheet without the natural key updates rows matched on another unique key; the dry run counts as the commit does', async () => {
    const [a, b, c] = await estates.list(t.ctx.ws.db);
    const csv = ['社区(村),小区名称,地址', ...[a, b, c].map((e, i) => `${e.communityName},${e.name},${i === 1 ? '新地址99号' : e.address}`)].join('\n');
    const source = { ledger: 'estates', fileName: '小区地址.csv', content: Buffer.from(csv, 'utf8') };
    const preview = await previewImport(t.ctx, source);
    expect(preview.counts).toEqual({ valid: 3, refused: 0, add: 0, update: 1, unchanged: 2 });
    expect(await commitImport(t.ctx, source)).toMatchObject({ added: 0, updated: 1, unchanged: 2 });
    expect((await estates.get(t.ctx.ws.db, b.id)).address).toBe('新地址99号');
  });

  it('contractor fixture: names the credit code that fails the GB 32100 check; the others import', async () => {
    const content = fixture('contractors-ledger.xlsx');
    const preview = await previewImport(t.ctx, { ledger: 'contractors', fileName: 'contractors-ledger.xlsx', content });
    expect(preview.headerRow).toBe(3);
    expect(preview.skipped.map((s) => [s.row, s.reason])).toEqual([
      [8, '合计行'],
      [9, '空行'],
      [10, '说明或签名行'],
    ]);
    expect(errorsOf(preview.problems)).toEqual([[6, 'D', 'uscc']]);
    expect(preview.problems.find((p) => p.severity === 'error')).toMatchObject({ written: '91350211M0000XUF46' });
    const result = await commitImport(t.ctx, { ledger: 'contractors', fileName: 'contractors-ledger.xlsx', content }, { validOnly: true });
    expect(result).toMatchObject({ added: 3, refused: 1 });
    const names = (await contractors.list(t.ctx.ws.db)).map((c) => c.shortName);
    expect(names).toEqual(expect.arrayContaining(['东联', '洁美', '西联环卫']));
    expect(names).not.toContain('清源');
  });

  it('estate fixture: community merged over its estates is filled down; a misspelt community, a duplicate code and 0 households are named', async () => {
    const content = fixture('estates-ledger.xlsx');
    const source = { ledger: 'estates', fileName: 'estates-ledger.xlsx', content };
    const preview = await previewImport(t.ctx, source);
    expect(errorsOf(preview.problems)).toEqual([
      [6, 'C', 'communityId'],
      [7, 'D', 'code'],
      [8, 'G', 'households'],
    ]);
    expect(preview.matches.map((m) => [m.row, m.written, m.proposedName])).toEqual([[6, '解放社', '解放社区']]);
    const match = preview.matches[0];
    const result = await commitImport(t.ctx, { ...source, confirmedMatches: [{ field: match.field, written: match.written, id: match.proposedId }] }, { validOnly: true });
    expect(result).toMatchObject({ added: 3, refused: 2 });
    const rows = await estates.list(t.ctx.ws.db, { q: 'XQ-CG' });
    expect(rows.map((r) => [r.code, r.communityName, r.households]).sort()).toEqual([
      ['XQ-CG-001', '和平社区', 860],
      ['XQ-CG-002', '和平社区', 1200],
      ['XQ-CG-003', '解放社区', 540],
    ]);
  });
});

describe('through the contract', () => {
  let t: TestWorkspace;
  beforeEach(async () => {
    t = await testWorkspace({ demo: true });
  });
  afterEach(() => t.close());

  it('lists the ledgers, previews and commits base64 files, and refuses an unknown ledger', async () => {
    const ledgers = (await callApi(t.ctx, 'import.ledgers', {})) as { ok: true; data: Array<{ name: string; title: string }> };
    expect(ledgers.data.map((l) => l.name)).toContain('toilets');
    const base64 = fixture('toilets-ledger.xlsx').toString('base64');
    const preview = await callApi(t.ctx, 'import.preview', { ledger: 'toilets', fileName: 'toilets-ledger.xlsx', base64 });
    expect(preview).toMatchObject({ ok: true, data: { headerRow: 3, counts: { refused: 4 } } });
    const refused = await callApi(t.ctx, 'import.commit', { ledger: 'toilets', fileName: 'toilets-ledger.xlsx', base64, mapping: {} });
    expect(refused).toMatchObject({ ok: false, error: { code: 'validation', rows: expect.arrayContaining([expect.objectContaining({ row: 8, field: 'streetId' })]) } });
    const unknown = await callApi(t.ctx, 'import.preview', { ledger: 'bridges', fileName: 'x.csv', base64 });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('gives a blank template per ledger that imports back once filled in', async () => {
    for (const name of (await callApi(t.ctx, 'import.ledgers', {}) as { ok: true; data: Array<{ name: string }> }).data.map((l) => l.name)) {
      const blank = (await callApi(t.ctx, 'templates.blank', { ledger: name })) as { ok: true; data: { fileName: string; base64: string } };
      expect(blank.ok).toBe(true);
      const book = await loadWorkbook(Buffer.from(blank.data.base64, 'base64'));
      expect(String(book.worksheets[0].getCell('A2').value)).toMatch(/^填表说明:/);
    }
    const blank = (await callApi(t.ctx, 'templates.blank', { ledger: 'toilets' })) as { ok: true; data: { base64: string } };
    const book = await loadWorkbook(Buffer.from(blank.data.base64, 'base64'));
    const sheet = book.worksheets[0];
    const headers = (sheet.getRow(3).values as unknown[]).slice(1).map(String);
    expect(headers.slice(0, 3)).toEqual(['*公厕编号', '*公厕名称', '*所属街道']);
    const typeColumn = headers.indexOf('*建筑形式') + 1;
    expect(sheet.getCell(4, typeColumn).dataValidation).toMatchObject({ type: 'list' });
    const values: Record<string, string | number> = {
      '*公厕编号': 'MB-1',
      '*公厕名称': '模板公厕',
      '*所属街道': '桃源镇',
      '*地址': '桃源路1号',
      '*建筑形式': '独立式',
      公厕类别: '三类',
      '*开放时间': '06:00-20:00',
    };
    for (const [header, value] of Object.entries(values)) sheet.getCell(4, headers.indexOf(header) + 1).value = value;
    const result = await commitImport(t.ctx, { ledger: 'toilets', fileName: '公厕台账_导入模板.xlsx', content: await workbookBytes(book) });
    expect(result).toMatchObject({ added: 1, refused: 0 });
  });
});
