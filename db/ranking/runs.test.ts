/** Ranking runs over the demo district's locked months (loadDemoAssessment), on a real SQLite file. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi } from '../api';
import { loadDemoAssessment } from '../assessment/demo';
import { round2 } from '../assessment/scoring';
import { verifyAudit } from '../audit/audit';
import type { Ctx } from '../context';
import { ctxAs, testWorkspace, type TestWorkspace } from '../testing';
import { approveRun, computeRun, discardRun, getRun, listRuns, previewRun } from './runs';
import type { RankingRun } from './types';

let t: TestWorkspace;
let locked: string[];
let open: string;
let supervisor: Ctx;
let manager: Ctx;

beforeAll(async () => {
  t = await testWorkspace({ demo: true });
  locked = (await loadDemoAssessment(t.ctx)).lockedMonths;
  open = (await t.ctx.ws.db.read.get<{ month: string }>('SELECT max(month) AS month FROM inspections'))!.month;
  supervisor = await ctxAs(t.ctx, 'supervisor');
  manager = await ctxAs(t.ctx, 'manager');
}, 120_000);
afterAll(() => t.close());

const count = async (sql: string, params: Array<string | number> = []) => (await t.ctx.ws.db.read.get<{ n: number }>(sql, params))!.n;

/** Competition ranks recomputed from the rows' rounded scores, for comparison. */
function expectCompetitionRanks(run: RankingRun) {
  const ranked = run.rows.filter((r) => r.status === 'ranked');
  for (const r of ranked) {
    expect(r.rank).toBe(ranked.filter((o) => o.scoreRounded! > r.scoreRounded!).length + 1);
    expect(r.tied).toBe(ranked.filter((o) => o.scoreRounded === r.scoreRounded).length > 1);
  }
  const order = run.rows.map((r) => r.status);
  expect(order.indexOf('notInspected') === -1 || order.slice(order.indexOf('notInspected')).every((s) => s === 'notInspected')).toBe(true);
}

