/**
 * One ledger's whole write and read path, built from a definition: list with filters, get, create, update
 * with optimistic versions, soft delete and restore, history from the audit log, the all-or-nothing batch
 * that a pasted block becomes, and the bulk insert and upsert that imports and the demo district use.
 *
 * A ledger module (toilets, streets, estates, contractors, …) supplies its fields, its SELECT with joins,
 * and its rules; every write then follows the same discipline: one transaction, rules inside it, one audit
 * entry, nothing written when anything is refused.
 */
import { appendAudit } from '../audit/audit';
import type { Ctx } from '../context';
import { ApiError, validationError, type FieldErrors, type RowError } from '../errors';
import { toSql, type FieldDef, type FieldValue } from '../fields';
import type { Database, SqlValue, Tx } from '../sqlite';
import { normalizeText } from '../text';
import { UniqueKey } from './keys';
import {
  changedKeys,
  coerceRecord,
  decodeRow,
  ROW_META_SELECT,
  rowHistory,
  selectFields,
  type HistoryEntry,
  type RowMeta,
  type Values,
  type Warning,
} from './record';

export interface RuleOutcome {
  errors: FieldErrors;
  warnings: Warning[];
}

/** Equality filters a list accepts: filter key → SQL expression over the ledger's SELECT. */
export type FilterColumns = Record<string, string>;

export interface LedgerDef<Row extends RowMeta, Context> {
  /** Audit entity name, e.g. `toilet`. */
  entity: string;
  /** Method prefix, e.g. `toilets` (methods are `toilets.list`, …). */
  prefix: string;
  /** What one row is called in messages, e.g. 公厕. */
  noun: string;
  /** Ledger title for exports, e.g. 公厕台账. */
  title: string;
  table: string;
  fields: FieldDef[];
  /** FROM clause with the ledger's table aliased `t` and any joins for display names. */
  from: string;
  /** Extra display columns selected beside the fields, e.g. `s.name AS streetName`. */
  extraSelect?: string;
  orderBy: string;
  filters: FilterColumns;
  /** Columns the free-text search looks in. */
  searchColumns: string[];
  /**
   * The field that identifies a row to a clerk (unique among live rows): imports match on it. A list of fields
   * is a composite key, e.g. `['estateId', 'month']` for one row per estate and month.
   */
  naturalKey: string | string[];
  /** Other field combinations unique among live rows (a name within its parent), checked in every write path. */
  uniqueKeys?: string[][];
  /**
   * Fields a row gets when it is created but that never change through update, batch or import afterwards:
   * field → the Chinese message saying how it does change (e.g. an estate's status, only through a decision).
   */
  readOnlyOnUpdate?: Record<string, string>;
  /** Everything the per-record rules need, loaded once per write or bulk load (e.g. streets by id and name). */
  loadContext(tx: Tx): Promise<Context>;
  /** Names to ids (street names, contractor names) before the rules run; unknown names become errors. */
  resolveRefs?(values: Values, context: Context, errors: FieldErrors): void;
  /**
   * Rules one record can be checked against by itself and the context. May rewrite values into canonical form.
   * `selfId` is the row being changed (null for a new row), so a rule can tell the row from the others.
   */
  checkRecord(values: Values, context: Context, selfId: number | null): RuleOutcome;
  /** Rules that look at other rows (uniqueness beyond the natural key, twins); single writes only. */
  checkAgainstLedger?(tx: Tx, values: Values, selfId: number | null, outcome: RuleOutcome): Promise<void>;
  /** Why a row may not be deleted now (e.g. a street that still has communities), or null to allow it. */
  checkDelete?(tx: Tx, row: Row): Promise<string | null>;
  /** Derived values added to every row read (e.g. a ratio). */
  decorate?(row: Row): void;
  /** Names for reference fields in the history (id → name), per referenced ledger. */
  refNames?(db: Database, field: FieldDef): Promise<Map<number, string>>;
}

export interface Saved<Row> {
  row: Row;
  warnings: Warning[];
}

export interface UpdateInput {
  id: number;
  version: number;
  patch: Record<string, unknown>;
}

export interface DeleteInput {
  id: number;
  version?: number;
  reason?: string;
}

