import { afterEach, describe, expect, it } from 'vitest';
import { callApi } from '../api';
import { DEFAULT_RETENTION } from '../backup/backup';
import { ctxAs, testWorkspace, type TestWorkspace } from '../testing';
import { getSettings, lanAllowed, resourceCoefficients, retentionPolicy, UNSET_COEFFICIENTS } from './settings';

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
    const defaults = { lanAllowed: false, retention: DEFAULT_RETENTION, resourceCoefficients: { incineration: null, kitchen: null, landfill: null } };
    expect(await getSettings(t.ctx.ws.db)).toEqual(defaults);
    expect(await callApi(t.ctx, 'settings.get', {})).toEqual({ ok: true, data: defaults });
  });

  it('an administrator changes them; each change is one audit entry with before and after, and no change writes nothing', async () => {
    const t = await workspace();
    const retention = { keepLatestToday: 5, dailyForDays: 14, monthlyForMonths: 24 };
    expect(await callApi(t.ctx, 'settings.update', { lanAllowed: true, reason: '办公室共用' })).toEqual({
      ok: true,
      data: { lanAllowed: true, retention: DEFAULT_RETENTION, resourceCoefficients: UNSET_COEFFICIENTS },
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
      tx.run(
        "INSERT INTO settings (key, value, updated_at, updated_by) VALUES ('lan.allowed', '\"yes\"', '2025-01-01', 1), ('backup.retention', '{\"keepLatestToday\":-1}', '2025-01-01', 1), ('kpi.resourceCoefficients', '{\"incineration\":1.5,\"kitchen\":0.5,\"landfill\":0}', '2025-01-01', 1)",
      ),
    );
    expect(await getSettings(t.ctx.ws.db)).toEqual({ lanAllowed: false, retention: DEFAULT_RETENTION, resourceCoefficients: UNSET_COEFFICIENTS });
  });

  it('the resource-use coefficients: an administrator sets them with a reason (audited), bounds 0…1, null clears one', async () => {
    const t = await workspace();
    const k = { incineration: 0.85, kitchen: 0.6, landfill: 0 };
    expect(await callApi(t.ctx, 'settings.update', { resourceCoefficients: k, reason: '浙江省资源化利用率统计口径' })).toMatchObject({
      ok: true,
      data: { lanAllowed: false, resourceCoefficients: k },
    });
    // The dashboard reads them through its own read handle, whatever the caller's role.
    expect(await resourceCoefficients(t.ctx.ws.db.read)).toEqual(k);
    const [entry] = await audit(t);
    expect(JSON.parse(entry.before)).toEqual({ resourceCoefficients: UNSET_COEFFICIENTS });
    expect(JSON.parse(entry.after)).toEqual({ resourceCoefficients: k });
    expect(entry.reason).toBe('浙江省资源化利用率统计口径');

    const bad = await callApi(t.ctx, 'settings.update', { resourceCoefficients: { incineration: 1.2, kitchen: -0.1, landfill: null } });
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', fields: { 'resourceCoefficients.incineration': '不能大于 1', 'resourceCoefficients.kitchen': '不能小于 0' } },
    });
    // All three are given: one left out is refused rather than silently cleared.
    expect(await callApi(t.ctx, 'settings.update', { resourceCoefficients: { incineration: 0.5, kitchen: 0.5 } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', fields: { 'resourceCoefficients.landfill': '必填' } },
    });
    const manager = await ctxAs(t.ctx, 'manager');
    expect(await callApi(manager, 'settings.update', { resourceCoefficients: UNSET_COEFFICIENTS })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await resourceCoefficients(t.ctx.ws.db.read)).toEqual(k);
    expect(await audit(t)).toHaveLength(1);

    expect(await callApi(t.ctx, 'settings.update', { resourceCoefficients: { ...k, landfill: null } })).toMatchObject({ ok: true });
    expect(await resourceCoefficients(t.ctx.ws.db.read)).toEqual({ ...k, landfill: null });
  });
});
