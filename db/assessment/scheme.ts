/**
 * Assessment schemes (考核细则, DOMAIN §2.8, §3): input validation (zod), the business checks run when a scheme is
 * saved, the Chinese labels of the scheme enums and the grade of a score. Pure, no I/O.
 */
import { z } from 'zod';
import { fmtNum, normalizeCode, round2 } from './scoring';
import type {
  AggregationRule,
  ConsequenceRule,
  RankingConsequence,
  RankingRule,
  DeductionUnit,
  EvidenceRule,
  GradeBand,
  OverduePenaltyRule,
  SchemeCategory,
  SchemeComponent,
  SchemeDefinition,
  ShortfallMode,
  TargetType,
} from './types';

// ---------------------------------------------------------------------------------------------------------------
// Vocabulary

/** Chinese labels of every enum in types.ts, for the UI (exposed through the API). */
export const SCHEME_VOCABULARY = {
  targetType: { section: '标段', toilet: '公厕', estate: '生活小区', community: '社区(村)', street: '街道(镇)' },
  category: {
    roadCleaning: '道路清扫保洁',
    wasteCollection: '垃圾收运',
    toilet: '公厕保洁',
    wasteSorting: '垃圾分类',
    greenMaintenance: '绿化养护',
    composite: '综合',
  },
  deductionUnit: {
    perOccurrence: '每处',
    perItem: '每座(条)',
    perMetreBand: '按连续米数',
    perEvent: '每次',
    fixed: '固定',
  },
  evidence: { none: '无需', photo: '需照片', 'photo+location': '需照片和位置' },
  aggregation: { meanOfInspections: '当月各次检查平均', deductAllFromFull: '当月所有扣分从满分中扣除' },
  shortfallMode: { exact: '按实际差值', ceil: '不足1分按1分计', floor: '不足1分不计' },
  componentSource: { inspections: '现场检查', rectification: '整改反馈', manual: '人工录入' },
  consequence: { bulletinCriticism: '通报批评', exposure: '曝光', summoned: '约谈', warning: '警告', terminationReview: '解约审查' },
  consequenceWindow: { consecutive: '连续', year: '一年内累计' },
  /** The 逾期整改扣分 rule's name and fields (editor, printout, score detail). */
  overduePenalty: { title: '逾期整改扣分', pointsPerOrder: '每件扣分', cap: '最多扣分' },
} as const satisfies {
  targetType: Record<TargetType, string>;
  category: Record<SchemeCategory, string>;
  deductionUnit: Record<DeductionUnit, string>;
  evidence: Record<EvidenceRule, string>;
  aggregation: Record<AggregationRule, string>;
  shortfallMode: Record<ShortfallMode, string>;
  componentSource: Record<SchemeComponent['source'], string>;
  consequence: Record<RankingConsequence, string>;
  consequenceWindow: Record<ConsequenceRule['window'], string>;
  overduePenalty: Record<'title' | keyof OverduePenaltyRule, string>;
};

const keysOf = <T extends Record<string, string>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];

// ---------------------------------------------------------------------------------------------------------------
// Input validation

