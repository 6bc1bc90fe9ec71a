/**
 * One sheet row → the loose values the ledger coerces (`coerceRecord`), with what the importer knows that the
 * ledger cannot: the column's unit (千克 in a 吨 column, 万元), ✓ boxes standing for an enum option, Excel dates
 * in a 年月 column, an option written short (独立 for 独立式), and the names the clerk confirmed as matches.
 * Everything else is passed as written, so the ledger's own coercion decides and its messages are the ones shown.
 */
import { parseDate } from '../../dates';
import { parseBool, parseLooseNumber, type FieldDef } from '../../fields';
import { normalizeText } from '../../text';
import { childPart, compactText, optionNamed } from './headers';
import type { ColumnPlan } from './mapping';
import { cellText, isBlank, type Cell, type SheetRow } from './sheet';

export interface ConfirmedMatch {
  field: string;
  written: string;
  id: number;
}

export interface PreparedRow {
  row: number;
  /** The sheet row's cells, for the values as written in messages. */
  cells: Cell[];
  /** Field key → loose value for the ledger. */
  input: Record<string, unknown>;
  /** Field key → the importer's own refusal for that field (two boxes ticked, a mark that is not ✓). */
  notes: Record<string, string>;
}

/** A ✓ box column's own name: the child part of `建筑形式:独立`. */
export function boxName(plan: ColumnPlan): string {
  return childPart(plan.header);
}

/** What a group of ✓ box columns says on a row, as written: `独立 ✓、附属 ✓`. */
export function boxMarks(group: ColumnPlan[], cells: Cell[]): string {
  return group
    .filter((p) => !isBlank(cells[p.index] ?? null))
    .map((p) => `${boxName(p)} ${cellText(cells[p.index] ?? null).trim()}`)
    .join('、');
}

const OMIT = Symbol('omit');

export function matchKey(field: string, written: string): string {
  return `${field}\u0000${normalizeText(written)}`;
}

function scaled(n: number, factor: number): number {
  return factor === 1 ? n : Number((n * factor).toPrecision(12));
}

/** A blank cell: the field's default applies to a new row and an existing row keeps its value; else empty. */
function blankValue(field: FieldDef): null | [] | typeof OMIT {
  if (field.default !== undefined) return OMIT;
  return field.kind === 'list' ? [] : null;
}

/** Exact option labels, codes and aliases → option value, so that most enum cells skip the loose matching. */
function exactOptions(field: FieldDef): Map<string, string | number> {
  const map = new Map<string, string | number>();
  for (const o of field.options ?? []) {
    for (const name of [o.label, String(o.value), ...(o.aliases ?? [])]) if (!map.has(name)) map.set(name, o.value);
  }
  return map;
}

function cellValue(plan: ColumnPlan, options: Map<string, string | number> | null, cell: Cell, confirmed: Map<string, number>): unknown {
  const { field } = plan;
  if (cell == null || isBlank(cell)) return blankValue(field);
  if (cell instanceof Date) {
    const iso = parseDate(cell);
    return field.kind === 'month' && iso ? iso.slice(0, 7) : iso ?? cellText(cell);
  }
  if (typeof cell === 'boolean') return field.kind === 'bool' ? cell : cell ? '是' : '否';
  if (typeof cell === 'number') {
    switch (field.kind) {
      case 'int':
      case 'decimal':
        return scaled(cell, plan.factor);
      case 'money':
        return plan.moneyUnit ? `${cell}${plan.moneyUnit === 'wan' ? '万元' : '元'}` : cell;
      case 'enum':
      case 'bool':
      case 'date':
        return cell;
      case 'ref':
        return confirmed.get(matchKey(field.key, String(cell))) ?? String(cell);
      default:
        return String(cell);
    }
  }
  const text = cell;
  switch (field.kind) {
    case 'int':
    case 'decimal': {
      const bare = field.unit === '%' ? text.replace(/[%％]\s*$/, '') : text;
      const n = parseLooseNumber(bare);
      return n == null ? text : scaled(n, plan.factor);
    }
    case 'money':
      return plan.moneyUnit && parseLooseNumber(text) != null ? `${text.normalize('NFKC').replace(/[\s,]/g, '')}${plan.moneyUnit === 'wan' ? '万元' : '元'}` : text;
    case 'enum':
      return options?.get(text) ?? optionNamed(field, text)?.value ?? text;
    case 'ref':
      return confirmed.get(matchKey(field.key, text)) ?? text;
    case 'list':
      return field.options?.length ? splitOptionList(field, text) : text;
    default:
      return text;
  }
}

