/**
 * Ranking runs as records (DOMAIN §2.9, §4.2–4.3): a supervisor computes a draft, a manager approves it, and a
 * later run for the same period × category × unit type (a correction) supersedes it once approved. One draft per
 * key: computing again replaces the draft (drafts were never printed; the audit log keeps every computation).
 * Approved and superseded runs and their rows never change or go (013_ranking.ts triggers).
 */
import { appendAudit } from '../audit/audit';
import type { Ctx } from '../context';
import { ApiError } from '../errors';
import type { Tx } from '../sqlite';
import { normalizeOptionalText } from '../text';
import { buildInternalRun, type BuildInput } from './internal';
import { parsePeriod } from './period';
import type { RankingRow, RankingRun, RankingRunSummary, RankUnitType, RunStatus } from './types';
import { RUN_STATUS_LABELS, UNIT_TYPE_LABELS } from './vocabulary';

export interface ComputeInput extends BuildInput {
  note?: string | null;
}

export interface RunFilter {
  period?: string;
  category?: string;
  unitType?: RankUnitType;
  source?: 'internal' | 'external';
  status?: RunStatus;
}

type Summary = Pick<RankingRun, 'gradeCounts' | 'average' | 'scoreFormula' | 'exposureLine' | 'counts'>;

interface RunRecord {
  id: number;
  period: string;
  periodKind: RankingRun['periodKind'];
  category: string;
  categoryLabel: string;
  unitType: RankUnitType;
  source: RankingRun['source'];
  schemeFamilyId: number | null;
  schemeName: string | null;
  status: RunStatus;
  supersedesId: number | null;
  supersededById: number | null;
  summary: string;
  fileName: string | null;
  note: string | null;
  rowCount: number;
  computedAt: string;
  computedBy: string;
  approvedAt: string | null;
  approvedBy: string | null;
}

const SELECT_RUN = `
  SELECT r.id, r.period, r.period_kind AS periodKind, r.category, r.category_label AS categoryLabel, r.unit_type AS unitType,
         r.source, r.scheme_family_id AS schemeFamilyId, r.scheme_name AS schemeName, r.status, r.supersedes_id AS supersedesId,
         r.superseded_by_id AS supersededById, r.summary, r.file_name AS fileName, r.note, r.row_count AS rowCount,
         r.computed_at AS computedAt, cu.name AS computedBy, r.approved_at AS approvedAt, au.name AS approvedBy
    FROM ranking_runs r JOIN users cu ON cu.id = r.computed_by LEFT JOIN users au ON au.id = r.approved_by`;

function summaryOf(record: RunRecord): RankingRunSummary {
  const { summary, ...rest } = record;
  return { ...rest, ...(JSON.parse(summary) as Summary) };
}

export async function listRuns(read: Tx, filter: RunFilter): Promise<RankingRunSummary[]> {
  const where: string[] = [];
  const params: string[] = [];
  if (filter.period) {
    where.push('r.period = ?');
    params.push(parsePeriod(filter.period).period);
  }
  for (const [column, value] of [
    ['r.category', filter.category],
    ['r.unit_type', filter.unitType],
    ['r.source', filter.source],
    ['r.status', filter.status],
  ] as const) {
    if (value) {
      where.push(`${column} = ?`);
      params.push(value);
    }
  }
  const rows = await read.all<RunRecord>(`${SELECT_RUN} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY r.id DESC`, params);
  return rows.map(summaryOf);
}

async function runRecord(tx: Tx, id: number): Promise<RunRecord> {
  const record = await tx.get<RunRecord>(`${SELECT_RUN} WHERE r.id = ?`, [id]);
  if (!record) throw new ApiError('not_found', `排名(编号 ${id})不存在或草稿已删除`);
  return record;
}

export async function getRun(read: Tx, id: number): Promise<RankingRun> {
  const record = await runRecord(read, id);
  const rows = await read.all<{ detail: string }>('SELECT detail FROM ranking_rows WHERE run_id = ? ORDER BY seq', [id]);
  const { rowCount: _count, ...summary } = summaryOf(record);
  return { ...summary, rows: rows.map((r) => JSON.parse(r.detail) as RankingRow) };
}