/** A real calendar date written YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

const LIMIT = 1_000_000;
const num = z.number().min(-LIMIT).max(LIMIT); // zod 4 numbers are finite
const text = (max: number) => z.string().trim().min(1, '不能为空').max(max);
const optionalText = (max: number) => z.string().trim().max(max);
const identifier = z
  .string()
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,31}$/, '应为字母开头的英文标识(字母、数字、下划线,最多 32 位)');
const isoDate = z.string().trim().refine(isIsoDate, '日期应为 YYYY-MM-DD');

const tierSchema = z.strictObject({
  label: text(50),
  points: num.optional(),
  pointsMin: num.optional(),
  pointsMax: num.optional(),
});

const itemSchema = z.strictObject({
  code: text(20),
  section: optionalText(50),
  title: text(200),
  maxPoints: num,
  unitDeduction: num,
  deductionUnit: z.enum(keysOf(SCHEME_VOCABULARY.deductionUnit)),
  tiers: z.array(tierSchema).max(10),
  cap: num.nullable(),
  veto: z.boolean(),
  bonus: z.boolean(),
  evidence: z.enum(keysOf(SCHEME_VOCABULARY.evidence)),
  rectifyDays: z.number().int().min(0).max(365).nullable(),
});

const componentSchema = z.strictObject({
  key: identifier,
  label: text(50),
  weight: num,
  source: z.enum(keysOf(SCHEME_VOCABULARY.componentSource)),
});

const gradeBandSchema = z.strictObject({ grade: text(20), min: num });

const moneyRuleSchema = z.strictObject({
  passMark: num,
  pctPerPoint: num,
  shortfallMode: z.enum(keysOf(SCHEME_VOCABULARY.shortfallMode)),
  events: z.array(z.strictObject({ kind: identifier, label: text(100), pct: num })).max(20),
  rateTiers: z
    .strictObject({
      metricLabel: text(50),
      subFeeLabel: text(50),
      tiers: z.array(z.strictObject({ below: num, pct: num })).max(10),
    })
    .nullable(),
  capPct: num,
});

const rankingRuleSchema = z.strictObject({
  exposureBelow: num.nullable(),
  consequences: z
    .array(
      z.strictObject({
        consequence: z.enum(keysOf(SCHEME_VOCABULARY.consequence)),
        grades: z.array(text(20)).max(10),
        months: z.number().int().min(1).max(12),
        window: z.enum(keysOf(SCHEME_VOCABULARY.consequenceWindow)),
      }),
    )
    .max(10),
  composite: z
    .array(
      z.strictObject({
        label: text(50),
        weight: num,
        targetType: z.enum(keysOf(SCHEME_VOCABULARY.targetType)).nullable(),
        targetIds: z.array(z.number().int().positive()).max(500),
      }),
    )
    .max(8),
  unrankedTargetIds: z.array(z.number().int().positive()).max(500),
  yearExtrasWeight: num,
  yearExtrasLabel: optionalText(50),
});

const overduePenaltySchema = z.strictObject({ pointsPerOrder: num, cap: num.nullable() });

/** A `SchemeDefinition` from API input: shapes, enums, lengths and finite numbers. `checkScheme` does the rules. */
export const schemeDefinitionSchema = z.strictObject({
  name: text(100),
  targetType: z.enum(keysOf(SCHEME_VOCABULARY.targetType)),
  category: z.enum(keysOf(SCHEME_VOCABULARY.category)),
  fullScore: num,
  effectiveFrom: isoDate,
  effectiveTo: isoDate.nullable(),
  aggregation: z.enum(keysOf(SCHEME_VOCABULARY.aggregation)),
  bonusCap: num,
  items: z.array(itemSchema).max(200),
  components: z.array(componentSchema).max(8),
  gradeBands: z.array(gradeBandSchema).max(10),
  money: moneyRuleSchema.nullable(),
  notes: optionalText(2000),
  ranking: rankingRuleSchema.optional(),
  overduePenalty: overduePenaltySchema.optional(),
}) satisfies z.ZodType<SchemeDefinition>;

/** Parses API input into a SchemeDefinition (throws a ZodError). Its return type checks the schema's output. */
export function parseSchemeDefinition(input: unknown): SchemeDefinition {
  return schemeDefinitionSchema.parse(input);
}

// ---------------------------------------------------------------------------------------------------------------
// Business checks

/** Hundredths of a point/percent, as integers: 87.62 → 8762. */
const h = (x: number) => Math.round(x * 100);
/** Whether x has at most 2 decimals. */
const twoDecimals = (x: number) => Math.abs(x * 100 - Math.round(x * 100)) < 1e-6;
/** Whether x has at most 4 decimals. */
const fourDecimals = (x: number) => Math.abs(x * 10_000 - Math.round(x * 10_000)) < 1e-4;
const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * The checks run when a scheme is saved (DOMAIN §2.8, §3). Returns messages keyed by path (`fullScore`, `items`,
 * `items.3.cap`, `items.3.tiers.1`, `components`, `components.2.weight`, `gradeBands`, `money.passMark`,
 * `effectiveTo` …); an empty object when the scheme is fine. Messages name the item and say what to fix.
 */
