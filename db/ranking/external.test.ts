/** External score tables: read like every clerk's sheet, matched to the demo district's units, ranked and flagged. */
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callApi } from '../api';
import type { Ctx } from '../context';
import { workbookBytes } from '../io/import/testing';
import { ctxAs, testWorkspace, type TestWorkspace } from '../testing';
import { importExternalScores, listExternalScores, previewExternalScores, type ExternalSource } from './external';
import type { RankingRun } from './types';

/**
 * A city-level table of the district's streets as bulletins attach it: a merged title row, a unit/date line, the
 * header in row 3 with component columns, a 合计 row and a 注 line. Names written as clerks write them: a short
 * name (新华), an ideographic space (东湖街道　), a typo (桃园镇 for 桃源镇), a street of another district.
 */
export async function streetTable(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('附件1');
  sheet.mergeCells('A1:I1');
  sheet.getCell('A1').value = '2025年10月份各镇(街)环境卫生考核得分情况';
  sheet.getCell('A2').value = '考核单位:市城管委    日期:2025年11月3日';
  sheet.addRow(['序号', '镇(街)', '清扫保洁质量状况50%', '规范作业15%', '管理指标15%', '公众监督20%', '总分', '排名', '备注']);
  const rows: Array<[string, number | null, number | null, number | null, number | null, number | string | null, string | number | null]> = [
    ['城关街道', 46.2, 14.31, 14.16, 18.16, 92.83, '第一名'],
    ['新华', 45, 14, 14, 18, 91, 2],
    ['东湖街道\u3000', 44, 14, 13, 18, 89, '并列第三'],
    ['滨江街道', 44, 13, 14, 18, 89, '第3名'],
    ['丰乐镇', 43, 13, 13, 18, 88.5, '第五名'],
    ['南门街道', 43, 14, 13, 18, 88, '第四名'],
    ['桃园镇', 40, 12, 12, 16, 80, '第七名'],
    ['外区街道', 40, 12, 12, 15, 79, '第八名'],
    ['高新开发区', null, null, null, null, '未检查', null],
  ];
  rows.forEach((r, i) => sheet.addRow([i + 1, ...r, null]));
  sheet.addRow(['合计', null, null, null, null, null, null]);
  sheet.addRow(['注:总分=各分项得分之和。']);
  return workbookBytes(book);
}

let t: TestWorkspace;
let clerk: Ctx;
beforeEach(async () => {
  t = await testWorkspace({ demo: true });
  clerk = await ctxAs(t.ctx, 'clerk');
});
afterEach(() => t.close());

const source = async (over: Partial<ExternalSource & { createUnits: boolean }> = {}): Promise<ExternalSource & { createUnits?: boolean }> => ({
  fileName: '10月镇街考核.xlsx',
  content: await streetTable(),
  period: '2025-10',
  category: '市级环境卫生考核',
  ...over,
});

async function streetId(name: string): Promise<number> {
  return (await t.ctx.ws.db.read.get<{ id: number }>('SELECT id FROM streets WHERE name = ?', [name]))!.id;
}

