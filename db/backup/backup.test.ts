import { closeSync, copyFileSync, existsSync, openSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { callApi } from '../api';
import { verifyAudit } from '../audit/audit';
import { SCHEMA_VERSION } from '../migrations';
import { Database } from '../sqlite';
import { testWorkspace, type TestWorkspace } from '../testing';
import { backupsDir, DB_FILE_NAME, openWorkspace } from '../workspace/workspace';
import { backupsToPrune, createBackup, listBackups, pruneBackups, type BackupReason } from './backup';
import { restoreBackup, restoreWorkspace } from './restore';

const open: TestWorkspace[] = [];
async function workspace(demo = false) {
  const t = await testWorkspace({ demo });
  open.push(t);
  return t;
}
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});

async function toiletName(db: Database, id: number) {
  return (await db.read.get<{ name: string }>('SELECT name FROM toilets WHERE id = ?', [id]))!.name;
}

describe('createBackup and listBackups', () => {
  it('writes a checked backup named by time and reason, recorded in the manifest', async () => {
    const t = await workspace(true);
    const entry = await createBackup(t.ctx.ws, 'manual');
    expect(entry.file).toMatch(/^\d{4}-\d\d-\d\dT[\d-]+Z-manual\.db$/);
    expect(entry).toMatchObject({ reason: 'manual', integrity: 'ok', schemaVersion: SCHEMA_VERSION, sizeBytes: statSync(entry.path).size });
    expect(entry.auditEntries).toBeGreaterThan(0);
    const manifest = JSON.parse(readFileSync(join(backupsDir(t.dir), 'manifest.json'), 'utf8'));
    expect(manifest).toEqual([{ file: entry.file, createdAt: entry.createdAt, reason: 'manual', sizeBytes: entry.sizeBytes, schemaVersion: SCHEMA_VERSION, integrity: 'ok', auditEntries: entry.auditEntries }]);
    const copy = await Database.open(entry.path, { readonly: true });
    const toilets = (await copy.read.get<{ n: number }>('SELECT count(*) AS n FROM toilets'))!.n;
    await copy.close();
    expect(toilets).toBe(150);
  });

  it('copies to --out, drops records whose files are gone, and lists older before-* files read from the file', async () => {
    const t = await workspace();
    const out = join(t.dir, 'elsewhere', 'copy.db');
    const outEntry = await createBackup(t.ctx.ws, 'manual', { out });
    expect(outEntry.path).toBe(out);
    expect(existsSync(out)).toBe(true);
    const gone = await createBackup(t.ctx.ws, 'scheduled');
    copyFileSync(out, join(backupsDir(t.dir), 'before-import-toilets-2024-01-01T00-00-00-000Z.db'));
    rmSync(gone.path);
    const listed = await listBackups(t.dir);
    expect(listed.map((b) => [b.reason, b.integrity])).toEqual(
      expect.arrayContaining([
        ['manual', 'ok'],
        ['import', 'unchecked'],
      ]),
    );
    expect(listed).toHaveLength(2);
    expect(listed.find((b) => b.reason === 'import')!.schemaVersion).toBe(SCHEMA_VERSION);
  });

  it('routes the import backup through the manifest', async () => {
    const t = await workspace();
    await createBackup(t.ctx.ws, 'import', { label: 'toilets' });
    expect((await listBackups(t.dir))[0].file).toMatch(/-import-toilets\.db$/);
  });
});

