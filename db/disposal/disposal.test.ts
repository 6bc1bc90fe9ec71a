/**
 * The monthly disposal report (db/disposal): its rules (no negative tonnage, no future month, one row per month),
 * the over-collection warning that saves all the same, a clerk's xlsx imported and imported again, and the two
 * KPIs it feeds (db/dashboard/kpis.ts) with their reasons in words when there is no value.
 */
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callApi } from '../api';
import { computeKpis } from '../dashboard/kpis';
import { localToday } from '../estates/rules';
import { commitImport, previewImport } from '../io/import/service';
import { ctxAs, testWorkspace, type TestWorkspace } from '../testing';
import { checkDisposalRecord } from './rules';
import { disposalMonths } from './service';

const MONTH = { month: '2025-03', collectedT: 1000, incineratedT: 600, landfilledT: 100, kitchenProcessedT: 250, recyclablesT: 150, source: 'weighbridge' };

describe('disposal report rules', () => {
  it('warns, without refusing, only when the disposal exceeds 105 % of the collected quantity', () => {
    const context = { thisMonth: '2025-10' };
    // 600 + 100 + 250 + 100 = 1050 = 1000 × 1.05: at the tolerance, no warning.
    expect(checkDisposalRecord({ ...MONTH, otherSafeT: 100 }, context)).toEqual({ errors: {}, warnings: [] });
    // 600 + 100 + 250 + 101 = 1051 > 1050: a warning on 清运量 naming both figures; no error.
    const over = checkDisposalRecord({ ...MONTH, otherSafeT: 101 }, context);
    expect(over.errors).toEqual({});
    expect(over.warnings).toEqual([
      {
        field: 'collectedT',
        message: '焚烧量 + 填埋量 + 厨余处理量 + 其他无害化处理量 共 1,051 吨,多于清运量 1,000 吨的 105%,超出 5.1%。已保存;请核对是否填错列或单位(千克/吨)',
      },
    ]);
    // Nothing collected but something disposed: warned, without a share of zero.
    expect(checkDisposalRecord({ ...MONTH, collectedT: 0 }, context).warnings[0].message).toContain('多于清运量 0 吨的 105%。已保存');
    expect(checkDisposalRecord({ ...MONTH, month: '2025-11' }, context).errors).toEqual({ month: '月份 2025-11 还没到(本月是 2025-10),不能填报未来月份' });
  });
});

