/**
 * The community/village ledger (社区/村, DOMAIN §2.1): 12-digit codes under their street's 9-digit code,
 * kinds, the official order within the street, aliases, households. Reading and writing follow the shared
 * ledger service.
 */
import type { FieldErrors } from '../errors';
import type { FieldDef } from '../fields';
import type { RowMeta, Values, Warning } from '../ledger/record';
import { LedgerService, type RuleOutcome } from '../ledger/service';
import type { Database, Tx } from '../sqlite';
import { claimUnitNames, loadGeoLedgerContext, type GeoLedgerContext } from './context';
import { COMMUNITY_KIND_LABELS, type CommunityKind } from './geo';

export const COMMUNITY_KINDS = Object.entries(COMMUNITY_KIND_LABELS).map(([value, label]) => ({ value, label }));

export const COMMUNITY_FIELDS: FieldDef[] = [
  {
    key: 'code',
    column: 'code',
    label: '社区编号',
    kind: 'code',
    required: true,
    hint: '12 位统计用区划代码,前 9 位与所属街道编号相同,如 330106001002',
    headerAliases: ['社区代码', '社区编码', '村(居)代码', '区划代码', '统计用区划代码', '编号', '代码'],
  },
  {
    key: 'name',
    column: 'name',
    label: '社区名称',
    kind: 'text',
    required: true,
    hint: '同一街道内唯一,如 丰州社区、燎原村',
    headerAliases: ['社区', '社区(村)', '村(居)', '村(社区)', '社区/村', '村', '村(居)委会', '名称'],
  },
  { key: 'kind', column: 'kind', label: '类型', kind: 'enum', required: true, options: COMMUNITY_KINDS, headerAliases: ['类别', '社区类型', '村居类型'] },
  {
    key: 'streetId',
    column: 'street_id',
    label: '所属街道',
    kind: 'ref',
    ref: 'streets',
    required: true,
    headerAliases: ['街道', '街道(镇)', '街道/镇', '乡镇(街道)', '镇街', '所属镇街', '所属乡镇'],
  },
  { key: 'aliases', column: 'aliases', label: '别名', kind: 'list', hint: '曾用名、简称等,用“、”分隔;导入时也按这些名字识别', headerAliases: ['曾用名', '其他名称', '别称', '简称'] },
  {
    key: 'sortOrder',
    column: 'sort_order',
    label: '排列顺序',
    kind: 'int',
    min: 1,
    max: 9999,
    hint: '在所属街道内的官方顺序;不填则排在该街道最后',
    headerAliases: ['序号', '排序', '顺序', '排列序号'],
  },
  { key: 'households', column: 'households', label: '户数', unit: '户', kind: 'int', min: 0, max: 1_000_000, headerAliases: ['总户数', '住户数', '户籍户数', '居民户数'] },
  { key: 'estateCount', column: '', label: '生活小区数', unit: '个', kind: 'int', derived: true },
  {
    key: 'active',
    column: 'active',
    label: '启用',
    kind: 'bool',
    required: true,
    default: true,
    hint: '撤并的社区(村)改为“否”(停用),不要删除',
    headerAliases: ['是否启用', '在用'],
  },
];

export interface CommunityRecord extends RowMeta {
  code: string;
  name: string;
  kind: CommunityKind;
  streetId: number;
  streetName: string;
  aliases: string[];
  sortOrder: number;
  households: number | null;
  estateCount: number;
  active: boolean;
}

export interface CommunityFilter {
  streetId?: number;
  kind?: CommunityKind;
  active?: boolean;
  q?: string;
  includeDeleted?: boolean;
}

function resolveStreet(values: Values, context: GeoLedgerContext, errors: FieldErrors): void {
  if (typeof values.streetId !== 'string') return;
  const id = context.geo.streetIdByName(values.streetId);
  if (id != null) values.streetId = id;
  else errors.streetId = `没有名为“${values.streetId}”的街道(镇),请从列表中选择,或先在街道台账中添加`;
}

