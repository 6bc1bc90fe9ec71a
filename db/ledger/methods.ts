/**
 * The contract methods every ledger offers, generated from its service so that each ledger speaks the same
 * language: `<prefix>.fields/list/get/create/update/delete/restore/history/batch/export`.
 */
import { z } from 'zod';
import type { Ctx } from '../context';
import { method } from '../contract';
import { columnsForFields, exportTable } from '../io/export';
import { looseRecord, reasonText, rowId, rowVersion } from '../schemas';
import type { LoginRole } from '../users/roles';
import type { RowMeta } from './record';
import type { LedgerService, ListFilter } from './service';

const batchRow = z.number().int().min(1).max(1_000_000);

export async function exportLedger<Row extends RowMeta, C>(
  ctx: Ctx,
  service: LedgerService<Row, C>,
  filter: ListFilter,
  format: 'xlsx' | 'csv',
) {
  const rows = await service.list(ctx.ws.db, filter);
  return exportTable(rows as unknown as Record<string, unknown>[], columnsForFields(service.def.fields), {
    title: service.def.title,
    district: ctx.ws.name,
    format,
  });
}

/** Method names keep their literal type (`toilets.list`), so clients get each method's own input and output. */
type Prefixed<P extends string, T> = { [K in keyof T & string as `${P}.${K}`]: T[K] };

function prefixed<P extends string, T extends object>(prefix: P, methods: T): Prefixed<P, T> {
  return Object.fromEntries(Object.entries(methods).map(([verb, def]) => [`${prefix}.${verb}`, def])) as Prefixed<P, T>;
}

export function ledgerMethods<P extends string, Row extends RowMeta, C, F extends z.ZodObject>(
  prefix: P,
  service: LedgerService<Row, C>,
  filterSchema: F,
  writeRole: LoginRole = 'clerk',
) {
  if (prefix !== service.def.prefix) throw new Error(`ledger prefix mismatch: ${prefix} vs ${service.def.prefix}`);
  const { noun, title } = service.def;
  const filter = filterSchema.extend({ q: z.string().max(200).optional(), includeDeleted: z.boolean().optional() });
  const slice = { offset: z.number().int().min(0).max(10_000_000).optional(), limit: z.number().int().min(1).max(1_000_000).optional() };
  return prefixed(prefix, {
    fields: method({
      summary: `${title}的字段表:键名、中文名、类型、单位、可选值、默认值,网格和表单按它生成列`,
      role: 'reader',
      input: z.strictObject({}),
      output: 'FieldDef[]',
      errors: [],
      writes: false,
      // Fields that only change through their own method after creation (an estate's status) say so, so the
      // grid and the form can lock them instead of letting the clerk type into a refusal.
      handler: async () =>
        service.def.fields.map((f) => {
          const locked = service.def.readOnlyOnUpdate?.[f.key];
          return locked ? { ...f, lockedAfterCreate: locked } : f;
        }),
    }),
    list: method({
      summary: `列出符合筛选条件的全部${noun}(一个区的台账整表交给网格);可用 offset/limit 分段读取,网格先显示前几百行再在后台载入其余`,
      role: 'reader',
      input: filter.extend(slice),
      output: `${noun}[](含关联名称、派生值、version)`,
      errors: [],
      writes: false,
      handler: (ctx, input) => service.list(ctx.ws.db, input as ListFilter),
    }),
    get: method({
      summary: `读取一条${noun}`,
      role: 'reader',
      input: z.strictObject({ id: rowId, includeDeleted: z.boolean().optional() }),
      output: noun,
      errors: ['not_found'],
      writes: false,
      handler: (ctx, input) => service.get(ctx.ws.db, input.id, input.includeDeleted),
    }),
    create: method({
      summary: `新增一条${noun};字段值可为代码或中文(如选项名称、“是/否”、关联记录的名称)`,
      role: writeRole,
      input: z.strictObject({ values: looseRecord }),
      output: `{ row: ${noun}, warnings: Warning[] }`,
      errors: ['validation'],
      writes: true,
      handler: (ctx, input) => service.create(ctx, input.values),
    }),
    update: method({
      summary: `修改一条${noun}的部分字段;version 与当前版本不符时拒绝(conflict),两位录入员不会互相覆盖`,
      role: writeRole,
      input: z.strictObject({ id: rowId, version: rowVersion, patch: looseRecord }),
      output: `{ row: ${noun}, warnings: Warning[] }`,
      errors: ['validation', 'not_found', 'conflict'],
      writes: true,
      handler: (ctx, input) => service.update(ctx, input),
    }),
    delete: method({
      summary: `删除一条${noun}(软删除:记录和历史保留,可恢复)`,
      role: writeRole,
      input: z.strictObject({ id: rowId, version: rowVersion.optional(), reason: reasonText.optional() }),
      output: `${noun}(带 deletedAt)`,
      errors: ['not_found', 'conflict', 'validation'],
      writes: true,
      handler: (ctx, input) => service.delete(ctx, input),
    }),
    restore: method({
      summary: `恢复一条已删除的${noun}(撤销删除)`,
      role: writeRole,
      input: z.strictObject({ id: rowId }),
      output: noun,
      errors: ['not_found', 'validation'],
      writes: true,
      handler: (ctx, input) => service.restore(ctx, input),
    }),
    history: method({
      summary: `一条${noun}的修改历史(来自审计日志):谁、何时、各字段修改前后`,
      role: 'reader',
      input: z.strictObject({ id: rowId }),
      output: 'HistoryEntry[],按时间先后',
      errors: ['not_found'],
      writes: false,
      handler: (ctx, input) => service.history(ctx.ws.db, input.id),
    }),
    batch: method({
      summary: `一次保存粘贴的整块数据(修改已有行、在末尾新增行;撤销/重做时删除或恢复这些新行):全部成功或全部不写,错误按行和字段列出`,
      role: writeRole,
      input: z.strictObject({
        updates: z
          .array(z.strictObject({ sourceRow: batchRow, id: rowId, version: rowVersion, patch: looseRecord }))
          .max(100_000),
        creates: z.array(z.strictObject({ sourceRow: batchRow, values: looseRecord })).max(100_000),
        deletes: z
          .array(z.strictObject({ sourceRow: batchRow, id: rowId, version: rowVersion.optional(), reason: reasonText.optional() }))
          .max(100_000)
          .optional(),
        restores: z.array(z.strictObject({ sourceRow: batchRow, id: rowId })).max(100_000).optional(),
      }),
      output: `{ rows: ${noun}[], created: id[], updated: id[], warnings: (Warning & { sourceRow })[] }`,
      errors: ['validation'],
      writes: true,
      handler: (ctx, input) => service.applyBatch(ctx, input),
    }),
    export: method({
      summary: `导出${title}(所有列,中文表头和单位,标题行含区名和日期)为 xlsx 或 csv`,
      role: 'reader',
      input: z.strictObject({ format: z.enum(['xlsx', 'csv']), filter: filter.optional() }),
      output: '{ fileName, mimeType, base64, rows }',
      errors: [],
      writes: false,
      handler: async (ctx, input) => {
        const file = await exportLedger(ctx, service, (input.filter ?? {}) as ListFilter, input.format);
        return { fileName: file.fileName, mimeType: file.mimeType, base64: file.content.toString('base64'), rows: file.rows };
      },
    }),
  });
}
