/**
 * What an internal ranking reads (DOMAIN §3.9, §4.2): the scheme families of a category, the stored scores and
 * payments of locked months (or, for the bench, a month computed live from its inspections), the live units of
 * the ranked type, which ranked units a target counts for, the findings behind 存在问题, and the money withheld.
 */
import { computeMonth, type UnitScore } from '../assessment/monthly';
import { SCHEME_VOCABULARY } from '../assessment/scheme';
import type { SchemeCategory, SchemeDefinition, TargetType } from '../assessment/types';
import { lastDayOfMonth } from '../dates';
import { ApiError } from '../errors';
import type { Tx } from '../sqlite';
import type { LiveUnit } from './compute';
import type { RankUnitType } from './types';
import { UNIT_TYPE_LABELS } from './vocabulary';
import { SCOPE_FOR_CATEGORY } from '../assessment/targets';

export interface Family {
  familyId: number;
  /** The latest version's id and definition (the governing rules when no result names an older version). */
  schemeId: number;
  name: string;
  def: SchemeDefinition;
  targetType: TargetType;
}

/** A category as typed: its key (toilet) or its Chinese label (公厕保洁); null when it is neither. */
export function schemeCategory(category: string): SchemeCategory | null {
  const text = category.normalize('NFKC').trim();
  const labels = SCHEME_VOCABULARY.category as Record<string, string>;
  if (Object.prototype.hasOwnProperty.call(labels, text)) return text as SchemeCategory;
  const byLabel = Object.entries(labels).find(([, label]) => label === text);
  return byLabel ? (byLabel[0] as SchemeCategory) : null;
}

/** Every scheme family of the category, at its latest version, oldest family first. */
export async function categoryFamilies(tx: Tx, category: SchemeCategory): Promise<Family[]> {
  const rows = await tx.all<{ id: number; familyId: number; name: string; definition: string; targetType: TargetType }>(
    `SELECT s.id, s.family_id AS familyId, s.name, s.definition, s.target_type AS targetType FROM assessment_schemes s
      WHERE s.category = ? AND s.version = (SELECT max(version) FROM assessment_schemes v WHERE v.family_id = s.family_id)
      ORDER BY s.family_id`,
    [category],
  );
  return rows.map((r) => ({ familyId: r.familyId, schemeId: r.id, name: r.name, def: JSON.parse(r.definition) as SchemeDefinition, targetType: r.targetType }));
}

/** Scheme versions by id, each read and parsed once per ranking. */
export class SchemeCache {
  private readonly loaded = new Map<number, Promise<{ name: string; def: SchemeDefinition } | undefined>>();
  constructor(private readonly tx: Tx) {}

  /** A version of a scheme by id (e.g. the version a period's results were scored under). */
  get(id: number): Promise<{ name: string; def: SchemeDefinition } | undefined> {
    let found = this.loaded.get(id);
    if (!found) {
      found = this.tx
        .get<{ name: string; definition: string }>('SELECT name, definition FROM assessment_schemes WHERE id = ?', [id])
        .then((row) => (row ? { name: row.name, def: JSON.parse(row.definition) as SchemeDefinition } : undefined));
      this.loaded.set(id, found);
    }
    return found;
  }
}

/** Months of the list that are locked. */
export async function lockedMonths(tx: Tx, months: string[]): Promise<Set<string>> {
  const rows = await tx.all<{ month: string }>('SELECT month FROM month_locks WHERE month IN (SELECT value FROM json_each(?))', [JSON.stringify(months)]);
  return new Set(rows.map((r) => r.month));
}

export interface MonthPayment {
  contractId: number;
  familyId: number;
  totalFen: number;
}

export interface MonthData {
  units: UnitScore[];
  payments: MonthPayment[];
}

