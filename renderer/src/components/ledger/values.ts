/**
 * Field values between the three shapes they take: as stored (codes, ids, booleans), as the grid shows and
 * filters them (labels, names, 是/否, numbers) and as form inputs hold them (strings). Driven by FieldDef
 * only, so every ledger gets the same behaviour.
 */
import type { FieldDef } from '../../../../db/api';
import { t } from '../../i18n/zh-CN';
import type { PatchValue, RefOption } from './types';

type AnyRow = Record<string, unknown>;

/** Right-aligned, number-filtered columns. Money counts: the grid shows it as a number of 元. */
export function isNumeric(field: FieldDef): boolean {
  return field.kind === 'int' || field.kind === 'decimal' || field.kind === 'money';
}

/** 面积(㎡); money is always shown in 元 whatever unit a bare number is read in (金额(元)). */
export function headerName(field: FieldDef): string {
  const unit = field.kind === 'money' ? t.grid.yuan : field.unit;
  return unit ? `${field.label}(${unit})` : field.label;
}

/** Fen → 元 with thousands separators and 2 decimals: 280000000 → 2,800,000.00 (integer arithmetic, no float drift). */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.round(fen));
  return `${sign}${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}

/** Fen → 元 as a plain number text for editing: 280000000 → 2800000.00 */
function plainYuan(fen: number): string {
  return formatYuan(fen).replace(/,/g, '');
}

const YUAN_NUMBER = /^[+-]?[\d,]+(\.\d+)?$/;

/**
 * A money cell's text → what the API gets: a bare number is 元 (the column says 金额(元)), so it is sent
 * with its unit; 387万元, 贰佰捌拾万元整 and anything else go as written for db/ to read or refuse.
 */
function moneyInput(text: string): string {
  return YUAN_NUMBER.test(text) ? `${text}${t.grid.yuan}` : text;
}

/** Reference fields come with the referenced row's name beside the id: streetId → streetName. */
export function refNameKey(field: FieldDef): string {
  return field.key.replace(/Id$/, 'Name');
}

export function optionLabel(field: FieldDef, value: unknown): string {
  if (value == null) return '';
  return field.options?.find((o) => o.value === value)?.label ?? String(value);
}

/** What a grid cell shows and filters on. Numbers stay numbers so number filters and sorting work. */
export function gridValue(field: FieldDef, row: AnyRow): string | number | null {
  const value = row[field.key];
  switch (field.kind) {
    case 'ref':
      return (row[refNameKey(field)] as string | null | undefined) ?? '';
    case 'enum':
      return optionLabel(field, value);
    case 'bool':
      return value == null ? '' : value ? t.grid.yes : t.grid.no;
    case 'list':
      return Array.isArray(value) ? value.map((v) => optionLabel(field, v)).join('、') : '';
    case 'int':
    case 'decimal':
      return typeof value === 'number' ? value : null;
    case 'money':
      // 元 as a number, so sorting and the number filter work in the unit the header names.
      return typeof value === 'number' ? value / 100 : null;
    default:
      return value == null ? '' : String(value);
  }
}

/** A cell as text, exactly as the grid shows it: what is copied, printed and compared with pasted text. */
export function cellText(field: FieldDef, row: AnyRow): string {
  if (field.kind === 'money') {
    const value = row[field.key];
    return typeof value === 'number' ? formatYuan(value) : '';
  }
  const value = gridValue(field, row);
  return value == null ? '' : String(value);
}

/** The grid's formatter for money cells (the value itself stays a number of 元). */
export function formatMoneyCell(yuan: unknown): string {
  return typeof yuan === 'number' ? formatYuan(Math.round(yuan * 100)) : '';
}

/** Options of a reference field for one row, limited by the field it is scoped by (community → street). */
export function refChoices(options: RefOption[], scopeValue: unknown): RefOption[] {
  return typeof scopeValue === 'number' ? options.filter((o) => o.parentId === scopeValue) : options;
}

/** Choices the grid's select editor offers, as labels; optional fields start with a blank to clear them. */
export function choiceLabels(field: FieldDef, refOptions: RefOption[] | undefined): string[] {
  const labels =
    field.kind === 'bool'
      ? [t.grid.yes, t.grid.no]
      : field.kind === 'ref'
        ? (refOptions ?? []).map((o) => o.label)
        : (field.options ?? []).map((o) => o.label);
  return field.required ? labels : ['', ...labels];
}

const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/** Plain digits become a number (so an unchanged "12" equals the stored 12); anything looser goes as typed. */
function numberOrText(field: FieldDef, text: string): PatchValue {
  return isNumeric(field) && PLAIN_NUMBER.test(text) ? Number(text) : text;
}

/**
 * Text typed or picked in a grid cell → the value sent to the API: option codes and row ids, not labels.
 * Text that matches no choice is sent as typed, so db/ answers with its own Chinese message.
 */
export function fromGridText(field: FieldDef, raw: unknown, refOptions: RefOption[] | undefined): PatchValue {
  const text = raw == null ? '' : String(raw).trim();
  if (text === '') return field.kind === 'list' ? [] : null;
  switch (field.kind) {
    case 'enum':
      return field.options?.find((o) => o.label === text)?.value ?? text;
    case 'bool':
      return text === t.grid.yes ? true : text === t.grid.no ? false : text;
    case 'ref':
      return refOptions?.find((o) => o.label === text)?.value ?? text;
    case 'money':
      return moneyInput(text);
    case 'list':
      return listInput(field, text);
    default:
      return numberOrText(field, text);
  }
}

/** A list typed as text (、 or commas between items): items that name an option are sent as its code. */
function listInput(field: FieldDef, text: string): PatchValue {
  if (!field.options?.length) return text;
  return text
    .split(/[、,,;;/]/)
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => String(field.options!.find((o) => o.label === item)?.value ?? item));
}

/**
 * A stored value → the value that writes it back unchanged (undo, fill down). Stored values are accepted as
 * they are, except money: a bare number would be read as 元 (or 万元), so fen go back as 元 with the unit.
 */
export function apiValue(field: FieldDef, value: unknown): PatchValue {
  if (value == null) return field.kind === 'list' ? [] : null;
  if (field.kind === 'money' && typeof value === 'number') return `${plainYuan(value)}${t.grid.yuan}`;
  return value as PatchValue;
}

/** A stored value as the text of a form input (select values are codes and ids as strings). */
export function formText(field: FieldDef, value: unknown): string {
  if (value == null) return '';
  if (field.kind === 'bool') return value ? 'true' : 'false';
  if (field.kind === 'list') return Array.isArray(value) ? value.map((v) => optionLabel(field, v)).join('、') : String(value);
  if (field.kind === 'money' && typeof value === 'number') return plainYuan(value);
  return String(value);
}

/** A form input's text → the value sent to the API. */
export function fromFormText(field: FieldDef, text: string): PatchValue {
  const trimmed = text.trim();
  if (trimmed === '') return field.kind === 'list' ? [] : null;
  switch (field.kind) {
    case 'bool':
      return trimmed === 'true';
    case 'ref':
      return Number(trimmed);
    case 'enum':
      return field.options?.find((o) => String(o.value) === trimmed)?.value ?? trimmed;
    case 'money':
      return moneyInput(trimmed);
    case 'list':
      return listInput(field, trimmed);
    default:
      return numberOrText(field, trimmed);
  }
}

export function sameValue(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) => (v === undefined || v === '' || (Array.isArray(v) && v.length === 0) ? null : v);
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

/** Whether a value about to be sent would leave the stored one as it is (money compared in fen). */
export function unchanged(field: FieldDef, stored: unknown, value: PatchValue): boolean {
  if (field.kind === 'money' && typeof value === 'string') {
    const m = /^([+-]?[\d,]+(?:\.\d+)?)元$/.exec(value);
    if (m) return typeof stored === 'number' && Math.round(Number(m[1].replace(/,/g, '')) * 100) === stored;
  }
  if (field.kind === 'list' && typeof value === 'string' && Array.isArray(stored)) return stored.join('、') === value;
  if (field.kind === 'list' && Array.isArray(value) && Array.isArray(stored)) return stored.join('\u0000') === value.join('\u0000');
  return sameValue(stored, value);
}
