/**
 * The toilet ledger's rules beyond single fields (DOMAIN §2.7, §7 E1/E10): references, class and type,
 * coordinates, months, code uniqueness, and the warnings a saved row may carry.
 */
import { contractorStatusLabel, loadContractorIndex, resolveContractorRef, type ContractorIndex } from '../contractors/lookup';
import { contractStatusLabel, loadSectionIndex, type SectionIndex } from '../contracts/lookup';
import type { FieldErrors } from '../errors';
import type { Values, Warning } from '../ledger/record';
import type { RuleOutcome } from '../ledger/service';
import type { Tx } from '../sqlite';
import { checkCoordinates } from '../geo/coords';
import { loadGeoIndex, type GeoIndex } from '../geo/geo';
import { parseOpenHours } from './hours';

/**
 * What the toilet rules need, loaded once per write or bulk load: streets and communities, contractors, bid
 * sections with their contracts, and which toilets already point at a contractor that is no longer active
 * (an existing link may stay while the clerk sorts it out; a new one may not be made).
 */
export interface ToiletContext extends GeoIndex {
  contractors: ContractorIndex;
  sections: SectionIndex;
  inactiveLinks: Map<number, number>;
}

export async function loadToiletContext(tx: Tx): Promise<ToiletContext> {
  const geo = await loadGeoIndex(tx);
  const inactive = await tx.all<{ id: number; contractorId: number }>(
    `SELECT t.id, t.manager_contractor_id AS contractorId FROM toilets t
       JOIN contractors c ON c.id = t.manager_contractor_id
      WHERE t.deleted_at IS NULL AND c.status <> 'active'`,
  );
  return Object.assign(geo, {
    contractors: await loadContractorIndex(tx),
    sections: await loadSectionIndex(tx),
    inactiveLinks: new Map(inactive.map((r) => [r.id, r.contractorId])),
  });
}

/** CJJ 14-2016 took effect 2016-12-01: newer toilets need female:male ≥ 3:2 (warning only). */
const NEW_BUILD_FROM = '2016-12';
const NEAR_METRES = 5;

export function femaleToMaleRatio(v: Values): number | null {
  const male = Number(v.maleSquat ?? 0) + Number(v.maleSit ?? 0) + Number(v.urinals ?? 0);
  const female = Number(v.femaleSquat ?? 0) + Number(v.femaleSit ?? 0);
  return male > 0 ? female / male : null;
}

/**
 * Street, community, managing contractor and bid section given by name (CLI, pasted text, imports, demo
 * data) become ids; unknown names are errors.
 */
export function resolveRefs(values: Values, geo: ToiletContext, errors: FieldErrors): void {
  if (typeof values.streetId === 'string') {
    const id = geo.streetIdByName(values.streetId);
    if (id != null) values.streetId = id;
    else errors.streetId = `没有名为“${values.streetId}”的街道(镇),请从列表中选择`;
  }
  if (typeof values.communityId === 'string') {
    const streetId = typeof values.streetId === 'number' ? values.streetId : null;
    const id = geo.communityIdByName(streetId, values.communityId);
    if (id != null) values.communityId = id;
    else errors.communityId = `所属街道中没有名为“${values.communityId}”的社区(村),请从列表中选择`;
  }
  resolveContractorRef(geo.contractors, values, 'managerContractorId', errors);
  if (typeof values.bidSectionId === 'string') {
    const contractorId = typeof values.managerContractorId === 'number' ? values.managerContractorId : null;
    const found = geo.sections.candidates(values.bidSectionId, contractorId);
    if (found.length === 1) values.bidSectionId = found[0].id;
    else if (found.length > 1) {
      errors.bidSectionId = `“${values.bidSectionId}”可指 ${found.map((s) => s.label).join('、')},请写“合同编号 标段”`;
    } else errors.bidSectionId = `没有找到标段“${values.bidSectionId}”,请写“合同编号 标段”(如 HJ-2024-001 一标段)或从列表中选择`;
  }
}

/**
 * The managing contractor must exist and be active (a link made before it was suspended may stay, with a
 * warning); the bid section must belong to a contract of that contractor; a contract not in force is a warning.
 */
function checkLinks(v: Values, context: ToiletContext, selfId: number | null, errors: FieldErrors, warnings: Warning[]): void {
  const contractorId = typeof v.managerContractorId === 'number' ? v.managerContractorId : null;
  const contractor = contractorId == null ? undefined : context.contractors.byId.get(contractorId);
  if (contractorId != null && !contractor) errors.managerContractorId = '所选管理单位不存在或已删除,请从列表中选择';
  if (contractor && contractor.status !== 'active') {
    const status = contractorStatusLabel(contractor.status);
    if (selfId != null && context.inactiveLinks.get(selfId) === contractor.id) {
      warnings.push({ field: 'managerContractorId', message: `管理单位“${contractor.name}”的状态为“${status}”,请尽快改派其他单位` });
    } else {
      errors.managerContractorId = `管理单位“${contractor.name}”的状态为“${status}”,不能指派公厕;请选择状态正常的单位`;
    }
  }
  if (typeof v.bidSectionId !== 'number') return;
  const section = context.sections.byId.get(v.bidSectionId);
  if (!section) {
    errors.bidSectionId = '所选保洁标段不存在或已删除,请从列表中选择';
    return;
  }
  const contract = context.sections.contracts.byId.get(section.contractId)!;
  const lead = context.contractors.byId.get(contract.leadContractorId);
  if (contractor && !contract.contractorIds.includes(contractor.id)) {
    errors.bidSectionId = `标段 ${section.label} 的作业单位是“${lead?.name ?? '其他单位'}”,不是管理单位“${contractor.name}”;请核对管理单位或标段`;
  } else if (contractorId == null) {
    warnings.push({ field: 'managerContractorId', message: `保洁标段 ${section.label} 的作业单位是“${lead?.name ?? ''}”,管理单位未填写` });
  }
  if (contract.status !== 'active') {
    warnings.push({ field: 'bidSectionId', message: `标段所属合同 ${contract.contractNo} 的状态为“${contractStatusLabel(contract.status)}”,不在履行中` });
  }
}