describe('retention', () => {
  const at = (y: number, m: number, d: number, h = 12, min = 0) => new Date(y, m - 1, d, h, min).toISOString();
  const rec = (createdAt: string, reason: BackupReason = 'scheduled') => ({ createdAt, reason, file: createdAt });
  const now = new Date(2025, 5, 15, 18, 0);

  it('keeps the last 10 of today, the newest of each day for 30 days and of each month for 12 months', () => {
    const today = Array.from({ length: 14 }, (_, i) => rec(at(2025, 6, 15, 8, i)));
    const yesterday = [rec(at(2025, 6, 14, 9)), rec(at(2025, 6, 14, 17))];
    const lastMonth = [rec(at(2025, 5, 2, 9)), rec(at(2025, 5, 20, 9))]; // 5 May is > 30 days back, 20 May within
    const lastYear = [rec(at(2024, 7, 3)), rec(at(2024, 7, 28)), rec(at(2024, 6, 28))];
    const pruned = backupsToPrune([...today, ...yesterday, ...lastMonth, ...lastYear], now, { keepLatestToday: 10, dailyForDays: 30, monthlyForMonths: 12 });
    const prunedSet = new Set(pruned.map((p) => p.createdAt));
    // today: the 4 oldest go
    expect(today.filter((r) => prunedSet.has(r.createdAt))).toEqual(today.slice(0, 4));
    expect([...prunedSet].filter((p) => yesterday.some((y) => y.createdAt === p))).toEqual([yesterday[0].createdAt]);
    // May: 20 May kept (daily and monthly), 2 May pruned (older than 30 days, not the newest of May)
    expect(prunedSet.has(lastMonth[1].createdAt)).toBe(false);
    expect(prunedSet.has(lastMonth[0].createdAt)).toBe(true);
    // July 2024 is 11 months back: its newest kept; June 2024 is 12 months back: gone
    expect(prunedSet.has(lastYear[1].createdAt)).toBe(false);
    expect(prunedSet.has(lastYear[0].createdAt)).toBe(true);
    expect(prunedSet.has(lastYear[2].createdAt)).toBe(true);
  });

  it('never prunes the newest backup nor the last one a restore made, nor one dated in the future', () => {
    const old = [rec(at(2020, 1, 1)), rec(at(2019, 1, 1, 10), 'restore'), rec(at(2019, 1, 1, 9))];
    const pruned = backupsToPrune(old, now, { keepLatestToday: 0, dailyForDays: 0, monthlyForMonths: 0 });
    expect(pruned.map((p) => p.createdAt)).toEqual([old[2].createdAt]);
    const future = [rec(at(2026, 1, 1)), rec(at(2026, 1, 2)), rec(at(2020, 1, 1))];
    expect(backupsToPrune(future, now, { keepLatestToday: 0, dailyForDays: 0, monthlyForMonths: 0 })).toEqual([future[2]]);
  });

  it('pruneBackups deletes the files and their manifest records, never a file outside backups/', async () => {
    const t = await workspace();
    const out = join(t.dir, 'mine.db');
    await createBackup(t.ctx.ws, 'manual', { out });
    const a = await createBackup(t.ctx.ws, 'scheduled');
    const b = await createBackup(t.ctx.ws, 'scheduled');
    const pruned = await pruneBackups(t.dir, { keepLatestToday: 1, dailyForDays: 0, monthlyForMonths: 0 });
    expect(pruned.map((p) => p.path)).toEqual([a.path]);
    expect(existsSync(a.path)).toBe(false);
    expect(existsSync(out)).toBe(true);
    expect((await listBackups(t.dir)).map((e) => e.path).sort()).toEqual([b.path, out].sort());
  });
});

