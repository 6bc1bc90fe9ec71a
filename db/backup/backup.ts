/**
 * Backups of a workspace: SQLite's online backup API (never a file copy of the live database) into
 * `backups/`, each copy checked with `integrity_check` before it counts, and recorded in
 * `backups/manifest.json` with its time, reason, size, schema version and audit length. Retention keeps
 * the last several of today, one a day for a month and one a month for a year.
 */
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { ApiError } from '../errors';
import { Database } from '../sqlite';
import { APPLICATION_ID, backupsDir, fileTimestamp } from '../workspace/paths';

export type BackupReason = 'scheduled' | 'migration' | 'import' | 'restore' | 'manual';
export const BACKUP_REASONS: readonly BackupReason[] = ['scheduled', 'migration', 'import', 'restore', 'manual'];

export const REASON_LABELS: Record<BackupReason, string> = {
  scheduled: '定时备份',
  migration: '升级前备份',
  import: '导入前备份',
  restore: '恢复前备份',
  manual: '手动备份',
};

/** One line of `backups/manifest.json`. `file` is a name inside `backups/`, or an absolute path (`--out`). */
export interface BackupRecord {
  file: string;
  createdAt: string;
  reason: BackupReason;
  sizeBytes: number;
  schemaVersion: number;
  integrity: 'ok';
  auditEntries: number;
}

/** A backup as listed: the manifest's record (or what a file written before the manifest says about itself). */
export interface BackupEntry extends Omit<BackupRecord, 'integrity'> {
  /** Absolute path of the file. */
  path: string;
  /** 'unchecked' for a file found in the folder without a manifest record (written by an older SaniDesk). */
  integrity: 'ok' | 'unchecked';
  /** Inside the workspace's `backups/` folder: only these are pruned, and only these can be restored from the console. */
  inFolder: boolean;
  /** The reason in words (REASON_LABELS), for screens that cannot import this module. */
  reasonLabel: string;
}

export const MANIFEST_NAME = 'manifest.json';

/** What a backup file says about itself. `problems` is null when the requested check passed. */
export interface BackupFileInfo {
  applicationId: number;
  schemaVersion: number;
  auditEntries: number;
  /** Tables in the file (0 for a new, empty SQLite file). */
  tables: number;
  problems: string[] | null;
}

/**
 * Opens `file` read-only and reads its version, application id and audit length, running `check` on it.
 * A file SQLite cannot read at all comes back with the reason in `problems`.
 */
export async function inspectBackupFile(file: string, check: 'integrity_check' | 'quick_check' | null): Promise<BackupFileInfo> {
  // Filled as far as the file can be read: a truncated SaniDesk file still says whose it is before it fails.
  const info: BackupFileInfo = { applicationId: 0, schemaVersion: 0, auditEntries: 0, tables: 0, problems: null };
  let db: Database | null = null;
  try {
    db = await Database.open(file, { readonly: true });
    info.schemaVersion = (await db.read.get<{ user_version: number }>('PRAGMA user_version'))!.user_version;
    info.applicationId = (await db.read.get<{ application_id: number }>('PRAGMA application_id'))!.application_id;
    info.tables = (await db.read.get<{ n: number }>("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'"))!.n;
    const hasAudit = await db.read.get("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'");
    info.auditEntries = hasAudit ? (await db.read.get<{ n: number }>('SELECT count(*) AS n FROM audit_log'))!.n : 0;
    if (check) {
      const rows = await db.read.all<Record<string, string>>(`PRAGMA ${check}`);
      const lines = rows.map((r) => String(Object.values(r)[0]));
      if (!(lines.length === 1 && lines[0] === 'ok')) info.problems = lines;
    }
    return info;
  } catch (err) {
    return { ...info, problems: [(err as Error).message] };
  } finally {
    await db?.close().catch(() => undefined);
  }
}

function manifestPath(dir: string): string {
  return join(backupsDir(dir), MANIFEST_NAME);
}

function readManifest(dir: string): BackupRecord[] {
  const file = manifestPath(dir);
  if (!existsSync(file)) return [];
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return Array.isArray(parsed) ? (parsed as BackupRecord[]) : [];
  } catch {
    // An unreadable manifest loses only the descriptions: listBackups still finds the files themselves.
    return [];
  }
}

/** Manifest updates of one folder run one after another, each a read-modify-write written via tmp + rename. */
const manifestQueues = new Map<string, Promise<unknown>>();

function updateManifest(dir: string, change: (records: BackupRecord[]) => BackupRecord[]): Promise<void> {
  const key = resolve(dir);
  const run = async () => {
    const file = manifestPath(dir);
    const tmp = `${file}.${randomUUID()}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(change(readManifest(dir)), null, 2)}\n`);
    renameSync(tmp, file);
  };
  const previous = manifestQueues.get(key) ?? Promise.resolve();
  const result = previous.then(run, run);
  manifestQueues.set(key, result.catch(() => undefined));
  return result;
}

