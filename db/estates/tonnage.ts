/**
 * The monthly tonnage sheet (生活小区月度分类量报表, DOMAIN §2.2 EstateMonthlyTonnage, Excel layout §5.3): one row
 * per estate and month with the four categories, derived total, kitchen separation rate and per-household
 * quantity, and the plausibility warnings of DOMAIN §7 E10 (a value typed in kg into a tonnes column).
 */
import type { FieldErrors } from '../errors';
import type { FieldDef } from '../fields';
import type { RowMeta, Values, Warning } from '../ledger/record';
import { LedgerService, type RuleOutcome } from '../ledger/service';
import type { Database, Tx } from '../sqlite';
import { normalizeCode, normalizeText } from '../text';
import { localToday } from './rules';

export type TonnageSource = 'weighed' | 'estimated' | 'vehicleAllocated';

export const TONNAGE_SOURCES: Array<{ value: TonnageSource; label: string }> = [
  { value: 'weighed', label: '称重' },
  { value: 'estimated', label: '估算' },
  { value: 'vehicleAllocated', label: '车辆分摊' },
];

/** Plausible household waste per day [D]: outside this band a row is saved with a warning. */
export const PER_HOUSEHOLD_KG_MIN = 0.1;
export const PER_HOUSEHOLD_KG_MAX = 3;

export const TONNAGE_FIELDS: FieldDef[] = [
  {
    key: 'estateId',
    column: 'estate_id',
    label: '小区',
    kind: 'ref',
    ref: 'estates',
    required: true,
    hint: '填小区编号或小区名称(名称在全区重名时填编号)',
    headerAliases: ['小区名称', '小区编号', '小区(编号)', '生活小区', '小区名'],
  },
  { key: 'streetName', column: '', label: '街道', kind: 'text', derived: true, headerAliases: ['所属街道', '街道(镇)', '街道/镇', '镇街'] },
  { key: 'month', column: 'month', label: '月份', kind: 'month', required: true, hint: '如 2024-03;不能填报未来月份', headerAliases: ['统计月份', '年月', '月度', '报表月份'] },
  {
    key: 'recyclableT',
    column: 'recyclable_t',
    label: '可回收物',
    unit: '吨',
    kind: 'decimal',
    required: true,
    min: 0,
    max: 100_000,
    scale: 3,
    headerAliases: ['可回收物(吨)', '可回收物(t)', '可回收物(T)', '可回收垃圾', '可回收垃圾(吨)'],
  },
  {
    key: 'hazardousKg',
    column: 'hazardous_kg',
    label: '有害垃圾',
    unit: '千克',
    kind: 'decimal',
    required: true,
    min: 0,
    max: 1_000_000,
    scale: 2,
    hint: '单位是千克,不是吨',
    headerAliases: ['有害垃圾(千克)', '有害垃圾(kg)', '有害垃圾(KG)', '有害垃圾(公斤)'],
  },
  {
    key: 'kitchenT',
    column: 'kitchen_t',
    label: '厨余垃圾',
    unit: '吨',
    kind: 'decimal',
    required: true,
    min: 0,
    max: 100_000,
    scale: 3,
    headerAliases: ['厨余垃圾(吨)', '厨余垃圾(t)', '湿垃圾', '湿垃圾(吨)', '易腐垃圾', '易腐垃圾(吨)'],
  },
  {
    key: 'residualT',
    column: 'residual_t',
    label: '其他垃圾',
    unit: '吨',
    kind: 'decimal',
    required: true,
    min: 0,
    max: 100_000,
    scale: 3,
    headerAliases: ['其他垃圾(吨)', '其他垃圾(t)', '其它垃圾', '其它垃圾(吨)', '干垃圾', '干垃圾(吨)'],
  },
  { key: 'totalT', column: '', label: '合计', unit: '吨', kind: 'decimal', derived: true, hint: '四类合计,有害垃圾按千克 ÷ 1000 计入', headerAliases: ['合计(吨)', '总量', '总量(吨)'] },
  {
    key: 'kitchenSeparationRate',
    column: '',
    label: '厨余分出率',
    unit: '%',
    kind: 'decimal',
    derived: true,
    hint: '厨余垃圾 ÷(厨余垃圾 + 其他垃圾)',
    headerAliases: ['厨余分出率(%)', '厨余垃圾分出率'],
  },
  {
    key: 'perHouseholdKgPerDay',
    column: '',
    label: '户均日产量',
    unit: '千克/户·天',
    kind: 'decimal',
    derived: true,
    hint: `合计 × 1000 ÷ 户数 ÷ 当月天数;通常在 ${PER_HOUSEHOLD_KG_MIN}–${PER_HOUSEHOLD_KG_MAX} 千克之间`,
  },
  {
    key: 'source',
    column: 'source',
    label: '数据来源',
    kind: 'enum',
    required: true,
    options: TONNAGE_SOURCES,
    headerAliases: ['来源', '计量方式', '数据来源(称重/估算/车辆分摊)'],
  },
  { key: 'remarks', column: 'remarks', label: '备注', kind: 'text', long: true, headerAliases: ['说明'] },
];