const LIST_SEPARATORS = /([、,,;;/])/;

/**
 * A list cell split into items where an option's own label holds a separator (无主/建筑垃圾清理): the pieces
 * around a separator are kept together while they spell the start of an option label.
 */
export function splitOptionList(field: FieldDef, text: string): string[] {
  const labels = (field.options ?? []).map((o) => compactText(o.label));
  const parts = text.split(LIST_SEPARATORS);
  const items: string[] = [];
  let current = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const joined = current + parts[i] + parts[i + 1];
    if (labels.some((l) => l.startsWith(compactText(joined)))) current = joined;
    else {
      items.push(current);
      current = parts[i + 1];
    }
  }
  items.push(current);
  return items.map((item) => item.trim()).filter((item) => item !== '');
}

/** Builds the per-row preparation for a set of column plans (✓ box columns grouped by their field). */
export function rowPreparer(plans: ColumnPlan[], confirmedMatches: ConfirmedMatch[] = []) {
  const confirmed = new Map(confirmedMatches.map((m) => [matchKey(m.field, m.written), m.id]));
  const single = plans.filter((p) => !p.option).map((plan) => ({ plan, options: plan.field.kind === 'enum' ? exactOptions(plan.field) : null }));
  const boxGroups = new Map<string, ColumnPlan[]>();
  for (const p of plans.filter((p) => p.option)) boxGroups.set(p.field.key, [...(boxGroups.get(p.field.key) ?? []), p]);

  // Fields filled down from the row above when blank (`fillDownBlank`): the last cell written, by column.
  const above = new Map<number, Cell>();
  return (sheetRow: SheetRow): PreparedRow => {
    const { cells } = sheetRow;
    const input: Record<string, unknown> = {};
    const notes: Record<string, string> = {};
    for (const { plan, options } of single) {
      let cell = cells[plan.index] ?? null;
      if (plan.field.fillDownBlank) {
        if (isBlank(cell)) cell = above.get(plan.index) ?? null;
        else above.set(plan.index, cell);
      }
      const value = cellValue(plan, options, cell, confirmed);
      if (value !== OMIT) input[plan.field.key] = value;
    }
    for (const [key, group] of boxGroups) {
      const field = group[0].field;
      const ticked: ColumnPlan[] = [];
      for (const p of group) {
        const cell = cells[p.index] ?? null;
        if (cell == null || isBlank(cell)) continue;
        const yes = parseBool(cell);
        if (yes === true) ticked.push(p);
        else if (yes == null) notes[key] = `“${p.header}”列应填 ✓、√、是 或留空,不能是“${cellText(cell).trim()}”`;
      }
      if (ticked.length > 1 && !notes[key]) {
        notes[key] = `“${field.label}”只能勾选一项,这一行同时勾选了${ticked.map((p) => `“${boxName(p)}”`).join('和')}`;
      }
      // A refused group passes on what was written, which the ledger refuses in turn (the note explains why).
      if (notes[key]) input[key] = boxMarks(group, cells);
      else if (ticked.length === 1) input[key] = ticked[0].option!.value;
      else {
        const value = blankValue(field);
        if (value !== OMIT) input[key] = value;
      }
    }
    return { row: sheetRow.row, cells, input, notes };
  };
}
