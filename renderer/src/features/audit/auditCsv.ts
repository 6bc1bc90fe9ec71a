/**
 * The audit entries as a CSV file a supervisor can open in Excel/WPS: a UTF-8 BOM so the Chinese reads right,
 * and the same guard against formula injection as db/io/export.ts (a cell starting with = + - @ or a tab/CR
 * gets a leading apostrophe): before/after values are whatever users typed.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value == null) return '';
  const text = typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvText(headers: string[], rows: Array<Array<string | number | null>>): string {
  return `\uFEFF${[headers, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** UTF-8 text as base64 for downloadBase64, in slices so a long log does not overflow the argument list. */
export function utf8Base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
