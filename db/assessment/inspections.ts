/**
 * Inspections (考核检查, DOMAIN §2.8) and their workflow (§4.2):
 *   draft ──submit──▶ submitted ──approve──▶ approved ──(month lock)──▶ locked
 *     ▲                  │ return(reason)
 *     └──── returned ◀───┘
 * A clerk types the paper checklist (save, submit); a supervisor approves, returns or excludes. The score is
 * always derived from the findings under the frozen scheme version; a typed total that differs needs a reason.
 * Nothing here writes into a locked month: corrections after lock are db/assessment/corrections.ts.
 */
import { appendAudit, auditEntriesFor, type AuditEntryForEntity } from '../audit/audit';
import { localToday } from '../estates/rules';
import type { Ctx } from '../context';
import { ApiError, validationError, type FieldErrors } from '../errors';
import type { Tx } from '../sqlite';
import { normalizeOptionalText, normalizeText } from '../text';
import { insertFindings, itemRawJson, loadFindings, missingEvidence, prepareFindings, scorePrepared, type FindingInput, type StoredFinding } from './findings';
import { assertMonthOpen, localDateTime, monthLock, type MonthLock } from './month-lock';
import { issueRectifications } from './rectifications';
import { getScheme } from './schemes';
import { round2 } from './scoring';
import { snapshotTarget } from './targets';
import type { SchemeDefinition, TargetType } from './types';

export type InspectionMode = 'routine' | 'unannounced' | 'night' | 'offHours' | 'special' | 'joint' | 'thirdParty';
export type InspectionStatus = 'draft' | 'submitted' | 'returned' | 'approved' | 'locked';

export const MODE_LABELS: Record<InspectionMode, string> = {
  routine: '日常',
  unannounced: '暗访',
  night: '夜间',
  offHours: '错时',
  special: '专项',
  joint: '联合',
  thirdParty: '第三方',
};

export const STATUS_LABELS: Record<InspectionStatus, string> = {
  draft: '草稿',
  submitted: '待审核',
  returned: '已退回',
  approved: '已审核',
  locked: '已锁定',
};

export interface InspectionSummary {
  id: number;
  rootId: number;
  revision: number;
  supersededBy: number | null;
  correctionId: number | null;
  schemeId: number;
  familyId: number;
  schemeName: string;
  schemeVersion: number;
  month: string;
  date: string;
  time: string | null;
  mode: InspectionMode;
  inspectors: string[];
  targetType: TargetType;
  targetId: number;
  targetName: string;
  sectionId: number | null;
  contractId: number | null;
  contractNo: string | null;
  contractorId: number | null;
  contractorName: string | null;
  status: InspectionStatus;
  excluded: boolean;
  excludeReason: string | null;
  returnReason: string | null;
  remarks: string | null;
  rawDeduction: number;
  deduction: number;
  bonus: number;
  score: number;
  vetoed: boolean;
  typedScore: number | null;
  overrideReason: string | null;
  findingsCount: number;
  version: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  approvedAt: string | null;
  approvedBy: string | null;
}

export interface InspectionDetail extends InspectionSummary {
  findings: StoredFinding[];
  scheme: { id: number; familyId: number; name: string; version: number; definition: SchemeDefinition };
  /** Every revision of this inspection (corrections after lock add revisions), oldest first. */
  revisions: Array<{ id: number; revision: number; score: number; correctionId: number | null; supersededBy: number | null; createdAt: string }>;
  history: AuditEntryForEntity[];
  lock: MonthLock | null;
}

