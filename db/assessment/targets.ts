/**
 * What an inspection looks at (a bid section, a toilet, an estate, a village or a street) and who answered for
 * it on the inspection date (DOMAIN §2.8, §7 E4): the target must be in service that day, and the contract
 * whose section covers it must be running. The contractor and contract are snapshotted into the inspection,
 * so a contractor changed mid-month does not move old scores.
 */
import { ApiError } from '../errors';
import type { Tx } from '../sqlite';
import type { SchemeCategory, TargetType } from './types';

export interface TargetSnapshot {
  targetType: TargetType;
  targetId: number;
  targetName: string;
  sectionId: number | null;
  contractId: number | null;
  contractorId: number | null;
  contractorName: string | null;
}

export interface TargetOption {
  id: number;
  name: string;
  /** Code, street, contract: what tells two similar names apart in a picker. */
  detail: string;
}

/** The bid-section scope that does the work a category assesses (contracts' scope_types). */
export const SCOPE_FOR_CATEGORY: Record<SchemeCategory, string | null> = {
  roadCleaning: 'roadCleaning',
  wasteCollection: 'wasteCollection',
  toilet: 'toiletCleaning',
  wasteSorting: 'sortingSupervision',
  greenMaintenance: 'greenMaintenance',
  composite: null,
};

const TARGET_LABEL: Record<TargetType, string> = {
  section: '标段',
  toilet: '公厕',
  estate: '生活小区',
  community: '社区(村)',
  street: '街道(镇)',
};

interface ContractRow {
  sectionId: number;
  sectionName: string;
  contractId: number;
  contractNo: string;
  startDate: string;
  endDate: string;
  status: string;
  contractorId: number;
  contractorName: string;
}

const SELECT_SECTION_CONTRACT = `
  SELECT b.id AS sectionId, b.name AS sectionName, c.id AS contractId, c.contract_no AS contractNo,
         c.start_date AS startDate, c.end_date AS endDate, c.status, k.id AS contractorId, k.name AS contractorName
    FROM bid_sections b JOIN contracts c ON c.id = b.contract_id JOIN contractors k ON k.id = c.lead_contractor_id`;

function refused(message: string): ApiError {
  return new ApiError('validation', message, { targetId: message });
}

function runningOn(row: ContractRow, date: string): boolean {
  return row.startDate <= date && date <= row.endDate && row.status !== 'draft';
}

/** A section's contract must run on the date: the inspection would otherwise score nobody's work. */
function requireRunning(row: ContractRow, date: string, what: string): void {
  if (runningOn(row, date)) return;
  if (row.status === 'draft') throw refused(`${what}所属合同 ${row.contractNo} 尚未生效(草稿),不能登记检查`);
  throw refused(`检查日期 ${date} 不在${what}所属合同 ${row.contractNo} 的服务期(${row.startDate} 至 ${row.endDate})内,请核对日期或考核对象`);
}

function fromContract(row: ContractRow | undefined) {
  return {
    sectionId: row?.sectionId ?? null,
    contractId: row?.contractId ?? null,
    contractorId: row?.contractorId ?? null,
    contractorName: row?.contractorName ?? null,
  };
}

/** The section of a street doing the category's work under a contract running on the date, if any. */
async function sectionCoveringStreet(tx: Tx, streetId: number, category: SchemeCategory, date: string): Promise<ContractRow | undefined> {
  const scope = SCOPE_FOR_CATEGORY[category];
  const rows = await tx.all<ContractRow>(
    `${SELECT_SECTION_CONTRACT}
      JOIN bid_section_streets bs ON bs.section_id = b.id
     WHERE bs.street_id = ? AND b.deleted_at IS NULL AND c.deleted_at IS NULL
       AND (? IS NULL OR EXISTS (SELECT 1 FROM json_each(b.scope_types) j WHERE j.value = ?))
     ORDER BY c.start_date DESC, b.id`,
    [streetId, scope, scope],
  );
  return rows.find((r) => runningOn(r, date));
}

/**
 * The target as of `date`, or a validation error naming why it cannot be inspected then
 * (deleted, demolished, not yet in service, contract not running).
 */
