/**
 * The month lock (DOMAIN §4.2): a supervisor locks a month once every inspection of it is approved or
 * explicitly excluded. Locking freezes the inspections (status locked), the scheme versions and contractor
 * snapshots they carry, and stores the month's scores and payments. Locking before the month has ended is
 * allowed with a confirmation (real bulletins are dated before month end, §4.2 step 4).
 */
import { appendAudit } from '../audit/audit';
import type { Ctx } from '../context';
import { lastDayOfMonth } from '../dates';
import { localToday } from '../estates/rules';
import { ApiError } from '../errors';
import type { Tx } from '../sqlite';
import { STATUS_LABELS, type InspectionStatus } from './inspections';
import { lockedMessage, monthLock, type MonthLock } from './month-lock';
import { storeMonthScores } from './monthly';

export interface MonthStatus {
  month: string;
  lock: MonthLock | null;
  /** Current inspections of the month by status (excluded ones counted apart). */
  counts: Record<InspectionStatus, number> & { excluded: number; total: number };
  /** Inspections that stop the lock: neither approved nor excluded. */
  blocking: Array<{ id: number; date: string; targetName: string; status: InspectionStatus }>;
  /** Locking now would be before the month's last day. */
  early: boolean;
  corrections: number;
}

export async function monthStatus(tx: Tx, month: string): Promise<MonthStatus> {
  const rows = await tx.all<{ status: InspectionStatus; excluded: number; n: number }>(
    'SELECT status, excluded, count(*) AS n FROM inspections WHERE month = ? AND superseded_by IS NULL GROUP BY status, excluded',
    [month],
  );
  const counts: MonthStatus['counts'] = { draft: 0, submitted: 0, returned: 0, approved: 0, locked: 0, excluded: 0, total: 0 };
  for (const r of rows) {
    if (r.excluded) counts.excluded += r.n;
    else counts[r.status] += r.n;
    counts.total += r.n;
  }
  const blocking = await tx.all<MonthStatus['blocking'][number]>(
    `SELECT id, date, target_name AS targetName, status FROM inspections
      WHERE month = ? AND superseded_by IS NULL AND excluded = 0 AND status NOT IN ('approved', 'locked') ORDER BY date, id`,
    [month],
  );
  const corrections = await tx.get<{ n: number }>('SELECT count(*) AS n FROM corrections WHERE month = ?', [month]);
  return { month, lock: await monthLock(tx, month), counts, blocking, early: localToday() <= lastDayOfMonth(month), corrections: corrections?.n ?? 0 };
}

export async function lockMonth(ctx: Ctx, input: { month: string; confirmEarly?: boolean }): Promise<MonthStatus> {
  await ctx.ws.db.write(async (tx) => {
    const status = await monthStatus(tx, input.month);
    if (status.lock) throw new ApiError('validation', lockedMessage(status.lock));
    const today = localToday();
    if (input.month > today.slice(0, 7)) throw new ApiError('validation', `${input.month} 月尚未开始,不能锁定`);
    if (status.blocking.length) {
      const list = status.blocking
        .slice(0, 5)
        .map((b) => `${b.date} ${b.targetName}(${STATUS_LABELS[b.status]})`)
        .join('、');
      throw new ApiError(
        'validation',
        `还有 ${status.blocking.length} 条检查记录未审核通过,不能锁定:${list}${status.blocking.length > 5 ? ' 等' : ''}。请先审核通过,或写明原因将其排除出本月考核。`,
        { month: `${status.blocking.length} 条检查未审核` },
      );
    }
    if (status.early && !input.confirmEarly) {
      throw new ApiError(
        'validation',
        `${input.month} 月尚未结束(月末为 ${lastDayOfMonth(input.month)}),锁定后本月不能再登记检查。确需提前锁定(如提前印发通报),请确认“提前锁定”。`,
        { confirmEarly: '需确认提前锁定' },
      );
    }
    const now = new Date().toISOString();
    const { changes } = await tx.run(
      "UPDATE inspections SET status = 'locked', version = version + 1, updated_at = ?, updated_by = ? WHERE month = ? AND superseded_by IS NULL AND excluded = 0 AND status = 'approved'",
      [now, ctx.user.id, input.month],
    );
    const stored = await storeMonthScores(ctx, tx, input.month, null);
    await tx.run('INSERT INTO month_locks (month, locked_at, locked_by, early) VALUES (?, ?, ?, ?)', [input.month, now, ctx.user.id, status.early ? 1 : 0]);
    await appendAudit(tx, ctx.user, {
      method: 'months.lock',
      entity: 'month',
      entityId: Number(input.month.replace('-', '')),
      after: {
        month: input.month,
        inspectionsLocked: changes,
        excluded: status.counts.excluded,
        units: stored.units,
        payments: stored.payments,
        early: status.early,
      },
      reason: status.early ? `提前锁定(月末为 ${lastDayOfMonth(input.month)})` : null,
    });
  });
  return monthStatus(ctx.ws.db.read, input.month);
}
