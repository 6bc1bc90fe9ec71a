/**
 * 考核 charts (DOMAIN §3.8–§3.10, §6.3) over the filter's months: average unit score per scheme category and
 * month, the grade distribution, contractors' rank movement, the deduction items that cost most points
 * (Pareto), the rectification on-time rate and the money withheld per contractor.
 *
 * A locked month's unit scores are the stored ones (monthly_results, status current); a month not locked is
 * computed live from its records (computeMonth) and its label says 未锁定. Ranks and money withheld exist
 * for locked months only (a ranking and the pay-by-quality deduction are final only once the month is).
 *
 * The rows behind an assessment number are inspections: current revisions (superseded_by IS NULL), approved
 * or locked, not excluded — for a unit score, exactly the inspections of the units averaged into it. The
 * street filter applies to the inspected target's street (a section by the streets it covers), the
 * contractor filter to the contractor a unit or inspection was scored under, the category to the scheme's.
 */
import { computeMonth } from '../assessment/monthly';
import { SCHEME_VOCABULARY } from '../assessment/scheme';
import type { GradeBand, SchemeCategory, SchemeDefinition } from '../assessment/types';
import { ApiError } from '../errors';
import { buildInternalRun } from '../ranking/internal';
import type { SqlValue } from '../sqlite';
import { chartOf, contractorNames, Env, FactIndex, monthText, num, pctText, series, type ChartSpec, type Fact } from './facts';
import { average, gradeDistribution, pareto, percent, rectificationCounted, rectificationOnTime, type RectificationFact } from './formulas';

const CATEGORY_ORDER = Object.keys(SCHEME_VOCABULARY.category) as SchemeCategory[];
const categoryLabel = (c: SchemeCategory) => SCHEME_VOCABULARY.category[c];

interface SchemeInfo {
  familyId: number;
  category: SchemeCategory;
  def: SchemeDefinition;
}

export interface UnitFact {
  month: string;
  locked: boolean;
  schemeId: number;
  familyId: number;
  category: SchemeCategory;
  targetType: string;
  targetId: number;
  contractorId: number | null;
  score: number | null;
  grade: string | null;
}

interface InspectionFact {
  id: number;
  month: string;
  schemeId: number;
  familyId: number;
  category: SchemeCategory;
  targetType: string;
  targetId: number;
  contractorId: number | null;
  contractId: number | null;
}

export interface AssessmentData {
  schemes: Map<number, SchemeInfo>;
  locked: string[];
  /** Months in range that had something to score and are not locked (computed live). */
  live: string[];
  /** Units passing the filters. */
  units: UnitFact[];
  /** Counted inspections passing the filters. */
  inspections: InspectionFact[];
  /** Every counted inspection of the period, unfiltered (money follows whole contracts, not single targets). */
  allInspections: InspectionFact[];
  /** Counted inspections (unfiltered: a unit brings all of its own) by unit key. */
  byUnit: Map<string, number[]>;
  /** Whether a target passes the street filter. */
  inStreet: (targetType: string, targetId: number) => boolean;
}

const unitKey = (month: string, familyId: number, targetType: string, targetId: number) => `${month}|${familyId}|${targetType}|${targetId}`;

/** Targets in the filter's street, as `type:id` (null: no street filter). */
async function streetTargets(env: Env): Promise<Set<string> | null> {
  const street = env.f.streetId;
  if (street === undefined) return null;
  const read = env.read;
  const out = new Set<string>([`street:${street}`]);
  const add = (type: string, rows: Array<{ id: number }>) => rows.forEach((r) => out.add(`${type}:${r.id}`));
  add('toilet', await read.all('SELECT id FROM toilets WHERE street_id = ?', [street]));
  add('estate', await read.all('SELECT e.id FROM estates e JOIN communities c ON c.id = e.community_id WHERE c.street_id = ?', [street]));
  add('section', await read.all('SELECT section_id AS id FROM bid_section_streets WHERE street_id = ?', [street]));
  add('community', await read.all('SELECT id FROM communities WHERE street_id = ?', [street]));
  return out;
}

