import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callApi } from '../api';
import type { TestWorkspace } from '../testing';
import { localToday } from './rules';
import { estates, type Estate } from './service';
import { daysInMonth, tonnage } from './tonnage';
import { estateCounts, estateWorkspace, refusalOf } from './testSupport';

/** A month the demo tonnage does not cover (it covers the twelve months before this one). */
const MONTH = '2023-03';

describe('monthly tonnage sheet', () => {
  let t: TestWorkspace;
  let estate: Estate;
  beforeEach(async () => {
    t = await estateWorkspace();
    estate = (
      await estates.create(t.ctx, {
        code: 'FL-600',
        name: '六百户小区',
        communityId: '和平社区',
        address: '城关街道分类路6号',
        households: 600,
        buildings: 10,
        managed: false,
        sortingMode: 'scheduled',
        dropOffPoints: 2,
        supervisors: 2,
      })
    ).row;
  });
  afterEach(() => t.close());

  const sheetRow = (over: Record<string, unknown> = {}) => ({
    estateId: 'fl-600',
    month: '2023年3月',
    recyclableT: '1.2',
    hazardousKg: '15',
    kitchenT: '4.5',
    residualT: '12.3',
    source: '称重',
    ...over,
  });

  it('derives the total, the kitchen separation rate and the per-household figure from the days in the month', async () => {
    const { row, warnings } = await tonnage.create(t.ctx, sheetRow());
    expect(row).toMatchObject({
      estateId: estate.id,
      estateCode: 'FL-600',
      estateName: '六百户小区',
      streetName: '城关街道',
      month: MONTH,
      source: 'weighed',
      totalT: 18.015,
      kitchenSeparationRate: 26.79,
      perHouseholdKgPerDay: 0.97,
    });
    expect(warnings).toEqual([]);
    expect(daysInMonth('2024-02')).toBe(29);
    expect(daysInMonth('2023-02')).toBe(28);
    const feb = await tonnage.create(t.ctx, sheetRow({ month: '2024-02', recyclableT: 0, hazardousKg: 0, kitchenT: 0, residualT: 17.4 }));
    expect(feb.row).toMatchObject({ totalT: 17.4, kitchenSeparationRate: 0, perHouseholdKgPerDay: 1 });
  });

  it('keeps three decimals for tonnes and two for kilograms', async () => {
    const { row } = await tonnage.create(t.ctx, sheetRow({ recyclableT: '1.23456', hazardousKg: '15.678' }));
    expect([row.recyclableT, row.hazardousKg]).toEqual([1.235, 15.68]);
  });

  it('asks “did you mean 1.520 t?” when kitchen waste looks typed in kilograms (E10)', async () => {
    const { row, warnings } = await tonnage.create(t.ctx, sheetRow({ kitchenT: '1520' }));
    expect(row.id).toBeGreaterThan(0);
    expect(warnings).toEqual([
      { field: 'kitchenT', message: '厨余垃圾 1520 吨折合户均每天 82 千克(600 户),明显偏大:是否按千克填写了?应为 1.520 吨?' },
    ]);
  });

  it('warns above 3 kg and below 0.1 kg per household and day', async () => {
    const high = await tonnage.create(t.ctx, sheetRow({ recyclableT: 12, kitchenT: 45, residualT: 123 }));
    expect(high.warnings).toEqual([
      { field: 'perHouseholdKgPerDay', message: '户均每天 9.68 千克,超过 3 千克(600 户),请核对各类数量和小区户数' },
    ]);
    const low = await tonnage.create(t.ctx, sheetRow({ month: '2023-04', recyclableT: 0.1, hazardousKg: 0, kitchenT: 0.2, residualT: 1 }));
    expect(low.warnings).toEqual([
      { field: 'perHouseholdKgPerDay', message: '户均每天只有 0.07 千克,低于 0.1 千克(600 户),请核对是否漏填或单位填错' },
    ]);
  });

  it('refuses future months and negative quantities, and accepts this month', async () => {
    const before = await estateCounts(t.ctx);
    const err = await refusalOf(tonnage.create(t.ctx, sheetRow({ month: '2999-01', residualT: -1 })));
    expect(err.fields).toEqual({
      month: expect.stringMatching(/^月份 2999-01 还没到\(本月是 \d{4}-\d{2}\),不能填报未来月份$/),
      residualT: '不能小于 0',
    });
    expect(await estateCounts(t.ctx)).toEqual(before);
    const { row } = await tonnage.create(t.ctx, sheetRow({ month: localToday().slice(0, 7) }));
    expect(row.month).toBe(localToday().slice(0, 7));
  });

  it('finds the estate by code, name or “社区/小区”, and asks for the code when a name repeats', async () => {
    expect((await tonnage.create(t.ctx, sheetRow({ estateId: '六百户小区' }))).row.estateId).toBe(estate.id);
    await estates.create(t.ctx, {
      code: 'FL-601',
      name: '六百户小区',
      communityId: '解放社区',
      address: '城关街道分类路7号',
      households: 300,
      buildings: 5,
      managed: false,
      sortingMode: 'none',
    });
    const err = await refusalOf(tonnage.create(t.ctx, sheetRow({ estateId: '六百户小区', month: '2023-05' })));
    expect(err.fields?.estateId).toBe('有 2 个小区叫“六百户小区”(FL-600 和平社区、FL-601 解放社区),请填写小区编号');
    const qualified = await tonnage.create(t.ctx, sheetRow({ estateId: '解放社区/六百户小区', month: '2023-05' }));
    expect(qualified.row.estateCode).toBe('FL-601');
    const unknown = await refusalOf(tonnage.create(t.ctx, sheetRow({ estateId: '不存在小区' })));
    expect(unknown.fields?.estateId).toBe('没有编号或名称为“不存在小区”的生活小区,请填写小区台账中的小区编号或名称');
  });

  it('filters by month and street, and answers through the contract', async () => {
    await tonnage.create(t.ctx, sheetRow());
    expect((await tonnage.list(t.ctx.ws.db, { month: MONTH })).map((r) => r.estateCode)).toEqual(['FL-600']);
    const street1 = await tonnage.list(t.ctx.ws.db, { streetId: 1 });
    expect(street1.length).toBeGreaterThan(0);
    expect(street1.every((r) => r.streetName === '城关街道')).toBe(true);
    const result = await callApi(t.ctx, 'tonnage.create', { values: sheetRow({ month: '2023-06' }) });
    expect(result).toMatchObject({ ok: true, data: { row: { month: '2023-06', totalT: 18.015 } } });
    const fields = await callApi(t.ctx, 'tonnage.fields', {});
    expect(fields.ok && (fields.data as Array<{ key: string }>).map((f) => f.key)).toContain('kitchenSeparationRate');
  });
});
