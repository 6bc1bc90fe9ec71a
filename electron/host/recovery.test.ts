/**
 * Recovery mode of the headless console, started as `npm run cli -- serve` starts it (startConsoleHost): a
 * truncated workspace with a good backup starts the host instead of failing; only the operator (start token, this
 * PC) may call the recovery methods, only while the host is in recovery, and only with a backup of the workspace's
 * own folder; after the restore the host serves the workspace and users log in as usual.
 */
import { mkdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackup, type BackupEntry } from '../../db/backup/backup';
import { loadDemoDistrict } from '../../db/demo/demo';
import { tempDir } from '../../db/testing';
import { defaultOperator } from '../../db/users/users';
import { DB_FILE_NAME, openWorkspace, type Workspace } from '../../db/workspace/workspace';
import { startConsoleHost, type ConsoleHost } from './open-workspace';

const TOKEN = 'recovery-token';
let rendererDir: string;
const dirs: string[] = [];
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

beforeAll(() => {
  rendererDir = tempDir('sanidesk-renderer-');
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>环卫台账与考评</title>');
});
afterAll(() => {
  for (const dir of [rendererDir, ...dirs]) rmSync(dir, { recursive: true, force: true });
});

/** A demo workspace with a checked backup (or none), closed and then truncated to half its size. */
async function truncatedWorkspace(withBackup = true): Promise<{ dir: string; backup: BackupEntry | null }> {
  const dir = tempDir('sanidesk-recovery-host-');
  dirs.push(dir);
  const ws = await openWorkspace(dir);
  await loadDemoDistrict({ ws, user: await defaultOperator(ws.db) });
  const backup = withBackup ? await createBackup(ws, 'manual') : null;
  await ws.db.close();
  const file = join(dir, DB_FILE_NAME);
  truncateSync(file, Math.floor(statSync(file).size / 2));
  return { dir, backup };
}

