/**
 * Streets/towns and communities/villages (DOMAIN §2.1): the references every other ledger points at.
 * Listing and name lookup live here; their own editing screens come with the ledgers issue.
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

/** Matches a name as clerks write it: exact name, short name or alias (after normalisation). */
function matchesName(name: string, candidate: { name: string; aliases: string[]; shortName?: string | null }): boolean {
  const wanted = normalizeText(name);
  return (
    candidate.name === wanted ||
    candidate.shortName === wanted ||
    candidate.aliases.some((a) => normalizeText(a) === wanted)
  );
}

export async function findStreetByName(tx: Tx, name: string): Promise<Street | undefined> {
  return (await listStreets(tx, { includeInactive: true })).find((s) => matchesName(name, s));
}

export async function findCommunityByName(tx: Tx, streetId: number | null, name: string): Promise<Community | undefined> {
  const candidates = await listCommunities(tx, { includeInactive: true, streetId: streetId ?? undefined });
  return candidates.find((c) => matchesName(name, c));
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
