/**
 * What every dashboard chart is made of: row-level facts (a row id with the category and series it counts
 * in, and its value), the resolved filters, and the shared machinery that turns facts into a chart and a
 * clicked element back into the ids of exactly those facts. A chart's numbers and its drill-down come from
 * one facts function, so a bar of N rows always opens N rows.
 */
import { round2 } from '../assessment/scoring';
import type { SchemeCategory } from '../assessment/types';
import { ApiError } from '../errors';
import type { SqlValue, Tx } from '../sqlite';
import type { ChartData, ChartKey, ChartSeries, DashboardSection, DrillTarget } from './types';

/** The filters with the defaults filled in (asOf) and the months of the range. */
export interface Resolved {
  from: string;
  to: string;
  asOf: string;
  streetId?: number;
  category?: SchemeCategory;
  contractorId?: number;
  /** Every month from `from` to `to`, oldest first. */
  months: string[];
}

/** One row behind a chart: the id in the drill target's grid, where it counts, and how much. */
export interface Fact {
  id: number;
  /** The category key it counts in (a status, a month, a street id as text…). */
  cat: string;
  /** The series key it counts in. */
  s: string;
  /** What it adds (1 for a count; tonnes, ㎡, points…). */
  v: number;
  /** A second value where the series is a ratio (e.g. the mechanised area beside the cleaning area). */
  w?: number;
  /** The grid the id belongs to, when a series opens another grid than the chart's (sections vs contracts). */
  target?: DrillTarget;
}

/**
 * The request's context: the read connection, the filters, and a memo so that charts sharing a query (the
 * toilet charts, the assessment charts) run it once per request.
 */
export class Env {
  private readonly memo = new Map<string, Promise<unknown>>();
  constructor(
    readonly read: Tx,
    readonly f: Resolved,
  ) {}

  once<T>(key: string, load: () => Promise<T>): Promise<T> {
    let found = this.memo.get(key) as Promise<T> | undefined;
    if (!found) {
      found = load();
      this.memo.set(key, found);
    }
    return found;
  }
}

/** A chart as computed: the ChartData and the facts behind it. */
export interface Built {
  chart: ChartData;
  facts: Fact[];
}

export interface ChartSpec {
  key: ChartKey;
  section: DashboardSection;
  /** Builds the chart and returns the facts it was built from. */
  build(env: Env): Promise<Built>;
  /**
   * The fact series a click on a series opens (default: the series itself). A rate series opens the rows of
   * its numerator (coverage → the estates that sort), a Pareto's cumulative line opens nothing.
   */
  drillSeries?: (seriesKey: string) => string[];
}

// ---------------------------------------------------------------------------------------------------------
// Months

const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
const monthOfIndex = (i: number) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;

/** How many months `from`..`to` spans, both included (0 or less when to < from). */
export function monthSpan(from: string, to: string): number {
  return monthIndex(to) - monthIndex(from) + 1;
}

/** Every month from `from` to `to`, both included. */
export function monthRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let i = monthIndex(from); i <= monthIndex(to); i += 1) out.push(monthOfIndex(i));
  return out;
}

