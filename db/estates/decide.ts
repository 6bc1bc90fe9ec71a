/**
 * Status decisions (评定/命名 and 撤销命名, DOMAIN §2.2 EstateStatusHistory): the only way an estate's status,
 * level and date change after it is created. A decision moves the status up one or more steps through an
 * evaluation, or down as a revocation with a written reason; its date is neither in the future nor before the
 * estate's previous decision. The decision row and the estate's new status are written in one transaction with
 * one audit entry on the estate, so the estate's history shows the move with its document number.
 */
import { appendAudit } from '../audit/audit';
import type { Ctx } from '../context';
import { ApiError, validationError, type FieldErrors } from '../errors';
import { coerceField, type FieldDef } from '../fields';
import type { Database, Tx } from '../sqlite';
import { normalizeOptionalText } from '../text';
import {
  ESTATE_FIELDS,
  ESTATE_STATUSES,
  LEVEL_RANK,
  levelLabel,
  statusLabel,
  STATUS_LEVELS,
  STATUS_RANK,
  type EstateStatus,
  type StatusLevel,
} from './fields';
import { checkEstateRecord, loadEstateContext } from './rules';
import { estates, type Estate } from './service';

export interface EstateDecision {
  id: number;
  estateId: number;
  fromStatus: EstateStatus;
  toStatus: EstateStatus;
  level: StatusLevel | null;
  decisionDoc: string;
  decidedAt: string;
  evaluationScore: number | null;
  remarks: string | null;
  createdAt: string;
  createdBy: string;
}

export interface DecideInput {
  estateId: number;
  version: number;
  toStatus: string;
  level?: string | null;
  decidedAt: string | number;
  decisionDoc: string;
  evaluationScore?: number | string | null;
  reason?: string | null;
}

/** The decision's own fields, coerced like ledger fields (codes or Chinese labels, loose dates and numbers). */
const DECISION_FIELDS: FieldDef[] = [
  { key: 'toStatus', column: 'to_status', label: '评定等级', kind: 'enum', options: ESTATE_STATUSES, required: true },
  { key: 'level', column: 'level', label: '命名级别', kind: 'enum', options: STATUS_LEVELS },
  { key: 'decidedAt', column: 'decided_at', label: '评定日期', kind: 'date', required: true },
  { key: 'decisionDoc', column: 'decision_doc', label: '文号', kind: 'text', required: true },
  { key: 'evaluationScore', column: 'evaluation_score', label: '评价得分', kind: 'decimal', min: 0, max: 100 },
  { key: 'reason', column: 'remarks', label: '原因', kind: 'text' },
];
const LABELS: Record<string, string> = {
  ...Object.fromEntries(ESTATE_FIELDS.map((f) => [f.key, f.label])),
  ...Object.fromEntries(DECISION_FIELDS.map((f) => [f.key, f.label])),
};

const SELECT_DECISION = `SELECT d.id, d.estate_id AS estateId, d.from_status AS fromStatus, d.to_status AS toStatus, d.level,
       d.decision_doc AS decisionDoc, d.decided_at AS decidedAt, d.evaluation_score AS evaluationScore, d.remarks,
       d.created_at AS createdAt, (SELECT name FROM users u WHERE u.id = d.created_by) AS createdBy
  FROM estate_status_decisions d`;

const describe = (status: string, level: string | null) => `${statusLabel(status)}${level ? `(${levelLabel(level)})` : ''}`;

/** A move compares statuses first, then levels (a district demonstration estate named at city level moves up). */
function direction(from: Estate, to: EstateStatus, level: StatusLevel | null): number {
  const byStatus = STATUS_RANK[to] - STATUS_RANK[from.status];
  if (byStatus !== 0) return byStatus;
  return (level ? LEVEL_RANK[level] : 0) - (from.statusLevel ? LEVEL_RANK[from.statusLevel] : 0);
}

