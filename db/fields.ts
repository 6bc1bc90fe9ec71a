/**
 * Field descriptors: one table per ledger says, for each field, its column, Chinese label, kind, unit and
 * options. The same table drives coercion of loose input (grid edits, CLI JSON, pasted Excel text), row
 * mapping to SQL, export headers and the grid's columns (sent to the renderer by `<ledger>.fields`).
 */
import { parseDate } from './dates';
import { parseMoney, type MoneyUnit } from './money';
import { normalizeCode, normalizeOptionalText } from './text';

export type FieldKind =
  | 'text'
  | 'code' // unique identifier: stored upper-case, width- and blank-insensitive
  | 'int'
  | 'decimal'
  | 'bool'
  | 'enum'
  | 'month' // YYYY-MM
  | 'date' // YYYY-MM-DD
  | 'money' // integer fen; accepts 元, 万元 and upper-case Chinese
  | 'list' // string[]
  | 'ref' // id of a row in another ledger
  | 'hours'; // opening hours, see hours.ts

export interface FieldOption {
  value: string | number;
  label: string;
  /** Other ways clerks write the option (省级高标准 for 省级高标准示范, 优 for A). */
  aliases?: string[];
}

export interface FieldDef {
  key: string;
  column: string;
  label: string;
  kind: FieldKind;
  required?: boolean;
  unit?: string;
  min?: number;
  max?: number;
  /** Digits after the decimal point kept on write (decimal fields). */
  scale?: number;
  options?: FieldOption[];
  /** Ledger the id points to (ref fields). */
  ref?: string;
  /** Computed from other fields; never written by a client. */
  derived?: boolean;
  /** Longer text: the grid gives it a wider column and a large-text editor. */
  long?: boolean;
  /** Shown to the clerk as a hint under the field in the form and in the column header tooltip. */
  hint?: string;
  /** Set by `<ledger>.fields` when the field changes only through its own method after creation: why. */
  lockedAfterCreate?: string;
  /** Personal data (DOMAIN §2.3): left out of default exports; an export must ask for it explicitly. */
  personal?: boolean;
  /** Other header names the field goes by in clerks' spreadsheets (the importer maps columns by them). */
  headerAliases?: string[];
  /** Money fields: the unit a bare number is read in (default 元). */
  moneyUnit?: MoneyUnit;
  /** What a new row gets when the clerk leaves the field blank (the form shows it pre-filled). */
  default?: string | number | boolean;
  /**
   * Import: a blank cell takes the value of the row above, as clerks leave a group's name (an indicator's 类别)
   * blank below its first row where a workbook would merge the cells (DOMAIN §7 E5).
   */
  fillDownBlank?: boolean;
}

export type FieldValue = string | number | boolean | string[] | null;

/** The outcome of coercing one value: either the typed value or the Chinese reason it was refused. */
export type Coerced = { ok: true; value: FieldValue } | { ok: false; message: string };

const TRUE_WORDS = new Set(['1', 'Y', 'YES', 'TRUE', 'T', '是', '有', '✓', '√', '✔', '☑', '对', '已安装', '已设置']);
const FALSE_WORDS = new Set(['0', 'N', 'NO', 'FALSE', 'F', '否', '无', '没有', '×', '✗', '✘', '☐', '未安装', '未设置']);

