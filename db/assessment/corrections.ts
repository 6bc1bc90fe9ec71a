/**
 * Corrections after lock (更正, DOMAIN §4.3). Only a manager opens one, with a reason from the list, free
 * text and attachments (an appeal letter, evidence). It never edits what the lock stored: each changed
 * inspection gets a new revision (revision + 1, supersedes_id) scored under the same frozen scheme version,
 * the old revision is marked superseded, and the month's scores are stored again with the old rows marked
 * superseded. The audit log keeps the old and the new state of every inspection.
 */
import { appendAudit } from '../audit/audit';
import type { Ctx } from '../context';
import { ApiError, validationError, type FieldErrors } from '../errors';
import type { Tx } from '../sqlite';
import { normalizeOptionalText, normalizeText } from '../text';
import { insertFindings, itemRawJson, prepareFindings, scorePrepared, type FindingInput } from './findings';
import { readInspection } from './inspections';
import { monthLock } from './month-lock';
import { monthScores, storeMonthScores, type MonthScores } from './monthly';
import { getScheme } from './schemes';

export type CorrectionReason = 'dataEntryError' | 'appealUpheld' | 'recount' | 'targetMisassigned';

export const CORRECTION_REASON_LABELS: Record<CorrectionReason, string> = {
  dataEntryError: '录入错误',
  appealUpheld: '申诉成立',
  recount: '复核重计',
  targetMisassigned: '考核对象错配',
};

export interface CorrectionChange {
  inspectionId: number;
  /** The corrected findings (the whole list, as it should have been). */
  findings?: FindingInput[];
  remarks?: string | null;
  /** Take the inspection out of the month (e.g. the target was not the contractor's), or back in. */
  excluded?: boolean;
  excludeReason?: string | null;
}

export interface CorrectionInput {
  month: string;
  reasonKind: CorrectionReason;
  reasonText: string;
  attachments?: number[];
  changes: CorrectionChange[];
}

export interface Correction {
  id: number;
  month: string;
  reasonKind: CorrectionReason;
  reasonLabel: string;
  reasonText: string;
  attachments: number[];
  createdAt: string;
  createdBy: string;
  /** The new revisions it created: old id → new id, with the scores before and after. */
  revisions: Array<{ fromId: number; toId: number; targetName: string; scoreBefore: number; scoreAfter: number }>;
}

async function newRevision(ctx: Ctx, tx: Tx, change: CorrectionChange, index: number, month: string, correctionId: number, errors: FieldErrors) {
  const at = (field: string, message: string): void => {
    errors[`changes.${index}.${field}`] = message;
  };
  const old = await readInspection(tx, change.inspectionId).catch(() => null);
  if (!old) return at('inspectionId', `检查记录(编号 ${change.inspectionId})不存在`);
  if (old.month !== month) return at('inspectionId', `检查记录 ${old.id}(${old.date} ${old.targetName})不属于 ${month} 月`);
  if (old.supersededBy) return at('inspectionId', `检查记录 ${old.id} 已被第 ${old.revision + 1} 版取代,请更正最新版本(编号 ${old.supersededBy})`);
  if (old.status !== 'locked' && !old.excluded) return at('inspectionId', `检查记录 ${old.id} 未随本月锁定(状态:${old.status}),无需更正`);
  const def = (await getScheme(tx, old.schemeId)).definition;

  const oldFindings = await tx.all<Omit<FindingInput, 'photos' | 'rectify'> & { photos: string; rectify: number }>(
    `SELECT item_code AS itemCode, occurrences, points_each AS pointsEach, location, description, responsible, photos, rectify, rectify_deadline AS rectifyDeadline
       FROM findings WHERE inspection_id = ? ORDER BY seq`,
    [old.id],
  );
  const inputs: FindingInput[] =
    change.findings ?? oldFindings.map((f) => ({ ...f, photos: JSON.parse(f.photos) as number[], rectify: f.rectify === 1 }));
  const { findings, errors: findingErrors } = await prepareFindings(tx, def, inputs, old.date);
  for (const [key, message] of Object.entries(findingErrors)) errors[`changes.${index}.${key}`] = `检查记录 ${old.id}:${message}`;
  const excluded = change.excluded ?? old.excluded;
  const excludeReason = excluded ? normalizeOptionalText(change.excludeReason) ?? old.excludeReason : null;
  if (excluded && !excludeReason) at('excludeReason', `检查记录 ${old.id}:排除出本月考核须写明原因`);
  if (Object.keys(errors).length) return;

  const score = scorePrepared(def, findings);
  const now = new Date().toISOString();
  const { lastID } = await tx.run(
    `INSERT INTO inspections (root_id, revision, supersedes_id, correction_id, scheme_id, month, date, time, mode, inspectors, target_type, target_id,
                              target_name, section_id, contract_id, contractor_id, contractor_name, status, excluded, exclude_reason, remarks,
                              raw_deduction, deduction, bonus, score, vetoed, item_raw, created_at, created_by, updated_at, updated_by, submitted_at, submitted_by,
                              approved_at, approved_by)
     SELECT root_id, revision + 1, id, ?, scheme_id, month, date, time, mode, inspectors, target_type, target_id, target_name, section_id, contract_id,
            contractor_id, contractor_name, 'locked', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, submitted_at, submitted_by, ?, ?
       FROM inspections WHERE id = ?`,
    [
      correctionId,
      excluded ? 1 : 0,
      excludeReason,
      change.remarks === undefined ? old.remarks : normalizeOptionalText(change.remarks),
      score.rawDeduction,
      score.deduction,
      score.bonus,
      score.score,
      score.vetoed ? 1 : 0,
      itemRawJson(score),
      now,
      ctx.user.id,
      now,
      ctx.user.id,
      now,
      ctx.user.id,
      old.id,
    ],
  );
  await insertFindings(tx, lastID, findings);
  await tx.run('UPDATE inspections SET superseded_by = ? WHERE id = ?', [lastID, old.id]);
  await appendAudit(tx, ctx.user, {
    method: 'corrections.open',
    entity: 'inspection',
    entityId: lastID,
    before: { id: old.id, revision: old.revision, score: old.score, excluded: old.excluded, findings: oldFindings.map(({ photos: _p, ...f }) => f) },
    after: {
      id: lastID,
      revision: old.revision + 1,
      score: score.score,
      excluded,
      correctionId,
      findings: findings.map((f) => ({ itemCode: f.itemCode, occurrences: f.occurrences, pointsEach: f.pointsEach, points: f.points, location: f.location, description: f.description })),
    },
    reason: `更正单 ${correctionId}`,
  });
  // The superseded revision's own history points at its successor.
  await appendAudit(tx, ctx.user, {
    method: 'corrections.supersede',
    entity: 'inspection',
    entityId: old.id,
    after: { supersededBy: lastID, correctionId },
    reason: `更正单 ${correctionId}`,
  });
  return { fromId: old.id, toId: lastID, targetName: old.targetName, scoreBefore: old.score, scoreAfter: score.score };
}

