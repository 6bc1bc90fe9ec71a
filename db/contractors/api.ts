/** The contractor and credit-record ledgers' methods in the contract (db/api.ts lists them). */
import { z } from 'zod';
import { ledgerMethods } from '../ledger/methods';
import { rowId } from '../schemas';
import { contractors, creditRecords } from './service';

export const contractorFilter = z.strictObject({
  status: z.enum(['active', 'suspended', 'blacklisted']).optional(),
});

export const creditRecordFilter = z.strictObject({
  contractorId: rowId.optional(),
  kind: z
    .enum(['praise', 'bulletinCriticism', 'mediaExposure', 'summoned', 'moneyDeduction', 'cardSuspension', 'contractTermination'])
    .optional(),
  level: z.enum(['district', 'city', 'province']).optional(),
});

export const contractorMethods = ledgerMethods('contractors', contractors, contractorFilter);
export const creditRecordMethods = ledgerMethods('credits', creditRecords, creditRecordFilter);
