/**
 * The shape of an assessment scheme (考核办法/细则, DOMAIN §2.8, §3): rules as versioned data, never constants
 * in code. A scheme version is stored as one JSON `SchemeDefinition`; inspections freeze the version they were
 * scored under. Percentages are written as the documents write them: 5 means 5 %, weights 90/10 or 50/15/15/20.
 */

/** What an inspection looks at. */
export type TargetType = 'section' | 'toilet' | 'estate' | 'community' | 'street';

export type SchemeCategory = 'roadCleaning' | 'wasteCollection' | 'toilet' | 'wasteSorting' | 'greenMaintenance' | 'composite';

/** 每处 / 每座(条) / 按连续米数 / 每次 / 固定扣分. */
export type DeductionUnit = 'perOccurrence' | 'perItem' | 'perMetreBand' | 'perEvent' | 'fixed';

export type EvidenceRule = 'none' | 'photo' | 'photo+location';

/**
 * A tier of an item: a fixed deduction (`points`) or a range the inspector picks a value inside
 * (`pointsMin`…`pointsMax`, e.g. ">3 bags: 0.2–0.5 per spot", DOMAIN §3.2 [S:W5]).
 */
export interface SchemeTier {
  label: string;
  points?: number;
  pointsMin?: number;
  pointsMax?: number;
}

export interface SchemeItem {
  /** "R2", "T1.3": unique in the scheme. */
  code: string;
  /** "环境卫生", "设施设备", "管理服务". */
  section: string;
  title: string;
  /** The item's share of the full score (for a bonus item: the most it can add). */
  maxPoints: number;
  /** Points per occurrence (or per item / band / event); for `fixed` the whole deduction. */
  unitDeduction: number;
  deductionUnit: DeductionUnit;
  /** Optional tiers; when present a finding names one and its points come from it. */
  tiers: SchemeTier[];
  /** Most that findings on this item may deduct in one inspection; null = maxPoints (扣完为止). */
  cap: number | null;
  /** 一票否决: one finding on this item zeroes the score. */
  veto: boolean;
  /** A bonus item adds points instead of deducting them (capped by `SchemeDefinition.bonusCap`). */
  bonus: boolean;
  evidence: EvidenceRule;
  /** Days a rectification order on this item gets by default; null = no rectification order. */
  rectifyDays: number | null;
}

/**
 * A component of the monthly score with its weight in percent (all weights add up to 100).
 * - `inspections`: the month's inspections aggregated by the scheme's `aggregation` rule;
 * - `rectification`: fullScore × (orders due this month fixed by their deadline ÷ orders due this month),
 *   fullScore when none were due;
 * - `manual`: a score out of fullScore entered by the supervisor per unit and month (e.g. a public survey).
 */
export interface SchemeComponent {
  key: string;
  label: string;
  weight: number;
  source: 'inspections' | 'rectification' | 'manual';
}

/** Lower bound inclusive, evaluated on the score rounded half-up to 2 decimals. */
export interface GradeBand {
  grade: string;
  min: number;
}

/** An event that withholds a percentage of the monthly fee per case (投诉未按时整改 2 %, 县级通报 10 % …). */
export interface MoneyEventKind {
  kind: string;
  label: string;
  pct: number;
}

/** Below `below` percent on the metric, withhold `pct` percent of the sub-fee (the lowest matching tier wins). */
export interface RateTier {
  below: number;
  pct: number;
}

export interface RateTierRule {
  /** "厨余垃圾分出率" */
  metricLabel: string;
  /** "分类督导及宣传费": the fee the tiers withhold from, entered per contract and month. */
  subFeeLabel: string;
  tiers: RateTier[];
}

export type ShortfallMode = 'exact' | 'ceil' | 'floor';

/** 按质核拨 (DOMAIN §3.7): what is withheld from a contract's monthly fee. */
export interface MoneyRule {
  /** Pass mark (inclusive), e.g. 90. */
  passMark: number;
  /** Percent of the monthly fee per point below the pass mark, e.g. 5. */
  pctPerPoint: number;
  shortfallMode: ShortfallMode;
  events: MoneyEventKind[];
  rateTiers: RateTierRule | null;
  /** Most that may be withheld in one month, percent of the monthly fee (default 30). */
  capPct: number;
}

