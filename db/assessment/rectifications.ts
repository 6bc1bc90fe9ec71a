/**
 * Rectification orders (整改通知, DOMAIN §2.8, §4.2): issued when an inspection is approved, for each finding
 * marked for rectification; the contractor fixes the problem (reported by a clerk with evidence), the
 * supervisor verifies and closes it out (销号), or returns it, or waives it with a reason. An open order past
 * its deadline is overdue; "overdue" is derived, never stored, so it cannot go stale.
 * Orders are operational records: they may be followed up after their month is locked.
 */
import { appendAudit } from '../audit/audit';
import type { Ctx } from '../context';
import { localToday } from '../estates/rules';
import { ApiError, validationError } from '../errors';
import type { Tx } from '../sqlite';
import { normalizeOptionalText, normalizeText } from '../text';

export type RectificationStatus = 'open' | 'fixed' | 'closed' | 'waived';

export const RECTIFICATION_STATUS_LABELS: Record<RectificationStatus | 'overdue', string> = {
  open: '待整改',
  fixed: '已整改待复核',
  closed: '已销号',
  waived: '已免除',
  overdue: '逾期未整改',
};

export interface Rectification {
  id: number;
  noticeNo: string;
  inspectionId: number;
  findingId: number;
  month: string;
  inspectionDate: string;
  targetType: string;
  targetName: string;
  contractorId: number | null;
  contractorName: string | null;
  itemCode: string;
  itemTitle: string | null;
  location: string | null;
  description: string | null;
  points: number;
  deadline: string;
  status: RectificationStatus;
  overdue: boolean;
  /** Days past the deadline (open orders) or days late when fixed; 0 when on time. */
  daysLate: number;
  fixedAt: string | null;
  fixedNote: string | null;
  evidence: number[];
  photos: number[];
  verifiedBy: string | null;
  verifiedAt: string | null;
  verifyNote: string | null;
  waiveReason: string | null;
  version: number;
  updatedAt: string;
}

const SELECT_RECTIFICATION = `
  SELECT r.id, r.notice_no AS noticeNo, r.inspection_id AS inspectionId, r.finding_id AS findingId, i.month, i.date AS inspectionDate,
         i.target_type AS targetType, i.target_name AS targetName, i.contractor_id AS contractorId, i.contractor_name AS contractorName,
         f.item_code AS itemCode,
         (SELECT j.value ->> '$.title' FROM assessment_schemes s, json_each(s.definition, '$.items') j
           WHERE s.id = i.scheme_id AND j.value ->> '$.code' = f.item_code) AS itemTitle,
         f.location, f.description, f.points, f.photos, r.deadline, r.status, r.fixed_at AS fixedAt,
         r.fixed_note AS fixedNote, r.evidence, vu.name AS verifiedBy, r.verified_at AS verifiedAt, r.verify_note AS verifyNote,
         r.waive_reason AS waiveReason, r.version, r.updated_at AS updatedAt
    FROM rectifications r
    JOIN findings f ON f.id = r.finding_id
    JOIN inspections i ON i.id = r.inspection_id
    LEFT JOIN users vu ON vu.id = r.verified_by`;

type Row = Omit<Rectification, 'overdue' | 'daysLate' | 'evidence' | 'photos'> & { evidence: string; photos: string };

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function fromRow(row: Row, today: string): Rectification {
  const overdue = row.status === 'open' && row.deadline < today;
  const daysLate = overdue ? daysBetween(row.deadline, today) : row.fixedAt && row.fixedAt > row.deadline ? daysBetween(row.deadline, row.fixedAt) : 0;
  return { ...row, overdue, daysLate, evidence: JSON.parse(row.evidence) as number[], photos: JSON.parse(row.photos) as number[] };
}

export interface RectificationFilter {
  status?: RectificationStatus | 'overdue';
  inspectionId?: number;
  /** The month of the inspection that found the problem. */
  month?: string;
  /** Exactly these orders, e.g. the rows behind a dashboard chart. */
  ids?: number[];
  contractorId?: number;
  search?: string;
}

