/**
 * Unique keys of a ledger: the natural key that imports match rows on (one field such as a code, or several
 * such as an estate and a month), and other combinations that must be unique among live rows (a name within
 * its parent). The ledger service checks every key the same way in every write path: against the stored rows,
 * and against the other rows of the same pasted block or import.
 */
import { fromSql, type FieldDef } from '../fields';
import type { FieldErrors } from '../errors';
import { displayValue, type Values } from './record';

export class UniqueKey {
  readonly fields: FieldDef[];
  /**
   * The field a refusal is shown on: the last part that is not a reference to another ledger (the name of a
   * community within its street, the month of an estate's tonnage), so the grid marks the cell the clerk typed.
   */
  readonly errorField: FieldDef;
  /** Reference parts: the parent the other parts are unique within. */
  private readonly scope: FieldDef[];
  /** The parts a clerk types for this row. */
  private readonly own: FieldDef[];

  constructor(allFields: FieldDef[], keys: string[], owner: string) {
    if (!keys.length) throw new Error(`${owner}: a unique key needs at least one field`);
    this.fields = keys.map((k) => {
      const field = allFields.find((f) => f.key === k);
      if (!field || field.derived) throw new Error(`${owner}: unique key part ${k} is not a stored field`);
      return field;
    });
    this.scope = this.fields.filter((f) => f.kind === 'ref' && this.fields.length > 1);
    this.own = this.fields.filter((f) => !this.scope.includes(f));
    this.errorField = this.own[this.own.length - 1] ?? this.fields[this.fields.length - 1];
  }

  get composite(): boolean {
    return this.fields.length > 1;
  }

  includes(key: string): boolean {
    return this.fields.some((f) => f.key === key);
  }

  /** The key of `values` as one comparable text; null while a part is missing or a reference is still a name. */
  of(values: Values): string | null {
    const parts = this.fields.map((f) => values[f.key] ?? null);
    if (parts.some((p, i) => p == null || (this.fields[i].kind === 'ref' && typeof p !== 'number'))) return null;
    return parts.length === 1 ? String(parts[0]) : JSON.stringify(parts);
  }

  /** The key of a stored row as SQL returned it, columns aliased `k0`, `k1`, … (see `selectColumns`). */
  ofSql(row: Record<string, unknown>): string | null {
    return this.of(Object.fromEntries(this.fields.map((f, i) => [f.key, fromSql(f, row[`k${i}`])])));
  }

  selectColumns(alias = ''): string {
    return this.fields.map((f, i) => `${alias}${f.column} AS k${i}`).join(', ');
  }

  /** A part of the key was already refused (bad value, unknown name): uniqueness is moot until it is fixed. */
  blocked(errors: FieldErrors): boolean {
    return this.fields.some((f) => errors[f.key] != null);
  }

  /**
   * How the key reads in a message: `公厕编号 GC-001`, or for a key within a parent
   * `同一社区(村)中小区名称 阳光花园` and `同一小区中月份 2024-03`.
   */
  phrase(values: Values): string {
    const prefix = this.scope.length ? `同一${this.scope.map((f) => f.label).join('、')}中` : '';
    const label = this.own.map((f) => f.label).join('+');
    const text = this.own.map((f) => displayValue(f, values[f.key])).join(' ');
    return `${prefix}${label} ${text}`;
  }
}
