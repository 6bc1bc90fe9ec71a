/** The assessment methods of the contract (db/api.ts lists them): schemes, inspections, rectification, month lock, scores, corrections. */
import { z } from 'zod';
import { auditEntriesFor } from '../audit/audit';
import { method } from '../contract';
import { reasonText, rowId, rowVersion } from '../schemas';
import { attachmentMeta, readAttachment, uploadAttachment, MAX_ATTACHMENT_BYTES } from './attachments';
import { CORRECTION_REASON_LABELS, listCorrections, openCorrection } from './corrections';
import { exportMonthScores } from './export';
import {
  approveInspection,
  deleteInspection,
  getInspection,
  listInspections,
  MODE_LABELS,
  previewInspection,
  returnInspection,
  saveInspection,
  setInspectionExcluded,
  STATUS_LABELS,
  submitInspection,
} from './inspections';
import { lockMonth, monthStatus } from './months';
import { monthScores, setComponentScore, setMoneyInputs } from './monthly';
import { actOnRectification, listRectifications, RECTIFICATION_STATUS_LABELS } from './rectifications';
import { defaultRankingRule, SCHEME_VOCABULARY, schemeDefinitionSchema } from './scheme';
import { getScheme, listSchemes, saveScheme, setSchemeFamilyStatus } from './schemes';
import { checkScheme } from './scheme';
import { searchTargets } from './targets';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '应为年月,如 2025-10');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '应为日期,如 2025-10-15');
const targetType = z.enum(['section', 'toilet', 'estate', 'community', 'street']);
const shortText = (max: number) => z.string().max(max);
const versioned = { id: rowId, version: rowVersion };

const findingInput = z.strictObject({
  itemCode: shortText(20),
  occurrences: z.number().int().min(1).max(999),
  pointsEach: z.number().min(0).max(1000).nullable().optional(),
  location: shortText(200).nullable().optional(),
  description: shortText(1000).nullable().optional(),
  responsible: shortText(100).nullable().optional(),
  photos: z.array(rowId).max(20).optional(),
  rectify: z.boolean().nullable().optional(),
  rectifyDeadline: isoDate.nullable().optional(),
});

const inspectionInput = z.strictObject({
  id: rowId.optional(),
  version: rowVersion.optional(),
  month: month.nullable().optional(),
  schemeId: rowId,
  date: isoDate,
  time: shortText(5).nullable().optional(),
  mode: z.enum(['routine', 'unannounced', 'night', 'offHours', 'special', 'joint', 'thirdParty']),
  inspectors: z.array(shortText(40)).min(1).max(10),
  targetType,
  targetId: rowId,
  remarks: shortText(2000).nullable().optional(),
  typedScore: z.number().min(-1000).max(1000).nullable().optional(),
  overrideReason: reasonText.nullable().optional(),
  findings: z.array(findingInput).max(200),
});

