/** The ranking methods of the contract (db/api.ts lists them): ranking runs per period, and external score tables. */
import { z } from 'zod';
import { method } from '../contract';
import { MAX_IMPORT_BYTES } from '../io/import/read';
import { reasonText, rowId } from '../schemas';
import { importExternalScores, listExternalScores, previewExternalScores } from './external';
import { PERIOD_PATTERN, PERIOD_MESSAGE } from './period';
import { approveRun, computeRun, discardRun, getRun, listRuns, previewRun } from './runs';
import { categoryUnitTypes } from './sources';
import { RANKING_VOCABULARY } from './vocabulary';

const period = z.string().trim().regex(PERIOD_PATTERN, PERIOD_MESSAGE);
const unitType = z.enum(['contractor', 'section', 'street', 'community', 'toilet', 'estate']);
const category = z.string().trim().min(1, '请填写考核类别').max(50);
const base64 = z.string().min(1).max(Math.ceil((MAX_IMPORT_BYTES * 1.5) / 3) * 4);
/** A unit's score of the year's extras (创新、荣誉及宣传), for a scheme that counts them (year runs). */
const extras = z.array(z.strictObject({ unitId: rowId, score: z.number().min(0).max(1000) })).max(5000);

const computeInput = {
  period,
  category,
  unitType: unitType.optional(),
  /** The scheme family to rank; needed only when several families share the category. */
  familyId: rowId.optional(),
  extras: extras.optional(),
};

const fileInput = {
  fileName: z.string().min(1).max(260),
  base64,
  sheet: z.string().min(1).max(100).optional(),
  period,
  category,
  unitType: unitType.optional(),
  /** The clerk's answers to the proposed matches: this written name is that unit. */
  confirmedMatches: z
    .array(z.strictObject({ written: z.string().min(1).max(200), unitType, unitId: rowId }))
    .max(5000)
    .optional(),
};

export const rankingMethods = {
  'ranking.vocabulary': method({
    summary: '排名相关的中文名称表:排名对象类型、状态、后果(曝光、约谈等)、期间类型、考核类别,以及每个考核类别可按哪些对象排名',
    role: 'reader',
    input: z.strictObject({}),
    output: '{ unitTypes, statuses, consequences, periodKinds, sources, categories, categoryUnitTypes: { 类别: 可选的排名对象[] } }',
    errors: [],
    writes: false,
    handler: async (ctx) => ({ ...RANKING_VOCABULARY, categoryUnitTypes: await categoryUnitTypes(ctx.ws.db.read) }),
  }),
  'ranking.preview': method({
    summary:
      '试算排名(不保存):按期间(月 2025-10、轮次 2025-10~2025-11、季度 2025-Q4、年度 2025)、考核类别和排名对象,读取已锁定月份的成绩,按两位小数四舍五入后的得分排名(并列同名次、其后名次顺延),未检查的单位列在最后不排名',
    role: 'reader',
    input: z.strictObject(computeInput),
    output: 'RankingRun(id 为 0,未保存)',
    errors: ['validation', 'not_found'],
    writes: false,
    handler: (ctx, input) => previewRun(ctx, input),
  }),
  'ranking.compute': method({
    summary:
      '计算排名并保存为草稿:只用已锁定月份的成绩(未锁定的月份逐一列出,需先锁定);含等级、曝光线、连续不合格等后果、存在问题、扣款;同一期间、类别和对象已有的草稿被新草稿取代,已批准的排名在新排名批准时才被取代',
    role: 'supervisor',
    input: z.strictObject({ ...computeInput, note: reasonText.nullable().optional() }),
    output: 'RankingRun(草稿)',
    errors: ['validation', 'not_found'],
    writes: true,
    handler: (ctx, input) => computeRun(ctx, input),
  }),
  'ranking.approve': method({
    summary: '批准排名草稿(分管领导):批准后可据此生成通报;同一期间、类别和对象原先批准的排名标记为已被取代(更正)',
    role: 'manager',
    input: z.strictObject({ id: rowId, note: reasonText.nullable().optional() }),
    output: 'RankingRun(已批准)',
    errors: ['validation', 'not_found', 'conflict'],
    writes: true,
    handler: (ctx, input) => approveRun(ctx, input),
  }),
  'ranking.discard': method({
    summary: '删除一份排名草稿(已批准或已被取代的排名不能删除,只能由新排名取代)',
    role: 'supervisor',
    input: z.strictObject({ id: rowId, reason: reasonText.nullable().optional() }),
    output: '{ id }',
    errors: ['validation', 'not_found'],
    writes: true,
    handler: (ctx, input) => discardRun(ctx, input),
  }),
  'ranking.list': method({
    summary: '排名列表(不含明细行),可按期间、类别、对象类型、来源(系统计算/外部导入)和状态筛选,最新的在前',
    role: 'reader',
    input: z.strictObject({
      period: period.optional(),
      category: category.optional(),
      unitType: unitType.optional(),
      source: z.enum(['internal', 'external']).optional(),
      status: z.enum(['draft', 'approved', 'superseded']).optional(),
    }),
    output: 'RankingRunSummary[]',
    errors: [],
    writes: false,
    handler: (ctx, input) => listRuns(ctx.ws.db.read, input),
  }),
  'ranking.get': method({
    summary: '一份排名及其全部明细行(按打印顺序:得分高的在前,并列按官方顺序,不参与排名的按得分插入,未检查的在最后)',
    role: 'reader',
    input: z.strictObject({ id: rowId }),
    output: 'RankingRun',
    errors: ['not_found'],
    writes: false,
    handler: (ctx, input) => getRun(ctx.ws.db.read, input.id),
  }),
  'externalScores.preview': method({
    summary:
      '外部成绩表预检(不写入):读取第三方或上级考核的成绩表(.xlsx/.csv,排名、单位/村别/镇(街)/作业单位、得分/总分及分项列),按名称和别名对应到本区的单位(相近名称只提出建议,需确认),计算名次,标出公布名次与计算名次不符、总分不等于分项之和的行,按原表行号列出问题',
    role: 'clerk',
    input: z.strictObject(fileInput),
    output: 'ExternalScoresPreview',
    errors: ['validation'],
    writes: false,
    handler: (ctx, input) => previewExternalScores(ctx, { ...input, content: Buffer.from(input.base64, 'base64') }),
  }),
  'externalScores.import': method({
    summary:
      '导入外部成绩表为一份外部排名(草稿):全部行无误才写入;本区没有的单位须确认(createUnits)后作为外部单位登记,不新建作业单位或社区;一条审计记录',
    role: 'clerk',
    input: z.strictObject({ ...fileInput, createUnits: z.boolean().optional(), note: reasonText.nullable().optional() }),
    output: 'RankingRun(来源为外部)',
    errors: ['validation'],
    writes: true,
    handler: (ctx, input) => importExternalScores(ctx, { ...input, content: Buffer.from(input.base64, 'base64') }),
  }),
  'externalScores.list': method({
    summary: '已导入的外部成绩表(外部排名,不含明细行),可按期间和类别筛选,最新的在前',
    role: 'reader',
    input: z.strictObject({ period: period.optional(), category: category.optional() }),
    output: 'RankingRunSummary[]',
    errors: [],
    writes: false,
    handler: (ctx, input) => listExternalScores(ctx.ws.db.read, input),
  }),
};
