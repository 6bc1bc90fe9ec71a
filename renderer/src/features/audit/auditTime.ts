import { formatDateTime } from '../../format';

/** YYYY-MM-DD HH:mm:ss local time: several entries fall in one minute (a paste writes one per row). */
export function auditTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${formatDateTime(iso)}:${String(date.getSeconds()).padStart(2, '0')}`;
}

/** Today as YYYY-MM-DD in local time (the date boxes' default range ends here). */
export function localDate(date = new Date()): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}
