import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callApi } from '../api';
import { testWorkspace, type TestWorkspace } from '../testing';
import type { AuditListEntry } from './list';

let t: TestWorkspace;
beforeEach(async () => {
  t = await testWorkspace({ demo: true });
});
afterEach(async () => {
  await t.close();
});

async function list(input: unknown): Promise<{ total: number; entries: AuditListEntry[] }> {
  const result = await callApi(t.ctx, 'audit.list', input);
  if (!result.ok) throw new Error(result.error.message);
  return result.data as { total: number; entries: AuditListEntry[] };
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

    const toilet = await t.ctx.ws.db.read.get<{ id: number; version: number }>('SELECT id, version FROM toilets ORDER BY id LIMIT 1');
    const updated = await callApi(t.ctx, 'toilets.update', { id: toilet!.id, version: toilet!.version, patch: { remarks: '审计测试' } });
    expect(updated.ok).toBe(true);
    const forRow = await list({ entity: 'toilet', entityId: toilet!.id });
    expect(forRow.entries.map((e) => e.method)).toEqual(['toilets.update', bulk.method]);
    expect(forRow.entries[0].after).toMatchObject({ remarks: '审计测试' });
  });

  it('refuses a date that is not a date', async () => {
    const result = await callApi(t.ctx, 'audit.list', { from: '10/01/2025' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.fields?.from).toContain('应为日期');
  });
});
