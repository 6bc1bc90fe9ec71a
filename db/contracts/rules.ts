/**
 * The contract and bid-section ledgers' rules (DOMAIN §2.4, §7 E9): references by name, date order, the
 * annual × years ≈ total check, section numbers and keys, scope, areas, staffing and vehicle plausibility.
 */
import {
  canonicalOptionList,
  contractorStatusLabel,
  loadContractorIndex,
  resolveContractorNames,
  resolveContractorRef,
  type ContractorIndex,
} from '../contractors/lookup';
import type { FieldErrors } from '../errors';
import { formatYuan } from '../money';
import { loadGeoIndex, type GeoIndex } from '../geo/geo';
import type { Values, Warning } from '../ledger/record';
import type { RuleOutcome } from '../ledger/service';
import type { Tx } from '../sqlite';
import { SECTION_FIELDS } from './fields';
import { loadSectionIndex, resolveContractRef, type SectionIndex } from './lookup';
import { sectionDescription, sectionIndexOf, sectionMatchKey, termYears, totalDeviation, TOTAL_TOLERANCE } from './terms';

/** Plausible unit price of road cleaning, 元/㎡·年 (DOMAIN §2.4). */
export const UNIT_PRICE_RANGE = [0.5, 60] as const;
/** More area per worker than this is implausible for manual road cleaning (DOMAIN §2.4). */
export const MAX_AREA_PER_WORKER_M2 = 15_000;
/** Minimum daily sweeps: trunk roads twice, secondary and branch roads once (DOMAIN §2.4, seed 003). */
const MIN_SWEEPS = { sweepFreqTrunk: 2, sweepFreqOther: 1 } as const;

// ---------------------------------------------------------------------------------------------------------
// Contracts

export interface ContractContext {
  contractors: ContractorIndex;
}

export async function loadContractContext(tx: Tx): Promise<ContractContext> {
  return { contractors: await loadContractorIndex(tx) };
}

export function resolveContractRefs(v: Values, context: ContractContext, errors: FieldErrors): void {
  resolveContractorRef(context.contractors, v, 'leadContractorId', errors);
  const lead = typeof v.leadContractorId === 'number' ? v.leadContractorId : null;
  resolveContractorNames(context.contractors, v, 'consortiumMembers', errors, lead);
}

/**
 * The contractors' standing: a new contract may not be signed with a blacklisted contractor; a suspended one,
 * or one blacklisted after signing, is a warning on a contract still in draft or in force.
 */
function checkContractors(v: Values, context: ContractContext, isNew: boolean, errors: FieldErrors, warnings: Warning[]): void {
  if (v.status !== 'draft' && v.status !== 'active') return;
  const lead = typeof v.leadContractorId === 'number' ? context.contractors.byId.get(v.leadContractorId) : undefined;
  const members = (Array.isArray(v.consortiumMembers) ? v.consortiumMembers : []).map((n) => context.contractors.candidates(n)[0]);
  for (const [field, c] of [['leadContractorId', lead], ...members.map((m) => ['consortiumMembers', m] as const)] as const) {
    if (!c || c.status === 'active') continue;
    const what = field === 'leadContractorId' ? '作业单位' : '联合体成员';
    if (isNew && c.status === 'blacklisted') errors[field] ??= `${what}“${c.name}”已列入黑名单,不能签订新合同`;
    else warnings.push({ field, message: `${what}“${c.name}”的状态为“${contractorStatusLabel(c.status)}”,请核实合同是否仍应履行` });
  }
}

export function checkContractRecord(v: Values, context: ContractContext, selfId: number | null): RuleOutcome {
  const errors: FieldErrors = {};
  const warnings: Warning[] = [];

  const { awardDate, signDate, startDate, endDate } = v as Record<string, string | null>;
  if (awardDate && signDate && signDate < awardDate) errors.signDate = `签订日期(${signDate})不能早于中标日期(${awardDate})`;
  if (startDate && endDate && endDate <= startDate) errors.endDate = `服务结束日期(${endDate})应晚于服务开始日期(${startDate})`;
  if (signDate && startDate && !errors.signDate && startDate < signDate) {
    warnings.push({ field: 'startDate', message: `服务开始日期(${startDate})早于签订日期(${signDate}),请确认是否先行进场` });
  }

  for (const key of ['annualAmountFen', 'totalAmountFen'] as const) {
    if (v[key] === 0) errors[key] = '金额应大于 0';
  }
  const annual = v.annualAmountFen as number | null;
  const total = v.totalAmountFen as number | null;
  const years = startDate && endDate && !errors.endDate ? termYears(startDate, endDate) : null;
  if (annual && total && years) {
    const deviation = totalDeviation(annual, total, years);
    if (deviation != null && Math.abs(deviation) > TOTAL_TOLERANCE) {
      warnings.push({
        field: 'totalAmountFen',
        message: `合同总额 ${formatYuan(total)} 元与年度金额 × 合同年限(${formatYuan(annual)} × ${years} = ${formatYuan(Math.round(annual * years))} 元)相差 ${(deviation * 100).toFixed(1)}%,请核对金额单位(元/万元)和服务期`,
      });
    }
  }
  const bond = v.performanceBondFen as number | null;
  if (bond != null && total && bond > total) errors.performanceBondFen = '履约保证金不能超过合同总额,请核对金额单位(元/万元)';

  checkContractors(v, context, selfId == null, errors, warnings);
  return { errors, warnings };
}

