/**
 * Recovery mode (issue 7 §2): the workspace file cannot be opened, but backups/ holds a good backup. Instead of
 * refusing to start, a host offers that backup to the operator who started it (the HTTP host's per-start token,
 * Electron's own window) — before any login, since nobody can log in to a damaged file. Two calls exist, and only
 * while the host is in this mode: `recovery.status` (what is wrong, which backups are good) and
 * `recovery.restore` (a backup of this workspace's own backups/ folder, by name — never an arbitrary path).
 * The restore keeps the damaged file aside as backups/<time>-damaged.db and opens the restored workspace.
 */
import { z } from 'zod';
import { schemaErrors, type ApiResult } from '../contract';
import { ApiError } from '../errors';
import { APPLICATION_ID } from '../workspace/paths';
import type { Workspace } from '../workspace/workspace';
import { backupFileInFolder, inspectBackupFile, listBackups, type BackupEntry } from './backup';
import { fileProblemMessage, workspaceFileProblem, type FileProblemKind, type WorkspaceFileProblem } from './diagnose';
import { restoreWorkspace, type RestoreResult } from './restore';

export const RECOVERY_METHODS = ['recovery.status', 'recovery.restore'] as const;
export type RecoveryMethod = (typeof RECOVERY_METHODS)[number];

/** A backup as the recovery screen lists it (a name inside backups/, never a path to pass back). */
export interface RecoveryBackup {
  file: string;
  createdAt: string;
  reason: BackupEntry['reason'];
  reasonLabel: string;
  sizeBytes: number;
  schemaVersion: number;
  /** 'now': passed quick_check at this start; 'ok': passed integrity_check when it was written; 'unchecked': older file. */
  checked: 'now' | 'ok' | 'unchecked';
}

export interface RecoveryInfo {
  dir: string;
  file: string;
  kind: FileProblemKind;
  /** What is wrong, one Chinese sentence. */
  message: string;
  details: string[];
  /** Backups in backups/ that can be offered, newest first; the first one passed quick_check just now. */
  backups: RecoveryBackup[];
}

/** What `recovery.restore` answers. */
export interface RecoveryRestored {
  restored: RecoveryBackup;
  damagedFile: string | null;
  workspaceName: string;
}

export interface RecoveryDone {
  ws: Workspace;
  result: RestoreResult;
  backup: RecoveryBackup;
}

/** "1.23 MB" / "640 KB": sizes as the messages and the CLI print them. */
export function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function asRecoveryBackup(entry: BackupEntry, checkedNow: boolean): RecoveryBackup {
  return {
    file: entry.file,
    createdAt: entry.createdAt,
    reason: entry.reason,
    reasonLabel: entry.reasonLabel,
    sizeBytes: entry.sizeBytes,
    schemaVersion: entry.schemaVersion,
    checked: checkedNow ? 'now' : entry.integrity,
  };
}

/**
 * The recovery offer for a workspace whose file has `problem`: the backups in its own backups/ folder, newest
 * first, starting with the newest that passes quick_check now (newer ones that fail are left out). Only that one
 * is checked here — checking a year of backups would keep the operator waiting; every other one is checked with
 * integrity_check when it is chosen (restore refuses a bad one with its reason).
 */
export async function recoveryInfo(dir: string, problem: WorkspaceFileProblem): Promise<RecoveryInfo> {
  const inFolder = (await listBackups(dir)).filter((b) => b.inFolder);
  const backups: RecoveryBackup[] = [];
  for (const entry of inFolder) {
    if (backups.length) {
      backups.push(asRecoveryBackup(entry, false));
      continue;
    }
    const info = await inspectBackupFile(entry.path, 'quick_check');
    if (!info.problems && info.applicationId === APPLICATION_ID) backups.push(asRecoveryBackup(entry, true));
  }
  return { dir, file: problem.file, kind: problem.kind, message: fileProblemMessage(problem), details: problem.details, backups };
}

/** The recovery offer for `dir`, or null when its file needs none (opens, is absent, is newer) or no good backup exists. */
export async function findRecovery(dir: string): Promise<RecoveryInfo | null> {
  const problem = await workspaceFileProblem(dir);
  if (!problem) return null;
  const info = await recoveryInfo(dir, problem);
  return info.backups.length ? info : null;
}