/** Everything the assessment charts read, once per request. */
export function assessmentData(env: Env): Promise<AssessmentData> {
  return env.once('assessment', async () => {
    const { read, f } = env;
    const schemes = new Map(
      (await read.all<{ id: number; familyId: number; category: SchemeCategory; definition: string }>(
        'SELECT id, family_id AS familyId, category, definition FROM assessment_schemes',
      )).map((s) => [s.id, { familyId: s.familyId, category: s.category, def: JSON.parse(s.definition) as SchemeDefinition }]),
    );
    const locked = (await read.all<{ month: string }>('SELECT month FROM month_locks WHERE month BETWEEN ? AND ? ORDER BY month', [f.from, f.to])).map((r) => r.month);
    const lockedSet = new Set(locked);
    const withRecords = (await read.all<{ month: string }>(
      'SELECT DISTINCT month FROM inspections WHERE month BETWEEN ? AND ? AND superseded_by IS NULL ORDER BY month',
      [f.from, f.to],
    )).map((r) => r.month);
    const live = withRecords.filter((m) => !lockedSet.has(m));

    const all: UnitFact[] = (
      await read.all<Omit<UnitFact, 'locked'>>(
        `SELECT month, scheme_id AS schemeId, family_id AS familyId, category, target_type AS targetType, target_id AS targetId,
                contractor_id AS contractorId, score, grade
           FROM monthly_results WHERE status = 'current' AND month BETWEEN ? AND ? AND month IN (SELECT month FROM month_locks)`,
        [f.from, f.to],
      )
    ).map((u) => ({ ...u, locked: true }));
    for (const month of live) {
      for (const u of (await computeMonth(read, month)).units) {
        all.push({ month, locked: false, schemeId: u.schemeId, familyId: u.familyId, category: u.category, targetType: u.targetType, targetId: u.targetId, contractorId: u.contractorId, score: u.score, grade: u.grade });
      }
    }

    const counted = await read.all<InspectionFact>(
      `SELECT id, month, scheme_id AS schemeId, target_type AS targetType, target_id AS targetId, contractor_id AS contractorId, contract_id AS contractId
         FROM inspections
        WHERE month BETWEEN ? AND ? AND superseded_by IS NULL AND excluded = 0 AND status IN ('approved', 'locked')
        ORDER BY id`,
      [f.from, f.to],
    );
    const byUnit = new Map<string, number[]>();
    for (const i of counted) {
      const s = schemes.get(i.schemeId)!;
      i.familyId = s.familyId;
      i.category = s.category;
      const key = unitKey(i.month, i.familyId, i.targetType, i.targetId);
      const list = byUnit.get(key);
      if (list) list.push(i.id);
      else byUnit.set(key, [i.id]);
    }

    const street = await streetTargets(env);
    const inStreet = (type: string, id: number) => street == null || street.has(`${type}:${id}`);
    const passes = (x: { category: SchemeCategory; contractorId: number | null; targetType: string; targetId: number }) =>
      (f.category === undefined || x.category === f.category) &&
      (f.contractorId === undefined || x.contractorId === f.contractorId) &&
      inStreet(x.targetType, x.targetId);
    return { schemes, locked, live, units: all.filter(passes), inspections: counted.filter(passes), allInspections: counted, byUnit, inStreet };
  });
}

/** The inspections behind the units, as facts in (cat, s). */
function unitFacts(data: AssessmentData, units: UnitFact[], cat: (u: UnitFact) => string, s: (u: UnitFact) => string): Fact[] {
  const facts: Fact[] = [];
  for (const u of units) {
    for (const id of data.byUnit.get(unitKey(u.month, u.familyId, u.targetType, u.targetId)) ?? []) facts.push({ id, cat: cat(u), s: s(u), v: 1 });
  }
  return facts;
}

function categoriesOf(units: Array<{ category: SchemeCategory }>): SchemeCategory[] {
  const present = new Set(units.map((u) => u.category));
  return CATEGORY_ORDER.filter((c) => present.has(c));
}

function monthLabels(env: Env, data: AssessmentData): string[] {
  const live = new Set(data.live);
  return env.f.months.map((m) => (live.has(m) ? `${monthText(m)}(未锁定)` : monthText(m)));
}

const NO_SCORES = '所选期间没有考核成绩';
const UNIT_TEXT = '考核对象(标段、公厕、小区等)的月度得分';

