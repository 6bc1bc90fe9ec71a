/**
 * The contract ledger (环卫作业合同台账) and the bid-section ledger (标段台账), DOMAIN §2.4, as ledger
 * definitions on the shared ledger service (db/ledger/service.ts).
 */
import { contractorNamesById } from '../contractors/service';
import type { RowMeta } from '../ledger/record';
import { LedgerService } from '../ledger/service';
import type { Database } from '../sqlite';
import { CONTRACT_FIELDS, SECTION_FIELDS } from './fields';
import type { ContractStatus } from './lookup';
import {
  checkContractRecord,
  contractDeleteRefusal,
  sectionDeleteRefusal,
  checkSectionAgainstLedger,
  checkSectionRecord,
  loadContractContext,
  loadSectionContext,
  mechanizationRate,
  resolveContractRefs,
  resolveSectionRefs,
  vehicleCount,
  type ContractContext,
  type SectionContext,
} from './rules';
import { defaultMonthlyFeeFen, sectionIndexOf, termYears } from './terms';

export type { ContractStatus } from './lookup';
export type ProcurementMethod = 'openTender' | 'competitiveConsultation' | 'competitiveNegotiation' | 'singleSource' | 'inquiry' | 'franchise';
export type PaymentCycle = 'monthly' | 'quarterly';
export type ScopeType =
  | 'roadCleaning'
  | 'wasteCollection'
  | 'transferStation'
  | 'toiletCleaning'
  | 'greenBeltCleaning'
  | 'greenMaintenance'
  | 'waterSurface'
  | 'bulkyWaste'
  | 'sortingSupervision'
  | 'litterBins'
  | 'emergency'
  | 'dustControl';

export interface Contract extends RowMeta {
  contractNo: string;
  projectName: string;
  purchaser: string;
  leadContractorId: number;
  leadContractorName: string;
  /** Registered names of the consortium members other than the lead. */
  consortiumMembers: string[];
  procurementMethod: ProcurementMethod;
  awardDate: string;
  signDate: string;
  startDate: string;
  endDate: string;
  /** Derived from the service dates. */
  termYears: number | null;
  annualAmountFen: number;
  totalAmountFen: number;
  paymentCycle: PaymentCycle;
  /** The stated monthly fee, or annual ÷ 12 when none is stated (then `monthlyFeeDefaulted` is true). */
  monthlyFeeFen: number;
  monthlyFeeDefaulted: boolean;
  performanceBondFen: number | null;
  status: ContractStatus;
  remarks: string | null;
  /** Live bid sections of the contract. */
  sectionCount: number;
}

export interface ContractFilter {
  leadContractorId?: number;
  status?: ContractStatus;
  procurementMethod?: ProcurementMethod;
  q?: string;
  includeDeleted?: boolean;
}

export interface BidSection extends RowMeta {
  contractId: number;
  /** The contract's number (the reference's display name, as for every ref field: contractId → contractName). */
  contractName: string;
  contractNo: string;
  projectName: string;
  contractStatus: ContractStatus;
  contractorId: number;
  contractorName: string;
  sectionNo: string;
  /** Derived: the number in the section number (三标段 → 3). */
  sectionIndex: number | null;
  name: string;
  streetNames: string[];
  scopeTypes: ScopeType[];
  cleaningAreaM2: number | null;
  roadLengthKm: number | null;
  roadCount: number | null;
  unitPrice: number | null;
  workers: number;
  sweepers: number;
  washers: number;
  compactors: number;
  hookLifts: number;
  electricUnits: number;
  vehicleCount: number;
  mechanizedAreaM2: number | null;
  /** Percent, 2 decimals. */
  mechanizationRate: number | null;
  sweepFreqTrunk: number | null;
  sweepFreqOther: number | null;
  patrolHours: number | null;
  toiletsCount: number | null;
  transferStations: number | null;
  greenAreaM2: number | null;
  trees: number | null;
  annualTonnage: number | null;
  remarks: string | null;
}

export interface SectionFilter {
  contractId?: number;
  contractorId?: number;
  q?: string;
  includeDeleted?: boolean;
}

/** id → number of every contract, deleted ones included (the history names what was there). */
async function contractNumbersById(db: Database): Promise<Map<number, string>> {
  const rows = await db.read.all<{ id: number; no: string }>('SELECT id, contract_no AS no FROM contracts');
  return new Map(rows.map((r) => [r.id, r.no]));
}

export const contracts = new LedgerService<Contract, ContractContext>({
  entity: 'contract',
  prefix: 'contracts',
  noun: '合同',
  title: '环卫作业合同台账',
  table: 'contracts',
  fields: CONTRACT_FIELDS,
  from: 'FROM contracts t JOIN contractors lc ON lc.id = t.lead_contractor_id',
  extraSelect: `lc.name AS leadContractorName, t.monthly_fee_fen IS NULL AS monthlyFeeDefaulted,
    (SELECT count(*) FROM bid_sections b WHERE b.contract_id = t.id AND b.deleted_at IS NULL) AS sectionCount`,
  orderBy: 't.start_date DESC, t.contract_no',
  filters: { leadContractorId: 't.lead_contractor_id', status: 't.status', procurementMethod: 't.procurement_method' },
  searchColumns: ['t.contract_no', 't.project_name', 't.purchaser', 'lc.name', 'lc.short_name', 't.consortium_members'],
  naturalKey: 'contractNo',
  loadContext: loadContractContext,
  resolveRefs: resolveContractRefs,
  checkRecord: checkContractRecord,
  checkDelete: contractDeleteRefusal,
  decorate(row) {
    row.termYears = termYears(row.startDate, row.endDate);
    row.monthlyFeeDefaulted = Boolean(row.monthlyFeeDefaulted);
    if (row.monthlyFeeFen == null) row.monthlyFeeFen = defaultMonthlyFeeFen(row.annualAmountFen);
  },
  refNames: (db) => contractorNamesById(db),
});

export const sections = new LedgerService<BidSection, SectionContext>({
  entity: 'bidSection',
  prefix: 'sections',
  noun: '标段',
  title: '环卫作业标段台账',
  table: 'bid_sections',
  fields: SECTION_FIELDS,
  from: 'FROM bid_sections t JOIN contracts c ON c.id = t.contract_id JOIN contractors lc ON lc.id = c.lead_contractor_id',
  extraSelect: `c.contract_no AS contractName, c.contract_no AS contractNo, c.project_name AS projectName, c.status AS contractStatus,
    lc.id AS contractorId, lc.name AS contractorName`,
  orderBy: 'c.contract_no, t.section_no, t.id',
  filters: { contractId: 't.contract_id', contractorId: 'c.lead_contractor_id' },
  searchColumns: ['c.contract_no', 'c.project_name', 't.section_no', 't.name', 't.street_names', 'lc.name'],
  naturalKey: ['contractId', 'sectionNo'],
  loadContext: loadSectionContext,
  resolveRefs: resolveSectionRefs,
  checkRecord: checkSectionRecord,
  checkAgainstLedger: checkSectionAgainstLedger,
  checkDelete: sectionDeleteRefusal,
  decorate(row) {
    row.sectionIndex = sectionIndexOf(row.sectionNo);
    row.vehicleCount = vehicleCount(row as unknown as Record<string, number>);
    row.mechanizationRate = mechanizationRate(row as unknown as Record<string, number | null>);
  },
  refNames: (db) => contractNumbersById(db),
});