const SELECT_INSPECTION = `
  SELECT i.id, i.root_id AS rootId, i.revision, i.superseded_by AS supersededBy, i.correction_id AS correctionId,
         i.scheme_id AS schemeId, s.family_id AS familyId, s.name AS schemeName, s.version AS schemeVersion,
         i.month, i.date, i.time, i.mode, i.inspectors, i.target_type AS targetType, i.target_id AS targetId, i.target_name AS targetName,
         i.section_id AS sectionId, i.contract_id AS contractId, c.contract_no AS contractNo, i.contractor_id AS contractorId,
         i.contractor_name AS contractorName, i.status, i.excluded, i.exclude_reason AS excludeReason, i.return_reason AS returnReason,
         i.remarks, i.raw_deduction AS rawDeduction, i.deduction, i.bonus, i.score, i.vetoed, i.typed_score AS typedScore,
         i.override_reason AS overrideReason, (SELECT count(*) FROM findings f WHERE f.inspection_id = i.id) AS findingsCount,
         i.version, i.created_at AS createdAt, cu.name AS createdBy, i.updated_at AS updatedAt, uu.name AS updatedBy,
         i.approved_at AS approvedAt, au.name AS approvedBy
    FROM inspections i
    JOIN assessment_schemes s ON s.id = i.scheme_id
    JOIN users cu ON cu.id = i.created_by
    JOIN users uu ON uu.id = i.updated_by
    LEFT JOIN users au ON au.id = i.approved_by
    LEFT JOIN contracts c ON c.id = i.contract_id`;

type InspectionRow = Omit<InspectionSummary, 'inspectors' | 'excluded' | 'vetoed'> & { inspectors: string; excluded: number; vetoed: number };

function fromRow(row: InspectionRow): InspectionSummary {
  return { ...row, inspectors: JSON.parse(row.inspectors) as string[], excluded: row.excluded === 1, vetoed: row.vetoed === 1 };
}

export async function readInspection(tx: Tx, id: number): Promise<InspectionSummary> {
  const row = await tx.get<InspectionRow>(`${SELECT_INSPECTION} WHERE i.id = ?`, [id]);
  if (!row) throw new ApiError('not_found', `检查记录(编号 ${id})不存在或已删除`);
  return fromRow(row);
}

export interface InspectionFilter {
  /** The month listed; absent only when `ids` names the rows (a drill-down from the dashboard spans months). */
  month?: string;
  /** Exactly these inspections (any month), e.g. the rows behind a dashboard chart. */
  ids?: number[];
  status?: InspectionStatus;
  targetType?: TargetType;
  familyId?: number;
  contractorId?: number;
  search?: string;
  /** Also list revisions that a correction replaced. */
  includeSuperseded?: boolean;
}

export async function listInspections(tx: Tx, filter: InspectionFilter): Promise<InspectionSummary[]> {
  const where: string[] = [];
  const params: Array<string | number> = [];
  if (filter.month) where.push('i.month = ?'), params.push(filter.month);
  if (filter.ids) where.push('i.id IN (SELECT value FROM json_each(?))'), params.push(JSON.stringify(filter.ids));
  if (!filter.month && !filter.ids) throw new ApiError('validation', '检查月份:应给出月份(如 2025-10)', { month: '应给出月份' });
  if (!filter.includeSuperseded) where.push('i.superseded_by IS NULL');
  if (filter.status) where.push('i.status = ?'), params.push(filter.status);
  if (filter.targetType) where.push('i.target_type = ?'), params.push(filter.targetType);
  if (filter.familyId) where.push('s.family_id = ?'), params.push(filter.familyId);
  if (filter.contractorId) where.push('i.contractor_id = ?'), params.push(filter.contractorId);
  if (filter.search) {
    where.push("(i.target_name LIKE ? ESCAPE '\\' OR i.contractor_name LIKE ? ESCAPE '\\' OR i.inspectors LIKE ? ESCAPE '\\')");
    const like = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    params.push(like, like, like);
  }
  const rows = await tx.all<InspectionRow>(`${SELECT_INSPECTION} WHERE ${where.join(' AND ')} ORDER BY i.date DESC, i.time DESC, i.id DESC`, params);
  return rows.map(fromRow);
}

