/** The disposal report's methods in the contract (db/api.ts spreads them): the ledger's own, writable by clerks. */
import { z } from 'zod';
import { ledgerMethods } from '../ledger/methods';
import { disposalMonths } from './service';

export const disposalFilter = z.strictObject({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '应为年月,如 2025-10').optional(),
  source: z.enum(['weighbridge', 'report', 'estimate']).optional(),
});

export const disposalMethods = ledgerMethods('disposal', disposalMonths, disposalFilter);
