/**
 * THE CONTRACT: every method any client (Electron IPC, the HTTP host, the CLI) may call, with its input
 * schema, required role and handler. docs/API.md is generated from this table (`npm run docs:api`) and a
 * test fails when it is out of date. The renderer imports types from here with `import type` only.
 */
import { z } from 'zod';
import { verifyAudit } from './audit/audit';
import { listAudit } from './audit/list';
import type { CallerCtx } from './context';
import { callApi as runCall, method, type ApiResult, type MethodTable } from './contract';
import { listCommunities, listStreets } from './geo/geo';
import { rowId } from './schemas';
import { toiletMethods } from './toilets/api';
import { importMethods } from './io/api';
import { backupMethods } from './backup/api';
import { settingsMethods } from './settings/api';
import { assessmentMethods } from './assessment/api';
import { rankingMethods } from './ranking/api';
import { bulletinMethods } from './bulletins/api';
import { dashboardMethods } from './dashboard/api';
import { indicatorMethods } from './indicators/api';
import { disposalMethods } from './disposal/api';
import { communityMethods, streetMethods } from './geo/api';
import { estateMethods, tonnageMethods } from './estates/api';
import { contractorMethods, creditRecordMethods } from './contractors/api';
import { contractMethods, sectionMethods } from './contracts/api';
import { ROLE_LABELS } from './users/roles';
import { authMethods, userMethods } from './users/api';
import { SCHEMA_VERSION } from './migrations';
import { APP_VERSION } from './workspace/workspace';

const geoMethods = {
  'geo.streets': method({
    summary: '街道(镇、乡、开发区)列表,按官方排列顺序',
    role: 'reader',
    input: z.strictObject({ includeInactive: z.boolean().optional() }),
    output: 'Street[]',
    errors: [],
    writes: false,
    handler: (ctx, input) => listStreets(ctx.ws.db, input),
  }),
  'geo.communities': method({
    summary: '社区(村)列表,可按街道筛选,按官方排列顺序',
    role: 'reader',
    input: z.strictObject({ streetId: rowId.optional(), includeInactive: z.boolean().optional() }),
    output: 'Community[](含 streetName)',
    errors: [],
    writes: false,
    handler: (ctx, input) => listCommunities(ctx.ws.db, input),
  }),
};

const systemMethods = {
  'audit.verify': method({
    summary: '校验审计日志的哈希链,报告第一条被改动或缺失的记录',
    role: 'reader',
    input: z.strictObject({}),
    output: '{ ok, entries, firstBroken: { id, reason } | null }',
    errors: [],
    writes: false,
    handler: (ctx) => verifyAudit(ctx.ws.db),
  }),
  'audit.list': method({
    summary: '审计日志:谁、何时、做了什么(修改前后,逐字段),按对象、编号、用户、接口方法、日期(本机日历日)、关键词筛选,最新的在前,分页;第一页附带日志中出现的对象类型、用户、接口方法',
    role: 'supervisor',
    input: z.strictObject({
      entity: z.string().max(40).optional(),
      entityId: z.number().int().optional(),
      userId: rowId.optional(),
      method: z.string().max(60).optional(),
      from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '应为日期,如 2025-10-01').optional(),
      to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '应为日期,如 2025-10-31').optional(),
      search: z.string().max(50).optional(),
      offset: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(1000).optional(),
    }),
    output: '{ total, entries: { id, at, userId, userName, method, methodLabel, entity, entityLabel, entityId, before, after, changes: { field, label, before, after }[], reason, bulkRows }[], facets?: { entities: { entity, label, count }[], users: { userId, userName, count }[], methods: { method, label, count }[] } }(facets 仅 offset 为 0 时)',
    errors: [],
    writes: false,
    handler: (ctx, input) => listAudit(ctx.ws.db, input),
  }),
  'workspace.info': method({
    summary: '当前工作区:名称、是否示例数据、文件位置、数据版本、当前操作员',
    role: 'reader',
    input: z.strictObject({}),
    output: '{ id, name, kind, demo, dir, file, schemaVersion, appVersion, user: { id, name, role, roleLabel } }',
    errors: [],
    writes: false,
    handler: async (ctx) => ({
      id: ctx.ws.id,
      name: ctx.ws.name,
      kind: ctx.ws.kind,
      demo: ctx.ws.kind === 'demo',
      dir: ctx.ws.dir,
      file: ctx.ws.file,
      schemaVersion: SCHEMA_VERSION,
      appVersion: APP_VERSION,
      user: { id: ctx.user.id, name: ctx.user.name, role: ctx.user.role, roleLabel: ROLE_LABELS[ctx.user.role] },
    }),
  }),
};

