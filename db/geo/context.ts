/**
 * What the street and community ledgers' rules need, loaded once per write or bulk load: the geo index, the
 * rows that hang off each unit (communities, estates, toilets in use), the names every unit goes by, and the
 * next free place in the official order.
 */
import type { FieldErrors } from '../errors';
import type { Values } from '../ledger/record';
import type { Tx } from '../sqlite';
import { normalizeText } from '../text';
import { loadGeoIndex, type GeoIndex } from './geo';

/** Who holds a name: a stored row by id, or a new row of the same load by its place in the load. */
export type NameOwner = number | string;

export interface NameHolder {
  owner: NameOwner;
  /** The holder's own name, for the message. */
  name: string;
}

export interface GeoLedgerContext {
  geo: GeoIndex;
  /** Live toilets that are not demolished, per street and per community. */
  toiletsByStreet: Map<number, number>;
  toiletsByCommunity: Map<number, number>;
  /** Live estates per community: how many and their households. */
  estatesByCommunity: Map<number, { count: number; households: number }>;
  /** Every name, short name and alias (normalised) → the street that goes by it. */
  streetNames: Map<string, NameHolder>;
  /** `streetId|name` → the community that goes by it within that street. */
  communityNames: Map<string, NameHolder>;
  nextStreetOrder: number;
  nextCommunityOrder: Map<number, number>;
  /** Counter for new rows of one load (they have no id yet). */
  newRows: number;
}

export function unitNames(x: { name?: unknown; shortName?: unknown; aliases?: unknown }): string[] {
  const names = [x.name, x.shortName, ...(Array.isArray(x.aliases) ? x.aliases : [])];
  return [...new Set(names.filter((n): n is string => typeof n === 'string' && n !== '').map(normalizeText))];
}

async function countBy(tx: Tx, sql: string): Promise<Map<number, number>> {
  const rows = await tx.all<{ id: number; n: number }>(sql);
  return new Map(rows.map((r) => [r.id, r.n]));
}

export async function loadGeoLedgerContext(tx: Tx): Promise<GeoLedgerContext> {
  const geo = await loadGeoIndex(tx);
  const live = "deleted_at IS NULL AND status <> 'demolished'";
  const toiletsByStreet = await countBy(tx, `SELECT street_id AS id, count(*) AS n FROM toilets WHERE ${live} GROUP BY street_id`);
  const toiletsByCommunity = await countBy(
    tx,
    `SELECT community_id AS id, count(*) AS n FROM toilets WHERE ${live} AND community_id IS NOT NULL GROUP BY community_id`,
  );
  const estateRows = await tx.all<{ id: number; n: number; households: number }>(
    'SELECT community_id AS id, count(*) AS n, sum(households) AS households FROM estates WHERE deleted_at IS NULL GROUP BY community_id',
  );
  const streetNames = new Map<string, NameHolder>();
  let nextStreetOrder = 1;
  for (const s of geo.streets.values()) {
    for (const n of unitNames(s)) if (!streetNames.has(n)) streetNames.set(n, { owner: s.id, name: s.name });
    nextStreetOrder = Math.max(nextStreetOrder, s.sortOrder + 1);
  }
  const communityNames = new Map<string, NameHolder>();
  const nextCommunityOrder = new Map<number, number>();
  for (const c of geo.communities.values()) {
    for (const n of unitNames(c)) {
      const key = `${c.streetId}|${n}`;
      if (!communityNames.has(key)) communityNames.set(key, { owner: c.id, name: c.name });
    }
    nextCommunityOrder.set(c.streetId, Math.max(nextCommunityOrder.get(c.streetId) ?? 1, c.sortOrder + 1));
  }
  return {
    geo,
    toiletsByStreet,
    toiletsByCommunity,
    estatesByCommunity: new Map(estateRows.map((r) => [r.id, { count: r.n, households: r.households }])),
    streetNames,
    communityNames,
    nextStreetOrder,
    nextCommunityOrder,
    newRows: 0,
  };
}

const NAME_FIELDS: Array<[key: 'name' | 'shortName' | 'aliases', label: string]> = [
  ['name', '名称'],
  ['shortName', '简称'],
  ['aliases', '别名'],
];

/**
 * Every name a unit goes by (name, short name, aliases) must point at one unit only within its scope (the
 * district for streets, the street for communities): imports and pasted text find units by these names.
 * Aliases are tidied first (repeats and copies of the name dropped). The record's names are then claimed for
 * the rest of the load, so two new rows of one import cannot share an alias either.
 */
export function claimUnitNames(
  v: Values,
  names: Map<string, NameHolder>,
  scope: string,
  owner: NameOwner,
  noun: string,
  errors: FieldErrors,
): void {
  const own = new Set([v.name, v.shortName].filter((n): n is string => typeof n === 'string').map(normalizeText));
  if (Array.isArray(v.aliases)) {
    v.aliases = [...new Set(v.aliases.map(normalizeText))].filter((a) => a !== '' && !own.has(a));
  }
  const mine: string[] = [];
  for (const [key, label] of NAME_FIELDS) {
    const given = v[key];
    const list = Array.isArray(given) ? given : typeof given === 'string' ? [given] : [];
    for (const raw of list) {
      const n = normalizeText(raw);
      const holder = names.get(`${scope}${n}`);
      mine.push(n);
      if (!holder || holder.owner === owner) continue;
      // The same name as another unit's name is the unique key's refusal, which names the other row.
      if (key === 'name' && normalizeText(holder.name) === n) continue;
      errors[key] ??= `${label}“${n}”已是${noun}“${holder.name}”的名称、简称或别名,同一个名字只能指一个${noun}`;
    }
  }
  if (NAME_FIELDS.some(([key]) => errors[key])) return;
  for (const n of mine) if (!names.has(`${scope}${n}`)) names.set(`${scope}${n}`, { owner, name: String(v.name) });
}