const schemeMethods = {
  'schemes.vocabulary': method({
    summary: '考核相关的中文名称表:对象类型、行业类别、扣分方式、证据要求、汇总规则、检查方式、状态、更正原因',
    role: 'reader',
    input: z.strictObject({}),
    output: '{ scheme: SCHEME_VOCABULARY, modes, statuses, rectificationStatuses, correctionReasons, defaultRanking: RankingRule }',
    errors: [],
    writes: false,
    handler: async () => ({
      scheme: SCHEME_VOCABULARY,
      modes: MODE_LABELS,
      statuses: STATUS_LABELS,
      rectificationStatuses: RECTIFICATION_STATUS_LABELS,
      correctionReasons: CORRECTION_REASON_LABELS,
      // What a scheme without a ranking block ranks by: the editor shows it and starts a custom rule from it.
      defaultRanking: defaultRankingRule(),
    }),
  }),
  'schemes.list': method({
    summary: '考核细则的全部版本(每份细则的最新版在前),可含已停用的',
    role: 'reader',
    input: z.strictObject({ includeRetired: z.boolean().optional() }),
    output: 'SchemeVersion[]',
    errors: [],
    writes: false,
    handler: (ctx, input) => listSchemes(ctx.ws.db, input),
  }),
  'schemes.get': method({
    summary: '一个考核细则版本及其全部检查项、分项权重、等级和扣款规则',
    role: 'reader',
    input: z.strictObject({ id: rowId }),
    output: 'SchemeVersion',
    errors: ['not_found'],
    writes: false,
    handler: (ctx, input) => getScheme(ctx.ws.db, input.id),
  }),
  'schemes.check': method({
    summary: '检查一份细则是否可以保存(各项分值合计等于满分、扣分上限不超过分值、权重合计 100% 等),不保存',
    role: 'reader',
    input: z.strictObject({ definition: schemeDefinitionSchema }),
    output: '{ ok, errors: { 路径: 中文说明 } }',
    errors: [],
    writes: false,
    handler: async (_ctx, input) => {
      const errors = checkScheme(input.definition);
      return { ok: Object.keys(errors).length === 0, errors };
    },
  }),
  'schemes.save': method({
    summary: '保存考核细则:新建一份,或修改一份;已用于检查的版本不改动,另存为新版本',
    role: 'admin',
    input: z.strictObject({
      familyId: rowId.optional(),
      definition: schemeDefinitionSchema,
      reason: reasonText.nullable().optional(),
      expected: z.strictObject({ id: rowId, revision: z.number().int().min(1) }).nullable().optional(),
    }),
    output: 'SchemeVersion(保存后的版本)',
    errors: ['validation', 'not_found', 'conflict'],
    writes: true,
    handler: (ctx, input) => saveScheme(ctx, input),
  }),
  'schemes.retire': method({
    summary: '停用一份考核细则(不再用于新的检查;已有检查不受影响)',
    role: 'admin',
    input: z.strictObject({ familyId: rowId }),
    output: 'SchemeVersion[](该细则的全部版本)',
    errors: ['validation', 'not_found'],
    writes: true,
    handler: (ctx, input) => setSchemeFamilyStatus(ctx, input.familyId, 'retired'),
  }),
  'schemes.activate': method({
    summary: '重新启用一份已停用的考核细则',
    role: 'admin',
    input: z.strictObject({ familyId: rowId }),
    output: 'SchemeVersion[](该细则的全部版本)',
    errors: ['validation', 'not_found'],
    writes: true,
    handler: (ctx, input) => setSchemeFamilyStatus(ctx, input.familyId, 'active'),
  }),
};