export const api = {
  ...systemMethods,
  ...authMethods,
  ...userMethods,
  ...geoMethods,
  ...toiletMethods,
  ...importMethods,
  ...streetMethods,
  ...communityMethods,
  ...estateMethods,
  ...tonnageMethods,
  ...contractorMethods,
  ...creditRecordMethods,
  ...contractMethods,
  ...sectionMethods,
  ...backupMethods,
  ...settingsMethods,
  ...assessmentMethods,
  ...rankingMethods,
  ...bulletinMethods,
  ...dashboardMethods,
  ...indicatorMethods,
  ...disposalMethods,
} satisfies MethodTable;

export type Api = typeof api;
export type MethodName = keyof Api;
export type MethodInput<M extends MethodName> = z.input<Api[M]['input']>;
export type MethodOutput<M extends MethodName> = Awaited<ReturnType<Api[M]['handler']>>;

/** One call as a host makes it: `ctx.user` is the authenticated caller, or null (then only `public` methods run). */
export function callApi(ctx: CallerCtx, methodName: string, input: unknown): Promise<ApiResult<unknown>> {
  return runCall(api as MethodTable, ctx, methodName, input);
}

export type { ApiResult } from './contract';
export type { ApiErrorBody, ErrorCode } from './errors';
export type { FieldDef, FieldOption } from './fields';
export type { HistoryEntry, Warning } from './ledger/record';
export type { Toilet, ToiletFilter } from './toilets/service';
export type { Street, Community } from './geo/geo';
export type { StreetRecord, StreetFilter } from './geo/streets';
export type { CommunityRecord, CommunityFilter } from './geo/communities';
export type { Estate, EstateFilter } from './estates/service';
export type { EstateDecision } from './estates/decide';
export type { EstateTonnage, TonnageFilter } from './estates/tonnage';
export type { ProgressEvent } from './context';
export type { UserInfo, UserRecord } from './users/service';
export type { Role } from './users/roles';
export type { BackupEntry } from './backup/backup';
export type { Contractor, ContractorFilter, CreditRecord, CreditRecordFilter } from './contractors/service';
export type { BidSection, Contract, ContractFilter, SectionFilter } from './contracts/service';
export type * from './assessment/types';
export type * from './ranking/types';
export type * from './dashboard/types';
export type { IndicatorTarget, IndicatorFilter, IndicatorBinding } from './indicators/service';
export type { ParsedTarget, TargetOp } from './indicators/parse';
export type { IndicatorProgress } from './indicators/progress';
export type { DisposalMonth, DisposalFilter } from './disposal/service';
export type { DisposalSource } from './disposal/fields';
export type { ResourceCoefficients } from './dashboard/formulas';
export type { SchemeVersion } from './assessment/schemes';
export type { InspectionSummary, InspectionDetail, InspectionMode, InspectionStatus, InspectionInput } from './assessment/inspections';
export type { FindingInput, StoredFinding } from './assessment/findings';
export type { Rectification, RectificationStatus } from './assessment/rectifications';
export type { MonthStatus } from './assessment/months';
export type { MonthScores, UnitScore, PaymentRow, ComponentScore } from './assessment/monthly';
export type { MoneyResult } from './assessment/money';
export type { Correction, CorrectionReason } from './assessment/corrections';
export type { AttachmentMeta } from './assessment/attachments';
