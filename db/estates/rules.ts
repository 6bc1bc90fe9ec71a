/**
 * The estate ledger's rules beyond single fields (DOMAIN §2.2, §7 E1/E10): the community reference, property
 * company, dates not in the future, what each status requires (drop-off points, a sorting mode, a date, a
 * level), drop-off hours, coordinates, and the warnings a saved row may carry.
 */
import { checkUscc } from '../contractors/uscc';
import type { FieldErrors } from '../errors';
import { checkCoordinates } from '../geo/coords';
import { loadGeoIndex, type GeoIndex } from '../geo/geo';
import { resolveCommunityName } from '../geo/refs';
import type { Values, Warning } from '../ledger/record';
import type { RuleOutcome } from '../ledger/service';
import type { Tx } from '../sqlite';
import { parseOpenHours } from '../toilets/hours';
import { statusLabel, STATUS_RANK, type EstateStatus } from './fields';

/** Households above which an "estate" is probably several estates typed as one [D]. */
export const LARGE_ESTATE_HOUSEHOLDS = 5000;
/** Rule of thumb: one drop-off point per 300–500 households [S:W23]; one building rarely holds more than 500. */
export const HOUSEHOLDS_PER_POINT_MAX = 500;
export const HOUSEHOLDS_PER_BUILDING_MAX = 500;