export async function openCorrection(ctx: Ctx, input: CorrectionInput): Promise<{ correction: Correction; scores: MonthScores }> {
  const reasonText = normalizeText(input.reasonText);
  const id = await ctx.ws.db.write(async (tx) => {
    const lock = await monthLock(tx, input.month);
    if (!lock) throw new ApiError('validation', `${input.month} 月尚未锁定,检查记录可直接由审核员退回修改,无需更正`);
    const errors: FieldErrors = {};
    if (!reasonText) errors.reasonText = '须写明更正的具体原因(如申诉函文号、复核情况)';
    if (!input.changes.length) errors.changes = '请至少选择一条要更正的检查记录';
    const ids = input.changes.map((c) => c.inspectionId);
    if (new Set(ids).size !== ids.length) errors.changes = '同一条检查记录在一次更正中只能出现一次';
    const attachments = [...new Set(input.attachments ?? [])];
    if (attachments.length) {
      const found = await tx.get<{ n: number }>(`SELECT count(*) AS n FROM attachments WHERE id IN (${attachments.map(() => '?').join(',')})`, attachments);
      if (found?.n !== attachments.length) errors.attachments = '附件不存在,请重新上传';
    }
    if (Object.keys(errors).length) throw validationError(errors, { reasonText: '更正原因', changes: '更正内容', attachments: '附件' });

    const now = new Date().toISOString();
    const { lastID: correctionId } = await tx.run(
      'INSERT INTO corrections (month, reason_kind, reason_text, attachments, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)',
      [input.month, input.reasonKind, reasonText, JSON.stringify(attachments), now, ctx.user.id],
    );
    const revisions: Correction['revisions'] = [];
    for (const [index, change] of input.changes.entries()) {
      const revision = await newRevision(ctx, tx, change, index, input.month, correctionId, errors);
      if (revision) revisions.push(revision);
    }
    if (Object.keys(errors).length) throw validationError(errors);
    const stored = await storeMonthScores(ctx, tx, input.month, correctionId);
    await appendAudit(tx, ctx.user, {
      method: 'corrections.open',
      entity: 'correction',
      entityId: correctionId,
      after: {
        month: input.month,
        reasonKind: input.reasonKind,
        reasonText,
        attachments,
        revisions,
        units: stored.units,
        payments: stored.payments,
      },
      reason: `${CORRECTION_REASON_LABELS[input.reasonKind]}:${reasonText}`,
    });
    return correctionId;
  });
  const [correction] = await listCorrections(ctx.ws.db.read, { month: input.month, id });
  return { correction, scores: await monthScores(ctx.ws.db.read, input.month) };
}

export async function listCorrections(tx: Tx, filter: { month: string; id?: number }): Promise<Correction[]> {
  const rows = await tx.all<Omit<Correction, 'attachments' | 'revisions' | 'reasonLabel'> & { attachments: string }>(
    `SELECT c.id, c.month, c.reason_kind AS reasonKind, c.reason_text AS reasonText, c.attachments, c.created_at AS createdAt, u.name AS createdBy
       FROM corrections c JOIN users u ON u.id = c.created_by
      WHERE c.month = ? ${filter.id ? 'AND c.id = ?' : ''} ORDER BY c.id`,
    filter.id ? [filter.month, filter.id] : [filter.month],
  );
  const out: Correction[] = [];
  for (const r of rows) {
    const revisions = await tx.all<Correction['revisions'][number]>(
      `SELECT n.supersedes_id AS fromId, n.id AS toId, n.target_name AS targetName, o.score AS scoreBefore, n.score AS scoreAfter
         FROM inspections n JOIN inspections o ON o.id = n.supersedes_id WHERE n.correction_id = ? ORDER BY n.id`,
      [r.id],
    );
    out.push({ ...r, reasonLabel: CORRECTION_REASON_LABELS[r.reasonKind], attachments: JSON.parse(r.attachments) as number[], revisions });
  }
  return out;
}
