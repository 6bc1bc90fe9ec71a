/**
 * The dashboard's contract (统计看板, DOMAIN §6.3): the filters every chart honours, the data of one chart,
 * and the drill-down that turns a clicked bar, slice or point into exactly the ledger or inspection rows
 * behind it. The renderer draws charts from `ChartData` without knowing any formula; the numbers and the
 * row ids come from the same facts in db/dashboard, so a drill-down's row count always matches the bar.
 */
import type { SchemeCategory } from '../assessment/types';

/** What the dashboard is filtered by. Months are `YYYY-MM`, inclusive; the ledger-state charts (estates by
 *  status, toilets, contracts) show the current state and honour street, category and contractor. */
export interface DashboardFilters {
  from: string;
  to: string;
  streetId?: number;
  category?: SchemeCategory;
  contractorId?: number;
  /** The day "now" is for expiring contracts and overdue orders (`YYYY-MM-DD`); the host's date by default. */
  asOf?: string;
}

/** The grid a drill-down opens, and so which ids `DrillResult.ids` are. */
export type DrillTarget = 'estates' | 'tonnage' | 'toilets' | 'contracts' | 'sections' | 'inspections' | 'rectifications';

export type DashboardSection = 'sorting' | 'toilets' | 'contracts' | 'assessment';

export type ChartKey =
  // 垃圾分类
  | 'estatesByStatus'
  | 'sortingCoverage'
  | 'tonnageByMonth'
  | 'kitchenSeparation'
  // 公厕
  | 'toiletsByClass'
  | 'toiletsByType'
  | 'toiletsByOwnership'
  | 'toiletFacilities'
  | 'toiletsPerPopulation'
  // 合同标段
  | 'contractorAreaMoney'
  | 'mechanization'
  | 'contractsExpiring'
  // 考核
  | 'scoreByMonth'
  | 'gradeDistribution'
  | 'rankingMovement'
  | 'deductionPareto'
  | 'rectificationOnTime'
  | 'moneyWithheld';

/**
 * How the renderer draws the chart:
 *  - bar: one bar per category, one series per value kind (grouped when several);
 *  - stackedBar: series stacked per category (tonnage by waste category);
 *  - line: categories on the x axis, one line per series (trend, average score per scheme category);
 *  - rankLine: like line but the y axis is a rank, inverted (1 on top), integer ticks;
 *  - pie: one slice per category, `series[0]` holds the values;
 *  - pareto: bars (series[0], descending) with the cumulative share line (series[1], %, right axis);
 *  - barLine: bars on the left axis (series with axis 'left') and lines on the right (axis 'right').
 */
export type ChartKind = 'bar' | 'stackedBar' | 'line' | 'rankLine' | 'pie' | 'pareto' | 'barLine';

export interface ChartSeries {
  /** Stable key, part of the drill key (e.g. 'kitchen', 'avg', a contractor id as text). */
  key: string;
  /** Legend text in Chinese. */
  name: string;
  /** One value per category of the chart, in order; null where there is nothing (a gap in a line). */
  values: Array<number | null>;
  /** Display unit of the values: '座', '个', '吨', '%', '分', '元', '㎡', '人/座', '名'. */
  unit: string;
  /** barLine: which y axis. */
  axis?: 'left' | 'right';
  /** A fixed colour where the domain fixes it (the four waste categories, UX.md); else the palette's. */
  color?: string;
  /** False when clicking this series opens nothing (e.g. the Pareto's cumulative line, a norm line). */
  drillable?: boolean;
  /** The grid this series opens when it is not the chart's `drillTarget` (area → sections, money → contracts). */
  drillTarget?: DrillTarget;
}

export interface ChartData {
  key: ChartKey;
  section: DashboardSection;
  title: string;
  kind: ChartKind;
  /** x-axis labels (or slice names), in Chinese, in display order. */
  categories: string[];
  /** The drill key of each category, same order (a status key, a month, a contractor id as text…). */
  categoryKeys: string[];
  series: ChartSeries[];
  /** One headline for the chart's corner, e.g. "覆盖率 87.50%(按户 90.12%)"; empty when there is none. */
  headline: string;
  /** The formula in words, shown as the chart's help text (DOMAIN §6). */
  formula: string;
  /** The grid a click opens. */
  drillTarget: DrillTarget;
  /** Why the chart is empty (no rows in the period…), null when it has data. */
  emptyReason: string | null;
}

export interface DashboardData {
  filters: Required<Pick<DashboardFilters, 'from' | 'to' | 'asOf'>> & Omit<DashboardFilters, 'from' | 'to' | 'asOf'>;
  /** The filters in words for the printed page: "2025-01 至 2025-12 · 街道:xx · 类别:公厕保洁". */
  filterText: string;
  /** Months of the range, oldest first; locked months are marked in `lockedMonths`. */
  months: string[];
  lockedMonths: string[];
  charts: ChartData[];
  /** The KPI cards on top (coverage, separation rate, mechanisation, on-time rate, average score…). */
  kpis: KpiValue[];
  /** Milliseconds spent computing, for the bench and the status bar. */
  elapsedMs: number;
}

/** One clicked element: the chart, its category key and (where it matters) its series key. */
export interface DrillRef {
  chart: ChartKey;
  categoryKey: string;
  seriesKey?: string;
  filters: DashboardFilters;
}

export interface DrillResult {
  target: DrillTarget;
  /** Exactly the rows behind the clicked element, in the target grid's ids. */
  ids: number[];
  /** The filter in words, for the removable chip on the grid: "统计看板:公厕 · 一类(2025-01 至 2025-12)". */
  label: string;
}

/** Indicators SaniDesk computes from its own data (DOMAIN §6.1, §6.3); the 指标 table links to them by key. */
export type KpiKey =
  | 'sortingCoverageRate'
  | 'sortingCoverageByHouseholds'
  | 'compliantCoverageRate'
  | 'recyclingRate'
  | 'resourceUtilizationRate'
  | 'safeDisposalRate'
  | 'kitchenSeparationRate'
  | 'mechanizationRate'
  | 'toiletFamilyRestroomShare'
  | 'toiletAccessibleShare'
  | 'populationPerToilet'
  | 'rectificationOnTimeRate'
  | 'averageScore'
  | 'excellentRate';

export interface KpiValue {
  key: KpiKey;
  /** 生活垃圾分类覆盖率 … */
  label: string;
  /** Full precision; null when the data cannot give it (no estates, no tonnage…). */
  value: number | null;
  /** '%', '分', '人/座'. */
  unit: string;
  /** The numerator and denominator in words: "已开展分类 1,686 个 ÷ 小区 1,927 个". */
  detail: string;
}
