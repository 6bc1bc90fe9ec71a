/**
 * 逾期整改扣分 (overdue.ts): a toilet's month M has six rectification orders followed up in different ways; month M is
 * locked on day 3 of M+1; the toilet's score in M+1 loses points for exactly the orders overdue at that lock.
 * Real workspace, real services (inspections typed, approved, orders followed up, months locked).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callApi } from '../api';
import type { Ctx } from '../context';
import { previousMonth } from '../dates';
import { localToday } from '../estates/rules';
import { ctxAs, testWorkspace, type TestWorkspace } from '../testing';
import type { Role } from '../users/roles';
import type { InspectionDetail } from './inspections';
import { computeMonth, type MonthScores, type UnitScore } from './monthly';
import { overduePoints, scoreAfterPenalty } from './overdue';
import type { Rectification } from './rectifications';
import { checkScheme } from './scheme';
import { getScheme } from './schemes';
import type { OverduePenaltyRule, SchemeDefinition } from './types';

const TOILET_SCHEME = 2;

let t: TestWorkspace;
/** M: the month whose lock counts; N = M+1: the month that loses the points. Both in the past. */
let M: string;
let N: string;
/** The local day M is locked on (N-03), and the same day as a stored UTC time. */
let lockDate: string;
let lockedAtIso: string;