async function post(base: string, method: string, body: unknown, headers: Record<string, string> = { 'X-SaniDesk-Token': TOKEN }) {
  const res = await fetch(`${base}/api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { ok: boolean; data?: any; error?: { code: string; message: string } } };
}

describe('a truncated workspace with a good backup', () => {
  let console_: ConsoleHost;
  let backup: BackupEntry;
  let dir: string;
  const opened: Array<{ ws: Workspace; recovered: boolean }> = [];

  beforeAll(async () => {
    const made = await truncatedWorkspace();
    dir = made.dir;
    backup = made.backup!;
    // Asked for the LAN: recovery stays on this PC (the LAN setting is inside the unreadable file).
    console_ = await startConsoleHost({
      dir,
      rendererDir,
      token: TOKEN,
      host: '0.0.0.0',
      onOpened: (ws, how) => {
        opened.push({ ws, recovered: how.recovered !== null });
      },
    });
  });
  afterAll(() => console_.close());

  it('starts in recovery mode on 127.0.0.1 and says what is wrong to every contract call', async () => {
    expect(console_.recovery).toMatchObject({ kind: 'damaged', backups: [{ file: backup.file, checked: 'now' }] });
    expect(console_.lanRefusedForRecovery).toBe(true);
    expect(console_.host.lan).toBe(false);
    expect(console_.workspace()).toBeNull();
    expect(opened).toEqual([]);
    const status = await post(console_.host.url, 'auth.status', {});
    expect(status.status).toBe(503);
    expect(status.body.error).toEqual({ code: 'workspace', message: expect.stringContaining('工作区文件已损坏') });
    expect((await fetch(`${console_.host.url}/`)).status).toBe(200);
  });

  it('answers the recovery methods to the operator only', async () => {
    expect((await post(console_.host.url, 'recovery.status', {}, {})).status).toBe(401);
    expect((await post(console_.host.url, 'recovery.status', {}, { 'X-SaniDesk-Token': 'guess' })).status).toBe(401);
    expect(await post(console_.host.url, 'recovery.status', {})).toMatchObject({
      status: 200,
      body: { ok: true, data: { kind: 'damaged', file: join(dir, DB_FILE_NAME), backups: [{ file: backup.file, sizeBytes: backup.sizeBytes }] } },
    });
  });

  it('restores only a backup it offered from the workspace\'s own folder', async () => {
    for (const file of ['../sanidesk.db', join(dir, DB_FILE_NAME), '/etc/passwd', backup.path.replace('.db', '-other.db')]) {
      const refused = await post(console_.host.url, 'recovery.restore', { file });
      expect({ file, status: refused.status, code: refused.body.error?.code }).toEqual({ file, status: 422, code: 'validation' });
    }
    expect(console_.workspace()).toBeNull();
  });

  it('restores the backup, keeps the damaged file, then serves the workspace behind the usual login', async () => {
    const restored = await post(console_.host.url, 'recovery.restore', { file: backup.file });
    expect(restored).toMatchObject({ status: 200, body: { ok: true, data: { restored: { file: backup.file }, damagedFile: expect.stringMatching(/-damaged\.db$/) } } });
    expect(opened).toEqual([{ ws: console_.workspace(), recovered: true }]);

    expect(await post(console_.host.url, 'auth.status', {})).toMatchObject({ status: 200, body: { data: { user: null } } });
    expect((await post(console_.host.url, 'toilets.list', {})).status).toBe(401);
    const login = await post(console_.host.url, 'auth.login', { login: 'admin', password: 'demo1234' });
    const session = { 'X-SaniDesk-Token': TOKEN, 'X-SaniDesk-Session': login.body.data.session as string };
    expect(await post(console_.host.url, 'toilets.get', { id: 1 }, session)).toMatchObject({ status: 200, body: { data: { id: 1 } } });
    // Recovery is over: its methods are gone.
    expect((await post(console_.host.url, 'recovery.status', {}, session)).body.error?.code).toBe('unknown_method');
    expect((await post(console_.host.url, 'recovery.restore', { file: backup.file }, session)).body.error?.code).toBe('unknown_method');
  });
});

describe('startConsoleHost', () => {
  it.runIf(lanAddress)('binds loopback only: a PC of the LAN cannot even connect to a host in recovery', async () => {
    const { dir } = await truncatedWorkspace();
    const started = await startConsoleHost({ dir, rendererDir, token: TOKEN, host: '127.0.0.1' });
    try {
      // Bound to loopback: a LAN address cannot even connect.
      await expect(fetch(`http://${lanAddress}:${started.host.port}/api/recovery.status`, { method: 'POST' })).rejects.toThrow();
    } finally {
      await started.close();
    }
  });

  it('fails with the damage message when no good backup exists, and serves a healthy workspace as usual', async () => {
    const { dir } = await truncatedWorkspace(false);
    await expect(startConsoleHost({ dir, rendererDir, token: TOKEN })).rejects.toMatchObject({ code: 'workspace', message: expect.stringContaining('没有找到可用的备份') });

    const healthy = tempDir('sanidesk-recovery-host-');
    dirs.push(healthy);
    const started = await startConsoleHost({ dir: healthy, rendererDir, token: TOKEN });
    try {
      expect(started.recovery).toBeNull();
      expect(started.workspace()).not.toBeNull();
      expect((await post(started.host.url, 'recovery.status', {})).status).toBe(404);
    } finally {
      await started.close();
    }
  });

  it('treats an emptied workspace file beside good backups as lost, not as a new workspace', async () => {
    const { dir, backup } = await truncatedWorkspace();
    writeFileSync(join(dir, DB_FILE_NAME), '');
    const started = await startConsoleHost({ dir, rendererDir, token: TOKEN });
    try {
      expect(started.recovery).toMatchObject({ kind: 'empty', backups: [{ file: backup!.file }] });
    } finally {
      await started.close();
    }
  });
});