export async function getInspection(ctx: Ctx, id: number): Promise<InspectionDetail> {
  const db = ctx.ws.db.read;
  const summary = await readInspection(db, id);
  const scheme = await getScheme(db, summary.schemeId);
  const revisions = await db.all<InspectionDetail['revisions'][number]>(
    `SELECT id, revision, score, correction_id AS correctionId, superseded_by AS supersededBy, created_at AS createdAt
       FROM inspections WHERE root_id = ? ORDER BY revision`,
    [summary.rootId],
  );
  const history: AuditEntryForEntity[] = [];
  for (const r of revisions) history.push(...(await auditEntriesFor(ctx.ws.db, 'inspection', r.id)));
  // One entry may name two revisions (a correction's supersede step); keep it once, in log order.
  const seen = new Set<number>();
  const unique = history.filter((h) => !seen.has(h.auditId) && seen.add(h.auditId)).sort((a, b) => a.auditId - b.auditId);
  return {
    ...summary,
    findings: await loadFindings(db, id, scheme.definition),
    scheme: { id: scheme.id, familyId: scheme.familyId, name: scheme.name, version: scheme.version, definition: scheme.definition },
    revisions,
    history: unique,
    lock: await monthLock(db, summary.month),
  };
}

export interface InspectionInput {
  id?: number;
  version?: number;
  /** The assessment month the clerk is entering (the console's working month); the date must fall in it. */
  month?: string | null;
  schemeId: number;
  date: string;
  time?: string | null;
  mode: InspectionMode;
  inspectors: string[];
  targetType: TargetType;
  targetId: number;
  remarks?: string | null;
  typedScore?: number | null;
  overrideReason?: string | null;
  findings: FindingInput[];
}

const LABELS: Record<string, string> = {
  schemeId: '考核细则',
  date: '检查日期',
  time: '检查时间',
  inspectors: '检查人员',
  targetId: '考核对象',
  typedScore: '手填得分',
  overrideReason: '改分原因',
  findings: '扣分项',
  month: '考核月份',
};

function validDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
}

/** The stored state of an inspection as the audit log keeps it: the header and the findings, compactly. */
async function auditState(tx: Tx, id: number): Promise<Record<string, unknown>> {
  const i = await readInspection(tx, id);
  const findings = await tx.all('SELECT item_code AS item, occurrences AS n, points_each AS each, points, location, description, photos FROM findings WHERE inspection_id = ? ORDER BY seq', [id]);
  return {
    status: i.status,
    revision: i.revision,
    schemeId: i.schemeId,
    date: i.date,
    time: i.time,
    mode: i.mode,
    inspectors: i.inspectors,
    target: `${i.targetType}:${i.targetId} ${i.targetName}`,
    contractor: i.contractorName,
    score: i.score,
    typedScore: i.typedScore,
    overrideReason: i.overrideReason,
    excluded: i.excluded,
    remarks: i.remarks,
    findings,
  };
}

/** Checks the header fields; returns the normalised values. */
function checkHeader(input: InspectionInput, def: SchemeDefinition, today: string, errors: FieldErrors) {
  if (!validDate(input.date)) errors.date = '应为日期,如 2025-10-15';
  else if (input.date > today) errors.date = `检查日期 ${input.date} 晚于今天(${today}),不能预先登记`;
  else if (input.date < def.effectiveFrom || (def.effectiveTo && input.date > def.effectiveTo)) {
    errors.date = `检查日期 ${input.date} 不在细则“${def.name}”的有效期(${def.effectiveFrom} 起${def.effectiveTo ? `至 ${def.effectiveTo}` : ''})内,请选用当时有效的细则`;
  }
  const time = normalizeOptionalText(input.time);
  if (time && !/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) errors.time = '应为时:分,如 06:30 或 21:15';
  const inspectors = [...new Set(input.inspectors.map((n) => normalizeText(n)).filter(Boolean))];
  if (!inspectors.length) errors.inspectors = '至少填写一名检查人员';
  if (input.targetType !== def.targetType) errors.targetId = `细则“${def.name}”用于考核${def.targetType},不能用于${input.targetType}`;
  return { time, inspectors };
}

