import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { callApi } from '../api';
import { SessionStore } from '../users/sessions';
import { testWorkspace, userWithRole, type TestWorkspace } from '../testing';
import { backupsDir } from '../workspace/workspace';

const open: TestWorkspace[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});

describe('backups.* methods', () => {
  it('creates, lists and restores a backup by name; refuses any path outside backups/', async () => {
    const t = await testWorkspace();
    open.push(t);
    const created = await callApi(t.ctx, 'backups.create', {});
    expect(created).toMatchObject({ ok: true, data: { backup: { reason: 'manual', integrity: 'ok', inFolder: true } } });
    const listed = await callApi(t.ctx, 'backups.list', {});
    expect(listed).toMatchObject({ ok: true, data: { folder: backupsDir(t.dir) } });
    const file = (listed as { data: { backups: { file: string }[] } }).data.backups[0].file;
    expect(await callApi(t.ctx, 'backups.restore', { file })).toMatchObject({ ok: true, data: { preRestoreBackup: { reason: 'restore' } } });

    for (const bad of ['../sanidesk.db', join(t.dir, 'sanidesk.db'), `sub/../../${file}`, '/etc/passwd', 'manifest.json', join(backupsDir(t.dir), '..', 'x.db')]) {
      expect(await callApi(t.ctx, 'backups.restore', { file: bad })).toMatchObject({ ok: false, error: { code: 'validation' } });
    }
  });

  it('backups.create reports its steps as progress and prunes with the retention setting', async () => {
    const t = await testWorkspace();
    open.push(t);
    for (let i = 0; i < 3; i += 1) expect((await callApi(t.ctx, 'backups.create', {})).ok).toBe(true);
    expect(await callApi(t.ctx, 'settings.update', { retention: { keepLatestToday: 1, dailyForDays: 0, monthlyForMonths: 0 } })).toMatchObject({ ok: true });
    const events: { done: number; total: number }[] = [];
    const created = await callApi({ ...t.ctx, progress: (e) => events.push(e) }, 'backups.create', {});
    expect(created).toMatchObject({ ok: true, data: { pruned: 3 } });
    expect(events.map((e) => `${e.done}/${e.total}`)).toEqual(['0/2', '1/2', '2/2']);
    expect((await callApi(t.ctx, 'backups.list', {})) as { data: { backups: unknown[] } }).toMatchObject({ data: { backups: [expect.anything()] } });
  });

  it('backups.restore logs every user out, the caller included', async () => {
    const t = await testWorkspace({ demo: true });
    open.push(t);
    const store = new SessionStore(t.ctx.ws.db);
    const mine = store.open(t.ctx.user.id);
    store.open((await userWithRole(t.ctx, 'clerk')).id);
    const created = (await callApi(t.ctx, 'backups.create', {})) as { data: { backup: { file: string } } };
    const restored = await callApi({ ...t.ctx, session: { store, id: mine } }, 'backups.restore', { file: created.data.backup.file });
    expect(restored).toMatchObject({ ok: true, data: { loggedOut: 2 } });
    expect(store.size).toBe(0);
  });
});
