/** Dates and months as the office writes them: YYYY-MM-DD HH:mm on screen, YYYY-MM for months (local time). */
const pad = (n: number) => String(n).padStart(2, '0');

export function monthOf(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}`;
}

export function shiftMonth(month: string, by: number): string {
  const [year, m] = month.split('-').map(Number);
  return monthOf(new Date(year, m - 1 + by, 1));
}

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** YYYY-MM-DD HH:mm:ss: where several entries fall in one minute (audit entries of a paste, backups). */
export function formatDateTimeSeconds(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${formatDateTime(iso)}:${pad(date.getSeconds())}`;
}

/** Today (or `date`) as YYYY-MM-DD in local time. */
export function localDate(date = new Date()): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Units whose values are shown with exactly two decimals (rates, scores, money); the rest with up to two. */
const FIXED_2 = new Set(['%', '分', '元']);

/**
 * A measured value with its unit, as the dashboard's cards and the 指标 progress both show it: "92.50%",
 * "86.38 分", "3,041.1 人/座"; "—" when there is none. Display only: db/ keeps full precision.
 */
export function formatMeasure(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const fixed = FIXED_2.has(unit);
  const text = value.toLocaleString('zh-CN', { minimumFractionDigits: fixed ? 2 : 0, maximumFractionDigits: 2 });
  return unit === '%' ? `${text}%` : `${text} ${unit}`.trimEnd();
}
