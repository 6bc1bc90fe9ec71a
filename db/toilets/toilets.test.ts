import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../errors';
import { tableCounts, testWorkspace, type TestWorkspace } from '../testing';
import { toilets } from './service';

/** A valid new toilet in the demo district (城关街道 / 和平社区). */
const valid = (over: Record<string, unknown> = {}) => ({
  code: 'GC-900',
  name: '测试路公厕',
  streetId: '城关街道',
  communityId: '和平社区',
  address: '城关街道测试路1号',
  type: 'standalone',
  class: 2,
  openHours: '06:00-22:00',
  ...over,
});

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

describe('toilet ledger', () => {
  let t: TestWorkspace;
  beforeEach(async () => {
    t = await testWorkspace({ demo: true });
  });
  afterEach(() => t.close());

  it('creates a toilet from loose input: names for references, labels for options, defaults for the rest', async () => {
    const { row, warnings } = await toilets.create(t.ctx, valid({ class: '二类', free: '是', maleSquat: '３' }));
    expect(row).toMatchObject({
      code: 'GC-900',
      streetName: '城关街道',
      communityName: '和平社区',
      class: 2,
      free: true,
      maleSquat: 3,
      status: 'inUse',
      ownership: 'sanitation',
      version: 1,
      updatedBy: '系统管理员',
    });
    expect(warnings).toEqual([]);
  });

  it.each(['gc-001', 'ＧＣ－００１', 'gc-001 ', 'GC-\u200b001'])('refuses %j: the same code as GC-001 after normalisation', async (code) => {
    const before = await tableCounts(t.ctx);
    const err = await refusal(toilets.create(t.ctx, valid({ code })));
    expect(err.code).toBe('validation');
    expect(err.fields?.code).toContain('已被');
    expect(err.message).toContain('公厕编号');
    expect(await tableCounts(t.ctx)).toEqual(before);
  });

  it('allows an attached toilet only in class 1 or 2, and requires a class except for mobile toilets', async () => {
    expect((await refusal(toilets.create(t.ctx, valid({ type: 'attached', class: 3 })))).fields?.class).toBe('附属式公厕只能是一类或二类');
    expect((await refusal(toilets.create(t.ctx, valid({ class: null })))).fields?.class).toContain('必须填写类别');
    const mobile = await toilets.create(t.ctx, valid({ type: 'mobile', class: null, mobileSubtype: '拖动式' }));
    expect(mobile.row).toMatchObject({ type: 'mobile', class: null, mobileSubtype: 'towed' });
    expect((await refusal(toilets.create(t.ctx, valid({ code: 'GC-901', mobileSubtype: 'towed' })))).fields?.mobileSubtype).toBeDefined();
  });

  it('refuses negative stall counts, unknown options, bad hours, months and coordinates with field messages', async () => {
    const err = await refusal(
      toilets.create(
        t.ctx,
        valid({ maleSquat: -1, ownership: '火星', openHours: '22:00-06:00', constructionMonth: '2024-05', commissionedMonth: '2023-01', lat: 120.1, lng: 30.2 }),
      ),
    );
    expect(err.fields).toMatchObject({
      maleSquat: '不能小于 0',
      ownership: expect.stringContaining('只能是'),
      openHours: expect.stringContaining('开始时间应早于结束时间'),
      commissionedMonth: expect.stringContaining('不能早于开工年月'),
      lat: expect.stringContaining('填反'),
    });
  });

  it('stores opening hours in their canonical form', async () => {
    const { row } = await toilets.create(t.ctx, valid({ openHours: '4月-10月 6:00-22:00；11月-3月 6:00-20:00' }));
    expect(row.openHours).toBe('夏季06:00-22:00;冬季06:00-20:00');
  });

  it('saves with warnings: class 1 without accessible stall or family restroom, low female ratio in a new build', async () => {
    const { row, warnings } = await toilets.create(
      t.ctx,
      valid({ class: 1, accessibleStalls: 0, familyRestroom: false, maleSquat: 4, urinals: 4, femaleSquat: 4, commissionedMonth: '2020-06' }),
    );
    expect(row.id).toBeGreaterThan(0);
    expect(warnings.map((w) => w.field).sort()).toEqual(['accessibleStalls', 'familyRestroom', 'femaleSquat']);
    expect(row.femaleToMaleRatio).toBe(0.5);
  });

  it('updates a field, bumps the version and records before → after with the operator', async () => {
    const original = await toilets.get(t.ctx.ws.db, 1);
    const { row } = await toilets.update(t.ctx, { id: 1, version: original.version, patch: { name: '新名称公厕', class: 1 } });
    expect(row).toMatchObject({ name: '新名称公厕', class: 1, version: original.version + 1 });
    const history = await toilets.history(t.ctx.ws.db, 1);
    expect(history.map((h) => h.action)).toEqual(['create', 'update']);
    expect(history[1]).toMatchObject({ userName: '系统管理员', method: 'toilets.update' });
    expect(history[1].changes).toEqual(
      expect.arrayContaining([{ field: 'name', label: '公厕名称', before: original.name, after: '新名称公厕' }]),
    );
  });

  it('refuses a stale version with a conflict and keeps the other clerk\'s change', async () => {
    const original = await toilets.get(t.ctx.ws.db, 1);
    await toilets.update(t.ctx, { id: 1, version: original.version, patch: { remarks: '甲的修改' } });
    const err = await refusal(toilets.update(t.ctx, { id: 1, version: original.version, patch: { remarks: '乙的修改' } }));
    expect(err.code).toBe('conflict');
    expect(err.message).toContain('请刷新');
    expect((await toilets.get(t.ctx.ws.db, 1)).remarks).toBe('甲的修改');
  });

  it('leaves the row and the audit log unchanged when an update is refused', async () => {
    const original = await toilets.get(t.ctx.ws.db, 1);
    const before = await tableCounts(t.ctx);
    const err = await refusal(toilets.update(t.ctx, { id: 1, version: original.version, patch: { class: 4, name: '不会保存' } }));
    expect(err.fields).toEqual({ class: '只能是 一类、二类、三类 之一' });
    expect(await toilets.get(t.ctx.ws.db, 1)).toEqual(original);
    expect(await tableCounts(t.ctx)).toEqual(before);
  });

  it('refuses unknown and derived fields by name', async () => {
    const err = await refusal(toilets.update(t.ctx, { id: 1, version: 1, patch: { colour: 'red', femaleToMaleRatio: 2 } }));
    expect(err.fields).toEqual({ colour: '没有“colour”这个字段', femaleToMaleRatio: '由系统计算,不能直接填写' });
  });

  it('writes nothing when a patch changes nothing', async () => {
    const original = await toilets.get(t.ctx.ws.db, 1);
    const before = await tableCounts(t.ctx);
    const { row } = await toilets.update(t.ctx, { id: 1, version: original.version, patch: { name: original.name } });
    expect(row.version).toBe(original.version);
    expect(await tableCounts(t.ctx)).toEqual(before);
  });

  it('refuses a community that is not in the chosen street', async () => {
    const err = await refusal(toilets.update(t.ctx, { id: 1, version: 1, patch: { streetId: '城关街道' } })); // GC-001 is in 丰乐镇
    expect(err.fields?.communityId).toContain('不属于所选街道');
  });

  it('soft-deletes, lists without the row, keeps its history, and restores it', async () => {
    const deleted = await toilets.delete(t.ctx, { id: 3, reason: '已拆除' });
    expect(deleted.deletedAt).not.toBeNull();
    expect((await toilets.list(t.ctx.ws.db)).some((r) => r.id === 3)).toBe(false);
    expect((await toilets.list(t.ctx.ws.db, { includeDeleted: true })).some((r) => r.id === 3)).toBe(true);
    await expect(toilets.get(t.ctx.ws.db, 3)).rejects.toMatchObject({ code: 'not_found' });
    const restored = await toilets.restore(t.ctx, { id: 3 });
    expect(restored.deletedAt).toBeNull();
    const history = await toilets.history(t.ctx.ws.db, 3);
    expect(history.map((h) => h.action)).toEqual(['create', 'delete', 'restore']);
    expect(history[1].reason).toBe('已拆除');
  });

  it('frees a deleted code for a new toilet, and then refuses to restore the old one over it', async () => {
    const gc3 = await toilets.get(t.ctx.ws.db, 3);
    await toilets.delete(t.ctx, { id: 3 });
    await toilets.create(t.ctx, valid({ code: gc3.code }));
    const err = await refusal(toilets.restore(t.ctx, { id: 3 }));
    expect(err.fields?.code).toContain('无法恢复');
  });

  it('filters by street, class and free text', async () => {
    const all = await toilets.list(t.ctx.ws.db);
    expect(all).toHaveLength(150);
    const street1 = await toilets.list(t.ctx.ws.db, { streetId: 1 });
    expect(street1.length).toBe(all.filter((r) => r.streetId === 1).length);
    const class1 = await toilets.list(t.ctx.ws.db, { class: 1 });
    expect(class1.every((r) => r.class === 1)).toBe(true);
    expect(await toilets.list(t.ctx.ws.db, { q: 'gc-00' })).toHaveLength(9);
    expect(await toilets.list(t.ctx.ws.db, { q: '100%' })).toHaveLength(0);
  });

  it('bulk insert is all or nothing and names every refused row', async () => {
    const before = await tableCounts(t.ctx);
    const err = await refusal(
      t.ctx.ws.db.write((tx) =>
        toilets.insertBulk(
          t.ctx,
          tx,
          [
            { sourceRow: 5, values: valid({ code: 'B-1' }) },
            { sourceRow: 6, values: valid({ code: 'b-1', name: '重复编号' }) },
            { sourceRow: 7, values: valid({ code: 'B-3', maleSquat: 'abc' }) },
            { sourceRow: 8, values: valid({ code: 'GC-001' }) },
          ],
          'test.bulk',
        ),
      ),
    );
    expect(err.rows).toEqual([
      { row: 6, column: '公厕编号', field: 'code', message: '公厕编号 B-1 与第 5 行重复' },
      { row: 7, column: '男蹲位', field: 'maleSquat', message: '“abc”不是有效数字' },
      { row: 8, column: '公厕编号', field: 'code', message: expect.stringContaining('已被') },
    ]);
    expect(await tableCounts(t.ctx)).toEqual(before);
  });
});