describe('internal runs from locked months', () => {
  it('toilets of a locked month: every stored score, ranked on 2 decimals; in-use toilets without inspections as 未检查, last', async () => {
    const month = locked[1];
    const run = await previewRun(t.ctx, { period: month, category: 'toilet' });
    expect(run).toMatchObject({ id: 0, unitType: 'toilet', source: 'internal', periodKind: 'month', categoryLabel: '公厕保洁' });
    const stored = await t.ctx.ws.db.read.all<{ targetId: number; score: number }>(
      "SELECT target_id AS targetId, score FROM monthly_results WHERE month = ? AND status = 'current' AND category = 'toilet'",
      [month],
    );
    const byId = new Map(run.rows.map((r) => [r.unitId, r]));
    for (const s of stored) expect(byId.get(s.targetId)).toMatchObject({ score: s.score, scoreRounded: round2(s.score), ranked: true });
    const inUse = await count("SELECT count(*) AS n FROM toilets WHERE status = 'inUse' AND deleted_at IS NULL");
    expect(run.rows.length).toBe(inUse);
    expect(run.counts).toMatchObject({ ranked: stored.length, notInspected: inUse - stored.length });
    expect(run.rows.filter((r) => r.status === 'notInspected').every((r) => r.inspections === 0 && r.rank === null && r.grade === null)).toBe(true);
    expectCompetitionRanks(run);
    expect(run.gradeCounts.reduce((s, g) => s + g.count, 0)).toBe(stored.length);
    expect(round2(run.gradeCounts.reduce((s, g) => s + g.share, 0))).toBeCloseTo(100, 1);
    // 存在问题 comes from the month's findings.
    expect(run.rows.some((r) => r.problemsText.length > 0)).toBe(true);
  });

  it('refuses a period with a month not locked, naming it, and writes nothing', async () => {
    const audit = await count('SELECT count(*) AS n FROM audit_log');
    const result = await callApi(supervisor, 'ranking.compute', { period: `${locked[1]}~${open}`, category: 'toilet' });
    expect(result.ok).toBe(false);
    const label = `${open.slice(0, 4)}年${Number(open.slice(5))}月尚未锁定`;
    expect(!result.ok && result.error.message).toContain(label);
    expect(await count('SELECT count(*) AS n FROM ranking_runs')).toBe(0);
    expect(await count('SELECT count(*) AS n FROM audit_log')).toBe(audit);
  });

  it('contractors over a round: the mean of the months, each the mean of the contractor’s units; money from the payments', async () => {
    const period = `${locked[0]}~${locked[1]}`;
    const run = await previewRun(t.ctx, { period, category: 'roadCleaning', unitType: 'contractor' });
    expect(run.periodKind).toBe('round');
    expect(run.scoreFormula).toContain('本轮得分=各月得分的平均');
    const first = run.rows.find((r) => r.status === 'ranked')!;
    const monthMeans = await t.ctx.ws.db.read.all<{ m: number }>(
      `SELECT avg(score) AS m FROM monthly_results WHERE status = 'current' AND category = 'roadCleaning' AND contractor_id = ? AND month IN (?, ?) GROUP BY month`,
      [first.unitId!, ...locked],
    );
    expect(first.score).toBeCloseTo(monthMeans.reduce((s, r) => s + r.m, 0) / monthMeans.length, 9);
    const money = await count(
      `SELECT coalesce(sum(p.total_fen), 0) AS n FROM monthly_payments p JOIN contracts c ON c.id = p.contract_id JOIN assessment_schemes s ON s.id = p.scheme_id
        WHERE p.status = 'current' AND p.month IN (?, ?) AND c.lead_contractor_id = ? AND s.category = 'roadCleaning'`,
      [...locked, first.unitId!],
    );
    expect(first.moneyDeductionFen).toBe(money);
    expectCompetitionRanks(run);
  });

  it('streets and villages group their targets; a unit type the targets cannot be grouped by is refused with the ones allowed', async () => {
    const streets = await previewRun(t.ctx, { period: locked[1], category: 'roadCleaning', unitType: 'street' });
    expect(streets.rows.length).toBe(await count('SELECT count(*) AS n FROM streets WHERE deleted_at IS NULL AND active = 1'));
    const villages = await previewRun(t.ctx, { period: locked[1], category: 'wasteSorting', unitType: 'community' });
    expect(villages.counts.ranked).toBeGreaterThan(0);
    expect(villages.counts.notInspected).toBeGreaterThan(0);
    const vocabulary = await callApi(t.ctx, 'ranking.vocabulary', {});
    expect(vocabulary.ok && (vocabulary.data as { categoryUnitTypes: Record<string, string[]> }).categoryUnitTypes).toMatchObject({
      toilet: ['toilet', 'contractor', 'street', 'community'],
      roadCleaning: ['section', 'contractor', 'street'],
    });
    const refused = await callApi(t.ctx, 'ranking.preview', { period: locked[1], category: 'toilet', unitType: 'section' });
    expect(!refused.ok && refused.error.message).toMatch(/不能按标段排名;可按 .*作业单位.*排名/);
  });

  it('draft → approved; a new computation supersedes the approved run only when it is approved; drafts are replaced', async () => {
    const input = { period: locked[1], category: 'toilet' as const, unitType: 'contractor' as const };
    const first = await computeRun(supervisor, { ...input, note: '月度排名' });
    expect(first).toMatchObject({ status: 'draft', computedBy: supervisor.user.name, supersedesId: null, note: '月度排名' });
    expect((await getRun(t.ctx.ws.db.read, first.id)).rows).toEqual(first.rows);
    const approved = await approveRun(manager, { id: first.id });
    expect(approved).toMatchObject({ status: 'approved', approvedBy: manager.user.name });
    const again = await callApi(manager, 'ranking.approve', { id: first.id });
    expect(!again.ok && again.error.message).toContain('不能再批准');

    const second = await computeRun(supervisor, input);
    expect(second).toMatchObject({ status: 'draft', supersedesId: first.id });
    expect((await getRun(t.ctx.ws.db.read, first.id)).status).toBe('approved');
    const third = await computeRun(supervisor, input);
    await expect(getRun(t.ctx.ws.db.read, second.id)).rejects.toThrow(/不存在/);
    await approveRun(manager, { id: third.id, note: '更正后重新排名' });
    const old = await getRun(t.ctx.ws.db.read, first.id);
    expect(old).toMatchObject({ status: 'superseded', supersededById: third.id });
    expect(await getRun(t.ctx.ws.db.read, third.id)).toMatchObject({ status: 'approved', supersedesId: first.id });
    const listed = await listRuns(t.ctx.ws.db.read, { period: locked[1], category: 'toilet', unitType: 'contractor' });
    expect(listed.map((r) => [r.id, r.status])).toEqual([
      [third.id, 'approved'],
      [first.id, 'superseded'],
    ]);

    // The record: one audit entry per computation and approval; approved runs cannot be deleted or changed.
    const entries = await t.ctx.ws.db.read.all<{ method: string }>("SELECT method FROM audit_log WHERE entity = 'ranking_run' ORDER BY id");
    expect(entries.map((e) => e.method)).toEqual(['ranking.compute', 'ranking.approve', 'ranking.compute', 'ranking.compute', 'ranking.approve']);
    const refusedDiscard = await callApi(supervisor, 'ranking.discard', { id: third.id });
    expect(!refusedDiscard.ok && refusedDiscard.error.message).toContain('不能删除');
    await expect(t.ctx.ws.db.write((tx) => tx.run('DELETE FROM ranking_runs WHERE id = ?', [first.id]))).rejects.toThrow(/kept/);
    await expect(t.ctx.ws.db.write((tx) => tx.run('UPDATE ranking_rows SET unit_name = ? WHERE run_id = ?', ['改名', third.id]))).rejects.toThrow(/do not change/);
    expect((await verifyAudit(t.ctx.ws.db)).ok).toBe(true);
  });

  it('a draft can be discarded; roles: a clerk cannot compute, a supervisor cannot approve, anyone logged in can read', async () => {
    const clerk = await ctxAs(t.ctx, 'clerk');
    const reader = await ctxAs(t.ctx, 'clerk');
    const input = { period: locked[0], category: 'wasteCollection' };
    const byClerk = await callApi(clerk, 'ranking.compute', input);
    expect(!byClerk.ok && byClerk.error.code).toBe('forbidden');
    const draft = await callApi(supervisor, 'ranking.compute', input);
    expect(draft.ok).toBe(true);
    const id = (draft as { data: RankingRun }).data.id;
    const bySupervisor = await callApi(supervisor, 'ranking.approve', { id });
    expect(!bySupervisor.ok && bySupervisor.error.code).toBe('forbidden');
    const read = await callApi(reader, 'ranking.get', { id });
    expect(read.ok && (read.data as RankingRun).rows.length).toBeGreaterThan(0);
    await discardRun(supervisor, { id, reason: '类别选错' });
    await expect(getRun(t.ctx.ws.db.read, id)).rejects.toThrow(/不存在/);
    const discarded = await t.ctx.ws.db.read.get<{ reason: string }>("SELECT reason FROM audit_log WHERE method = 'ranking.discard' AND entity_id = ?", [id]);
    expect(discarded?.reason).toBe('类别选错');
  });

  it('the scheme’s ranking block applies: the exposure line names low scores, an unranked target prints without a rank', async () => {
    const month = locked[1];
    const scored = await t.ctx.ws.db.read.all<{ targetId: number; schemeId: number }>(
      "SELECT target_id AS targetId, scheme_id AS schemeId FROM monthly_results WHERE month = ? AND status = 'current' AND category = 'toilet' ORDER BY score DESC",
      [month],
    );
    const top = scored[0];
    const ranking = { exposureBelow: 90, consequences: [], composite: [], unrankedTargetIds: [top.targetId], yearExtrasWeight: 0, yearExtrasLabel: '' };
    const before = (await t.ctx.ws.db.read.get<{ definition: string }>('SELECT definition FROM assessment_schemes WHERE id = ?', [top.schemeId]))!.definition;
    // The rules of the version the month was scored under (an admin's edit would add a version; here the version itself).
    await t.ctx.ws.db.write((tx) => tx.run('UPDATE assessment_schemes SET definition = json_set(definition, ?, json(?)) WHERE id = ?', ['$.ranking', JSON.stringify(ranking), top.schemeId]));
    try {
      const run = await previewRun(t.ctx, { period: month, category: 'toilet' });
      expect(run.exposureLine).toBe(90);
      expect(run.rows.find((r) => r.unitId === top.targetId)).toMatchObject({ status: 'unranked', rank: null, ranked: false });
      expect(run.rows.find((r) => r.status === 'ranked')!.rank).toBe(1);
      for (const r of run.rows.filter((x) => x.scoreRounded != null)) {
        expect(r.exposed).toBe(r.scoreRounded! < 90);
        expect(r.consequences.includes('exposure')).toBe(r.scoreRounded! < 90);
      }
      expect(run.rows.some((r) => r.exposed)).toBe(true);
    } finally {
      await t.ctx.ws.db.write((tx) => tx.run('UPDATE assessment_schemes SET definition = ? WHERE id = ?', [before, top.schemeId]));
    }
  });
});
