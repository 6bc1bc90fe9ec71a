/**
 * The garbage-sorting estate ledger (生活小区, DOMAIN §2.2) as a ledger definition: fields, joins for the
 * community and street names, filters, rules. Status, its level and date are set when an estate is created
 * (from the ledger being taken over) and change afterwards only through a decision (decide.ts).
 */
import type { Database, Tx } from '../sqlite';
import type { RowMeta } from '../ledger/record';
import { LedgerService } from '../ledger/service';
import { ESTATE_FIELDS, type EstateStatus, type SortingMode, type StatusLevel } from './fields';
import { checkEstateRecord, loadEstateContext, resolveEstateRefs, type EstateContext } from './rules';

export interface Estate extends RowMeta {
  code: string;
  name: string;
  aliases: string[];
  communityId: number;
  communityName: string;
  streetId: number;
  streetName: string;
  address: string;
  households: number;
  buildings: number;
  residents: number | null;
  completionYear: number | null;
  managed: boolean;
  propertyCompanyName: string | null;
  propertyCompanyUscc: string | null;
  sortingStartDate: string | null;
  sortingMode: SortingMode;
  status: EstateStatus;
  statusLevel: StatusLevel | null;
  statusSince: string | null;
  qualityGrade: 'A' | 'B' | 'C' | null;
  dropOffPoints: number;
  householdsPerPoint: number | null;
  offHoursPoints: number | null;
  consolidationPoints: number | null;
  supervisors: number | null;
  dropOffHours: string | null;
  binsRecyclable: number | null;
  binsHazardous: number | null;
  binsKitchen: number | null;
  binsResidual: number | null;
  lng: number | null;
  lat: number | null;
  coordSystem: string | null;
  remarks: string | null;
}

export interface EstateFilter {
  streetId?: number;
  communityId?: number;
  status?: EstateStatus;
  qualityGrade?: 'A' | 'B' | 'C';
  sortingMode?: SortingMode;
  managed?: boolean;
  q?: string;
  includeDeleted?: boolean;
}

const DECISION_ONLY = '只能通过“评定”变更(评定记录写明文号和日期),不能直接修改';

/** An estate with monthly tonnage is not deleted: its figures are in the month's totals and KPIs. */
async function checkEstateDelete(tx: Tx, row: Estate): Promise<string | null> {
  const { n } = (await tx.get<{ n: number }>('SELECT count(*) AS n FROM estate_tonnage WHERE estate_id = ? AND deleted_at IS NULL', [row.id]))!;
  return n
    ? `小区“${row.name}”还有 ${n} 条月度分类量记录,不能删除。误建的小区请先把分类量改到正确的小区或删除这些记录`
    : null;
}

async function communityNames(db: Database): Promise<Map<number, string>> {
  const rows = await db.read.all<{ id: number; name: string }>('SELECT id, name FROM communities');
  return new Map(rows.map((r) => [r.id, r.name]));
}

export const estates = new LedgerService<Estate, EstateContext>({
  entity: 'estate',
  prefix: 'estates',
  noun: '生活小区',
  title: '生活小区垃圾分类台账',
  table: 'estates',
  fields: ESTATE_FIELDS,
  from: 'FROM estates t JOIN communities c ON c.id = t.community_id JOIN streets s ON s.id = c.street_id',
  extraSelect: 'c.name AS communityName, c.street_id AS streetId, s.name AS streetName',
  orderBy: 's.sort_order, c.sort_order, t.code',
  filters: {
    streetId: 'c.street_id',
    communityId: 't.community_id',
    status: 't.status',
    qualityGrade: 't.quality_grade',
    sortingMode: 't.sorting_mode',
    managed: 't.managed',
  },
  searchColumns: ['t.code', 't.name', 't.aliases', 't.address', 't.property_company'],
  naturalKey: 'code',
  uniqueKeys: [['communityId', 'name']],
  readOnlyOnUpdate: {
    status: `创建等级${DECISION_ONLY}`,
    statusLevel: `命名级别${DECISION_ONLY}`,
    statusSince: `命名时间${DECISION_ONLY}`,
  },
  loadContext: loadEstateContext,
  resolveRefs: resolveEstateRefs,
  checkRecord: checkEstateRecord,
  checkDelete: checkEstateDelete,
  decorate(row) {
    row.householdsPerPoint = row.dropOffPoints > 0 ? Math.round((row.households / row.dropOffPoints) * 10) / 10 : null;
  },
  refNames: (db) => communityNames(db),
});