export function checkCommunityRecord(v: Values, context: GeoLedgerContext, selfId: number | null): RuleOutcome {
  const errors: FieldErrors = {};
  const warnings: Warning[] = [];
  const street = typeof v.streetId === 'number' ? context.geo.streets.get(v.streetId) : undefined;
  if (typeof v.streetId === 'number' && !street) errors.streetId = '所选街道不存在或已删除';
  if (street && !street.active && v.active !== false) {
    errors.streetId = `街道“${street.name}”已停用,启用中的社区(村)只能属于启用中的街道,请选择接管的街道`;
  }

  const code = typeof v.code === 'string' ? v.code : null;
  if (code != null && !/^\d{12}$/.test(code)) {
    errors.code = `社区编号应为 12 位数字(所属街道的 9 位编号 + 3 位),“${code}”不符合`;
  } else if (code != null && street && code.slice(0, 9) !== street.code) {
    errors.code = `社区编号前 9 位应与所属街道“${street.name}”的编号 ${street.code} 相同,“${code}”的前 9 位是 ${code.slice(0, 9)}`;
  }

  if (street) {
    claimUnitNames(v, context.communityNames, `${street.id}|`, selfId ?? `new:${(context.newRows += 1)}`, '社区(村)', errors);
    if (v.sortOrder == null) {
      v.sortOrder = context.nextCommunityOrder.get(street.id) ?? 1;
      context.nextCommunityOrder.set(street.id, (v.sortOrder as number) + 1);
    } else if (typeof v.sortOrder === 'number') {
      context.nextCommunityOrder.set(street.id, Math.max(context.nextCommunityOrder.get(street.id) ?? 1, v.sortOrder + 1));
    }
  }

  const estates = selfId == null ? undefined : context.estatesByCommunity.get(selfId);
  // Same reasoning as for streets: an inactive community would take its estates and toilets out of every
  // community-level table while they are still inspected, so they move first.
  if (v.active === false && selfId != null) {
    const toilets = context.toiletsByCommunity.get(selfId) ?? 0;
    if (estates?.count || toilets) {
      const what = [estates?.count ? `${estates.count} 个生活小区` : '', toilets ? `${toilets} 座未拆除的公厕` : ''].filter(Boolean).join('和 ');
      errors.active = `该社区(村)下还有 ${what},不能停用。请先把它们划转到接管的社区(村),再停用`;
    }
  }
  if (typeof v.households === 'number' && estates && estates.households > v.households) {
    warnings.push({
      field: 'households',
      message: `户数 ${v.households} 少于本社区(村)生活小区户数合计 ${estates.households},请核对`,
    });
  }
  return { errors, warnings };
}

async function checkCommunityDelete(tx: Tx, row: CommunityRecord): Promise<string | null> {
  const { estates, toilets } = (await tx.get<{ estates: number; toilets: number }>(
    `SELECT (SELECT count(*) FROM estates WHERE community_id = ?1 AND deleted_at IS NULL) AS estates,
            (SELECT count(*) FROM toilets WHERE community_id = ?1 AND deleted_at IS NULL) AS toilets`,
    [row.id],
  ))!;
  if (!estates && !toilets) return null;
  const what = [estates ? `${estates} 个生活小区` : '', toilets ? `${toilets} 座公厕` : ''].filter(Boolean).join('、');
  return `社区(村)“${row.name}”下还有 ${what},不能删除。撤并的社区(村)请把“启用”改为“否”;误建的请先把这些记录划转到正确的社区(村)`;
}

export async function streetNames(db: Database): Promise<Map<number, string>> {
  const rows = await db.read.all<{ id: number; name: string }>('SELECT id, name FROM streets');
  return new Map(rows.map((r) => [r.id, r.name]));
}

export const communities = new LedgerService<CommunityRecord, GeoLedgerContext>({
  entity: 'community',
  prefix: 'communities',
  noun: '社区(村)',
  title: '社区(村)台账',
  table: 'communities',
  fields: COMMUNITY_FIELDS,
  from: 'FROM communities t JOIN streets s ON s.id = t.street_id',
  extraSelect: `s.name AS streetName,
    (SELECT count(*) FROM estates e WHERE e.community_id = t.id AND e.deleted_at IS NULL) AS estateCount`,
  orderBy: 's.sort_order, t.sort_order, t.id',
  filters: { streetId: 't.street_id', kind: 't.kind', active: 't.active' },
  searchColumns: ['t.code', 't.name', 't.aliases', 's.name'],
  naturalKey: 'code',
  uniqueKeys: [['streetId', 'name']],
  loadContext: loadGeoLedgerContext,
  resolveRefs: resolveStreet,
  checkRecord: checkCommunityRecord,
  checkDelete: checkCommunityDelete,
  refNames: (db) => streetNames(db),
});
