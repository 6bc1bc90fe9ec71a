/**
 * Contracts and bid sections in memory for the ledgers that point at them (sections → contract, toilets →
 * section): by id and by what a clerk writes (contract number; "合同编号 标段", the section's name or number).
 */
import type { FieldErrors } from '../errors';
import type { Values } from '../ledger/record';
import type { Tx } from '../sqlite';
import { normalizeCode, normalizeText } from '../text';
import { CONTRACT_STATUSES } from './fields';
import { sectionMatchKey } from './terms';

export type ContractStatus = 'draft' | 'active' | 'expired' | 'terminated' | 'renewed';

export const contractStatusLabel = (status: string): string => CONTRACT_STATUSES.find((s) => s.value === status)?.label ?? status;

export interface ContractRef {
  id: number;
  contractNo: string;
  projectName: string;
  leadContractorId: number;
  /** The lead and every consortium member. */
  contractorIds: number[];
  status: ContractStatus;
  startDate: string;
  endDate: string;
}

export interface SectionRef {
  id: number;
  contractId: number;
  sectionNo: string;
  /** What the number compares by within the contract (see `sectionMatchKey`). */
  matchKey: string;
  name: string;
  /** How the section is shown where it is referenced: 合同编号 标段. */
  label: string;
}

export interface ContractIndex {
  byId: Map<number, ContractRef>;
  /** Contracts a written reference may mean: the contract number, or a project name used by one contract. */
  candidates(text: string): ContractRef[];
}

export interface SectionIndex {
  contracts: ContractIndex;
  byId: Map<number, SectionRef>;
  /**
   * Sections a written reference may mean: "合同编号 标段" (or 合同编号|标段), the section's name, or its
   * number alone; `contractorId` narrows a bare number (一标段) to that contractor's contracts.
   */
  candidates(text: string, contractorId?: number | null): SectionRef[];
}

export async function loadContractIndex(tx: Tx): Promise<ContractIndex> {
  const rows = await tx.all<Omit<ContractRef, 'contractorIds'> & { contractorIds: string }>(
    `SELECT t.id, t.contract_no AS contractNo, t.project_name AS projectName, t.lead_contractor_id AS leadContractorId,
            t.status, t.start_date AS startDate, t.end_date AS endDate,
            (SELECT json_group_array(cc.contractor_id) FROM contract_contractors cc WHERE cc.contract_id = t.id) AS contractorIds
       FROM contracts t WHERE t.deleted_at IS NULL ORDER BY t.id`,
  );
  const byId = new Map<number, ContractRef>();
  const byNo = new Map<string, ContractRef>();
  const byProject = new Map<string, ContractRef[]>();
  for (const r of rows) {
    const c: ContractRef = { ...r, contractorIds: JSON.parse(r.contractorIds) as number[] };
    byId.set(c.id, c);
    byNo.set(c.contractNo, c);
    const project = normalizeText(c.projectName);
    byProject.set(project, [...(byProject.get(project) ?? []), c]);
  }
  return {
    byId,
    candidates(text) {
      const hit = byNo.get(normalizeCode(text));
      return hit ? [hit] : (byProject.get(normalizeText(text)) ?? []);
    },
  };
}

/** A contract written by number or project name (or given by id) → its id, or an error saying what to do. */
export function resolveContractRef(index: ContractIndex, values: Values, key: string, errors: FieldErrors): void {
  const value = values[key];
  if (typeof value === 'number') {
    if (!index.byId.has(value)) errors[key] = `编号为 ${value} 的合同不存在或已删除,请从列表中选择`;
    return;
  }
  if (typeof value !== 'string') return;
  const found = index.candidates(value);
  if (found.length === 1) values[key] = found[0].id;
  else if (found.length > 1) errors[key] = `项目“${value}”有 ${found.length} 份合同(${found.map((c) => c.contractNo).join('、')}),请写合同编号`;
  else errors[key] = `没有编号为“${value}”的合同,请先在合同台账中登记,或核对合同编号`;
}

export async function loadSectionIndex(tx: Tx): Promise<SectionIndex> {
  const contracts = await loadContractIndex(tx);
  const rows = await tx.all<Pick<SectionRef, 'id' | 'contractId' | 'sectionNo' | 'name'>>(
    'SELECT id, contract_id AS contractId, section_no AS sectionNo, name FROM bid_sections WHERE deleted_at IS NULL ORDER BY id',
  );
  const byId = new Map<number, SectionRef>();
  for (const r of rows) {
    const contract = contracts.byId.get(r.contractId);
    if (!contract) continue; // a live section of a deleted contract cannot be referenced any more
    byId.set(r.id, { ...r, matchKey: sectionMatchKey(r.sectionNo), label: `${contract.contractNo} ${r.sectionNo}` });
  }
  const all = [...byId.values()];
  return {
    contracts,
    byId,
    candidates(text, contractorId) {
      const written = normalizeText(text);
      // 合同编号 标段 / 合同编号|标段: the contract number is everything before the first blank or bar.
      const split = /^(\S+?)\s*[|\s]\s*(.+)$/.exec(written);
      const contract = split ? contracts.candidates(split[1]) : [];
      if (split && contract.length === 1) {
        const key = sectionMatchKey(split[2]);
        return all.filter((s) => s.contractId === contract[0].id && s.matchKey === key);
      }
      const named = all.filter((s) => normalizeText(s.name) === written || normalizeText(s.sectionNo) === written);
      const found = named.length ? named : all.filter((s) => s.matchKey === sectionMatchKey(written));
      if (found.length > 1 && contractorId != null) {
        const own = found.filter((s) => contracts.byId.get(s.contractId)?.contractorIds.includes(contractorId));
        if (own.length) return own;
      }
      return found;
    },
  };
}
