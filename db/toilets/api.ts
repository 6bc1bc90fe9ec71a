/** The toilet ledger's methods in the contract (db/api.ts lists them). */
import { z } from 'zod';
import type { Ctx } from '../context';
import { exportLedger, ledgerMethods } from '../ledger/methods';
import { rowId } from '../schemas';
import { toilets, type ToiletFilter } from './service';

export const toiletFilter = z.strictObject({
  streetId: rowId.optional(),
  communityId: rowId.optional(),
  type: z.enum(['standalone', 'attached', 'mobile']).optional(),
  class: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
  status: z.enum(['inUse', 'closed', 'underRenovation', 'demolished']).optional(),
  ownership: z.string().max(32).optional(),
  managerContractorId: rowId.optional(),
  bidSectionId: rowId.optional(),
});

/** The ledger exported exactly as the grid shows it (used by the CLI too). */
export function exportToilets(ctx: Ctx, filter: ToiletFilter, format: 'xlsx' | 'csv') {
  return exportLedger(ctx, toilets, { ...filter }, format);
}

export const toiletMethods = ledgerMethods('toilets', toilets, toiletFilter);
