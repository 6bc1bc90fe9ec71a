/**
 * Restoring a backup: the file is checked first (a SaniDesk workspace, `integrity_check` ok, not from a
 * newer SaniDesk), the current state is backed up so the restore can be undone, then the backup API copies
 * the file INTO the live database, older schemas are migrated, and the audit log records the restore.
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { appendAudit } from '../audit/audit';
import type { Ctx } from '../context';
import { ApiError } from '../errors';
import { SCHEMA_VERSION } from '../migrations';
import { Database } from '../sqlite';
import { defaultOperator, getUser } from '../users/users';
import { APPLICATION_ID, backupsDir, DB_FILE_NAME, fileTimestamp } from '../workspace/paths';
import { migrateWorkspace, openWorkspace, workspaceMeta, type Workspace } from '../workspace/workspace';
import { createBackup, inspectBackupFile, type BackupEntry } from './backup';
import { workspaceFileProblem } from './diagnose';

export interface RestoreResult {
  /** The file restored (absolute path). */
  restored: string;
  /** Schema version of the restored file before any migration. */
  restoredSchemaVersion: number;
  /** The backup of the state before the restore (null when the live file was damaged and set aside). */
  preRestoreBackup: BackupEntry | null;
  /** Where a damaged workspace file was moved before the restore, if it was. */
  damagedFile: string | null;
}

/** Refuses a file that is not a healthy SaniDesk workspace this version can open; returns its schema version. */
export async function assertRestorable(file: string): Promise<number> {
  if (!existsSync(file)) throw new ApiError('not_found', `备份文件 ${file} 不存在。请用“备份列表”(npm run cli -- backups --data 目录)查看可恢复的备份。`);
  const info = await inspectBackupFile(file, 'integrity_check');
  if (info.applicationId !== APPLICATION_ID) {
    const why = info.problems ? `无法读取(${info.problems[0]})` : '它是其他程序的文件';
    throw new ApiError('workspace', `${file} 不是 SaniDesk 工作区的备份:${why}。请选择 backups 文件夹中的 .db 备份文件。`);
  }
  if (info.problems) {
    throw new ApiError('workspace', `备份 ${file} 未通过完整性检查(${info.problems.slice(0, 3).join(';')}),不能用于恢复。请选择另一份较早的备份。`);
  }
  if (info.schemaVersion > SCHEMA_VERSION) {
    throw new ApiError(
      'workspace',
      `备份 ${file} 由更新版本的 SaniDesk 写入(数据版本 ${info.schemaVersion},本程序只支持到 ${SCHEMA_VERSION})。请升级 SaniDesk 后再恢复。`,
    );
  }
  return info.schemaVersion;
}

/** Migrates a restored older file, refreshes the workspace fields and records the restore in its audit log. */
async function finishRestore(ws: Workspace, actorId: number, result: RestoreResult): Promise<RestoreResult> {
  const { user_version: version } = (await ws.db.read.get<{ user_version: number }>('PRAGMA user_version'))!;
  await migrateWorkspace(ws.db, ws.dir, version);
  Object.assign(ws, await workspaceMeta(ws.db), { schemaVersion: SCHEMA_VERSION });
  // The caller may not exist in an older backup; the restore is then recorded under the default administrator.
  const actor = (await getUser(ws.db, actorId)) ?? (await defaultOperator(ws.db));
  await ws.db.write((tx) =>
    appendAudit(tx, actor, {
      method: 'backup.restore',
      entity: 'workspace',
      entityId: null,
      after: {
        restored: result.restored,
        restoredSchemaVersion: result.restoredSchemaVersion,
        preRestoreBackup: result.preRestoreBackup?.path ?? null,
        damagedFile: result.damagedFile,
      },
    }),
  );
  return result;
}

/** Restores `file` into the open workspace `ctx.ws` (same connection; `ctx.ws` is updated in place). */
export async function restoreBackup(ctx: Ctx, file: string): Promise<RestoreResult> {
  const restored = resolve(file);
  // Progress for the status bar: the three steps that take time on a large workspace.
  const step = (done: number, label: string) => ctx.progress?.({ job: 'backups.restore', label, done, total: 3 });
  step(0, '检查备份');
  const restoredSchemaVersion = await assertRestorable(restored);
  step(1, '备份恢复前的状态');
  const preRestoreBackup = await createBackup(ctx.ws, 'restore');
  step(2, '恢复备份');
  await ctx.ws.db.restoreFrom(restored);
  const result = await finishRestore(ctx.ws, ctx.user.id, { restored, restoredSchemaVersion, preRestoreBackup, damagedFile: null });
  step(3, '恢复完成');
  return result;
}

/**
 * Restores `file` into the workspace folder `dir`, also when its file cannot be opened (damaged, unreadable,
 * foreign or empty, db/backup/diagnose.ts): that file (and its -wal/-shm) is then moved into `backups/` as
 * `<time>-damaged.db` — kept, never deleted — and the backup is copied into a new file with the backup API.
 * Returns the open workspace and what was done.
 */
export async function restoreWorkspace(dir: string, file: string): Promise<{ ws: Workspace; result: RestoreResult }> {
  if (await workspaceFileProblem(dir)) {
    const restored = resolve(file);
    const restoredSchemaVersion = await assertRestorable(restored);
    const live = join(dir, DB_FILE_NAME);
    mkdirSync(backupsDir(dir), { recursive: true });
    const damagedFile = join(backupsDir(dir), `${fileTimestamp()}-damaged.db`);
    for (const suffix of ['', '-wal', '-shm']) {
      if (existsSync(live + suffix)) renameSync(live + suffix, damagedFile + suffix);
    }
    const fresh = await Database.open(live);
    try {
      await fresh.restoreFrom(restored);
    } finally {
      await fresh.close();
    }
    const reopened = await openWorkspace(dir, { create: false });
    const result = await finishRestore(reopened, (await defaultOperator(reopened.db)).id, {
      restored,
      restoredSchemaVersion,
      preRestoreBackup: null,
      damagedFile,
    });
    return { ws: reopened, result };
  }
  const ws = await openWorkspace(dir, { create: false });
  try {
    return { ws, result: await restoreBackup({ ws, user: await defaultOperator(ws.db) }, file) };
  } catch (err) {
    await ws.db.close();
    throw err;
  }
}