const inspectionMethods = {
  'inspections.targets': method({
    summary: '可选的考核对象(标段、公厕、生活小区、社区或街道),按名称或编号查找',
    role: 'reader',
    input: z.strictObject({ targetType, search: shortText(50).optional(), limit: z.number().int().min(1).max(200).optional() }),
    output: '{ id, name, detail }[]',
    errors: [],
    writes: false,
    handler: (ctx, input) => searchTargets(ctx.ws.db.read, input.targetType, (input.search ?? '').trim(), input.limit ?? 50),
  }),
  'inspections.list': method({
    summary: '一个月的检查记录(默认只列当前版本),可按状态、对象类型、细则、作业单位、关键字筛选;给出 ids 时列出这些记录(可跨月,如统计看板的明细)',
    role: 'reader',
    input: z.strictObject({
      month: month.optional(),
      ids: z.array(rowId).min(1, '至少一条').max(100000, '一次最多 100000 条').optional(),
      status: z.enum(['draft', 'submitted', 'returned', 'approved', 'locked']).optional(),
      targetType: targetType.optional(),
      familyId: rowId.optional(),
      contractorId: rowId.optional(),
      search: shortText(50).optional(),
      includeSuperseded: z.boolean().optional(),
    }),
    output: 'InspectionSummary[]',
    errors: [],
    writes: false,
    handler: (ctx, input) => listInspections(ctx.ws.db.read, input),
  }),
  'inspections.get': method({
    summary: '一条检查记录:扣分项、所用细则版本、各版本(更正)、审计历史、月份锁定情况',
    role: 'reader',
    input: z.strictObject({ id: rowId }),
    output: 'InspectionDetail',
    errors: ['not_found'],
    writes: false,
    handler: (ctx, input) => getInspection(ctx, input.id),
  }),
  'inspections.preview': method({
    summary: '录入中的检查表的即时得分(不保存):按细则计算扣分、封顶和否决',
    role: 'reader',
    input: z.strictObject({ schemeId: rowId, date: isoDate.nullable().optional(), findings: z.array(findingInput).max(200), typedScore: z.number().nullable().optional() }),
    output: '{ score, rawDeduction, deduction, bonus, vetoed, items, errors }',
    errors: ['not_found'],
    writes: false,
    handler: (ctx, input) => previewInspection(ctx, input),
  }),
  'inspections.save': method({
    summary: '保存检查记录草稿(新建,或修改草稿/已退回的记录):校验日期、考核对象、合同服务期和扣分项,按细则计算得分',
    role: 'clerk',
    input: inspectionInput,
    output: 'InspectionDetail',
    errors: ['validation', 'not_found', 'conflict'],
    writes: true,
    handler: (ctx, input) => saveInspection(ctx, input),
  }),
  'inspections.delete': method({
    summary: '删除草稿或已退回的检查记录',
    role: 'clerk',
    input: z.strictObject(versioned),
    output: '{ id }',
    errors: ['validation', 'not_found', 'conflict'],
    writes: true,
    handler: (ctx, input) => deleteInspection(ctx, input),
  }),
  'inspections.submit': method({
    summary: '提交检查记录待审核(须附细则要求的照片和位置)',
    role: 'clerk',
    input: z.strictObject(versioned),
    output: 'InspectionDetail',
    errors: ['validation', 'not_found', 'conflict'],
    writes: true,
    handler: (ctx, input) => submitInspection(ctx, input),
  }),
  'inspections.approve': method({
    summary: '审核通过检查记录,并对需要整改的扣分项下发整改通知',
    role: 'supervisor',
    input: z.strictObject(versioned),
    output: 'InspectionDetail',
    errors: ['validation', 'not_found', 'conflict'],
    writes: true,
    handler: (ctx, input) => approveInspection(ctx, input),
  }),
  'inspections.return': method({
    summary: '退回检查记录(须写明原因),录入员修改后重新提交',
    role: 'supervisor',
    input: z.strictObject({ ...versioned, reason: reasonText }),
    output: 'InspectionDetail',
    errors: ['validation', 'not_found', 'conflict'],
    writes: true,
    handler: (ctx, input) => returnInspection(ctx, input),
  }),
  'inspections.exclude': method({
    summary: '把检查记录排除出本月考核(须写明原因),或取消排除',
    role: 'supervisor',
    input: z.strictObject({ ...versioned, excluded: z.boolean(), reason: reasonText.nullable().optional() }),
    output: 'InspectionDetail',
    errors: ['validation', 'not_found', 'conflict'],
    writes: true,
    handler: (ctx, input) => setInspectionExcluded(ctx, input),
  }),
};

const attachmentMethods = {
  'attachments.upload': method({
    summary: `上传照片或文件(JPG、PNG、WEBP、PDF,不超过 ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB),存入工作区并记录 sha256`,
    role: 'clerk',
    input: z.strictObject({ fileName: shortText(200), dataBase64: z.string().max(Math.ceil((MAX_ATTACHMENT_BYTES * 4) / 3) + 4) }),
    output: '{ id, sha256, fileName, mime, size, createdAt }',
    errors: ['validation'],
    writes: true,
    handler: (ctx, input) => uploadAttachment(ctx, input),
  }),
  'attachments.get': method({
    summary: '一个附件的内容(data: URL),读取时核对 sha256',
    role: 'reader',
    input: z.strictObject({ id: rowId }),
    output: '{ id, sha256, fileName, mime, size, createdAt, dataUrl }',
    errors: ['not_found', 'workspace'],
    writes: false,
    handler: (ctx, input) => readAttachment(ctx.ws.db, input.id),
  }),
  'attachments.meta': method({
    summary: '若干附件的文件名、类型、大小和 sha256(不含内容)',
    role: 'reader',
    input: z.strictObject({ ids: z.array(rowId).max(200) }),
    output: 'AttachmentMeta[]',
    errors: [],
    writes: false,
    handler: (ctx, input) => attachmentMeta(ctx.ws.db, input.ids),
  }),
};

