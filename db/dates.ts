/**
 * Dates as clerks write them (DOMAIN §7 E9): 2023-04-01, 2023.4.1, 2023/4/1, 2023年4月1日, and Excel's
 * serial day numbers (45017 = 2023-04-01). Stored as ISO `YYYY-MM-DD`.
 */
const EXCEL_EPOCH_UTC = Date.UTC(1899, 11, 30); // Excel's day 0, after its 1900 leap-year bug

function iso(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** An Excel serial day number (1900 date system) as ISO; plausible range 1950–2100 only. */
export function excelSerialToIso(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 18264 || serial > 73051) return null;
  const date = new Date(EXCEL_EPOCH_UTC + Math.floor(serial) * 86_400_000);
  return iso(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

export function parseDate(raw: string | number | Date): string | null {
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? null : iso(raw.getUTCFullYear(), raw.getUTCMonth() + 1, raw.getUTCDate());
  if (typeof raw === 'number') return excelSerialToIso(raw);
  const text = raw.normalize('NFKC').trim();
  if (/^\d{5}(\.\d+)?$/.test(text)) return excelSerialToIso(Number(text));
  const m = /^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!m) return null;
  return iso(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** `iso` moved by a number of days (negative for earlier), in calendar days. */
export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The last day of a month `YYYY-MM`, as YYYY-MM-DD. */
export function lastDayOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** The month before `YYYY-MM`. */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