/** The lines a host prints (CLI) or logs (Electron) when it starts in recovery mode. */
export function recoveryStartLines(info: RecoveryInfo): string[] {
  const newest = info.backups[0];
  return [
    info.details.length ? info.message.replace(/。$/, `(SQLite 报告:${info.details.join(';')})。`) : info.message,
    `最新的完好备份:${new Date(newest.createdAt).toLocaleString('zh-CN')} ${newest.reasonLabel},${sizeText(newest.sizeBytes)}(backups 文件夹中的 ${newest.file})。`,
    `控制台已以恢复模式启动:打开控制台后点“用此备份恢复”即可恢复;损坏的文件会改名为 …-damaged.db 保留在 backups 文件夹中,不会删除。`,
  ];
}

/** What a host in recovery mode answers to every call but the recovery methods. */
export function notOpenError(info: RecoveryInfo): ApiResult<never> {
  return { ok: false, error: { code: 'workspace', message: `${info.message}请在控制台中从备份恢复。` } };
}

const restoreInput = z.strictObject({ file: z.string().min(1).max(260) });

/** Why a recovery call was refused, as the hosts return it. */
function refusal(err: unknown): ApiResult<never> {
  if (err instanceof ApiError) return { ok: false, error: err.toBody() };
  console.error('[sanidesk] recovery failed:', err);
  return { ok: false, error: { code: 'internal', message: '恢复没有完成(程序内部错误)。工作区文件没有被删除;请重试,或把 backups 文件夹交给技术人员。' } };
}

/**
 * The recovery state of one host start. `call` answers the two recovery methods (it never throws); a successful
 * restore comes back with the opened workspace, after which this object refuses further restores.
 */
export class WorkspaceRecovery {
  private running: Promise<{ result: ApiResult<unknown>; opened?: RecoveryDone }> | null = null;
  private done: RecoveryDone | null = null;

  constructor(readonly info: RecoveryInfo) {}

  get recovered(): RecoveryDone | null {
    return this.done;
  }

  /** Restores the backup named `file` (one of `info.backups`) and opens the workspace. */
  async restore(file: string): Promise<RecoveryDone> {
    if (this.done) throw new ApiError('conflict', '工作区已经从备份恢复,请刷新页面后登录。');
    const backup = this.info.backups.find((b) => b.file === file);
    // The name must be one this host offered; backupFileInFolder then pins it inside backups/ whatever it says.
    if (!backup) {
      throw new ApiError('validation', `“${file.slice(0, 100)}”不是本工作区 backups 文件夹中可恢复的备份,请从列表中选择。`, { file: '请从备份列表中选择' });
    }
    const { ws, result } = await restoreWorkspace(this.info.dir, backupFileInFolder(this.info.dir, backup.file));
    this.done = { ws, result, backup };
    return this.done;
  }

  call(method: string, input: unknown): Promise<{ result: ApiResult<unknown>; opened?: RecoveryDone }> {
    if (method === 'recovery.status') return Promise.resolve({ result: { ok: true, data: this.info } });
    if (method !== 'recovery.restore') {
      return Promise.resolve({ result: { ok: false, error: { code: 'unknown_method', message: `没有名为“${method.slice(0, 100)}”的恢复方法` } } });
    }
    const parsed = restoreInput.safeParse(input ?? {});
    if (!parsed.success) {
      const fields = schemaErrors(parsed.error.issues, input);
      return Promise.resolve({ result: { ok: false, error: { code: 'invalid_input', message: `请求参数有误:${Object.entries(fields).map(([k, m]) => `${k}:${m}`).join(';')}`, fields } } });
    }
    // One restore at a time: a second click while the first runs waits for it and gets its answer.
    this.running ??= this.restore(parsed.data.file)
      .then((opened) => ({
        result: {
          ok: true as const,
          data: { restored: opened.backup, damagedFile: opened.result.damagedFile, workspaceName: opened.ws.name } satisfies RecoveryRestored,
        },
        opened,
      }))
      .catch((err: unknown) => ({ result: refusal(err) }))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }
}