/** The stored (locked) scores and payments of the months, for the families. */
export async function storedMonths(tx: Tx, months: string[], familyIds: number[]): Promise<Map<string, MonthData>> {
  const out = new Map<string, MonthData>(months.map((m) => [m, { units: [], payments: [] }]));
  if (!months.length || !familyIds.length) return out;
  const params = [JSON.stringify(months), JSON.stringify(familyIds)];
  for (const r of await tx.all<{ month: string; detail: string }>(
    `SELECT month, components AS detail FROM monthly_results
      WHERE status = 'current' AND month IN (SELECT value FROM json_each(?1)) AND family_id IN (SELECT value FROM json_each(?2)) ORDER BY id`,
    params,
  )) {
    out.get(r.month)!.units.push(JSON.parse(r.detail) as UnitScore);
  }
  for (const p of await tx.all<{ month: string } & MonthPayment>(
    `SELECT p.month, p.contract_id AS contractId, s.family_id AS familyId, p.total_fen AS totalFen
       FROM monthly_payments p JOIN assessment_schemes s ON s.id = p.scheme_id
      WHERE p.status = 'current' AND p.month IN (SELECT value FROM json_each(?1)) AND s.family_id IN (SELECT value FROM json_each(?2))`,
    params,
  )) {
    out.get(p.month)!.payments.push({ contractId: p.contractId, familyId: p.familyId, totalFen: p.totalFen });
  }
  return out;
}

/** A month computed now from its inspections (the bench: from raw inspections to ranked rows). */
export async function liveMonth(tx: Tx, month: string, familyIds: number[]): Promise<MonthData> {
  const families = new Set(familyIds);
  const { units, payments } = await computeMonth(tx, month);
  return {
    units: units.filter((u) => families.has(u.familyId)),
    payments: payments
      .filter((p) => families.has(p.familyId))
      .map((p) => ({ contractId: p.contractId, familyId: p.familyId, totalFen: p.money?.totalFen ?? 0 })),
  };
}

/** Per scheme category in use: the unit types its targets can be ranked by (its own target type first). */
export async function categoryUnitTypes(tx: Tx): Promise<Partial<Record<SchemeCategory, RankUnitType[]>>> {
  const rows = await tx.all<{ category: SchemeCategory; targetType: TargetType }>(
    "SELECT DISTINCT category, target_type AS targetType FROM assessment_schemes WHERE status = 'active' ORDER BY family_id",
  );
  const out: Partial<Record<SchemeCategory, RankUnitType[]>> = {};
  for (const category of new Set(rows.map((r) => r.category))) {
    const types = rows.filter((r) => r.category === category).map((r) => r.targetType);
    const own = types.filter((t, i) => types.indexOf(t) === i);
    out[category] = [...own, ...supportedUnitTypes(types).filter((t) => !(own as string[]).includes(t))];
  }
  return out;
}

/** Whether units of a target type can be ranked as `unitType` (the target itself, or a unit it belongs to). */
export function supports(unitType: RankUnitType, targetType: TargetType): boolean {
  if (unitType === targetType || unitType === 'contractor' || unitType === 'street') return true;
  return unitType === 'community' && (targetType === 'toilet' || targetType === 'estate');
}

/** The unit types a category's targets can be ranked by, for messages and pickers. */
export function supportedUnitTypes(targetTypes: TargetType[]): RankUnitType[] {
  return (Object.keys(UNIT_TYPE_LABELS) as RankUnitType[]).filter((t) => targetTypes.every((tt) => supports(t, tt)));
}

/** Which ranked units a target counts for: itself, its contractor (as scored), its street(s) or its community. */
export class UnitMap {
  private constructor(
    readonly unitType: RankUnitType,
    private readonly parents: Map<string, number[]>,
  ) {}

