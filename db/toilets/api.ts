/** The toilet ledger's methods in the contract (db/api.ts lists them). */
import { z } from 'zod';
import type { Ctx } from '../context';
import { method } from '../contract';
import { columnsForFields, exportTable } from '../io/export';
import { looseRecord, reasonText, rowId, rowVersion } from '../schemas';
import { TOILET_FIELDS } from './fields';
import {
  createToilet,
  deleteToilet,
  getToilet,
  listToilets,
  restoreToilet,
  toiletHistory,
  updateToilet,
  type ToiletFilter,
} from './service';

export const toiletFilter = z.strictObject({
  streetId: rowId.optional(),
  communityId: rowId.optional(),
  type: z.enum(['standalone', 'attached', 'mobile']).optional(),
  class: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
  status: z.enum(['inUse', 'closed', 'underRenovation', 'demolished']).optional(),
  ownership: z.string().max(32).optional(),
  q: z.string().max(200).optional(),
  includeDeleted: z.boolean().optional(),
});

/** The ledger exported exactly as the grid shows it: the derived ratio included. */
export async function exportToilets(ctx: Ctx, filter: ToiletFilter, format: 'xlsx' | 'csv') {
  const rows = await listToilets(ctx.ws.db, filter);
  return exportTable(rows as unknown as Record<string, unknown>[], columnsForFields(TOILET_FIELDS), {
    title: '公厕台账',
    district: ctx.ws.name,
    format,
  });
}

export const toiletMethods = {
  'toilets.fields': method({
    summary: '公厕台账的字段表:键名、中文名、类型、单位、可选值,网格和表单按它生成列',
    role: 'reader',
    input: z.strictObject({}),
    output: 'FieldDef[]',
    errors: [],
    writes: false,
    handler: async () => TOILET_FIELDS,
  }),
  'toilets.list': method({
    summary: '列出符合筛选条件的全部公厕(不分页;一个区的台账整表交给网格)',
    role: 'reader',
    input: toiletFilter,
    output: 'Toilet[](含 streetName、communityName、派生的 femaleToMaleRatio、version)',
    errors: [],
    writes: false,
    handler: (ctx, input) => listToilets(ctx.ws.db, input),
  }),
  'toilets.get': method({
    summary: '读取一座公厕',
    role: 'reader',
    input: z.strictObject({ id: rowId, includeDeleted: z.boolean().optional() }),
    output: 'Toilet',
    errors: ['not_found'],
    writes: false,
    handler: (ctx, input) => getToilet(ctx.ws.db, input.id, input.includeDeleted),
  }),
  'toilets.create': method({
    summary: '新增一座公厕;字段值可为代码或中文(如 "一类"、"是"、街道名称)',
    role: 'clerk',
    input: z.strictObject({ values: looseRecord }),
    output: '{ row: Toilet, warnings: Warning[] }',
    errors: ['validation'],
    writes: true,
    handler: (ctx, input) => createToilet(ctx, input.values),
  }),
  'toilets.update': method({
    summary: '修改一座公厕的部分字段;version 与当前版本不符时拒绝(conflict),两位录入员不会互相覆盖',
    role: 'clerk',
    input: z.strictObject({ id: rowId, version: rowVersion, patch: looseRecord }),
    output: '{ row: Toilet, warnings: Warning[] }',
    errors: ['validation', 'not_found', 'conflict'],
    writes: true,
    handler: (ctx, input) => updateToilet(ctx, input),
  }),
  'toilets.delete': method({
    summary: '删除一座公厕(软删除:记录和历史保留,可恢复)',
    role: 'clerk',
    input: z.strictObject({ id: rowId, version: rowVersion.optional(), reason: reasonText.optional() }),
    output: 'Toilet(带 deletedAt)',
    errors: ['not_found', 'conflict'],
    writes: true,
    handler: (ctx, input) => deleteToilet(ctx, input),
  }),
  'toilets.restore': method({
    summary: '恢复一座已删除的公厕(撤销删除)',
    role: 'clerk',
    input: z.strictObject({ id: rowId }),
    output: 'Toilet',
    errors: ['not_found', 'validation'],
    writes: true,
    handler: (ctx, input) => restoreToilet(ctx, input),
  }),
  'toilets.history': method({
    summary: '一座公厕的修改历史(来自审计日志):谁、何时、各字段修改前后',
    role: 'reader',
    input: z.strictObject({ id: rowId }),
    output: 'HistoryEntry[],按时间先后',
    errors: ['not_found'],
    writes: false,
    handler: (ctx, input) => toiletHistory(ctx.ws.db, input.id),
  }),
  'toilets.export': method({
    summary: '导出公厕台账(所有列,中文表头和单位,标题行含区名和日期)为 xlsx 或 csv',
    role: 'reader',
    input: z.strictObject({ format: z.enum(['xlsx', 'csv']), filter: toiletFilter.optional() }),
    output: '{ fileName, mimeType, base64, rows }',
    errors: [],
    writes: false,
    handler: async (ctx, input) => {
      const file = await exportToilets(ctx, input.filter ?? {}, input.format);
      return { fileName: file.fileName, mimeType: file.mimeType, base64: file.content.toString('base64'), rows: file.rows };
    },
  }),
};