export interface EstateContext {
  geo: GeoIndex;
  /** Today as YYYY-MM-DD in local time (the office's calendar). */
  today: string;
  /** Every code in the table (deleted rows too) and those given out during this load: new codes avoid them. */
  codes: Set<string>;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Today's date as the office's calendar shows it (local time), YYYY-MM-DD. */
export function localToday(now = new Date()): string {
  return `${now.getFullYear()}-${pad2(now.getMonth() + 1)}-${pad2(now.getDate())}`;
}

export async function loadEstateContext(tx: Tx): Promise<EstateContext> {
  const codes = new Set((await tx.all<{ code: string }>('SELECT code FROM estates')).map((r) => r.code));
  return { geo: await loadGeoIndex(tx), today: localToday(), codes };
}

/**
 * A code for a new estate whose sheet has none (the §5.3 ledger layout has no code column): `XQ-` + the
 * community's street and community digits + a number within the community, e.g. XQ-001002-01.
 */
function nextEstateCode(communityCode: string, codes: Set<string>): string {
  const prefix = `XQ-${communityCode.slice(6)}-`;
  let n = 1;
  while (codes.has(`${prefix}${String(n).padStart(2, '0')}`)) n += 1;
  return `${prefix}${String(n).padStart(2, '0')}`;
}

/** The community given by name (CLI, pasted text, imports) becomes its id; unknown or ambiguous names are errors. */
export function resolveEstateRefs(values: Values, context: EstateContext, errors: FieldErrors): void {
  if (typeof values.communityId !== 'string') return;
  const resolved = resolveCommunityName(context.geo, values.communityId);
  if (resolved.ok) values.communityId = resolved.id;
  else errors.communityId = resolved.message;
}

const ESTATE_CODE = /^[A-Z0-9]+(?:-[A-Z0-9]+)*$/;

/** What a status at or above pilot requires of the record; used on every write and by the decision method. */
function checkStatusRequirements(v: Values, errors: FieldErrors, today: string): void {
  const status = v.status as EstateStatus | null;
  if (status == null) return;
  const sorting = STATUS_RANK[status] >= STATUS_RANK.pilot;
  const label = statusLabel(status);
  if (sorting) {
    if (typeof v.dropOffPoints === 'number' && v.dropOffPoints < 1) {
      errors.dropOffPoints = `“${label}”小区至少要有 1 个投放点,请填写投放点数量`;
    }
    if (v.sortingMode === 'none') errors.sortingMode = `“${label}”小区已开展分类,分类模式不能为“无”,请选择定时定点等模式`;
    if (v.statusSince == null) errors.statusSince = `“${label}”小区必须填写命名时间`;
  } else if (v.statusLevel != null) {
    errors.statusLevel = '未开展分类的小区没有命名级别,请清空';
  }
  if (status === 'demonstration' && v.statusLevel == null) errors.statusLevel = '示范小区必须填写命名级别(区级、市级或省级)';
  if (status === 'provincialHighStandard') {
    if (v.statusLevel == null) v.statusLevel = 'province';
    else if (v.statusLevel !== 'province') errors.statusLevel = '省级高标准示范小区的命名级别只能是省级';
  }
  if (typeof v.statusSince === 'string' && v.statusSince > today) errors.statusSince = `命名时间 ${v.statusSince} 晚于今天(${today}),请核对`;
}

/**
 * The rules one record can be checked against by itself: references, status requirements, dates, the
 * property company, drop-off hours, coordinates and the per-row warnings. Rewrites `dropOffHours` and the
 * credit code to their canonical text. Used by single writes, batches, bulk loads and decisions alike.
 */
export function checkEstateRecord(v: Values, context: EstateContext, selfId: number | null): RuleOutcome {
  const errors: FieldErrors = {};
  const warnings: Warning[] = [];
  const { today } = context;
  const community = typeof v.communityId === 'number' ? context.geo.communities.get(v.communityId) : undefined;

  if (v.code == null && selfId != null) errors.code = '小区编号不能清空';
  else if (v.code == null && community) v.code = nextEstateCode(community.code, context.codes);
  if (typeof v.code === 'string') context.codes.add(v.code);
  if (typeof v.code === 'string' && !ESTATE_CODE.test(v.code)) {
    errors.code = `小区编号只能由大写英文字母、数字和“-”组成,如 XH-JC-0012;“${v.code}”不符合`;
  } else if (typeof v.code === 'string' && v.code.length > 32) {
    errors.code = '小区编号最多 32 个字符';
  }

  if (typeof v.communityId === 'number') {
    if (!community) errors.communityId = '所选社区(村)不存在或已删除';
    else if (!community.active) errors.communityId = `社区(村)“${community.name}”已停用,请选择接管它的社区(村)`;
  }

  const households = typeof v.households === 'number' ? v.households : null;
  const buildings = typeof v.buildings === 'number' ? v.buildings : null;
  if (households != null && households > LARGE_ESTATE_HOUSEHOLDS) {
    warnings.push({ field: 'households', message: `户数 ${households} 超过 ${LARGE_ESTATE_HOUSEHOLDS},请核对是否把几个小区合成了一行` });
  }
  if (households != null && buildings != null && households / buildings > HOUSEHOLDS_PER_BUILDING_MAX) {
    warnings.push({
      field: 'buildings',
      message: `平均每栋 ${Math.round(households / buildings)} 户,超过 ${HOUSEHOLDS_PER_BUILDING_MAX} 户,请核对户数或楼栋数`,
    });
  }
  if (households != null && typeof v.residents === 'number' && v.residents > 0 && v.residents < households) {
    warnings.push({ field: 'residents', message: `人口 ${v.residents} 少于户数 ${households},请核对是否填反` });
  }
  if (typeof v.completionYear === 'number' && v.completionYear > Number(today.slice(0, 4))) {
    errors.completionYear = `建成年份 ${v.completionYear} 还没到,请核对`;
  }

  if (v.managed === true && v.propertyCompanyName == null) {
    errors.propertyCompanyName = '物业小区必须填写物业公司;没有物业服务的小区请把“物业小区”改为“否”';
  }
  if (v.managed === false && v.propertyCompanyName != null) {
    warnings.push({ field: 'managed', message: '填写了物业公司,但“物业小区”为“否”,请确认' });
  }
  if (typeof v.propertyCompanyUscc === 'string') {
    const uscc = checkUscc(v.propertyCompanyUscc);
    v.propertyCompanyUscc = uscc.code;
    // A failed check character is only a warning: real registered codes exist that fail it (DOMAIN §7 E2).
    if (!uscc.ok && uscc.problem === 'checkChar') warnings.push({ field: 'propertyCompanyUscc', message: uscc.message });
    else if (!uscc.ok) errors.propertyCompanyUscc = uscc.message;
  }

  if (typeof v.sortingStartDate === 'string' && v.sortingStartDate > today) {
    errors.sortingStartDate = `开展分类时间 ${v.sortingStartDate} 晚于今天(${today}),请填写实际开始的日期`;
  }
  checkStatusRequirements(v, errors, today);
  if (typeof v.statusSince === 'string' && typeof v.sortingStartDate === 'string' && v.statusSince < v.sortingStartDate) {
    warnings.push({ field: 'statusSince', message: `命名时间 ${v.statusSince} 早于开展分类时间 ${v.sortingStartDate},请核对` });
  }

  const points = typeof v.dropOffPoints === 'number' ? v.dropOffPoints : null;
  if (points != null && typeof v.offHoursPoints === 'number' && v.offHoursPoints > points) {
    errors.offHoursPoints = `误时投放点(${v.offHoursPoints} 个)不能多于定时定点投放点(${points} 个)`;
  }
  if (points && households != null && households / points > HOUSEHOLDS_PER_POINT_MAX) {
    warnings.push({
      field: 'dropOffPoints',
      message: `每个投放点服务 ${Math.round(households / points)} 户,超过 ${HOUSEHOLDS_PER_POINT_MAX} 户,建议增设投放点`,
    });
  }
  if (v.sortingMode === 'scheduled' && points && typeof v.supervisors === 'number' && v.supervisors < points) {
    warnings.push({ field: 'supervisors', message: `定时定点小区的督导员(${v.supervisors} 人)少于投放点(${points} 个),投放时段会有点位无人督导` });
  }

  if (typeof v.dropOffHours === 'string') {
    const hours = parseOpenHours(v.dropOffHours);
    if (hours.ok) v.dropOffHours = hours.text;
    else errors.dropOffHours = hours.message.replace('开放时间', '投放时间');
  } else if (v.sortingMode === 'scheduled' && STATUS_RANK[(v.status as EstateStatus | null) ?? 'none'] >= STATUS_RANK.pilot) {
    warnings.push({ field: 'dropOffHours', message: '定时定点小区应填写投放时间,如 07:00-09:00;18:00-20:00' });
  }

  const bins: Array<[string, string]> = [
    ['binsRecyclable', '可回收物桶'],
    ['binsHazardous', '有害垃圾桶'],
    ['binsKitchen', '厨余垃圾桶'],
    ['binsResidual', '其他垃圾桶'],
  ];
  if (bins.some(([k]) => typeof v[k] === 'number' && (v[k] as number) > 0)) {
    const missing = bins.filter(([k]) => !v[k]).map(([, label]) => label);
    if (missing.length) warnings.push({ field: bins.find(([k]) => !v[k])![0], message: `四类垃圾桶未配齐:没有${missing.join('、')}` });
  }

  checkCoordinates(v, errors, warnings);
  return { errors, warnings };
}
