import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { callApi } from '../api';
import { testWorkspace, type TestWorkspace } from '../testing';
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
    expect(created).toMatchObject({ ok: true, data: { backup: { reason: 'manual', integrity: 'ok' } } });
    const listed = await callApi(t.ctx, 'backups.list', {});
    const file = (listed as { data: { file: string }[] }).data[0].file;
    expect(await callApi(t.ctx, 'backups.restore', { file })).toMatchObject({ ok: true, data: { preRestoreBackup: { reason: 'restore' } } });

    for (const bad of ['../sanidesk.db', join(t.dir, 'sanidesk.db'), `sub/../../${file}`, '/etc/passwd', 'manifest.json', join(backupsDir(t.dir), '..', 'x.db')]) {
      expect(await callApi(t.ctx, 'backups.restore', { file: bad })).toMatchObject({ ok: false, error: { code: 'validation' } });
    }
  });
});
