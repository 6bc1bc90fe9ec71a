/**
 * An internal ranking (DOMAIN §3.6–3.10, §4.2 step 5): the units of one period × category × unit type ranked from
 * the stored scores of locked months. Built as a whole RankingRun (not yet stored; runs.ts stores and approves it).
 */
import { gradeOf, rankingRuleOf, SCHEME_VOCABULARY } from '../assessment/scheme';
import type { SchemeCategory, SchemeDefinition, TargetType } from '../assessment/types';
import { previousMonth } from '../dates';
import { ApiError } from '../errors';
import type { Tx } from '../sqlite';
import { monthUnitScores, periodUnitScores, problemsText, rankingRows, runSummary, type MonthUnitScore } from './compute';
import { parsePeriod, type ParsedPeriod } from './period';
import {
  categoryFamilies,
  contractLeads,
  liveMonth,
  liveUnits,
  lockedMonths,
  periodFindings,
  SchemeCache,
  schemeCategory,
  storedMonths,
  supports,
  supportedUnitTypes,
  UnitMap,
  unitNames,
  unknownCategory,
  type Family,
  type MonthData,
} from './sources';
import type { RankingRun, RankUnitType } from './types';
import { UNIT_TYPE_LABELS } from './vocabulary';

export interface BuildInput {
  period: string;
  category: string;
  unitType?: RankUnitType;
  familyId?: number;
  extras?: Array<{ unitId: number; score: number }>;
}

/** The 11 months before `month`, oldest first (consequences look back at most a year). */
function monthsBefore(month: string): string[] {
  const out: string[] = [];
  for (let m = previousMonth(month); out.length < 11; m = previousMonth(m)) out.unshift(m);
  return out;
}

/** How the score is made, in the bulletin's words. */
function formulaOf(def: SchemeDefinition, unitType: RankUnitType, targetTypes: TargetType[], aggregated: boolean, period: ParsedPeriod): string {
  const comps = def.components.length === 1 ? `${def.components[0].label}得分` : def.components.map((c) => `${c.label}${c.weight}%`).join('+');
  const targetLabel = targetTypes.map((t) => SCHEME_VOCABULARY.targetType[t]).join('、');
  const rule = rankingRuleOf(def);
  const parts: string[] = [];
  if (aggregated) {
    const whole = rule.composite.length ? rule.composite.map((g) => `${g.label}平均×${g.weight}%`).join('+') : `所辖${targetLabel}得分的平均`;
    parts.push(`${UNIT_TYPE_LABELS[unitType]}得分=${whole}`, `${targetLabel}得分=${comps}`);
  } else parts.push(`得分=${comps}`);
  if (period.kind === 'quarter' || period.kind === 'round') parts.push(`${period.kind === 'quarter' ? '季度' : '本轮'}得分=各月得分的平均`);
  if (period.kind === 'year') {
    parts.push(
      rule.yearExtrasWeight > 0
        ? `年度得分=各季度得分的平均×${100 - rule.yearExtrasWeight}%+${rule.yearExtrasLabel}×${rule.yearExtrasWeight}%`
        : '年度得分=各季度得分的平均(季度得分=各月得分的平均)',
    );
  }
  return parts.join(';');
}

interface Resolved {
  category: SchemeCategory;
  families: Family[];
  governing: Family;
  unitType: RankUnitType;
  targetTypes: TargetType[];
  aggregated: boolean;
}

async function resolve(tx: Tx, input: BuildInput): Promise<Resolved> {
  const category = schemeCategory(input.category);
  if (!category) throw await unknownCategory(tx, input.category);
  let families = await categoryFamilies(tx, category);
  if (!families.length) throw await unknownCategory(tx, input.category);
  if (input.familyId != null) {
    families = families.filter((f) => f.familyId === input.familyId);
    if (!families.length) {
      throw new ApiError('validation', `考核细则(编号 ${input.familyId})不属于“${SCHEME_VOCABULARY.category[category]}”类别,请重新选择`, { familyId: '细则与类别不符' });
    }
  }
  const allTypes = [...new Set(families.map((f) => f.targetType))];
  const unitType: RankUnitType = input.unitType ?? (allTypes.length === 1 ? allTypes[0] : 'contractor');
  // Ranking the assessed targets themselves counts only the families that assess that kind of target.
  if ((allTypes as string[]).includes(unitType)) families = families.filter((f) => f.targetType === unitType);
  const targetTypes = [...new Set(families.map((f) => f.targetType))];
  if (!targetTypes.every((t) => supports(unitType, t))) {
    const allowed = supportedUnitTypes(allTypes)
      .map((t) => UNIT_TYPE_LABELS[t])
      .join('、');
    throw new ApiError(
      'validation',
      `“${SCHEME_VOCABULARY.category[category]}”考核的对象是${allTypes.map((t) => SCHEME_VOCABULARY.targetType[t]).join('、')},不能按${UNIT_TYPE_LABELS[unitType]}排名;可按 ${allowed} 排名`,
      { unitType: `可按 ${allowed} 排名` },
    );
  }
  const aggregated = !(targetTypes as string[]).includes(unitType);
  return { category, families, governing: families[0], unitType, targetTypes, aggregated };
}

/**
 * Builds the run. `source: 'stored'` reads locked months only and refuses a period with months not locked;
 * `source: 'live'` computes each month from its inspections now (the bench, and nothing else).
 */