/** One row of a bulk load or batch, with where it came from (sheet row, grid row) for error messages. */
export interface SourcedValues {
  sourceRow: number;
  values: Record<string, unknown>;
}

/** A pasted block: rows changed in place and rows added past the end, saved all or nothing. */
export interface BatchInput {
  updates: Array<{ sourceRow: number; id: number; version: number; patch: Record<string, unknown> }>;
  creates: SourcedValues[];
  /** Rows the block added, removed again when the block is undone. */
  deletes?: Array<{ sourceRow: number; id: number; version?: number; reason?: string }>;
  /** Rows an undone block had removed, brought back when it is redone. */
  restores?: Array<{ sourceRow: number; id: number }>;
}

export interface BatchResult<Row> {
  rows: Row[];
  created: number[];
  updated: number[];
  warnings: Array<Warning & { sourceRow: number }>;
  /** Rows brought back and rows removed by the batch (undo and redo of a pasted block). */
  restored: number[];
  deleted: number[];
}

export interface UpsertResult {
  added: number;
  updated: number;
  unchanged: number;
}

export type ListFilter = {
  readonly [key: string]: string | number | boolean | undefined;
  q?: string;
  includeDeleted?: boolean;
  /** A slice of the ordered list: the grid paints the first rows at once and loads the rest behind them. */
  offset?: number;
  limit?: number;
};

export class LedgerService<Row extends RowMeta, Context> {
  readonly writable: FieldDef[];
  readonly labels: Record<string, string>;
  /** The natural key first, then the other unique keys. */
  readonly keys: UniqueKey[];
  private readonly selectSql: string;

  constructor(readonly def: LedgerDef<Row, Context>) {
    this.writable = def.fields.filter((f) => !f.derived);
    this.labels = Object.fromEntries(def.fields.map((f) => [f.key, f.label]));
    const natural = Array.isArray(def.naturalKey) ? def.naturalKey : [def.naturalKey];
    this.keys = [natural, ...(def.uniqueKeys ?? [])].map((k) => new UniqueKey(def.fields, k, def.entity));
    this.selectSql = `SELECT ${ROW_META_SELECT('t')}, ${selectFields(def.fields, 't')}${def.extraSelect ? `, ${def.extraSelect}` : ''} ${def.from}`;
  }

  private toRow(raw: Record<string, unknown>): Row {
    const row = decodeRow(this.def.fields, raw) as unknown as Row;
    this.def.decorate?.(row);
    return row;
  }

  list(db: Database, filter: ListFilter = {}): Promise<Row[]> {
    return this.listWith(db.read, filter);
  }