export type AggregationRule = 'meanOfInspections' | 'deductAllFromFull';

export interface SchemeDefinition {
  name: string;
  targetType: TargetType;
  category: SchemeCategory;
  fullScore: number;
  /** YYYY-MM-DD */
  effectiveFrom: string;
  effectiveTo: string | null;
  aggregation: AggregationRule;
  /** Most that bonus items may add to one inspection (the total never exceeds fullScore). */
  bonusCap: number;
  items: SchemeItem[];
  components: SchemeComponent[];
  gradeBands: GradeBand[];
  money: MoneyRule | null;
  /** Free text shown on the scheme (source document, notes). */
  notes: string;
  /** How units are ranked and what follows from it (DOMAIN §3.7–3.10); absent: the defaults of `rankingRuleOf`. */
  ranking?: RankingRule;
  /** 逾期整改扣分 (DOMAIN §2.8 [D]); absent: off (the shipped defaults, and every scheme saved before the rule existed). */
  overduePenalty?: OverduePenaltyRule;
}

/**
 * 逾期整改扣分 (DOMAIN §2.8: "a finding that is overdue at month lock adds a configurable penalty next month").
 * A unit's score in month M+1 loses `pointsPerOrder` for each of its rectification orders (from inspections of
 * month M or earlier) that was overdue when month M was locked — deadline before the lock date, not fixed by
 * then, not waived — at most `cap` points; the score never goes below 0. A separate line after the weighted
 * components (not a component: it is in points, not a share of the full score).
 */
export interface OverduePenaltyRule {
  /** Points per overdue order, > 0 (e.g. 1). */
  pointsPerOrder: number;
  /** Most points taken in one month (≥ pointsPerOrder); null: no cap (the score still stops at 0). */
  cap: number | null;
}

/** What a ranking may bring upon a unit (DOMAIN §2.9 consequence, without 'none'). */
export type RankingConsequence = 'bulletinCriticism' | 'exposure' | 'summoned' | 'warning' | 'terminationReview';

/**
 * A consequence over months (DOMAIN §3.7): e.g. 不合格 two months running → 约谈 (summoned); three months in
 * a calendar year → 解约审查 (terminationReview). Applies in month rankings, to a unit whose month counts.
 */
export interface ConsequenceRule {
  consequence: RankingConsequence;
  /** Grades that count (e.g. ["不合格"]); empty: the lowest grade band. */
  grades: string[];
  /** How many months with such a grade (1–12), this month included. */
  months: number;
  /** consecutive: that many months running up to this one; year: that many in the calendar year so far. */
  window: 'consecutive' | 'year';
}

/**
 * A weighted group of units in a composite score (DOMAIN §3.6, §3.9 rule 3): e.g. 13 villages 70 % + the trunk
 * road 30 % for one company. A unit belongs to the first group that names its target id, else to the group of
 * its target type, else to the group that names neither (the rest). Weights add up to 100.
 */
export interface CompositeGroup {
  label: string;
  weight: number;
  targetType: TargetType | null;
  targetIds: number[];
}

export interface RankingRule {
  /** Scores (rounded) below this line are named in the bulletin (曝光), e.g. 88; null: no exposure line. */
  exposureBelow: number | null;
  consequences: ConsequenceRule[];
  /** Composite groups for units made of several targets (contractor, street); empty: the plain mean. */
  composite: CompositeGroup[];
  /** Targets printed with their score but without a rank (a trunk road in a village table). */
  unrankedTargetIds: number[];
  /** Year score = mean of quarters × (100 − w) % + extras × w % (DOMAIN §3.6: 95 % + 5 %); 0: the plain mean. */
  yearExtrasWeight: number;
  /** What the extras are (创新、荣誉及宣传). */
  yearExtrasLabel: string;
}