const scoreByMonth: ChartSpec = {
  key: 'scoreByMonth',
  section: 'assessment',
  async build(env) {
    const data = await assessmentData(env);
    const scored = data.units.filter((u) => u.score != null);
    const facts = unitFacts(data, scored, (u) => u.month, (u) => u.category);
    const cats = categoriesOf(scored);
    const months = env.f.months;
    const avg = (m: string, c: SchemeCategory) => average(scored.filter((u) => u.month === m && u.category === c).map((u) => u.score));
    const overall = average(scored.map((u) => u.score));
    return {
      facts,
      chart: chartOf(
        this,
        {
          title: '月度平均得分(按考核类别)',
          kind: 'line',
          categories: monthLabels(env, data),
          categoryKeys: months,
          series: cats.map((c) => series(c, categoryLabel(c), months.map((m) => avg(m, c)), '分')),
          headline: overall != null ? `期间平均 ${num(overall)} 分(${num(scored.length)} 个单位·月)` : '',
          formula: `平均得分 = 该月该类别${UNIT_TEXT}的平均;已锁定月份取锁定时保存的成绩,未锁定月份按当前记录实时计算。点击打开这些得分所依据的检查记录`,
          drillTarget: 'inspections',
        },
        NO_SCORES,
      ),
    };
  },
};

/** Grades in band order (highest lower bound first) over the schemes in use, and each scheme's top grade. */
function gradeOrder(data: AssessmentData, units: UnitFact[]): { order: string[]; top: Map<number, string> } {
  const bands: GradeBand[] = [];
  const top = new Map<number, string>();
  for (const schemeId of new Set(units.map((u) => u.schemeId))) {
    const def = data.schemes.get(schemeId)?.def;
    if (!def?.gradeBands.length) continue;
    bands.push(...def.gradeBands);
    top.set(schemeId, [...def.gradeBands].sort((a, b) => b.min - a.min)[0].grade);
  }
  const order = [...bands].sort((a, b) => b.min - a.min).map((b) => b.grade);
  for (const u of units) if (u.grade) order.push(u.grade);
  return { order: [...new Set(order)], top };
}

/** 优秀率 over units: units with their scheme's top grade ÷ graded units. */
export function excellentOf(data: AssessmentData, units: UnitFact[]): { graded: number; excellent: number; rate: number | null } {
  const { top } = gradeOrder(data, units);
  const graded = units.filter((u) => u.grade);
  const excellent = graded.filter((u) => u.grade === top.get(u.schemeId)).length;
  return { graded: graded.length, excellent, rate: percent(excellent, graded.length) };
}

const gradeDistributionChart: ChartSpec = {
  key: 'gradeDistribution',
  section: 'assessment',
  async build(env) {
    const data = await assessmentData(env);
    const graded = data.units.filter((u) => u.grade);
    const { order } = gradeOrder(data, graded);
    const cats = categoriesOf(graded);
    const facts = unitFacts(data, graded, (u) => u.grade!, (u) => u.category);
    const perCategory = cats.map((c) => gradeDistribution(graded.filter((u) => u.category === c).map((u) => u.grade), order, order[0]));
    const ex = excellentOf(data, graded);
    return {
      facts,
      chart: chartOf(
        this,
        {
          title: '考核等级分布',
          kind: 'bar',
          categories: order,
          categoryKeys: order,
          series: cats.map((c, i) => series(c, categoryLabel(c), order.map((g) => perCategory[i].counts.get(g) ?? 0), '个')),
          headline: graded.length ? `优秀率 ${pctText(ex.rate)}(${num(ex.excellent)} / ${num(ex.graded)} 个单位·月)` : '',
          formula: `各等级的${UNIT_TEXT}个数(每个对象每月计一次,等级按细则的分数段,以两位小数得分判定);优秀率 = 最高等级的个数 ÷ 有等级的个数 × 100%。点击打开这些得分所依据的检查记录`,
          drillTarget: 'inspections',
        },
        NO_SCORES,
      ),
    };
  },
};

/** The category whose ranks are shown: the filter's, else the first (in vocabulary order) with locked results. */
function rankCategory(env: Env, data: AssessmentData): SchemeCategory | null {
  if (env.f.category) return env.f.category;
  return categoriesOf(data.units.filter((u) => u.locked && u.score != null))[0] ?? null;
}

