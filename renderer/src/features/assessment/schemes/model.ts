/**
 * Pure helpers of the 考核细则 screen: blank and copied definitions, the local checks that come before the
 * server's `schemes.check` (numbers that are not numbers, empty names — what the API's input schema would
 * refuse with a generic message), the live sums, the worked money example and the one-line rule of an item
 * (screen and printout). No I/O, no React.
 */
import type {
  ConsequenceRule,
  GradeBand,
  MoneyRule,
  RankingRule,
  SchemeComponent,
  SchemeDefinition,
  SchemeItem,
  SchemeTier,
  SchemeVersion,
} from '../../../../../db/api';
import type { Vocabulary } from '../shared/useVocabulary';

/** 15 significant digits at most, no binary tail: 0.1 + 0.2 → "0.3". */
export function fmtNum(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(12))) : '';
}

/** Hundredths as an integer: 87.62 → 8762. */
const h = (x: number) => Math.round(x * 100);

export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export const DEFAULT_GRADE_BANDS: GradeBand[] = [
  { grade: '优秀', min: 90 },
  { grade: '良好', min: 80 },
  { grade: '合格', min: 60 },
  { grade: '不合格', min: 0 },
];

export const DEFAULT_MONEY: MoneyRule = {
  passMark: 90,
  pctPerPoint: 5,
  shortfallMode: 'exact',
  events: [],
  rateTiers: null,
  capPct: 30,
};

export function blankItem(code = ''): SchemeItem {
  return {
    code,
    section: '',
    title: '',
    maxPoints: 0,
    unitDeduction: 1,
    deductionUnit: 'perOccurrence',
    tiers: [],
    cap: null,
    veto: false,
    bonus: false,
    evidence: 'none',
    rectifyDays: null,
  };
}

/** What 新建细则 starts from: one on-site component, the default grade bands, no money rule. */
export function blankDefinition(): SchemeDefinition {
  return {
    name: '',
    targetType: 'section',
    category: 'roadCleaning',
    fullScore: 100,
    effectiveFrom: `${today().slice(0, 7)}-01`,
    effectiveTo: null,
    aggregation: 'meanOfInspections',
    bonusCap: 0,
    items: [{ ...blankItem('A1'), maxPoints: 100 }],
    components: [{ key: 'onSite', label: '现场检查', weight: 100, source: 'inspections' }],
    gradeBands: DEFAULT_GRADE_BANDS.map((b) => ({ ...b })),
    money: null,
    notes: '',
  };
}

export function cloneDefinition(def: SchemeDefinition): SchemeDefinition {
  return JSON.parse(JSON.stringify(def)) as SchemeDefinition;
}

/** A code for a new row after `codes`: the last code's prefix with the next number (T10 → T11), else A<n>. */
export function nextCode(codes: string[], after?: string): string {
  const taken = new Set(codes.map((c) => c.trim().toUpperCase()));
  const base = after ?? codes[codes.length - 1] ?? '';
  const m = /^(.*?)(\d+)$/.exec(base.trim());
  const prefix = m ? m[1] : base.trim() || 'A';
  let n = m ? Number(m[2]) + 1 : 1;
  while (taken.has(`${prefix}${n}`.toUpperCase())) n += 1;
  return `${prefix}${n}`;
}

