/**
 * The street/town ledger (街道/镇, DOMAIN §2.1): statistical codes, kinds, the official order bulletins list
 * units in, short names and aliases, population and area. Reading and writing follow the shared ledger service.
 */
import type { FieldErrors } from '../errors';
import type { FieldDef } from '../fields';
import type { RowMeta, Values, Warning } from '../ledger/record';
import { LedgerService, type RuleOutcome } from '../ledger/service';
import type { Tx } from '../sqlite';
import { claimUnitNames, loadGeoLedgerContext, type GeoLedgerContext } from './context';
import { STREET_KIND_LABELS, type StreetKind } from './geo';

export const STREET_KINDS = Object.entries(STREET_KIND_LABELS).map(([value, label]) => ({ value, label }));

export const STREET_FIELDS: FieldDef[] = [
  {
    key: 'code',
    column: 'code',
    label: '街道编号',
    kind: 'code',
    required: true,
    hint: '9 位统计用区划代码(6 位区县代码 + 3 位乡镇街道代码),如 330106001',
    headerAliases: ['街道代码', '街道编码', '区划代码', '统计用区划代码', '乡镇代码', '编号', '代码'],
  },
  {
    key: 'name',
    column: 'name',
    label: '街道名称',
    kind: 'text',
    required: true,
    hint: '全区唯一,如 蒋村街道、丰州镇',
    headerAliases: ['街道', '街道(镇)', '街道/镇', '乡镇(街道)', '乡镇街道', '镇街', '名称', '单位名称'],
  },
  { key: 'kind', column: 'kind', label: '类型', kind: 'enum', required: true, options: STREET_KINDS, headerAliases: ['类别', '街道类型', '单位类型'] },
  { key: 'shortName', column: 'short_name', label: '简称', kind: 'text', hint: '通报里用的简称,如“新华”', headerAliases: ['通报简称', '简写'] },
  {
    key: 'aliases',
    column: 'aliases',
    label: '别名',
    kind: 'list',
    hint: '全称、曾用名等,用“、”分隔;导入时也按这些名字识别',
    headerAliases: ['曾用名', '其他名称', '别称'],
  },
  {
    key: 'sortOrder',
    column: 'sort_order',
    label: '排列顺序',
    kind: 'int',
    min: 1,
    max: 9999,
    hint: '通报和报表按此官方顺序排列;不填则排在最后',
    headerAliases: ['序号', '排序', '顺序', '排列序号'],
  },
  { key: 'population', column: 'population', label: '人口', unit: '人', kind: 'int', min: 0, max: 10_000_000, headerAliases: ['常住人口', '人口数', '户籍人口'] },
  {
    key: 'areaKm2',
    column: 'area_km2',
    label: '面积',
    unit: 'km²',
    kind: 'decimal',
    min: 0.01,
    max: 100_000,
    scale: 2,
    headerAliases: ['面积(km²)', '面积(km2)', '面积(平方公里)', '辖区面积'],
  },
  { key: 'communityCount', column: '', label: '社区(村)数', unit: '个', kind: 'int', derived: true },
  { key: 'households', column: '', label: '户数', unit: '户', kind: 'int', derived: true, hint: '所属社区(村)户数合计' },
  {
    key: 'active',
    column: 'active',
    label: '启用',
    kind: 'bool',
    required: true,
    default: true,
    hint: '撤并的街道改为“否”(停用),不要删除;停用前先把社区(村)和公厕划转到其他街道',
    headerAliases: ['是否启用', '在用'],
  },
];

export interface StreetRecord extends RowMeta {
  code: string;
  name: string;
  kind: StreetKind;
  shortName: string | null;
  aliases: string[];
  sortOrder: number;
  population: number | null;
  areaKm2: number | null;
  communityCount: number;
  households: number | null;
  active: boolean;
}

export interface StreetFilter {
  kind?: StreetKind;
  active?: boolean;
  q?: string;
  includeDeleted?: boolean;
}

const DISTRICT_DIGITS = 6;

/** The first six digits most streets of the district share (the county code), if any street exists. */
function districtPrefix(context: GeoLedgerContext, selfId: number | null): string | null {
  const counts = new Map<string, number>();
  for (const s of context.geo.streets.values()) {
    if (s.id === selfId) continue;
    const p = s.code.slice(0, DISTRICT_DIGITS);
    counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const [p, n] of counts) if (best == null || n > counts.get(best)!) best = p;
  return best;
}