/** Typed totals (E3): equal to the derived score, or different with a reason, and inside 0…fullScore. */
function checkTypedScore(input: InspectionInput, def: SchemeDefinition, derived: number, errors: FieldErrors): { typed: number | null; reason: string | null } {
  const reason = normalizeOptionalText(input.overrideReason);
  if (input.typedScore == null) return { typed: null, reason: null };
  if (input.typedScore < 0 || input.typedScore > def.fullScore) {
    errors.typedScore = `得分只能在 0~${def.fullScore} 之间`;
    return { typed: null, reason: null };
  }
  if (round2(input.typedScore) === round2(derived)) return { typed: null, reason: null };
  if (!reason) {
    errors.overrideReason = `手填得分 ${input.typedScore} 与按扣分项计算的 ${round2(derived)} 不一致:请改正扣分项,或写明改分原因`;
    return { typed: null, reason: null };
  }
  return { typed: input.typedScore, reason };
}

/** Creates a draft, or rewrites a draft / returned inspection (which becomes a draft again). */
export async function saveInspection(ctx: Ctx, input: InspectionInput): Promise<InspectionDetail> {
  const id = await ctx.ws.db.write(async (tx) => {
    const existing = input.id ? await readInspection(tx, input.id) : null;
    if (existing) {
      // The lock first: it says who locked the month, which is what the clerk needs to know.
      await assertMonthOpen(tx, existing.month);
      if (input.version !== existing.version) throw conflict(existing);
      if (existing.status !== 'draft' && existing.status !== 'returned') {
        throw new ApiError('validation', `该检查记录${STATUS_LABELS[existing.status]},不能再修改${existing.status === 'submitted' ? ';如需修改请审核员先退回' : ''}`);
      }
      if (existing.schemeId !== input.schemeId) {
        throw validationError({ schemeId: '检查所用的细则版本在创建时已确定,不能更换;请删除此草稿后按新细则重新录入' }, LABELS);
      }
    }
    const scheme = await getScheme(tx, input.schemeId);
    if (!existing && scheme.status !== 'active') throw validationError({ schemeId: `细则“${scheme.name}”已停用,请选用在用的细则` }, LABELS);
    const def = scheme.definition;
    const errors: FieldErrors = {};
    const { time, inspectors } = checkHeader(input, def, localToday(), errors);
    if (errors.date) throw validationError(errors, LABELS);
    const month = input.date.slice(0, 7);
    if (input.month && input.month !== month) {
      throw validationError({ date: `检查日期 ${input.date} 不在考核月份 ${input.month} 内:请核对日期,或把考核月份切换到 ${month}` }, LABELS);
    }
    await assertMonthOpen(tx, month);
    const target = await snapshotTarget(tx, input.targetType, input.targetId, input.date, def.category);
    const { findings, errors: findingErrors } = await prepareFindings(tx, def, input.findings, input.date);
    Object.assign(errors, findingErrors);
    const score = scorePrepared(def, findings);
    const typed = checkTypedScore(input, def, score.score, errors);
    if (Object.keys(errors).length) throw validationError(errors, LABELS);

    const now = new Date().toISOString();
    const values = [
      input.schemeId, month, input.date, time, input.mode, JSON.stringify(inspectors), input.targetType, input.targetId, target.targetName,
      target.sectionId, target.contractId, target.contractorId, target.contractorName, normalizeOptionalText(input.remarks),
      score.rawDeduction, score.deduction, score.bonus, typed.typed ?? score.score, score.vetoed ? 1 : 0, itemRawJson(score), typed.typed, typed.reason,
    ];
    let inspectionId: number;
    const before = existing ? await auditState(tx, existing.id) : undefined;
    if (existing) {
      await tx.run(
        `UPDATE inspections SET scheme_id = ?, month = ?, date = ?, time = ?, mode = ?, inspectors = ?, target_type = ?, target_id = ?, target_name = ?,
                section_id = ?, contract_id = ?, contractor_id = ?, contractor_name = ?, remarks = ?, raw_deduction = ?, deduction = ?, bonus = ?,
                score = ?, vetoed = ?, item_raw = ?, typed_score = ?, override_reason = ?, status = 'draft', version = version + 1, updated_at = ?, updated_by = ?
          WHERE id = ?`,
        [...values, now, ctx.user.id, existing.id],
      );
      await tx.run('DELETE FROM findings WHERE inspection_id = ?', [existing.id]);
      inspectionId = existing.id;
    } else {
      const { lastID } = await tx.run(
        `INSERT INTO inspections (root_id, scheme_id, month, date, time, mode, inspectors, target_type, target_id, target_name, section_id, contract_id,
                                  contractor_id, contractor_name, remarks, raw_deduction, deduction, bonus, score, vetoed, item_raw, typed_score,
                                  override_reason, status, created_at, created_by, updated_at, updated_by)
         VALUES (0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?)`,
        [...values, now, ctx.user.id, now, ctx.user.id],
      );
      await tx.run('UPDATE inspections SET root_id = id WHERE id = ?', [lastID]);
      inspectionId = lastID;
    }
    await insertFindings(tx, inspectionId, findings);
    await appendAudit(tx, ctx.user, {
      method: 'inspections.save',
      entity: 'inspection',
      entityId: inspectionId,
      before,
      after: await auditState(tx, inspectionId),
      reason: typed.reason,
    });
    return inspectionId;
  });
  return getInspection(ctx, id);
}