/**
 * The rules one record can be checked against by itself (no other toilet involved): references, class and
 * type, opening hours, coordinates, months, and the per-row warnings. Rewrites `openHours` to its canonical
 * text. Used by single writes and by bulk loads alike.
 */
export function checkToiletRecord(v: Values, geo: ToiletContext, selfId: number | null): RuleOutcome {
  const errors: FieldErrors = {};
  const warnings: Warning[] = [];

  if (typeof v.streetId === 'number' && !geo.streets.has(v.streetId)) errors.streetId = '所选街道不存在或已删除';
  if (typeof v.communityId === 'number') {
    const community = geo.communities.get(v.communityId);
    if (!community) errors.communityId = '所选社区(村)不存在或已删除';
    else if (typeof v.streetId === 'number' && community.streetId !== v.streetId) {
      errors.communityId = '该社区(村)不属于所选街道,请重新选择社区或街道';
    }
  }
  if (v.type === 'attached' && v.class === 3) errors.class = '附属式公厕只能是一类或二类';
  if ((v.type === 'standalone' || v.type === 'attached') && v.class == null) {
    errors.class = '独立式和附属式公厕必须填写类别(一类、二类或三类)';
  }
  if (v.mobileSubtype != null && v.type !== 'mobile') errors.mobileSubtype = '只有活动式公厕才填写活动式类型';

  if (typeof v.openHours === 'string') {
    const hours = parseOpenHours(v.openHours);
    if (hours.ok) v.openHours = hours.text;
    else errors.openHours = hours.message;
  }

  checkCoordinates(v, errors, warnings);

  if (typeof v.constructionMonth === 'string' && typeof v.commissionedMonth === 'string' && v.constructionMonth > v.commissionedMonth) {
    errors.commissionedMonth = `启用年月(${v.commissionedMonth})不能早于开工年月(${v.constructionMonth})`;
  }

  checkLinks(v, geo, selfId, errors, warnings);

  // Warnings: saved, but worth a look.
  if (v.class === 1 && v.accessibleStalls === 0) {
    warnings.push({ field: 'accessibleStalls', message: '一类公厕应设无障碍厕位' });
  }
  if (v.class === 1 && v.type !== 'mobile' && v.familyRestroom === false) {
    warnings.push({ field: 'familyRestroom', message: '一类公厕应设第三卫生间(CJJ 14-2016)' });
  }
  const ratio = femaleToMaleRatio(v);
  if (ratio != null && ratio < 1.5 && typeof v.commissionedMonth === 'string' && v.commissionedMonth >= NEW_BUILD_FROM) {
    warnings.push({
      field: 'femaleSquat',
      message: `2016年12月后启用的公厕女男厕位比应不低于 3:2,当前为 ${ratio.toFixed(2)}(是否把女厕位填到了男厕位列?)`,
    });
  }
  return { errors, warnings };
}

/**
 * The rules that look at the other toilets of the ledger (code uniqueness is the ledger service's natural-key
 * rule): a twin name in the same community, a neighbour closer than 5 m. `selfId` keeps a row from matching itself.
 */
export async function checkToiletAgainstLedger(tx: Tx, v: Values, selfId: number | null, outcome: RuleOutcome): Promise<void> {
  const { errors, warnings } = outcome;
  const lat = v.lat as number | null;
  const lng = v.lng as number | null;
  if (typeof v.name === 'string' && v.communityId != null) {
    const twin = await tx.get<{ code: string }>(
      'SELECT code FROM toilets WHERE name = ? AND community_id = ? AND deleted_at IS NULL AND id IS NOT ?',
      [v.name, v.communityId as number, selfId],
    );
    if (twin) warnings.push({ field: 'name', message: `同一社区已有同名公厕(编号 ${twin.code}),请确认不是重复录入` });
  }
  if (lat != null && lng != null && !errors.lat && !errors.lng) {
    // ~5 m box first (cheap), then the real distance.
    const dLat = NEAR_METRES / 111_320;
    const dLng = dLat / Math.cos((lat * Math.PI) / 180);
    const near = await tx.all<{ code: string; lat: number; lng: number }>(
      `SELECT code, lat, lng FROM toilets
        WHERE deleted_at IS NULL AND id IS NOT ? AND lat BETWEEN ? AND ? AND lng BETWEEN ? AND ?`,
      [selfId, lat - dLat, lat + dLat, lng - dLng, lng + dLng],
    );
    const close = near.find((n) => distanceMetres(lat, lng, n.lat, n.lng) < NEAR_METRES);
    if (close) warnings.push({ field: 'lat', message: `与公厕 ${close.code} 相距不到 ${NEAR_METRES} 米,请确认坐标` });
  }
}

function distanceMetres(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const r = 6_371_000;
  const toRad = (d: number) => (d * Math.PI) / 180;
  const dLat = toRad(lat2 - lat1);
  const dLng = toRad(lng2 - lng1);
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(toRad(lat1)) * Math.cos(toRad(lat2)) * Math.sin(dLng / 2) ** 2;
  return 2 * r * Math.asin(Math.sqrt(a));
}
