/**
 * What every ledger shares: turning loose client input into typed values with per-field Chinese errors,
 * mapping rows to and from SQL through the field table, and reading a row's history out of the audit log.
 * A ledger module adds its own cross-field rules, references and SQL.
 */
import { auditEntriesFor } from '../audit/audit';
import { formatYuan } from '../money';
import { coerceField, fromSql, optionLabel, type FieldDef, type FieldValue } from '../fields';
import type { FieldErrors } from '../errors';
import type { Database } from '../sqlite';

export type Values = Record<string, FieldValue>;

/** A saved change worth a second look; returned beside the saved row. */
export interface Warning {
  field?: string;
  message: string;
}

/** Columns every ledger row carries besides its fields. */
export interface RowMeta {
  id: number;
  version: number;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
  deletedAt: string | null;
}

export interface CoerceResult {
  values: Values;
  errors: FieldErrors;
}

const byKeyCache = new WeakMap<FieldDef[], Map<string, FieldDef>>();

/** Field lookup by key, built once per field table (bulk loads coerce 100,000 rows against one table). */
function fieldsByKey(fields: FieldDef[]): Map<string, FieldDef> {
  let map = byKeyCache.get(fields);
  if (!map) {
    map = new Map(fields.map((f) => [f.key, f]));
    byKeyCache.set(fields, map);
  }
  return map;
}

/**
 * Coerces `input` field by field. `create` fills the whole record (missing fields become null, then the
 * fields' defaults apply); `patch` keeps only the keys given. Unknown and derived keys are refused by name.
 */
export function coerceRecord(fields: FieldDef[], input: Record<string, unknown>, mode: 'create' | 'patch'): CoerceResult {
  const byKey = fieldsByKey(fields);
  const values: Values = {};
  const errors: FieldErrors = {};
  for (const key of Object.keys(input)) {
    const field = byKey.get(key);
    if (!field) errors[key] = `没有“${key}”这个字段`;
    else if (field.derived) errors[key] = '由系统计算,不能直接填写';
  }
  for (const field of fields) {
    if (field.derived) continue;
    const given = Object.prototype.hasOwnProperty.call(input, field.key);
    if (!given && mode === 'patch') continue;
    const result = coerceField(field, input[field.key]);
    if (!result.ok) {
      errors[field.key] = result.message;
      continue;
    }
    let value = result.value;
    if (value == null && mode === 'create' && field.default !== undefined) value = field.default;
    if (value == null && field.required) errors[field.key] = '必填,不能为空';
    values[field.key] = value;
  }
  return { values, errors };
}

/** `t.col AS "key"` for every stored field, for a SELECT over the ledger's table aliased `t`. */
export function selectFields(fields: FieldDef[], alias = 't'): string {
  return fields
    .filter((f) => !f.derived)
    .map((f) => `${alias}.${f.column} AS "${f.key}"`)
    .join(', ');
}

export const ROW_META_SELECT = (alias = 't') =>
  `${alias}.id AS id, ${alias}.version AS version, ${alias}.created_at AS createdAt, ${alias}.updated_at AS updatedAt,
   (SELECT name FROM users u WHERE u.id = ${alias}.updated_by) AS updatedBy, ${alias}.deleted_at AS deletedAt`;

/** Converts SQL values (0/1, JSON text) of the stored fields into API values, in place. */
export function decodeRow<T extends Record<string, unknown>>(fields: FieldDef[], row: T): T {
  const out: Record<string, unknown> = row;
  for (const f of fields) if (!f.derived && f.key in out) out[f.key] = fromSql(f, out[f.key]);
  return row;
}

/** Keys whose values differ between a stored row and the values about to be written. */
export function changedKeys(before: Record<string, unknown>, after: Values): string[] {
  return Object.keys(after).filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null));
}

export interface HistoryChange {
  field: string;
  label: string;
  before: string;
  after: string;
}

export interface HistoryEntry {
  auditId: number;
  at: string;
  userName: string;
  method: string;
  action: 'create' | 'update' | 'delete' | 'restore';
  reason: string | null;
  changes: HistoryChange[];
}

/** What an entry did to the row: deletes and restores by their verb, creates by having no "before". */
function actionOf(method: string, before: unknown, after: unknown): HistoryEntry['action'] {
  const verb = method.split('.').pop();
  if (verb === 'delete') return 'delete';
  if (verb === 'restore') return 'restore';
  return before == null && after != null ? 'create' : 'update';
}

/** Human-readable text of a stored value for the history and exports (labels for enums, 是/否). */
export function displayValue(field: FieldDef | undefined, value: unknown, refNames?: Map<number, string>): string {
  if (value == null || value === '') return '';
  if (!field) return typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (field.kind === 'bool') return value ? '是' : '否';
  if (field.kind === 'money' && typeof value === 'number') return formatYuan(value);
  if (field.kind === 'enum') return optionLabel(field, value);
  if (field.kind === 'list') {
    if (!Array.isArray(value)) return String(value);
    return value.map((item) => (field.options ? optionLabel(field, item) : String(item))).join('、');
  }
  if (field.kind === 'ref' && refNames && typeof value === 'number') return refNames.get(value) ?? `#${value}`;
  return String(value);
}

/**
 * A row's history from the audit log: who, when, and each field's before → after in display form.
 * `refNames` names referenced rows (street and community ids) so the history reads as words.
 */
export async function rowHistory(
  db: Database,
  entity: string,
  id: number,
  fields: FieldDef[],
  refNames: (field: FieldDef) => Promise<Map<number, string>>,
): Promise<HistoryEntry[]> {
  const entries = await auditEntriesFor(db, entity, id);
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const names = new Map<string, Map<number, string>>();
  for (const f of fields) if (f.kind === 'ref') names.set(f.key, await refNames(f));
  return entries.map((e) => {
    const before = (e.before ?? {}) as Record<string, unknown>;
    const after = (e.after ?? {}) as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
      (k) => byKey.has(k) || k === 'deletedAt',
    );
    const changes = keys
      .map((k) => {
        const field = byKey.get(k);
        const label = field?.label ?? (k === 'deletedAt' ? '删除时间' : k);
        return {
          field: k,
          label,
          before: displayValue(field, before[k], names.get(k)),
          after: displayValue(field, after[k], names.get(k)),
        };
      })
      .filter((c) => c.before !== c.after);
    return {
      auditId: e.auditId,
      at: e.at,
      userName: e.userName,
      method: e.method,
      action: actionOf(e.method, e.before, e.after),
      reason: e.reason,
      changes,
    };
  });
}