export function checkStreetRecord(v: Values, context: GeoLedgerContext, selfId: number | null): RuleOutcome {
  const errors: FieldErrors = {};
  const warnings: Warning[] = [];
  const code = typeof v.code === 'string' ? v.code : null;
  if (code != null && !/^\d{9}$/.test(code)) {
    errors.code = `街道编号应为 9 位数字(6 位区县代码 + 3 位乡镇街道代码),如 330106001;“${code}”不符合`;
  } else if (code != null) {
    const prefix = districtPrefix(context, selfId);
    if (prefix && code.slice(0, DISTRICT_DIGITS) !== prefix) {
      warnings.push({ field: 'code', message: `编号前 6 位(${code.slice(0, DISTRICT_DIGITS)})与本区其他街道(${prefix})不同,请核对区县代码` });
    }
    const stored = selfId == null ? undefined : context.geo.streets.get(selfId);
    if (stored && stored.code !== code) {
      const stale = [...context.geo.communities.values()].filter((c) => c.streetId === selfId && c.code.slice(0, 9) === stored.code);
      if (stale.length) {
        warnings.push({
          field: 'code',
          message: `街道编号改为 ${code} 后,${stale.length} 个社区(村)的编号仍以旧编号 ${stored.code} 开头,请逐个改为以 ${code} 开头`,
        });
      }
    }
  }

  claimUnitNames(v, context.streetNames, '', selfId ?? `new:${(context.newRows += 1)}`, '街道', errors);

  if (v.sortOrder == null) {
    v.sortOrder = context.nextStreetOrder;
    context.nextStreetOrder += 1;
  } else if (typeof v.sortOrder === 'number') {
    context.nextStreetOrder = Math.max(context.nextStreetOrder, v.sortOrder + 1);
  }

  // Deactivating a street that still has active communities or toilets in use is refused, not merely warned:
  // bulletins, rankings and the dashboard list only active units, so those communities' estates and those
  // toilets would silently drop out of every street-level table while still being scored. After 撤乡并镇 the
  // office first transfers them to the street that takes over (one batch edit), then deactivates the old one.
  if (v.active === false && selfId != null) {
    const communities = [...context.geo.communities.values()].filter((c) => c.streetId === selfId && c.active).length;
    const toilets = context.toiletsByStreet.get(selfId) ?? 0;
    if (communities || toilets) {
      const what = [communities ? `${communities} 个启用中的社区(村)` : '', toilets ? `${toilets} 座未拆除的公厕` : ''].filter(Boolean).join('和 ');
      errors.active = `该街道下还有 ${what},不能停用。请先把它们划转到接管的街道(或停用社区),再停用本街道`;
    }
  }
  return { errors, warnings };
}

/** A street with communities or toilets is never deleted (history): it is deactivated after they move. */
async function checkStreetDelete(tx: Tx, row: StreetRecord): Promise<string | null> {
  const { communities, toilets } = (await tx.get<{ communities: number; toilets: number }>(
    `SELECT (SELECT count(*) FROM communities WHERE street_id = ?1 AND deleted_at IS NULL) AS communities,
            (SELECT count(*) FROM toilets WHERE street_id = ?1 AND deleted_at IS NULL) AS toilets`,
    [row.id],
  ))!;
  if (!communities && !toilets) return null;
  const what = [communities ? `${communities} 个社区(村)` : '', toilets ? `${toilets} 座公厕` : ''].filter(Boolean).join('、');
  return `街道“${row.name}”下还有 ${what},不能删除。撤并的街道请把“启用”改为“否”;误建的街道请先把这些记录划转到正确的街道`;
}

export const streets = new LedgerService<StreetRecord, GeoLedgerContext>({
  entity: 'street',
  prefix: 'streets',
  noun: '街道',
  title: '街道(镇)台账',
  table: 'streets',
  fields: STREET_FIELDS,
  from: 'FROM streets t',
  extraSelect: `(SELECT count(*) FROM communities c WHERE c.street_id = t.id AND c.deleted_at IS NULL) AS communityCount,
    (SELECT sum(c.households) FROM communities c WHERE c.street_id = t.id AND c.deleted_at IS NULL) AS households`,
  orderBy: 't.sort_order, t.id',
  filters: { kind: 't.kind', active: 't.active' },
  searchColumns: ['t.code', 't.name', 't.short_name', 't.aliases'],
  naturalKey: 'code',
  uniqueKeys: [['name']],
  loadContext: loadGeoLedgerContext,
  checkRecord: checkStreetRecord,
  checkDelete: checkStreetDelete,
});
