/**
 * A problem as the clerk needs to read it: the original sheet row, the column letter and header, the value as
 * written and as understood, and a Chinese message saying what to fix. The ledger speaks in fields; this turns
 * its refusals into sheet coordinates (a field without a column in the file is named by its label).
 */
import type { RowError } from '../../errors';
import type { FieldDef } from '../../fields';
import { displayValue } from '../../ledger/record';
import { formatYuan } from '../../money';
import type { ColumnPlan } from './mapping';
import { boxMarks, type PreparedRow } from './prepare';
import { cellText } from './sheet';

export interface ImportProblem {
  row: number;
  /** Column letter; '' when the field has no column in the file (a required field missing, a rule on it). */
  column: string;
  /** The column's header, or the field's label when it has no column. */
  header: string;
  field?: string;
  written: string;
  understood?: string;
  message: string;
  severity: 'error' | 'warning';
}

/** How a stored value reads back to the clerk: option labels, 是/否, 元, names of referenced rows. */
export function understood(field: FieldDef, value: unknown, refName?: (id: number) => string | undefined): string | undefined {
  if (value == null || value === '') return undefined;
  if (field.kind === 'ref' && typeof value === 'number') return refName?.(value) ?? `编号 ${value}`;
  if (field.kind === 'money' && typeof value === 'number') return `${formatYuan(value)} 元`;
  const text = displayValue(field, value);
  return field.unit && (field.kind === 'int' || field.kind === 'decimal') ? `${text} ${field.unit}` : text;
}

export class ProblemWriter {
  private readonly columnsOf = new Map<string, ColumnPlan[]>();

  constructor(
    plans: ColumnPlan[],
    private readonly labels: Record<string, string>,
  ) {
    for (const p of plans) this.columnsOf.set(p.field.key, [...(this.columnsOf.get(p.field.key) ?? []), p]);
  }

  /** The field's cell as written on the row (a group of ✓ boxes: the ticked ones). */
  written(prepared: PreparedRow, field: string): string {
    const plans = this.columnsOf.get(field);
    if (!plans) return '';
    return plans[0].option ? boxMarks(plans, prepared.cells) : cellText(prepared.cells[plans[0].index] ?? null);
  }

  /** A problem on one field of one prepared row; the importer's own note for the field wins over `message`. */
  problem(prepared: PreparedRow | undefined, row: number, field: string | undefined, message: string, severity: ImportProblem['severity'], understoodText?: string): ImportProblem {
    const plan = field ? this.columnsOf.get(field)?.[0] : undefined;
    const problem: ImportProblem = {
      row,
      column: plan?.letter ?? '',
      header: plan?.header ?? (field ? this.labels[field] ?? field : ''),
      written: field && prepared ? this.written(prepared, field) : '',
      message: (field && prepared?.notes[field]) || message,
      severity,
    };
    if (field) problem.field = field;
    if (understoodText !== undefined && !(field && prepared?.notes[field])) problem.understood = understoodText;
    return problem;
  }

  /** The ledger's refusals (by field) in sheet coordinates. */
  refusals(refused: RowError[], prepared: Map<number, PreparedRow>): ImportProblem[] {
    return refused.map((r) => this.problem(prepared.get(r.row), r.row, r.field, r.message, 'error'));
  }
}

/** `第 5 行 D 列(公厕编号)` — where a problem is, in the words of the sheet. */
export function placeOf(p: Pick<ImportProblem, 'row' | 'column' | 'header'>): string {
  const column = p.column ? ` ${p.column} 列` : '';
  return `第 ${p.row} 行${column}${p.header ? `(${p.header})` : ''}`;
}
