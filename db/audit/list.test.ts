import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { callApi } from '../api';
import { ctxAs, testWorkspace, type TestWorkspace } from '../testing';
import { appendAudit } from './audit';
import type { AuditListResult } from './list';

let t: TestWorkspace;
beforeEach(async () => {
  t = await testWorkspace({ demo: true });
});
afterEach(async () => {
  await t.close();
});

async function list(input: unknown, ctx = t.ctx): Promise<AuditListResult> {
  const result = await callApi(ctx, 'audit.list', input);
  if (!result.ok) throw new Error(result.error.message);
  return result.data as AuditListResult;
}

async function firstToilet() {
  return (await t.ctx.ws.db.read.get<{ id: number; version: number; name: string }>('SELECT id, version, name FROM toilets ORDER BY id LIMIT 1'))!;
}

describe('audit.list', () => {
  it('lists the newest entries first, one row per bulk write with its size, and filters by row and method prefix', async () => {
    const all = await list({ limit: 5 });
    expect(all.total).toBeGreaterThan(5);
    expect(all.entries).toHaveLength(5);
    expect(all.entries[0].id).toBeGreaterThan(all.entries[1].id);

    const bulk = (await list({ method: 'demo.', limit: 1000 })).entries.find((e) => e.entity === 'toilet' && e.bulkRows != null)!;
    expect(bulk.bulkRows).toBe(150);
    expect(bulk.after).toBeNull();
    expect(bulk.changes).toEqual([]);
    expect(bulk.methodLabel).toBe('载入示例数据');

    const toilet = await firstToilet();
    const updated = await callApi(t.ctx, 'toilets.update', { id: toilet.id, version: toilet.version, patch: { remarks: '审计测试' } });
    expect(updated.ok).toBe(true);
    const forRow = await list({ entity: 'toilet', entityId: toilet.id });
    expect(forRow.entries.map((e) => e.method)).toEqual(['toilets.update', bulk.method]);
    expect(forRow.entries[0].after).toMatchObject({ remarks: '审计测试' });
  });

  it('names the object, the method and each changed field with its label and display values, and only the changed ones', async () => {
    const clerk = await ctxAs(t.ctx, 'clerk');
    const toilet = await firstToilet();
    const updated = await callApi(clerk, 'toilets.update', { id: toilet.id, version: toilet.version, patch: { name: '审计改名公厕', free: false } });
    expect(updated.ok).toBe(true);

    const [entry] = (await list({ limit: 1 }, await ctxAs(t.ctx, 'supervisor'))).entries;
    expect(entry).toMatchObject({ method: 'toilets.update', methodLabel: '修改', entity: 'toilet', entityLabel: '公厕', entityId: toilet.id, userName: clerk.user.name });
    expect(entry.changes).toEqual([
      { field: 'name', label: '公厕名称', before: toilet.name, after: '审计改名公厕' },
      { field: 'free', label: '免费开放', before: '是', after: '否' },
    ]);

    // Referenced rows by name, not id.
    const t2 = (await t.ctx.ws.db.read.get<{ id: number; version: number; communityId: number; streetId: number }>(
      'SELECT id, version, community_id AS communityId, street_id AS streetId FROM toilets WHERE community_id IS NOT NULL ORDER BY id LIMIT 1',
    ))!;
    const names = await t.ctx.ws.db.read.all<{ id: number; name: string }>('SELECT id, name FROM communities WHERE street_id = ? ORDER BY id', [t2.streetId]);
    const other = names.find((c) => c.id !== t2.communityId)!;
    const moved = await callApi(clerk, 'toilets.update', { id: t2.id, version: t2.version, patch: { communityId: other.id } });
    expect(moved.ok, moved.ok ? '' : moved.error.message).toBe(true);
    const [move] = (await list({ entity: 'toilet', limit: 1 })).entries;
    expect(move.changes).toEqual([
      { field: 'communityId', label: '社区(村)', before: names.find((c) => c.id === t2.communityId)!.name, after: other.name },
    ]);
  });

  it('gives the objects, users and methods of the whole log on the first page only', async () => {
    const clerk = await ctxAs(t.ctx, 'clerk');
    const toilet = await firstToilet();
    expect((await callApi(clerk, 'toilets.update', { id: toilet.id, version: toilet.version, patch: { remarks: '改' } })).ok).toBe(true);

    const first = await list({ entity: 'toilet', limit: 1 });
    expect(first.facets!.entities).toContainEqual({ entity: 'toilet', label: '公厕', count: 2 });
    expect(first.facets!.entities).toContainEqual(expect.objectContaining({ entity: 'estate', label: '生活小区' }));
    // Unfiltered: the street entries are offered although the page shows toilets only.
    expect(first.facets!.entities.map((e) => e.entity)).toContain('street');
    expect(first.facets!.users).toContainEqual({ userId: clerk.user.id, userName: clerk.user.name, count: 1 });
    expect(first.facets!.methods).toContainEqual({ method: 'toilets.update', label: '修改', count: 1 });
    expect((await list({ entity: 'toilet', limit: 1, offset: 1 })).facets).toBeUndefined();

    const byUser = await list({ userId: clerk.user.id });
    expect(byUser.total).toBe(1);
    expect(byUser.entries[0].method).toBe('toilets.update');
  });

  it('finds entries by the object’s Chinese name and by a recorded value', async () => {
    const toilet = await firstToilet();
    expect((await callApi(t.ctx, 'toilets.update', { id: toilet.id, version: toilet.version, patch: { remarks: '独一无二的备注' } })).ok).toBe(true);
    const byValue = await list({ search: '独一无二' });
    expect(byValue.entries.map((e) => e.method)).toEqual(['toilets.update']);
    // 用户 is written nowhere in the demo's user entries: they are found by the object's name.
    const byNoun = await list({ search: '用户', limit: 1000 });
    expect(byNoun.entries.map((e) => e.entity)).toEqual(['user', 'user', 'user', 'user']);
    // An object without a ledger field table: known keys by their Chinese name, booleans as 是/否.
    expect(byNoun.entries.at(-1)!.changes).toEqual([{ field: 'passwordSet', label: '设置密码', before: '', after: '是' }]);
  });

  it('takes from and to as the office’s calendar days, not UTC days', async () => {
    const tz = process.env.TZ;
    process.env.TZ = 'Asia/Shanghai';
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      // 2025-10-01 23:30 UTC is 2025-10-02 07:30 in Beijing: the screen shows the 2nd, so the 2nd must find it.
      vi.setSystemTime(new Date('2025-10-01T23:30:00.000Z'));
      await t.ctx.ws.db.write((tx) => appendAudit(tx, t.ctx.user, { method: 'settings.update', entity: 'settings', entityId: null, after: { x: 1 } }));
      vi.useRealTimers();
      const ids = async (from: string, to: string) => (await list({ entity: 'settings', from, to })).entries.map((e) => e.at);
      expect(await ids('2025-10-02', '2025-10-02')).toEqual(['2025-10-01T23:30:00.000Z']);
      expect(await ids('2025-10-01', '2025-10-01')).toEqual([]);
      expect(await ids('2025-10-03', '2025-10-31')).toEqual([]);
    } finally {
      vi.useRealTimers();
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it('refuses a date that is not a date', async () => {
    const result = await callApi(t.ctx, 'audit.list', { from: '10/01/2025' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.fields?.from).toContain('应为日期');
  });

  it('is for supervisors and above', async () => {
    const result = await callApi(await ctxAs(t.ctx, 'clerk'), 'audit.list', {});
    expect(result.ok).toBe(false);
  });
});