// ---------------------------------------------------------------------------------------------------------
// Bid sections

export interface SectionContext {
  sections: SectionIndex;
  geo: GeoIndex;
  /** Section numbers taken by earlier rows of the same batch or load: contract id | match key → that row. */
  claimed: Map<string, { sectionNo: string; selfId: number | null }>;
}

export async function loadSectionContext(tx: Tx): Promise<SectionContext> {
  return { sections: await loadSectionIndex(tx), geo: await loadGeoIndex(tx), claimed: new Map() };
}

export function resolveSectionRefs(v: Values, context: SectionContext, errors: FieldErrors): void {
  resolveContractRef(context.sections.contracts, v, 'contractId', errors);
  if (Array.isArray(v.streetNames)) {
    const names: string[] = [];
    const unknown: string[] = [];
    for (const written of v.streetNames) {
      const id = context.geo.streetIdByName(written);
      const street = id == null ? undefined : context.geo.streets.get(id);
      if (!street) unknown.push(written);
      else if (!names.includes(street.name)) names.push(street.name);
    }
    if (unknown.length) errors.streetNames = `没有名为“${unknown.join('、')}”的街道(镇),请从街道列表中选择`;
    else v.streetNames = names;
  }
}

const SCOPE_FIELD = SECTION_FIELDS.find((f) => f.key === 'scopeTypes')!;

export function mechanizationRate(v: Values): number | null {
  const area = v.cleaningAreaM2 as number | null;
  const mechanized = v.mechanizedAreaM2 as number | null;
  if (!area || mechanized == null) return null;
  return Math.round((mechanized / area) * 10_000) / 100;
}

export function vehicleCount(v: Values): number {
  return ['sweepers', 'washers', 'compactors', 'hookLifts', 'electricUnits'].reduce((sum, k) => sum + Number(v[k] ?? 0), 0);
}

/**
 * One section number per contract, whatever way it is written (一标段 = 第1标段). The very same text twice is
 * the natural key's rule, reported by the ledger service; this catches the other spellings.
 */
function checkSectionNumber(v: Values, context: SectionContext, selfId: number | null, errors: FieldErrors): void {
  const contractId = v.contractId as number;
  const sectionNo = v.sectionNo as string;
  const key = sectionMatchKey(sectionNo);
  const contract = context.sections.contracts.byId.get(contractId)!;
  const what = sectionIndexOf(sectionNo) != null ? `第 ${key} 标段` : '同一标段';
  for (const other of context.sections.byId.values()) {
    if (other.contractId === contractId && other.matchKey === key && other.id !== selfId && other.sectionNo !== sectionNo) {
      errors.sectionNo = `合同 ${contract.contractNo} 已有“${other.sectionNo}”,与“${sectionNo}”是${what},同一合同内标段号不能重复`;
      return;
    }
  }
  const claim = `${contractId}|${key}`;
  const earlier = context.claimed.get(claim);
  if (earlier && earlier.sectionNo !== sectionNo && (selfId == null || earlier.selfId !== selfId)) {
    errors.sectionNo = `“${sectionNo}”与本次录入的“${earlier.sectionNo}”是${what},同一合同内标段号不能重复`;
  } else if (!earlier) context.claimed.set(claim, { sectionNo, selfId });
}

/**
 * One section by itself: its contract, its number (unique within the contract), name, streets and scope;
 * areas and staffing. Rewrites `name` (when blank) and the lists to canonical form.
 */
