/**
 * The bulletin methods of the contract (db/api.ts lists them): 通报 drafts from approved ranking runs, editing,
 * issue with the archived PDF, the 更正通报, and the printable documents (通报, 考核扣款明细表) as HTML and PDF.
 */
import { z } from 'zod';
import { method } from '../contract';
import { rowId, rowVersion } from '../schemas';
import { renderPdf } from './pdf';
import { bulletinDocument, bulletinPdf, createBulletin, deleteBulletin, getBulletin, issueBulletin, listBulletins, officeName, updateBulletin } from './service';
import { statementDocument } from './statement';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '应为年月,如 2025-10');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '应为日期,如 2025-11-03');
const line = (max: number) => z.string().max(max);

const fieldsPatch = z
  .strictObject({
    orgName: line(60),
    docNumber: line(40),
    title: line(200),
    recipients: line(300),
    intro: line(4000),
    overview: line(4000),
    rankingLead: line(500),
    showComponents: z.boolean(),
    showGrade: z.boolean(),
    listNotInspected: z.boolean(),
    tieStyle: z.enum(['same', 'parallel']),
    problems: line(20000),
    requirements: line(8000),
    attachments: z.array(line(200)).max(20),
    issuer: line(60),
    issueDate: isoDate,
    disclosure: line(60),
    cc: line(500),
    printedBy: line(60),
    printDate: isoDate,
  })
  .partial();

export const bulletinMethods = {
  'bulletins.list': method({
    summary: '通报列表(草稿在前,已签发的按签发时间),可按状态、期间、排名筛选;已签发的含文号、PDF 的 sha256 和是否已被更正通报更正',
    role: 'reader',
    input: z.strictObject({ status: z.enum(['draft', 'issued']).optional(), period: line(15).optional(), runId: rowId.optional() }),
    output: 'BulletinSummary[]',
    errors: [],
    writes: false,
    handler: (ctx, input) => listBulletins(ctx.ws.db.read, input),
  }),
  'bulletins.get': method({
    summary: '一份通报:可编辑的各项内容、所依据的排名(生成草稿时的快照,签发后冻结)、更正通报所引用的原通报及变动的单位',
    role: 'reader',
    input: z.strictObject({ id: rowId }),
    output: 'Bulletin',
    errors: ['not_found'],
    writes: false,
    handler: (ctx, input) => getBulletin(ctx.ws.db, input.id),
  }),
  'bulletins.create': method({
    summary:
      '按已批准的排名生成通报草稿(标题、主送、开头、总体情况及各等级占比、排名表、存在问题、工作要求、抄送和印发,均可修改;文号签发前填写);指定 correctsId 则生成引用原文号的更正通报',
    role: 'supervisor',
    input: z.strictObject({ runId: rowId, correctsId: rowId.nullable().optional() }),
    output: 'Bulletin(草稿)',
    errors: ['validation', 'not_found'],
    writes: true,
    handler: (ctx, input) => createBulletin(ctx, input),
  }),
  'bulletins.update': method({
    summary: '修改通报草稿的内容(只传要改的项);文号的年份括号统一为〔〕;已签发的通报不能修改',
    role: 'supervisor',
    input: z.strictObject({ id: rowId, version: rowVersion, fields: fieldsPatch }),
    output: 'Bulletin',
    errors: ['validation', 'not_found', 'conflict'],
    writes: true,
    handler: (ctx, input) => updateBulletin(ctx, input),
  }),
  'bulletins.delete': method({
    summary: '删除通报草稿(已签发的通报存档,不能删除)',
    role: 'supervisor',
    input: z.strictObject({ id: rowId, version: rowVersion }),
    output: '{ id }',
    errors: ['validation', 'not_found', 'conflict'],
    writes: true,
    handler: (ctx, input) => deleteBulletin(ctx, input),
  }),
  'bulletins.issue': method({
    summary:
      '签发通报(分管领导):检查文号(如 示城管〔2025〕12号,不得与已签发的重复)、成文和印发日期、所依据的排名仍有效;生成 PDF,连同 sha256 和冻结的内容存入工作区,此后不能再修改',
    role: 'manager',
    input: z.strictObject({ id: rowId, version: rowVersion }),
    output: 'Bulletin(已签发)',
    errors: ['validation', 'not_found', 'conflict', 'workspace'],
    writes: true,
    handler: (ctx, input) => issueBulletin(ctx, input),
  }),
  'bulletins.html': method({
    summary: '通报的打印页面(HTML,按 GB/T 9704 版式,A4),用于打印预览和打印;已签发的按存档内容',
    role: 'reader',
    input: z.strictObject({ id: rowId }),
    output: '{ title, fileName, html }',
    errors: ['not_found'],
    writes: false,
    handler: (ctx, input) => bulletinDocument(ctx.ws.db, input.id),
  }),
  'bulletins.pdf': method({
    summary: '通报的 PDF:已签发的取存档文件(核对 sha256),草稿即时生成并标注“草稿(未签发)”',
    role: 'reader',
    input: z.strictObject({ id: rowId }),
    output: '{ fileName, mimeType, base64, sha256, size, pages, archived }',
    errors: ['not_found', 'workspace'],
    writes: false,
    handler: (ctx, input) => bulletinPdf(ctx.ws.db, input.id),
  }),
  'statements.html': method({
    summary: '一份合同一个月的考核扣款明细表(HTML,A4):扣分明细、分项小计、得分等级、扣款计算、应付金额、甲乙双方签字栏',
    role: 'reader',
    input: z.strictObject({ month, contractId: rowId }),
    output: '{ title, fileName, html }',
    errors: ['not_found'],
    writes: false,
    handler: async (ctx, input) => statementDocument(ctx.ws.db, await officeName(ctx), input.month, input.contractId),
  }),
  'statements.pdf': method({
    summary: '考核扣款明细表的 PDF',
    role: 'reader',
    input: z.strictObject({ month, contractId: rowId }),
    output: '{ fileName, mimeType, base64, sha256, size, pages }',
    errors: ['not_found', 'workspace'],
    writes: false,
    handler: async (ctx, input) => {
      const doc = await statementDocument(ctx.ws.db, await officeName(ctx), input.month, input.contractId);
      const rendered = await renderPdf(doc.html);
      return {
        fileName: doc.fileName,
        mimeType: 'application/pdf' as const,
        base64: rendered.pdf.toString('base64'),
        sha256: rendered.sha256,
        size: rendered.pdf.length,
        pages: rendered.pages || null,
      };
    },
  }),
};
