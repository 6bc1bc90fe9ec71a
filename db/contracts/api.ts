/** The contract and bid-section ledgers' methods in the contract (db/api.ts lists them). */
import { z } from 'zod';
import { ledgerMethods } from '../ledger/methods';
import { rowId } from '../schemas';
import { contracts, sections } from './service';

export const contractFilter = z.strictObject({
  leadContractorId: rowId.optional(),
  status: z.enum(['draft', 'active', 'expired', 'terminated', 'renewed']).optional(),
  procurementMethod: z
    .enum(['openTender', 'competitiveConsultation', 'competitiveNegotiation', 'singleSource', 'inquiry', 'franchise'])
    .optional(),
});

export const sectionFilter = z.strictObject({
  contractId: rowId.optional(),
  contractorId: rowId.optional(),
});

export const contractMethods = ledgerMethods('contracts', contracts, contractFilter);
export const sectionMethods = ledgerMethods('sections', sections, sectionFilter);