function recordPath(dir: string, file: string): string {
  return isAbsolute(file) ? file : join(backupsDir(dir), file);
}

function isInFolder(dir: string, path: string): boolean {
  return dirname(resolve(path)) === resolve(backupsDir(dir));
}

/**
 * A `.db` file directly inside the workspace's `backups/` folder, given by name (or a path that resolves there);
 * anything else — another folder, `..`, the live workspace, the manifest — is refused. The console restores only
 * from here: a path typed by a user must not make the host read an arbitrary file.
 */
export function backupFileInFolder(dir: string, file: string): string {
  const folder = resolve(backupsDir(dir));
  const path = resolve(folder, file);
  const rel = relative(folder, path);
  if (!rel || rel.startsWith('..') || isAbsolute(rel) || rel.includes('/') || rel.includes('\\') || !path.endsWith('.db')) {
    throw new ApiError(
      'validation',
      `只能恢复本工作区 backups 文件夹(${folder})中的 .db 备份;“${file}”不在其中。其他位置的备份请用命令行 npm run cli -- restore 文件 --data 目录。`,
      { file: '请从备份列表中选择' },
    );
  }
  return path;
}

function uniqueName(folder: string, stem: string): string {
  let name = `${stem}.db`;
  for (let n = 2; existsSync(join(folder, name)); n += 1) name = `${stem}-${n}.db`;
  return name;
}

export interface CreateBackupOptions {
  /** Write the backup here instead of into `backups/` (recorded in the manifest by its absolute path). */
  out?: string;
  /** Added to the file name after the reason, e.g. the ledger of an import (letters, digits, `-`, `_`). */
  label?: string;
}

/**
 * Takes an online backup of `ws.db`, checks it with `integrity_check` (a copy that fails is deleted and
 * refused) and records it in the manifest. The file is `backups/<time>-<reason>[-label].db`, or `out`.
 */
