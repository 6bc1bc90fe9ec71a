/**
 * The append-only, hash-chained audit log. Every write appends here inside its own transaction, so a change
 * and its record commit or vanish together. Triggers in the schema refuse UPDATE and DELETE; the chain
 * (each entry hashes the previous entry's hash) lets `verifyAudit` find an entry edited in the file.
 */
import { createHash } from 'node:crypto';
import type { Database, Tx } from '../sqlite';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditActor {
  id: number;
  name: string;
}

export interface AuditInput {
  method: string;
  entity: string;
  /** The row changed; null for a bulk write, whose rows are described by `bulk`. */
  entityId: number | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  /** A bulk write: rows with consecutive ids, stored compactly as `{keys, firstId, rows}`. */
  bulk?: BulkRows;
}

/**
 * Rows a bulk write inserted: ids `firstId … firstId + count − 1`, `rowsJson` a JSON array of value arrays in
 * the order of `keys` (the same text the insert read through json_each, so nothing is serialised twice).
 */
export interface BulkRows {
  keys: string[];
  firstId: number;
  count: number;
  rowsJson: string;
}

interface AuditRecord {
  id: number;
  at: string;
  user_id: number;
  user_name: string;
  method: string;
  entity: string;
  entity_id: number | null;
  before: string | null;
  after: string | null;
  reason: string | null;
  prev_hash: string;
  hash: string;
}

function entryHash(r: Omit<AuditRecord, 'hash'>): string {
  // Each field prefixed by its length: unambiguous whatever characters the texts contain, and a bulk entry's
  // large "after" text is hashed as it is, without being escaped into another JSON string first.
  const hash = createHash('sha256');
  for (const field of [r.prev_hash, r.id, r.at, r.user_id, r.user_name, r.method, r.entity, r.entity_id, r.before, r.after, r.reason]) {
    const text = field == null ? '' : String(field);
    hash.update(`${field == null ? 'N' : text.length}:`);
    hash.update(text);
    hash.update('|');
  }
  return hash.digest('hex');
}

/** Appends one entry in the caller's transaction and returns its id. */
export async function appendAudit(tx: Tx, actor: AuditActor, input: AuditInput): Promise<number> {
  const last = await tx.get<{ id: number; hash: string }>('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1');
  const record: Omit<AuditRecord, 'hash'> = {
    id: (last?.id ?? 0) + 1,
    at: new Date().toISOString(),
    user_id: actor.id,
    user_name: actor.name,
    method: input.method,
    entity: input.entity,
    entity_id: input.entityId,
    before: input.before === undefined ? null : JSON.stringify(input.before),
    after: input.bulk
      ? `{"keys":${JSON.stringify(input.bulk.keys)},"firstId":${input.bulk.firstId},"rows":${input.bulk.rowsJson}}`
      : input.after === undefined
        ? null
        : JSON.stringify(input.after),
    reason: input.reason ?? null,
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  const hash = entryHash(record);
  await tx.run(
    `INSERT INTO audit_log (id, at, user_id, user_name, method, entity, entity_id, before, after, reason, prev_hash, hash)
     VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
    [
      record.id,
      record.at,
      record.user_id,
      record.user_name,
      record.method,
      record.entity,
      record.entity_id,
      record.before,
      record.after,
      record.reason,
      record.prev_hash,
      hash,
    ],
  );
  if (input.entityId != null) {
    await tx.run('INSERT INTO audit_refs (entity, entity_id, audit_id, item) VALUES (?,?,?,NULL)', [
      input.entity,
      input.entityId,
      record.id,
    ]);
  }
  if (input.bulk && input.bulk.count > 0) {
    await tx.run(
      `WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i + 1 < ?3)
       INSERT INTO audit_refs (entity, entity_id, audit_id, item)
       SELECT ?1, ?2 + i, ?4, i FROM seq`,
      [input.entity, input.bulk.firstId, input.bulk.count, record.id],
    );
  }
  return record.id;
}

export interface AuditVerifyResult {
  ok: boolean;
  entries: number;
  /** The first entry whose hash or link does not match, and why (Chinese). */
  firstBroken: { id: number; reason: string } | null;
}

/** Recomputes the whole chain in id order, a page at a time. */
export async function verifyAudit(db: Database): Promise<AuditVerifyResult> {
  const PAGE = 2000;
  let prevHash = GENESIS_HASH;
  let expectedId = 1;
  let entries = 0;
  for (;;) {
    const rows = await db.read.all<AuditRecord>('SELECT * FROM audit_log WHERE id >= ? ORDER BY id LIMIT ?', [
      expectedId,
      PAGE,
    ]);
    for (const row of rows) {
      if (row.id !== expectedId) {
        return { ok: false, entries, firstBroken: { id: expectedId, reason: `审计记录 #${expectedId} 缺失(记录被删除)` } };
      }
      if (row.prev_hash !== prevHash) {
        return { ok: false, entries, firstBroken: { id: row.id, reason: `审计记录 #${row.id} 与上一条记录的链接不符` } };
      }
      const { hash, ...rest } = row;
      if (entryHash(rest) !== hash) {
        return { ok: false, entries, firstBroken: { id: row.id, reason: `审计记录 #${row.id} 的内容已被改动(哈希不符)` } };
      }
      prevHash = hash;
      expectedId += 1;
      entries += 1;
    }
    if (rows.length < PAGE) break;
  }
  return { ok: true, entries, firstBroken: null };
}

export interface AuditEntryForEntity {
  auditId: number;
  at: string;
  userId: number;
  userName: string;
  method: string;
  before: unknown;
  after: unknown;
  reason: string | null;
}

/**
 * Every audit entry that touched one row, oldest first. For bulk writes the row's own values are picked out
 * of the compact `{keys, rows}` form, so a bulk import reads like a single create in the row's history.
 */
export async function auditEntriesFor(db: Database, entity: string, entityId: number): Promise<AuditEntryForEntity[]> {
  const rows = await db.read.all<{
    id: number;
    at: string;
    user_id: number;
    user_name: string;
    method: string;
    before: string | null;
    after: string | null;
    bulk_keys: string | null;
    reason: string | null;
  }>(
    `SELECT a.id, a.at, a.user_id, a.user_name, a.method, a.reason, a.before,
            CASE WHEN r.item IS NULL THEN a.after ELSE json_extract(a.after, '$.rows[' || r.item || ']') END AS after,
            CASE WHEN r.item IS NULL THEN NULL ELSE json_extract(a.after, '$.keys') END AS bulk_keys
       FROM audit_refs r JOIN audit_log a ON a.id = r.audit_id
      WHERE r.entity = ? AND r.entity_id = ?
      ORDER BY a.id`,
    [entity, entityId],
  );
  return rows.map((r) => {
    let after: unknown = r.after == null ? null : JSON.parse(r.after);
    if (r.bulk_keys != null && Array.isArray(after)) {
      const keys = JSON.parse(r.bulk_keys) as string[];
      const values = after;
      after = Object.fromEntries(keys.map((k, i) => [k, values[i]]));
    }
    return {
      auditId: r.id,
      at: r.at,
      userId: r.user_id,
      userName: r.user_name,
      method: r.method,
      before: r.before == null ? null : JSON.parse(r.before),
      after,
      reason: r.reason,
    };
  });
}