  static async load(tx: Tx, unitType: RankUnitType, targetTypes: TargetType[]): Promise<UnitMap> {
    const parents = new Map<string, number[]>();
    const put = (targetType: string, rows: Array<{ id: number; parent: number | null }>) => {
      for (const r of rows) if (r.parent != null) parents.set(`${targetType}:${r.id}`, [...(parents.get(`${targetType}:${r.id}`) ?? []), r.parent]);
    };
    const want = (t: TargetType) => targetTypes.includes(t) && t !== unitType;
    if (unitType === 'street') {
      if (want('community')) put('community', await tx.all('SELECT id, street_id AS parent FROM communities'));
      if (want('toilet')) put('toilet', await tx.all('SELECT id, street_id AS parent FROM toilets'));
      if (want('estate')) put('estate', await tx.all('SELECT e.id, c.street_id AS parent FROM estates e JOIN communities c ON c.id = e.community_id'));
      if (want('section')) put('section', await tx.all('SELECT section_id AS id, street_id AS parent FROM bid_section_streets ORDER BY street_id'));
    } else if (unitType === 'community') {
      if (want('toilet')) put('toilet', await tx.all('SELECT id, community_id AS parent FROM toilets'));
      if (want('estate')) put('estate', await tx.all('SELECT id, community_id AS parent FROM estates'));
    }
    return new UnitMap(unitType, parents);
  }

  /** The ranked units a target (with the contractor it was scored under) counts for. */
  unitsFor(targetType: TargetType, targetId: number, contractorId: number | null): number[] {
    if (targetType === this.unitType) return [targetId];
    if (this.unitType === 'contractor') return contractorId == null ? [] : [contractorId];
    return this.parents.get(`${targetType}:${targetId}`) ?? [];
  }
}

/** Every live unit of the type in the period, in official order (streets, then villages; contracts by number). */
export async function liveUnits(tx: Tx, unitType: RankUnitType, category: SchemeCategory, months: string[]): Promise<LiveUnit[]> {
  const first = `${months[0]}-01`;
  const last = lastDayOfMonth(months[months.length - 1]);
  const scope = SCOPE_FOR_CATEGORY[category];
  const running = `c.deleted_at IS NULL AND c.status <> 'draft' AND c.start_date <= ?2 AND c.end_date >= ?1
    AND b.deleted_at IS NULL AND (?3 IS NULL OR EXISTS (SELECT 1 FROM json_each(b.scope_types) j WHERE j.value = ?3))`;
  let rows: Array<{ id: number; name: string }>;
  switch (unitType) {
    case 'street':
      rows = await tx.all('SELECT id, name FROM streets WHERE deleted_at IS NULL AND active = 1 ORDER BY sort_order, id');
      break;
    case 'community':
      rows = await tx.all(
        `SELECT c.id, c.name FROM communities c JOIN streets s ON s.id = c.street_id
          WHERE c.deleted_at IS NULL AND c.active = 1 ORDER BY s.sort_order, c.sort_order, c.id`,
      );
      break;
    case 'toilet':
      rows = await tx.all(
        `SELECT t.id, t.name FROM toilets t JOIN streets s ON s.id = t.street_id
          WHERE t.deleted_at IS NULL AND t.status = 'inUse' ORDER BY s.sort_order, t.code`,
      );
      break;
    case 'estate':
      rows = await tx.all(
        `SELECT e.id, e.name FROM estates e JOIN communities c ON c.id = e.community_id JOIN streets s ON s.id = c.street_id
          WHERE e.deleted_at IS NULL ORDER BY s.sort_order, c.sort_order, e.code`,
      );
      break;
    case 'section':
      rows = await tx.all(
        `SELECT b.id, b.name FROM bid_sections b JOIN contracts c ON c.id = b.contract_id WHERE ${running} ORDER BY c.contract_no, b.section_no`,
        [first, last, scope],
      );
      break;
    case 'contractor':
      rows = (
        await tx.all<{ id: number; name: string }>(
          `SELECT DISTINCT k.id, k.name FROM contractors k JOIN contracts c ON c.lead_contractor_id = k.id JOIN bid_sections b ON b.contract_id = c.id
            WHERE k.deleted_at IS NULL AND ${running}`,
          [first, last, scope],
        )
      ).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
      break;
  }
  return rows.map((r, i) => ({ id: r.id, name: r.name, sortOrder: i + 1 }));
}

