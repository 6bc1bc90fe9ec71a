/**
 * ECharts options from the dashboard contract's `ChartData`, one builder per `ChartKind` and none per chart:
 * the backend decides what a chart shows (categories, series, units, fixed colours), the renderer only how a
 * kind is drawn. ECharts series index i is always `ChartData.series[i]`, and the data index of a bar or a
 * point is its category index, so a click maps straight back to the drill key (pie slices carry theirs, as
 * empty slices are left out).
 */
import type { ChartData, ChartKind, ChartSeries } from '../../../../db/dashboard/types';
import { formatMeasure } from '../../format';
import type { ChartOption } from './echarts';

/** One quiet palette for every chart (UX.md "Look"); the first colour is the console's accent. Series the
 *  domain fixes (the four waste categories) bring their own colour in `ChartSeries.color`. */
export const PALETTE = ['#2563a8', '#4f9fa0', '#d99a3e', '#8770b0', '#6f9a52', '#9a7b5a', '#5d8fc9', '#a3aab3', '#c4a96b', '#3f6f73'];

const FONT = "'Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif";
const TEXT = '#1f2933';
const MUTED = '#66727f';
const LINE = '#dfe3e8';

/** Axis tick labels: thousands separators, no unit (the axis name carries it). */
function axisNumber(value: number): string {
  return value.toLocaleString('zh-CN', { maximumFractionDigits: 2 });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Number of data points a chart draws (non-null values over all series): the card's `data-count`. */
export function pointCount(chart: ChartData): number {
  return chart.series.reduce((sum, s) => sum + s.values.filter((v) => v !== null).length, 0);
}

export function isDrillable(series: ChartSeries | undefined): boolean {
  return !!series && series.drillable !== false;
}

export function chartDrillable(chart: ChartData): boolean {
  return chart.emptyReason === null && chart.series.some(isDrillable);
}

function colorOf(series: ChartSeries, index: number): string {
  return series.color ?? PALETTE[index % PALETTE.length];
}

/** The y axis name: the unit(s) of the series drawn on it, e.g. "吨" or "㎡ / 元". */
function unitName(series: ChartSeries[]): string {
  return [...new Set(series.map((s) => s.unit).filter(Boolean))].join(' / ');
}

/** Tooltip for a category: its label, then each series' value with its unit. */
function axisTooltip(chart: ChartData) {
  return (params: unknown): string => {
    const list = (Array.isArray(params) ? params : [params]) as Array<{ dataIndex: number; seriesIndex: number; marker: string }>;
    if (list.length === 0) return '';
    const index = list[0].dataIndex;
    const lines = list.map((p) => {
      const series = chart.series[p.seriesIndex];
      return series ? `${p.marker}${escapeHtml(series.name)}:<b>${formatMeasure(series.values[index], series.unit)}</b>` : '';
    });
    return [`<b>${escapeHtml(chart.categories[index] ?? '')}</b>`, ...lines].join('<br/>');
  };
}

function valueAxis(name: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'value' as const,
    name,
    nameTextStyle: { color: MUTED, align: 'left' as const },
    axisLabel: { color: MUTED, formatter: axisNumber },
    splitLine: { lineStyle: { color: LINE } },
    ...extra,
  };
}

function categoryAxis(chart: ChartData) {
  const count = chart.categories.length;
  const longest = Math.max(0, ...chart.categories.map((c) => c.length));
  // Many or long labels (contractors, streets, 12 months) are turned so that every one stays readable; past
  // 12 (deduction items) only those that fit are shown, the tooltip names every bar.
  const rotate = count > 12 ? 45 : count > 8 || (count > 4 && longest > 4) ? 30 : 0;
  return {
    type: 'category' as const,
    data: chart.categories,
    axisLabel: { color: MUTED, interval: count > 12 ? ('auto' as const) : 0, hideOverlap: count > 12, rotate, width: rotate ? 90 : undefined, overflow: 'truncate' as const },
    axisLine: { lineStyle: { color: '#b8c0c8' } },
    axisTick: { alignWithLabel: true },
  };
}

function base(chart: ChartData, title: string | null, legend: boolean): ChartOption {
  const top = (title ? 40 : 10) + (legend ? 24 : 0);
  return {
    animation: false,
    color: PALETTE,
    textStyle: { fontFamily: FONT, fontSize: 12, color: TEXT },
    title: title ? { text: title, subtext: chart.headline || undefined, left: 'center', top: 4, textStyle: { fontSize: 14, fontWeight: 600 }, itemGap: 4 } : undefined,
    legend: legend ? { top: title ? 40 : 0, type: 'scroll', itemWidth: 14, itemHeight: 10, textStyle: { color: MUTED } } : undefined,
    grid: { top: top + 22, left: 12, right: 16, bottom: 8, containLabel: true },
  };
}