function conflict(current: InspectionSummary): ApiError {
  return new ApiError(
    'conflict',
    `该检查记录已被 ${current.updatedBy} 于 ${localDateTime(current.updatedAt)} 修改(当前状态:${STATUS_LABELS[current.status]}),请刷新后重试`,
  );
}

interface Transition {
  method: string;
  from: InspectionStatus[];
  /** What the refusal says when the inspection is in another state. */
  refuse: string;
}

/**
 * One workflow step on one inspection: reads it, checks version, month and state, runs `apply`, audits the
 * before and after states in the same transaction.
 */
async function transition(
  ctx: Ctx,
  input: { id: number; version: number },
  step: Transition,
  apply: (tx: Tx, current: InspectionSummary, now: string) => Promise<string | null>,
): Promise<InspectionDetail> {
  await ctx.ws.db.write(async (tx) => {
    const current = await readInspection(tx, input.id);
    if (current.supersededBy) throw new ApiError('validation', `该检查记录已被更正后的第 ${current.revision + 1} 版取代,请打开最新版本`);
    await assertMonthOpen(tx, current.month);
    if (current.version !== input.version) throw conflict(current);
    if (!step.from.includes(current.status)) {
      throw new ApiError('validation', `${step.refuse}:该检查记录当前为“${STATUS_LABELS[current.status]}”`);
    }
    const before = await auditState(tx, current.id);
    const now = new Date().toISOString();
    const reason = await apply(tx, current, now);
    await tx.run('UPDATE inspections SET version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?', [now, ctx.user.id, current.id]);
    await appendAudit(tx, ctx.user, {
      method: step.method,
      entity: 'inspection',
      entityId: current.id,
      before,
      after: await auditState(tx, current.id),
      reason,
    });
  });
  return getInspection(ctx, input.id);
}

export function submitInspection(ctx: Ctx, input: { id: number; version: number }): Promise<InspectionDetail> {
  return transition(ctx, input, { method: 'inspections.submit', from: ['draft', 'returned'], refuse: '只有草稿或已退回的检查记录可以提交' }, async (tx, current) => {
    const def = (await getScheme(tx, current.schemeId)).definition;
    const missing = missingEvidence(def, await loadFindings(tx, current.id, def));
    if (Object.keys(missing).length) throw validationError(missing);
    await tx.run(`UPDATE inspections SET status = 'submitted', return_reason = NULL, submitted_at = ?, submitted_by = ? WHERE id = ?`, [
      new Date().toISOString(),
      ctx.user.id,
      current.id,
    ]);
    return null;
  });
}

export function approveInspection(ctx: Ctx, input: { id: number; version: number }): Promise<InspectionDetail> {
  return transition(ctx, input, { method: 'inspections.approve', from: ['submitted'], refuse: '只有待审核的检查记录可以审核通过' }, async (tx, current, now) => {
    await tx.run(`UPDATE inspections SET status = 'approved', approved_at = ?, approved_by = ? WHERE id = ?`, [now, ctx.user.id, current.id]);
    await issueRectifications(ctx, tx, current.id, current.date);
    return null;
  });
}