export function checkScheme(def: SchemeDefinition): Record<string, string> {
  const errors: Record<string, string> = {};
  const add = (key: string, message: string) => {
    errors[key] = errors[key] ? `${errors[key]};${message}` : message;
  };

  if (!def.name?.trim()) add('name', '请填写考核细则名称');

  // Full score
  const fullOk = finite(def.fullScore) && def.fullScore > 0 && def.fullScore <= 1000 && twoDecimals(def.fullScore);
  if (!fullOk) add('fullScore', '满分应为大于 0、不超过 1000 的数(最多两位小数)');
  const full = fullOk ? def.fullScore : 100;

  // Dates
  if (!isIsoDate(def.effectiveFrom)) add('effectiveFrom', '生效日期应为 YYYY-MM-DD 格式的有效日期');
  if (def.effectiveTo != null) {
    if (!isIsoDate(def.effectiveTo)) add('effectiveTo', '截止日期应为 YYYY-MM-DD 格式的有效日期');
    else if (isIsoDate(def.effectiveFrom) && def.effectiveTo < def.effectiveFrom) {
      add('effectiveTo', `截止日期 ${def.effectiveTo} 早于生效日期 ${def.effectiveFrom}(请改为不早于生效日期,或留空表示长期有效)`);
    }
  }

  // Items
  if (def.items.length === 0) add('items', '至少需要一个考核项');
  const seenCodes = new Map<string, number>();
  let sumH = 0;
  let sumValid = true;
  let hasBonus = false;
  def.items.forEach((item, i) => {
    const p = `items.${i}`;
    const code = item.code?.trim() ? item.code.trim() : `第 ${i + 1} 项`;
    const name = item.title?.trim() ? `${code}(${item.title.trim()})` : code;
    if (!item.code?.trim()) add(`${p}.code`, `第 ${i + 1} 项缺少编号(如 R1、T1.3)`);
    else {
      const norm = normalizeCode(item.code);
      const first = seenCodes.get(norm);
      if (first !== undefined) {
        add(`${p}.code`, `编号 ${code} 与第 ${first + 1} 项(${def.items[first].code.trim()})重复,编号不区分大小写,请改用其他编号`);
      } else seenCodes.set(norm, i);
    }
    if (!item.title?.trim()) add(`${p}.title`, `${code} 缺少考核内容`);

    const maxOk = finite(item.maxPoints) && item.maxPoints >= 0 && twoDecimals(item.maxPoints);
    if (!maxOk) {
      add(`${p}.maxPoints`, `${name} 分值应为不小于 0 的数,最多两位小数(当前为 ${fmtNum(item.maxPoints)})`);
      sumValid = false;
    } else if (!item.bonus) sumH += h(item.maxPoints);
    const max = maxOk ? item.maxPoints : Infinity;

    if (item.bonus) hasBonus = true;
    if (item.bonus && item.veto) add(`${p}.veto`, `${name} 不能既是加分项又是一票否决项`);

    if (item.cap != null) {
      if (!finite(item.cap) || item.cap < 0) add(`${p}.cap`, `${name} 扣分上限不能为负数(不设上限请留空,即按该项分值扣完为止)`);
      else if (item.cap > max) {
        add(`${p}.cap`, `${code} ${item.bonus ? '加分' : '扣分'}上限 ${fmtNum(item.cap)} 大于该项分值 ${fmtNum(max)}(请改为不超过 ${fmtNum(max)},或留空)`);
      }
    }

    const word = item.bonus ? '加分' : '扣分';
    if (!finite(item.unitDeduction) || item.unitDeduction < 0 || !fourDecimals(item.unitDeduction)) {
      add(`${p}.unitDeduction`, `${name} 单次${word}应为不小于 0 的数,最多四位小数`);
    } else if (item.tiers.length === 0 && item.unitDeduction > max) {
      add(`${p}.unitDeduction`, `${code} 单次${word} ${fmtNum(item.unitDeduction)} 大于该项分值 ${fmtNum(max)}(请调小${word},或调大分值)`);
    } else if (item.tiers.length === 0 && item.unitDeduction === 0 && !item.veto) {
      add(`${p}.unitDeduction`, `${name} 单次${word}为 0,发现问题也不会${word}(请填写${word},或设置档位)`);
    }

    if (item.rectifyDays != null && (!Number.isInteger(item.rectifyDays) || item.rectifyDays < 0 || item.rectifyDays > 365)) {
      add(`${p}.rectifyDays`, `${name} 整改期限应为 0~365 的整数天数,不需整改请留空`);
    }

    const tierLabels = new Set<string>();
    item.tiers.forEach((t, j) => {
      const tp = `${p}.tiers.${j}`;
      const tname = `${code} 第 ${j + 1} 档${t.label?.trim() ? `「${t.label.trim()}」` : ''}`;
      if (!t.label?.trim()) add(tp, `${tname}缺少名称`);
      else if (tierLabels.has(t.label.trim())) add(tp, `${tname}名称重复`);
      else tierLabels.add(t.label.trim());
      const hasPoints = t.points != null;
      const hasMin = t.pointsMin != null;
      const hasMax = t.pointsMax != null;
      if (hasPoints && (hasMin || hasMax)) {
        add(tp, `${tname}只能填固定${word}或${word}范围之一`);
      } else if (hasPoints) {
        if (!finite(t.points) || t.points < 0 || !fourDecimals(t.points)) add(tp, `${tname}${word}应为不小于 0 的数,最多四位小数`);
        else if (t.points > max) add(tp, `${tname}${word} ${fmtNum(t.points)} 大于该项分值 ${fmtNum(max)}`);
      } else if (hasMin !== hasMax) {
        add(tp, `${tname}${word}范围需同时填写最低和最高${word}`);
      } else if (!hasMin) {
        add(tp, `${tname}需填写固定${word},或最低和最高${word}`);
      } else {
        const lo = t.pointsMin!;
        const hi = t.pointsMax!;
        if (!finite(lo) || !finite(hi) || lo < 0 || hi < 0 || !fourDecimals(lo) || !fourDecimals(hi)) {
          add(tp, `${tname}${word}范围应为不小于 0 的数,最多四位小数`);
        } else if (lo > hi) {
          add(tp, `${tname}最低${word} ${fmtNum(lo)} 大于最高${word} ${fmtNum(hi)}(请对调)`);
        } else if (hi > max) {
          add(tp, `${tname}最高${word} ${fmtNum(hi)} 大于该项分值 ${fmtNum(max)}`);
        }
      }
    });
  });

  if (sumValid && fullOk && def.items.length > 0 && sumH !== h(full)) {
    add('items', `各项分值合计 ${fmtNum(sumH / 100)} 分,应等于满分 ${fmtNum(full)} 分(请调整分值${hasBonus ? ';加分项不计入合计' : ''})`);
  }

  // Bonus
  if (!finite(def.bonusCap) || def.bonusCap < 0 || !twoDecimals(def.bonusCap)) {
    add('bonusCap', '加分上限应为不小于 0 的数,最多两位小数(无加分项填 0)');
  } else if (def.bonusCap > full) {
    add('bonusCap', `加分上限 ${fmtNum(def.bonusCap)} 大于满分 ${fmtNum(full)}`);
  } else if (hasBonus && def.bonusCap === 0) {
    add('bonusCap', '细则含加分项,但加分上限为 0,加分不会生效(请填写加分上限)');
  }

  // Components
  if (def.components.length === 0) add('components', '至少需要一个评分组成部分(如 现场检查 100%)');
  const seenKeys = new Map<string, number>();
  let weightH = 0;
  let weightsValid = true;
  def.components.forEach((c, i) => {
    const p = `components.${i}`;
    const label = c.label?.trim() ? `「${c.label.trim()}」` : `第 ${i + 1} 个组成部分`;
    if (!c.key?.trim()) add(`${p}.key`, `${label}缺少标识`);
    else {
      const first = seenKeys.get(c.key.trim().toLowerCase());
      if (first !== undefined) add(`${p}.key`, `${label}的标识 ${c.key.trim()} 与第 ${first + 1} 个组成部分重复`);
      else seenKeys.set(c.key.trim().toLowerCase(), i);
    }
    if (!c.label?.trim()) add(`${p}.label`, `第 ${i + 1} 个组成部分缺少名称`);
    if (!finite(c.weight) || c.weight <= 0 || c.weight > 100 || !twoDecimals(c.weight)) {
      add(`${p}.weight`, `${label}权重应大于 0、不超过 100(最多两位小数)`);
      weightsValid = false;
    } else weightH += h(c.weight);
  });
  if (weightsValid && def.components.length > 0 && weightH !== 10_000) {
    add('components', `各组成部分权重合计 ${fmtNum(weightH / 100)}%,应为 100%(请调整权重)`);
  }
  const inspections = def.components.filter((c) => c.source === 'inspections').length;
  if (def.components.length > 0 && inspections !== 1) {
    add('components', inspections === 0 ? '须有一个来源为「现场检查」的组成部分' : `来源为「现场检查」的组成部分有 ${inspections} 个,只能有一个`);
  }
  const rectifications = def.components.filter((c) => c.source === 'rectification').length;
  if (rectifications > 1) add('components', `来源为「整改反馈」的组成部分有 ${rectifications} 个,最多一个`);

  // Grade bands
  if (def.gradeBands.length === 0) add('gradeBands', '至少需要一个等级(如 优秀 ≥90、良好 ≥80、合格 ≥60、不合格 ≥0)');
  const seenGrades = new Map<string, number>();
  const seenMins = new Map<number, number>();
  def.gradeBands.forEach((b, i) => {
    const p = `gradeBands.${i}`;
    const grade = b.grade?.trim();
    if (!grade) add(`${p}.grade`, `第 ${i + 1} 个等级缺少名称`);
    else if (seenGrades.has(grade)) add(`${p}.grade`, `等级「${grade}」重复`);
    else seenGrades.set(grade, i);
    const label = grade ? `等级「${grade}」` : `第 ${i + 1} 个等级`;
    if (!finite(b.min) || b.min < 0 || b.min > full || !twoDecimals(b.min)) {
      add(`${p}.min`, `${label}的下限应在 0~${fmtNum(full)} 分之间(最多两位小数)`);
    } else {
      const first = seenMins.get(h(b.min));
      if (first !== undefined) add(`${p}.min`, `${label}的下限 ${fmtNum(b.min)} 与等级「${def.gradeBands[first].grade}」相同`);
      else seenMins.set(h(b.min), i);
    }
  });
  if (def.gradeBands.length > 0 && !seenMins.has(0)) {
    add('gradeBands', '须有一个下限为 0 的等级(如 不合格 ≥0),否则低分没有等级');
  }

  // Money rule
  const m = def.money;
  if (m) {
    const pctOk = (x: number) => finite(x) && x >= 0 && x <= 100 && twoDecimals(x);
    if (!finite(m.passMark) || m.passMark < 0 || m.passMark > full || !twoDecimals(m.passMark)) {
      add('money.passMark', `合格线应在 0~${fmtNum(full)} 分之间(最多两位小数)`);
    }
    if (!pctOk(m.pctPerPoint)) add('money.pctPerPoint', '每低 1 分扣款比例应在 0~100% 之间(最多两位小数)');
    if (!pctOk(m.capPct)) add('money.capPct', '月扣款上限应在 0~100% 之间(最多两位小数)');
    if (!(m.shortfallMode in SCHEME_VOCABULARY.shortfallMode)) add('money.shortfallMode', '请选择分差计算方式');
    const kinds = new Map<string, number>();
    m.events.forEach((e, i) => {
      const p = `money.events.${i}`;
      const label = e.label?.trim() ? `「${e.label.trim()}」` : `第 ${i + 1} 类事件`;
      if (!e.kind?.trim()) add(`${p}.kind`, `${label}缺少标识`);
      else if (kinds.has(e.kind.trim())) add(`${p}.kind`, `${label}的标识 ${e.kind.trim()} 与第 ${kinds.get(e.kind.trim())! + 1} 类事件重复`);
      else kinds.set(e.kind.trim(), i);
      if (!e.label?.trim()) add(`${p}.label`, `第 ${i + 1} 类事件缺少名称`);
      if (!pctOk(e.pct)) add(`${p}.pct`, `${label}每次扣款比例应在 0~100% 之间(最多两位小数)`);
    });
    const r = m.rateTiers;
    if (r) {
      if (!r.metricLabel?.trim()) add('money.rateTiers.metricLabel', '请填写考核指标名称(如 厨余垃圾分出率)');
      if (!r.subFeeLabel?.trim()) add('money.rateTiers.subFeeLabel', '请填写扣款所依据的费用名称(如 分类督导及宣传费)');
      if (r.tiers.length === 0) add('money.rateTiers.tiers', '至少需要一档(如 低于 25% 扣 10%),不按比率扣款请删除该规则');
      const belows = new Map<number, number>();
      r.tiers.forEach((t, i) => {
        const p = `money.rateTiers.tiers.${i}`;
        if (!pctOk(t.below)) add(`${p}.below`, `第 ${i + 1} 档的比率界限应在 0~100% 之间(最多两位小数)`);
        else if (belows.has(h(t.below))) add(`${p}.below`, `第 ${i + 1} 档的比率界限 ${fmtNum(t.below)}% 与第 ${belows.get(h(t.below))! + 1} 档相同`);
        else belows.set(h(t.below), i);
        if (!pctOk(t.pct)) add(`${p}.pct`, `第 ${i + 1} 档的扣款比例应在 0~100% 之间(最多两位小数)`);
      });
    }
  }

  if (def.ranking) checkRankingRule(def.ranking, def, full, add);
  if (def.overduePenalty) checkOverduePenalty(def.overduePenalty, full, add);

  return errors;
}

