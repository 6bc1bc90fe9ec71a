import { afterEach, describe, expect, it } from 'vitest';
import { callApi } from '../api';
import { DEFAULT_RETENTION } from '../backup/backup';
import { ctxAs, testWorkspace, type TestWorkspace } from '../testing';
import { getSettings, lanAllowed, retentionPolicy } from './settings';

const open: TestWorkspace[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});

async function workspace() {
  const t = await testWorkspace();
  open.push(t);
  return t;
}

async function audit(t: TestWorkspace) {
  return t.ctx.ws.db.read.all<{ method: string; before: string; after: string; reason: string | null }>(
    "SELECT method, before, after, reason FROM audit_log WHERE method = 'settings.update' ORDER BY id",
  );
}

describe('workspace settings', () => {
  it('default to LAN access off and the default retention', async () => {
    const t = await workspace();
    expect(await getSettings(t.ctx.ws.db)).toEqual({ lanAllowed: false, retention: DEFAULT_RETENTION });
    expect(await callApi(t.ctx, 'settings.get', {})).toEqual({ ok: true, data: { lanAllowed: false, retention: DEFAULT_RETENTION } });
  });

  it('an administrator changes them; each change is one audit entry with before and after, and no change writes nothing', async () => {
    const t = await workspace();
    const retention = { keepLatestToday: 5, dailyForDays: 14, monthlyForMonths: 24 };
    expect(await callApi(t.ctx, 'settings.update', { lanAllowed: true, reason: '办公室共用' })).toEqual({
      ok: true,
      data: { lanAllowed: true, retention: DEFAULT_RETENTION },
    });
    expect(await lanAllowed(t.ctx.ws.db)).toBe(true);
    expect(await callApi(t.ctx, 'settings.update', { retention })).toMatchObject({ ok: true, data: { lanAllowed: true, retention } });
    expect(await retentionPolicy(t.ctx.ws.db)).toEqual(retention);
    expect(await callApi(t.ctx, 'settings.update', { lanAllowed: true, retention })).toMatchObject({ ok: true });
    const entries = await audit(t);
    expect(entries).toHaveLength(2);
    expect(JSON.parse(entries[0].before)).toEqual({ lanAllowed: false });
    expect(JSON.parse(entries[0].after)).toEqual({ lanAllowed: true });
    expect(entries[0].reason).toBe('办公室共用');
    expect(JSON.parse(entries[1].after)).toEqual({ retention });
  });

  it('refuses out-of-range retention and other roles, writing nothing', async () => {
    const t = await workspace();
    const bad = await callApi(t.ctx, 'settings.update', { retention: { keepLatestToday: 0, dailyForDays: 30, monthlyForMonths: 500 } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: { 'retention.keepLatestToday': '不能小于 1', 'retention.monthlyForMonths': '不能大于 120' } } });
    const manager = await ctxAs(t.ctx, 'manager');
    expect(await callApi(manager, 'settings.update', { lanAllowed: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await callApi(manager, 'settings.get', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await audit(t)).toEqual([]);
    expect(await lanAllowed(t.ctx.ws.db)).toBe(false);
  });

  it('a stored value that no longer fits counts as the default (LAN stays off)', async () => {
    const t = await workspace();
    await t.ctx.ws.db.write((tx) =>
      tx.run("INSERT INTO settings (key, value, updated_at, updated_by) VALUES ('lan.allowed', '\"yes\"', '2025-01-01', 1), ('backup.retention', '{\"keepLatestToday\":-1}', '2025-01-01', 1)"),
    );
    expect(await getSettings(t.ctx.ws.db)).toEqual({ lanAllowed: false, retention: DEFAULT_RETENTION });
  });
});
