/**
 * Ranking runs and their rows (DOMAIN §2.9, §3.8–3.10): the shapes the ranking service returns and the
 * bulletin is printed from. A run ranks the units of one period × category × unit type; it is a draft until a
 * manager approves it; a correction after approval creates a new run that supersedes the old one.
 */

/**
 * `2025-10` a month · `2025-10~2025-11` a two-month round (any span of months) · `2025-Q4` a quarter · `2025` a year.
 */
export type Period = string;

export type PeriodKind = 'month' | 'round' | 'quarter' | 'year';

export type RankUnitType = 'contractor' | 'section' | 'street' | 'community' | 'toilet' | 'estate';

export type RunStatus = 'draft' | 'approved' | 'superseded';

export type Consequence = 'none' | 'bulletinCriticism' | 'exposure' | 'summoned' | 'warning' | 'terminationReview';

export interface RankingRow {
  /** Print order (1…n): by rounded score, ties by official sort order, unranked at their score, 未检查 last. */
  seq: number;
  unitType: RankUnitType;
  /** Null for a unit known only from an external table. */
  unitId: number | null;
  /** The name as of the period (snapshot). */
  unitName: string;
  sortOrder: number;
  inspections: number;
  /** Component label → score (as the scheme or the external table names them), weighted as published. */
  componentScores: Record<string, number>;
  /** Full precision; null = 未检查. */
  score: number | null;
  scoreRounded: number | null;
  rank: number | null;
  tied: boolean;
  /** false: printed without a rank (e.g. a trunk road in a village table). */
  ranked: boolean;
  status: 'ranked' | 'unranked' | 'notInspected';
  grade: string | null;
  /** Below the scheme's exposure line (e.g. < 88): named in the bulletin. */
  exposed: boolean;
  /** 存在问题: a summary of the unit's findings of the period, as the bulletin prints it. */
  problemsText: string;
  moneyDeductionFen: number | null;
  consequences: Consequence[];
  /** The rank an external table published, and whether it differs from the computed one. */
  publishedRank: number | null;
  publishedRankText: string | null;
  rankMismatch: boolean | null;
  /** A total that is not the sum of its components (external tables): the difference, else null. */
  componentSumMismatch: number | null;
  /** A unit known only from an external score table (external_units.id); null otherwise. */
  externalUnitId: number | null;
  /** External tables: the sheet row the unit came from (as Excel shows it); null for internal runs. */
  sourceRow: number | null;
  /** The computed rank as bulletins print it (第三名; tied rows print the same ordinal); null without a rank. */
  rankText: string | null;
}

export interface RankingRun {
  id: number;
  period: Period;
  periodKind: PeriodKind;
  /** A scheme category (roadCleaning …) or the label of an external table. */
  category: string;
  categoryLabel: string;
  unitType: RankUnitType;
  source: 'internal' | 'external';
  schemeFamilyId: number | null;
  status: RunStatus;
  supersedesId: number | null;
  supersededById: number | null;
  computedAt: string;
  computedBy: string;
  approvedAt: string | null;
  approvedBy: string | null;
  /** Counts per grade and their shares (占25.00%), for the bulletin's introduction. */
  gradeCounts: Array<{ grade: string; count: number; share: number }>;
  /** Mean of the ranked rows' scores (总平均成绩). */
  average: number | null;
  /** How the score is made, in words ("现场分90%+整改反馈分10%"). */
  scoreFormula: string;
  /** External tables: the file imported; null for internal runs. */
  fileName: string | null;
  /** Scores below this line are named (曝光); null when the scheme sets none. */
  exposureLine: number | null;
  /** The scheme the run was computed under (internal runs; external runs of a scheme category too). */
  schemeName: string | null;
  /** Why the run was computed or approved (kept in the audit log as well). */
  note: string | null;
  /** Rows by status, and rows whose published rank or component sum disagrees. */
  counts: { ranked: number; unranked: number; notInspected: number; rankMismatches: number; componentSumMismatches: number };
  rows: RankingRow[];
}

/** A run without its rows, as `ranking.list` returns it. */
export type RankingRunSummary = Omit<RankingRun, 'rows'> & { rowCount: number };


/** A column of an external score table: its letter and header as the clerk sees them. */
export interface ScoreColumn {
  letter: string;
  header: string;
}

/** A unit the workspace may know under another name (E7): a question to the clerk, never a silent merge. */
export interface UnitProposal {
  unitType: RankUnitType;
  unitId: number;
  name: string;
  reason: string;
}

/** One row of an external score table as read, matched and ranked. */
export interface ExternalScoreRow {
  /** The sheet row (as Excel shows it). */
  row: number;
  /** The unit's name as written in the file. */
  written: string;
  /** How the name was matched: its name or code, an alias or short name, a match the clerk confirmed, an external unit, or not at all. */
  match: 'exact' | 'alias' | 'confirmed' | 'external' | 'none';
  unitType: RankUnitType | null;
  unitId: number | null;
  externalUnitId: number | null;
  /** The matched unit's name, else the name as written (normalised). */
  unitName: string;
  proposal: UnitProposal | null;
  score: number | null;
  scoreRounded: number | null;
  componentScores: Record<string, number>;
  publishedRankText: string | null;
  publishedRank: number | null;
  ranked: boolean;
  rank: number | null;
  tied: boolean;
  rankMismatch: boolean | null;
  componentSumMismatch: number | null;
}

export interface ExternalScoresPreview {
  fileName: string;
  sheets: string[];
  sheet: string;
  headerRow: number;
  headerRows: 1 | 2;
  columns: {
    unit: ScoreColumn;
    score: ScoreColumn | null;
    rank: ScoreColumn | null;
    /** Component columns (清扫保洁质量状况50%): the weight read from the header, when it states one. */
    components: Array<ScoreColumn & { label: string; weight: number | null }>;
    /** Columns left out (序号, 备注, 存在问题 …). */
    ignored: ScoreColumn[];
  };
  period: Period;
  periodKind: PeriodKind;
  category: string;
  categoryLabel: string;
  unitType: RankUnitType;
  rows: ExternalScoreRow[];
  skipped: Array<{ row: number; reason: string }>;
  problems: Array<{ row: number; column: string; header: string; written: string; message: string; severity: 'error' | 'warning' }>;
  counts: {
    rows: number;
    matched: number;
    unmatched: number;
    proposals: number;
    rankMismatches: number;
    componentSumMismatches: number;
    errors: number;
    warnings: number;
  };
}
