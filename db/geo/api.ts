/** The street and community ledgers' methods in the contract (db/api.ts lists them beside `geo.streets`/`geo.communities`). */
import { z } from 'zod';
import { ledgerMethods } from '../ledger/methods';
import { rowId } from '../schemas';
import { communities } from './communities';
import { streets } from './streets';

export const streetFilter = z.strictObject({
  kind: z.enum(['subdistrict', 'town', 'township', 'zone']).optional(),
  active: z.boolean().optional(),
});

export const communityFilter = z.strictObject({
  streetId: rowId.optional(),
  kind: z.enum(['community', 'village']).optional(),
  active: z.boolean().optional(),
});

export const streetMethods = ledgerMethods('streets', streets, streetFilter);
export const communityMethods = ledgerMethods('communities', communities, communityFilter);
