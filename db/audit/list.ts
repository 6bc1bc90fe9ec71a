/**
 * Reading the audit log (系统 → 审计日志): newest first, filtered by what was changed, by whom, by method and by
 * date; a page at a time. Bulk entries are listed with their size rather than their (large) row data.
 */
import type { Database } from '../sqlite';

export interface AuditListFilter {
  entity?: string;
  entityId?: number;
  userId?: number;
  /** A method name or its prefix: `inspections.` lists the whole module. */
  method?: string;
  /** YYYY-MM-DD, inclusive. */
  from?: string;
  to?: string;
  search?: string;
  offset?: number;
  limit?: number;
}

export interface AuditListEntry {
  id: number;
  at: string;
  userId: number;
  userName: string;
  method: string;
  entity: string;
  entityId: number | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  /** For a bulk write: how many rows it wrote (its row data is not repeated here). */
  bulkRows: number | null;
}

/** Above this size the before/after text is cut, so one entry cannot flood a page. */
const MAX_TEXT = 20_000;

function parse(text: string | null): unknown {
  if (text == null) return null;
  if (text.length > MAX_TEXT) return `${text.slice(0, MAX_TEXT)}…(已截断,共 ${text.length} 字)`;
  return JSON.parse(text) as unknown;
}

export async function listAudit(db: Database, filter: AuditListFilter): Promise<{ total: number; entries: AuditListEntry[] }> {
  const where: string[] = [];
  const params: Array<string | number> = [];
  if (filter.entity) where.push('entity = ?'), params.push(filter.entity);
  if (filter.entityId != null) where.push('id IN (SELECT audit_id FROM audit_refs WHERE entity = ? AND entity_id = ?)'), params.push(filter.entity ?? '', filter.entityId);
  if (filter.userId != null) where.push('user_id = ?'), params.push(filter.userId);
  if (filter.method) {
    if (filter.method.endsWith('.')) where.push("method LIKE ? ESCAPE '\\'"), params.push(`${filter.method.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    else where.push('method = ?'), params.push(filter.method);
  }
  if (filter.from) where.push('at >= ?'), params.push(filter.from);
  if (filter.to) where.push('at < ?'), params.push(`${filter.to}T99`);
  if (filter.search) {
    const like = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push("(user_name LIKE ? ESCAPE '\\' OR reason LIKE ? ESCAPE '\\' OR method LIKE ? ESCAPE '\\')");
    params.push(like, like, like);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (await db.read.get<{ n: number }>(`SELECT count(*) AS n FROM audit_log ${clause}`, params))!.n;
  const rows = await db.read.all<{
    id: number;
    at: string;
    userId: number;
    userName: string;
    method: string;
    entity: string;
    entityId: number | null;
    before: string | null;
    after: string | null;
    reason: string | null;
    bulkRows: number | null;
  }>(
    `SELECT id, at, user_id AS userId, user_name AS userName, method, entity, entity_id AS entityId, before,
            CASE WHEN json_valid(after) AND json_type(after, '$.firstId') IS NOT NULL THEN NULL ELSE after END AS after,
            CASE WHEN json_valid(after) AND json_type(after, '$.firstId') IS NOT NULL THEN json_array_length(after, '$.rows') END AS bulkRows,
            reason
       FROM audit_log ${clause} ORDER BY id DESC LIMIT ? OFFSET ?`,
    [...params, filter.limit ?? 200, filter.offset ?? 0],
  );
  return { total, entries: rows.map((r) => ({ ...r, before: parse(r.before), after: parse(r.after) })) };
}
