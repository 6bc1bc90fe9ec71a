/**
 * The contractor and credit-record ledgers' rules (DOMAIN §2.3, §7 E2/E7): credit code normalised and checked,
 * a failed check character saved only with a written reason, phone formats, business scope, and names that
 * must point at one contractor only (name, short name and aliases are what imports match on).
 */
import type { FieldErrors } from '../errors';
import type { Values, Warning } from '../ledger/record';
import type { RuleOutcome } from '../ledger/service';
import type { Tx } from '../sqlite';
import { normalizeText } from '../text';
import { BUSINESS_SCOPES, CONTRACTOR_FIELDS, CREDIT_KINDS } from './fields';
import { canonicalOptionList, contractorNames, loadContractorIndex, resolveContractorRef, type ContractorIndex } from './lookup';
import { checkUscc } from './uscc';

const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}(-\d+)?$/;

/** `(0571) 8800 1234`, `０５７１－８８００１２３４`, `138 0000 0000` → `0571-88001234`, `13800000000`. */
export function normalizePhone(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/^\((0\d{2,3})\)/, '$1-')
    .replace(/[\s()]/g, '')
    .replace(/[‐‑–—]/g, '-');
}

export function isValidPhone(phone: string): boolean {
  return MOBILE.test(phone) || LANDLINE.test(phone);
}

export interface ContractorContext {
  index: ContractorIndex;
  /** Codes and names taken by earlier rows of the same batch or load, to the name of the row that took them. */
  claimedCodes: Map<string, string>;
  claimedNames: Map<string, string>;
}

export async function loadContractorContext(tx: Tx): Promise<ContractorContext> {
  return { index: await loadContractorIndex(tx), claimedCodes: new Map(), claimedNames: new Map() };
}

const NAME_FIELDS: Array<{ key: 'name' | 'shortName' | 'aliases'; what: string }> = [
  { key: 'name', what: '单位名称' },
  { key: 'shortName', what: '简称' },
  { key: 'aliases', what: '别名' },
];

function checkUsccField(v: Values, errors: FieldErrors, warnings: Warning[]): void {
  if (typeof v.uscc !== 'string') return;
  const check = checkUscc(v.uscc);
  v.uscc = check.code;
  const reason = typeof v.usccOverrideReason === 'string' ? v.usccOverrideReason : null;
  if (check.ok) return;
  if (check.problem !== 'checkChar') {
    errors.uscc = check.message;
    return;
  }
  if (reason) {
    warnings.push({ field: 'uscc', message: `${check.message}已按“校验不符说明”保存:${reason}` });
  } else {
    errors.uscc =
      `${check.message}请改正代码;如与营业执照核对无误(确有校验位不符的真实代码),请在“校验不符说明”中写明核实情况后再保存。`;
  }
}

/**
 * The credit code and every name (name, short name, aliases) must belong to this contractor only, against the
 * ledger as loaded (`selfId` is the row being written) and against earlier rows of the same batch or load.
 * The very same registered name twice is the natural key's rule, reported by the ledger service.
 */
function checkUnique(v: Values, context: ContractorContext, selfId: number | null, errors: FieldErrors): void {
  const self = typeof v.name === 'string' ? v.name : null;
  if (typeof v.uscc === 'string' && !errors.uscc) {
    const owner = context.index.candidates(v.uscc).find((c) => c.uscc === v.uscc && c.id !== selfId);
    const claimedBy = context.claimedCodes.get(v.uscc);
    if (owner) errors.uscc = `统一社会信用代码 ${v.uscc} 已登记为“${owner.name}”,同一单位不能登记两次`;
    else if (claimedBy != null && claimedBy !== self) errors.uscc = `统一社会信用代码 ${v.uscc} 与本次录入的“${claimedBy}”重复`;
  }
  for (const { key, what } of NAME_FIELDS) {
    const value = v[key];
    const names = (Array.isArray(value) ? value : typeof value === 'string' ? [value] : []).map(normalizeText);
    for (const n of names) {
      if (errors[key]) break;
      const owner = context.index
        .candidates(n)
        .find((c) => c.id !== selfId && !(key === 'name' && normalizeText(c.name) === n));
      const claimedBy = context.claimedNames.get(n);
      if (owner) errors[key] = `${what}“${n}”已是“${owner.name}”的名称、简称或别名,请换一个,以免导入和录入时认错单位`;
      else if (claimedBy != null && claimedBy !== self) errors[key] = `${what}“${n}”与本次录入的“${claimedBy}”的名称、简称或别名重复`;
    }
  }
  if (self) {
    if (typeof v.uscc === 'string') context.claimedCodes.set(v.uscc, self);
    for (const n of contractorNames({ name: self, shortName: (v.shortName as string | null) ?? null, aliases: (v.aliases as string[]) ?? [] })) {
      context.claimedNames.set(n, self);
    }
  }
}

