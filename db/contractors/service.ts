/**
 * The contractor ledger (作业单位台账) and the credit-record ledger (信用记录), DOMAIN §2.3, as ledger
 * definitions on the shared ledger service (db/ledger/service.ts).
 */
import type { RowMeta } from '../ledger/record';
import { LedgerService } from '../ledger/service';
import type { Database } from '../sqlite';
import { CONTRACTOR_FIELDS, CREDIT_RECORD_FIELDS } from './fields';
import type { ContractorStatus } from './lookup';
import {
  checkContractorRecord,
  contractorDeleteRefusal,
  checkCreditRecord,
  checkCreditRecordAgainstLedger,
  loadContractorContext,
  loadCreditRecordContext,
  resolveCreditRecordRefs,
  type ContractorContext,
  type CreditRecordContext,
} from './rules';
import { isValidUscc } from './uscc';

export type { ContractorStatus } from './lookup';

export interface Contractor extends RowMeta {
  name: string;
  shortName: string | null;
  aliases: string[];
  uscc: string;
  usccOverrideReason: string | null;
  /** Derived: the check character matches (GB 32100). */
  usccValid: boolean;
  legalRepresentative: string | null;
  address: string | null;
  contactPerson: string;
  contactPhone: string;
  businessScope: string[];
  status: ContractorStatus;
  remarks: string | null;
  /** Live contracts the contractor leads or is a consortium member of. */
  contractCount: number;
}

export interface ContractorFilter {
  status?: ContractorStatus;
  q?: string;
  includeDeleted?: boolean;
}

export type CreditKind =
  | 'praise'
  | 'bulletinCriticism'
  | 'mediaExposure'
  | 'summoned'
  | 'moneyDeduction'
  | 'cardSuspension'
  | 'contractTermination';
export type CreditLevel = 'district' | 'city' | 'province';

export interface CreditRecord extends RowMeta {
  recordNo: string;
  contractorId: number;
  contractorName: string;
  date: string;
  kind: CreditKind;
  level: CreditLevel;
  sourceDoc: string | null;
  amountFen: number | null;
  description: string | null;
}

export interface CreditRecordFilter {
  contractorId?: number;
  kind?: CreditKind;
  level?: CreditLevel;
  q?: string;
  includeDeleted?: boolean;
}

/** id → name of every contractor, deleted ones included (the history names what was there). */
export async function contractorNamesById(db: Database): Promise<Map<number, string>> {
  const rows = await db.read.all<{ id: number; name: string }>('SELECT id, name FROM contractors');
  return new Map(rows.map((r) => [r.id, r.name]));
}

export const contractors = new LedgerService<Contractor, ContractorContext>({
  entity: 'contractor',
  prefix: 'contractors',
  noun: '作业单位',
  title: '作业单位台账',
  table: 'contractors',
  fields: CONTRACTOR_FIELDS,
  from: 'FROM contractors t',
  extraSelect: `(SELECT count(*) FROM contract_contractors cc JOIN contracts k ON k.id = cc.contract_id AND k.deleted_at IS NULL
                  WHERE cc.contractor_id = t.id) AS contractCount`,
  orderBy: 't.name, t.id',
  filters: { status: 't.status' },
  searchColumns: ['t.name', 't.short_name', 't.aliases', 't.uscc', 't.contact_person'],
  naturalKey: 'name',
  loadContext: loadContractorContext,
  checkRecord: checkContractorRecord,
  checkDelete: contractorDeleteRefusal,
  decorate(row) {
    row.usccValid = isValidUscc(row.uscc);
  },
});

export const creditRecords = new LedgerService<CreditRecord, CreditRecordContext>({
  entity: 'creditRecord',
  prefix: 'credits',
  noun: '信用记录',
  title: '作业单位信用记录',
  table: 'credit_records',
  fields: CREDIT_RECORD_FIELDS,
  from: 'FROM credit_records t JOIN contractors c ON c.id = t.contractor_id',
  extraSelect: 'c.name AS contractorName',
  orderBy: 't.date DESC, t.record_no',
  filters: { contractorId: 't.contractor_id', kind: 't.kind', level: 't.level' },
  searchColumns: ['t.record_no', 'c.name', 't.source_doc', 't.description'],
  naturalKey: 'recordNo',
  loadContext: loadCreditRecordContext,
  resolveRefs: resolveCreditRecordRefs,
  checkRecord: checkCreditRecord,
  checkAgainstLedger: checkCreditRecordAgainstLedger,
  refNames: (db) => contractorNamesById(db),
});
