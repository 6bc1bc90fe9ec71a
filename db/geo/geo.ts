/**
 * Streets/towns and communities/villages (DOMAIN §2.1): the references every other ledger points at.
 * Listing and name lookup live here; the ledgers that edit them are streets.ts and communities.ts.
 */
import { appendAudit } from '../audit/audit';
import type { Ctx } from '../context';
import type { Database, Tx } from '../sqlite';
import { normalizeText } from '../text';

export type StreetKind = 'subdistrict' | 'town' | 'township' | 'zone';
export type CommunityKind = 'community' | 'village';

export const STREET_KIND_LABELS: Record<StreetKind, string> = {
  subdistrict: '街道',
  town: '镇',
  township: '乡',
  zone: '开发区',
};
export const COMMUNITY_KIND_LABELS: Record<CommunityKind, string> = { community: '社区', village: '行政村' };

export interface Street {
  id: number;
  code: string;
  name: string;
  kind: StreetKind;
  shortName: string | null;
  population: number | null;
  areaKm2: number | null;
  sortOrder: number;
  active: boolean;
  aliases: string[];
}

export interface Community {
  id: number;
  code: string;
  name: string;
  kind: CommunityKind;
  streetId: number;
  streetName: string;
  households: number | null;
  sortOrder: number;
  active: boolean;
  aliases: string[];
}

interface StreetRow extends Omit<Street, 'active' | 'aliases'> {
  active: number;
  aliases: string;
}
interface CommunityRow extends Omit<Community, 'active' | 'aliases'> {
  active: number;
  aliases: string;
}

export async function listStreets(db: Database | Tx, options: { includeInactive?: boolean } = {}): Promise<Street[]> {
  const q = 'read' in db ? db.read : db;
  const rows = await q.all<StreetRow>(
    `SELECT id, code, name, kind, short_name AS shortName, population, area_km2 AS areaKm2, sort_order AS sortOrder,
            active, aliases
       FROM streets WHERE deleted_at IS NULL ${options.includeInactive ? '' : 'AND active = 1'}
      ORDER BY sort_order, id`,
  );
  return rows.map((r) => ({ ...r, active: r.active === 1, aliases: JSON.parse(r.aliases) as string[] }));
}

export async function listCommunities(
  db: Database | Tx,
  options: { streetId?: number; includeInactive?: boolean } = {},
): Promise<Community[]> {
  const q = 'read' in db ? db.read : db;
  const where = ['c.deleted_at IS NULL'];
  const params: number[] = [];
  if (!options.includeInactive) where.push('c.active = 1');
  if (options.streetId != null) {
    where.push('c.street_id = ?');
    params.push(options.streetId);
  }
  const rows = await q.all<CommunityRow>(
    `SELECT c.id, c.code, c.name, c.kind, c.street_id AS streetId, s.name AS streetName, c.households,
            c.sort_order AS sortOrder, c.active, c.aliases
       FROM communities c JOIN streets s ON s.id = c.street_id
      WHERE ${where.join(' AND ')}
      ORDER BY s.sort_order, c.sort_order, c.id`,
    params,
  );
  return rows.map((r) => ({ ...r, active: r.active === 1, aliases: JSON.parse(r.aliases) as string[] }));
}

/**
 * Streets and communities in memory, by id and by every name a clerk may write (name, short name, alias,
 * after normalisation). A district has tens of streets and hundreds of communities: one query each per write.
 */
export interface GeoIndex {
  streets: Map<number, Street>;
  communities: Map<number, Community>;
  streetIdByName(name: string): number | undefined;
  /** Within one street when `streetId` is given, else anywhere in the district when the name is unique. */
  communityIdByName(streetId: number | null, name: string): number | undefined;
}