/** One contractor by itself, and against the ledger as loaded. Rewrites the code, phone and lists to canonical form. */
export function checkContractorRecord(v: Values, context: ContractorContext, selfId: number | null): RuleOutcome {
  const errors: FieldErrors = {};
  const warnings: Warning[] = [];
  checkUsccField(v, errors, warnings);

  if (typeof v.contactPhone === 'string') {
    const phone = normalizePhone(v.contactPhone);
    if (isValidPhone(phone)) v.contactPhone = phone;
    else errors.contactPhone = `“${v.contactPhone}”不是有效电话:手机号为 1 开头的 11 位数字,固定电话如 0571-88001234`;
  }

  canonicalOptionList(CONTRACTOR_FIELDS.find((f) => f.key === 'businessScope')!, v, errors);

  if (Array.isArray(v.aliases)) {
    const own = [v.name, v.shortName].filter((n): n is string => typeof n === 'string');
    v.aliases = [...new Set(v.aliases)].filter((a) => !own.includes(a));
  }
  if (typeof v.shortName === 'string' && v.shortName === v.name) v.shortName = null;

  checkUnique(v, context, selfId, errors);

  if (v.status === 'blacklisted') warnings.push({ field: 'status', message: '该单位已列入黑名单:不能再签订新合同,也不能再指派公厕' });
  return { errors, warnings };
}

/** A contractor still named on live contracts or managing toilets stays until those are changed. */
export async function contractorDeleteRefusal(tx: Tx, row: { id: number; name: string }): Promise<string | null> {
  const uses = (await tx.get<{ contracts: number; toilets: number }>(
    `SELECT (SELECT count(*) FROM contract_contractors cc JOIN contracts k ON k.id = cc.contract_id AND k.deleted_at IS NULL
              WHERE cc.contractor_id = ?1) AS contracts,
            (SELECT count(*) FROM toilets WHERE manager_contractor_id = ?1 AND deleted_at IS NULL) AS toilets`,
    [row.id],
  ))!;
  if (!uses.contracts && !uses.toilets) return null;
  const parts = [uses.contracts ? `${uses.contracts} 份合同的作业单位` : '', uses.toilets ? `${uses.toilets} 座公厕的管理单位` : ''].filter(Boolean);
  return `“${row.name}”仍是 ${parts.join('和 ')},不能删除。请先修改这些合同和公厕;单位不再承接业务时可把状态改为“暂停”或“黑名单”。`;
}

export const businessScopeLabel = (value: string): string => BUSINESS_SCOPES.find((s) => s.value === value)?.label ?? value;

// ---------------------------------------------------------------------------------------------------------
// Credit records (信用记录)

export interface CreditRecordContext {
  contractors: ContractorIndex;
  /** Highest sequence number used per year in automatic record numbers (XY2025-0007), deleted rows included. */
  lastNo: Map<string, number>;
}

const AUTO_NO = /^XY(\d{4})-(\d+)$/;

export async function loadCreditRecordContext(tx: Tx): Promise<CreditRecordContext> {
  const lastNo = new Map<string, number>();
  for (const { no } of await tx.all<{ no: string }>("SELECT record_no AS no FROM credit_records WHERE record_no LIKE 'XY%'")) {
    const m = AUTO_NO.exec(no);
    if (m) lastNo.set(m[1], Math.max(lastNo.get(m[1]) ?? 0, Number(m[2])));
  }
  return { contractors: await loadContractorIndex(tx), lastNo };
}

export function resolveCreditRecordRefs(v: Values, context: CreditRecordContext, errors: FieldErrors): void {
  resolveContractorRef(context.contractors, v, 'contractorId', errors);
}

export function checkCreditRecord(v: Values, context: CreditRecordContext): RuleOutcome {
  const errors: FieldErrors = {};
  const warnings: Warning[] = [];
  if (v.kind === 'moneyDeduction' && (v.amountFen == null || v.amountFen === 0)) {
    errors.amountFen = '扣款记录必须填写扣款金额(大于 0),如 5000 或 0.5万元';
  }
  if (typeof v.date === 'string' && v.date > new Date().toISOString().slice(0, 10)) {
    warnings.push({ field: 'date', message: `日期 ${v.date} 晚于今天,请确认` });
  }
  if (v.recordNo == null && typeof v.date === 'string') {
    const year = v.date.slice(0, 4);
    const next = (context.lastNo.get(year) ?? 0) + 1;
    context.lastNo.set(year, next);
    v.recordNo = `XY${year}-${String(next).padStart(4, '0')}`;
  }
  return { errors, warnings };
}

/** The same event entered twice (same contractor, date, kind and document) is worth a warning. */
export async function checkCreditRecordAgainstLedger(tx: Tx, v: Values, selfId: number | null, outcome: RuleOutcome): Promise<void> {
  if (typeof v.contractorId !== 'number' || typeof v.date !== 'string' || typeof v.kind !== 'string') return;
  const twin = await tx.get<{ no: string }>(
    `SELECT record_no AS no FROM credit_records
      WHERE contractor_id = ? AND date = ? AND kind = ? AND coalesce(source_doc, '') = ? AND deleted_at IS NULL AND id IS NOT ?`,
    [v.contractorId, v.date, v.kind, (v.sourceDoc as string | null) ?? '', selfId],
  );
  if (twin) {
    const kind = CREDIT_KINDS.find((k) => k.value === v.kind)?.label ?? v.kind;
    outcome.warnings.push({ field: 'date', message: `该单位同日已有一条“${kind}”记录(登记编号 ${twin.no}),请确认不是重复录入` });
  }
}
