/** The guard every assessment write passes: a locked month refuses changes (DOMAIN §4.2, §4.3). */
import { ApiError } from '../errors';
import type { Tx } from '../sqlite';

export interface MonthLock {
  month: string;
  lockedAt: string;
  lockedBy: string;
  early: boolean;
}

export async function monthLock(tx: Tx, month: string): Promise<MonthLock | null> {
  const row = await tx.get<{ month: string; lockedAt: string; lockedBy: string; early: number }>(
    `SELECT l.month, l.locked_at AS lockedAt, u.name AS lockedBy, l.early
       FROM month_locks l JOIN users u ON u.id = l.locked_by WHERE l.month = ?`,
    [month],
  );
  return row ? { ...row, early: row.early === 1 } : null;
}

/** A stored UTC time as the office's clock shows it: 2025-11-03 09:12. */
export function localDateTime(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function lockedMessage(lock: MonthLock): string {
  return `${lock.month} 月已于 ${localDateTime(lock.lockedAt)} 由 ${lock.lockedBy} 锁定,不能再修改。如需更正,请分管领导发起更正。`;
}

export async function assertMonthOpen(tx: Tx, month: string): Promise<void> {
  const lock = await monthLock(tx, month);
  if (lock) throw new ApiError('validation', lockedMessage(lock), { month: lockedMessage(lock) });
}
