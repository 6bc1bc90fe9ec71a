/**
 * Assessment schemes as versioned data (DOMAIN §2.8). A family (one checklist, e.g. 公共厕所月度考核细则) has
 * numbered versions; an inspection is scored under the version it was created with, forever. Saving a family
 * whose latest version no inspection uses yet rewrites that version; once an inspection uses it, saving adds
 * version + 1, so what a locked month was scored under never changes.
 */
import { appendAudit } from '../audit/audit';
import type { Ctx } from '../context';
import { ApiError, validationError } from '../errors';
import type { Database, Tx } from '../sqlite';
import { checkScheme } from './scheme';
import type { SchemeDefinition, TargetType } from './types';

export interface SchemeVersion {
  id: number;
  familyId: number;
  version: number;
  name: string;
  targetType: TargetType;
  category: SchemeDefinition['category'];
  effectiveFrom: string;
  effectiveTo: string | null;
  status: 'active' | 'retired';
  /** Changes with every rewrite of this version; `schemes.save` compares it to refuse a stale editor. */
  revision: number;
  createdAt: string;
  createdBy: string;
  /** How many inspections were scored under this version (a used version is never rewritten). */
  inspections: number;
  definition: SchemeDefinition;
}

const SELECT_SCHEME = `
  SELECT s.id, s.family_id AS familyId, s.version, s.name, s.target_type AS targetType, s.category,
         s.effective_from AS effectiveFrom, s.effective_to AS effectiveTo, s.status, s.revision, s.created_at AS createdAt,
         u.name AS createdBy, s.definition,
         (SELECT count(*) FROM inspections i WHERE i.scheme_id = s.id) AS inspections
    FROM assessment_schemes s JOIN users u ON u.id = s.created_by`;

type SchemeRow = Omit<SchemeVersion, 'definition'> & { definition: string };

function fromRow(row: SchemeRow): SchemeVersion {
  return { ...row, definition: JSON.parse(row.definition) as SchemeDefinition };
}

/** Every version of every family, newest version first within a family. */
export async function listSchemes(db: Database | Tx, options: { includeRetired?: boolean } = {}): Promise<SchemeVersion[]> {
  const read = 'read' in db ? db.read : db;
  const rows = await read.all<SchemeRow>(
    `${SELECT_SCHEME} ${options.includeRetired ? '' : "WHERE s.status = 'active'"} ORDER BY s.family_id, s.version DESC`,
  );
  return rows.map(fromRow);
}

export async function getScheme(db: Database | Tx, id: number): Promise<SchemeVersion> {
  const read = 'read' in db ? db.read : db;
  const row = await read.get<SchemeRow>(`${SELECT_SCHEME} WHERE s.id = ?`, [id]);
  if (!row) throw new ApiError('not_found', `考核细则(编号 ${id})不存在`);
  return fromRow(row);
}

/**
 * The version of a family that applies on a date: the newest active version whose effective range covers it.
 * Null when none does.
 */
export async function schemeVersionOn(tx: Tx, familyId: number, date: string): Promise<SchemeVersion | null> {
  const row = await tx.get<SchemeRow>(
    `${SELECT_SCHEME} WHERE s.family_id = ? AND s.status = 'active' AND s.effective_from <= ?
        AND (s.effective_to IS NULL OR s.effective_to >= ?) ORDER BY s.version DESC LIMIT 1`,
    [familyId, date, date],
  );
  return row ? fromRow(row) : null;
}

export interface SaveSchemeInput {
  /** The family to save a new state of; absent for a new family. */
  familyId?: number;
  definition: SchemeDefinition;
  /** Why the rules changed (kept in the audit log). */
  reason?: string | null;
  /** The latest version as the editor opened it: a save over a newer state is refused (conflict). */
  expected?: { id: number; revision: number } | null;
}

