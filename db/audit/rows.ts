/**
 * Ledger rows against their audit trail. The hash chain (audit.ts) proves the log itself was not edited; this
 * proves the ledgers were not edited around it: someone with the SQLite file and a tool such as DB Browser can
 * run `UPDATE toilets SET name = 'x'`, which leaves the chain intact. Every write of a ledger row goes through
 * db/ledger/service.ts and records what it wrote, so each live field must equal the value its last audit entry
 * recorded:
 *
 * - a create (`<prefix>.create`, a created row of a batch) records the whole row in `after`;
 * - a bulk insert (imports, the demo district) records `{keys, firstId, rows}`, row i being id firstId + i;
 * - an update (`.update`, `.batch`, `import.commit`, `estates.decide`) records the changed fields in `after`;
 * - a delete or restore records `deletedAt`.
 *
 * Fields no entry ever recorded (a column added later with its default) are not compared. The check goes a
 * page of ids at a time and takes from a bulk entry only that page's rows, so 100,000 rows take seconds and
 * the memory of a page.
 */
import { creditRecords } from '../contractors/service';
import { toSql, type FieldDef, type FieldValue } from '../fields';
import { LEDGERS, type AnyLedger } from '../ledgers';
import type { Database } from '../sqlite';

/**
 * Fields that SQLite triggers change after a rename elsewhere (db/migrations/008_contracts.ts): a contract's
 * consortium members follow a renamed contractor, a section's streets a renamed street. The rename itself is in
 * the audit log, so a member list is right when each name is the recorded one or a later name of it.
 */
const RENAMED_BY: Record<string, Record<string, string>> = {
  contract: { consortiumMembers: 'contractor' },
  bidSection: { streetNames: 'street' },
};

const PAGE = 5000;

export interface RowDifference {
  /** The ledger's title (公厕台账) and table. */
  title: string;
  table: string;
  id: number;
  /** Field key and label; `deletedAt` for the deletion mark; '' for a whole row. */
  field: string;
  label: string;
  /** As the audit log recorded it, and as the file holds it (display text). */
  audit: string;
  file: string;
  /** The entry that recorded the value (null: no entry at all). */
  auditId: number | null;
  /** Chinese, one line: table, row, field, both values. */
  message: string;
}

export interface RowCheckResult {
  ok: boolean;
  /** Rows compared and differences found per ledger. */
  tables: Array<{ table: string; title: string; rows: number; differences: number }>;
  rows: number;
  /** Every difference found. */
  total: number;
  /** The first ones (up to `limit`), in ledger and id order. */
  differences: RowDifference[];
}

interface RowState {
  /** By slot (the ledger's stored fields, then deletedAt): the last value recorded, and by which entry (0: none). */
  values: unknown[];
  auditIds: number[];
  created: boolean;
}

/** The rows of one bulk entry that fall in the page being compared, by their item number. */
interface BulkSlice {
  keys: string[];
  rows: Map<number, FieldValue[]>;
}

function quoted(value: unknown): string {
  if (value == null) return '(空)';
  if (typeof value === 'string') return `“${value}”`;
  return JSON.stringify(value);
}

/** Every ledger kept through LedgerService, each once. */
function auditedLedgers(): AnyLedger[] {
  const all = [...Object.values(LEDGERS), creditRecords as unknown as AnyLedger];
  return all.filter((l, i) => all.findIndex((o) => o.def.table === l.def.table) === i);
}

/** A value as it is stored, for comparison with the file: booleans 0/1, lists JSON, numbers as numbers. */
function sameStored(field: FieldDef | null, recorded: unknown, stored: unknown): boolean {
  if (field?.kind === 'list') {
    const a = JSON.stringify(recorded ?? []);
    const b = typeof stored === 'string' ? stored : JSON.stringify(stored ?? []);
    try {
      return a === JSON.stringify(JSON.parse(b));
    } catch {
      return false;
    }
  }
  const expected = field ? toSql(field, recorded as FieldValue) : (recorded ?? null);
  if (expected === stored) return true;
  if (expected == null || stored == null) return false;
  return typeof expected === 'number' && typeof stored === 'number' ? expected === stored : String(expected) === String(stored);
}