/** Parses numbers as clerks write them: full-width digits, thousands separators, a trailing unit. */
export function parseLooseNumber(raw: string | number): number | null {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  const text = raw.normalize('NFKC').replace(/[\s,]/g, '');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

export function parseBool(raw: unknown): boolean | null {
  if (typeof raw === 'boolean') return raw;
  if (typeof raw === 'number') return raw === 1 ? true : raw === 0 ? false : null;
  if (typeof raw !== 'string') return null;
  const word = raw.normalize('NFKC').trim().toUpperCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return null;
}

/** `2023-04`, `2023-4`, `2023.4`, `2023/04`, `2023年4月` → `2023-04`. */
export function parseMonth(raw: string): string | null {
  const m = /^(\d{4})\s*(?:[-./年])\s*(\d{1,2})\s*月?$/.exec(raw.normalize('NFKC').trim());
  if (!m) return null;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return null;
  return `${m[1]}-${String(month).padStart(2, '0')}`;
}

function optionLabels(field: FieldDef): string {
  return (field.options ?? []).map((o) => o.label).join('、');
}

/**
 * Coerces one loose value for a field (everything but refs, which need the database, and hours, which the
 * ledger parses with its own rules). Blank input is null; the caller decides whether null is allowed.
 * Text is normalised once (NFKC, blanks, zero-width characters) before any kind-specific parsing.
 */
export function coerceField(field: FieldDef, input: unknown): Coerced {
  if (input == null) return { ok: true, value: null };
  if (input instanceof Date && field.kind === 'date') {
    const date = parseDate(input);
    return date ? { ok: true, value: date } : { ok: false, message: '不是有效日期' };
  }
  const raw = typeof input === 'string' ? normalizeOptionalText(input) : input;
  if (raw == null) return { ok: true, value: null };
  switch (field.kind) {
    case 'text':
    case 'hours':
      if (typeof raw !== 'string' && typeof raw !== 'number') return { ok: false, message: '应为文字' };
      return { ok: true, value: String(raw) };
    case 'code':
      if (typeof raw !== 'string' && typeof raw !== 'number') return { ok: false, message: '应为文字编号' };
      return { ok: true, value: normalizeCode(String(raw)) };
    case 'int':
    case 'decimal': {
      if (typeof raw !== 'string' && typeof raw !== 'number') return { ok: false, message: '应为数字' };
      const n = parseLooseNumber(raw);
      if (n == null) return { ok: false, message: `“${String(raw)}”不是有效数字` };
      if (field.kind === 'int' && !Number.isInteger(n)) return { ok: false, message: '应为整数' };
      if (field.min != null && n < field.min) return { ok: false, message: `不能小于 ${field.min}` };
      if (field.max != null && n > field.max) return { ok: false, message: `不能大于 ${field.max}` };
      const value = field.kind === 'decimal' && field.scale != null ? Number(n.toFixed(field.scale)) : n;
      return { ok: true, value };
    }
    case 'bool': {
      const b = parseBool(raw);
      return b == null ? { ok: false, message: `“${String(raw)}”应为 是/否` } : { ok: true, value: b };
    }
    case 'enum': {
      const hit = (field.options ?? []).find(
        (o) => o.value === raw || String(o.value) === String(raw) || o.label === raw || (typeof raw === 'string' && o.aliases?.includes(raw)),
      );
      return hit ? { ok: true, value: hit.value } : { ok: false, message: `只能是 ${optionLabels(field)} 之一` };
    }
    case 'month': {
      if (typeof raw !== 'string') return { ok: false, message: '应为年月,如 2023-04' };
      const month = parseMonth(raw);
      return month ? { ok: true, value: month } : { ok: false, message: `“${raw}”不是有效年月,请写成 2023-04` };
    }
    case 'date': {
      if (typeof raw !== 'string' && typeof raw !== 'number') return { ok: false, message: '应为日期,如 2023-04-01' };
      const date = parseDate(raw);
      return date ? { ok: true, value: date } : { ok: false, message: `“${String(raw)}”不是有效日期,请写成 2023-04-01` };
    }
    case 'money': {
      if (typeof raw !== 'string' && typeof raw !== 'number') return { ok: false, message: '应为金额,如 2800000 或 387万元' };
      const money = parseMoney(raw, field.moneyUnit);
      if (!money.ok) return money;
      if (field.min != null && money.fen < field.min * 100) return { ok: false, message: `不能小于 ${field.min} 元` };
      return { ok: true, value: money.fen };
    }
    case 'list': {
      const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[、,,;;]/) : null; // not on '/': labels such as 无主/建筑垃圾清理 contain it
      if (!items || items.some((s) => typeof s !== 'string')) return { ok: false, message: '应为用“、”分隔的文字' };
      return { ok: true, value: items.map((s) => normalizeOptionalText(s as string)).filter((s): s is string => !!s) };
    }
    case 'ref': {
      if (typeof raw === 'number' && Number.isInteger(raw) && raw > 0) return { ok: true, value: raw };
      if (typeof raw === 'string') return { ok: true, value: raw };
      return { ok: false, message: '应为编号或名称' };
    }
  }
}

/** SQL value ↔ API value for one field. Booleans are 0/1, lists are JSON text. */
export function toSql(field: FieldDef, value: FieldValue): string | number | null {
  if (value == null) return field.kind === 'list' ? '[]' : null;
  if (field.kind === 'bool') return value ? 1 : 0;
  if (field.kind === 'list') return JSON.stringify(value);
  return value as string | number;
}

export function fromSql(field: FieldDef, value: unknown): FieldValue {
  if (value == null) return field.kind === 'list' ? [] : null;
  if (field.kind === 'bool') return value === 1;
  if (field.kind === 'list') return JSON.parse(String(value)) as string[];
  return value as string | number;
}

export function optionLabel(field: FieldDef, value: unknown): string {
  return field.options?.find((o) => o.value === value)?.label ?? (value == null ? '' : String(value));
}