describe('external score tables', () => {
  it('preview: finds the header under the title, the unit type from 镇(街), components, and flags ranks and sums', async () => {
    const p = await previewExternalScores(clerk, await source());
    expect(p).toMatchObject({ sheet: '附件1', headerRow: 3, unitType: 'street', category: '市级环境卫生考核', categoryLabel: '市级环境卫生考核', periodKind: 'month' });
    expect(p.columns.unit).toEqual({ letter: 'B', header: '镇(街)' });
    expect(p.columns.score).toEqual({ letter: 'G', header: '总分' });
    expect(p.columns.rank).toEqual({ letter: 'H', header: '排名' });
    expect(p.columns.components.map((c) => [c.letter, c.weight])).toEqual([
      ['C', 50],
      ['D', 15],
      ['E', 15],
      ['F', 20],
    ]);
    expect(p.skipped).toEqual(expect.arrayContaining([{ row: 13, reason: '合计行' }, { row: 14, reason: '说明或签名行' }]));
    const by = new Map(p.rows.map((r) => [r.written, r]));
    expect(by.get('城关街道')).toMatchObject({ row: 4, match: 'exact', unitName: '城关街道', rank: 1, publishedRank: 1, rankMismatch: false, componentSumMismatch: null });
    expect(by.get('新华')).toMatchObject({ match: 'alias', unitName: '新华路街道', rank: 2 });
    expect(by.get('东湖街道')).toMatchObject({ match: 'exact', rank: 3, tied: true, publishedRank: 3, rankMismatch: false });
    expect(by.get('滨江街道')).toMatchObject({ rank: 3, tied: true, publishedRankText: '第3名', rankMismatch: false });
    // 88.5 is 5th, 88 is 6th: the table printed 88 as 第四名.
    expect(by.get('丰乐镇')).toMatchObject({ rank: 5, rankMismatch: false, componentSumMismatch: 1.5 });
    expect(by.get('南门街道')).toMatchObject({ rank: 6, publishedRank: 4, rankMismatch: true });
    expect(by.get('桃园镇')).toMatchObject({ match: 'none', unitId: null, proposal: { unitType: 'street', name: '桃源镇' } });
    expect(by.get('外区街道')).toMatchObject({ match: 'none', proposal: null });
    expect(by.get('高新开发区')).toMatchObject({ match: 'exact', score: null, rank: null });
    expect(p.counts).toMatchObject({ rows: 9, matched: 7, unmatched: 2, proposals: 1, rankMismatches: 1, componentSumMismatches: 1, errors: 0 });
    const messages = p.problems.map((x) => `${x.row}${x.column}:${x.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^8G:总分 88.5 不等于各分项之和 87/),
        expect.stringMatching(/^9H:公布的名次“第四名”与按得分 88 计算的名次\(第六名\)不一致/),
        expect.stringMatching(/^10B:本区街道\(镇\)中没有“桃园镇”;是不是“桃源镇”/),
      ]),
    );
  });

  it('import refuses unknown units, naming their Excel rows, and writes nothing', async () => {
    const before = (await t.ctx.ws.db.read.get<{ n: number }>('SELECT count(*) AS n FROM audit_log'))!.n;
    const result = await callApi(clerk, 'externalScores.import', {
      fileName: '10月镇街考核.xlsx',
      base64: (await streetTable()).toString('base64'),
      period: '2025-10',
      category: '市级环境卫生考核',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toContain('第 10 行“桃园镇”(是否为“桃源镇”?)、第 11 行“外区街道”');
    expect(result.error.message).toContain('--create-units');
    expect(result.error.rows?.map((r) => r.row)).toEqual([10, 11]);
    expect((await t.ctx.ws.db.read.get<{ n: number }>('SELECT count(*) AS n FROM audit_log'))!.n).toBe(before);
    expect((await t.ctx.ws.db.read.get<{ n: number }>('SELECT count(*) AS n FROM external_units'))!.n).toBe(0);
  });

  it('import with a confirmed match and createUnits: one run, external units of its own, one audit entry; never a new street', async () => {
    const streets = (await t.ctx.ws.db.read.get<{ n: number }>('SELECT count(*) AS n FROM streets'))!.n;
    const taoyuan = await streetId('桃源镇');
    const run = await importExternalScores(clerk, await source({ createUnits: true, confirmedMatches: [{ written: '桃园镇', unitType: 'street', unitId: taoyuan }] }));
    expect(run).toMatchObject({ source: 'external', status: 'draft', unitType: 'street', fileName: '10月镇街考核.xlsx', computedBy: clerk.user.name });
    expect(run.counts).toEqual({ ranked: 8, unranked: 0, notInspected: 1, rankMismatches: 1, componentSumMismatches: 1 });
    expect(run.rows.map((r) => [r.unitName, r.rank, r.rankText, r.publishedRank, r.rankMismatch, r.sourceRow])).toEqual([
      ['城关街道', 1, '第一名', 1, false, 4],
      ['新华路街道', 2, '第二名', 2, false, 5],
      ['东湖街道', 3, '第三名', 3, false, 6],
      ['滨江街道', 3, '第三名', 3, false, 7],
      ['丰乐镇', 5, '第五名', 5, false, 8],
      ['南门街道', 6, '第六名', 4, true, 9],
      ['桃源镇', 7, '第七名', 7, false, 10],
      ['外区街道', 8, '第八名', 8, false, 11],
      ['高新开发区', null, null, null, null, 12],
    ]);
    const outside = run.rows.find((r) => r.unitName === '外区街道')!;
    expect(outside.unitId).toBeNull();
    expect(outside.externalUnitId).toBeGreaterThan(0);
    expect(run.rows.find((r) => r.unitName === '桃源镇')!.unitId).toBe(taoyuan);
    expect(run.rows[0].componentScores).toEqual({ '清扫保洁质量状况50%': 46.2, '规范作业15%': 14.31, '管理指标15%': 14.16, '公众监督20%': 18.16 });
    expect((await t.ctx.ws.db.read.get<{ n: number }>('SELECT count(*) AS n FROM streets'))!.n).toBe(streets);
    const audit = await t.ctx.ws.db.read.all<{ method: string; after: string }>("SELECT method, after FROM audit_log WHERE method = 'externalScores.import'");
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].after)).toMatchObject({ createdUnits: [{ row: 11, name: '外区街道' }], rankMismatchRows: [9], componentSumMismatchRows: [8] });

    // The next month's table finds 外区街道 among the external units; importing the same period again replaces the draft.
    const again = await previewExternalScores(clerk, await source({ period: '2025-11' }));
    expect(again.rows.find((r) => r.written === '外区街道')).toMatchObject({ match: 'external', externalUnitId: outside.externalUnitId });
    const replaced = await importExternalScores(clerk, await source({ createUnits: true, confirmedMatches: [{ written: '桃园镇', unitType: 'street', unitId: taoyuan }] }));
    expect((await listExternalScores(t.ctx.ws.db.read, { period: '2025-10' })).map((r) => r.id)).toEqual([replaced.id]);
    expect((await t.ctx.ws.db.read.get<{ n: number }>('SELECT count(*) AS n FROM external_units'))!.n).toBe(1);
  });

  it('a CSV village table: published ranks written any way, a trunk road without a rank printed unranked, a scheme category graded by its scheme', async () => {
    const csv = [
      '2025年10月丰州镇各村环境卫生考核结果',
      '排名,村别,得分',
      '第一名,城关一村,93',
      '第二名,外村甲,91',
      '第三名,外村乙,90',
      '第四名,外村丙,89',
      '第四名,外村丁,89',
      '第六名,外村戊,88',
      '第八名,外村己,87',
      ',省道215,88',
      '平均,,89.38',
    ].join('\r\n');
    const run = await importExternalScores(clerk, {
      fileName: '丰州镇10月.csv',
      content: Buffer.from(csv, 'utf8'),
      period: '2025-10',
      category: '道路清扫保洁',
      unitType: 'community',
      createUnits: true,
    });
    expect(run).toMatchObject({ category: 'roadCleaning', categoryLabel: '道路清扫保洁', unitType: 'community' });
    expect(run.rows.map((r) => [r.unitName, r.rank, r.status, r.publishedRankText, r.rankMismatch])).toEqual([
      ['城关一村', 1, 'ranked', '第一名', false],
      ['外村甲', 2, 'ranked', '第二名', false],
      ['外村乙', 3, 'ranked', '第三名', false],
      ['外村丙', 4, 'ranked', '第四名', false],
      ['外村丁', 4, 'ranked', '第四名', false],
      ['外村戊', 6, 'ranked', '第六名', false],
      ['省道215', null, 'unranked', null, null],
      ['外村己', 7, 'ranked', '第八名', true],
    ]);
    expect(run.rows.find((r) => r.unitName === '外村戊')!.grade).toBe('良好');
    expect(run.counts).toMatchObject({ ranked: 7, unranked: 1, rankMismatches: 1 });
  });

  it('refuses a sheet without a unit column, a score that is not a number and a unit written twice, by Excel row', async () => {
    const noUnit = previewExternalScores(clerk, { fileName: 'x.csv', content: Buffer.from('得分,排名\n90,1\n'), period: '2025-10', category: 'x' });
    await expect(noUnit).rejects.toThrow(/没有找到单位名称列/);
    const bad = await previewExternalScores(clerk, {
      fileName: 'x.csv',
      content: Buffer.from('单位,得分\n城关街道,九十\n东湖街道,88\n东湖街道,87\n'),
      period: '2025-10',
      category: 'x',
    });
    expect(bad.problems.filter((p) => p.severity === 'error').map((p) => `${p.row}${p.column}:${p.message}`)).toEqual([
      '2B:得分“九十”不是数字,请填写分数(如 87.62);未检查的单位请填“未检查”或留空',
      '4A:与第 3 行是同一单位“东湖街道”,一张表中每个单位只能有一行',
    ]);
    const refused = await callApi(clerk, 'externalScores.import', {
      fileName: 'x.csv',
      base64: Buffer.from('单位,得分\n城关街道,九十\n').toString('base64'),
      period: '2025-10',
      category: 'x',
    });
    expect(!refused.ok && refused.error.message).toContain('第 2 行 B 列(得分)');
    const reader = await callApi(await ctxAs(t.ctx, 'clerk'), 'externalScores.list', {});
    expect(reader.ok && (reader.data as RankingRun[]).length).toBe(0);
  });
});
