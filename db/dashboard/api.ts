/** The dashboard methods of the contract (db/api.ts spreads them): the charts and KPIs, and the drill-down. */
import { z } from 'zod';
import { method } from '../contract';
import { dashboardData, dashboardDrill } from './data';
import { filtersSchema } from './filters';
import type { ChartKey, DashboardFilters } from './types';

export const dashboardMethods = {
  'dashboard.data': method({
    summary:
      '统计看板:按期间(开始、结束月份 YYYY-MM,最多 36 个月)、街道、考核类别、作业单位筛选,返回垃圾分类、公厕、合同标段、考核四部分的全部图表数据和指标卡(覆盖率、分出率、机械化率、按时整改率、平均分等);已锁定月份取锁定时的成绩,未锁定月份实时计算并标注',
    role: 'reader',
    input: filtersSchema,
    output: 'DashboardData(filters、filterText、months、lockedMonths、charts: ChartData[]、kpis: KpiValue[]、elapsedMs)',
    errors: ['validation'],
    writes: false,
    handler: (ctx, input) => dashboardData(ctx.ws.db.read, input as DashboardFilters),
  }),
  'dashboard.drill': method({
    summary:
      '统计看板下钻:给出图表、被点击的分类键和系列键及当时的筛选条件,返回其背后的全部记录编号(小区、分类量、公厕、合同、标段、检查记录或整改单)和筛选说明;记录数与图上数字出自同一组数据',
    role: 'reader',
    input: z.strictObject({
      chart: z.string().trim().min(1, '请指定图表').max(50),
      categoryKey: z.string().max(200),
      seriesKey: z.string().max(200).optional(),
      filters: filtersSchema,
    }),
    output: 'DrillResult({ target, ids, label })',
    errors: ['validation'],
    writes: false,
    handler: (ctx, input) => dashboardDrill(ctx.ws.db.read, { ...input, chart: input.chart as ChartKey, filters: input.filters as DashboardFilters }),
  }),
};
