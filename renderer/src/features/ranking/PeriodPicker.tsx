/**
 * The ranking period (DOMAIN §3.9): a month (2025-10), a round of months (2025-10~2025-11, 两月一轮), a quarter
 * (2025-Q4) or a year (2025), written the way `ranking.*` takes them. Months use the console's own MonthPicker.
 */
import type { PeriodKind } from '../../../../db/api';
import { MonthPicker } from '../../app/MonthPicker';
import { shiftMonth } from '../../format';

export const PERIOD_KINDS: Array<{ key: PeriodKind; label: string }> = [
  { key: 'month', label: '月度' },
  { key: 'round', label: '轮次' },
  { key: 'quarter', label: '季度' },
  { key: 'year', label: '年度' },
];

export interface PeriodValue {
  kind: PeriodKind;
  month: string;
  roundTo: string;
  quarter: number;
  year: number;
}

export function initialPeriod(month: string): PeriodValue {
  const [y, m] = month.split('-').map(Number);
  return { kind: 'month', month, roundTo: shiftMonth(month, 1), quarter: Math.ceil(m / 3), year: y };
}

/** The picker's value for a period the API wrote (a run's), keeping the other kinds' values from `base`. */
export function periodValueOf(period: string, base: PeriodValue): PeriodValue {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  if (quarter) return { ...base, kind: 'quarter', year: Number(quarter[1]), quarter: Number(quarter[2]) };
  if (/^\d{4}$/.test(period)) return { ...base, kind: 'year', year: Number(period) };
  const [from, to] = period.split('~');
  if (to) return { ...base, kind: 'round', month: from, roundTo: to };
  return { ...base, kind: 'month', month: from };
}

/** The period as the API writes it. */
export function periodString(p: PeriodValue): string {
  switch (p.kind) {
    case 'month':
      return p.month;
    case 'round':
      return `${p.month}~${p.roundTo}`;
    case 'quarter':
      return `${p.year}-Q${p.quarter}`;
    case 'year':
      return String(p.year);
  }
}

const QUARTERS = ['第一季度', '第二季度', '第三季度', '第四季度'];

export function PeriodPicker({ value, onChange }: { value: PeriodValue; onChange(next: PeriodValue): void }) {
  const thisYear = new Date().getFullYear();
  const years = Array.from({ length: 8 }, (_, i) => thisYear - 6 + i);
  const yearSelect = (
    <select className="input input-inline" aria-label="年份" value={value.year} onChange={(e) => onChange({ ...value, year: Number(e.target.value) })} data-testid="period-year">
      {years.map((y) => (
        <option key={y} value={y}>
          {y}年
        </option>
      ))}
    </select>
  );
  return (
    <div className="period-picker" data-testid="period-picker">
      <div className="segmented" role="group" aria-label="期间类型">
        {PERIOD_KINDS.map((k) => (
          <button
            key={k.key}
            type="button"
            className={`segment${value.kind === k.key ? ' segment-current' : ''}`}
            aria-pressed={value.kind === k.key}
            onClick={() => onChange({ ...value, kind: k.key })}
            data-testid={`period-kind-${k.key}`}
          >
            {k.label}
          </button>
        ))}
      </div>
      {value.kind === 'month' && <MonthPicker label="月份" testId="period-month" value={value.month} onChange={(month) => onChange({ ...value, month })} />}
      {value.kind === 'round' && (
        <>
          <MonthPicker label="从" testId="period-from" value={value.month} onChange={(month) => onChange({ ...value, month })} />
          <MonthPicker label="至" testId="period-to" value={value.roundTo} onChange={(roundTo) => onChange({ ...value, roundTo })} />
        </>
      )}
      {value.kind === 'quarter' && (
        <>
          {yearSelect}
          <select className="input input-inline" aria-label="季度" value={value.quarter} onChange={(e) => onChange({ ...value, quarter: Number(e.target.value) })}>
            {QUARTERS.map((q, i) => (
              <option key={q} value={i + 1}>
                {q}
              </option>
            ))}
          </select>
        </>
      )}
      {value.kind === 'year' && yearSelect}
    </div>
  );
}