describe('disposal report (disposal.*)', () => {
  let t: TestWorkspace;
  beforeEach(async () => {
    t = await testWorkspace();
  });
  afterEach(() => t.close());

  const count = async () => (await t.ctx.ws.db.read.get<{ n: number }>('SELECT count(*) AS n FROM disposal_months'))!.n;

  it('a clerk records a month; the derived 无害化处理量 and 无害化处理率 come with it; an over-collection month is saved with its warning', async () => {
    const clerk = await ctxAs(t.ctx, 'clerk');
    const created = await callApi(clerk, 'disposal.create', { values: { ...MONTH, otherSafeT: 10 } });
    expect(created).toMatchObject({
      ok: true,
      data: { row: { month: '2025-03', safeDisposalT: 960, safeDisposalRate: 96, source: 'weighbridge', otherSafeT: 10 }, warnings: [] },
    });
    const over = await callApi(clerk, 'disposal.create', { values: { ...MONTH, month: '2025-04', incineratedT: 800 } });
    expect(over).toMatchObject({ ok: true, data: { row: { month: '2025-04', safeDisposalT: 1150, safeDisposalRate: 100 } } });
    expect((over as { data: { warnings: Array<{ field: string; message: string }> } }).data.warnings).toEqual([
      expect.objectContaining({ field: 'collectedT', message: expect.stringContaining('超出 15.0%') }),
    ]);
    expect(await count()).toBe(2);
    const audit = await t.ctx.ws.db.read.all<{ method: string }>("SELECT method FROM audit_log WHERE entity = 'disposalMonth' ORDER BY id");
    expect(audit.map((a) => a.method)).toEqual(['disposal.create', 'disposal.create']);
  });

  it('refuses negative tonnage, a second row for a month and missing figures, naming the field in Chinese and writing nothing', async () => {
    await disposalMonths.create(t.ctx, MONTH);
    const clerk = await ctxAs(t.ctx, 'clerk');
    expect(await callApi(clerk, 'disposal.create', { values: { ...MONTH, month: '2025-05', landfilledT: -3 } })).toMatchObject({
      ok: false,
      error: { code: 'validation', fields: { landfilledT: '不能小于 0' } },
    });
    expect(await callApi(clerk, 'disposal.create', { values: { ...MONTH, month: '2025年3月' } })).toMatchObject({
      ok: false,
      error: { code: 'validation', fields: { month: '月份 2025-03 已被另一条记录使用,必须唯一' } },
    });
    expect(await callApi(clerk, 'disposal.create', { values: { month: '2025-06', source: '称重' } })).toMatchObject({
      ok: false,
      error: { code: 'validation', fields: { collectedT: '必填,不能为空', incineratedT: '必填,不能为空' } },
    });
    expect(await count()).toBe(1);
  });

  it('imports a clerk\'s monthly report (title row, 吨 headers, 2025年1月, full-width digits, 称重/报表); again changes nothing', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('月报');
    sheet.getRow(1).values = ['示例区生活垃圾清运处置月报'];
    sheet.getRow(2).values = ['月份', '生活垃圾清运量(吨)', '焚烧量(吨)', '填埋量(吨)', '厨余处理量(吨)', '可回收物回收量(吨)', '其他无害化处理量(吨)', '数据来源', '备注'];
    sheet.getRow(3).values = ['2025年1月', '４,３２０.５', 3000, 120, 1150.25, 560, null, '称重', null];
    sheet.getRow(4).values = ['2025-2', 3980, 2700, 110, 1120, 520, 30, '报表', '大件垃圾协同处置'];
    sheet.getRow(5).values = ['2025.3', 4100, 3300, 150, 1200, 540, null, '估算', '焚烧厂库存转入'];
    const content = Buffer.from(await book.xlsx.writeBuffer());
    const source = { ledger: 'disposal', fileName: '月报.xlsx', content };
    const preview = await previewImport(t.ctx, source);
    expect(preview.problems.filter((p) => p.severity === 'error')).toEqual([]);
    // March disposes of 4650 t against 4100 collected: a warning on its Excel row, the row is still imported.
    expect(preview.problems.filter((p) => p.severity === 'warning').map((p) => p.row)).toEqual([5]);
    expect(await commitImport(t.ctx, source)).toMatchObject({ added: 3, updated: 0, unchanged: 0, refused: 0 });
    const rows = await disposalMonths.list(t.ctx.ws.db);
    expect(rows.map((r) => [r.month, r.collectedT, r.kitchenProcessedT, r.otherSafeT, r.source])).toEqual([
      ['2025-01', 4320.5, 1150.25, null, 'weighbridge'],
      ['2025-02', 3980, 1120, 30, 'report'],
      ['2025-03', 4100, 1200, null, 'estimate'],
    ]);
    expect(await commitImport(t.ctx, source)).toMatchObject({ added: 0, updated: 0, unchanged: 3 });

    // A negative figure refuses the whole file, naming its Excel row; nothing is written.
    sheet.getRow(6).values = ['2025-04', 4000, -5, 100, 1100, 500, null, '称重', null];
    const bad = { ...source, content: Buffer.from(await book.xlsx.writeBuffer()) };
    const refused = await previewImport(t.ctx, bad);
    expect(refused.problems.filter((p) => p.severity === 'error').map((p) => [p.row, p.field, p.message])).toEqual([[6, 'incineratedT', '不能小于 0']]);
    await expect(commitImport(t.ctx, bad)).rejects.toThrow(/未写入任何数据/);
    expect(await count()).toBe(3);
  });

  it('the KPIs: no data, then values from the months of the period; resource use needs all three coefficients', async () => {
    const period = { from: '2025-01', to: '2025-12', asOf: '2025-12-31' };
    const kpis = async () => new Map((await computeKpis(t.ctx.ws.db.read, period)).map((k) => [k.key, k]));
    expect((await kpis()).get('safeDisposalRate')).toMatchObject({ label: '生活垃圾无害化处理率', value: null, detail: '2025-01 至 2025-12:无处置量数据(台账 → 清运处置)' });
    expect((await kpis()).get('resourceUtilizationRate')).toMatchObject({ label: '生活垃圾资源化利用率', value: null, detail: '2025-01 至 2025-12:无处置量数据(台账 → 清运处置)' });

    await disposalMonths.create(t.ctx, MONTH);
    await disposalMonths.create(t.ctx, { ...MONTH, month: '2025-04', incineratedT: 640, landfilledT: 60, kitchenProcessedT: 270, recyclablesT: 250, otherSafeT: 10 });
    // Outside the period: not counted.
    await disposalMonths.create(t.ctx, { ...MONTH, month: '2024-12', collectedT: 5000 });
    const safe = (await kpis()).get('safeDisposalRate')!;
    // (950 + 980) ÷ 2000 = 96.5 %.
    expect(safe.value).toBe(96.5);
    expect(safe.detail).toBe('2025-01 至 2025-12 共 2 个月:无害化处理 1,930 吨(焚烧 + 填埋 + 厨余处理 + 其他无害化)÷ 清运量 2,000 吨');
    expect((await kpis()).get('resourceUtilizationRate')).toMatchObject({ value: null, detail: '未设置资源化系数(系统 → 设置 → 资源化利用率系数,三项都要填写)' });

    await callApi(t.ctx, 'settings.update', { resourceCoefficients: { incineration: 0.9, kitchen: 0.5, landfill: null } });
    expect((await kpis()).get('resourceUtilizationRate')!.value).toBeNull();
    await callApi(t.ctx, 'settings.update', { resourceCoefficients: { incineration: 0.9, kitchen: 0.5, landfill: 0 } });
    const resource = (await kpis()).get('resourceUtilizationRate')!;
    // (400 + 1240 × 0.9 + 520 × 0.5 + 160 × 0) ÷ (400 + 2000) = 1776 ÷ 2400 = 74 %.
    expect(resource.value).toBeCloseTo(74, 12);
    expect(resource.detail).toBe(
      '2025-01 至 2025-12 共 2 个月:(可回收物 400 吨 + 焚烧 1,240 吨 × 0.9 + 厨余处理 520 吨 × 0.5 + 填埋 160 吨 × 0) ÷ (可回收物 400 吨 + 清运量 2,000 吨)',
    );
  });
});

