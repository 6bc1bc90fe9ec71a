/** The indicator table's methods in the contract (db/api.ts spreads them): the ledger's, progress and the plan export. */
import { z } from 'zod';
import { method } from '../contract';
import { ledgerMethods } from '../ledger/methods';
import { KPI_LABELS } from '../dashboard/kpis';
import { exportPlan } from './plan';
import { indicatorProgress } from './report';
import { indicatorTargets } from './service';

const kpiKeys = Object.keys(KPI_LABELS) as [keyof typeof KPI_LABELS, ...Array<keyof typeof KPI_LABELS>];

export const indicatorFilter = z.strictObject({
  category: z.string().max(100).optional(),
  binding: z.enum(['binding', 'expected']).optional(),
  kpiKey: z.enum(kpiKeys).optional(),
});

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '应为年月,如 2025-10');
const day = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, '应为日期,如 2025-10-31');

export const indicatorMethods = {
  ...ledgerMethods('targets', indicatorTargets, indicatorFilter),
  'targets.progress': method({
    summary:
      '规划关键指标的完成进度:本系统能统计的指标(计算指标)给出当前值(与统计看板同一算法)、是否达标、从基期到目标的完成比例和一句中文说明;默认按截至本月的近 12 个月统计',
    role: 'reader',
    input: z.strictObject({ asOf: day.optional(), from: month.optional(), to: month.optional() }),
    output: 'IndicatorProgress[](id、kpiKey、current: KpiValue | null、met、progress 0…1、text),按指标表顺序',
    errors: ['validation'],
    writes: false,
    handler: (ctx, input) => indicatorProgress(ctx, input),
  }),
  'targets.exportPlan': method({
    summary: '按规划文本的格式导出指标表为 xlsx:标题行,表头 类别/序号/指标/基期/目标/属性/当前值/进度,同一类别的单元格向下合并',
    role: 'reader',
    input: z.strictObject({}),
    output: '{ fileName, mimeType, base64, rows }',
    errors: [],
    writes: false,
    handler: async (ctx) => {
      const file = await exportPlan(ctx);
      return { fileName: file.fileName, mimeType: file.mimeType, base64: file.content.toString('base64'), rows: file.rows };
    },
  }),
};
