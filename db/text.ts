/**
 * Text normalisation applied to every text field on write (DOMAIN rule N1, §7 E1/E6).
 * NFKC turns full-width letters, digits and punctuation into their ASCII forms and U+3000 into a space.
 */
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
/** Control characters no clerk types; NUL in particular ends a text for SQLite's length() and CHECKs. */
const CONTROL = /[\u0000-\u0008\u000E-\u001F\u007F]/g;
const BLANKS = /[\s\u00A0\u3000]+/g;

/** Printable ASCII with single inner spaces is already normal: most codes and numbers skip the work below. */
const ALREADY_NORMAL = /^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/;

export function normalizeText(value: string): string {
  if (ALREADY_NORMAL.test(value)) return value;
  return value.normalize('NFKC').replace(ZERO_WIDTH, '').replace(CONTROL, '').replace(BLANKS, ' ').trim();
}

/** Codes compare case- and width-insensitively: `GC-001`, `ＧＣ－００１` and `gc-001 ` are one code. */
export function normalizeCode(value: string): string {
  return normalizeText(value).replace(/\s+/g, '').toUpperCase();
}

/** Blank text (after normalisation) is stored as null. */
export function normalizeOptionalText(value: string | null | undefined): string | null {
  if (value == null) return null;
  const text = normalizeText(value);
  return text === '' ? null : text;
}