/** 逾期整改扣分: points per order > 0 and ≤ the full score; the cap, when set, at least one order's points. */
function checkOverduePenalty(r: OverduePenaltyRule, full: number, add: (key: string, message: string) => void) {
  const { title, pointsPerOrder, cap } = SCHEME_VOCABULARY.overduePenalty;
  const pointsOk = finite(r.pointsPerOrder) && r.pointsPerOrder > 0 && r.pointsPerOrder <= full && twoDecimals(r.pointsPerOrder);
  if (!pointsOk) add('overduePenalty.pointsPerOrder', `${title}的${pointsPerOrder}应大于 0、不超过满分 ${fmtNum(full)} 分(最多两位小数,如 1)`);
  if (r.cap != null) {
    if (!finite(r.cap) || r.cap <= 0 || r.cap > full || !twoDecimals(r.cap)) {
      add('overduePenalty.cap', `${title}的${cap}应大于 0、不超过满分 ${fmtNum(full)} 分(最多两位小数),不设上限请留空`);
    } else if (pointsOk && h(r.cap) < h(r.pointsPerOrder)) {
      add('overduePenalty.cap', `${title}的${cap} ${fmtNum(r.cap)} 小于${pointsPerOrder} ${fmtNum(r.pointsPerOrder)}(请改为不小于 ${fmtNum(r.pointsPerOrder)},或留空表示不设上限)`);
    }
  }
}

