/**
 * A workspace is one folder holding one SQLite file (`sanidesk.db`) and its `backups/`. Opening it checks
 * that the file is ours, refuses a file written by a newer SaniDesk, and brings an older one up to date:
 * an online backup first, then every missing step in one transaction.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createBackup, newestGoodBackup } from '../backup/backup';
import { ApiError } from '../errors';
import { MIGRATIONS, SCHEMA_VERSION } from '../migrations';
import { Database } from '../sqlite';
import { APPLICATION_ID, DB_FILE_NAME } from './paths';

export { APPLICATION_ID, DB_FILE_NAME, backupsDir } from './paths';
export const APP_VERSION = '0.1.0';

export type WorkspaceKind = 'normal' | 'demo';

export interface Workspace {
  dir: string;
  file: string;
  db: Database;
  id: string;
  name: string;
  kind: WorkspaceKind;
  schemaVersion: number;
  /** Backup written before this open migrated the file, if it did. */
  migrationBackup: string | null;
}

/**
 * The folder the Electron app uses for its default workspace (`app.getPath('userData')/workspace` with the
 * product name SaniDesk), computed without Electron so the headless host and the CLI find the same one.
 */
export function defaultWorkspaceDir(): string {
  if (process.env.SANIDESK_DATA) return process.env.SANIDESK_DATA;
  const home = homedir();
  let base: string;
  if (process.platform === 'win32') base = process.env.APPDATA ?? join(home, 'AppData', 'Roaming');
  else if (process.platform === 'darwin') base = join(home, 'Library', 'Application Support');
  else base = process.env.XDG_CONFIG_HOME ?? join(home, '.config');
  return join(base, 'SaniDesk', 'workspace');
}

function readHeader(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(100);
    readSync(fd, buf, 0, 100, 0);
    return buf;
  } finally {
    closeSync(fd);
  }
}

/** Refuses files that are not SQLite at all before sqlite3 gets to misread them. */
function assertSqliteFile(file: string): void {
  const size = statSync(file).size;
  if (size === 0) return; // an empty file becomes a new workspace
  if (size < 100 || readHeader(file).subarray(0, 16).toString('latin1') !== 'SQLite format 3\0') {
    throw new ApiError('workspace', `文件 ${file} 不是 SaniDesk 工作区(不是 SQLite 数据库,或文件已损坏)。请选择正确的工作区文件夹。`);
  }
}

/** The workspace file is damaged (truncated, overwritten); the message names the newest good backup. */
export class DamagedWorkspaceError extends ApiError {
  constructor(message: string) {
    super('workspace', message);
  }
}

async function damagedMessage(file: string, dir: string, detail: string[]): Promise<string> {
  const shown = detail.slice(0, 3).join(';');
  const backup = await newestGoodBackup(dir);
  const offer = backup
    ? `最新的完好备份是 ${backup.path}(${new Date(backup.createdAt).toLocaleString('zh-CN')} 备份)。` +
      `请关闭 SaniDesk 后运行 npm run cli -- restore "${backup.path}" --data "${dir}" 恢复它;损坏的文件会移到 backups 文件夹保留。`
    : `没有找到可用的备份。请不要删除或覆盖这个文件,把它交给技术人员检查。`;
  return `工作区文件已损坏:${file}(${shown})。${offer}`;
}

/**
 * Checks a file read-only before the writer touches it (opening for writing switches the journal to WAL,
 * which would modify a foreign or newer file).
 */