export interface EstateTonnage extends RowMeta {
  estateId: number;
  estateName: string;
  estateCode: string;
  estateHouseholds: number;
  communityName: string;
  streetName: string;
  month: string;
  recyclableT: number;
  hazardousKg: number;
  kitchenT: number;
  residualT: number;
  totalT: number;
  kitchenSeparationRate: number | null;
  perHouseholdKgPerDay: number | null;
  source: TonnageSource;
  remarks: string | null;
}

export interface TonnageFilter {
  estateId?: number;
  communityId?: number;
  streetId?: number;
  month?: string;
  source?: TonnageSource;
  q?: string;
  includeDeleted?: boolean;
}

interface EstateRef {
  id: number;
  code: string;
  name: string;
  households: number;
  communityName: string;
  streetName: string;
}

export interface TonnageContext {
  estates: Map<number, EstateRef>;
  byCode: Map<string, number>;
  /** Normalised names and aliases → estates that go by them (several when a name repeats in the district). */
  byName: Map<string, EstateRef[]>;
  /** This month, YYYY-MM (the office's calendar). */
  thisMonth: string;
}

export async function loadTonnageContext(tx: Tx): Promise<TonnageContext> {
  const rows = await tx.all<EstateRef & { aliases: string }>(
    `SELECT e.id, e.code, e.name, e.households, e.aliases, c.name AS communityName, s.name AS streetName
       FROM estates e JOIN communities c ON c.id = e.community_id JOIN streets s ON s.id = c.street_id
      WHERE e.deleted_at IS NULL`,
  );
  const estates = new Map<number, EstateRef>();
  const byCode = new Map<string, number>();
  const byName = new Map<string, EstateRef[]>();
  for (const { aliases, ...e } of rows) {
    estates.set(e.id, e);
    byCode.set(e.code, e.id);
    for (const n of new Set([e.name, ...(JSON.parse(aliases) as string[])].map(normalizeText))) byName.set(n, [...(byName.get(n) ?? []), e]);
  }
  return { estates, byCode, byName, thisMonth: localToday().slice(0, 7) };
}

/** An estate given by code, by name or alias (unique in the district), or as “社区/小区” when the name repeats. */
export function resolveTonnageRefs(values: Values, context: TonnageContext, errors: FieldErrors): void {
  if (typeof values.estateId !== 'string') return;
  const written = values.estateId;
  const byCode = context.byCode.get(normalizeCode(written));
  if (byCode != null) {
    values.estateId = byCode;
    return;
  }
  const text = normalizeText(written);
  let matches = context.byName.get(text) ?? [];
  const qualified = /^(.+?)\s*[/|>·]\s*(.+)$/.exec(text);
  if (!matches.length && qualified) {
    matches = (context.byName.get(qualified[2]) ?? []).filter((e) => e.communityName === qualified[1] || e.streetName === qualified[1]);
  }
  if (matches.length === 1) values.estateId = matches[0].id;
  else if (matches.length > 1) {
    errors.estateId = `有 ${matches.length} 个小区叫“${text}”(${matches.map((e) => `${e.code} ${e.communityName}`).join('、')}),请填写小区编号`;
  } else errors.estateId = `没有编号或名称为“${text}”的生活小区,请填写小区台账中的小区编号或名称`;
}

