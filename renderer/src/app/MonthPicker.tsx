/**
 * The working month (考核月份): year and month selects with previous/next steps. Not `<input type="month">`,
 * whose text follows the operating system's language rather than the console's.
 */
import { monthOf, shiftMonth } from '../format';
import { t } from '../i18n/zh-CN';

const YEARS_BACK = 6;
const YEARS_AHEAD = 1;

export function MonthPicker({ value, onChange, label = t.app.workingMonth, testId = 'working-month' }: { value: string; onChange(month: string): void; label?: string; testId?: string }) {
  const [year, month] = value.split('-').map(Number);
  const thisYear = new Date().getFullYear();
  const years: number[] = [];
  for (let y = Math.min(year, thisYear - YEARS_BACK); y <= Math.max(year, thisYear + YEARS_AHEAD); y += 1) years.push(y);
  const set = (y: number, m: number) => onChange(monthOf(new Date(y, m - 1, 1)));
  return (
    <div className="month-picker" data-testid={testId}>
      <span className="month-picker-label">{label}</span>
      <button type="button" className="icon-button" title={t.app.previousMonth} aria-label={t.app.previousMonth} onClick={() => onChange(shiftMonth(value, -1))}>
        ‹
      </button>
      <select aria-label={t.app.yearLabel} value={year} onChange={(e) => set(Number(e.target.value), month)}>
        {years.map((y) => (
          <option key={y} value={y}>
            {y}
            {t.app.yearSuffix}
          </option>
        ))}
      </select>
      <select aria-label={t.app.monthLabel} value={month} onChange={(e) => set(year, Number(e.target.value))}>
        {Array.from({ length: 12 }, (_, i) => i + 1).map((m) => (
          <option key={m} value={m}>
            {m}
            {t.app.monthSuffix}
          </option>
        ))}
      </select>
      <button type="button" className="icon-button" title={t.app.nextMonth} aria-label={t.app.nextMonth} onClick={() => onChange(shiftMonth(value, 1))}>
        ›
      </button>
    </div>
  );
}