const rankingMovement: ChartSpec = {
  key: 'rankingMovement',
  section: 'assessment',
  async build(env) {
    const data = await assessmentData(env);
    const names = await contractorNames(env);
    const category = rankCategory(env, data);
    const months = data.locked;
    // Ranks per locked month by the ranking module's own rule (1224 on the rounded score, ties share a rank).
    const ranks = new Map<string, Map<string, number>>();
    const order: string[] = [];
    if (category) {
      for (const month of months) {
        // A month the category cannot be ranked in (no results of its families) shows a gap, not an error.
        const run = await buildInternalRun(env.read, { period: month, category, unitType: 'contractor' }).catch((err: unknown) => {
          if (err instanceof ApiError) return null;
          throw err;
        });
        for (const row of run?.rows ?? []) {
          if (row.rank == null || row.unitId == null) continue;
          const key = String(row.unitId);
          if (env.f.contractorId !== undefined && row.unitId !== env.f.contractorId) continue;
          if (!ranks.has(key)) {
            ranks.set(key, new Map());
            order.push(key);
          }
          ranks.get(key)!.set(month, row.rank);
        }
      }
    }
    const keys = order.sort((a, b) => Number(a) - Number(b));
    const wanted = new Set(keys);
    const units = data.units.filter((u) => u.locked && u.category === category && u.contractorId != null && wanted.has(String(u.contractorId)));
    const facts = unitFacts(data, units, (u) => u.month, (u) => String(u.contractorId));
    const street = env.f.streetId !== undefined ? '(名次为全区排名,检查记录按街道筛选)' : '';
    return {
      facts,
      chart: chartOf(
        this,
        {
          title: category ? `作业单位月度排名(${categoryLabel(category)})` : '作业单位月度排名',
          kind: 'rankLine',
          categories: months.map(monthText),
          categoryKeys: months,
          series: keys.map((k) => series(k, names.get(Number(k)) ?? `作业单位${k}`, months.map((m) => ranks.get(k)!.get(m) ?? null), '名')),
          headline: category && keys.length ? `${categoryLabel(category)} · ${num(months.length)} 个已锁定月份${street}` : '',
          formula:
            '各已锁定月份按作业单位排名:单位得分 = 其所辖考核对象当月得分的平均,按两位小数四舍五入后的得分排名,并列同名次、其后名次顺延(与“排名”功能同一规则)。点击打开该单位该月的检查记录',
          drillTarget: 'inspections',
        },
        category ? '所选期间没有已锁定月份的作业单位成绩' : '所选期间没有已锁定月份的考核成绩',
      ),
    };
  },
};

/** Pareto bars shown by name; the rest are summed into one last bar. */
export const PARETO_ITEMS = 20;

const deductionPareto: ChartSpec = {
  key: 'deductionPareto',
  section: 'assessment',
  async build(env) {
    const data = await assessmentData(env);
    const ids = data.inspections.map((i) => i.id);
    const family = new Map(data.inspections.map((i) => [i.id, i.familyId]));
    // Bonus items (加分) store positive points too: they add to a score, they are not deductions.
    const scheme = new Map(data.inspections.map((i) => [i.id, i.schemeId]));
    const bonusItems = new Set([...data.schemes].flatMap(([id, s]) => s.def.items.filter((item) => item.bonus).map((item) => `${id}:${item.code}`)));
    const findings = (
      ids.length
        ? await env.read.all<{ inspectionId: number; itemCode: string; points: number }>(
            `SELECT inspection_id AS inspectionId, item_code AS itemCode, sum(points) AS points FROM findings
              WHERE inspection_id IN (SELECT value FROM json_each(?)) AND points > 0 GROUP BY 1, 2`,
            [JSON.stringify(ids)],
          )
        : []
    ).filter((r) => !bonusItems.has(`${scheme.get(r.inspectionId)}:${r.itemCode}`));
    // An item is its scheme family and code: codes repeat across schemes.
    const itemKey = (r: { inspectionId: number; itemCode: string }) => `${family.get(r.inspectionId)}:${r.itemCode}`;
    const totals = new Map<string, number>();
    for (const r of findings) totals.set(itemKey(r), (totals.get(itemKey(r)) ?? 0) + r.points);
    const ranked = pareto([...totals].map(([key, points]) => ({ key, points })));
    const shown = ranked.slice(0, PARETO_ITEMS);
    const rest = new Set(ranked.slice(PARETO_ITEMS).map((r) => r.key));
    const facts: Fact[] = findings.map((r) => ({ id: r.inspectionId, cat: rest.has(itemKey(r)) ? 'other' : itemKey(r), s: 'points', v: r.points }));
    const idx = new FactIndex(facts);
    const titles = itemTitles(data);
    const cats = [...shown.map((r) => r.key), ...(rest.size ? ['other'] : [])];
    const total = ranked.reduce((s, r) => s + r.points, 0);
    let running = 0;
    const cumulative = cats.map((c) => {
      running += idx.sum(c, 'points');
      return percent(running, total);
    });
    const labels = cats.map((c) => (c === 'other' ? `其他(${rest.size} 项)` : titles.get(c) ?? c.split(':')[1]));
    // Two items of different schemes may share a title: name the scheme's category then.
    const dup = labels.map((l, i) => labels.indexOf(l) !== i || labels.lastIndexOf(l) !== i);
    const categories = labels.map((l, i) => (dup[i] ? `${l}(${categoryLabel(familyCategory(data, Number(cats[i].split(':')[0])))})` : l));
    return {
      facts,
      chart: chartOf(
        this,
        {
          title: '扣分项目排名(帕累托)',
          kind: 'pareto',
          categories,
          categoryKeys: cats,
          series: [series('points', '扣分', cats.map((c) => idx.sum(c, 'points')), '分'), series('cumulative', '累计占比', cumulative, '%', { drillable: false })],
          headline: ranked.length ? `共扣 ${num(total)} 分,前 3 项占 ${pctText(ranked[Math.min(2, ranked.length - 1)].cumulative)}` : '',
          formula: `各扣分项目在期间内所有计分检查(已审核或已锁定、当前版本、未剔除)中的扣分之和,从高到低排列(同分按细则和编号),折线为累计占比;前 ${PARETO_ITEMS} 项之外的合并为“其他”。点击打开含该项目扣分的检查记录`,
          drillTarget: 'inspections',
        },
        '所选期间的检查没有扣分',
      ),
    };
  },
};