export function daysInMonth(month: string): number {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

export interface TonnageFigures {
  totalT: number;
  kitchenSeparationRate: number | null;
  perHouseholdKgPerDay: number | null;
}

/** Full-precision derived figures (rounding is for display, done by the caller). */
export function tonnageFigures(v: Values, households: number | null): TonnageFigures {
  const n = (k: string) => (typeof v[k] === 'number' ? (v[k] as number) : 0);
  const totalT = n('recyclableT') + n('hazardousKg') / 1000 + n('kitchenT') + n('residualT');
  const sorted = n('kitchenT') + n('residualT');
  const perHousehold =
    households && typeof v.month === 'string' ? (totalT * 1000) / households / daysInMonth(v.month) : null;
  return {
    totalT,
    kitchenSeparationRate: sorted > 0 ? (n('kitchenT') / sorted) * 100 : null,
    perHouseholdKgPerDay: perHousehold,
  };
}

const TONNE_FIELDS: Array<[key: 'recyclableT' | 'kitchenT' | 'residualT', label: string]> = [
  ['recyclableT', '可回收物'],
  ['kitchenT', '厨余垃圾'],
  ['residualT', '其他垃圾'],
];

export function checkTonnageRecord(v: Values, context: TonnageContext): RuleOutcome {
  const errors: FieldErrors = {};
  const warnings: Warning[] = [];
  const estate = typeof v.estateId === 'number' ? context.estates.get(v.estateId) : undefined;
  if (typeof v.estateId === 'number' && !estate) errors.estateId = '所选小区不存在或已删除';
  if (typeof v.month === 'string' && v.month > context.thisMonth) {
    errors.month = `月份 ${v.month} 还没到(本月是 ${context.thisMonth}),不能填报未来月份`;
  }
  if (!estate || typeof v.month !== 'string') return { errors, warnings };

  const { perHouseholdKgPerDay: perDay } = tonnageFigures(v, estate.households);
  if (perDay == null) return { errors, warnings };
  const shown = perDay >= 10 ? perDay.toFixed(0) : perDay.toFixed(2);
  if (perDay > PER_HOUSEHOLD_KG_MAX) {
    // A value typed in kg into a tonnes column is 1000× too large: the one field whose ÷1000 makes the month
    // plausible is named with the corrected figure.
    const suspect = TONNE_FIELDS.find(([key]) => {
      if (typeof v[key] !== 'number' || (v[key] as number) === 0) return false;
      const fixed = tonnageFigures({ ...v, [key]: (v[key] as number) / 1000 }, estate.households).perHouseholdKgPerDay!;
      return fixed >= PER_HOUSEHOLD_KG_MIN && fixed <= PER_HOUSEHOLD_KG_MAX;
    });
    if (suspect) {
      const [key, label] = suspect;
      const value = v[key] as number;
      warnings.push({
        field: key,
        message: `${label} ${value} 吨折合户均每天 ${shown} 千克(${estate.households} 户),明显偏大:是否按千克填写了?应为 ${(value / 1000).toFixed(3)} 吨?`,
      });
    } else {
      warnings.push({
        field: 'perHouseholdKgPerDay',
        message: `户均每天 ${shown} 千克,超过 ${PER_HOUSEHOLD_KG_MAX} 千克(${estate.households} 户),请核对各类数量和小区户数`,
      });
    }
  } else if (perDay < PER_HOUSEHOLD_KG_MIN) {
    warnings.push({
      field: 'perHouseholdKgPerDay',
      message: `户均每天只有 ${shown} 千克,低于 ${PER_HOUSEHOLD_KG_MIN} 千克(${estate.households} 户),请核对是否漏填或单位填错`,
    });
  }
  return { errors, warnings };
}

async function estateNames(db: Database): Promise<Map<number, string>> {
  const rows = await db.read.all<{ id: number; code: string; name: string }>('SELECT id, code, name FROM estates');
  return new Map(rows.map((r) => [r.id, `${r.name}(${r.code})`]));
}

export const tonnage = new LedgerService<EstateTonnage, TonnageContext>({
  entity: 'estateTonnage',
  prefix: 'tonnage',
  noun: '月度分类量',
  title: '生活小区月度分类量报表',
  table: 'estate_tonnage',
  fields: TONNAGE_FIELDS,
  from: `FROM estate_tonnage t JOIN estates e ON e.id = t.estate_id JOIN communities c ON c.id = e.community_id
         JOIN streets s ON s.id = c.street_id`,
  extraSelect: `e.name AS estateName, e.code AS estateCode, e.households AS estateHouseholds, c.name AS communityName,
    s.name AS streetName`,
  orderBy: 't.month DESC, s.sort_order, c.sort_order, e.code',
  filters: { estateId: 't.estate_id', communityId: 'e.community_id', streetId: 'c.street_id', month: 't.month', source: 't.source' },
  searchColumns: ['e.code', 'e.name', 't.month', 't.remarks'],
  naturalKey: ['estateId', 'month'],
  loadContext: loadTonnageContext,
  resolveRefs: resolveTonnageRefs,
  checkRecord: checkTonnageRecord,
  decorate(row) {
    const figures = tonnageFigures(row as unknown as Values, row.estateHouseholds);
    row.totalT = round(figures.totalT, 3);
    row.kitchenSeparationRate = figures.kitchenSeparationRate == null ? null : round(figures.kitchenSeparationRate, 2);
    row.perHouseholdKgPerDay = figures.perHouseholdKgPerDay == null ? null : round(figures.perHouseholdKgPerDay, 2);
  },
  refNames: (db) => estateNames(db),
});