export async function listRectifications(tx: Tx, filter: RectificationFilter, today = localToday()): Promise<Rectification[]> {
  const where: string[] = [];
  const params: Array<string | number> = [];
  if (filter.status === 'overdue') where.push("r.status = 'open' AND r.deadline < ?"), params.push(today);
  else if (filter.status) where.push('r.status = ?'), params.push(filter.status);
  if (filter.month) where.push('i.month = ?'), params.push(filter.month);
  if (filter.ids) where.push('r.id IN (SELECT value FROM json_each(?))'), params.push(JSON.stringify(filter.ids));
  if (filter.inspectionId) where.push('r.inspection_id = ?'), params.push(filter.inspectionId);
  if (filter.contractorId) where.push('i.contractor_id = ?'), params.push(filter.contractorId);
  if (filter.search) {
    const like = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(
      "(r.notice_no LIKE ? ESCAPE '\\' OR i.target_name LIKE ? ESCAPE '\\' OR i.contractor_name LIKE ? ESCAPE '\\' OR f.description LIKE ? ESCAPE '\\' OR f.item_code LIKE ? ESCAPE '\\' OR f.location LIKE ? ESCAPE '\\')",
    );
    params.push(like, like, like, like, like, like);
  }
  const rows = await tx.all<Row>(`${SELECT_RECTIFICATION} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY r.deadline, r.id`, params);
  return rows.map((r) => fromRow(r, today));
}

async function readRectification(tx: Tx, id: number): Promise<Rectification> {
  const row = await tx.get<Row>(`${SELECT_RECTIFICATION} WHERE r.id = ?`, [id]);
  if (!row) throw new ApiError('not_found', `整改单(编号 ${id})不存在`);
  return fromRow(row, localToday());
}

/** Issues the orders of an inspection's findings marked for rectification (called when it is approved). */
export async function issueRectifications(ctx: Ctx, tx: Tx, inspectionId: number, inspectionDate: string): Promise<number> {
  const findings = await tx.all<{ id: number; deadline: string }>(
    `SELECT f.id, f.rectify_deadline AS deadline FROM findings f
      WHERE f.inspection_id = ? AND f.rectify = 1 AND NOT EXISTS (SELECT 1 FROM rectifications r WHERE r.finding_id = f.id)
      ORDER BY f.seq`,
    [inspectionId],
  );
  if (!findings.length) return 0;
  const prefix = `ZG${inspectionDate.slice(0, 4)}${inspectionDate.slice(5, 7)}-`;
  const last = await tx.get<{ n: number | null }>(
    'SELECT max(CAST(substr(notice_no, ?) AS INTEGER)) AS n FROM rectifications WHERE notice_no LIKE ?',
    [prefix.length + 1, `${prefix}%`],
  );
  let next = (last?.n ?? 0) + 1;
  const now = new Date().toISOString();
  const issued: string[] = [];
  for (const f of findings) {
    const noticeNo = `${prefix}${String(next++).padStart(4, '0')}`;
    await tx.run(
      `INSERT INTO rectifications (finding_id, inspection_id, notice_no, deadline, status, created_at, created_by, updated_at, updated_by)
       VALUES (?, ?, ?, ?, 'open', ?, ?, ?, ?)`,
      [f.id, inspectionId, noticeNo, f.deadline, now, ctx.user.id, now, ctx.user.id],
    );
    issued.push(noticeNo);
  }
  await appendAudit(tx, ctx.user, {
    method: 'rectifications.issue',
    entity: 'inspection',
    entityId: inspectionId,
    after: { rectifications: issued, deadlines: findings.map((f) => f.deadline) },
  });
  return issued.length;
}

type Action =
  | { kind: 'reportFixed'; fixedAt: string; note?: string | null; evidence?: number[] }
  | { kind: 'close'; note?: string | null }
  | { kind: 'reopen'; note: string }
  | { kind: 'waive'; reason: string }
  | { kind: 'extend'; deadline: string; reason: string };

const ACTION_RULES: Record<Action['kind'], { method: string; from: RectificationStatus[]; refuse: string }> = {
  reportFixed: { method: 'rectifications.reportFixed', from: ['open'], refuse: '只有待整改的整改单可以登记整改完成' },
  close: { method: 'rectifications.close', from: ['fixed'], refuse: '只有已整改待复核的整改单可以复核销号' },
  reopen: { method: 'rectifications.reopen', from: ['fixed'], refuse: '只有已整改待复核的整改单可以复核不通过' },
  waive: { method: 'rectifications.waive', from: ['open', 'fixed'], refuse: '已销号或已免除的整改单不能免除' },
  extend: { method: 'rectifications.extend', from: ['open'], refuse: '只有待整改的整改单可以延期' },
};

function checkDate(value: string, label: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw validationError({ [label]: '应为日期,如 2025-10-15' });
  }
  return value;
}