/** A list written before renames: each item is the recorded name or a name it was renamed to after `since`. */
function sameAfterRenames(recorded: unknown, stored: unknown, renames: Array<{ id: number; from: string; to: string }>, since: number): boolean {
  if (!Array.isArray(recorded) || typeof stored !== 'string') return false;
  let now: unknown;
  try {
    now = JSON.parse(stored);
  } catch {
    return false;
  }
  if (!Array.isArray(now) || now.length !== recorded.length) return false;
  return recorded.every((name, i) => {
    const names = new Set([name]);
    let current = name;
    for (const r of renames) {
      if (r.id > since && r.from === current) {
        current = r.to;
        names.add(current);
      }
    }
    return names.has(now[i]);
  });
}

async function renamesOf(db: Database, entity: string): Promise<Array<{ id: number; from: string; to: string }>> {
  return db.read.all(
    `SELECT id, json_extract(before, '$.name') AS "from", json_extract(after, '$.name') AS "to" FROM audit_log
      WHERE entity = ? AND before IS NOT NULL AND after IS NOT NULL
        AND json_type(before, '$.name') = 'text' AND json_type(after, '$.name') = 'text'
      ORDER BY id`,
    [entity],
  );
}

async function checkLedger(db: Database, ledger: AnyLedger, found: (d: RowDifference) => void): Promise<number> {
  const { def } = ledger;
  const fields = def.fields.filter((f) => !f.derived);
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const renamed = RENAMED_BY[def.entity] ?? {};
  const renames = new Map<string, Array<{ id: number; from: string; to: string }>>();
  for (const [key, entity] of Object.entries(renamed)) renames.set(key, await renamesOf(db, entity));
  const { maxId } = (await db.read.get<{ maxId: number | null }>(
    `SELECT max(coalesce((SELECT max(id) FROM ${def.table}), 0), coalesce((SELECT max(entity_id) FROM audit_refs WHERE entity = ?), 0)) AS maxId`,
    [def.entity],
  ))!;
  const select = `SELECT id, deleted_at AS "deletedAt", ${fields.map((f) => `${f.column} AS "${f.key}"`).join(', ')} FROM ${def.table} WHERE id BETWEEN ? AND ? ORDER BY id`;
  let rowsCompared = 0;
  const slots = [...fields.map((f) => f.key), 'deletedAt'];
  const slotOf = new Map(slots.map((key, i) => [key, i]));
  const differ = (id: number, field: string, auditId: number | null, audit: string, file: string, what: string) => {
    const label = field === 'deletedAt' ? '删除时间' : field ? (byKey.get(field)?.label ?? field) : '';
    found({
      title: def.title,
      table: def.table,
      id,
      field,
      label,
      audit,
      file,
      auditId,
      message: `${def.title}(${def.table})编号 ${id} 的${def.noun}${label ? `“${label}”` : ''}:${what}`,
    });
  };

  for (let lo = 1; lo <= (maxId ?? 0); lo += PAGE) {
    const hi = lo + PAGE - 1;
    const fileRows = new Map((await db.read.all<Record<string, unknown> & { id: number }>(select, [lo, hi])).map((r) => [r.id, r]));
    const refs = await db.read.all<{ entityId: number; auditId: number; item: number | null }>(
      'SELECT entity_id AS entityId, audit_id AS auditId, item FROM audit_refs WHERE entity = ? AND entity_id BETWEEN ? AND ? ORDER BY audit_id',
      [def.entity, lo, hi],
    );
    // Entries that wrote one row, fetched together; bulk entries parsed once and kept while their ids last.
    const singleIds = [...new Set(refs.filter((r) => r.item == null).map((r) => r.auditId))];
    const singles = new Map<number, { method: string; before: unknown; after: unknown }>();
    for (let i = 0; i < singleIds.length; i += 500) {
      const chunk = singleIds.slice(i, i + 500);
      const entries = await db.read.all<{ id: number; method: string; before: string | null; after: string | null }>(
        `SELECT id, method, before, after FROM audit_log WHERE id IN (${chunk.map(() => '?').join(',')})`,
        chunk,
      );
      for (const e of entries) {
        singles.set(e.id, { method: e.method, before: e.before == null ? null : JSON.parse(e.before), after: e.after == null ? null : JSON.parse(e.after) });
      }
    }
    // A bulk entry's rows for this page only: SQLite walks the entry's JSON and hands over just these items, so
    // a 100,000-row import is never held in memory whole.
    const bulks = new Map<number, BulkSlice>();
    const bulkItems = new Map<number, number[]>();
    for (const r of refs) if (r.item != null) bulkItems.set(r.auditId, [...(bulkItems.get(r.auditId) ?? []), r.item]);
    for (const [auditId, items] of bulkItems) {
      const low = Math.min(...items);
      const high = Math.max(...items);
      const keys = await db.read.get<{ keys: string | null }>("SELECT json_extract(after, '$.keys') AS keys FROM audit_log WHERE id = ?", [auditId]);
      const slice = await db.read.all<{ item: number; row: string }>(
        "SELECT j.key AS item, j.value AS row FROM audit_log a, json_each(a.after, '$.rows') j WHERE a.id = ? AND j.key BETWEEN ? AND ?",
        [auditId, low, high],
      );
      bulks.set(auditId, { keys: JSON.parse(keys?.keys ?? '[]') as string[], rows: new Map(slice.map((x) => [x.item, JSON.parse(x.row) as FieldValue[]])) });
    }

    // Replayed in audit order: per row, each slot's last recorded value and the entry that recorded it.
    const states = new Map<number, RowState>();
    const stateOf = (id: number) => {
      let state = states.get(id);
      if (!state) states.set(id, (state = { values: new Array(slots.length), auditIds: new Array(slots.length).fill(0), created: false }));
      return state;
    };
    const record = (state: RowState, key: string, value: unknown, auditId: number) => {
      const slot = slotOf.get(key);
      if (slot === undefined) return false;
      state.values[slot] = value;
      state.auditIds[slot] = auditId;
      return true;
    };
    for (const r of refs) {
      const state = stateOf(r.entityId);
      if (r.item != null) {
        const bulk = bulks.get(r.auditId)!;
        const values = bulk.rows.get(r.item) ?? [];
        bulk.keys.forEach((key, k) => record(state, key, values[k] ?? null, r.auditId));
        record(state, 'deletedAt', null, r.auditId);
        state.created = true;
        continue;
      }
      const entry = singles.get(r.auditId);
      if (!entry || entry.after == null || typeof entry.after !== 'object' || Array.isArray(entry.after)) continue;
      const after = entry.after as Record<string, unknown>;
      let named = false;
      for (const [key, value] of Object.entries(after)) if (record(state, key, value, r.auditId) && key !== 'deletedAt') named = true;
      // A create records the whole row and no "before"; other entries about the row (money inputs of a contract)
      // name none of its fields.
      if (entry.before == null && named) {
        state.created = true;
        record(state, 'deletedAt', null, r.auditId);
      }
    }

    const ids = new Set([...fileRows.keys(), ...states.keys()]);
    for (const id of [...ids].sort((a, b) => a - b)) {
      const row = fileRows.get(id);
      const state = states.get(id);
      if (row) rowsCompared += 1;
      if (row && !state) {
        differ(id, '', null, '(无记录)', '(有这一行)', '文件中有这一行,审计日志中却没有任何记录(绕过程序直接写入文件)');
        continue;
      }
      if (!row) {
        if (state?.created) differ(id, '', null, '(有这一行)', '(无)', '审计日志记录了这一行,文件中却没有(从文件中直接删除)');
        continue;
      }
      slots.forEach((key, slot) => {
        const auditId = state!.auditIds[slot];
        if (!auditId) return; // never recorded
        const recorded = state!.values[slot];
        const field = byKey.get(key) ?? null;
        const stored = row[key];
        if (sameStored(field, recorded, stored)) return;
        const renameList = renames.get(key);
        if (renameList && sameAfterRenames(recorded, stored, renameList, auditId)) return;
        const fileValue = field?.kind === 'list' && typeof stored === 'string' ? safeParse(stored) : field?.kind === 'bool' && stored != null ? stored === 1 : stored;
        differ(id, key, auditId, quoted(recorded), quoted(fileValue), `审计记录 #${auditId} 为 ${quoted(recorded)},文件中为 ${quoted(fileValue)}(在程序之外被改动)`);
      });
    }
  }
  return rowsCompared;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Compares every row of every ledger with what the audit log recorded for it; see the file comment. */
export async function verifyLedgerRows(db: Database, options: { limit?: number } = {}): Promise<RowCheckResult> {
  const limit = options.limit ?? 20;
  const differences: RowDifference[] = [];
  const tables: RowCheckResult['tables'] = [];
  let total = 0;
  let rows = 0;
  for (const ledger of auditedLedgers()) {
    let inTable = 0;
    const compared = await checkLedger(db, ledger, (d) => {
      inTable += 1;
      total += 1;
      if (differences.length < limit) differences.push(d);
    });
    rows += compared;
    tables.push({ table: ledger.def.table, title: ledger.def.title, rows: compared, differences: inTable });
  }
  return { ok: total === 0, tables, rows, total, differences };
}
