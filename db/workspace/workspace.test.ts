import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyAudit } from '../audit/audit';
import { MIGRATIONS, SCHEMA_VERSION } from '../migrations';
import { Database } from '../sqlite';
import { tempDir } from '../testing';
import { APPLICATION_ID, DB_FILE_NAME, backupsDir, openWorkspace } from './workspace';

const dirs: string[] = [];
function newDir() {
  const d = tempDir();
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Builds a workspace file the way an older SaniDesk (schema `version`) left it, with one street in it. */
async function makeOldWorkspace(dir: string, version: number) {
  const db = await Database.open(join(dir, DB_FILE_NAME));
  await db.write(async (tx) => {
    for (const step of MIGRATIONS.filter((m) => m.version <= version)) await tx.exec(step.sql);
    await tx.run("INSERT INTO meta (key, value) VALUES ('workspace_id', 'old-ws'), ('name', '旧工作区'), ('kind', 'normal')");
    if (version >= 2) {
      await tx.run(
        `INSERT INTO streets (code, name, kind, sort_order, created_at, created_by, updated_at, updated_by)
         VALUES ('330199001', '城关街道', 'subdistrict', 1, '2025-01-01', 1, '2025-01-01', 1)`,
      );
    }
    await tx.exec(`PRAGMA application_id = ${APPLICATION_ID}`);
    await tx.exec(`PRAGMA user_version = ${version}`);
  });
  await db.close();
}

function sha256(file: string) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

describe('openWorkspace', () => {
  it('creates a new workspace at the current schema with the default administrator', async () => {
    const dir = newDir();
    const ws = await openWorkspace(dir);
    const version = await ws.db.read.get<{ user_version: number }>('PRAGMA user_version');
    const admin = await ws.db.read.get<{ login: string; role: string }>('SELECT login, role FROM users WHERE id = 1');
    await ws.db.close();
    expect(version!.user_version).toBe(SCHEMA_VERSION);
    expect(admin).toEqual({ login: 'admin', role: 'admin' });
    expect(ws.kind).toBe('normal');
    expect(ws.migrationBackup).toBeNull();
  });

  it('migrates a workspace made by an older schema after an online backup, keeping its data', async () => {
    const dir = newDir();
    await makeOldWorkspace(dir, 2);
    const ws = await openWorkspace(dir);
    const street = await ws.db.read.get<{ name: string }>('SELECT name FROM streets');
    const toiletsTable = await ws.db.read.get<{ n: number }>("SELECT count(*) AS n FROM sqlite_master WHERE name = 'toilets'");
    const version = await ws.db.read.get<{ user_version: number }>('PRAGMA user_version');
    await ws.db.close();
    expect(version!.user_version).toBe(SCHEMA_VERSION);
    expect(street!.name).toBe('城关街道');
    expect(toiletsTable!.n).toBe(1);
    expect(ws.migrationBackup).not.toBeNull();
    expect(readdirSync(backupsDir(dir)).filter((f) => f.endsWith('.db'))).toHaveLength(1);
    const backup = await Database.open(ws.migrationBackup!, { readonly: true });
    const backupVersion = await backup.read.get<{ user_version: number }>('PRAGMA user_version');
    const backupStreet = await backup.read.get<{ name: string }>('SELECT name FROM streets');
    await backup.close();
    expect(backupVersion!.user_version).toBe(2);
    expect(backupStreet!.name).toBe('城关街道');
  });

  it('migrates every older schema version up to the current one', async () => {
    for (let version = 1; version < SCHEMA_VERSION; version += 1) {
      const dir = newDir();
      await makeOldWorkspace(dir, version);
      const ws = await openWorkspace(dir);
      const tables = await ws.db.read.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
      await ws.db.close();
      expect(tables.map((t) => t.name)).toEqual(
        expect.arrayContaining([
          'audit_log', 'audit_refs', 'communities', 'meta', 'streets', 'toilets', 'users',
          'estates', 'estate_status_decisions', 'estate_tonnage',
          'contractors', 'credit_records', 'contracts', 'contract_contractors', 'bid_sections', 'bid_section_streets',
        ]),
      );
    }
  });

  it('applies all missing steps in one transaction: a failing step leaves the file at its old version', async () => {
    const dir = newDir();
    await makeOldWorkspace(dir, 2);
    // A table in the way of step 3 makes that step fail after nothing else has been applied.
    const db = await Database.open(join(dir, DB_FILE_NAME));
    await db.write((tx) => tx.exec('CREATE TABLE toilets (x INTEGER)'));
    await db.close();
    await expect(openWorkspace(dir)).rejects.toThrow();
    const after = await Database.open(join(dir, DB_FILE_NAME), { readonly: true });
    const version = await after.read.get<{ user_version: number }>('PRAGMA user_version');
    const index = await after.read.get<{ n: number }>("SELECT count(*) AS n FROM sqlite_master WHERE name = 'toilets_code_live'");
    await after.close();
    expect(version!.user_version).toBe(2);
    expect(index!.n).toBe(0);
  });

  it('refuses a workspace written by a newer SaniDesk and leaves the file untouched', async () => {
    const dir = newDir();
    await makeOldWorkspace(dir, SCHEMA_VERSION);
    const db = await Database.open(join(dir, DB_FILE_NAME));
    await db.write((tx) => tx.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 5}`));
    await db.close();
    const before = sha256(join(dir, DB_FILE_NAME));
    await expect(openWorkspace(dir)).rejects.toMatchObject({ code: 'workspace', message: expect.stringContaining('更新版本') });
    expect(sha256(join(dir, DB_FILE_NAME))).toBe(before);
    expect(existsSync(backupsDir(dir))).toBe(false);
  });

  it('refuses a file that is not SQLite, and a SQLite file of another program', async () => {
    const notSqlite = newDir();
    writeFileSync(join(notSqlite, DB_FILE_NAME), 'PK\u0003\u0004 this is a zip, not a database'.repeat(10));
    await expect(openWorkspace(notSqlite)).rejects.toMatchObject({ code: 'workspace', message: expect.stringContaining('不是 SaniDesk 工作区') });

    const foreign = newDir();
    const db = await Database.open(join(foreign, DB_FILE_NAME));
    await db.write((tx) => tx.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY)'));
    await db.close();
    await expect(openWorkspace(foreign)).rejects.toMatchObject({ code: 'workspace', message: expect.stringContaining('其他程序') });
  });

  it('starts its audit chain empty and valid', async () => {
    const dir = newDir();
    const ws = await openWorkspace(dir);
    const result = await verifyAudit(ws.db);
    await ws.db.close();
    expect(result).toEqual({ ok: true, entries: 0, firstBroken: null });
  });
});