/** A run as `ranking.preview` shows it: computed now from the locked months, not stored. */
export async function previewRun(ctx: Ctx, input: BuildInput): Promise<RankingRun> {
  const run = await buildInternalRun(ctx.ws.db.read, input);
  return { ...run, computedBy: ctx.user.name };
}

/**
 * Stores a computed run (internal or external) as a draft: it replaces the key's current draft, and it names the key's approved run as the one it will supersede on approval. Returns the new id.
 */
export async function storeRun(ctx: Ctx, tx: Tx, run: RankingRun, audit: { method: string; reason?: string | null; extra?: Record<string, unknown> }): Promise<number> {
  const key = [run.period, run.category, run.unitType, run.source];
  const current = await tx.all<{ id: number; status: RunStatus }>(
    "SELECT id, status FROM ranking_runs WHERE period = ? AND category = ? AND unit_type = ? AND source = ? AND status IN ('draft', 'approved')",
    key,
  );
  const approved = current.find((c) => c.status === 'approved');
  const drafts = current.filter((c) => c.status === 'draft').map((c) => c.id);
  const summary: Summary = { gradeCounts: run.gradeCounts, average: run.average, scoreFormula: run.scoreFormula, exposureLine: run.exposureLine, counts: run.counts };
  const now = new Date().toISOString();
  const note = normalizeOptionalText(run.note);
  const { lastID } = await tx.run(
    `INSERT INTO ranking_runs (period, period_kind, category, category_label, unit_type, source, scheme_family_id, scheme_name, status,
                               supersedes_id, summary, file_name, note, row_count, computed_at, computed_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?)`,
    [
      run.period,
      run.periodKind,
      run.category,
      run.categoryLabel,
      run.unitType,
      run.source,
      run.schemeFamilyId,
      run.schemeName,
      approved?.id ?? null,
      JSON.stringify(summary),
      run.fileName,
      note,
      run.rows.length,
      now,
      ctx.user.id,
    ],
  );
  await tx.run(
    `INSERT INTO ranking_rows (run_id, seq, unit_type, unit_id, external_unit_id, unit_name, score, score_rounded, rank, status, grade, detail)
     SELECT ?1, j.value ->> '$.seq', j.value ->> '$.unitType', j.value ->> '$.unitId', j.value ->> '$.externalUnitId', j.value ->> '$.unitName',
            j.value ->> '$.score', j.value ->> '$.scoreRounded', j.value ->> '$.rank', j.value ->> '$.status', j.value ->> '$.grade', json(j.value)
       FROM json_each(?2) j`,
    [lastID, JSON.stringify(run.rows)],
  );
  if (drafts.length) {
    // A draft was never printed or approved: the newer computation replaces it (its audit entry stays).
    await tx.run('DELETE FROM ranking_rows WHERE run_id IN (SELECT value FROM json_each(?))', [JSON.stringify(drafts)]);
    await tx.run('DELETE FROM ranking_runs WHERE id IN (SELECT value FROM json_each(?))', [JSON.stringify(drafts)]);
  }
  await appendAudit(tx, ctx.user, {
    method: audit.method,
    entity: 'ranking_run',
    entityId: lastID,
    after: {
      period: run.period,
      category: run.category,
      unitType: run.unitType,
      source: run.source,
      ...summary,
      supersedesOnApproval: approved?.id ?? null,
      replacedDrafts: drafts,
      ...audit.extra,
      // The ranking as computed, compact: name, score, rank (the rows themselves are kept with the run).
      rows: run.rows.map((r) => [r.unitName, r.score, r.rank]),
    },
    reason: audit.reason ?? note,
  });
  return lastID;
}

