/**
 * The public-toilet ledger (公厕台账, DOMAIN §2.7) as a ledger definition: fields, joins for the street and
 * community names, filters, rules. Reading and writing follow the shared ledger service (db/ledger/service.ts).
 */
import type { RowMeta, Values } from '../ledger/record';
import { LedgerService } from '../ledger/service';
import type { Database } from '../sqlite';
import { TOILET_FIELDS } from './fields';
import { checkToiletAgainstLedger, checkToiletRecord, femaleToMaleRatio, loadToiletContext, resolveRefs, type ToiletContext } from './rules';

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
  managerContractorId: number | null;
  managerContractorName: string | null;
  bidSectionId: number | null;
  /** 合同编号 标段 */
  bidSectionName: string | null;
  remarks: string | null;
}

export interface ToiletFilter {
  streetId?: number;
  communityId?: number;
  type?: ToiletType;
  class?: 1 | 2 | 3;
  status?: ToiletStatus;
  ownership?: string;
  managerContractorId?: number;
  bidSectionId?: number;
  /** Free text matched against code, name and address. */
  q?: string;
  includeDeleted?: boolean;
}

/** id → name of the rows a reference field points at (deleted ones included: the history names what was there). */
async function refNames(db: Database, ref: string | undefined): Promise<Map<number, string>> {
  const sql =
    ref === 'sections'
      ? `SELECT b.id, k.contract_no || ' ' || b.section_no AS name FROM bid_sections b JOIN contracts k ON k.id = b.contract_id`
      : `SELECT id, name FROM ${ref === 'contractors' ? 'contractors' : ref === 'communities' ? 'communities' : 'streets'}`;
  const rows = await db.read.all<{ id: number; name: string }>(sql);
  return new Map(rows.map((r) => [r.id, r.name]));
}

export const toilets = new LedgerService<Toilet, ToiletContext>({
  entity: 'toilet',
  prefix: 'toilets',
  noun: '公厕',
  title: '公厕台账',
  table: 'toilets',
  fields: TOILET_FIELDS,
  from: `FROM toilets t JOIN streets s ON s.id = t.street_id LEFT JOIN communities c ON c.id = t.community_id
    LEFT JOIN contractors mc ON mc.id = t.manager_contractor_id
    LEFT JOIN bid_sections bs ON bs.id = t.bid_section_id LEFT JOIN contracts bk ON bk.id = bs.contract_id`,
  extraSelect: `s.name AS streetName, c.name AS communityName, mc.name AS managerContractorName,
    bk.contract_no || ' ' || bs.section_no AS bidSectionName`,
  orderBy: 's.sort_order, t.code',
  filters: {
    streetId: 't.street_id',
    communityId: 't.community_id',
    type: 't.type',
    class: 't.class',
    status: 't.status',
    ownership: 't.ownership',
    managerContractorId: 't.manager_contractor_id',
    bidSectionId: 't.bid_section_id',
  },
  searchColumns: ['t.code', 't.name', 't.address'],
  naturalKey: 'code',
  loadContext: loadToiletContext,
  resolveRefs,
  checkRecord: checkToiletRecord,
  checkAgainstLedger: checkToiletAgainstLedger,
  decorate(row) {
    const ratio = femaleToMaleRatio(row as unknown as Values);
    row.femaleToMaleRatio = ratio == null ? null : Math.round(ratio * 100) / 100;
  },
  refNames: (db, field) => refNames(db, field.ref),
});