const rectificationMethods = {
  'rectifications.list': method({
    summary: '整改单列表:可按状态(含逾期未整改)、检查月份、作业单位、关键字筛选',
    role: 'reader',
    input: z.strictObject({
      status: z.enum(['open', 'fixed', 'closed', 'waived', 'overdue']).optional(),
      inspectionId: rowId.optional(),
      month: month.optional(),
      ids: z.array(rowId).min(1, '至少一条').max(100000, '一次最多 100000 条').optional(),
      contractorId: rowId.optional(),
      search: shortText(50).optional(),
    }),
    output: 'Rectification[]',
    errors: [],
    writes: false,
    handler: (ctx, input) => listRectifications(ctx.ws.db.read, input),
  }),
  'rectifications.history': method({
    summary: '一份整改单的全部经过(下发、登记整改、复核、延期、免除):谁、何时、前后状态',
    role: 'reader',
    input: z.strictObject({ id: rowId }),
    output: 'AuditEntryForEntity[]',
    errors: [],
    writes: false,
    handler: (ctx, input) => auditEntriesFor(ctx.ws.db, 'rectification', input.id),
  }),
  'rectifications.reportFixed': method({
    summary: '登记整改完成(完成日期、说明、整改后照片),待审核员复核',
    role: 'clerk',
    input: z.strictObject({ ...versioned, fixedAt: isoDate, note: shortText(500).nullable().optional(), evidence: z.array(rowId).max(20).optional() }),
    output: 'Rectification',
    errors: ['validation', 'not_found', 'conflict'],
    writes: true,
    handler: (ctx, { id, version, ...action }) => actOnRectification(ctx, { id, version }, { kind: 'reportFixed', ...action }),
  }),
  'rectifications.close': method({
    summary: '复核通过并销号',
    role: 'supervisor',
    input: z.strictObject({ ...versioned, note: shortText(500).nullable().optional() }),
    output: 'Rectification',
    errors: ['validation', 'not_found', 'conflict'],
    writes: true,
    handler: (ctx, { id, version, note }) => actOnRectification(ctx, { id, version }, { kind: 'close', note }),
  }),
  'rectifications.reopen': method({
    summary: '复核不通过,整改单回到待整改(须写明原因)',
    role: 'supervisor',
    input: z.strictObject({ ...versioned, note: shortText(500) }),
    output: 'Rectification',
    errors: ['validation', 'not_found', 'conflict'],
    writes: true,
    handler: (ctx, { id, version, note }) => actOnRectification(ctx, { id, version }, { kind: 'reopen', note }),
  }),
  'rectifications.waive': method({
    summary: '免除整改(须写明原因)',
    role: 'supervisor',
    input: z.strictObject({ ...versioned, reason: reasonText }),
    output: 'Rectification',
    errors: ['validation', 'not_found', 'conflict'],
    writes: true,
    handler: (ctx, { id, version, reason }) => actOnRectification(ctx, { id, version }, { kind: 'waive', reason }),
  }),
  'rectifications.extend': method({
    summary: '延长整改期限(须写明原因)',
    role: 'supervisor',
    input: z.strictObject({ ...versioned, deadline: isoDate, reason: reasonText }),
    output: 'Rectification',
    errors: ['validation', 'not_found', 'conflict'],
    writes: true,
    handler: (ctx, { id, version, deadline, reason }) => actOnRectification(ctx, { id, version }, { kind: 'extend', deadline, reason }),
  }),
};