/** A fresh identifier (component key, event kind) not yet used: `${stem}2`, `${stem}3` … */
export function nextKey(stem: string, used: string[]): string {
  const taken = new Set(used.map((k) => k.toLowerCase()));
  if (!taken.has(stem.toLowerCase())) return stem;
  let n = 2;
  while (taken.has(`${stem}${n}`.toLowerCase())) n += 1;
  return `${stem}${n}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Families

export interface Family {
  familyId: number;
  /** Newest first. */
  versions: SchemeVersion[];
  latest: SchemeVersion;
  retired: boolean;
}

/** The versions grouped by family, families in use first, then by id (the defaults keep their order). */
export function groupFamilies(versions: SchemeVersion[]): Family[] {
  const byFamily = new Map<number, SchemeVersion[]>();
  for (const v of versions) {
    const list = byFamily.get(v.familyId) ?? [];
    list.push(v);
    byFamily.set(v.familyId, list);
  }
  const families = [...byFamily.entries()].map(([familyId, list]) => {
    const sorted = [...list].sort((a, b) => b.version - a.version);
    return { familyId, versions: sorted, latest: sorted[0], retired: sorted[0].status === 'retired' };
  });
  return families.sort((a, b) => Number(a.retired) - Number(b.retired) || a.familyId - b.familyId);
}

// ---------------------------------------------------------------------------------------------------------------
// Local checks (before the server's)

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * What the API's input schema would refuse, with messages that say what to fix (the server's own would be
 * "至少 1 个字"). While any of these stands, the screen does not ask the server: its answer would only repeat them.
 */
export function localErrors(def: SchemeDefinition, vocab: Vocabulary | null = null): Record<string, string> {
  const errors: Record<string, string> = {};
  const num = (path: string, value: number | null, label: string, nullable = false) => {
    if (value === null) {
      if (!nullable) errors[path] = `请填写${label}`;
    } else if (!Number.isFinite(value)) errors[path] = `${label}应填写数字`;
  };
  const text = (path: string, value: string, message: string, max: number) => {
    if (!value.trim()) errors[path] = message;
    else if (value.trim().length > max) errors[path] = `最多 ${max} 个字(当前 ${value.trim().length} 个字)`;
  };

  text('name', def.name, '请填写考核细则名称', 100);
  num('fullScore', def.fullScore, '满分');
  num('bonusCap', def.bonusCap, '加分上限');
  if (!ISO_DATE.test(def.effectiveFrom.trim())) errors.effectiveFrom = '生效日期应为 YYYY-MM-DD,如 2025-01-01';
  if (def.effectiveTo !== null && !ISO_DATE.test(def.effectiveTo.trim())) errors.effectiveTo = '截止日期应为 YYYY-MM-DD,或留空表示长期有效';
  if (def.notes.trim().length > 2000) errors.notes = `备注最多 2000 个字(当前 ${def.notes.trim().length} 个字)`;

  def.items.forEach((item, i) => {
    const p = `items.${i}`;
    const code = item.code.trim() || `第 ${i + 1} 项`;
    text(`${p}.code`, item.code, `第 ${i + 1} 项缺少编号(如 R1、T1.3)`, 20);
    text(`${p}.title`, item.title, `${code} 缺少考核内容`, 200);
    if (item.section.trim().length > 50) errors[`${p}.section`] = `${code} 分类最多 50 个字`;
    num(`${p}.maxPoints`, item.maxPoints, `${code} 分值`);
    num(`${p}.unitDeduction`, item.unitDeduction, `${code} 单次扣分`);
    num(`${p}.cap`, item.cap, `${code} 扣分上限`, true);
    if (item.rectifyDays !== null && (!Number.isInteger(item.rectifyDays) || item.rectifyDays < 0 || item.rectifyDays > 365)) {
      errors[`${p}.rectifyDays`] = `${code} 整改期限应为 0~365 的整数天数,不需整改请留空`;
    }
    item.tiers.forEach((t, j) => {
      const tp = `${p}.tiers.${j}`;
      const name = `${code} 第 ${j + 1} 档`;
      if (!t.label.trim()) errors[tp] = `${name}缺少名称`;
      else if (t.label.trim().length > 50) errors[tp] = `${name}名称最多 50 个字`;
      else if ([t.points, t.pointsMin, t.pointsMax].some((x) => x !== undefined && !Number.isFinite(x))) errors[tp] = `${name}应填写数字`;
    });
  });

  def.components.forEach((c, i) => {
    const p = `components.${i}`;
    const label = c.label.trim() ? `「${c.label.trim()}」` : `第 ${i + 1} 个组成部分`;
    if (!IDENTIFIER.test(c.key.trim())) errors[`${p}.key`] = `${label}的标识应为字母开头的英文标识(如 onSite)`;
    text(`${p}.label`, c.label, `第 ${i + 1} 个组成部分缺少名称`, 50);
    num(`${p}.weight`, c.weight, `${label}权重`);
  });

  def.gradeBands.forEach((b, i) => {
    text(`gradeBands.${i}.grade`, b.grade, `第 ${i + 1} 个等级缺少名称`, 20);
    num(`gradeBands.${i}.min`, b.min, `等级「${b.grade.trim() || i + 1}」的下限`);
  });

  const m = def.money;
  if (m) {
    num('money.passMark', m.passMark, '合格线');
    num('money.pctPerPoint', m.pctPerPoint, '每低 1 分扣款比例');
    num('money.capPct', m.capPct, '月扣款上限');
    m.events.forEach((e, i) => {
      const p = `money.events.${i}`;
      const label = e.label.trim() ? `「${e.label.trim()}」` : `第 ${i + 1} 类事件`;
      if (!IDENTIFIER.test(e.kind.trim())) errors[`${p}.kind`] = `${label}的标识应为字母开头的英文标识(如 complaintUnfixed)`;
      text(`${p}.label`, e.label, `第 ${i + 1} 类事件缺少名称`, 100);
      num(`${p}.pct`, e.pct, `${label}每次扣款比例`);
    });
    if (m.rateTiers) {
      text('money.rateTiers.metricLabel', m.rateTiers.metricLabel, '请填写考核指标名称(如 厨余垃圾分出率)', 50);
      text('money.rateTiers.subFeeLabel', m.rateTiers.subFeeLabel, '请填写扣款所依据的费用名称(如 分类督导及宣传费)', 50);
      m.rateTiers.tiers.forEach((t, i) => {
        num(`money.rateTiers.tiers.${i}.below`, t.below, `第 ${i + 1} 档的比率界限`);
        num(`money.rateTiers.tiers.${i}.pct`, t.pct, `第 ${i + 1} 档的扣款比例`);
      });
    }
  }
  if (def.overduePenalty) {
    // Named as checkScheme names them, so the message reads alike before and after the server's check.
    num('overduePenalty.pointsPerOrder', def.overduePenalty.pointsPerOrder, '逾期整改扣分的每件扣分');
    num('overduePenalty.cap', def.overduePenalty.cap, '逾期整改扣分的最多扣分', true);
  }
  const r = def.ranking;
  if (r) {
    num('ranking.exposureBelow', r.exposureBelow, '曝光线', true);
    r.consequences.forEach((c, i) => {
      // The same words as checkScheme's (the input schema would refuse 13 before checkScheme could name it).
      const label = `第 ${i + 1} 条后果规则(${vocab?.scheme.consequence[c.consequence] ?? c.consequence})`;
      if (!Number.isInteger(c.months) || c.months < 1 || c.months > 12) errors[`ranking.consequences.${i}.months`] = `${label}的月数应为 1~12 的整数`;
    });
    r.composite.forEach((g, i) => {
      const p = `ranking.composite.${i}`;
      const label = g.label.trim() ? `「${g.label.trim()}」` : `第 ${i + 1} 组`;
      text(`${p}.label`, g.label, `综合得分第 ${i + 1} 组缺少名称`, 50);
      num(`${p}.weight`, g.weight, `综合得分分组${label}的权重`);
      if (!validIds(g.targetIds)) errors[`${p}.targetIds`] = `综合得分分组${label}的对象编号应为正整数,用逗号分隔(如 12,15,31)`;
    });
    if (!validIds(r.unrankedTargetIds)) errors['ranking.unrankedTargetIds'] = '不参与排名的对象编号应为正整数,用逗号分隔(如 12,15,31)';
    num('ranking.yearExtrasWeight', r.yearExtrasWeight, '年度加分项权重');
    if (r.yearExtrasLabel.trim().length > 50) errors['ranking.yearExtrasLabel'] = `年度加分项名称最多 50 个字(当前 ${r.yearExtrasLabel.trim().length} 个字)`;
  }
  return errors;
}

const validIds = (ids: number[]) => ids.length <= 500 && ids.every((id) => Number.isInteger(id) && id > 0);

/** "12, 15,31、40" → [12, 15, 31, 40]; a piece that is not a whole number becomes NaN (refused by localErrors). */
export function parseIds(text: string): number[] {
  return text
    .normalize('NFKC') // full-width digits and commas typed with a Chinese IME
    .split(/[,,、;;\s]+/)
    .filter(Boolean)
    .map((t) => (/^\d+$/.test(t) ? Number(t) : NaN));
}

export function idsText(ids: number[]): string {
  return ids.map((id) => (Number.isFinite(id) ? String(id) : '?')).join(',');
}

/** The input-schema refusals the server may still send (`fields` of invalid_input), keyed like checkScheme's. */
export function fieldsFromInvalidInput(fields: Record<string, string> | undefined, message: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, text] of Object.entries(fields ?? {})) {
    out[key.replace(/^definition\.?/, '') || 'definition'] = text;
  }
  if (Object.keys(out).length === 0) out.definition = message;
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Live sums

/** Σ maxPoints over the deduction items (bonus items do not count), or null while a value is not a number. */
export function itemsSum(items: SchemeItem[]): number | null {
  let sum = 0;
  for (const item of items) {
    if (item.bonus) continue;
    if (!Number.isFinite(item.maxPoints)) return null;
    sum += h(item.maxPoints);
  }
  return sum / 100;
}

/** Σ weights (分项权重, 综合得分分组), or null while a weight is not a number. */
export function weightsSum(components: Array<Pick<SchemeComponent, 'weight'>>): number | null {
  let sum = 0;
  for (const c of components) {
    if (!Number.isFinite(c.weight)) return null;
    sum += h(c.weight);
  }
  return sum / 100;
}

export function sortedBands(bands: GradeBand[]): GradeBand[] {
  return [...bands].sort((a, b) => (Number.isFinite(b.min) ? b.min : -1) - (Number.isFinite(a.min) ? a.min : -1));
}

// ---------------------------------------------------------------------------------------------------------------
// Worked money example

/** The score the example uses: 87.62 (DOMAIN §3.6) when below the pass mark, else 2.38 below the pass mark. */
export function exampleScore(passMark: number): number {
  if (h(passMark) > 8762) return 87.62;
  return Math.max(0, h(passMark) - 238) / 100;
}

export interface MoneyExample {
  score: number;
  /** pass − score, exact. */
  gap: number;
  /** The points charged after the shortfall mode. */
  charged: number;
  /** charged × pctPerPoint, percent of the monthly fee. */
  pct: number;
  capPct: number;
  capped: boolean;
}

/** The quality deduction of one example score, in hundredths like db/assessment/money.ts (an illustration only). */
export function moneyExample(rule: MoneyRule): MoneyExample | null {
  if (![rule.passMark, rule.pctPerPoint, rule.capPct].every(Number.isFinite)) return null;
  const score = exampleScore(rule.passMark);
  const gapH = Math.max(0, h(rule.passMark) - h(score));
  let chargedH = gapH;
  if (rule.shortfallMode === 'ceil') chargedH = Math.ceil(gapH / 100) * 100;
  else if (rule.shortfallMode === 'floor') chargedH = Math.floor(gapH / 100) * 100;
  const pct = (h(rule.pctPerPoint) * chargedH) / 10_000;
  return { score, gap: gapH / 100, charged: chargedH / 100, pct, capPct: rule.capPct, capped: pct > rule.capPct };
}

export function moneyExampleText(rule: MoneyRule): string {
  const ex = moneyExample(rule);
  if (!ex) return '填写合格线、每分扣款比例和上限后显示示例';
  if (ex.gap === 0) return `得分 ${fmtNum(ex.score)} 时不低于合格线,不扣款`;
  const charged = ex.charged === ex.gap ? '' : `,按 ${fmtNum(ex.charged)} 分计`;
  const pct = `扣月服务费的 ${fmtNum(ex.pct)}%`;
  const cap = ex.capped ? `,超过每月上限,按 ${fmtNum(ex.capPct)}% 扣` : '';
  return `得分 ${fmtNum(ex.score)} 时差 ${fmtNum(ex.gap)} 分${charged},${pct}${cap}`;
}

// ---------------------------------------------------------------------------------------------------------------
// The rule of an item in words (screen tooltip, printout)

function tierText(t: SchemeTier, word: string): string {
  const pts = t.points != null ? `${fmtNum(t.points)} 分` : `${fmtNum(t.pointsMin ?? NaN)}~${fmtNum(t.pointsMax ?? NaN)} 分`;
  return `${t.label} ${word}${pts}`;
}

/** "每处扣 5 分,扣完为止;需照片;限 1 天整改" — what the paper checklist says next to the item. */
export function ruleText(item: SchemeItem, vocab: Vocabulary | null): string {
  const word = item.bonus ? '加' : '扣';
  const unit = vocab?.scheme.deductionUnit[item.deductionUnit] ?? item.deductionUnit;
  const parts: string[] = [];
  if (item.tiers.length > 0) {
    parts.push(`${item.deductionUnit === 'fixed' ? '' : unit}${item.tiers.map((t) => tierText(t, word)).join(',')}`);
  } else if (item.deductionUnit === 'fixed') {
    parts.push(`${word} ${fmtNum(item.unitDeduction)} 分`);
  } else if (item.deductionUnit === 'perMetreBand') {
    parts.push(`按连续米数,每段${word} ${fmtNum(item.unitDeduction)} 分`);
  } else {
    parts.push(`${unit}${word} ${fmtNum(item.unitDeduction)} 分`);
  }
  if (item.bonus) parts.push(item.cap == null ? `最多加 ${fmtNum(item.maxPoints)} 分` : `最多加 ${fmtNum(item.cap)} 分`);
  else parts.push(item.cap == null || item.cap === item.maxPoints ? '扣完为止' : `最多扣 ${fmtNum(item.cap)} 分`);
  if (item.veto) parts.push('一票否决');
  if (item.evidence !== 'none') parts.push(vocab?.scheme.evidence[item.evidence] ?? item.evidence);
  if (item.rectifyDays != null) parts.push(item.rectifyDays === 0 ? '当天整改' : `限 ${item.rectifyDays} 天整改`);
  return parts.join(';');
}

// ---------------------------------------------------------------------------------------------------------------
// The ranking rule in words (screen summary, printout)

/** The grades a consequence counts, in words: its own list, or the lowest band (as db/ranking counts them). */
function consequenceGradesText(rule: ConsequenceRule, bands: GradeBand[]): string {
  if (rule.grades.length) return rule.grades.join('或');
  const lowest = [...bands].filter((b) => Number.isFinite(b.min)).sort((a, b) => a.min - b.min)[0];
  return lowest?.grade.trim() || '最低等级';
}

/** "连续 2 个月不合格约谈" — one consequence rule as the bulletin and the checklist say it. */
export function consequenceText(rule: ConsequenceRule, bands: GradeBand[], vocab: Vocabulary | null): string {
  const window = vocab?.scheme.consequenceWindow[rule.window] ?? rule.window;
  return `${window} ${fmtNum(rule.months)} 个月${consequenceGradesText(rule, bands)}${vocab?.scheme.consequence[rule.consequence] ?? rule.consequence}`;
}

/** The ranking rule as short phrases: "低于 88 分点名", "连续 2 个月不合格约谈", "综合得分:村 70% + 干线道路 30%" … */
export function rankingParts(rule: RankingRule, bands: GradeBand[], vocab: Vocabulary | null): string[] {
  const parts = [rule.exposureBelow === null ? '不设曝光线' : `低于 ${fmtNum(rule.exposureBelow)} 分点名`];
  parts.push(...rule.consequences.map((c) => consequenceText(c, bands, vocab)));
  if (rule.composite.length) {
    parts.push(`综合得分:${rule.composite.map((g) => `${g.label || '?'} ${fmtNum(g.weight)}%`).join(' + ')}`);
  }
  if (rule.unrankedTargetIds.length) parts.push(`对象 ${idsText(rule.unrankedTargetIds)} 只列得分不排名`);
  if (rule.yearExtrasWeight > 0) {
    parts.push(`年度得分:季度平均 ${fmtNum(100 - rule.yearExtrasWeight)}% + ${rule.yearExtrasLabel || '加分项'} ${fmtNum(rule.yearExtrasWeight)}%`);
  }
  return parts;
}

// ---------------------------------------------------------------------------------------------------------------
// 逾期整改扣分 in words (screen example, printout)

export type OverduePenaltyRule = NonNullable<SchemeDefinition['overduePenalty']>;

/** What the editor starts a new rule from: 1 point per order, at most 5 (a tenth of a grade band's width). */
export const DEFAULT_OVERDUE: OverduePenaltyRule = { pointsPerOrder: 1, cap: 5 };

/**
 * "上月锁定时逾期未整改的整改单,每件扣 1 分,最多扣 5 分,扣到 0 分为止" — the rule as the checklist prints it
 * (db/assessment/overdue.ts applies it). Empty while a number is not a number.
 */
export function overdueRuleText(rule: OverduePenaltyRule): string {
  if (!Number.isFinite(rule.pointsPerOrder) || (rule.cap !== null && !Number.isFinite(rule.cap))) return '';
  const cap = rule.cap === null ? '不设上限' : `最多扣 ${fmtNum(rule.cap)} 分`;
  return `上月锁定时已过整改期限仍未整改(未免除)的整改单,次月得分每件扣 ${fmtNum(rule.pointsPerOrder)} 分,${cap},扣到 0 分为止`;
}

/** The worked example under the fields: 3 overdue orders. */
export function overdueExampleText(rule: OverduePenaltyRule): string {
  if (!overdueRuleText(rule)) return '填写每件扣分(和最多扣分)后显示示例';
  const raw = h(rule.pointsPerOrder) * 3;
  const points = rule.cap === null ? raw : Math.min(raw, h(rule.cap));
  const capped = points < raw ? `(3 × ${fmtNum(rule.pointsPerOrder)} = ${fmtNum(raw / 100)},超过上限)` : '';
  return `上月锁定时有 3 件逾期未整改:本月得分扣 ${fmtNum(points / 100)} 分${capped},如 92.5 分 → ${fmtNum(Math.max(0, 9250 - points) / 100)} 分`;
}
