/**
 * Contractors in memory for the ledgers that point at them (credit records, contracts, toilets): by id, and
 * by every name a clerk may write — registered name, short name, alias, or the credit code itself — after
 * normalisation. A district has tens of contractors: one query per write or bulk load.
 */
import type { FieldErrors } from '../errors';
import type { FieldDef, FieldValue } from '../fields';
import type { Values } from '../ledger/record';
import type { Database, Tx } from '../sqlite';
import { normalizeText } from '../text';
import { normalizeUscc } from './uscc';

export type ContractorStatus = 'active' | 'suspended' | 'blacklisted';

export const CONTRACTOR_STATUSES: Array<{ value: ContractorStatus; label: string }> = [
  { value: 'active', label: '正常' },
  { value: 'suspended', label: '暂停' },
  { value: 'blacklisted', label: '黑名单' },
];

export const contractorStatusLabel = (status: string): string =>
  CONTRACTOR_STATUSES.find((s) => s.value === status)?.label ?? status;

export interface ContractorRef {
  id: number;
  name: string;
  shortName: string | null;
  aliases: string[];
  uscc: string;
  status: ContractorStatus;
}

export interface ContractorIndex {
  byId: Map<number, ContractorRef>;
  /** Every live contractor a written name may mean (none, one, or several when a short name is shared). */
  candidates(name: string): ContractorRef[];
}

/** The names a contractor answers to, normalised. */
export function contractorNames(c: Pick<ContractorRef, 'name' | 'shortName' | 'aliases'>): string[] {
  return [c.name, c.shortName, ...c.aliases].filter((n): n is string => !!n).map(normalizeText);
}

export async function loadContractorIndex(q: Database | Tx): Promise<ContractorIndex> {
  const reader = 'read' in q ? q.read : q;
  const rows = await reader.all<{ id: number; name: string; shortName: string | null; aliases: string; uscc: string; status: ContractorStatus }>(
    `SELECT id, name, short_name AS shortName, aliases, uscc, status FROM contractors WHERE deleted_at IS NULL ORDER BY id`,
  );
  const byId = new Map<number, ContractorRef>();
  const byName = new Map<string, ContractorRef[]>();
  const add = (key: string, c: ContractorRef) => {
    const list = byName.get(key) ?? [];
    if (!list.includes(c)) list.push(c);
    byName.set(key, list);
  };
  for (const r of rows) {
    const c: ContractorRef = { ...r, aliases: JSON.parse(r.aliases) as string[] };
    byId.set(c.id, c);
    for (const n of contractorNames(c)) add(n, c);
    add(c.uscc, c);
  }
  return {
    byId,
    candidates(name) {
      const text = normalizeText(name);
      const exact = byName.get(text) ?? byName.get(normalizeUscc(text)) ?? [];
      // The registered name wins over another contractor's short name or alias.
      const registered = exact.filter((c) => normalizeText(c.name) === text);
      return registered.length ? registered : exact;
    },
  };
}

/** A contractor written by name, short name, alias or credit code (or given by id) → its id, or an error saying what to do. */
export function resolveContractorRef(
  index: ContractorIndex,
  values: Values,
  key: string,
  errors: FieldErrors,
): void {
  const value = values[key];
  if (typeof value === 'number') {
    if (!index.byId.has(value)) errors[key] = `编号为 ${value} 的作业单位不存在或已删除,请从列表中选择`;
    return;
  }
  if (typeof value !== 'string') return;
  const found = index.candidates(value);
  if (found.length === 1) values[key] = found[0].id;
  else if (found.length > 1) errors[key] = `“${value}”可指 ${found.map((c) => c.name).join('、')},请写单位全称`;
  else errors[key] = `没有名为“${value}”的作业单位,请先在作业单位台账中登记,或写单位全称、简称或统一社会信用代码`;
}

/**
 * A list of contractor names → their registered names (aliases and short names resolved), without
 * duplicates and without `exclude` (the lead contractor, listed on its own field).
 */
export function resolveContractorNames(
  index: ContractorIndex,
  values: Values,
  key: string,
  errors: FieldErrors,
  exclude: number | null,
): void {
  const list = values[key];
  if (!Array.isArray(list)) return;
  const names: string[] = [];
  const problems: string[] = [];
  for (const item of list) {
    const found = index.candidates(item);
    if (found.length === 1) {
      if (found[0].id !== exclude && !names.includes(found[0].name)) names.push(found[0].name);
    } else if (found.length > 1) problems.push(`“${item}”可指 ${found.map((c) => c.name).join('、')},请写全称`);
    else problems.push(`没有名为“${item}”的作业单位`);
  }
  if (problems.length) errors[key] = `${problems.join(';')}。请先在作业单位台账中登记,或写单位全称`;
  else values[key] = names;
}

/**
 * A list field whose items are option values (business scope, scope types): labels and values are both
 * accepted and stored as values, in the options' order, without duplicates. Unknown items are an error
 * naming them and the allowed labels.
 */
export function canonicalOptionList(field: FieldDef, values: Values, errors: FieldErrors): void {
  const list = values[field.key];
  if (!Array.isArray(list)) return;
  const options = field.options ?? [];
  const picked = new Set<FieldValue>();
  const unknown: string[] = [];
  for (const item of list) {
    const hit = options.find((o) => String(o.value) === item || o.label === item);
    if (hit) picked.add(hit.value);
    else unknown.push(item);
  }
  if (unknown.length) {
    errors[field.key] = `“${unknown.join('、')}”不是可选的${field.label},只能是 ${options.map((o) => o.label).join('、')}`;
    return;
  }
  values[field.key] = options.filter((o) => picked.has(o.value)).map((o) => String(o.value));
}
