/** Import and import-template methods in the contract (db/api.ts lists them). */
import { z } from 'zod';
import { method } from '../contract';
import { LEDGERS } from '../ledgers';
import { rowId } from '../schemas';
import { blankTemplate } from './import/blank';
import { MAX_IMPORT_BYTES } from './import/read';
import { commitImport, previewImport, type ImportSource } from './import/service';
import { deleteTemplate, listTemplates, saveTemplate } from './import/templates';

const ledgerName = z.enum(Object.keys(LEDGERS) as [string, ...string[]]);
const fieldKey = z.string().min(1).max(64);
/** Base64 of a file up to the import cap (the service refuses a bigger file with a message that says so). */
const base64 = z.string().min(1).max(Math.ceil((MAX_IMPORT_BYTES * 1.5) / 3) * 4);
const columnMapping = z.record(z.string().regex(/^\d{1,3}$/), fieldKey.nullable());
const confirmedMatches = z.array(z.strictObject({ field: fieldKey, written: z.string().min(1).max(200), id: rowId })).max(5000);

const fileInput = {
  ledger: ledgerName,
  fileName: z.string().min(1).max(260),
  base64,
  sheet: z.string().min(1).max(100).optional(),
};

function source(input: {
  ledger: string;
  fileName: string;
  base64: string;
  sheet?: string;
  mapping?: Record<string, string | null>;
  templateId?: number;
  confirmedMatches?: ImportSource['confirmedMatches'];
}): ImportSource {
  return {
    ledger: input.ledger,
    fileName: input.fileName,
    content: Buffer.from(input.base64, 'base64'),
    sheet: input.sheet,
    mapping: input.mapping,
    templateId: input.templateId,
    confirmedMatches: input.confirmedMatches,
  };
}

export const importMethods = {
  'import.ledgers': method({
    summary: '可导入、导出的全部台账:名称(命令行用)、中文标题、字段表(导入时对应列用)',
    role: 'reader',
    input: z.strictObject({}),
    output: '{ name, title, noun, naturalKey: string[], fields: FieldDef[] }[]',
    errors: [],
    writes: false,
    handler: async () =>
      Object.entries(LEDGERS).map(([name, ledger]) => ({
        name,
        title: ledger.def.title,
        noun: ledger.def.noun,
        naturalKey: ledger.naturalKey.fields.map((f) => f.key),
        fields: ledger.def.fields,
      })),
  }),
  'import.preview': method({
    summary:
      '导入预检(不写入):读取 .xlsx/.csv(UTF-8 或 GB18030),识别标题行下的表头(两级表头合并为“上级:下级”),跳过合计、空行和“注:”“填表人:”等说明行,按列名对应字段(可用模板或逐列调整),逐行检查;按原表行号和列字母列出每个问题(原值、识别为)、建议的名称匹配,以及将新增、更新、不变和有误的行数',
    role: 'reader',
    input: z.strictObject({
      ...fileInput,
      mapping: columnMapping.optional(),
      templateId: rowId.optional(),
      confirmedMatches: confirmedMatches.optional(),
    }),
    output:
      '{ sheets, sheet, headerRow, headerRows, headers: { index, letter, header, sample }[], mapping: { [列序号]: 字段 | null }, rowsRead, skipped: { row, reason }[], problems: { row, column, header, field?, written, understood?, message, severity }[], matches: { row, column, field, written, proposedId, proposedName, reason }[], counts: { valid, refused, add, update, unchanged } }',
    errors: ['validation', 'not_found'],
    writes: false,
    handler: (ctx, input) => previewImport(ctx, source(input)),
  }),
  'import.commit': method({
    summary:
      '导入:先在线备份工作区,再在一个事务中按自然键新增或更新(同一文件再导入一次不会有任何改动);有任何一行有误则全部不写入,除非 validOnly(只导入无误的行)。确认的名称匹配(confirmedMatches)替换表中对应的写法。长文件报告进度',
    role: 'clerk',
    input: z.strictObject({
      ...fileInput,
      mapping: columnMapping,
      templateId: rowId.optional(),
      confirmedMatches: confirmedMatches.optional(),
      validOnly: z.boolean().optional(),
    }),
    output: '{ added, updated, unchanged, refused: 行数, refusedRows: 问题[], skipped, backupFile }',
    errors: ['validation', 'not_found'],
    writes: true,
    handler: (ctx, input) => commitImport(ctx, source(input), { validOnly: input.validOnly }),
  }),
  'templates.list': method({
    summary: '已保存的导入模板(列名 → 字段的对应关系),可按台账筛选',
    role: 'reader',
    input: z.strictObject({ ledger: ledgerName.optional() }),
    output: '{ id, ledger, name, mapping: { [列名]: 字段 | null }, updatedAt, updatedBy }[]',
    errors: [],
    writes: false,
    handler: (ctx, input) => listTemplates(ctx.ws.db, input.ledger),
  }),
  'templates.save': method({
    summary: '按名称保存导入模板:对应关系按列名保存,列的顺序变了也能套用;同一台账同名模板会被替换',
    role: 'clerk',
    input: z.strictObject({
      ledger: ledgerName,
      name: z.string().min(1).max(50),
      mapping: z
        .record(z.string().min(1).max(200), fieldKey.nullable())
        .refine((m) => Object.keys(m).length <= 300, '列过多'),
    }),
    output: '{ id, ledger, name, mapping, updatedAt, updatedBy }',
    errors: ['validation'],
    writes: true,
    handler: (ctx, input) => saveTemplate(ctx, input),
  }),
  'templates.delete': method({
    summary: '删除一个导入模板',
    role: 'clerk',
    input: z.strictObject({ id: rowId }),
    output: '{ id }',
    errors: ['not_found'],
    writes: true,
    handler: (ctx, input) => deleteTemplate(ctx, input.id),
  }),
  'templates.blank': method({
    summary: '下载某台账的空白导入模板(.xlsx):标题行、填表说明、带单位的中文列名(* 为必填)、选项列和是/否列的下拉列表',
    role: 'reader',
    input: z.strictObject({ ledger: ledgerName }),
    output: '{ fileName, mimeType, base64 }',
    errors: [],
    writes: false,
    handler: async (ctx, input) => {
      const file = await blankTemplate(ctx, input.ledger);
      return { fileName: file.fileName, mimeType: file.mimeType, base64: file.content.toString('base64') };
    },
  }),
};
