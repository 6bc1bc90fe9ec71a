/**
 * From unit scores to ranked rows (DOMAIN §3.6–3.10): pure, no I/O, so the rules can be tested on numbers and
 * the same code ranks stored (locked) months and, in the bench, months computed live from inspections.
 *
 * 1. A month's score per ranked unit: the unit's own score when the unit is the assessed target; for a unit made of
 *    several targets (a contractor, a street) the mean of their scores, or the scheme's composite groups
 *    (villages 70 % + trunk road 30 %).
 * 2. The period's score: a quarter or a round is the mean of its months, a year the mean of its quarters (each the
 *    mean of its months), optionally × 95 % + extras × 5 %. Months a unit was not scored in are left out.
 * 3. Ranks on the score rounded half-up to 2 decimals (rank.ts), grades, the exposure line, and consequences
 *    over earlier months (不合格 two months running → 约谈 …).
 */
import type { UnitScore } from '../assessment/monthly';
import { consequenceGrades, gradeOf } from '../assessment/scheme';
import { round2 } from '../assessment/scoring';
import { previousMonth } from '../dates';
import type { CompositeGroup, GradeBand, RankingRule, TargetType } from '../assessment/types';
import { chineseOrdinal, rankRows } from './rank';
import type { Consequence, PeriodKind, RankingRow, RankingRun, RankUnitType } from './types';

/** A unit of the ranked type that is live in the period (listed as 未检查 when nothing scored it). */
export interface LiveUnit {
  id: number;
  name: string;
  sortOrder: number;
}

/** One ranked unit's score in one month, with its weighted components and what made it. */
export interface MonthUnitScore {
  score: number | null;
  components: Record<string, number>;
  inspections: number;
  /** The name printed: the target's snapshot, or the contractor's as scored. */
  name: string;
}

/** Which ranked units a target's score counts for (the target itself, its contractor, its street …). */
export type UnitsOf = (u: UnitScore) => number[];

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** Sums and counts of components by label, to average them without keeping every value. */
type ComponentAcc = Map<string, { sum: number; n: number }>;

function addComponents(into: ComponentAcc, components: Record<string, number>) {
  for (const label in components) {
    const acc = into.get(label);
    if (acc) {
      acc.sum += components[label];
      acc.n += 1;
    } else into.set(label, { sum: components[label], n: 1 });
  }
}

function meanComponents(acc: ComponentAcc): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [label, { sum, n }] of acc) out[label] = sum / n;
  return out;
}

/** A target's weighted components by label (现场检查 82.8, 整改反馈 9.5 …). */
function weightedComponents(u: UnitScore): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of u.components) if (c.weighted != null) out[c.label] = c.weighted;
  // 逾期整改扣分 is taken off after the components: a negative line, so the components add up to the score.
  if (u.overdue && u.overdue.points > 0) out['逾期整改扣分'] = -u.overdue.points;
  return out;
}

/** The composite group a target belongs to (see CompositeGroup), or undefined when none takes it. */
export function groupOf(groups: CompositeGroup[], targetType: TargetType, targetId: number): CompositeGroup | undefined {
  return (
    groups.find((g) => g.targetIds.includes(targetId) && (g.targetType == null || g.targetType === targetType)) ??
    groups.find((g) => g.targetType === targetType && g.targetIds.length === 0) ??
    groups.find((g) => g.targetType == null && g.targetIds.length === 0)
  );
}

/**
 * A composite score from the groups' members' scores: Σ weight × mean(group) over the groups that have a score,
 * divided by the weights of those groups (a group with nothing scored leaves the others to stand for the whole).
 * Components are the groups' weighted shares, so they add up to the score.
 */
export function compositeScore(groups: CompositeGroup[], members: Array<{ group: CompositeGroup; score: number }>): { score: number; components: Record<string, number> } | null {
  const present = groups
    .map((g) => ({ g, scores: members.filter((m) => m.group === g).map((m) => m.score) }))
    .filter((x) => x.scores.length > 0);
  if (!present.length) return null;
  const weights = present.reduce((s, x) => s + x.g.weight, 0);
  const components: Record<string, number> = {};
  let score = 0;
  for (const { g, scores } of present) {
    const share = (g.weight * mean(scores)) / weights;
    components[`${g.label}(${g.weight}%)`] = share;
    score += share;
  }
  return { score, components };
}