  /** The list read through a given handle: a transaction's own (imports see their earlier writes) or the reader. */
  private async listWith(q: Tx, filter: ListFilter): Promise<Row[]> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (!filter.includeDeleted) where.push('t.deleted_at IS NULL');
    for (const [key, column] of Object.entries(this.def.filters)) {
      const value = filter[key];
      if (value === undefined) continue;
      where.push(`${column} = ?`);
      params.push(typeof value === 'boolean' ? (value ? 1 : 0) : value);
    }
    if (filter.q) {
      const pattern = `%${normalizeText(filter.q).replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
      where.push(`(${this.def.searchColumns.map((c) => `${c} LIKE ? ESCAPE '\\'`).join(' OR ')})`);
      for (let i = 0; i < this.def.searchColumns.length; i += 1) params.push(pattern);
    }
    // t.id last: slices of the list (offset/limit) must not overlap or miss rows that sort equal.
    let sql = `${this.selectSql} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${this.def.orderBy}, t.id`;
    if (filter.limit !== undefined) {
      sql += ' LIMIT ? OFFSET ?';
      params.push(filter.limit, filter.offset ?? 0);
    }
    return (await q.all(sql, params)).map((r) => this.toRow(r));
  }

  /** One row read through a given handle: a transaction's own inside a write (e.g. a ledger's own write method). */
  async read(q: Tx, id: number, includeDeleted = false): Promise<Row | undefined> {
    const raw = await q.get(`${this.selectSql} WHERE t.id = ? ${includeDeleted ? '' : 'AND t.deleted_at IS NULL'}`, [id]);
    return raw ? this.toRow(raw) : undefined;
  }

  notFound(id: number): ApiError {
    return new ApiError('not_found', `没有找到编号为 ${id} 的${this.def.noun}(可能已被删除),请刷新后重试`);
  }

  get naturalKey(): UniqueKey {
    return this.keys[0];
  }

  /** The natural key as the clerk reads it on a row: references by their joined names (`estateId` → `estateName`). */
  private rowKeyText(row: Row): string {
    const r = row as unknown as Record<string, unknown>;
    const parts = this.naturalKey.fields.map((f) => String((f.kind === 'ref' ? r[f.key.replace(/Id$/, 'Name')] : r[f.key]) ?? ''));
    return parts.filter(Boolean).join(' ') || String(row.id);
  }

  conflict(current: Row): ApiError {
    const name = this.rowKeyText(current);
    return new ApiError(
      'conflict',
      `${this.def.noun}“${name}”已被${current.updatedBy ?? '他人'}于 ${current.updatedAt.slice(0, 19).replace('T', ' ')} 修改(当前版本 ${current.version}),你的修改没有保存。请刷新后重新修改。`,
    );
  }

  /** Live rows by id, in the order given, a few hundred per query (a pasted block answers with thousands). */
  async readMany(db: Database, ids: number[]): Promise<Row[]> {
    const byId = new Map<number, Row>();
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const raws = await db.read.all(`${this.selectSql} WHERE t.id IN (SELECT value FROM json_each(?)) AND t.deleted_at IS NULL`, [JSON.stringify(chunk)]);
      for (const raw of raws) {
        const row = this.toRow(raw);
        byId.set(row.id, row);
      }
    }
    return ids.map((id) => {
      const row = byId.get(id);
      if (!row) throw this.notFound(id);
      return row;
    });
  }

  async get(db: Database, id: number, includeDeleted = false): Promise<Row> {
    const row = await this.read(db.read, id, includeDeleted);
    if (!row) throw this.notFound(id);
    return row;
  }

  /** The stored (writable) field values of a row, as rules and audit entries see them. */
  stored(row: Row): Values {
    return Object.fromEntries(this.writable.map((f) => [f.key, (row as unknown as Values)[f.key] ?? null]));
  }

  /** Coerces, resolves and checks one record; returns errors instead of throwing (batches collect them). */
  private checkOne(values: Values, errors: FieldErrors, context: Context, selfId: number | null): RuleOutcome {
    this.def.resolveRefs?.(values, context, errors);
    const outcome = this.def.checkRecord(values, context, selfId);
    outcome.errors = { ...outcome.errors, ...errors };
    return outcome;
  }

  /** Refuses changes to fields that only change through their own method (see `readOnlyOnUpdate`). */
  private refuseReadOnly(changed: string[], errors: FieldErrors) {
    for (const key of changed) {
      const message = this.def.readOnlyOnUpdate?.[key];
      if (message && !errors[key]) errors[key] = message;
    }
  }

  /** Who holds a key already, for the message: the row's name, or its natural key when the key is the name. */
  private holder(other: { name?: string | null; nk?: unknown }, key: UniqueKey): string {
    if (other.name && !key.includes('name')) return `“${other.name}”`;
    const natural = this.naturalKey;
    if (key !== natural && !natural.composite && other.nk != null) return `${natural.fields[0].label}为 ${String(other.nk)} 的${this.def.noun}`;
    return '另一条记录';
  }

  private async insertOne(ctx: Ctx, tx: Tx, values: Values): Promise<number> {
    const now = new Date().toISOString();
    const { lastID } = await tx.run(
      `INSERT INTO ${this.def.table} (${this.writable.map((f) => f.column).join(', ')}, created_at, created_by, updated_at, updated_by)
       VALUES (${this.writable.map(() => '?').join(', ')}, ?, ?, ?, ?)`,
      [...this.writable.map((f) => toSql(f, values[f.key] ?? null)), now, ctx.user.id, now, ctx.user.id],
    );
    return lastID;
  }

  private async updateOne(ctx: Ctx, tx: Tx, current: Row, before: Values, merged: Values, changed: string[], method: string) {
    const fields = this.writable.filter((f) => changed.includes(f.key));
    await tx.run(
      `UPDATE ${this.def.table} SET ${fields.map((f) => `${f.column} = ?`).join(', ')},
              version = version + 1, updated_at = ?, updated_by = ?
        WHERE id = ? AND version = ?`,
      [...fields.map((f) => toSql(f, merged[f.key])), new Date().toISOString(), ctx.user.id, current.id, current.version],
    );
    await appendAudit(tx, ctx.user, {
      method,
      entity: this.def.entity,
      entityId: current.id,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, merged[k]])),
    });
  }

  async create(ctx: Ctx, input: Record<string, unknown>): Promise<Saved<Row>> {
    const { id, warnings } = await ctx.ws.db.write(async (tx) => {
      const { values, errors } = coerceRecord(this.def.fields, input, 'create');
      const outcome = this.checkOne(values, errors, await this.def.loadContext(tx), null);
      await this.def.checkAgainstLedger?.(tx, values, null, outcome);
      await this.assertKeysFree(tx, values, null, outcome.errors);
      if (Object.keys(outcome.errors).length) throw validationError(outcome.errors, this.labels);
      const newId = await this.insertOne(ctx, tx, values);
      await appendAudit(tx, ctx.user, { method: `${this.def.prefix}.create`, entity: this.def.entity, entityId: newId, after: values });
      return { id: newId, warnings: outcome.warnings };
    });
    return { row: await this.get(ctx.ws.db, id), warnings };
  }

  /** Every unique key is unique among live rows; the message names the row that holds it when it can. */
  private async assertKeysFree(tx: Tx, values: Values, selfId: number | null, errors: FieldErrors) {
    const named = this.def.fields.some((f) => f.key === 'name' && f.column === 'name');
    const natural = this.naturalKey;
    const nk = natural.composite ? '' : `, ${natural.fields[0].column} AS nk`;
    for (const key of this.keys) {
      if (key.of(values) == null || key.blocked(errors)) continue;
      const other = await tx.get<{ id: number; name?: string; nk?: unknown }>(
        `SELECT id${named ? ', name' : ''}${nk} FROM ${this.def.table}
          WHERE ${key.fields.map((f) => `${f.column} = ?`).join(' AND ')} AND deleted_at IS NULL AND id IS NOT ?`,
        [...key.fields.map((f) => toSql(f, values[f.key] ?? null)), selfId],
      );
      if (other) errors[key.errorField.key] = `${key.phrase(values)} 已被${this.holder(other, key)}使用,必须唯一`;
    }
  }

  async update(ctx: Ctx, input: UpdateInput): Promise<Saved<Row>> {
    const warnings = await ctx.ws.db.write(async (tx) => {
      const current = await this.read(tx, input.id);
      if (!current) throw this.notFound(input.id);
      if (current.version !== input.version) throw this.conflict(current);
      const { values: patch, errors } = coerceRecord(this.def.fields, input.patch, 'patch');
      const before = this.stored(current);
      const merged = { ...before, ...patch };
      const outcome = this.checkOne(merged, errors, await this.def.loadContext(tx), current.id);
      await this.def.checkAgainstLedger?.(tx, merged, current.id, outcome);
      await this.assertKeysFree(tx, merged, current.id, outcome.errors);
      // Rules may rewrite values (canonical forms, names resolved to ids): take them from `merged`.
      const changed = changedKeys(before, Object.fromEntries(Object.keys(patch).map((k) => [k, merged[k]])));
      this.refuseReadOnly(changed, outcome.errors);
      if (Object.keys(outcome.errors).length) throw validationError(outcome.errors, this.labels);
      if (changed.length) await this.updateOne(ctx, tx, current, before, merged, changed, `${this.def.prefix}.update`);
      return outcome.warnings;
    });
    return { row: await this.get(ctx.ws.db, input.id), warnings };
  }

  /** Soft delete: the row stays in the file with its history; restore brings it back. */
  async delete(ctx: Ctx, input: DeleteInput): Promise<Row> {
    await ctx.ws.db.write((tx) => this.deleteIn(ctx, tx, input, `${this.def.prefix}.delete`));
    return this.get(ctx.ws.db, input.id, true);
  }

  /** Soft delete inside the caller's transaction (a delete call, or a batch undoing a pasted block). */
  private async deleteIn(ctx: Ctx, tx: Tx, input: DeleteInput, method: string): Promise<void> {
    const current = await this.read(tx, input.id);
    if (!current) throw this.notFound(input.id);
    if (input.version !== undefined && current.version !== input.version) throw this.conflict(current);
    const refusal = await this.def.checkDelete?.(tx, current);
    if (refusal) throw new ApiError('validation', refusal);
    const now = new Date().toISOString();
    await tx.run(
      `UPDATE ${this.def.table} SET deleted_at = ?, deleted_by = ?, version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?`,
      [now, ctx.user.id, now, ctx.user.id, current.id],
    );
    await appendAudit(tx, ctx.user, {
      method,
      entity: this.def.entity,
      entityId: current.id,
      before: { deletedAt: null },
      after: { deletedAt: now },
      reason: input.reason ?? null,
    });
  }

  async restore(ctx: Ctx, input: { id: number }): Promise<Row> {
    await ctx.ws.db.write((tx) => this.restoreIn(ctx, tx, input.id, `${this.def.prefix}.restore`));
    return this.get(ctx.ws.db, input.id);
  }

  /** Undoes a soft delete inside the caller's transaction; refused when its keys were taken meanwhile. */
  private async restoreIn(ctx: Ctx, tx: Tx, id: number, method: string): Promise<void> {
    const current = await this.read(tx, id, true);
    if (!current) throw this.notFound(id);
    if (current.deletedAt == null) return;
    const errors: FieldErrors = {};
    await this.assertKeysFree(tx, this.stored(current), current.id, errors);
    if (Object.keys(errors).length) {
      for (const key of Object.keys(errors)) errors[key] += ';无法恢复,请先修改其中一条记录';
      throw validationError(errors, this.labels);
    }
    const now = new Date().toISOString();
    await tx.run(
      `UPDATE ${this.def.table} SET deleted_at = NULL, deleted_by = NULL, version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?`,
      [now, ctx.user.id, current.id],
    );
    await appendAudit(tx, ctx.user, {
      method,
      entity: this.def.entity,
      entityId: current.id,
      before: { deletedAt: current.deletedAt },
      after: { deletedAt: null },
    });
  }

  async history(db: Database, id: number): Promise<HistoryEntry[]> {
    await this.get(db, id, true);
    return rowHistory(db, this.def.entity, id, this.def.fields, (field) =>
      this.def.refNames ? this.def.refNames(db, field) : Promise.resolve(new Map()),
    );
  }

  /**
   * A pasted block as one change: every update and every new row is checked, and either all are written in
   * one transaction with one audit entry per row touched, or nothing is, with every refusal named by its
   * source row and field. Duplicates of the natural key inside the block are refusals too.
   */
  async applyBatch(ctx: Ctx, input: BatchInput): Promise<BatchResult<Row>> {
    const result = await ctx.ws.db.write(async (tx) => {
      const context = await this.def.loadContext(tx);
      const refused: RowError[] = [];
      const warnings: BatchResult<Row>['warnings'] = [];
      const keyOwners = this.keys.map(() => new Map<string, number>());
      const claimKey = (values: Values, sourceRow: number, errors: FieldErrors) => {
        this.keys.forEach((key, i) => {
          const k = key.of(values);
          if (k == null) return;
          const seen = keyOwners[i].get(k);
          if (seen != null && seen !== sourceRow) errors[key.errorField.key] = `${key.phrase(values)} 与第 ${seen} 行重复`;
          else keyOwners[i].set(k, sourceRow);
        });
      };
      const plannedUpdates: Array<{ current: Row; before: Values; merged: Values; changed: string[] }> = [];
      for (const u of input.updates) {
        const current = await this.read(tx, u.id);
        if (!current) {
          refused.push({ row: u.sourceRow, message: `这一行的${this.def.noun}已被删除,请刷新` });
          continue;
        }
        if (current.version !== u.version) {
          refused.push({ row: u.sourceRow, message: this.conflict(current).message });
          continue;
        }
        const { values: patch, errors } = coerceRecord(this.def.fields, u.patch, 'patch');
        const before = this.stored(current);
        const merged = { ...before, ...patch };
        const outcome = this.checkOne(merged, errors, context, current.id);
        await this.def.checkAgainstLedger?.(tx, merged, current.id, outcome);
        await this.assertKeysFree(tx, merged, current.id, outcome.errors);
        claimKey(merged, u.sourceRow, outcome.errors);
        const changed = changedKeys(before, Object.fromEntries(Object.keys(patch).map((k) => [k, merged[k]])));
        this.refuseReadOnly(changed, outcome.errors);
        this.collect(outcome, u.sourceRow, refused, warnings);
        plannedUpdates.push({ current, before, merged, changed });
      }
      const plannedCreates: Values[] = [];
      for (const c of input.creates) {
        const { values, errors } = coerceRecord(this.def.fields, c.values, 'create');
        const outcome = this.checkOne(values, errors, context, null);
        await this.def.checkAgainstLedger?.(tx, values, null, outcome);
        await this.assertKeysFree(tx, values, null, outcome.errors);
        claimKey(values, c.sourceRow, outcome.errors);
        this.collect(outcome, c.sourceRow, refused, warnings);
        plannedCreates.push(values);
      }
      // Two rows swapping their keys inside one block are refused by assertKeysFree above: the unique
      // index would reject the first of the two updates whatever the order.
      if (refused.length) throw this.refusal(refused);
      // Undo and redo of a pasted block remove or bring back the rows it added, in the same transaction.
      for (const d of input.deletes ?? []) await this.asBatchStep(d.sourceRow, () => this.deleteIn(ctx, tx, d, `${this.def.prefix}.batch`));
      for (const r of input.restores ?? []) await this.asBatchStep(r.sourceRow, () => this.restoreIn(ctx, tx, r.id, `${this.def.prefix}.batch`));
      const restored = (input.restores ?? []).map((r) => r.id);
      const deleted = (input.deletes ?? []).map((d) => d.id);
      const updated: number[] = [];
      for (const p of plannedUpdates) {
        if (!p.changed.length) continue;
        await this.updateOne(ctx, tx, p.current, p.before, p.merged, p.changed, `${this.def.prefix}.batch`);
        updated.push(p.current.id);
      }
      const created: number[] = [];
      for (const values of plannedCreates) {
        const id = await this.insertOne(ctx, tx, values);
        await appendAudit(tx, ctx.user, { method: `${this.def.prefix}.batch`, entity: this.def.entity, entityId: id, after: values });
        created.push(id);
      }
      return { created, updated, restored, deleted, warnings };
    });
    const ids = [...result.updated, ...result.created, ...result.restored];
    return { rows: await this.readMany(ctx.ws.db, ids), ...result };
  }

  /** A delete or restore inside a batch: its refusal names the block row it belongs to, and stops the batch. */
  private async asBatchStep(sourceRow: number, step: () => Promise<void>): Promise<void> {
    try {
      await step();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const first = Object.entries(err.fields ?? {})[0];
      throw this.refusal([{ row: sourceRow, column: first ? this.labels[first[0]] : undefined, field: first?.[0], message: first ? first[1] : err.message }]);
    }
  }

  private collect(outcome: RuleOutcome, sourceRow: number, refused: RowError[], warnings: BatchResult<Row>['warnings']) {
    for (const [field, message] of Object.entries(outcome.errors)) {
      refused.push({ row: sourceRow, column: this.labels[field] ?? field, field, message });
    }
    for (const w of outcome.warnings) warnings.push({ ...w, sourceRow });
  }

  private refusal(refused: RowError[]): ApiError {
    const rows = new Set(refused.map((r) => r.row)).size;
    const first = refused[0];
    const label = first.column ?? '';
    return new ApiError(
      'validation',
      `有 ${rows} 行数据有误,未写入任何数据。第 ${first.row} 行${label ? ` ${label}` : ''}:${first.message}${refused.length > 1 ? ` 等 ${refused.length} 处` : ''}。`,
      undefined,
      refused,
    );
  }

  /**
   * Validates and inserts many rows in the caller's transaction with one audit entry (the demo district,
   * new rows of an import). All or nothing: any refused row throws with every refusal by source row.
   * Per-record rules run in memory; natural-key uniqueness against the ledger and inside the load too.
   */
  async insertBulk(ctx: Ctx, tx: Tx, inputs: SourcedValues[], method: string): Promise<{ firstId: number; count: number }> {
    const context = await this.def.loadContext(tx);
    const taken: Array<Set<string | null>> = [];
    for (const key of this.keys) {
      const stored = await tx.all(`SELECT ${key.selectColumns()} FROM ${this.def.table} WHERE deleted_at IS NULL`);
      taken.push(new Set(stored.map((r) => key.ofSql(r))));
    }
    const keys = this.writable.map((f) => f.key);
    const rows: FieldValue[][] = [];
    const refused: RowError[] = [];
    const seenAt = this.keys.map(() => new Map<string, number>());
    for (const input of inputs) {
      const { values, errors } = coerceRecord(this.def.fields, input.values, 'create');
      const outcome = this.checkOne(values, errors, context, null);
      this.keys.forEach((key, i) => {
        const k = key.of(values);
        if (k == null || key.blocked(outcome.errors)) return;
        const firstRow = seenAt[i].get(k);
        if (taken[i].has(k)) outcome.errors[key.errorField.key] = `${key.phrase(values)} 已被另一条记录使用`;
        else if (firstRow != null) outcome.errors[key.errorField.key] = `${key.phrase(values)} 与第 ${firstRow} 行重复`;
        else seenAt[i].set(k, input.sourceRow);
      });
      for (const [field, message] of Object.entries(outcome.errors)) {
        refused.push({ row: input.sourceRow, column: this.labels[field] ?? field, field, message });
      }
      rows.push(keys.map((k) => values[k] ?? null));
    }
    if (refused.length) {
      throw new ApiError('validation', `有 ${new Set(refused.map((r) => r.row)).size} 行数据有误,未写入任何数据。请按行号修改后重试。`, undefined, refused);
    }
    return this.insertRows(ctx, tx, keys, rows, method);
  }

  /**
   * An import's write: rows matched to live rows on the natural key (or, when a row does not give it, on another
   * unique key) are updated (only the fields the file gives, and only when something differs), the others are
   * inserted in bulk. Importing the same file twice changes nothing the second time. With `validOnly`,
   * refused rows are skipped and listed instead of stopping the whole load.
   */
  async upsertBulk(
    ctx: Ctx,
    tx: Tx,
    inputs: SourcedValues[],
    method: string,
    options: { validOnly?: boolean } = {},
  ): Promise<UpsertResult & { refused: RowError[] }> {
    const context = await this.def.loadContext(tx);
    // Live rows by each unique key; the first key (the natural key) is what file rows are matched on.
    const holders = this.keys.map(() => new Map<string, Row>());
    for (const row of await this.listWith(tx, {})) {
      this.keys.forEach((key, i) => {
        const k = key.of(row as unknown as Values);
        if (k != null) holders[i].set(k, row);
      });
    }
    const existing = holders[0];
    const natural = this.naturalKey;
    const refused: RowError[] = [];
    const seenAt = this.keys.map(() => new Map<string, number>());
    const updates: Array<{ current: Row; before: Values; merged: Values; changed: string[] }> = [];
    const inserts: Values[] = [];
    let unchanged = 0;
    for (const input of inputs) {
      const { values: given, errors: coerceErrors } = coerceRecord(this.def.fields, input.values, 'patch');
      // A key with references (an estate given by code or name) is matched once the names are resolved.
      const probe: Values = { ...given };
      if (this.keys.some((k) => k.fields.some((f) => f.kind === 'ref'))) this.def.resolveRefs?.(probe, context, {});
      const key = natural.of(probe);
      let current = key == null ? undefined : existing.get(key);
      // A row without its natural key (an estate sheet without codes) is matched on the other unique keys.
      for (let i = 1; key == null && !current && i < this.keys.length; i += 1) {
        const k = this.keys[i].of(probe);
        if (k != null) current = holders[i].get(k);
      }
      let values: Values;
      let errors: FieldErrors;
      if (current) {
        values = { ...this.stored(current), ...given };
        errors = coerceErrors;
      } else {
        const created = coerceRecord(this.def.fields, input.values, 'create');
        values = created.values;
        errors = created.errors;
      }
      const outcome = this.checkOne(values, errors, context, current?.id ?? null);
      this.keys.forEach((uniqueKey, i) => {
        const k = uniqueKey.of(values);
        if (k == null || uniqueKey.blocked(outcome.errors)) return;
        const holder = holders[i].get(k);
        const firstRow = seenAt[i].get(k);
        if (holder && holder.id !== current?.id) {
          const other = holder as unknown as { name?: string | null };
          outcome.errors[uniqueKey.errorField.key] = `${uniqueKey.phrase(values)} 已被${this.holder({ name: other.name, nk: (holder as unknown as Values)[natural.fields[0].key] }, uniqueKey)}使用,必须唯一`;
        } else if (firstRow != null) outcome.errors[uniqueKey.errorField.key] = `${uniqueKey.phrase(values)} 与第 ${firstRow} 行重复`;
        else seenAt[i].set(k, input.sourceRow);
      });
      const before = current ? this.stored(current) : null;
      const changed = before ? changedKeys(before, Object.fromEntries(Object.keys(given).map((k) => [k, values[k]]))) : [];
      this.refuseReadOnly(changed, outcome.errors);
      const rowErrors = Object.entries(outcome.errors);
      for (const [field, message] of rowErrors) refused.push({ row: input.sourceRow, column: this.labels[field] ?? field, field, message });
      if (rowErrors.length) continue;
      if (!current || !before) {
        inserts.push(values);
        continue;
      }
      if (changed.length) updates.push({ current, before, merged: values, changed });
      else unchanged += 1;
    }
    if (refused.length && !options.validOnly) {
      throw new ApiError('validation', `有 ${new Set(refused.map((r) => r.row)).size} 行数据有误,未写入任何数据。请按行号修改后重试。`, undefined, refused);
    }
    for (const u of updates) await this.updateOne(ctx, tx, u.current, u.before, u.merged, u.changed, method);
    const keys = this.writable.map((f) => f.key);
    if (inserts.length) await this.insertRows(ctx, tx, keys, inserts.map((v) => keys.map((k) => v[k] ?? null)), method);
    return { added: inserts.length, updated: updates.length, unchanged, refused };
  }

  /** Multi-row VALUES inserts (measured faster than json_each for wide rows) and one compact audit entry. */
  private async insertRows(ctx: Ctx, tx: Tx, keys: string[], rows: FieldValue[][], method: string) {
    const { next: firstId } = (await tx.get<{ next: number }>(`SELECT coalesce(max(id), 0) + 1 AS next FROM ${this.def.table}`))!;
    const now = new Date().toISOString();
    const width = this.writable.length + 4;
    const perStatement = Math.floor(30_000 / width);
    const placeholders = `(${Array(width).fill('?').join(', ')})`;
    const meta = [now, ctx.user.id, now, ctx.user.id];
    for (let start = 0; start < rows.length; start += perStatement) {
      const chunk = rows.slice(start, start + perStatement);
      const params = chunk.flatMap((row) => [...this.writable.map((f, i) => toSql(f, row[i])), ...meta]);
      await tx.run(
        `INSERT INTO ${this.def.table} (${this.writable.map((f) => f.column).join(', ')}, created_at, created_by, updated_at, updated_by)
         VALUES ${chunk.map(() => placeholders).join(', ')}`,
        params,
      );
      ctx.progress?.({ job: method, label: `写入${this.def.noun}`, done: start + chunk.length, total: rows.length });
    }
    await appendAudit(tx, ctx.user, {
      method,
      entity: this.def.entity,
      entityId: null,
      bulk: { keys, firstId, count: rows.length, rowsJson: JSON.stringify(rows) },
    });
    return { firstId, count: rows.length };
  }
}