/** 2025-10 → 2025年10月 */
export function monthText(month: string): string {
  return `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
}

// ---------------------------------------------------------------------------------------------------------
// Display text (rounding happens here only)

/** 1686 → "1,686"; 12.345 → "12.35" (half-up, 2 decimals, grouped). */
export function num(x: number, decimals = 2): string {
  const r = decimals === 2 ? round2(x) : Number(x.toFixed(decimals));
  return r.toLocaleString('en-US', { maximumFractionDigits: decimals, minimumFractionDigits: 0 });
}

/** A percentage value (already ×100) as "87.50%"; "—" when there is none. */
export function pctText(x: number | null): string {
  return x == null ? '—' : `${round2(x).toFixed(2)}%`;
}

// ---------------------------------------------------------------------------------------------------------
// Colours fixed by the domain (UX.md: the four waste categories keep their official colours)

export const WASTE_COLORS = {
  recyclable: '#1e6fd9',
  hazardous: '#d9342b',
  kitchen: '#2e9e44',
  residual: '#7a7f87',
} as const;

// ---------------------------------------------------------------------------------------------------------
// Facts → chart values

/** Per category key and series key: the facts' ids, Σ v and Σ w. */
export class FactIndex {
  private readonly cells = new Map<string, { ids: Set<number>; v: number; w: number }>();
  constructor(readonly facts: readonly Fact[]) {
    for (const f of facts) {
      const key = `${f.cat}\u0000${f.s}`;
      let cell = this.cells.get(key);
      if (!cell) this.cells.set(key, (cell = { ids: new Set(), v: 0, w: 0 }));
      cell.ids.add(f.id);
      cell.v += f.v;
      cell.w += f.w ?? 0;
    }
  }

  /** How many distinct rows count in the cell. */
  count(cat: string, s: string): number {
    return this.cells.get(`${cat}\u0000${s}`)?.ids.size ?? 0;
  }

  sum(cat: string, s: string): number {
    return this.cells.get(`${cat}\u0000${s}`)?.v ?? 0;
  }

  sumW(cat: string, s: string): number {
    return this.cells.get(`${cat}\u0000${s}`)?.w ?? 0;
  }

  has(cat: string, s: string): boolean {
    return this.cells.has(`${cat}\u0000${s}`);
  }
}

/** The parts of ChartData a spec fills; the rest comes from the spec itself. */
export type ChartBody = Omit<ChartData, 'key' | 'section' | 'emptyReason'> & { emptyReason?: string | null };

export function chartOf(spec: Pick<ChartSpec, 'key' | 'section'>, body: ChartBody, emptyReason: string): ChartData {
  const hasData = body.categories.length > 0 && body.series.some((s) => s.values.some((v) => v != null && v !== 0));
  return { key: spec.key, section: spec.section, ...body, emptyReason: body.emptyReason !== undefined ? body.emptyReason : hasData ? null : emptyReason };
}

export function series(key: string, name: string, values: Array<number | null>, unit: string, extra: Partial<ChartSeries> = {}): ChartSeries {
  return { key, name, values, unit, ...extra };
}

// ---------------------------------------------------------------------------------------------------------
// Filters in SQL

/** `AND <expr> = ?` with its parameter when the filter is set; nothing when it is not. */
export function andEq(expr: string, value: number | string | undefined, params: SqlValue[]): string {
  if (value === undefined) return '';
  params.push(value);
  return ` AND ${expr} = ?`;
}

/** A validation error naming the unknown key (a chart, a category, a series) in Chinese. */
export function unknownKey(what: string, key: string, known: string[]): ApiError {
  const list = known.length > 12 ? `${known.slice(0, 12).join('、')} 等 ${known.length} 个` : known.join('、');
  return new ApiError('validation', `${what}“${key}”不存在${list ? `,可用的有:${list}` : ''}`, { [what === '图表' ? 'chart' : what === '系列' ? 'seriesKey' : 'categoryKey']: `未知的${what}“${key}”` });
}

// ---------------------------------------------------------------------------------------------------------
// Shared look-ups

export interface StreetRow {
  id: number;
  name: string;
  population: number | null;
}

/** Live streets in official order (the filter's street only, when set). */
export function streetsOf(env: Env): Promise<StreetRow[]> {
  return env.once('streets', async () => {
    const params: SqlValue[] = [];
    return env.read.all<StreetRow>(
      `SELECT id, name, population FROM streets WHERE deleted_at IS NULL${andEq('id', env.f.streetId, params)} ORDER BY sort_order, id`,
      params,
    );
  });
}

/** Contractor names by id (deleted ones too: history names them). */
export function contractorNames(env: Env): Promise<Map<number, string>> {
  return env.once('contractors', async () => {
    const rows = await env.read.all<{ id: number; name: string; shortName: string | null }>('SELECT id, name, short_name AS shortName FROM contractors');
    return new Map(rows.map((r) => [r.id, r.shortName || r.name]));
  });
}