describe('disposal report in the demo district', () => {
  let t: TestWorkspace;
  beforeEach(async () => {
    t = await testWorkspace({ demo: true });
  });
  afterEach(() => t.close());

  it('has the estates\' twelve months, plausible against the estates\' tonnage, no warnings, and no value with a street filter', async () => {
    const rows = await disposalMonths.list(t.ctx.ws.db);
    const months = await t.ctx.ws.db.read.all<{ month: string; sorted: number }>(
      'SELECT month, sum(kitchen_t + residual_t) AS sorted FROM estate_tonnage WHERE deleted_at IS NULL GROUP BY month ORDER BY month',
    );
    expect(rows.map((r) => r.month)).toEqual(months.map((m) => m.month));
    expect(rows.at(-1)!.month < localToday().slice(0, 7)).toBe(true);
    rows.forEach((r, i) => {
      // The district collects more than its estates' kitchen + residual waste, but of the same order.
      const ratio = r.collectedT / months[i].sorted;
      expect(ratio, r.month).toBeGreaterThan(1);
      expect(ratio, r.month).toBeLessThan(2);
      expect(r.safeDisposalRate, r.month).toBeGreaterThan(97);
      expect(checkDisposalRecord(r as never, { thisMonth: localToday().slice(0, 7) }).warnings, r.month).toEqual([]);
    });
    const street = (await t.ctx.ws.db.read.get<{ id: number }>('SELECT id FROM streets ORDER BY id LIMIT 1'))!.id;
    const kpis = await computeKpis(t.ctx.ws.db.read, { from: months[0].month, to: months[11].month, streetId: street });
    expect(kpis.find((k) => k.key === 'safeDisposalRate')).toMatchObject({ value: null, detail: '处置量按全区填报,按街道筛选时不计算' });
  });
});