export async function loadGeoIndex(db: Database | Tx): Promise<GeoIndex> {
  const streets = await listStreets(db, { includeInactive: true });
  const communities = await listCommunities(db, { includeInactive: true });
  const namesOf = (x: { name: string; aliases: string[]; shortName?: string | null }) =>
    [x.name, x.shortName, ...x.aliases].filter((n): n is string => !!n).map(normalizeText);
  const streetByName = new Map<string, number>();
  for (const s of streets) for (const n of namesOf(s)) if (!streetByName.has(n)) streetByName.set(n, s.id);
  const communityByName = new Map<string, number[]>();
  for (const c of communities) {
    for (const n of namesOf(c)) {
      communityByName.set(`${c.streetId}|${n}`, [c.id]);
      communityByName.set(`*|${n}`, [...(communityByName.get(`*|${n}`) ?? []), c.id]);
    }
  }
  return {
    streets: new Map(streets.map((s) => [s.id, s])),
    communities: new Map(communities.map((c) => [c.id, c])),
    streetIdByName: (name) => streetByName.get(normalizeText(name)),
    communityIdByName: (streetId, name) => {
      const ids = communityByName.get(`${streetId ?? '*'}|${normalizeText(name)}`) ?? [];
      return ids.length === 1 ? ids[0] : undefined;
    },
  };
}

export interface NewStreet {
  code: string;
  name: string;
  kind: StreetKind;
  shortName?: string | null;
  population?: number | null;
  areaKm2?: number | null;
  sortOrder: number;
  aliases?: string[];
}

export interface NewCommunity {
  code: string;
  name: string;
  kind: CommunityKind;
  streetCode: string;
  households?: number | null;
  sortOrder: number;
  aliases?: string[];
}

/** Inserts rows given as value arrays in `keys` order through json_each; returns the first new id. */
async function insertRows(tx: Tx, table: string, columns: string[], ctx: Ctx, rowsJson: string): Promise<number> {
  const now = new Date().toISOString();
  const { next } = (await tx.get<{ next: number }>(`SELECT coalesce(max(id), 0) + 1 AS next FROM ${table}`))!;
  await tx.run(
    `INSERT INTO ${table} (${columns.join(', ')}, created_at, created_by, updated_at, updated_by)
     SELECT ${columns.map((_, i) => `value->>${i}`).join(', ')}, ?1, ?2, ?1, ?2 FROM json_each(?3)`,
    [now, ctx.user.id, rowsJson],
  );
  return next;
}

/**
 * Loads a district's streets and communities in the caller's transaction with one audit entry per table
 * (the demo district now, the geo import later). Communities name their street by code.
 */
export async function insertGeoBulk(ctx: Ctx, tx: Tx, streets: NewStreet[], communities: NewCommunity[], method: string) {
  const streetKeys = ['code', 'name', 'kind', 'shortName', 'population', 'areaKm2', 'sortOrder', 'aliases'];
  const streetColumns = ['code', 'name', 'kind', 'short_name', 'population', 'area_km2', 'sort_order', 'aliases'];
  const streetRows = streets.map((s) => [
    s.code,
    normalizeText(s.name),
    s.kind,
    s.shortName ?? null,
    s.population ?? null,
    s.areaKm2 ?? null,
    s.sortOrder,
    s.aliases ?? [],
  ]);
  const streetsJson = JSON.stringify(streetRows);
  const firstStreet = await insertRows(tx, 'streets', streetColumns, ctx, streetsJson);
  await appendAudit(tx, ctx.user, {
    method,
    entity: 'street',
    entityId: null,
    bulk: { keys: streetKeys, firstId: firstStreet, count: streetRows.length, rowsJson: streetsJson },
  });

  const idByCode = new Map(streets.map((s, i) => [s.code, firstStreet + i]));
  const communityKeys = ['code', 'name', 'kind', 'streetId', 'households', 'sortOrder', 'aliases'];
  const communityColumns = ['code', 'name', 'kind', 'street_id', 'households', 'sort_order', 'aliases'];
  const communityRows = communities.map((c) => [
    c.code,
    normalizeText(c.name),
    c.kind,
    idByCode.get(c.streetCode) ?? null,
    c.households ?? null,
    c.sortOrder,
    c.aliases ?? [],
  ]);
  const communitiesJson = JSON.stringify(communityRows);
  const firstCommunity = await insertRows(tx, 'communities', communityColumns, ctx, communitiesJson);
  await appendAudit(tx, ctx.user, {
    method,
    entity: 'community',
    entityId: null,
    bulk: { keys: communityKeys, firstId: firstCommunity, count: communityRows.length, rowsJson: communitiesJson },
  });
}