/** Current names of ranked units that are not targets (streets, communities, contractors) by id. */
export async function unitNames(tx: Tx, unitType: RankUnitType, ids: number[]): Promise<Map<number, string>> {
  const table = { street: 'streets', community: 'communities', contractor: 'contractors', section: 'bid_sections', toilet: 'toilets', estate: 'estates' }[unitType];
  const rows = await tx.all<{ id: number; name: string }>(`SELECT id, name FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`, [JSON.stringify(ids)]);
  return new Map(rows.map((r) => [r.id, r.name]));
}

export interface TargetFindings {
  targetType: TargetType;
  targetId: number;
  contractorId: number | null;
  /** In inspection order; the item's section, and the finding's description or else the item's title. */
  findings: Array<{ section: string; text: string }>;
}

/**
 * The counted findings of the months under the families, per target (and contractor it was scored under), in
 * inspection order; bonus items are not problems. SQLite groups them: one row per target instead of one per finding.
 */
export async function periodFindings(tx: Tx, months: string[], familyIds: number[], schemes = new SchemeCache(tx)): Promise<TargetFindings[]> {
  const rows = await tx.all<{ targetType: TargetType; targetId: number; contractorId: number | null; schemeId: number; list: string }>(
    `SELECT targetType, targetId, contractorId, schemeId, json_group_array(json_array(itemCode, description)) AS list
       FROM (SELECT i.target_type AS targetType, i.target_id AS targetId, i.contractor_id AS contractorId, i.scheme_id AS schemeId,
                    f.item_code AS itemCode, f.description
               FROM inspections i JOIN findings f ON f.inspection_id = i.id
              WHERE i.month IN (SELECT value FROM json_each(?1)) AND i.superseded_by IS NULL AND i.excluded = 0 AND i.status IN ('approved', 'locked')
                AND i.scheme_id IN (SELECT id FROM assessment_schemes WHERE family_id IN (SELECT value FROM json_each(?2)))
              ORDER BY i.date, i.id, f.seq)
      GROUP BY targetType, targetId, contractorId, schemeId`,
    [JSON.stringify(months), JSON.stringify(familyIds)],
  );
  const items = new Map<number, Map<string, { section: string; title: string; bonus: boolean }>>();
  for (const id of new Set(rows.map((r) => r.schemeId))) {
    const scheme = await schemes.get(id);
    items.set(id, new Map((scheme?.def.items ?? []).map((i) => [i.code.trim().toUpperCase(), { section: i.section, title: i.title, bonus: i.bonus }])));
  }
  return rows.map((r) => {
    const byCode = items.get(r.schemeId);
    const findings: TargetFindings['findings'] = [];
    for (const [code, description] of JSON.parse(r.list) as Array<[string, string | null]>) {
      const item = byCode?.get(code.trim().toUpperCase());
      if (!item?.bonus) findings.push({ section: item?.section ?? '', text: description?.trim() || item?.title || code });
    }
    return { targetType: r.targetType, targetId: r.targetId, contractorId: r.contractorId, findings };
  });
}

/** Contract → lead contractor, for the money a contractor's contracts had withheld. */
export async function contractLeads(tx: Tx, contractIds: number[]): Promise<Map<number, number>> {
  const rows = await tx.all<{ id: number; lead: number }>(
    'SELECT id, lead_contractor_id AS lead FROM contracts WHERE id IN (SELECT value FROM json_each(?))',
    [JSON.stringify(contractIds)],
  );
  return new Map(rows.map((r) => [r.id, r.lead]));
}

/** Refusal for a category no scheme assesses, naming the categories that have schemes. */
export async function unknownCategory(tx: Tx, category: string): Promise<ApiError> {
  const known = Object.keys(await categoryUnitTypes(tx))
    .map((c) => SCHEME_VOCABULARY.category[c as SchemeCategory])
    .join('、');
  return new ApiError(
    'validation',
    `没有考核类别为“${category}”的考核细则(现有类别:${known})。外部考核的成绩表请用“外部成绩导入”(scores import)导入。`,
    { category: '没有这个考核类别' },
  );
}