function checkRankingRule(r: RankingRule, def: SchemeDefinition, full: number, add: (key: string, message: string) => void) {
  if (r.exposureBelow != null && (!finite(r.exposureBelow) || r.exposureBelow < 0 || r.exposureBelow > full || !twoDecimals(r.exposureBelow))) {
    add('ranking.exposureBelow', `曝光线应在 0~${fmtNum(full)} 分之间(最多两位小数),不设曝光线请留空`);
  }
  const grades = new Set(def.gradeBands.map((b) => b.grade?.trim()));
  r.consequences.forEach((c, i) => {
    const p = `ranking.consequences.${i}`;
    const label = `第 ${i + 1} 条后果规则(${SCHEME_VOCABULARY.consequence[c.consequence] ?? c.consequence})`;
    if (!Number.isInteger(c.months) || c.months < 1 || c.months > 12) add(`${p}.months`, `${label}的月数应为 1~12 的整数`);
    for (const g of c.grades) {
      if (!grades.has(g.trim())) add(`${p}.grades`, `${label}的等级「${g}」不在本细则的等级中(现有:${[...grades].join('、')})`);
    }
  });
  if (r.composite.length) {
    let weightH = 0;
    let weightsValid = true;
    const labels = new Set<string>();
    let rest = 0;
    const claimed = new Map<number, string>();
    r.composite.forEach((g, i) => {
      const p = `ranking.composite.${i}`;
      const label = g.label?.trim() ? `「${g.label.trim()}」` : `第 ${i + 1} 组`;
      if (!g.label?.trim()) add(`${p}.label`, `综合得分第 ${i + 1} 组缺少名称`);
      else if (labels.has(g.label.trim())) add(`${p}.label`, `综合得分的分组${label}重复`);
      else labels.add(g.label.trim());
      if (!finite(g.weight) || g.weight <= 0 || g.weight > 100 || !twoDecimals(g.weight)) {
        add(`${p}.weight`, `综合得分分组${label}的权重应大于 0、不超过 100(最多两位小数)`);
        weightsValid = false;
      } else weightH += h(g.weight);
      if (g.targetType == null && g.targetIds.length === 0) rest += 1;
      for (const id of g.targetIds) {
        const first = claimed.get(id);
        if (first) add(`${p}.targetIds`, `对象 ${id} 同时在分组「${first}」和${label}中,只能属于一组`);
        else claimed.set(id, g.label?.trim() || `第 ${i + 1} 组`);
      }
    });
    if (weightsValid && weightH !== 10_000) add('ranking.composite', `综合得分各组权重合计 ${fmtNum(weightH / 100)}%,应为 100%(如 村 70%、干线道路 30%)`);
    if (rest > 1) add('ranking.composite', `有 ${rest} 个分组既未指定对象类型也未指定对象,只能有一个“其余”分组`);
  }
  if (!finite(r.yearExtrasWeight) || r.yearExtrasWeight < 0 || r.yearExtrasWeight >= 100 || !twoDecimals(r.yearExtrasWeight)) {
    add('ranking.yearExtrasWeight', '年度加分项权重应在 0~99.99% 之间(如 5,即季度平均占 95%);不计加分项填 0');
  } else if (r.yearExtrasWeight > 0 && !r.yearExtrasLabel?.trim()) {
    add('ranking.yearExtrasLabel', '请填写年度加分项的名称(如 创新、荣誉及宣传)');
  }
}

