/**
 * The public-toilet ledger (公厕台账, DOMAIN §2.7) as a ledger definition: fields, joins for the street and
 * community names, filters, rules. Reading and writing follow the shared ledger service (db/ledger/service.ts).
 */
import { loadGeoIndex, type GeoIndex } from '../geo/geo';
import type { RowMeta, Values } from '../ledger/record';
import { LedgerService } from '../ledger/service';
import type { Database } from '../sqlite';
import { TOILET_FIELDS } from './fields';
import { checkToiletAgainstLedger, checkToiletRecord, femaleToMaleRatio, resolveRefs } from './rules';

export type ToiletType = 'standalone' | 'attached' | 'mobile';
export type ToiletStatus = 'inUse' | 'closed' | 'underRenovation' | 'demolished';

export interface Toilet extends RowMeta {
  code: string;
  name: string;
  streetId: number;
  streetName: string;
  communityId: number | null;
  communityName: string | null;
  address: string;
  type: ToiletType;
  mobileSubtype: string | null;
  class: 1 | 2 | 3 | null;
  structure: string | null;
  ownership: string;
  status: ToiletStatus;
  openHours: string;
  free: boolean;
  floorAreaM2: number | null;
  maleSquat: number;
  maleSit: number;
  urinals: number;
  femaleSquat: number;
  femaleSit: number;
  universalStalls: number | null;
  accessibleStalls: number;
  femaleToMaleRatio: number | null;
  familyRestroom: boolean;
  babyCare: boolean | null;
  hasAC: boolean | null;
  smartSystem: boolean | null;
  starRating: number | null;
  attachedFunctions: string[];
  lng: number | null;
  lat: number | null;
  coordSystem: string | null;
  supervisionPhone: string | null;
  constructionMonth: string | null;
  commissionedMonth: string | null;
  remarks: string | null;
}

export interface ToiletFilter {
  streetId?: number;
  communityId?: number;
  type?: ToiletType;
  class?: 1 | 2 | 3;
  status?: ToiletStatus;
  ownership?: string;
  /** Free text matched against code, name and address. */
  q?: string;
  includeDeleted?: boolean;
}

async function geoNames(db: Database, table: 'streets' | 'communities'): Promise<Map<number, string>> {
  const rows = await db.read.all<{ id: number; name: string }>(`SELECT id, name FROM ${table}`);
  return new Map(rows.map((r) => [r.id, r.name]));
}

export const toilets = new LedgerService<Toilet, GeoIndex>({
  entity: 'toilet',
  prefix: 'toilets',
  noun: '公厕',
  title: '公厕台账',
  table: 'toilets',
  fields: TOILET_FIELDS,
  from: 'FROM toilets t JOIN streets s ON s.id = t.street_id LEFT JOIN communities c ON c.id = t.community_id',
  extraSelect: 's.name AS streetName, c.name AS communityName',
  orderBy: 's.sort_order, t.code',
  filters: {
    streetId: 't.street_id',
    communityId: 't.community_id',
    type: 't.type',
    class: 't.class',
    status: 't.status',
    ownership: 't.ownership',
  },
  searchColumns: ['t.code', 't.name', 't.address'],
  naturalKey: 'code',
  loadContext: (tx) => loadGeoIndex(tx),
  resolveRefs,
  checkRecord: checkToiletRecord,
  checkAgainstLedger: checkToiletAgainstLedger,
  decorate(row) {
    const ratio = femaleToMaleRatio(row as unknown as Values);
    row.femaleToMaleRatio = ratio == null ? null : Math.round(ratio * 100) / 100;
  },
  refNames: (db, field) => geoNames(db, field.ref === 'streets' ? 'streets' : 'communities'),
});