export async function createBackup(
  ws: { dir: string; db: Database },
  reason: BackupReason,
  options: CreateBackupOptions = {},
): Promise<BackupEntry> {
  const folder = backupsDir(ws.dir);
  mkdirSync(folder, { recursive: true });
  const tmp = join(folder, `.tmp-${randomUUID()}.db`);
  try {
    await ws.db.backupTo(tmp);
    const info = await inspectBackupFile(tmp, 'integrity_check');
    if (info.problems) {
      throw new ApiError(
        'workspace',
        `备份未通过完整性检查(${info.problems.slice(0, 3).join(';')}),这份备份已删除。当前工作区文件可能已损坏:请运行 npm run cli -- check --data ${ws.dir} 检查,必要时从较早的完好备份恢复。`,
      );
    }
    const createdAt = new Date();
    let path: string;
    if (options.out) {
      path = resolve(options.out);
      mkdirSync(dirname(path), { recursive: true });
      copyFileSync(tmp, path);
    } else {
      const label = options.label ? `-${options.label.replace(/[^\w-]/g, '_')}` : '';
      path = join(folder, uniqueName(folder, `${fileTimestamp(createdAt)}-${reason}${label}`));
      renameSync(tmp, path);
    }
    const record: BackupRecord = {
      file: options.out ? path : basename(path),
      createdAt: createdAt.toISOString(),
      reason,
      sizeBytes: statSync(path).size,
      schemaVersion: info.schemaVersion,
      integrity: 'ok',
      auditEntries: info.auditEntries,
    };
    await updateManifest(ws.dir, (records) => [...records, record]);
    return { ...record, path, inFolder: isInFolder(ws.dir, path), reasonLabel: REASON_LABELS[reason] };
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** Deletes a backup nobody needs (an import that wrote nothing) and its manifest record. */
export async function discardBackup(dir: string, path: string): Promise<void> {
  rmSync(path, { force: true });
  await updateManifest(dir, (records) => records.filter((r) => resolve(recordPath(dir, r.file)) !== resolve(path)));
}

/** The reason a file in `backups/` without a manifest record was written, from its name. */
function reasonFromName(name: string): BackupReason | null {
  if (name.startsWith('before-migration-')) return 'migration';
  if (name.startsWith('before-import-')) return 'import';
  const match = /^\d{4}-\d\d-\d\dT[\d-]+Z-([a-z]+)/.exec(name);
  return match && (BACKUP_REASONS as readonly string[]).includes(match[1]) ? (match[1] as BackupReason) : null;
}

/**
 * Every backup of the workspace in `dir`, newest first: the manifest's records whose files still exist, and
 * backup files in the folder the manifest does not know (written before it existed), read from the file.
 */
export async function listBackups(dir: string): Promise<BackupEntry[]> {
  const listed: BackupEntry[] = readManifest(dir)
    .map((r) => {
      const path = recordPath(dir, r.file);
      return { ...r, path, inFolder: isInFolder(dir, path), reasonLabel: REASON_LABELS[r.reason] ?? r.reason };
    })
    .filter((r) => existsSync(r.path));
  const known = new Set(listed.map((r) => resolve(r.path)));
  const folder = backupsDir(dir);
  const files = existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('.db')) : [];
  for (const name of files) {
    const path = join(folder, name);
    const reason = reasonFromName(name);
    if (!reason || known.has(resolve(path))) continue;
    const info = await inspectBackupFile(path, null);
    if (info.problems || info.applicationId !== APPLICATION_ID) continue;
    const stat = statSync(path);
    listed.push({
      file: name,
      path,
      createdAt: stat.mtime.toISOString(),
      reason,
      sizeBytes: stat.size,
      schemaVersion: info.schemaVersion,
      integrity: 'unchecked',
      auditEntries: info.auditEntries,
      inFolder: true,
      reasonLabel: REASON_LABELS[reason],
    });
  }
  return listed.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** The newest backup that is a SaniDesk file and passes `quick_check` now, or null. */
export async function newestGoodBackup(dir: string): Promise<BackupEntry | null> {
  for (const entry of await listBackups(dir)) {
    const info = await inspectBackupFile(entry.path, 'quick_check');
    if (!info.problems && info.applicationId === APPLICATION_ID) return entry;
  }
  return null;
}

export interface RetentionPolicy {
  /** How many of today's backups to keep, newest first. */
  keepLatestToday: number;
  /** The newest backup of each of this many days (today included). */
  dailyForDays: number;
  /** The newest backup of each of this many calendar months (this month included). */
  monthlyForMonths: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { keepLatestToday: 10, dailyForDays: 30, monthlyForMonths: 12 };

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole local calendar days from `a` back to `b` (0 = same day; negative when `b` is after `a`). */
function daysBetween(a: Date, b: Date): number {
  const dayA = Date.UTC(a.getFullYear(), a.getMonth(), a.getDate());
  const dayB = Date.UTC(b.getFullYear(), b.getMonth(), b.getDate());
  return Math.round((dayA - dayB) / DAY_MS);
}

function monthsBetween(a: Date, b: Date): number {
  return (a.getFullYear() - b.getFullYear()) * 12 + (a.getMonth() - b.getMonth());
}

/**
 * Which backups retention removes (pure: nothing is read or deleted). Kept: the newest `keepLatestToday` of
 * today, the newest of each day for `dailyForDays` days and of each month for `monthlyForMonths` months, the
 * newest backup of all, the newest one a restore made (so the restore can be undone), and anything dated
 * after `now` (a clock that was wrong is no reason to delete).
 */
export function backupsToPrune<T extends { createdAt: string; reason: BackupReason }>(
  records: readonly T[],
  now: Date,
  policy: RetentionPolicy = DEFAULT_RETENTION,
): T[] {
  const newestFirst = [...records].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const keep = new Set<T>();
  if (newestFirst.length) keep.add(newestFirst[0]);
  const lastRestore = newestFirst.find((r) => r.reason === 'restore');
  if (lastRestore) keep.add(lastRestore);
  const days = new Set<number>();
  const months = new Set<number>();
  let today = 0;
  for (const record of newestFirst) {
    const at = new Date(record.createdAt);
    const day = daysBetween(now, at);
    const month = monthsBetween(now, at);
    if (day < 0 || Number.isNaN(day)) {
      keep.add(record);
      continue;
    }
    if (day === 0 && today < policy.keepLatestToday) {
      today += 1;
      keep.add(record);
    }
    if (day < policy.dailyForDays && !days.has(day)) {
      days.add(day);
      keep.add(record);
    }
    if (month < policy.monthlyForMonths && !months.has(month)) {
      months.add(month);
      keep.add(record);
    }
  }
  return newestFirst.filter((r) => !keep.has(r));
}

/**
 * Applies retention to the backups inside `backups/` (files written elsewhere with `--out` are the
 * operator's and are never deleted) and returns what it removed.
 */
export async function pruneBackups(dir: string, policy: RetentionPolicy = DEFAULT_RETENTION, now = new Date()): Promise<BackupEntry[]> {
  const inFolder = (await listBackups(dir)).filter((b) => b.inFolder);
  const pruned = backupsToPrune(inFolder, now, policy);
  for (const entry of pruned) rmSync(entry.path, { force: true });
  const gone = new Set(pruned.map((p) => resolve(p.path)));
  if (gone.size) await updateManifest(dir, (records) => records.filter((r) => !gone.has(resolve(recordPath(dir, r.file)))));
  return pruned;
}
