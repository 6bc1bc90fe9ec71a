import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callApi } from '../api';
import type { Ctx } from '../context';
import { computeKpis } from '../dashboard/kpis';
import { ApiError } from '../errors';
import { commitImport, previewImport } from '../io/import/service';
import { exportLedger } from '../ledger/methods';
import { ctxAs, testWorkspace, type TestWorkspace } from '../testing';
import { PLAN_HEADERS } from './plan';
import { progressPeriod } from './report';
import { SEED_003 } from './seed';
import { indicatorTargets, type IndicatorTarget } from './service';
import { categorySpans, seedCsv, seedWorkbook } from './testing';

const STORED = ['category', 'seq', 'name', 'baselineText', 'targetText', 'binding', 'kpiKey', 'remarks'] as const;

/** The stored fields of every live indicator, in the table's order. */
async function storedRows(ctx: Ctx): Promise<Array<Record<string, unknown>>> {
  const rows = await indicatorTargets.list(ctx.ws.db);
  return rows.map((r) => Object.fromEntries(STORED.map((k) => [k, r[k]])));
}

/** The refusal a write ends in (ApiError), for its code, message and fields. */
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable('the write should have been refused'),
    (e: unknown) => (expect(e).toBeInstanceOf(ApiError), e as ApiError),
  );

const count = async (ctx: Ctx) => (await ctx.ws.db.read.get<{ n: number }>('SELECT count(*) AS n FROM indicator_targets'))!.n;