export async function snapshotTarget(
  tx: Tx,
  targetType: TargetType,
  targetId: number,
  date: string,
  category: SchemeCategory,
): Promise<TargetSnapshot> {
  const base = { targetType, targetId };
  switch (targetType) {
    case 'section': {
      const row = await tx.get<ContractRow & { deletedAt: string | null; sectionNo: string }>(
        `${SELECT_SECTION_CONTRACT.replace('SELECT ', 'SELECT b.deleted_at AS deletedAt, b.section_no AS sectionNo, ')} WHERE b.id = ?`,
        [targetId],
      );
      if (!row || row.deletedAt) throw refused(`标段(编号 ${targetId})不存在或已删除,请重新选择考核对象`);
      requireRunning(row, date, `标段“${row.sectionName}”`);
      return { ...base, targetName: row.sectionName, ...fromContract(row) };
    }
    case 'toilet': {
      const toilet = await tx.get<{
        name: string;
        code: string;
        status: string;
        commissioned: string | null;
        sectionId: number | null;
        streetId: number;
        managerId: number | null;
        managerName: string | null;
        deletedAt: string | null;
      }>(
        `SELECT t.name, t.code, t.status, t.commissioned_month AS commissioned, t.bid_section_id AS sectionId, t.street_id AS streetId,
                t.manager_contractor_id AS managerId, m.name AS managerName, t.deleted_at AS deletedAt
           FROM toilets t LEFT JOIN contractors m ON m.id = t.manager_contractor_id WHERE t.id = ?`,
        [targetId],
      );
      if (!toilet || toilet.deletedAt) throw refused(`公厕(编号 ${targetId})不存在或已删除,请重新选择考核对象`);
      const label = `公厕 ${toilet.code}“${toilet.name}”`;
      const inactive: Record<string, string> = { demolished: '已拆除', closed: '已关闭', underRenovation: '改造中' };
      if (inactive[toilet.status]) throw refused(`${label}状态为“${inactive[toilet.status]}”,不在使用中,不能登记检查`);
      if (toilet.commissioned && toilet.commissioned > date.slice(0, 7)) {
        throw refused(`${label}于 ${toilet.commissioned} 才投入使用,检查日期 ${date} 早于投用时间`);
      }
      let contract: ContractRow | undefined;
      if (toilet.sectionId) {
        contract = await tx.get<ContractRow>(`${SELECT_SECTION_CONTRACT} WHERE b.id = ? AND b.deleted_at IS NULL AND c.deleted_at IS NULL`, [
          toilet.sectionId,
        ]);
        if (contract) requireRunning(contract, date, label);
      } else {
        contract = await sectionCoveringStreet(tx, toilet.streetId, category, date);
      }
      const snapshot = { ...base, targetName: `${toilet.name}(${toilet.code})`, ...fromContract(contract) };
      if (!contract && toilet.managerId) return { ...snapshot, contractorId: toilet.managerId, contractorName: toilet.managerName };
      return snapshot;
    }
    case 'estate': {
      const estate = await tx.get<{ name: string; code: string; streetId: number; deletedAt: string | null }>(
        `SELECT e.name, e.code, c.street_id AS streetId, e.deleted_at AS deletedAt
           FROM estates e JOIN communities c ON c.id = e.community_id WHERE e.id = ?`,
        [targetId],
      );
      if (!estate || estate.deletedAt) throw refused(`生活小区(编号 ${targetId})不存在或已删除,请重新选择考核对象`);
      const contract = await sectionCoveringStreet(tx, estate.streetId, category, date);
      return { ...base, targetName: estate.name, ...fromContract(contract) };
    }
    case 'community':
    case 'street': {
      const table = targetType === 'community' ? 'communities' : 'streets';
      const row = await tx.get<{ name: string; active: number; deletedAt: string | null; streetId: number }>(
        `SELECT name, active, deleted_at AS deletedAt, ${targetType === 'community' ? 'street_id' : 'id'} AS streetId FROM ${table} WHERE id = ?`,
        [targetId],
      );
      const label = TARGET_LABEL[targetType];
      if (!row || row.deletedAt) throw refused(`${label}(编号 ${targetId})不存在或已删除,请重新选择考核对象`);
      if (!row.active) throw refused(`${label}“${row.name}”已停用(撤并),不能登记检查`);
      const contract = await sectionCoveringStreet(tx, row.streetId, category, date);
      return { ...base, targetName: row.name, ...fromContract(contract) };
    }
  }
}

/** Candidates for a target picker: live rows whose name or code contains the search text. */
export async function searchTargets(tx: Tx, targetType: TargetType, search: string, limit: number): Promise<TargetOption[]> {
  const like = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const queries: Record<TargetType, string> = {
    section: `SELECT b.id, b.name, b.section_no || ' · ' || c.contract_no || ' · ' || k.name AS detail
                FROM bid_sections b JOIN contracts c ON c.id = b.contract_id JOIN contractors k ON k.id = c.lead_contractor_id
               WHERE b.deleted_at IS NULL AND (b.name LIKE ?1 ESCAPE '\\' OR b.section_no LIKE ?1 ESCAPE '\\' OR c.contract_no LIKE ?1 ESCAPE '\\')
               ORDER BY c.contract_no, b.section_no`,
    toilet: `SELECT t.id, t.name, t.code || ' · ' || s.name || ' · ' || t.address AS detail
               FROM toilets t JOIN streets s ON s.id = t.street_id
              WHERE t.deleted_at IS NULL AND (t.name LIKE ?1 ESCAPE '\\' OR t.code LIKE ?1 ESCAPE '\\' OR t.address LIKE ?1 ESCAPE '\\')
              ORDER BY s.sort_order, t.code`,
    estate: `SELECT e.id, e.name, e.code || ' · ' || s.name || ' ' || c.name AS detail
               FROM estates e JOIN communities c ON c.id = e.community_id JOIN streets s ON s.id = c.street_id
              WHERE e.deleted_at IS NULL AND (e.name LIKE ?1 ESCAPE '\\' OR e.code LIKE ?1 ESCAPE '\\')
              ORDER BY s.sort_order, c.sort_order, e.code`,
    community: `SELECT c.id, c.name, s.name || ' · ' || c.code AS detail
                  FROM communities c JOIN streets s ON s.id = c.street_id
                 WHERE c.deleted_at IS NULL AND c.active = 1 AND (c.name LIKE ?1 ESCAPE '\\' OR c.code LIKE ?1 ESCAPE '\\')
                 ORDER BY s.sort_order, c.sort_order`,
    street: `SELECT id, name, code AS detail FROM streets
              WHERE deleted_at IS NULL AND active = 1 AND (name LIKE ?1 ESCAPE '\\' OR code LIKE ?1 ESCAPE '\\')
              ORDER BY sort_order`,
  };
  return tx.all<TargetOption>(`${queries[targetType]} LIMIT ?2`, [like, limit]);
}

export function targetLabel(type: TargetType): string {
  return TARGET_LABEL[type];
}