export function returnInspection(ctx: Ctx, input: { id: number; version: number; reason: string }): Promise<InspectionDetail> {
  const reason = normalizeText(input.reason);
  if (!reason) throw validationError({ reason: '退回时必须写明原因,录入员据此修改' }, { reason: '退回原因' });
  return transition(ctx, input, { method: 'inspections.return', from: ['submitted', 'approved'], refuse: '只有待审核或已审核(未锁定)的检查记录可以退回' }, async (tx, current) => {
    const orders = await tx.get<{ n: number }>('SELECT count(*) AS n FROM rectifications WHERE inspection_id = ?', [current.id]);
    if (orders?.n) {
      throw new ApiError('validation', `该检查已下发 ${orders.n} 份整改通知,不能退回;如扣分有误,请把该检查排除出本月考核并重新录入`);
    }
    await tx.run(`UPDATE inspections SET status = 'returned', return_reason = ?, approved_at = NULL, approved_by = NULL WHERE id = ?`, [reason, current.id]);
    return reason;
  });
}

/** Leaves an inspection out of the month's scores (and so out of the lock's check), with a reason; or takes it back in. */
export function setInspectionExcluded(ctx: Ctx, input: { id: number; version: number; excluded: boolean; reason?: string | null }): Promise<InspectionDetail> {
  const reason = normalizeOptionalText(input.reason);
  if (input.excluded && !reason) throw validationError({ reason: '排除出本月考核时必须写明原因' }, { reason: '排除原因' });
  return transition(
    ctx,
    input,
    {
      method: input.excluded ? 'inspections.exclude' : 'inspections.include',
      from: ['draft', 'submitted', 'returned', 'approved'],
      refuse: '已锁定的检查记录不能排除',
    },
    async (tx, current) => {
      if (current.excluded === input.excluded) throw new ApiError('validation', input.excluded ? '该检查记录已被排除' : '该检查记录没有被排除');
      await tx.run('UPDATE inspections SET excluded = ?, exclude_reason = ? WHERE id = ?', [input.excluded ? 1 : 0, input.excluded ? reason : null, current.id]);
      return reason;
    },
  );
}

/** Drafts and returned inspections may be deleted outright (DOMAIN: hard delete only for drafts). */
export async function deleteInspection(ctx: Ctx, input: { id: number; version: number }): Promise<{ id: number }> {
  await ctx.ws.db.write(async (tx) => {
    const current = await readInspection(tx, input.id);
    await assertMonthOpen(tx, current.month);
    if (current.version !== input.version) throw conflict(current);
    if (current.status !== 'draft' && current.status !== 'returned') {
      throw new ApiError('validation', `只有草稿或已退回的检查记录可以删除;该记录${STATUS_LABELS[current.status]},可由审核员排除出本月考核`);
    }
    const before = await auditState(tx, current.id);
    await tx.run('DELETE FROM findings WHERE inspection_id = ?', [current.id]);
    await tx.run('DELETE FROM inspections WHERE id = ?', [current.id]);
    await appendAudit(tx, ctx.user, { method: 'inspections.delete', entity: 'inspection', entityId: current.id, before });
  });
  return { id: input.id };
}

/** The running score of a checklist being typed (nothing is stored). */
export async function previewInspection(
  ctx: Ctx,
  input: { schemeId: number; date?: string | null; findings: FindingInput[]; typedScore?: number | null },
): Promise<{ score: number; rawDeduction: number; deduction: number; bonus: number; vetoed: boolean; items: Record<string, { raw: number; applied: number }>; errors: FieldErrors }> {
  const scheme = await getScheme(ctx.ws.db, input.schemeId);
  const date = input.date && validDate(input.date) ? input.date : localToday();
  const { findings, errors } = await prepareFindings(ctx.ws.db.read, scheme.definition, input.findings, date);
  const score = scorePrepared(scheme.definition, findings);
  return { ...score, errors };
}