/**
 * The ranking rule of a scheme, with the defaults (DOMAIN §3.7 [D]) where the scheme sets none: no exposure
 * line; the lowest grade two months running → 约谈, three months in a year → 解约审查; plain means; every
 * target ranked; a year is the plain mean of its quarters.
 */
export function rankingRuleOf(def: SchemeDefinition): RankingRule {
  return def.ranking ?? defaultRankingRule();
}

/** The default ranking rule itself (a fresh copy: the scheme editor starts a custom rule from it). */
export function defaultRankingRule(): RankingRule {
  const consequences: ConsequenceRule[] = [
    { consequence: 'summoned', grades: [], months: 2, window: 'consecutive' },
    { consequence: 'terminationReview', grades: [], months: 3, window: 'year' },
  ];
  return { exposureBelow: null, consequences, composite: [], unrankedTargetIds: [], yearExtrasWeight: 0, yearExtrasLabel: '' };
}

/** The grades a consequence rule counts: its own list, or the lowest grade band. */
export function consequenceGrades(rule: ConsequenceRule, bands: GradeBand[]): string[] {
  if (rule.grades.length) return rule.grades.map((g) => g.trim());
  const lowest = [...bands].sort((a, b) => a.min - b.min)[0];
  return lowest ? [lowest.grade] : [];
}

// ---------------------------------------------------------------------------------------------------------------
// Grades

/**
 * The grade of a score: the band with the highest `min` ≤ the score rounded half-up to 2 decimals (lower bound
 * inclusive, DOMAIN §3.8). '' when no band applies (no band with min 0 and a score below every band).
 */
export function gradeOf(bands: GradeBand[], score: number): string {
  const s = Math.round(round2(score) * 100);
  let best: GradeBand | null = null;
  for (const b of bands) {
    if (h(b.min) <= s && (best === null || b.min > best.min)) best = b;
  }
  return best ? best.grade : '';
}