export async function buildInternalRun(tx: Tx, input: BuildInput, source: 'stored' | 'live' = 'stored'): Promise<RankingRun> {
  const period = parsePeriod(input.period);
  const r = await resolve(tx, input);
  const familyIds = r.families.map((f) => f.familyId);

  const history = period.kind === 'month' ? monthsBefore(period.months[0]) : [];
  let data: Map<string, MonthData>;
  if (source === 'stored') {
    const locked = await lockedMonths(tx, [...period.months, ...history]);
    const open = period.months.filter((m) => !locked.has(m));
    if (open.length) {
      const names = open.map((m) => `${m.slice(0, 4)}年${Number(m.slice(5))}月`);
      const list = names.length > 4 ? `${names.slice(0, 3).join('、')} 等 ${names.length} 个月` : names.join('、');
      throw new ApiError(
        'validation',
        `${period.label}的排名只能用已锁定月份的成绩,${list}尚未锁定。请先在“月度成绩”中核对并锁定${open.length > 1 ? '这些月份' : '该月'},再计算排名。`,
        { period: `${open.join('、')} 未锁定` },
      );
    }
    data = await storedMonths(tx, [...period.months, ...history.filter((m) => locked.has(m))], familyIds);
  } else {
    data = new Map();
    for (const m of period.months) data.set(m, await liveMonth(tx, m, familyIds));
  }

  // The rules of the version the period's results were scored under (the latest result's), else the latest.
  const lastScheme = period.months
    .flatMap((m) => data.get(m)?.units ?? [])
    .filter((u) => u.familyId === r.governing.familyId)
    .reduce((max, u) => Math.max(max, u.schemeId), 0);
  const schemes = new SchemeCache(tx);
  const governing = (lastScheme && (await schemes.get(lastScheme))) || { name: r.governing.name, def: r.governing.def };
  const rule = rankingRuleOf(governing.def);
  const bands = governing.def.gradeBands;

  const map = await UnitMap.load(tx, r.unitType, r.targetTypes);
  const unitsOf = (u: { targetType: TargetType; targetId: number; contractorId: number | null }) => map.unitsFor(u.targetType, u.targetId, u.contractorId);
  const live = await liveUnits(tx, r.unitType, r.category, period.months);
  const liveNames = new Map(live.map((u) => [u.id, u.name]));
  // Names as scored: a target's snapshot, a contractor's name on its latest result; streets and villages as now.
  const nameOf = (u: { targetName: string; contractorName: string | null }, id: number): string => {
    if (!r.aggregated) return u.targetName;
    if (r.unitType === 'contractor' && u.contractorName) return u.contractorName;
    return liveNames.get(id) ?? '';
  };
  const byMonth = new Map<string, Map<number, MonthUnitScore>>();
  for (const [month, d] of data) {
    byMonth.set(month, monthUnitScores(d.units, unitsOf, { aggregated: r.aggregated, composite: rule.composite, nameOf }));
  }
  const periodMonths = new Map(period.months.map((m) => [m, byMonth.get(m) ?? new Map<number, MonthUnitScore>()]));
  const extras = period.kind === 'year' && rule.yearExtrasWeight > 0
    ? { weight: rule.yearExtrasWeight, label: rule.yearExtrasLabel, scores: new Map((input.extras ?? []).map((e) => [e.unitId, e.score])) }
    : null;
  const scores = periodUnitScores(period.groups, periodMonths, extras);
  // Names of units no longer live (a street renamed since keeps its current name; deleted ones their id).
  const missing = [...scores.entries()].filter(([id, s]) => !s.name && !liveNames.has(id)).map(([id]) => id);
  if (missing.length) {
    const names = await unitNames(tx, r.unitType, missing);
    for (const id of missing) scores.get(id)!.name = names.get(id) ?? '';
  }

  // Earlier months' grades, for consequences (month runs only).
  const grades = new Map<number, Map<string, string>>();
  for (const month of history) {
    for (const [id, s] of byMonth.get(month) ?? []) {
      if (s.score == null) continue;
      const g = grades.get(id) ?? new Map<string, string>();
      g.set(month, gradeOf(bands, s.score));
      grades.set(id, g);
    }
  }

  const findings = await periodFindings(tx, period.months, familyIds, schemes);
  const perUnit = new Map<number, Array<{ section: string; text: string }>>();
  for (const t of findings) {
    for (const id of unitsOf(t)) {
      const list = perUnit.get(id);
      if (list) list.push(...t.findings);
      else perUnit.set(id, [...t.findings]);
    }
  }
  const problems = new Map([...perUnit].map(([id, list]) => [id, problemsText(list)]));

  let money: Map<number, number> | null = null;
  if (r.unitType === 'contractor') {
    money = new Map();
    const payments = period.months.flatMap((m) => data.get(m)?.payments ?? []);
    const leads = await contractLeads(tx, [...new Set(payments.map((p) => p.contractId))]);
    for (const p of payments) {
      const lead = leads.get(p.contractId);
      if (lead != null) money.set(lead, (money.get(lead) ?? 0) + p.totalFen);
    }
  }

  const rows = rankingRows({
    unitType: r.unitType,
    kind: period.kind,
    lastMonth: period.months[period.months.length - 1],
    scores,
    live,
    rule,
    bands,
    unranked: new Set(r.aggregated ? [] : rule.unrankedTargetIds),
    problems,
    money,
    history: grades,
  });
  return {
    id: 0,
    period: period.period,
    periodKind: period.kind,
    category: r.category,
    categoryLabel: SCHEME_VOCABULARY.category[r.category],
    unitType: r.unitType,
    source: 'internal',
    schemeFamilyId: r.governing.familyId,
    status: 'draft',
    supersedesId: null,
    supersededById: null,
    computedAt: new Date().toISOString(),
    computedBy: '',
    approvedAt: null,
    approvedBy: null,
    ...runSummary(rows, bands),
    scoreFormula: formulaOf(governing.def, r.unitType, r.targetTypes, r.aggregated, period),
    fileName: null,
    exposureLine: rule.exposureBelow,
    schemeName: governing.name,
    note: null,
    rows,
  };
}
