/** The estate and monthly tonnage ledgers' methods in the contract (db/api.ts lists them), with the status decisions. */
import { z } from 'zod';
import { method } from '../contract';
import { ledgerMethods } from '../ledger/methods';
import { reasonText, rowId, rowVersion } from '../schemas';
import { decideEstateStatus, listEstateDecisions } from './decide';
import { estates } from './service';
import { tonnage } from './tonnage';

export const estateFilter = z.strictObject({
  streetId: rowId.optional(),
  communityId: rowId.optional(),
  status: z.enum(['none', 'pilot', 'compliant', 'demonstration', 'provincialHighStandard']).optional(),
  qualityGrade: z.enum(['A', 'B', 'C']).optional(),
  sortingMode: z.enum(['scheduled', 'consolidated', 'floorBins', 'smartBins', 'none']).optional(),
  managed: z.boolean().optional(),
});

export const tonnageFilter = z.strictObject({
  estateId: rowId.optional(),
  communityId: rowId.optional(),
  streetId: rowId.optional(),
  month: z.string().regex(/^\d{4}-\d{2}$/, '应为年月,如 2024-03').optional(),
  source: z.enum(['weighed', 'estimated', 'vehicleAllocated']).optional(),
});

const looseText = (max: number) => z.string().max(max);

const estateDecisionMethods = {
  'estates.decide': method({
    summary:
      '登记一次生活小区等级评定(记录评定决定):按文号和日期把创建等级升一级或多级,或撤销命名降级(须写原因);评定记录与小区等级在同一事务中写入',
    role: 'clerk',
    input: z.strictObject({
      estateId: rowId,
      version: rowVersion,
      toStatus: looseText(40),
      level: looseText(20).nullable().optional(),
      decidedAt: z.union([looseText(40), z.number()]),
      decisionDoc: looseText(200),
      evaluationScore: z.union([z.number(), looseText(20)]).nullable().optional(),
      reason: reasonText.nullable().optional(),
    }),
    output: '{ row: 生活小区, decision: EstateDecision }',
    errors: ['validation', 'not_found', 'conflict'],
    writes: true,
    handler: (ctx, input) => decideEstateStatus(ctx, input),
  }),
  'estates.decisions': method({
    summary: '一个生活小区的全部等级评定记录(评定与撤销命名),按日期先后',
    role: 'reader',
    input: z.strictObject({ estateId: rowId }),
    output: 'EstateDecision[]',
    errors: ['not_found'],
    writes: false,
    handler: (ctx, input) => listEstateDecisions(ctx.ws.db, input.estateId),
  }),
};

export const estateMethods = { ...ledgerMethods('estates', estates, estateFilter), ...estateDecisionMethods };
export const tonnageMethods = ledgerMethods('tonnage', tonnage, tonnageFilter);
