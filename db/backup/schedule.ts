/**
 * Automatic backups while a host runs (issue 7 §1): every `intervalMs`, when the audit log has grown since the
 * last backup (nothing changed means nothing to back up), an online backup checked with integrity_check,
 * then retention (the workspace's setting, db/settings) prunes the old ones. A failed backup is reported and retried at the next tick.
 */
import { retentionPolicy } from '../settings/settings';
import type { Workspace } from '../workspace/workspace';
import { createBackup, listBackups, pruneBackups, type BackupEntry } from './backup';

export const DEFAULT_BACKUP_INTERVAL_MS = 30 * 60_000;

export interface BackupSchedule {
  /** Runs one tick now (the timer calls the same); resolves with the backup made, or null when none was due. */
  tick(): Promise<BackupEntry | null>;
  stop(): void;
}

async function auditCount(ws: Workspace): Promise<number> {
  return (await ws.db.read.get<{ n: number }>('SELECT count(*) AS n FROM audit_log'))!.n;
}

export async function startBackupSchedule(
  ws: Workspace,
  options: { intervalMs?: number; onError?: (err: unknown) => void } = {},
): Promise<BackupSchedule> {
  const newest = (await listBackups(ws.dir))[0];
  let backedUpAt = newest?.auditEntries ?? -1;
  let running: Promise<BackupEntry | null> | null = null;
  const tick = () => {
    running ??= (async () => {
      try {
        const entries = await auditCount(ws);
        if (entries === backedUpAt) return null;
        const made = await createBackup(ws, 'scheduled');
        backedUpAt = entries;
        await pruneBackups(ws.dir, await retentionPolicy(ws.db));
        return made;
      } catch (err) {
        options.onError?.(err);
        return null;
      } finally {
        running = null;
      }
    })();
    return running;
  };
  const timer = setInterval(() => void tick(), options.intervalMs ?? DEFAULT_BACKUP_INTERVAL_MS);
  timer.unref();
  return { tick, stop: () => clearInterval(timer) };
}
