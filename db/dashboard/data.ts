/**
 * The dashboard (统计看板, DOMAIN §6.3) as one call: every chart of the four sections and the KPI cards for the
 * filters, and the drill-down that resolves a clicked element to the ids of exactly the rows behind it, from the
 * same facts the chart was built from.
 */
import { performance } from 'node:perf_hooks';
import type { Tx } from '../sqlite';
import { ASSESSMENT_CHARTS } from './assessment';
import { CONTRACT_CHARTS } from './contracts';
import { Env, unknownKey, type ChartSpec, type Resolved } from './facts';
import { filterText, resolveFilters } from './filters';
import { kpisOf } from './kpis';
import { SORTING_CHARTS } from './sorting';
import { TOILET_CHARTS } from './toilets';
import type { ChartKey, DashboardData, DashboardFilters, DrillRef, DrillResult } from './types';

/** Every chart, in display order (section by section). */
export const CHARTS: ChartSpec[] = [...SORTING_CHARTS, ...TOILET_CHARTS, ...CONTRACT_CHARTS, ...ASSESSMENT_CHARTS];
const BY_KEY = new Map<string, ChartSpec>(CHARTS.map((c) => [c.key, c]));

export const CHART_KEYS = CHARTS.map((c) => c.key) as ChartKey[];

function publicFilters(f: Resolved): DashboardData['filters'] {
  const { months: _months, ...rest } = f;
  return rest;
}

export async function dashboardData(read: Tx, filters: DashboardFilters): Promise<DashboardData> {
  const t0 = performance.now();
  const f = await resolveFilters(read, filters);
  const env = new Env(read, f);
  // Sequential on purpose: one read connection, and the memo lets later charts reuse earlier charts' queries.
  const charts = [];
  for (const spec of CHARTS) charts.push((await spec.build(env)).chart);
  const kpis = await kpisOf(env);
  const locked = new Set((await read.all<{ month: string }>('SELECT month FROM month_locks WHERE month BETWEEN ? AND ?', [f.from, f.to])).map((r) => r.month));
  return {
    filters: publicFilters(f),
    filterText: await filterText(read, f),
    months: f.months,
    lockedMonths: f.months.filter((m) => locked.has(m)),
    charts,
    kpis,
    elapsedMs: performance.now() - t0,
  };
}

/** The ids behind one clicked bar, slice or point, in the grid the chart (or series) opens. */
export async function dashboardDrill(read: Tx, ref: DrillRef): Promise<DrillResult> {
  const spec = BY_KEY.get(ref.chart);
  if (!spec) throw unknownKey('图表', ref.chart, CHART_KEYS);
  const f = await resolveFilters(read, ref.filters);
  const env = new Env(read, f);
  const { chart, facts } = await spec.build(env);
  const at = chart.categoryKeys.indexOf(ref.categoryKey);
  if (at < 0) throw unknownKey(`“${chart.title}”的分类`, ref.categoryKey, chart.categoryKeys);
  const seriesKey = ref.seriesKey ?? chart.series.find((s) => s.drillable !== false)?.key;
  const clicked = chart.series.find((s) => s.key === seriesKey);
  if (!clicked) throw unknownKey('系列', String(ref.seriesKey), chart.series.map((s) => s.key));
  if (clicked.drillable === false) throw unknownKey('可点击的系列', clicked.key, chart.series.filter((s) => s.drillable !== false).map((s) => s.key));
  const wanted = new Set(spec.drillSeries ? spec.drillSeries(clicked.key) : [clicked.key]);
  const ids = new Set<number>();
  for (const fact of facts) if (fact.cat === ref.categoryKey && wanted.has(fact.s)) ids.add(fact.id);
  const target = clicked.drillTarget ?? chart.drillTarget;
  const seriesText = chart.series.length > 1 ? ` · ${clicked.name}` : '';
  return {
    target,
    ids: [...ids].sort((a, b) => a - b),
    label: `统计看板:${chart.title} · ${chart.categories[at]}${seriesText}(${f.from} 至 ${f.to})`,
  };
}