/** Validates and stores a scheme; returns the version now holding it. */
export async function saveScheme(ctx: Ctx, input: SaveSchemeInput): Promise<SchemeVersion> {
  const def = input.definition;
  const errors = checkScheme(def);
  if (Object.keys(errors).length) throw validationError(errors);
  const id = await ctx.ws.db.write(async (tx) => {
    const now = new Date().toISOString();
    const latest = input.familyId
      ? await tx.get<SchemeRow>(`${SELECT_SCHEME} WHERE s.family_id = ? ORDER BY s.version DESC LIMIT 1`, [input.familyId])
      : undefined;
    if (input.familyId && !latest) throw new ApiError('not_found', `考核细则(编号 ${input.familyId})不存在`);
    if (latest && input.expected && (input.expected.id !== latest.id || input.expected.revision !== latest.revision)) {
      throw new ApiError(
        'conflict',
        `细则“${latest.name}”在您打开后已被他人修改(现为第 ${latest.version} 版),请重新打开后再改;您的修改没有保存`,
      );
    }
    if (latest && latest.targetType !== def.targetType) {
      throw validationError({ targetType: `考核对象不能从“${latest.targetType}”改为“${def.targetType}”:已有的检查记录按原对象评分。请新建一份细则` });
    }
    const values = [def.name, def.targetType, def.category, def.effectiveFrom, def.effectiveTo, JSON.stringify(def)];
    if (latest && latest.inspections === 0) {
      await tx.run(
        `UPDATE assessment_schemes SET name = ?, target_type = ?, category = ?, effective_from = ?, effective_to = ?, definition = ?,
                revision = revision + 1
          WHERE id = ?`,
        [...values, latest.id],
      );
      await appendAudit(tx, ctx.user, {
        method: 'schemes.save',
        entity: 'assessment_scheme',
        entityId: latest.id,
        before: JSON.parse(latest.definition),
        after: def,
        reason: input.reason ?? null,
      });
      return latest.id;
    }
    const version = latest ? latest.version + 1 : 1;
    const { lastID } = await tx.run(
      `INSERT INTO assessment_schemes (family_id, version, name, target_type, category, effective_from, effective_to, definition, status, created_at, created_by)
       VALUES (coalesce(?, 0), ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?)`,
      [input.familyId ?? null, version, ...values, now, ctx.user.id],
    );
    if (!latest) await tx.run('UPDATE assessment_schemes SET family_id = id WHERE id = ?', [lastID]);
    await appendAudit(tx, ctx.user, {
      method: 'schemes.save',
      entity: 'assessment_scheme',
      entityId: lastID,
      before: latest ? { version: latest.version, definition: JSON.parse(latest.definition) } : undefined,
      after: { version, definition: def },
      reason:
        [latest ? `第 ${latest.version} 版已用于 ${latest.inspections} 次检查,另存为第 ${version} 版` : null, input.reason]
          .filter(Boolean)
          .join(';') || null,
    });
    return lastID;
  });
  return getScheme(ctx.ws.db, id);
}

/** Retires (or brings back) a whole family: retired schemes are not offered for new inspections. */
export async function setSchemeFamilyStatus(ctx: Ctx, familyId: number, status: 'active' | 'retired'): Promise<SchemeVersion[]> {
  await ctx.ws.db.write(async (tx) => {
    const { changes } = await tx.run('UPDATE assessment_schemes SET status = ? WHERE family_id = ? AND status <> ?', [status, familyId, status]);
    const exists = await tx.get('SELECT 1 FROM assessment_schemes WHERE family_id = ?', [familyId]);
    if (!exists) throw new ApiError('not_found', `考核细则(编号 ${familyId})不存在`);
    if (!changes) throw validationError({ status: status === 'retired' ? '该细则已停用' : '该细则已在使用中' });
    await appendAudit(tx, ctx.user, {
      method: status === 'retired' ? 'schemes.retire' : 'schemes.activate',
      entity: 'assessment_scheme_family',
      entityId: familyId,
      after: { status },
    });
  });
  return (await listSchemes(ctx.ws.db, { includeRetired: true })).filter((s) => s.familyId === familyId);
}