async function assertOpenable(file: string, dir: string): Promise<void> {
  let probe: Database | null = null;
  try {
    probe = await Database.open(file, { readonly: true });
    const { user_version: version } = (await probe.read.get<{ user_version: number }>('PRAGMA user_version'))!;
    const { application_id: appId } = (await probe.read.get<{ application_id: number }>('PRAGMA application_id'))!;
    const { n: tables } = (await probe.read.get<{ n: number }>("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'"))!;
    if (tables > 0 && appId !== APPLICATION_ID) {
      throw new ApiError('workspace', `文件 ${file} 是其他程序的 SQLite 数据库,不是 SaniDesk 工作区。`);
    }
    if (version > SCHEMA_VERSION) {
      throw new ApiError(
        'workspace',
        `此工作区由更新版本的 SaniDesk 创建(数据版本 ${version},本程序只支持到 ${SCHEMA_VERSION})。请升级 SaniDesk 后再打开;为保护数据,本程序不会修改它。`,
      );
    }
    const check = await probe.read.all<{ quick_check: string }>('PRAGMA quick_check');
    if (!(check.length === 1 && check[0].quick_check === 'ok')) {
      throw new DamagedWorkspaceError(await damagedMessage(file, dir, check.map((r) => r.quick_check)));
    }
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new DamagedWorkspaceError(await damagedMessage(file, dir, [(err as Error).message]));
  } finally {
    await probe?.close().catch(() => undefined);
  }
}

/**
 * Brings `db` from schema `version` up to the current one in one transaction, after a checked backup
 * (version 0 is a new file: it gets its meta rows and application id instead). Returns the backup's path.
 */
export async function migrateWorkspace(db: Database, dir: string, version: number, name?: string): Promise<string | null> {
  if (version >= SCHEMA_VERSION) return null;
  const backup = version > 0 ? await createBackup({ dir, db }, 'migration', { label: `v${version}-to-v${SCHEMA_VERSION}` }) : null;
  await db.write(async (tx) => {
    for (const step of MIGRATIONS.filter((m) => m.version > version)) {
      await tx.exec(step.sql);
    }
    if (version === 0) {
      await tx.run('INSERT INTO meta (key, value) VALUES (?, ?), (?, ?), (?, ?), (?, ?)', [
        'workspace_id',
        randomUUID(),
        'name',
        name ?? '本区环卫台账',
        'kind',
        'normal',
        'created_at',
        new Date().toISOString(),
      ]);
      await tx.exec(`PRAGMA application_id = ${APPLICATION_ID}`);
    }
    await tx.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
  });
  return backup?.path ?? null;
}

/** The workspace fields kept in its `meta` table (re-read after a restore). */
export async function workspaceMeta(db: Database): Promise<Pick<Workspace, 'id' | 'name' | 'kind'>> {
  const meta = await readMeta(db);
  return { id: meta.workspace_id, name: meta.name, kind: meta.kind === 'demo' ? 'demo' : 'normal' };
}

async function readMeta(db: Database): Promise<Record<string, string>> {
  const rows = await db.read.all<{ key: string; value: string }>('SELECT key, value FROM meta');
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

export interface OpenWorkspaceOptions {
  /** Create the folder and an empty workspace when none exists (default true). */
  create?: boolean;
  /** Name recorded in a newly created workspace. */
  name?: string;
}

export async function openWorkspace(dir: string, options: OpenWorkspaceOptions = {}): Promise<Workspace> {
  const file = join(dir, DB_FILE_NAME);
  const exists = existsSync(file);
  if (!exists && options.create === false) {
    throw new ApiError('workspace', `文件夹 ${dir} 中没有 SaniDesk 工作区。`);
  }
  mkdirSync(dir, { recursive: true });
  if (exists) assertSqliteFile(file);

  if (exists) await assertOpenable(file, dir);

  const db = await Database.open(file);
  try {
    const { user_version: version } = (await db.read.get<{ user_version: number }>('PRAGMA user_version'))!;
    const migrationBackup = await migrateWorkspace(db, dir, version, options.name);
    return { dir, file, db, ...(await workspaceMeta(db)), schemaVersion: SCHEMA_VERSION, migrationBackup };
  } catch (err) {
    await db.close();
    throw err;
  }
}

/** Marks the workspace as the demo district (the UI badges it 示例数据). Called inside the demo load. */
export const DEMO_META = { kind: 'demo', name: '示例区(演示数据)' } as const;