function familyCategory(data: AssessmentData, familyId: number): SchemeCategory {
  for (const s of data.schemes.values()) if (s.familyId === familyId) return s.category;
  return 'composite';
}

/** `family:code` → the item's title in the family's latest version that has it. */
function itemTitles(data: AssessmentData): Map<string, string> {
  const out = new Map<string, string>();
  const ids = [...data.schemes.keys()].sort((a, b) => a - b);
  for (const id of ids) {
    const s = data.schemes.get(id)!;
    for (const item of s.def.items) out.set(`${s.familyId}:${item.code}`, item.title.replace(/[((].*$/, '') || item.code);
  }
  return out;
}

interface OrderRow extends RectificationFact {
  id: number;
  month: string;
  schemeId: number;
  targetType: string;
  targetId: number;
  contractorId: number | null;
}

/** The period's rectification orders passing the filters, by the month of the inspection that issued them. */
export function rectificationFacts(env: Env): Promise<OrderRow[]> {
  return env.once('rectifications', async () => {
    const data = await assessmentData(env);
    const { f } = env;
    const rows = await env.read.all<OrderRow>(
      `SELECT r.id, r.status, r.deadline, r.fixed_at AS fixedAt, i.month, i.scheme_id AS schemeId, i.target_type AS targetType, i.target_id AS targetId,
              i.contractor_id AS contractorId
         FROM rectifications r JOIN inspections i ON i.id = r.inspection_id
        WHERE i.month BETWEEN ? AND ? ORDER BY r.id`,
      [f.from, f.to],
    );
    return rows.filter(
      (o) =>
        (f.category === undefined || data.schemes.get(o.schemeId)?.category === f.category) &&
        (f.contractorId === undefined || o.contractorId === f.contractorId) &&
        data.inStreet(o.targetType, o.targetId),
    );
  });
}

const rectificationOnTimeChart: ChartSpec = {
  key: 'rectificationOnTime',
  section: 'assessment',
  async build(env) {
    const { f } = env;
    const orders = await rectificationFacts(env);
    const facts: Fact[] = orders
      .filter((o) => rectificationCounted(o, f.asOf))
      .map((o) => ({ id: o.id, cat: o.month, s: rectificationOnTime(o) ? 'onTime' : 'late', v: 1 }));
    const idx = new FactIndex(facts);
    const months = f.months;
    const onTime = months.map((m) => idx.count(m, 'onTime'));
    const late = months.map((m) => idx.count(m, 'late'));
    const totalOnTime = onTime.reduce((s, n) => s + n, 0);
    return {
      facts,
      chart: chartOf(
        this,
        {
          title: '整改按时完成率',
          kind: 'barLine',
          categories: months.map(monthText),
          categoryKeys: months,
          series: [
            series('onTime', '按时完成', onTime, '件', { axis: 'left' }),
            series('late', '逾期或未按时', late, '件', { axis: 'left' }),
            series('rate', '按时完成率', months.map((_, i) => percent(onTime[i], onTime[i] + late[i])), '%', { axis: 'right' }),
          ],
          headline: facts.length ? `按时完成率 ${pctText(percent(totalOnTime, facts.length))}(${num(totalOnTime)} / ${num(facts.length)} 件)` : '',
          formula: `按检查所属月份:计入的整改单 = 已到期(期限 ≤ ${f.asOf})或已整改的整改单,免除的不计;按时完成 = 已整改(含已销号)且整改日期不晚于期限;按时完成率 = 按时完成 ÷ 计入 × 100%。点击打开这些整改单`,
          drillTarget: 'rectifications',
        },
        '所选期间没有到期的整改单',
      ),
    };
  },
  drillSeries: (s) => (s === 'rate' ? ['onTime', 'late'] : [s]),
};

const moneyWithheld: ChartSpec = {
  key: 'moneyWithheld',
  section: 'assessment',
  async build(env) {
    const data = await assessmentData(env);
    const { f } = env;
    const names = await contractorNames(env);
    const params: SqlValue[] = [JSON.stringify(data.locked)];
    let where = '';
    if (f.contractorId !== undefined) {
      where += ' AND EXISTS (SELECT 1 FROM contract_contractors cc WHERE cc.contract_id = c.id AND cc.contractor_id = ?)';
      params.push(f.contractorId);
    }
    if (f.streetId !== undefined) {
      where += ' AND EXISTS (SELECT 1 FROM bid_sections b JOIN bid_section_streets bs ON bs.section_id = b.id WHERE b.contract_id = c.id AND bs.street_id = ?)';
      params.push(f.streetId);
    }
    const payments = (
      await env.read.all<{ month: string; contractId: number; lead: number; schemeId: number; totalFen: number }>(
        `SELECT p.month, p.contract_id AS contractId, c.lead_contractor_id AS lead, p.scheme_id AS schemeId, p.total_fen AS totalFen
           FROM monthly_payments p JOIN contracts c ON c.id = p.contract_id
          WHERE p.status = 'current' AND p.month IN (SELECT value FROM json_each(?))${where}`,
        params,
      )
    ).filter((p) => f.category === undefined || data.schemes.get(p.schemeId)?.category === f.category);
    const money = new Map<number, number>();
    for (const p of payments) money.set(p.lead, (money.get(p.lead) ?? 0) + p.totalFen);
    // Behind a contractor's sum: the counted inspections of its contracts under the paying scheme family. The
    // filters chose whole contracts above, so every inspection of a chosen contract is behind its money, whatever
    // the inspected target's street or the contractor recorded on the inspection.
    const paid = new Map(payments.map((p) => [`${p.month}|${p.contractId}|${data.schemes.get(p.schemeId)!.familyId}`, p.lead]));
    const facts: Fact[] = data.allInspections.flatMap((i) => {
      const lead = i.contractId == null ? undefined : paid.get(`${i.month}|${i.contractId}|${i.familyId}`);
      return lead === undefined ? [] : [{ id: i.id, cat: String(lead), s: 'money', v: 1 }];
    });
    const leads = [...money.keys()].sort((a, b) => money.get(b)! - money.get(a)! || a - b);
    const total = [...money.values()].reduce((s, x) => s + x, 0);
    return {
      facts,
      chart: chartOf(
        this,
        {
          title: '扣款金额(按作业单位)',
          kind: 'bar',
          categories: leads.map((id) => names.get(id) ?? `作业单位${id}`),
          categoryKeys: leads.map(String),
          series: [series('money', '扣款', leads.map((id) => money.get(id)! / 100), '元')],
          headline: payments.length ? `已锁定月份扣款合计 ${num(total / 100)} 元` : '',
          formula: '各作业单位(合同牵头单位)在期间内已锁定月份的按质核拨扣款之和(月度扣款结果,含更正后的现行结果);未锁定月份不计。点击打开这些合同当月的检查记录',
          drillTarget: 'inspections',
        },
        data.locked.length ? '已锁定月份没有扣款记录' : '所选期间没有已锁定的月份,扣款在锁定后才确定',
      ),
    };
  },
};

export const ASSESSMENT_CHARTS: ChartSpec[] = [scoreByMonth, gradeDistributionChart, rankingMovement, deductionPareto, rectificationOnTimeChart, moneyWithheld];