async function ok<T>(role: Role, method: string, input: unknown): Promise<T> {
  const result = await callApi(await ctxAs(t.ctx, role), method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.data as T;
}

async function toiletInService(): Promise<{ id: number; name: string }> {
  return (await t.ctx.ws.db.read.get<{ id: number; name: string }>(
    `SELECT t.id, t.name FROM toilets t JOIN bid_sections b ON b.id = t.bid_section_id
      WHERE t.status = 'inUse' AND t.deleted_at IS NULL ORDER BY t.id LIMIT 1`,
  ))!;
}

/** Saves the toilet scheme with (or without) the rule; no inspection uses it yet, so version 1 is rewritten. */
async function setRule(rule: OverduePenaltyRule | null): Promise<void> {
  const current = await getScheme(t.ctx.ws.db, TOILET_SCHEME);
  const { overduePenalty: _old, ...rest } = current.definition;
  const definition: SchemeDefinition = rule ? { ...rest, overduePenalty: rule } : rest;
  await ok('admin', 'schemes.save', { familyId: current.familyId, definition });
}

/** Rewrites the rule in the stored version in place (inspections already use it): the same data, another rule. */
async function rewriteRule(rule: OverduePenaltyRule | null): Promise<void> {
  const row = (await t.ctx.ws.db.read.get<{ definition: string }>('SELECT definition FROM assessment_schemes WHERE id = ?', [TOILET_SCHEME]))!;
  const def = JSON.parse(row.definition) as SchemeDefinition;
  delete def.overduePenalty;
  if (rule) def.overduePenalty = rule;
  await t.ctx.ws.db.write((tx) => tx.run('UPDATE assessment_schemes SET definition = ? WHERE id = ?', [JSON.stringify(def), TOILET_SCHEME]));
}

/** Types, submits and approves an inspection of the toilet; returns it (approved: its orders are issued). */
async function approvedInspection(toiletId: number, date: string, findings: unknown[]): Promise<InspectionDetail> {
  const draft = await ok<InspectionDetail>('clerk', 'inspections.save', {
    schemeId: TOILET_SCHEME,
    date,
    time: '09:30',
    mode: 'routine',
    inspectors: ['赵检查'],
    targetType: 'toilet',
    targetId: toiletId,
    findings,
  });
  const submitted = await ok<InspectionDetail>('clerk', 'inspections.submit', { id: draft.id, version: draft.version });
  return ok<InspectionDetail>('supervisor', 'inspections.approve', { id: submitted.id, version: submitted.version });
}

async function lockAt(month: string, lockedAt: string | null): Promise<void> {
  await ok('supervisor', 'months.lock', { month });
  // The lock's time as if it had been taken on that day (the rule reads month_locks.locked_at, never the clock).
  if (lockedAt) await t.ctx.ws.db.write((tx) => tx.run('UPDATE month_locks SET locked_at = ? WHERE month = ?', [lockedAt, month]));
}

async function unitOf(month: string, toiletId: number): Promise<UnitScore> {
  const scores = await ok<MonthScores>('clerk', 'scores.monthly', { month });
  return scores.units.find((u) => u.targetType === 'toilet' && u.targetId === toiletId)!;
}

/**
 * Month M: one inspection on M-05 with six T6 findings (1 point each → 94), each with an order due M-10 unless said:
 *  a. fixed N-10, after the lock            → overdue at the lock
 *  b. still open                            → overdue at the lock
 *  c. fixed M-08, before its deadline       → not overdue
 *  d. waived                                → never counts
 *  e. fixed N-03, late but on the lock day  → fixed by then, not overdue
 *  f. due N-03, the lock day, still open    → not yet overdue on that day
 * Month N: one inspection on N-05 with one T8 finding (2.5 points, no order) → 97.5 before the penalty.
 */
async function scenario(): Promise<{ toiletId: number; notices: Record<string, string> }> {
  const toilet = await toiletInService();
  const finding = (label: string, deadline: string) => ({ itemCode: 'T6', occurrences: 1, description: label, rectify: true, rectifyDeadline: deadline });
  const inspection = await approvedInspection(toilet.id, `${M}-05`, [
    finding('a', `${M}-10`),
    finding('b', `${M}-10`),
    finding('c', `${M}-10`),
    finding('d', `${M}-10`),
    finding('e', `${M}-10`),
    finding('f', `${N}-03`),
  ]);
  expect(inspection.score).toBe(94);
  const orders = await ok<Rectification[]>('clerk', 'rectifications.list', { inspectionId: inspection.id });
  expect(orders).toHaveLength(6);
  const by = Object.fromEntries(orders.map((o) => [o.description!, o]));
  const fixed = (o: Rectification, fixedAt: string) => ok<Rectification>('clerk', 'rectifications.reportFixed', { id: o.id, version: o.version, fixedAt });
  await fixed(by.a, `${N}-10`);
  await fixed(by.c, `${M}-08`);
  const e = await fixed(by.e, `${N}-03`);
  await ok('supervisor', 'rectifications.close', { id: e.id, version: e.version });
  await ok('supervisor', 'rectifications.waive', { id: by.d.id, version: by.d.version, reason: '属市政设施,非作业单位责任' });

  await approvedInspection(toilet.id, `${N}-05`, [{ itemCode: 'T8', occurrences: 1, description: '缺少导向牌', rectify: false }]);
  return { toiletId: toilet.id, notices: Object.fromEntries(orders.map((o) => [o.description!, o.noticeNo])) };
}

beforeEach(async () => {
  t = await testWorkspace({ demo: true });
  N = previousMonth(localToday().slice(0, 7));
  M = previousMonth(N);
  lockDate = `${N}-03`;
  const [y, m] = N.split('-').map(Number);
  // Local noon of N-03: the same calendar day in every time zone the office might run in.
  lockedAtIso = new Date(y, m - 1, 3, 12, 0, 0).toISOString();
});
afterEach(async () => {
  await t.close();
});

describe('逾期整改扣分 (overduePenalty)', () => {
  it('takes pointsPerOrder for each order overdue at the lock of M off the score of M+1, and stores it with the lock', async () => {
    await setRule({ pointsPerOrder: 2, cap: null });
    const { toiletId, notices } = await scenario();

    // M itself: the month before it was never locked, so nothing is deducted and the unit says why.
    const inM = await unitOf(M, toiletId);
    expect(inM.score).toBe(94);
    expect(inM.overdue).toMatchObject({ month: previousMonth(M), lockDate: null, orders: 0, points: 0 });

    // N while M is open: no lock to compare with yet.
    expect((await unitOf(N, toiletId)).score).toBe(97.5);

    await lockAt(M, lockedAtIso);
    const live = await unitOf(N, toiletId);
    // a (fixed after the lock) and b (open): 2 orders × 2 points = 4; 97.5 − 4 = 93.5.
    expect(live.overdue).toEqual({
      month: M,
      lockDate,
      orders: 2,
      noticeNos: [notices.a, notices.b].sort(),
      pointsPerOrder: 2,
      cap: null,
      points: 4,
      text: '上月逾期未整改 2 件,扣 4 分',
    });
    expect(live.score).toBe(93.5);
    expect(live.grade).toBe('优秀');
    // The components are untouched: the penalty is its own line after them.
    expect(live.components.map((c) => c.value)).toEqual([97.5]);

    // Recomputing gives the same number (no clock in it).
    const again = await computeMonth(t.ctx.ws.db.read, N);
    expect(again.units.find((u) => u.targetId === toiletId)!.score).toBe(93.5);

    // Locking N stores the penalty with the result; what happens to the orders afterwards does not change it.
    await lockAt(N, null);
    const stored = (await t.ctx.ws.db.read.get<{ score: number; grade: string; components: string }>(
      "SELECT score, grade, components FROM monthly_results WHERE month = ? AND target_type = 'toilet' AND target_id = ? AND status = 'current'",
      [N, toiletId],
    ))!;
    expect(stored.score).toBe(93.5);
    expect((JSON.parse(stored.components) as UnitScore).overdue).toMatchObject({ orders: 2, points: 4, noticeNos: [notices.a, notices.b].sort() });
    const b = (await ok<Rectification[]>('clerk', 'rectifications.list', { month: M })).find((o) => o.noticeNo === notices.b)!;
    await ok('supervisor', 'rectifications.waive', { id: b.id, version: b.version, reason: '申诉成立' });
    const after = await unitOf(N, toiletId);
    expect(after.score).toBe(93.5);
    expect(after.overdue?.text).toBe('上月逾期未整改 2 件,扣 4 分');
  });

  it('caps the points at cap', async () => {
    // 2 orders × 1.5 = 3, capped at 2: 97.5 − 2 = 95.5.
    await setRule({ pointsPerOrder: 1.5, cap: 2 });
    const { toiletId } = await scenario();
    await lockAt(M, lockedAtIso);
    const unit = await unitOf(N, toiletId);
    expect(unit.overdue).toMatchObject({ orders: 2, points: 2, cap: 2 });
    expect(unit.overdue?.text).toBe('上月逾期未整改 2 件,扣 2 分(最多扣 2 分)');
    expect(unit.score).toBe(95.5);
  });

  it('never takes the score below 0', async () => {
    // 2 orders × 60 = 120 > 97.5.
    await setRule({ pointsPerOrder: 60, cap: null });
    const { toiletId } = await scenario();
    await lockAt(M, lockedAtIso);
    const unit = await unitOf(N, toiletId);
    expect(unit.overdue?.points).toBe(120);
    expect(unit.score).toBe(0);
    expect(unit.grade).toBe('不合格');
  });

  it('changes nothing when the rule is off: no overdue line, the scores as before', async () => {
    await setRule(null);
    const { toiletId } = await scenario();
    await lockAt(M, lockedAtIso);
    const unit = await unitOf(N, toiletId);
    expect(unit.score).toBe(97.5);
    expect('overdue' in unit).toBe(false);

    // The same stored data under the rule: only the rule makes the difference.
    await rewriteRule({ pointsPerOrder: 2, cap: null });
    expect((await unitOf(N, toiletId)).score).toBe(93.5);
    await rewriteRule(null);
    expect((await unitOf(N, toiletId)).score).toBe(97.5);
  });
});

describe('overdue arithmetic', () => {
  it('adds in micro-points and caps', () => {
    expect(overduePoints({ pointsPerOrder: 0.1, cap: null }, 3)).toBe(0.3);
    expect(overduePoints({ pointsPerOrder: 2, cap: 5 }, 4)).toBe(5);
    expect(overduePoints({ pointsPerOrder: 2, cap: 5 }, 0)).toBe(0);
  });

  it('keeps a missing score missing and stops at 0', () => {
    const p = { month: '2025-10', lockDate: '2025-11-03', orders: 1, noticeNos: ['ZG202510-0001'], pointsPerOrder: 3, cap: null, points: 3, text: '' };
    expect(scoreAfterPenalty(null, p)).toBeNull();
    expect(scoreAfterPenalty(2, p)).toBe(0);
    expect(scoreAfterPenalty(90, p)).toBe(87);
    expect(scoreAfterPenalty(90, undefined)).toBe(90);
  });
});

describe('checkScheme: the overdue rule', () => {
  async function toiletDef(): Promise<SchemeDefinition> {
    return (await getScheme(t.ctx.ws.db, TOILET_SCHEME)).definition;
  }

  it('accepts a sound rule, and no rule at all', async () => {
    const def = await toiletDef();
    expect(def.overduePenalty).toBeUndefined();
    expect(checkScheme(def)).toEqual({});
    expect(checkScheme({ ...def, overduePenalty: { pointsPerOrder: 1, cap: null } })).toEqual({});
    expect(checkScheme({ ...def, overduePenalty: { pointsPerOrder: 1, cap: 1 } })).toEqual({});
  });

  it('refuses points ≤ 0 or over the full score, and a cap below one order or over the full score, naming the field', async () => {
    const def = await toiletDef();
    const check = (rule: OverduePenaltyRule) => checkScheme({ ...def, overduePenalty: rule });
    expect(check({ pointsPerOrder: 0, cap: null })['overduePenalty.pointsPerOrder']).toBe('逾期整改扣分的每件扣分应大于 0、不超过满分 100 分(最多两位小数,如 1)');
    expect(check({ pointsPerOrder: -1, cap: null })['overduePenalty.pointsPerOrder']).toContain('每件扣分应大于 0');
    expect(check({ pointsPerOrder: 101, cap: null })['overduePenalty.pointsPerOrder']).toContain('不超过满分 100 分');
    expect(check({ pointsPerOrder: 0.125, cap: null })['overduePenalty.pointsPerOrder']).toContain('最多两位小数');
    expect(check({ pointsPerOrder: 2, cap: 1 })['overduePenalty.cap']).toBe('逾期整改扣分的最多扣分 1 小于每件扣分 2(请改为不小于 2,或留空表示不设上限)');
    expect(check({ pointsPerOrder: 2, cap: 0 })['overduePenalty.cap']).toContain('最多扣分应大于 0');
    expect(check({ pointsPerOrder: 2, cap: 120 })['overduePenalty.cap']).toContain('不超过满分 100 分');
  });

  it('refuses a bad rule through schemes.save and writes nothing', async () => {
    const before = await getScheme(t.ctx.ws.db, TOILET_SCHEME);
    const admin: Ctx = await ctxAs(t.ctx, 'admin');
    const result = await callApi(admin, 'schemes.save', {
      familyId: before.familyId,
      definition: { ...before.definition, overduePenalty: { pointsPerOrder: 3, cap: 2 } },
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.fields?.['overduePenalty.cap']).toContain('最多扣分 2 小于每件扣分 3');
    const after = await getScheme(t.ctx.ws.db, TOILET_SCHEME);
    expect(after.revision).toBe(before.revision);
    expect(after.definition.overduePenalty).toBeUndefined();
  });
});