export async function computeRun(ctx: Ctx, input: ComputeInput): Promise<RankingRun> {
  const id = await ctx.ws.db.write(async (tx) => {
    const run = await buildInternalRun(tx, input);
    return storeRun(ctx, tx, { ...run, note: input.note ?? null }, { method: 'ranking.compute' });
  });
  return getRun(ctx.ws.db.read, id);
}

function keyLabel(run: Pick<RankingRun, 'period' | 'categoryLabel' | 'unitType'>): string {
  return `${run.period} ${run.categoryLabel}(${UNIT_TYPE_LABELS[run.unitType]})`;
}

export async function approveRun(ctx: Ctx, input: { id: number; note?: string | null }): Promise<RankingRun> {
  await ctx.ws.db.write(async (tx) => {
    const run = await runRecord(tx, input.id);
    if (run.status !== 'draft') {
      const why = run.status === 'approved' ? `已于 ${run.approvedAt?.slice(0, 10)} 由${run.approvedBy}批准` : `已被排名(编号 ${run.supersededById})取代,请批准最新的排名`;
      throw new ApiError('validation', `排名“${keyLabel(run)}”${why},不能再批准`, { id: RUN_STATUS_LABELS[run.status] });
    }
    if (run.source === 'internal') {
      // A correction after the draft was computed changes the month's stored scores: the draft no longer shows them.
      const changed = await tx.get<{ month: string }>(
        `SELECT month FROM monthly_results WHERE status = 'current' AND month IN (SELECT value FROM json_each(?)) AND computed_at > ?
          ORDER BY computed_at DESC LIMIT 1`,
        [JSON.stringify(parsePeriod(run.period).months), run.computedAt],
      );
      if (changed) {
        throw new ApiError('conflict', `排名草稿计算后,${changed.month} 的成绩已更正。请重新计算排名,再批准新的草稿。`, { id: '成绩已更正,需重新计算' });
      }
    }
    const previous = await tx.get<{ id: number }>(
      "SELECT id FROM ranking_runs WHERE period = ? AND category = ? AND unit_type = ? AND source = ? AND status = 'approved'",
      [run.period, run.category, run.unitType, run.source],
    );
    if (previous) await tx.run("UPDATE ranking_runs SET status = 'superseded', superseded_by_id = ? WHERE id = ?", [run.id, previous.id]);
    const now = new Date().toISOString();
    await tx.run("UPDATE ranking_runs SET status = 'approved', approved_at = ?, approved_by = ?, supersedes_id = ? WHERE id = ?", [
      now,
      ctx.user.id,
      previous?.id ?? null,
      run.id,
    ]);
    await appendAudit(tx, ctx.user, {
      method: 'ranking.approve',
      entity: 'ranking_run',
      entityId: run.id,
      before: { status: 'draft' },
      after: { status: 'approved', period: run.period, category: run.category, unitType: run.unitType, supersedes: previous?.id ?? null },
      reason: normalizeOptionalText(input.note) ?? (previous ? `更正:取代已批准的排名(编号 ${previous.id})` : null),
    });
  });
  return getRun(ctx.ws.db.read, input.id);
}

export async function discardRun(ctx: Ctx, input: { id: number; reason?: string | null }): Promise<{ id: number }> {
  await ctx.ws.db.write(async (tx) => {
    const run = await runRecord(tx, input.id);
    if (run.status !== 'draft') {
      throw new ApiError('validation', `排名“${keyLabel(run)}”${RUN_STATUS_LABELS[run.status]},不能删除;如需更正,请重新计算并批准新的排名`, {
        id: RUN_STATUS_LABELS[run.status],
      });
    }
    await tx.run('DELETE FROM ranking_rows WHERE run_id = ?', [run.id]);
    await tx.run('DELETE FROM ranking_runs WHERE id = ?', [run.id]);
    const { summary, ...before } = run;
    await appendAudit(tx, ctx.user, {
      method: 'ranking.discard',
      entity: 'ranking_run',
      entityId: run.id,
      before: { ...before, ...(JSON.parse(summary) as Summary) },
      reason: normalizeOptionalText(input.reason),
    });
  });
  return { id: input.id };
}