export function checkSectionRecord(v: Values, context: SectionContext, selfId: number | null): RuleOutcome {
  const errors: FieldErrors = {};
  const warnings: Warning[] = [];

  const contract = typeof v.contractId === 'number' ? context.sections.contracts.byId.get(v.contractId) : undefined;
  if (typeof v.contractId === 'number' && !contract) errors.contractId = '所选合同不存在或已删除';
  if (typeof v.sectionNo === 'string') {
    if (contract) checkSectionNumber(v, context, selfId, errors);
    if (v.name == null) v.name = sectionDescription(v.sectionNo) ?? v.sectionNo;
  }
  if (contract && (contract.status === 'terminated' || contract.status === 'expired')) {
    warnings.push({ field: 'contractId', message: `合同 ${contract.contractNo} 已${contract.status === 'terminated' ? '解除' : '到期'}` });
  }

  if (Array.isArray(v.streetNames) && !errors.streetNames && v.streetNames.length === 0) {
    errors.streetNames = '请填写标段覆盖的街道(镇),至少一个';
  }
  canonicalOptionList(SCOPE_FIELD, v, errors);
  const scope = Array.isArray(v.scopeTypes) ? v.scopeTypes : [];
  if (!errors.scopeTypes && scope.length === 0) errors.scopeTypes = `请至少选择一项服务内容(${SCOPE_FIELD.options!.map((o) => o.label).join('、')})`;
  const roadCleaning = scope.includes('roadCleaning');

  const area = v.cleaningAreaM2 as number | null;
  if (roadCleaning && !area) errors.cleaningAreaM2 = '服务内容含道路清扫保洁时,保洁面积必填且应大于 0';
  const mechanized = v.mechanizedAreaM2 as number | null;
  if (mechanized != null && mechanized > (area ?? 0)) {
    errors.mechanizedAreaM2 = area ? `机械化作业面积(${mechanized} ㎡)不能超过保洁面积(${area} ㎡)` : '填写机械化作业面积前请先填写保洁面积';
  }

  const price = v.unitPrice as number | null;
  if (price != null && (price < UNIT_PRICE_RANGE[0] || price > UNIT_PRICE_RANGE[1])) {
    warnings.push({
      field: 'unitPrice',
      message: `单价 ${price} 元/㎡·年 不在常见范围 ${UNIT_PRICE_RANGE[0]}–${UNIT_PRICE_RANGE[1]} 内,请核对单位(是否按月或按平方公里填写)`,
    });
  }
  const workers = v.workers as number | null;
  if (area && workers != null && roadCleaning) {
    if (workers === 0) warnings.push({ field: 'workers', message: `保洁面积 ${area} ㎡ 但作业人员为 0,请核对` });
    else if (area / workers > MAX_AREA_PER_WORKER_M2) {
      warnings.push({
        field: 'workers',
        message: `人均保洁面积 ${Math.round(area / workers)} ㎡,超过 ${MAX_AREA_PER_WORKER_M2} ㎡/人,请核对作业人员或保洁面积`,
      });
    }
  }
  if (roadCleaning) {
    for (const [key, min] of Object.entries(MIN_SWEEPS)) {
      const freq = v[key] as number | null;
      const label = SECTION_FIELDS.find((f) => f.key === key)!.label;
      if (freq != null && freq < min) warnings.push({ field: key, message: `${label} ${freq} 次/日,低于每日 ${min} 次的作业标准` });
    }
  }
  return { errors, warnings };
}

/** The stated toilet count against the toilets linked to the section (warning). */
export async function checkSectionAgainstLedger(tx: Tx, v: Values, selfId: number | null, outcome: RuleOutcome): Promise<void> {
  if (selfId == null || v.toiletsCount == null) return;
  const { n } = (await tx.get<{ n: number }>('SELECT count(*) AS n FROM toilets WHERE bid_section_id = ? AND deleted_at IS NULL', [selfId]))!;
  if (n > 0 && n !== v.toiletsCount) {
    outcome.warnings.push({ field: 'toiletsCount', message: `公厕台账中有 ${n} 座公厕由本标段保洁,与填写的 ${String(v.toiletsCount)} 座不一致` });
  }
}


/** A contract with live sections stays until they are deleted; a section cleaning toilets stays until they are relinked. */
export async function contractDeleteRefusal(tx: Tx, row: { id: number; contractNo: string }): Promise<string | null> {
  const { n } = (await tx.get<{ n: number }>('SELECT count(*) AS n FROM bid_sections WHERE contract_id = ? AND deleted_at IS NULL', [row.id]))!;
  return n ? `合同 ${row.contractNo} 下还有 ${n} 个标段,不能删除。请先删除这些标段;合同终止时可把状态改为“已解除”。` : null;
}

export async function sectionDeleteRefusal(tx: Tx, row: { id: number; contractName: string; sectionNo: string }): Promise<string | null> {
  const { n } = (await tx.get<{ n: number }>('SELECT count(*) AS n FROM toilets WHERE bid_section_id = ? AND deleted_at IS NULL', [row.id]))!;
  return n ? `标段 ${row.contractName} ${row.sectionNo} 还是 ${n} 座公厕的保洁标段,不能删除。请先在公厕台账中改填这些公厕的保洁标段。` : null;
}
