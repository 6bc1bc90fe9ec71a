/**
 * 逾期整改扣分 (DOMAIN §2.8 [D]: "a finding that is overdue at month lock adds a configurable penalty next month").
 *
 * A unit's score in month M+1 loses `pointsPerOrder` for each of its rectification orders (from inspections of
 * month M or earlier, same scheme family and target) that was overdue when month M was locked, at most `cap`
 * points, and never below 0. "Overdue at the lock" is decided from stored data only, so recomputing a month (an
 * open month shown live, the lock of M+1, a correction of M+1) gives the same number whatever the host clock says:
 * - the lock date is the local calendar day of `month_locks.locked_at` (the same "today" the lock saw);
 * - the order's deadline is before that day (due on the lock day itself is not yet overdue, as in the order list);
 * - it was not fixed by then: open, or fixed/closed with `fixed_at` after the lock day;
 * - it is not waived. A waiver counts whenever it was given: it is the supervisor's decision that the order was
 *   never owed (an upheld appeal), so a correction of M+1 after a waiver lifts the penalty. Likewise a deadline
 *   extended after the lock counts with its new date (both are deliberate, audited decisions, not drift).
 * An order still overdue at the next lock is counted again the month after (the rule is per month lock).
 */
import { previousMonth } from '../dates';
import { localToday } from '../estates/rules';
import type { Tx } from '../sqlite';
import { fmtNum } from './scoring';
import type { OverduePenaltyRule } from './types';

/** What a unit's month carries when its scheme has the rule: stored with the month's result (monthly_results). */
export interface OverduePenalty {
  /** The month whose lock counted the orders (the month before the scored one). */
  month: string;
  /** The local date of that month's lock; null while it is not locked (nothing is deducted yet). */
  lockDate: string | null;
  /** Orders overdue at that lock. */
  orders: number;
  /** Their notice numbers (整改通知编号), for the detail and for an appeal. */
  noticeNos: string[];
  pointsPerOrder: number;
  cap: number | null;
  /** Points taken off the month's score: orders × pointsPerOrder, at most cap (full precision). */
  points: number;
  /** The line in words, as the score detail shows it: "上月逾期未整改 3 件,扣 3 分". */
  text: string;
}

const MICRO = 1_000_000;
const micro = (x: number) => Math.round(x * MICRO);

/** orders × pointsPerOrder, at most cap; in integer micro-points so 3 × 0.1 is 0.3. */
export function overduePoints(rule: OverduePenaltyRule, orders: number): number {
  const raw = micro(rule.pointsPerOrder) * orders;
  return (rule.cap == null ? raw : Math.min(raw, micro(rule.cap))) / MICRO;
}

/** The month's score after the penalty: never below 0; null stays null (a component is still missing). */
export function scoreAfterPenalty(score: number | null, penalty: OverduePenalty | null | undefined): number | null {
  if (score == null || !penalty || penalty.points === 0) return score;
  return Math.max(0, score - penalty.points);
}

/** "上月逾期未整改 3 件,扣 3 分" — the line the score detail shows (made here once, stored with the result). */
export function overduePenaltyText(p: Omit<OverduePenalty, 'text'>): string {
  if (p.lockDate == null) return `上月(${p.month})尚未锁定,逾期整改暂不扣分`;
  if (p.orders === 0) return `上月(${p.month})锁定时无逾期未整改`;
  const capped = p.cap != null && micro(p.points) < micro(p.pointsPerOrder) * p.orders ? `(最多扣 ${fmtNum(p.cap)} 分)` : '';
  return `上月逾期未整改 ${p.orders} 件,扣 ${fmtNum(p.points)} 分${capped}`;
}

export interface OverdueAtLock {
  /** The month looked at (the one before the scored month). */
  month: string;
  lockDate: string | null;
  /** Notice numbers per unit key `familyId:targetType:targetId`. */
  byUnit: Map<string, string[]>;
}

/** The orders overdue when the month before `month` was locked, per unit; empty while that month is open. */
export async function overdueAtPreviousLock(tx: Tx, month: string): Promise<OverdueAtLock> {
  const prev = previousMonth(month);
  const lock = await tx.get<{ lockedAt: string }>('SELECT locked_at AS lockedAt FROM month_locks WHERE month = ?', [prev]);
  const byUnit = new Map<string, string[]>();
  if (!lock) return { month: prev, lockDate: null, byUnit };
  const lockDate = localToday(new Date(lock.lockedAt));
  const rows = await tx.all<{ familyId: number; targetType: string; targetId: number; noticeNo: string }>(
    `SELECT s.family_id AS familyId, i.target_type AS targetType, i.target_id AS targetId, r.notice_no AS noticeNo
       FROM rectifications r JOIN inspections i ON i.id = r.inspection_id JOIN assessment_schemes s ON s.id = i.scheme_id
      WHERE i.month <= ?1 AND r.status <> 'waived' AND r.deadline < ?2
        AND NOT (r.status IN ('fixed', 'closed') AND r.fixed_at IS NOT NULL AND r.fixed_at <= ?2)
      ORDER BY r.notice_no`,
    [prev, lockDate],
  );
  for (const r of rows) {
    const key = `${r.familyId}:${r.targetType}:${r.targetId}`;
    byUnit.set(key, [...(byUnit.get(key) ?? []), r.noticeNo]);
  }
  return { month: prev, lockDate, byUnit };
}

/** The penalty of one unit under its scheme's rule. */
export function overduePenaltyOf(rule: OverduePenaltyRule, atLock: OverdueAtLock, unitKey: string): OverduePenalty {
  const noticeNos = atLock.lockDate == null ? [] : (atLock.byUnit.get(unitKey) ?? []);
  const penalty = {
    month: atLock.month,
    lockDate: atLock.lockDate,
    orders: noticeNos.length,
    noticeNos,
    pointsPerOrder: rule.pointsPerOrder,
    cap: rule.cap,
    points: overduePoints(rule, noticeNos.length),
  };
  return { ...penalty, text: overduePenaltyText(penalty) };
}