/** Step 1: every ranked unit's score in one month. `aggregated` when units are made of several targets. */
export function monthUnitScores(units: UnitScore[], unitsOf: UnitsOf, options: { aggregated: boolean; composite: CompositeGroup[]; nameOf?: (u: UnitScore, unitId: number) => string }): Map<number, MonthUnitScore> {
  const byUnit = new Map<number, UnitScore[]>();
  for (const u of units) {
    for (const id of unitsOf(u)) {
      const list = byUnit.get(id);
      if (list) list.push(u);
      else byUnit.set(id, [u]);
    }
  }
  const out = new Map<number, MonthUnitScore>();
  for (const [id, members] of byUnit) {
    const scored = members.filter((m) => m.score != null);
    const inspections = members.reduce((s, m) => s + m.inspections, 0);
    const name = options.nameOf ? options.nameOf(members[members.length - 1], id) : members[members.length - 1].targetName;
    if (!scored.length) {
      out.set(id, { score: null, components: {}, inspections, name });
      continue;
    }
    if (options.aggregated && options.composite.length) {
      const grouped = scored.flatMap((m) => {
        const group = groupOf(options.composite, m.targetType, m.targetId);
        return group ? [{ group, score: m.score! }] : [];
      });
      const composite = compositeScore(options.composite, grouped);
      out.set(id, { score: composite?.score ?? null, components: composite?.components ?? {}, inspections, name });
      continue;
    }
    const acc: ComponentAcc = new Map();
    for (const m of scored) addComponents(acc, weightedComponents(m));
    out.set(id, { score: mean(scored.map((m) => m.score!)), components: meanComponents(acc), inspections, name });
  }
  return out;
}

export interface PeriodUnitScore {
  score: number | null;
  components: Record<string, number>;
  inspections: number;
  name: string;
  /** Months with a score, in order. */
  months: string[];
}

/**
 * Step 2: the period's score of every unit from its month scores. `groups` are the period's months as it averages
 * them (one group for a month, round or quarter; four quarters for a year). With `extras`, the year's score is
 * mean × (100 − weight) % + extras × weight % (a unit without an extras score gets 0 for them).
 */
export function periodUnitScores(
  groups: string[][],
  byMonth: Map<string, Map<number, MonthUnitScore>>,
  extras: { weight: number; label: string; scores: Map<number, number> } | null,
): Map<number, PeriodUnitScore> {
  const ids = new Set<number>();
  for (const m of byMonth.values()) for (const id of m.keys()) ids.add(id);
  const out = new Map<number, PeriodUnitScore>();
  for (const id of ids) {
    const groupScores: number[] = [];
    const groupComponents: ComponentAcc = new Map();
    const months: string[] = [];
    let inspections = 0;
    let name = '';
    for (const group of groups) {
      const monthScores: number[] = [];
      const acc: ComponentAcc = new Map();
      for (const month of group) {
        const s = byMonth.get(month)?.get(id);
        if (!s) continue;
        inspections += s.inspections;
        name = s.name;
        if (s.score == null) continue;
        monthScores.push(s.score);
        months.push(month);
        addComponents(acc, s.components);
      }
      if (!monthScores.length) continue;
      groupScores.push(mean(monthScores));
      addComponents(groupComponents, meanComponents(acc));
    }
    let score = groupScores.length ? mean(groupScores) : null;
    let components = meanComponents(groupComponents);
    if (score != null && extras && extras.weight > 0) {
      const keep = (100 - extras.weight) / 100;
      const extra = ((extras.scores.get(id) ?? 0) * extras.weight) / 100;
      components = Object.fromEntries(Object.entries(components).map(([k, v]) => [k, v * keep]));
      components[`${extras.label}(${extras.weight}%)`] = extra;
      score = score * keep + extra;
    }
    out.set(id, { score, components, inspections, name, months });
  }
  return out;
}

/** The consequences a month's grade brings, given the unit's grades of earlier months (month → grade). */
export function consequencesOf(rule: RankingRule, bands: GradeBand[], month: string, grade: string | null, earlier: Map<string, string>): Consequence[] {
  return consequenceJudge(rule, bands)(month, grade, earlier);
}

/** consequencesOf with the rule's grade sets worked out once, for a whole run's rows. */
function consequenceJudge(rule: RankingRule, bands: GradeBand[]): (month: string, grade: string | null, earlier: Map<string, string>) => Consequence[] {
  const rules = rule.consequences.map((c) => ({ c, counted: new Set(consequenceGrades(c, bands)) }));
  return (month, grade, earlier) => {
    if (!grade) return [];
    const out: Consequence[] = [];
    for (const { c, counted } of rules) {
      if (!counted.has(grade)) continue;
      let n = 1;
      if (c.window === 'consecutive') {
        for (let m = previousMonth(month); n < c.months && counted.has(earlier.get(m) ?? ''); m = previousMonth(m)) n += 1;
      } else {
        for (const [m, g] of earlier) if (m < month && m.slice(0, 4) === month.slice(0, 4) && counted.has(g)) n += 1;
      }
      if (n >= c.months && !out.includes(c.consequence)) out.push(c.consequence);
    }
    return out;
  };
}

export interface RowsInput {
  unitType: RankUnitType;
  kind: PeriodKind;
  /** The period's last month (consequences are judged on it in month runs). */
  lastMonth: string;
  scores: Map<number, PeriodUnitScore>;
  live: LiveUnit[];
  rule: RankingRule;
  bands: GradeBand[];
  /** Unit ids printed without a rank. */
  unranked: Set<number>;
  problems: Map<number, string>;
  /** Money withheld per unit in the period (fen); absent: the unit type carries no money (null). */
  money: Map<number, number> | null;
  /** Earlier months' grades per unit (for consequences). */
  history: Map<number, Map<string, string>>;
}

const NO_HISTORY = new Map<string, string>();

