/**
 * Field values between the three shapes they take: as stored (codes, ids, booleans), as the grid shows and
 * filters them (labels, names, 是/否, numbers) and as form inputs hold them (strings). Driven by FieldDef
 * only, so every ledger gets the same behaviour.
 */
import type { FieldDef } from '../../../../db/api';
import { t } from '../../i18n/zh-CN';
import type { PatchValue, RefOption } from './types';

type AnyRow = Record<string, unknown>;

export function isNumeric(field: FieldDef): boolean {
  return field.kind === 'int' || field.kind === 'decimal';
}

export function headerName(field: FieldDef): string {
  return field.unit ? `${field.label}(${field.unit})` : field.label;
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
      return Array.isArray(value) ? value.join('、') : '';
    case 'int':
    case 'decimal':
      return typeof value === 'number' ? value : null;
    default:
      return value == null ? '' : String(value);
  }
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
    default:
      return numberOrText(field, text);
  }
}

/** A stored value as the text of a form input (select values are codes and ids as strings). */
export function formText(field: FieldDef, value: unknown): string {
  if (value == null) return '';
  if (field.kind === 'bool') return value ? 'true' : 'false';
  if (field.kind === 'list') return Array.isArray(value) ? value.join('、') : String(value);
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
    default:
      return numberOrText(field, trimmed);
  }
}

export function sameValue(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) => (v === undefined || v === '' || (Array.isArray(v) && v.length === 0) ? null : v);
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}