const monthMethods = {
  'months.status': method({
    summary: '考核月份的状态:是否锁定(何时、由谁)、各状态检查数、妨碍锁定的检查、更正次数',
    role: 'reader',
    input: z.strictObject({ month }),
    output: 'MonthStatus',
    errors: [],
    writes: false,
    handler: (ctx, input) => monthStatus(ctx.ws.db.read, input.month),
  }),
  'months.lock': method({
    summary: '锁定考核月份:所有检查须已审核通过或已排除;冻结检查、细则版本和作业单位,保存月度成绩和按质核拨结果。月末前锁定须确认',
    role: 'supervisor',
    input: z.strictObject({ month, confirmEarly: z.boolean().optional() }),
    output: 'MonthStatus',
    errors: ['validation'],
    writes: true,
    handler: (ctx, input) => lockMonth(ctx, input),
  }),
  'scores.monthly': method({
    summary: '月度成绩:每个考核对象的分项得分、总分、等级;每份合同的考核得分、扣款和应付金额(已锁定的月份取锁定时保存的结果)',
    role: 'reader',
    input: z.strictObject({ month }),
    output: 'MonthScores',
    errors: [],
    writes: false,
    handler: (ctx, input) => monthScores(ctx.ws.db.read, input.month),
  }),
  'scores.setComponent': method({
    summary: '录入某考核对象当月的人工分项得分(如公众满意度),按满分计;null 为清除',
    role: 'supervisor',
    input: z.strictObject({
      month,
      familyId: rowId,
      targetType,
      targetId: rowId,
      component: shortText(40),
      score: z.number().min(0).max(1000).nullable(),
      note: shortText(500).nullable().optional(),
    }),
    output: 'MonthScores',
    errors: ['validation', 'not_found'],
    writes: true,
    handler: (ctx, input) => setComponentScore(ctx, input),
  }),
  'scores.setMoneyInputs': method({
    summary: '录入合同当月的扣款事件次数(投诉未整改、通报批评等)、比率指标(如厨余垃圾分出率)和对应分项费用',
    role: 'supervisor',
    input: z.strictObject({
      month,
      contractId: rowId,
      events: z.record(shortText(40), z.number()).refine((r) => Object.keys(r).length <= 20, '事件种类过多'),
      rate: z.number().nullable(),
      subFeeFen: z.number().int().min(0).max(1e13).nullable(),
      note: shortText(500).nullable().optional(),
    }),
    output: 'MonthScores',
    errors: ['validation', 'not_found'],
    writes: true,
    handler: (ctx, input) => setMoneyInputs(ctx, input),
  }),
  'scores.export': method({
    summary: '导出月度成绩表或按质核拨表(xlsx,供财务)',
    role: 'reader',
    input: z.strictObject({ month, sheet: z.enum(['units', 'payments']) }),
    output: '{ fileName, mimeType, base64, rows, locked }',
    errors: [],
    writes: false,
    handler: async (ctx, input) => {
      const file = await exportMonthScores(ctx, input);
      return { fileName: file.fileName, mimeType: file.mimeType, base64: file.content.toString('base64'), rows: file.rows, locked: file.locked };
    },
  }),
  'corrections.open': method({
    summary: '锁定后更正(分管领导):写明原因类别和具体原因、可附申诉材料;为所选检查生成新版本,原记录标为已取代,重新计算当月成绩',
    role: 'manager',
    input: z.strictObject({
      month,
      reasonKind: z.enum(['dataEntryError', 'appealUpheld', 'recount', 'targetMisassigned']),
      reasonText: reasonText,
      attachments: z.array(rowId).max(20).optional(),
      changes: z
        .array(
          z.strictObject({
            inspectionId: rowId,
            findings: z.array(findingInput).max(200).optional(),
            remarks: shortText(2000).nullable().optional(),
            excluded: z.boolean().optional(),
            excludeReason: reasonText.nullable().optional(),
          }),
        )
        .max(500),
    }),
    output: '{ correction: Correction, scores: MonthScores }',
    errors: ['validation', 'not_found'],
    writes: true,
    handler: (ctx, input) => openCorrection(ctx, input),
  }),
  'corrections.list': method({
    summary: '一个月的更正记录:原因、附件、更正前后得分',
    role: 'reader',
    input: z.strictObject({ month }),
    output: 'Correction[]',
    errors: [],
    writes: false,
    handler: (ctx, input) => listCorrections(ctx.ws.db.read, input),
  }),
};

export const assessmentMethods = { ...schemeMethods, ...inspectionMethods, ...attachmentMethods, ...rectificationMethods, ...monthMethods };