describe('restoreBackup', () => {
  it('undoes an edit, keeps the edit in the pre-restore backup, and records the restore in a valid audit chain', async () => {
    const t = await workspace(true);
    const original = await toiletName(t.ctx.ws.db, 1);
    const earlier = await createBackup(t.ctx.ws, 'manual');
    const edited = await callApi(t.ctx, 'toilets.update', { id: 1, version: 1, patch: { name: '改过名字的公厕' } });
    expect(edited.ok).toBe(true);

    const result = await restoreBackup(t.ctx, earlier.path);
    expect(await toiletName(t.ctx.ws.db, 1)).toBe(original);
    expect(await verifyAudit(t.ctx.ws.db)).toMatchObject({ ok: true });
    const last = await t.ctx.ws.db.read.get<{ method: string; entity: string; after: string }>('SELECT method, entity, after FROM audit_log ORDER BY id DESC LIMIT 1');
    expect(last).toMatchObject({ method: 'backup.restore', entity: 'workspace' });
    expect(JSON.parse(last!.after)).toMatchObject({ restored: earlier.path, preRestoreBackup: result.preRestoreBackup!.path });

    expect(result.preRestoreBackup!.reason).toBe('restore');
    const before = await Database.open(result.preRestoreBackup!.path, { readonly: true });
    expect(await toiletName(before, 1)).toBe('改过名字的公厕');
    await before.close();

    // The restore itself can be undone.
    await restoreBackup(t.ctx, result.preRestoreBackup!.path);
    expect(await toiletName(t.ctx.ws.db, 1)).toBe('改过名字的公厕');
    expect(await verifyAudit(t.ctx.ws.db)).toMatchObject({ ok: true });
  });

  it('refuses a foreign file, a damaged backup and one from a newer SaniDesk, leaving the workspace alone', async () => {
    const t = await workspace();
    const foreign = join(t.dir, 'foreign.db');
    const f = await Database.open(foreign);
    await f.write((tx) => tx.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY)'));
    await f.close();
    await expect(restoreBackup(t.ctx, foreign)).rejects.toMatchObject({ code: 'workspace', message: expect.stringContaining('不是 SaniDesk 工作区的备份') });

    const newer = await createBackup(t.ctx.ws, 'manual');
    const n = await Database.open(newer.path);
    await n.write((tx) => tx.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`));
    await n.close();
    await expect(restoreBackup(t.ctx, newer.path)).rejects.toMatchObject({ message: expect.stringContaining('更新版本') });

    const text = join(t.dir, 'notes.db');
    writeFileSync(text, 'not a database at all'.repeat(20));
    await expect(restoreBackup(t.ctx, text)).rejects.toMatchObject({ code: 'workspace' });
    await expect(restoreBackup(t.ctx, join(t.dir, 'missing.db'))).rejects.toMatchObject({ code: 'not_found' });
    expect((await listBackups(t.dir)).filter((b) => b.reason === 'restore')).toEqual([]);
  });
});

describe('start-up check', () => {
  async function damagedWorkspace(damage: (file: string) => void) {
    const t = await workspace();
    const { dir, ws } = { dir: t.dir, ws: t.ctx.ws };
    const good = await createBackup(ws, 'manual');
    // Enough rows for several pages, so damage in the middle of the file hits a b-tree page.
    await ws.db.write((tx) => tx.exec("CREATE TABLE filler (x TEXT); WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 2000) INSERT INTO filler SELECT hex(randomblob(64)) FROM s;"));
    await ws.db.close();
    damage(join(dir, DB_FILE_NAME));
    return { dir, good };
  }

  it('a truncated file gives the damage message naming the newest good backup and the restore command', async () => {
    const { dir, good } = await damagedWorkspace((file) => truncateSync(file, Math.floor(statSync(file).size / 2)));
    const error = await openWorkspace(dir).then(
      () => null,
      (err: Error) => err,
    );
    expect(error).toMatchObject({ code: 'workspace', message: expect.stringContaining('工作区文件已损坏') });
    expect(error!.message).toContain(good.path);
    expect(error!.message).toContain(`npm run cli -- restore "${good.path}" --data "${dir}"`);
  });

  it('garbage in the middle of a page is caught, and restoreWorkspace recovers from the offered backup', async () => {
    const { dir, good } = await damagedWorkspace((file) => {
      const pageSize = 4096;
      // A page of the filler table, written last: near the end of the file whatever the schema's size.
      const fillerPage = Math.floor(statSync(file).size / pageSize) - 8;
      const fd = openSync(file, 'r+');
      writeSync(fd, Buffer.alloc(2048, 0xa5), 0, 2048, fillerPage * pageSize + 8);
      closeSync(fd);
    });
    await expect(openWorkspace(dir)).rejects.toMatchObject({ message: expect.stringContaining(good.path) });
    const { ws, result } = await restoreWorkspace(dir, good.path);
    try {
      expect(result.damagedFile).toMatch(/-damaged\.db$/);
      expect(existsSync(result.damagedFile!)).toBe(true);
      expect(await verifyAudit(ws.db)).toMatchObject({ ok: true });
      const check = await ws.db.read.get<{ integrity_check: string }>('PRAGMA integrity_check');
      expect(check!.integrity_check).toBe('ok');
    } finally {
      await ws.db.close();
    }
  });
});
