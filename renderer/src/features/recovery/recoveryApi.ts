/**
 * The recovery calls of a host in recovery mode (db/backup/recovery.ts). They are host methods, not contract
 * methods — there is no workspace to run a contract call on — so their names are not in MethodName; they travel
 * the same way as every call (renderer/src/api.ts: the start token over HTTP, the app's own frame over IPC).
 */
import type { ApiResult } from '../../../../db/api';
import type { RecoveryInfo, RecoveryRestored } from '../../../../db/backup/recovery';
import { call } from '../../api';

export type { RecoveryBackup, RecoveryInfo, RecoveryRestored } from '../../../../db/backup/recovery';

const hostCall = call as unknown as (method: string, input: unknown) => Promise<ApiResult<unknown>>;

/** What is wrong and the backups offered, or null when the host is not in recovery mode. */
export async function recoveryStatus(): Promise<RecoveryInfo | null> {
  const result = await hostCall('recovery.status', {});
  return result.ok ? (result.data as RecoveryInfo) : null;
}

export function restoreBackup(file: string): Promise<ApiResult<RecoveryRestored>> {
  return hostCall('recovery.restore', { file }) as Promise<ApiResult<RecoveryRestored>>;
}
