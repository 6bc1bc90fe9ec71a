import { existsSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDemoDistrict } from '../demo/demo';
import { SCHEMA_VERSION } from '../migrations';
import { Database } from '../sqlite';
import { tempDir } from '../testing';
import { defaultOperator } from '../users/users';
import { DB_FILE_NAME, openWorkspace } from '../workspace/workspace';
import { createBackup } from './backup';
import { findRecovery, WorkspaceRecovery } from './recovery';
import { rmSync } from 'node:fs';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A demo workspace with one manual backup, closed, then `damage` done to its file. */
async function damaged(damage: (file: string) => void, backup = true) {
  const dir = tempDir('sanidesk-recovery-');
  dirs.push(dir);
  const ws = await openWorkspace(dir);
  await loadDemoDistrict({ ws, user: await defaultOperator(ws.db) });
  const good = backup ? await createBackup(ws, 'manual') : null;
  await ws.db.close();
  damage(join(dir, DB_FILE_NAME));
  return { dir, good };
}

const truncate = (file: string) => truncateSync(file, Math.floor(statSync(file).size / 2));

describe('findRecovery', () => {
  it('offers the newest good backup for a truncated, an overwritten, a foreign and an empty file', async () => {
    const cases: Array<[string, (file: string) => void | Promise<void>, RegExp]> = [
      ['damaged', truncate, /已损坏/],
      ['unreadable', (file) => writeFileSync(file, 'PK\u0003\u0004 not a database'.repeat(50)), /无法读取/],
      ['empty', (file) => writeFileSync(file, ''), /0 字节/],
    ];
    for (const [kind, damage, message] of cases) {
      const { dir, good } = await damaged(damage as (file: string) => void);
      const info = await findRecovery(dir);
      expect(info, kind).toMatchObject({ kind, file: join(dir, DB_FILE_NAME), message: expect.stringMatching(message) });
      expect(info!.backups[0]).toMatchObject({ file: good!.file, reason: 'manual', reasonLabel: '手动备份', checked: 'now', sizeBytes: good!.sizeBytes });
    }
    const foreign = await damaged(() => undefined);
    rmSync(join(foreign.dir, DB_FILE_NAME));
    const other = await Database.open(join(foreign.dir, DB_FILE_NAME));
    await other.write((tx) => tx.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY)'));
    await other.close();
    expect(await findRecovery(foreign.dir)).toMatchObject({ kind: 'foreign', message: expect.stringContaining('其他程序的数据库') });
  });

  it('offers nothing for a healthy file, a newer SaniDesk file, or when no backup is good', async () => {
    const healthy = await damaged(() => undefined);
    expect(await findRecovery(healthy.dir)).toBeNull();

    const newer = await damaged(() => undefined);
    const db = await Database.open(join(newer.dir, DB_FILE_NAME));
    await db.write((tx) => tx.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`));
    await db.close();
    expect(await findRecovery(newer.dir)).toBeNull();

    const noBackup = await damaged(truncate, false);
    expect(await findRecovery(noBackup.dir)).toBeNull();

    // The only backup damaged too: nothing to offer.
    const both = await damaged(truncate);
    truncate(both.good!.path);
    expect(await findRecovery(both.dir)).toBeNull();
  });
});

describe('WorkspaceRecovery', () => {
  it('answers status, refuses names it did not offer, restores the offered backup and keeps the damaged file', async () => {
    const { dir, good } = await damaged(truncate);
    const recovery = new WorkspaceRecovery((await findRecovery(dir))!);
    expect((await recovery.call('recovery.status', {})).result).toMatchObject({ ok: true, data: { kind: 'damaged', backups: [{ file: good!.file }] } });
    for (const file of ['../sanidesk.db', join(dir, DB_FILE_NAME), '/etc/passwd', 'manifest.json']) {
      expect((await recovery.call('recovery.restore', { file })).result, file).toMatchObject({ ok: false, error: { code: 'validation' } });
    }
    expect((await recovery.call('recovery.restore', { file: 5 })).result).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: { file: '应为文字' } } });
    expect((await recovery.call('recovery.explode', {})).result).toMatchObject({ ok: false, error: { code: 'unknown_method' } });

    const [first, second] = await Promise.all([recovery.call('recovery.restore', { file: good!.file }), recovery.call('recovery.restore', { file: good!.file })]);
    expect(second).toBe(first); // a double click waits for the one restore
    expect(first.result).toMatchObject({ ok: true, data: { restored: { file: good!.file }, damagedFile: expect.stringMatching(/-damaged\.db$/) } });
    const ws = first.opened!.ws;
    try {
      expect(existsSync(first.opened!.result.damagedFile!)).toBe(true);
      expect((await ws.db.read.get<{ n: number }>('SELECT count(*) AS n FROM toilets'))!.n).toBe(150);
      const restoreAudit = await ws.db.read.get<{ method: string }>("SELECT method FROM audit_log WHERE method = 'backup.restore'");
      expect(restoreAudit).toBeDefined();
      expect((await recovery.call('recovery.restore', { file: good!.file })).result).toMatchObject({ ok: false, error: { code: 'conflict' } });
    } finally {
      await ws.db.close();
    }
  });
});