/** What the seed table must read as, row by row (DOMAIN §6.2). */
function expectSeed(rows: IndicatorTarget[]) {
  expect(rows).toHaveLength(19);
  expect(rows.map((r) => [r.seq, r.category, r.name, r.baselineText, r.targetText])).toEqual(
    SEED_003.map((s) => [s.seq, s.category, s.name, s.baseline, s.target]),
  );
  expect(rows.map((r) => r.binding)).toEqual(SEED_003.map((s) => (s.binding === '约束性' ? 'binding' : 'expected')));
  const bySeq = new Map(rows.map((r) => [r.seq, r]));
  expect(bySeq.get(1)).toMatchObject({ baseline: { op: '=', value: 88.2, unit: '%' }, target: { op: '=', value: 100, unit: '%' }, kpiKey: 'sortingCoverageRate' });
  expect(bySeq.get(2)).toMatchObject({ baseline: { op: '=', value: 74.6, unit: '%' }, kpiKey: 'resourceUtilizationRate' });
  expect(bySeq.get(3)).toMatchObject({ baseline: { op: '=', value: 39.3, unit: '%' }, target: { op: '=', value: 65, unit: '%' }, kpiKey: 'recyclingRate' });
  expect(bySeq.get(4)).toMatchObject({ baseline: { op: '=', value: 100, unit: '%' }, target: { op: '=', value: 100, unit: '%' }, kpiKey: 'safeDisposalRate' });
  expect(bySeq.get(5)).toMatchObject({ kpiKey: 'mechanizationRate' });
  expect(bySeq.get(6)).toMatchObject({ baseline: { op: '=', value: 10, unit: '%' }, target: { op: '≤', value: 8, unit: '%' } });
  expect(bySeq.get(7)).toMatchObject({ baselineText: '/', baseline: null, target: { op: '=', value: 20, unit: '%' } });
  expect(bySeq.get(8)).toMatchObject({ baseline: { op: '=', value: 97.23, unit: '%' }, target: { op: '≥', value: 98, unit: '%' } });
  expect(bySeq.get(16)).toMatchObject({ baseline: { op: '=', value: 14.6, unit: '' }, target: { op: '=', value: 16.9, unit: '㎡' } });
  expect(bySeq.get(17)).toMatchObject({ target: { op: '>', value: 90, unit: '%' } });
  expect(rows.filter((r) => r.kpiKey).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
  expect([...new Set(rows.map((r) => r.category))]).toEqual(['环境卫生', '节约用水', '污水排水', '燃气事业', '园林绿化', '市政设施', '智慧城管']);
}

describe('indicator table (targets.*)', () => {
  let t: TestWorkspace;
  beforeEach(async () => {
    t = await testWorkspace();
  });
  afterEach(() => t.close());

  it('a clerk creates through the contract; the row carries the target read beside the text and the link by name', async () => {
    const clerk = await ctxAs(t.ctx, 'clerk');
    const created = await callApi(clerk, 'targets.create', {
      values: { category: '环境卫生', seq: 1, name: '城市居民小区生活垃圾分类覆盖率', baselineText: '/', targetText: '≥９８％', binding: '约束' },
    });
    expect(created).toMatchObject({
      ok: true,
      data: {
        row: {
          category: '环境卫生',
          name: '城市居民小区生活垃圾分类覆盖率',
          baselineText: '/',
          baseline: null,
          targetText: '≥98%',
          target: { op: '≥', value: 98, unit: '%' },
          binding: 'binding',
          kpiKey: 'sortingCoverageRate',
          version: 1,
        },
        warnings: [],
      },
    });
    const listed = await callApi(clerk, 'targets.list', {});
    expect(listed.ok && (listed.data as IndicatorTarget[]).map((r) => r.name)).toEqual(['城市居民小区生活垃圾分类覆盖率']);
    const history = await callApi(clerk, 'targets.history', { id: 1 });
    expect(history.ok && (history.data as unknown[]).length).toBe(1);
  });

  it('needs a login to read and a role to write; a refused write leaves nothing', async () => {
    const nobody = { ...t.ctx, user: null };
    expect(await callApi(nobody, 'targets.list', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await callApi(nobody, 'targets.progress', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await callApi(nobody, 'targets.exportPlan', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await callApi(nobody, 'targets.create', { values: { category: '甲', name: '乙', targetText: '1' } })).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
    expect(await count(t.ctx)).toBe(0);
    const manager = await ctxAs(t.ctx, 'manager');
    expect(await callApi(manager, 'targets.progress', {})).toEqual({ ok: true, data: [] });
  });

  it('keeps an unreadable target as written with a warning; refuses a blank or "/" target naming the field', async () => {
    const { row, warnings } = await indicatorTargets.create(t.ctx, { category: '园林绿化', name: '城市绿道长度', targetText: '稳步提升', baselineText: '30~35 公里' });
    expect(row).toMatchObject({ targetText: '稳步提升', target: null, baselineText: '30~35 公里', baseline: null, kpiKey: null });
    expect(warnings.map((w) => w.field)).toEqual(['targetText', 'baselineText']);
    expect(warnings[0].message).toContain('已按原文保存');
    for (const targetText of ['', ' ', '/']) {
      const err = await refusal(indicatorTargets.create(t.ctx, { category: '园林绿化', name: `指标${targetText}`, targetText }));
      expect(err.code).toBe('validation');
      expect(err.message).toContain('目标值');
    }
    const missing = await refusal(indicatorTargets.create(t.ctx, { name: '无类别', targetText: '1%' }));
    expect(missing.fields?.category).toBe('必填,不能为空');
    const dup = await refusal(indicatorTargets.create(t.ctx, { category: '其他', name: '城市绿道长度', targetText: '1%' }));
    expect(dup.fields?.name).toContain('必须唯一');
    expect(await count(t.ctx)).toBe(1);
  });

  it('links by name only when the link is left blank on create; a chosen link (or none) is kept on update', async () => {
    const chosen = await indicatorTargets.create(t.ctx, { category: '环卫', name: '道路机械化清扫率', targetText: '85%', kpiKey: '考核平均分' });
    expect(chosen.row.kpiKey).toBe('averageScore');
    const auto = await indicatorTargets.create(t.ctx, { category: '环卫', name: '城市道路保洁机械化作业率', targetText: '85%' });
    expect(auto.row.kpiKey).toBe('mechanizationRate');
    const cleared = await indicatorTargets.update(t.ctx, { id: auto.row.id, version: 1, patch: { kpiKey: null } });
    expect(cleared.row.kpiKey).toBeNull();
  });

  it('imports the seed 003 table from xlsx with the category MERGED over its rows, and again changes nothing', async () => {
    const source = { ledger: 'targets', fileName: '十四五规划关键指标表.xlsx', content: await seedWorkbook() };
    const preview = await previewImport(t.ctx, source);
    expect(preview.headerRow).toBe(2);
    expect(preview.counts).toEqual({ valid: 19, refused: 0, add: 19, update: 0, unchanged: 0 });
    expect(await commitImport(t.ctx, source)).toMatchObject({ added: 19, updated: 0, refused: 0 });
    expectSeed(await indicatorTargets.list(t.ctx.ws.db));
    expect(await commitImport(t.ctx, source)).toMatchObject({ added: 0, updated: 0, unchanged: 19 });
  });

  it('reads percentages Excel stored as numbers with a percent format (0.882 shown as 88.2%) as the plan wrote them', async () => {
    const source = { ledger: 'targets', fileName: '关键指标.xlsx', content: await seedWorkbook({ asExcelPercentages: true }) };
    expect(await commitImport(t.ctx, source)).toMatchObject({ added: 19, refused: 0 });
    expectSeed(await indicatorTargets.list(t.ctx.ws.db));
  });

  it('imports the same table from CSV with the category left BLANK below each first row', async () => {
    const source = { ledger: 'targets', fileName: '关键指标.csv', content: Buffer.from(seedCsv(), 'utf8') };
    expect(await commitImport(t.ctx, source)).toMatchObject({ added: 19, refused: 0 });
    expectSeed(await indicatorTargets.list(t.ctx.ws.db));
  });

  it('round-trips through the ledger export (xlsx and csv) and into a workspace without the rows', async () => {
    await commitImport(t.ctx, { ledger: 'targets', fileName: 'seed.xlsx', content: await seedWorkbook() });
    const stored = await storedRows(t.ctx);
    for (const format of ['xlsx', 'csv'] as const) {
      const file = await exportLedger(t.ctx, indicatorTargets, {}, format);
      expect(await commitImport(t.ctx, { ledger: 'targets', fileName: file.fileName, content: file.content })).toMatchObject({ added: 0, updated: 0, unchanged: 19 });
    }
    const file = await exportLedger(t.ctx, indicatorTargets, {}, 'xlsx');
    const other = await testWorkspace();
    try {
      expect(await commitImport(other.ctx, { ledger: 'targets', fileName: file.fileName, content: file.content })).toMatchObject({ added: 19 });
      expect(await storedRows(other.ctx)).toEqual(stored);
    } finally {
      await other.close();
    }
  });

  it('exports the plan layout: title, the plan header, categories MERGED down; it reads back to the same rows', async () => {
    await commitImport(t.ctx, { ledger: 'targets', fileName: 'seed.xlsx', content: await seedWorkbook() });
    const result = await callApi(t.ctx, 'targets.exportPlan', {});
    expect(result.ok).toBe(true);
    const data = (result as { data: { fileName: string; mimeType: string; base64: string; rows: number } }).data;
    expect(data.fileName).toMatch(/^规划关键指标表_\d{4}-\d{2}-\d{2}\.xlsx$/);
    expect(data.rows).toBe(19);
    const content = Buffer.from(data.base64, 'base64');

    const book = new ExcelJS.Workbook();
    await book.xlsx.load(content as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(String(sheet.getCell(1, 1).value)).toContain('规划关键指标表');
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((c) => sheet.getCell(2, c).value)).toEqual([...PLAN_HEADERS]);
    const merges = (sheet.model as unknown as { merges: string[] }).merges;
    const expected = categorySpans().filter(([top, bottom]) => bottom > top).map(([top, bottom]) => `A${top}:A${bottom}`);
    expect(expected).toEqual(['A3:A7', 'A8:A9', 'A10:A13', 'A14:A15', 'A16:A19']);
    for (const m of expected) expect(merges).toContain(m);
    expect(merges.filter((m) => m.startsWith('A') && !m.startsWith('A1:') && /^A\d+:A\d+$/.test(m)).sort()).toEqual([...expected].sort());
    expect(sheet.getCell(3, 1).value).toBe('环境卫生');
    expect(sheet.getCell(3, 3).value).toBe('生活垃圾分类覆盖率');
    expect(sheet.getCell(9, 4).value).toBe('/');
    expect(sheet.getCell(10, 5).value).toBe('≥98%');
    expect(sheet.getCell(3, 6).value).toBe('约束性');
    // No data in an empty workspace: linked rows say so, the others are not computed here.
    expect(sheet.getCell(3, 7).value).toBe('暂无数据');
    expect(sheet.getCell(4, 7).value).toBe('暂无数据');
    expect(sheet.getCell(8, 7).value).toBe('—');

    const stored = await storedRows(t.ctx);
    expect(await commitImport(t.ctx, { ledger: 'targets', fileName: data.fileName, content })).toMatchObject({ added: 0, updated: 0, unchanged: 19 });
    const other = await testWorkspace();
    try {
      const preview = await previewImport(other.ctx, { ledger: 'targets', fileName: data.fileName, content });
      expect(preview.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(preview.skipped.map((s) => s.reason)).toContain('说明或签名行');
      expect(await commitImport(other.ctx, { ledger: 'targets', fileName: data.fileName, content })).toMatchObject({ added: 19 });
      expect(await storedRows(other.ctx)).toEqual(stored);
    } finally {
      await other.close();
    }
  });

  it('refuses a period that ends before it starts, in Chinese', async () => {
    expect(await callApi(t.ctx, 'targets.progress', { from: '2025-10', to: '2025-01' })).toMatchObject({
      ok: false,
      error: { code: 'validation', message: '统计期间有误:起始月份 2025-10 晚于结束月份 2025-01,请调整后重试' },
    });
    expect(await callApi(t.ctx, 'targets.progress', { from: '2025-13' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(progressPeriod({ asOf: '2025-03-15' })).toEqual({ from: '2024-04', to: '2025-03', asOf: '2025-03-15' });
    expect(progressPeriod({}, new Date(2025, 0, 31))).toEqual({ from: '2024-02', to: '2025-01', asOf: '2025-01-31' });
  });
});

describe('indicator progress in the demo district', () => {
  let t: TestWorkspace;
  beforeEach(async () => {
    t = await testWorkspace({ demo: true });
  });
  afterEach(() => t.close());

  it('gives linked indicators the dashboard\'s own current value, and the others none', async () => {
    await commitImport(t.ctx, { ledger: 'targets', fileName: 'seed.xlsx', content: await seedWorkbook() });
    const period = { from: '2025-01', to: '2025-12', asOf: '2025-12-31' };
    const result = await callApi(await ctxAs(t.ctx, 'clerk'), 'targets.progress', period);
    expect(result.ok).toBe(true);
    const progress = (result as { data: Array<{ id: number; kpiKey: string | null; current: { key: string; value: number | null } | null; met: boolean | null; progress: number | null; text: string }> }).data;
    const rows = await indicatorTargets.list(t.ctx.ws.db);
    expect(progress.map((p) => p.id)).toEqual(rows.map((r) => r.id));
    const kpis = new Map((await computeKpis(t.ctx.ws.db.read, period)).map((k) => [k.key, k]));
    for (const p of progress) {
      if (!p.kpiKey) {
        expect(p).toMatchObject({ current: null, met: null, progress: null });
        continue;
      }
      expect(p.current).toEqual(kpis.get(p.kpiKey as never));
      if (p.current?.value != null) {
        expect(p.text).toMatch(/^当前 \d+\.\d{2}%,目标 /);
        expect(typeof p.met).toBe('boolean');
        expect(p.progress).toBeGreaterThanOrEqual(0);
        expect(p.progress).toBeLessThanOrEqual(1);
      }
    }
    const coverage = progress.find((p) => p.kpiKey === 'sortingCoverageRate')!;
    const value = kpis.get('sortingCoverageRate')!.value!;
    expect(coverage.met).toBe(value >= 100);
    // 88.2% → 100%: (current − 88.2) ÷ 11.8, clamped to 0…1.
    expect(coverage.progress).toBeCloseTo(Math.min(1, Math.max(0, (value - 88.2) / 11.8)), 12);
  });

  it('links 资源化利用率 and 无害化处理率 to the disposal report; resource use waits for the coefficients', async () => {
    const months = await t.ctx.ws.db.read.all<{ month: string; c: number; i: number; l: number; k: number; r: number; o: number | null }>(
      'SELECT month, collected_t AS c, incinerated_t AS i, landfilled_t AS l, kitchen_processed_t AS k, recyclables_t AS r, other_safe_t AS o FROM disposal_months ORDER BY month',
    );
    expect(months).toHaveLength(12);
    const period = { from: months[0].month, to: months[11].month, asOf: `${months[11].month}-28` };
    const sum = (pick: (m: (typeof months)[number]) => number) => months.reduce((s, m) => s + pick(m), 0);
    const collected = sum((m) => m.c);
    const safe = sum((m) => m.i + m.l + m.k + (m.o ?? 0));
    const clerk = await ctxAs(t.ctx, 'clerk');
    const progress = async () => {
      const result = await callApi(clerk, 'targets.progress', period);
      expect(result.ok).toBe(true);
      const rows = await indicatorTargets.list(t.ctx.ws.db);
      const data = (result as { data: Array<{ id: number; kpiKey: string | null; current: { value: number | null; detail: string } | null; met: boolean | null; progress: number | null; text: string }> }).data;
      const byName = (name: string) => data.find((p) => p.id === rows.find((r) => r.name === name)!.id)!;
      return { resource: byName('生活垃圾资源化利用率'), safe: byName('生活垃圾无害化处理率') };
    };

    const before = await progress();
    expect(before.resource).toMatchObject({ kpiKey: 'resourceUtilizationRate', met: null, progress: null, current: { value: null } });
    expect(before.resource.text).toBe('暂无数据:未设置资源化系数(系统 → 设置 → 资源化利用率系数,三项都要填写)');
    // 无害化处理率 = (焚烧 + 填埋 + 厨余处理 + 其他) ÷ 清运量, at most 100 %; the target "100%" against baseline 100%.
    const safeRate = (Math.min(safe, collected) * 100) / collected;
    expect(before.safe.kpiKey).toBe('safeDisposalRate');
    expect(before.safe.current!.value).toBeCloseTo(safeRate, 9);
    expect(before.safe.met).toBe(safeRate >= 100);
    expect(before.safe.current!.detail).toContain(`共 12 个月`);

    expect(await callApi(t.ctx, 'settings.update', { resourceCoefficients: { incineration: 0.9, kitchen: 0.6, landfill: 0 }, reason: '省厅口径' })).toMatchObject({ ok: true });
    const after = await progress();
    const expected = ((sum((m) => m.r) + sum((m) => m.i) * 0.9 + sum((m) => m.k) * 0.6) * 100) / (sum((m) => m.r) + collected);
    expect(after.resource.current!.value).toBeCloseTo(expected, 9);
    expect(after.resource.text).toMatch(/^当前 \d+\.\d{2}%,目标 100%,尚差 \d+\.\d{2} 个百分点$/);
    expect(after.resource.met).toBe(false);
    // 74.6% → 100%: (current − 74.6) ÷ 25.4, clamped to 0…1.
    expect(after.resource.progress).toBeCloseTo(Math.min(1, Math.max(0, (expected - 74.6) / 25.4)), 12);
    expect(after.resource.current!.detail).toContain('焚烧');
    expect(after.resource.current!.detail).toContain('× 0.9');
  });
});