/** One step of an order's follow-up, with the version check and the audit entry. */
export async function actOnRectification(ctx: Ctx, input: { id: number; version: number }, action: Action): Promise<Rectification> {
  const rule = ACTION_RULES[action.kind];
  await ctx.ws.db.write(async (tx) => {
    const current = await readRectification(tx, input.id);
    if (current.version !== input.version) throw new ApiError('conflict', `整改单 ${current.noticeNo} 已被他人修改,请刷新后重试`);
    if (!rule.from.includes(current.status)) {
      throw new ApiError('validation', `${rule.refuse}:整改单 ${current.noticeNo} 当前为“${RECTIFICATION_STATUS_LABELS[current.status]}”`);
    }
    const now = new Date().toISOString();
    const today = localToday();
    let reason: string | null = null;
    switch (action.kind) {
      case 'reportFixed': {
        const fixedAt = checkDate(action.fixedAt, 'fixedAt');
        if (fixedAt > today) throw validationError({ fixedAt: `整改完成日期 ${fixedAt} 晚于今天` }, { fixedAt: '整改完成日期' });
        if (fixedAt < current.inspectionDate) throw validationError({ fixedAt: `整改完成日期 ${fixedAt} 早于检查日期 ${current.inspectionDate}` }, { fixedAt: '整改完成日期' });
        const evidence = [...new Set(action.evidence ?? [])];
        if (evidence.length) {
          const found = await tx.get<{ n: number }>(`SELECT count(*) AS n FROM attachments WHERE id IN (${evidence.map(() => '?').join(',')})`, evidence);
          if (found?.n !== evidence.length) throw validationError({ evidence: '整改照片不存在,请重新上传' }, { evidence: '整改照片' });
        }
        await tx.run(`UPDATE rectifications SET status = 'fixed', fixed_at = ?, fixed_note = ?, evidence = ? WHERE id = ?`, [
          fixedAt,
          normalizeOptionalText(action.note),
          JSON.stringify(evidence),
          current.id,
        ]);
        break;
      }
      case 'close':
        await tx.run(`UPDATE rectifications SET status = 'closed', verified_by = ?, verified_at = ?, verify_note = ? WHERE id = ?`, [
          ctx.user.id,
          now,
          normalizeOptionalText(action.note),
          current.id,
        ]);
        break;
      case 'reopen':
        reason = normalizeText(action.note);
        if (!reason) throw validationError({ note: '复核不通过时须写明原因' }, { note: '复核意见' });
        await tx.run(`UPDATE rectifications SET status = 'open', fixed_at = NULL, verify_note = ? WHERE id = ?`, [reason, current.id]);
        break;
      case 'waive':
        reason = normalizeText(action.reason);
        if (!reason) throw validationError({ reason: '免除整改须写明原因' }, { reason: '免除原因' });
        await tx.run(`UPDATE rectifications SET status = 'waived', waive_reason = ? WHERE id = ?`, [reason, current.id]);
        break;
      case 'extend': {
        const deadline = checkDate(action.deadline, 'deadline');
        reason = normalizeText(action.reason);
        if (!reason) throw validationError({ reason: '延期须写明原因' }, { reason: '延期原因' });
        if (deadline <= current.deadline) throw validationError({ deadline: `新期限 ${deadline} 应晚于原期限 ${current.deadline}` }, { deadline: '整改期限' });
        await tx.run('UPDATE rectifications SET deadline = ? WHERE id = ?', [deadline, current.id]);
        break;
      }
    }
    await tx.run('UPDATE rectifications SET version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?', [now, ctx.user.id, current.id]);
    const after = await readRectification(tx, current.id);
    await appendAudit(tx, ctx.user, {
      method: rule.method,
      entity: 'rectification',
      entityId: current.id,
      before: { status: current.status, deadline: current.deadline, fixedAt: current.fixedAt },
      after: {
        status: after.status,
        deadline: after.deadline,
        fixedAt: after.fixedAt,
        note: action.kind === 'reportFixed' ? after.fixedNote : action.kind === 'close' ? after.verifyNote : reason,
        evidence: after.evidence,
      },
      reason,
    });
  });
  return readRectification(ctx.ws.db.read, input.id);
}

/**
 * The rectification component of a unit's month (DOMAIN §3.6 "整改反馈分"): orders whose deadline falls in the
 * month, and how many of them were fixed by their deadline. Waived orders count neither way.
 */
export async function rectificationCounts(tx: Tx, month: string): Promise<Map<string, { due: number; onTime: number }>> {
  const rows = await tx.all<{ familyId: number; targetType: string; targetId: number; due: number; onTime: number }>(
    `SELECT s.family_id AS familyId, i.target_type AS targetType, i.target_id AS targetId, count(*) AS due,
            sum(CASE WHEN r.status IN ('fixed', 'closed') AND r.fixed_at <= r.deadline THEN 1 ELSE 0 END) AS onTime
       FROM rectifications r JOIN inspections i ON i.id = r.inspection_id JOIN assessment_schemes s ON s.id = i.scheme_id
      WHERE substr(r.deadline, 1, 7) = ? AND r.status <> 'waived'
      GROUP BY 1, 2, 3`,
    [month],
  );
  return new Map(rows.map((r) => [`${r.familyId}:${r.targetType}:${r.targetId}`, { due: r.due, onTime: r.onTime }]));
}