/** Step 3: the run's rows in print order, ranked, graded, with exposure and consequences. */
export function rankingRows(input: RowsInput): RankingRow[] {
  const live = new Map(input.live.map((u) => [u.id, u]));
  const ids = new Set([...input.live.map((u) => u.id), ...input.scores.keys()]);
  const maxOrder = input.live.reduce((m, u) => Math.max(m, u.sortOrder), 0);
  const base = [...ids].map((id, i) => {
    const s = input.scores.get(id);
    return {
      id,
      name: s?.name || live.get(id)?.name || `编号 ${id}`,
      // A unit scored in the period but no longer live keeps a place after the live ones.
      sortOrder: live.get(id)?.sortOrder ?? maxOrder + 1 + i,
      score: s?.score ?? null,
      ranked: !input.unranked.has(id),
      s,
    };
  });
  const exposure = input.rule.exposureBelow;
  const judge = consequenceJudge(input.rule, input.bands);
  const grades = new Map<number, string>();
  const gradeFor = (rounded: number) => {
    let g = grades.get(rounded);
    if (g === undefined) grades.set(rounded, (g = gradeOf(input.bands, rounded)));
    return g;
  };
  return rankRows(base).map((r, i) => {
    // Graded on the rounded score (DOMAIN §3.8), once per distinct score.
    const grade = r.scoreRounded == null ? null : gradeFor(r.scoreRounded);
    const exposed = r.scoreRounded != null && exposure != null && r.scoreRounded < exposure;
    const consequences: Consequence[] = exposed ? ['exposure'] : [];
    if (input.kind === 'month') {
      for (const c of judge(input.lastMonth, grade, input.history.get(r.id) ?? NO_HISTORY)) {
        if (!consequences.includes(c)) consequences.push(c);
      }
    }
    return {
      seq: i + 1,
      unitType: input.unitType,
      unitId: r.id,
      unitName: r.name,
      sortOrder: r.sortOrder,
      inspections: r.s?.inspections ?? 0,
      componentScores: r.s?.components ?? {},
      score: r.score,
      scoreRounded: r.scoreRounded,
      rank: r.rank,
      tied: r.tied,
      ranked: r.ranked,
      status: r.status,
      grade,
      exposed,
      problemsText: input.problems.get(r.id) ?? '',
      moneyDeductionFen: input.money ? (input.money.get(r.id) ?? 0) : null,
      consequences,
      publishedRank: null,
      publishedRankText: null,
      rankMismatch: null,
      componentSumMismatch: null,
      externalUnitId: null,
      sourceRow: null,
      rankText: r.rank == null ? null : chineseOrdinal(r.rank),
    };
  });
}

/** The run's introduction figures: grade counts and shares over the ranked rows (占25.00%), the mean, counts. */
export function runSummary(rows: RankingRow[], bands: GradeBand[]): Pick<RankingRun, 'gradeCounts' | 'average' | 'counts'> {
  const ranked = rows.filter((r) => r.status === 'ranked');
  const order = [...bands].sort((a, b) => b.min - a.min).map((b) => b.grade);
  for (const r of ranked) if (r.grade && !order.includes(r.grade)) order.push(r.grade);
  const gradeCounts = order.map((grade) => {
    const count = ranked.filter((r) => r.grade === grade).length;
    return { grade, count, share: ranked.length ? round2((count * 100) / ranked.length) : 0 };
  });
  return {
    gradeCounts,
    average: ranked.length ? mean(ranked.map((r) => r.score!)) : null,
    counts: {
      ranked: ranked.length,
      unranked: rows.filter((r) => r.status === 'unranked').length,
      notInspected: rows.filter((r) => r.status === 'notInspected').length,
      rankMismatches: rows.filter((r) => r.rankMismatch).length,
      componentSumMismatches: rows.filter((r) => r.componentSumMismatch != null).length,
    },
  };
}

/** 存在问题 of one unit: findings' descriptions (or item titles), deduplicated, items joined by 、 and sections by ;. */
export function problemsText(findings: Array<{ section: string; text: string }>, maxChars = 120): string {
  const sections = new Map<string, string[]>();
  for (const f of findings) {
    // Most texts need no cleaning: skip the regular expressions unless there is a bracket or a trailing mark.
    const text = /[((]|[。;;,,、\s]$/.test(f.text) ? f.text.replace(/[((][^))]*[))]/g, '').replace(/[。;;,,、\s]+$/, '').trim() : f.text;
    if (!text) continue;
    const list = sections.get(f.section) ?? [];
    if (!list.includes(text)) list.push(text);
    sections.set(f.section, list);
  }
  let out = '';
  for (const list of sections.values()) {
    const part = list.join('、');
    const next = out ? `${out};${part}` : part;
    if (next.length > maxChars) {
      const room = maxChars - out.length - (out ? 1 : 0);
      const items: string[] = [];
      for (const item of list) if ([...items, item].join('、').length <= room) items.push(item);
      return `${out}${out && items.length ? ';' : ''}${items.join('、')}等`;
    }
    out = next;
  }
  return out;
}