export async function decideEstateStatus(ctx: Ctx, input: DecideInput): Promise<{ row: Estate; decision: EstateDecision }> {
  const decisionId = await ctx.ws.db.write(async (tx) => {
    const current = await estates.read(tx, input.estateId);
    if (!current) throw estates.notFound(input.estateId);
    if (current.version !== input.version) throw estates.conflict(current);

    const errors: FieldErrors = {};
    const given: Record<string, unknown> = { ...input };
    const values: Record<string, unknown> = {};
    for (const field of DECISION_FIELDS) {
      const result = coerceField(field, given[field.key]);
      if (!result.ok) errors[field.key] = result.message;
      else if (result.value == null && field.required) errors[field.key] = '必填,不能为空';
      else values[field.key] = result.value;
    }
    const context = await loadEstateContext(tx);
    const toStatus = values.toStatus as EstateStatus | undefined;
    let level = (values.level as StatusLevel | null | undefined) ?? null;
    const decidedAt = values.decidedAt as string | undefined;
    const reason = (values.reason as string | null | undefined) ?? null;

    if (toStatus) {
      if (toStatus === 'provincialHighStandard') level ??= 'province';
      if (toStatus === 'provincialHighStandard' && level !== 'province') errors.level = '省级高标准示范的命名级别只能是省级';
      else if (toStatus === 'none' && level) errors.level = '撤销为“未开展”时不填命名级别';
      else if (toStatus === 'demonstration' && !level) errors.level = '评为示范小区时必须填写命名级别(区级、市级或省级)';
      const move = direction(current, toStatus, level);
      if (move === 0) errors.toStatus = `该小区已是“${describe(current.status, current.statusLevel)}”,无需重复评定`;
      else if (move < 0 && !reason) {
        errors.reason = `从“${describe(current.status, current.statusLevel)}”降为“${describe(toStatus, level)}”属于撤销命名,必须写明原因(如复查不合格)`;
      }
    }
    if (decidedAt) {
      const previous = await tx.get<{ decidedAt: string }>(
        'SELECT decided_at AS decidedAt FROM estate_status_decisions WHERE estate_id = ? ORDER BY decided_at DESC, id DESC LIMIT 1',
        [current.id],
      );
      const since = [previous?.decidedAt, current.statusSince].filter((d): d is string => !!d).sort().pop();
      if (decidedAt > context.today) errors.decidedAt = `评定日期 ${decidedAt} 晚于今天(${context.today}),不能预先登记`;
      else if (since && decidedAt < since) {
        errors.decidedAt = `评定日期 ${decidedAt} 早于该小区上一次评定或命名的日期 ${since},请核对;更正以前的评定请另作一次评定并写明原因`;
      }
    }
    if (Object.keys(errors).length) throw validationError(errors, LABELS);

    // The estate as it would be after the move must satisfy the ledger's rules for that status.
    const after = { ...estates.stored(current), status: toStatus!, statusLevel: level, statusSince: decidedAt! };
    const outcome = checkEstateRecord(after, context, current.id);
    if (Object.keys(outcome.errors).length) {
      const detail = Object.entries(outcome.errors).map(([k, m]) => `${LABELS[k] ?? k}:${m}`).join(';');
      throw new ApiError(
        'validation',
        `评定未保存:小区台账不满足“${describe(toStatus!, level)}”的要求,请先在台账中修改。${detail}`,
        outcome.errors,
      );
    }
    level = after.statusLevel as StatusLevel | null;

    const now = new Date().toISOString();
    const { lastID } = await tx.run(
      `INSERT INTO estate_status_decisions
         (estate_id, from_status, to_status, level, decision_doc, decided_at, evaluation_score, remarks, created_at, created_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [current.id, current.status, toStatus!, level, values.decisionDoc as string, decidedAt!, (values.evaluationScore as number | null) ?? null, reason, now, ctx.user.id],
    );
    await tx.run(
      `UPDATE estates SET status = ?, status_level = ?, status_since = ?, version = version + 1, updated_at = ?, updated_by = ?
        WHERE id = ? AND version = ?`,
      [toStatus!, level, decidedAt!, now, ctx.user.id, current.id, current.version],
    );
    await appendAudit(tx, ctx.user, {
      method: 'estates.decide',
      entity: 'estate',
      entityId: current.id,
      before: { status: current.status, statusLevel: current.statusLevel, statusSince: current.statusSince },
      after: {
        status: toStatus,
        statusLevel: level,
        statusSince: decidedAt,
        decisionId: lastID,
        decisionDoc: values.decisionDoc,
        evaluationScore: values.evaluationScore ?? null,
      },
      reason: reason ?? `评定文号 ${String(values.decisionDoc)}`,
    });
    return lastID;
  });
  const row = await estates.get(ctx.ws.db, input.estateId);
  const decision = (await ctx.ws.db.read.get<EstateDecision>(`${SELECT_DECISION} WHERE d.id = ?`, [decisionId]))!;
  return { row, decision };
}

/** An estate's decisions, oldest first (deleted estates too: their history stays readable). */
export async function listEstateDecisions(db: Database, estateId: number): Promise<EstateDecision[]> {
  await estates.get(db, estateId, true);
  return db.read.all<EstateDecision>(`${SELECT_DECISION} WHERE d.estate_id = ? ORDER BY d.decided_at, d.id`, [estateId]);
}

export interface NewDecision {
  estateCode: string;
  fromStatus: EstateStatus;
  toStatus: EstateStatus;
  level: StatusLevel | null;
  decisionDoc: string;
  decidedAt: string;
  evaluationScore: number | null;
  remarks: string | null;
}

/**
 * Past decisions loaded in bulk with the estates they belong to (the demo district, a ledger taken over with its
 * history): one multi-row insert and one audit entry. Estates are named by code and must exist in `tx`.
 */
export async function insertDecisionsBulk(ctx: Ctx, tx: Tx, decisions: NewDecision[], method: string): Promise<number> {
  if (!decisions.length) return 0;
  const ids = new Map(
    (await tx.all<{ id: number; code: string }>('SELECT id, code FROM estates WHERE deleted_at IS NULL')).map((r) => [r.code, r.id]),
  );
  const keys = ['estateId', 'fromStatus', 'toStatus', 'level', 'decisionDoc', 'decidedAt', 'evaluationScore', 'remarks'];
  const rows = decisions.map((d, i) => {
    const estateId = ids.get(normalizeOptionalText(d.estateCode)?.toUpperCase() ?? '');
    if (estateId == null) throw new ApiError('validation', `第 ${i + 1} 条评定记录的小区编号 ${d.estateCode} 不存在`);
    return [estateId, d.fromStatus, d.toStatus, d.level, normalizeOptionalText(d.decisionDoc), d.decidedAt, d.evaluationScore, normalizeOptionalText(d.remarks)];
  });
  const rowsJson = JSON.stringify(rows);
  const { next: firstId } = (await tx.get<{ next: number }>('SELECT coalesce(max(id), 0) + 1 AS next FROM estate_status_decisions'))!;
  const now = new Date().toISOString();
  await tx.run(
    `INSERT INTO estate_status_decisions
       (estate_id, from_status, to_status, level, decision_doc, decided_at, evaluation_score, remarks, created_at, created_by)
     SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, ?1, ?2 FROM json_each(?3)`,
    [now, ctx.user.id, rowsJson],
  );
  await appendAudit(tx, ctx.user, { method, entity: 'estateStatusDecision', entityId: null, bulk: { keys, firstId, count: rows.length, rowsJson } });
  return rows.length;
}