/** Bars, stacked bars, lines and rank lines share one shape: categories on x, one value axis. */
function cartesian(chart: ChartData, kind: ChartKind, title: string | null): ChartOption {
  const stacked = kind === 'stackedBar';
  const line = kind === 'line' || kind === 'rankLine';
  const rank = kind === 'rankLine';
  return {
    ...base(chart, title, chart.series.length > 1),
    tooltip: { trigger: 'axis', axisPointer: { type: line ? 'line' : 'shadow' }, formatter: axisTooltip(chart) },
    xAxis: categoryAxis(chart),
    yAxis: rank
      ? // Rank 1 on top, whole places only.
        valueAxis('名次', { inverse: true, nameLocation: 'start', min: 1, minInterval: 1, axisLabel: { color: MUTED, formatter: (v: number) => (Number.isInteger(v) ? String(v) : '') } })
      : valueAxis(unitName(chart.series)),
    series: chart.series.map((s, i) =>
      line
        ? {
            type: 'line' as const,
            name: s.name,
            data: s.values,
            color: colorOf(s, i),
            connectNulls: false,
            symbolSize: 6,
            cursor: isDrillable(s) ? 'pointer' : 'default',
          }
        : {
            type: 'bar' as const,
            name: s.name,
            data: s.values,
            color: colorOf(s, i),
            stack: stacked ? 'total' : undefined,
            barMaxWidth: 36,
            cursor: isDrillable(s) ? 'pointer' : 'default',
          },
    ),
  };
}

function pie(chart: ChartData, title: string | null): ChartOption {
  const s = chart.series[0];
  return {
    ...base(chart, title, false),
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const { name, value, percent, marker } = p as { name: string; value: number; percent: number; marker: string };
        return `${marker}${escapeHtml(name)}:<b>${formatMeasure(value, s?.unit ?? '')}</b>(${formatMeasure(percent, '%')})`;
      },
    },
    // No legend: every slice is labelled with its name and share, and a side legend would cover the labels.
    legend: undefined,
    series: s
      ? [
          {
            type: 'pie',
            name: s.name,
            radius: ['36%', '62%'],
            center: ['50%', title ? '58%' : '52%'],
            label: { formatter: '{b}\n{d}%', color: TEXT },
            cursor: isDrillable(s) ? 'pointer' : 'default',
            // Empty slices are left out; `ci` keeps each slice's category index for the drill key.
            data: s.values.flatMap((value, ci) =>
              value === null || value === 0 ? [] : [{ name: chart.categories[ci], value, ci, itemStyle: { color: PALETTE[ci % PALETTE.length] } }],
            ),
          },
        ]
      : [],
  };
}

/** Bars on the left axis, lines on the right: Pareto (bars descending, cumulative % line) and barLine. */
function twoAxes(chart: ChartData, kind: ChartKind, title: string | null): ChartOption {
  const right = (s: ChartSeries, i: number) => (kind === 'pareto' ? i > 0 : s.axis === 'right');
  const leftSeries = chart.series.filter((s, i) => !right(s, i));
  const rightSeries = chart.series.filter((s, i) => right(s, i));
  const percentRight = kind === 'pareto' || rightSeries.every((s) => s.unit === '%');
  // A line in the bars' own unit (the 2 500 人/座 norm) is drawn on the bars' axis: a second scale would lie.
  const sameUnit = kind !== 'pareto' && rightSeries.length > 0 && rightSeries.every((r) => leftSeries.every((l) => l.unit === r.unit));
  return {
    ...base(chart, title, chart.series.length > 1),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: axisTooltip(chart) },
    xAxis: categoryAxis(chart),
    yAxis: sameUnit
      ? [valueAxis(unitName(leftSeries))]
      : [
          valueAxis(unitName(leftSeries)),
          valueAxis(unitName(rightSeries), {
            position: 'right',
            splitLine: { show: false },
            ...(percentRight && rightSeries.length > 0 ? { min: 0, max: 100 } : {}),
            nameTextStyle: { color: MUTED, align: 'right' as const },
          }),
        ],
    series: chart.series.map((s, i) =>
      right(s, i)
        ? {
            type: 'line' as const,
            name: s.name,
            data: s.values,
            yAxisIndex: sameUnit ? 0 : 1,
            color: colorOf(s, i),
            symbolSize: 6,
            cursor: isDrillable(s) ? 'pointer' : 'default',
            // The Pareto's 80 % line: the few items left of it cost most of the points.
            markLine:
              kind === 'pareto'
                ? { silent: true, symbol: 'none', label: { formatter: '80%', position: 'insideStartTop', color: MUTED }, lineStyle: { type: 'dashed', color: '#a3aab3' }, data: [{ yAxis: 80 }] }
                : undefined,
          }
        : {
            type: 'bar' as const,
            name: s.name,
            data: s.values,
            yAxisIndex: 0,
            color: colorOf(s, i),
            barMaxWidth: 36,
            cursor: isDrillable(s) ? 'pointer' : 'default',
          },
    ),
  };
}

/** The chart's option; `title` adds the title and headline inside the image (PNG export), not on screen. */
export function buildOption(chart: ChartData, title: string | null = null): ChartOption {
  switch (chart.kind) {
    case 'pie':
      return pie(chart, title);
    case 'pareto':
    case 'barLine':
      return twoAxes(chart, chart.kind, title);
    default:
      return cartesian(chart, chart.kind, title);
  }
}

/** The category index of a clicked element (`params` of an ECharts click). */
export function clickedCategory(params: { dataIndex: number; data?: unknown }): number {
  const data = params.data as { ci?: number } | null | undefined;
  return typeof data === 'object' && data !== null && typeof data.ci === 'number' ? data.ci : params.dataIndex;
}
