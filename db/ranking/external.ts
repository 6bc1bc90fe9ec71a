/**
 * External score tables (DOMAIN §2.9, §3.10, §7 E5/E7/E8): results of a third-party or city-level assessment
 * arrive as a sheet — 排名, 单位/村别/镇(街)/作业单位, 得分/总分, component columns (清扫保洁质量状况50%) and a
 * published rank written any way (3, 第3名, 第三名, 并列第三). The sheet is read as every ledger import reads it
 * (db/io/import: title rows, merged two-level headers, 合计 and 注 rows, NFKC, Excel row numbers); unit names
 * are matched to the workspace's units by name, code, short name and alias; a near name is only proposed (never
 * merged); units the workspace does not have become external units when the clerk says so. The system ranks the
 * rows itself and flags every published rank that disagrees and every total that is not its components' sum.
 * Importing is all-or-nothing: one transaction, one audit entry.
 */
import { gradeOf, rankingRuleOf, SCHEME_VOCABULARY } from '../assessment/scheme';
import { round2 } from '../assessment/scoring';
import type { GradeBand } from '../assessment/types';
import type { Ctx } from '../context';
import { ApiError, type RowError } from '../errors';
import { parseLooseNumber, type FieldDef } from '../fields';
import { compactText, HeaderIndex } from '../io/import/headers';
import { detectLayout, readBody } from '../io/import/layout';
import { placeOf } from '../io/import/problems';
import { readSheet } from '../io/import/read';
import { RefDirectory } from '../io/import/refs';
import { cellText, isBlank, type Cell } from '../io/import/sheet';
import type { Tx } from '../sqlite';
import { normalizeText } from '../text';
import { runSummary } from './compute';
import { parsePeriod } from './period';
import { chineseOrdinal, parsePublishedRank, rankRows } from './rank';
import { getRun, listRuns, storeRun } from './runs';
import { categoryFamilies, schemeCategory } from './sources';
import type { ExternalScoreRow, ExternalScoresPreview, RankingRow, RankingRun, RankingRunSummary, RankUnitType, ScoreColumn, UnitProposal } from './types';
import { UNIT_TYPE_LABELS } from './vocabulary';

export interface ExternalSource {
  fileName: string;
  content: Buffer;
  sheet?: string;
  period: string;
  category: string;
  unitType?: RankUnitType;
  confirmedMatches?: Array<{ written: string; unitType: RankUnitType; unitId: number }>;
}

/** DOMAIN §3.8 default, for a table whose category no scheme grades. */
const DEFAULT_BANDS: GradeBand[] = [
  { grade: '优秀', min: 90 },
  { grade: '良好', min: 80 },
  { grade: '合格', min: 60 },
  { grade: '不合格', min: 0 },
];

const field = (key: string, label: string, headerAliases: string[], derived = false): FieldDef => ({
  key,
  column: key,
  label,
  kind: key === 'score' ? 'decimal' : 'text',
  headerAliases,
  derived,
});

/**
 * The columns a score table has, by the headers bulletins use. A unit column's header says what the units are
 * (村别 → villages, 镇(街) → streets, 作业单位 → contractors); 单位 alone says nothing. Brackets are dropped
 * when headers are compared (镇(街) reads as 镇, 村(居) as 村).
 */
const UNIT_FIELDS: Array<[RankUnitType | 'any', FieldDef]> = [
  ['any', field('unit', '单位', ['单位名称', '被考核单位', '考核单位', '考核对象', '名称', '参评单位'])],
  ['community', field('unit_community', '村别', ['村', '村名', '村居', '社区', '行政村', '村社区', '社区名称', '村(社区)名称'])],
  ['street', field('unit_street', '镇(街)', ['镇街', '街道', '乡镇', '街镇', '镇街道', '乡镇街道', '街道名称', '镇(街道)'])],
  ['contractor', field('unit_contractor', '作业单位', ['企业名称', '作业公司', '保洁公司', '服务企业', '服务单位', '中标单位', '公司名称', '作业单位名称'])],
  ['section', field('unit_section', '标段', ['标段名称'])],
  ['toilet', field('unit_toilet', '公厕名称', ['公厕'])],
  ['estate', field('unit_estate', '小区名称', ['小区', '生活小区'])],
];
const SCORE_FIELD = field('score', '得分', ['总分', '综合得分', '考核得分', '综合成绩', '成绩', '分数', '总得分', '最终得分', '合计得分', '得分合计', '考核分数', '合计', '总成绩']);
const RANK_FIELD = field('rank', '排名', ['名次', '排序', '位次', '综合排名']);
const PROBLEMS_FIELD = field('problems', '存在问题', ['主要问题', '问题', '扣分原因', '扣分情况', '存在的问题']);
/** Known columns left out of the ranking. */
const IGNORED_FIELDS = [field('seq', '序号', ['编号', 'no', '序'], true), field('note', '备注', ['说明'], true), field('grade', '等级', ['评定等级', '考核等级', '档次'], true)];
const FIELDS = [...UNIT_FIELDS.map(([, f]) => f), SCORE_FIELD, RANK_FIELD, PROBLEMS_FIELD, ...IGNORED_FIELDS];

const NOT_INSPECTED = /^(未检查|未考核|未参评|未评|未检|\/|-|—|——|无)$/;
const AVERAGE_ROW = /^(总?平均|平均分|平均成绩|全区平均|全镇平均)/;

/** A weight stated in a component header: 清扫保洁质量状况50% → 50, 现场分(90%) → 90. */
function headerWeight(header: string): number | null {
  const m = /(\d+(?:\.\d+)?)\s*%/.exec(header.normalize('NFKC'));
  return m ? Number(m[1]) : null;
}

function cellNumber(cell: Cell): number | null {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : null;
  if (typeof cell === 'string') return parseLooseNumber(cell.replace(/分$/, ''));
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Unit names

interface Known {
  unitType: RankUnitType;
  id: number;
  name: string;
}

const TABLES: Record<RankUnitType, { ledger: string; sql: string }> = {
  street: { ledger: 'streets', sql: "SELECT id, name, coalesce(short_name, '') AS short, aliases, code FROM streets WHERE deleted_at IS NULL" },
  community: { ledger: 'communities', sql: "SELECT id, name, '' AS short, aliases, code FROM communities WHERE deleted_at IS NULL" },
  contractor: { ledger: 'contractors', sql: "SELECT id, name, coalesce(short_name, '') AS short, aliases, uscc AS code FROM contractors WHERE deleted_at IS NULL" },
  section: { ledger: 'sections', sql: "SELECT id, name, '' AS short, '[]' AS aliases, '' AS code FROM bid_sections WHERE deleted_at IS NULL" },
  toilet: { ledger: 'toilets', sql: "SELECT id, name, '' AS short, '[]' AS aliases, code FROM toilets WHERE deleted_at IS NULL" },
  estate: { ledger: 'estates', sql: "SELECT id, name, '' AS short, aliases, code FROM estates WHERE deleted_at IS NULL" },
};

/** Every name the workspace's units go by, compacted (name, short name, aliases, code), per unit type. */
class UnitNames {
  private constructor(
    private readonly byName: Map<string, Array<Known & { how: 'exact' | 'alias' }>>,
    private readonly external: Map<string, { id: number; name: string }>,
  ) {}

  static async load(tx: Tx, unitTypes: RankUnitType[]): Promise<UnitNames> {
    const byName = new Map<string, Array<Known & { how: 'exact' | 'alias' }>>();
    const put = (key: string, k: Known & { how: 'exact' | 'alias' }) => {
      if (key.length < 2 && !/^\d+$/.test(key)) return;
      const list = byName.get(key) ?? [];
      if (!list.some((e) => e.unitType === k.unitType && e.id === k.id)) list.push(k);
      byName.set(key, list);
    };
    for (const unitType of unitTypes) {
      for (const r of await tx.all<{ id: number; name: string; short: string; aliases: string; code: string }>(TABLES[unitType].sql)) {
        put(compactText(r.name), { unitType, id: r.id, name: r.name, how: 'exact' });
        const others = [r.short, r.code, ...(JSON.parse(r.aliases || '[]') as string[])].filter(Boolean);
        for (const o of others) if (compactText(o) !== compactText(r.name)) put(compactText(o), { unitType, id: r.id, name: r.name, how: 'alias' });
      }
    }
    const external = new Map<string, { id: number; name: string }>();
    for (const r of await tx.all<{ id: number; unitType: string; name: string; aliases: string }>(
      'SELECT id, unit_type AS unitType, name, aliases FROM external_units',
    )) {
      for (const n of [r.name, ...(JSON.parse(r.aliases) as string[])]) external.set(`${r.unitType}:${compactText(n)}`, { id: r.id, name: r.name });
    }
    return new UnitNames(byName, external);
  }

  /** The units of the type (any type when null) that go by exactly this name. */
  exact(written: string, unitType: RankUnitType | null): Array<Known & { how: 'exact' | 'alias' }> {
    const all = this.byName.get(compactText(written)) ?? [];
    const found = unitType ? all.filter((k) => k.unitType === unitType) : all;
    // A name that is some unit's own name wins over the same text as another unit's alias.
    const own = found.filter((k) => k.how === 'exact');
    return own.length ? own : found;
  }

  externalUnit(written: string, unitType: RankUnitType): { id: number; name: string } | undefined {
    return this.external.get(`${unitType}:${compactText(written)}`);
  }
}

/** Proposals for names with no exact match (E7: edit distance ≤ 2, a part of the name, an abbreviation). */
async function proposer(ctx: Ctx, unitType: RankUnitType): Promise<(written: string) => UnitProposal | null> {
  const ref: FieldDef = { key: 'unit', column: 'unit', label: UNIT_TYPE_LABELS[unitType], kind: 'ref', ref: TABLES[unitType].ledger };
  const dir = await RefDirectory.load(ctx.ws.db, [ref]);
  return (written) => {
    const p = dir.propose(ref, written, {});
    return p ? { unitType, unitId: p.id, name: p.name, reason: p.reason } : null;
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Reading and checking the table

interface Plan {
  preview: ExternalScoresPreview;
  rows: ExternalScoreRow[];
  problemsText: Map<number, string>;
  bands: GradeBand[];
  exposureLine: number | null;
  schemeFamilyId: number | null;
  schemeName: string | null;
}

type Problem = ExternalScoresPreview['problems'][number];

async function plan(ctx: Ctx, source: ExternalSource): Promise<Plan> {
  const period = parsePeriod(source.period);
  const categoryText = normalizeText(source.category);
  if (!categoryText) throw new ApiError('validation', '请填写考核类别(如 道路清扫保洁,或外部考核的名称)', { category: '必填' });
  const schemeKey = schemeCategory(categoryText);
  const families = schemeKey ? await categoryFamilies(ctx.ws.db.read, schemeKey) : [];
  const governing = families[0];
  const bands = governing?.def.gradeBands ?? DEFAULT_BANDS;

  const sheet = await readSheet(source.fileName, source.content, { sheet: source.sheet });
  const index = new HeaderIndex(FIELDS);
  const layout = detectLayout(sheet, index, '成绩表');
  const body = readBody(sheet, layout);
  const col = (c: { letter: string; header: string }): ScoreColumn => ({ letter: c.letter, header: c.header });
  let unitCol: (typeof layout.columns)[number] | undefined;
  let unitHint: RankUnitType | 'any' = 'any';
  let scoreCol: (typeof layout.columns)[number] | undefined;
  let rankCol: (typeof layout.columns)[number] | undefined;
  let problemsCol: (typeof layout.columns)[number] | undefined;
  const ignored: ScoreColumn[] = [];
  const others: Array<(typeof layout.columns)[number]> = [];
  for (const c of layout.columns) {
    const hit = index.match(c.header);
    const key = hit?.field?.key;
    const unitField = UNIT_FIELDS.find(([, f]) => f.key === key);
    if (unitField && !unitCol) {
      unitCol = c;
      unitHint = unitField[0];
    } else if (key === 'score' && !scoreCol) scoreCol = c;
    else if (key === 'rank' && !rankCol) rankCol = c;
    else if (key === 'problems' && !problemsCol) problemsCol = c;
    else if (hit) ignored.push(col(c));
    else others.push(c);
  }
  if (!unitCol) {
    throw new ApiError(
      'validation',
      `没有找到单位名称列:工作表“${sheet.name}”的表头(第 ${layout.headerRow} 行)中应有“单位”“村别”“镇(街)”或“作业单位”等列。请检查表头后重新导入。`,
    );
  }
  // A column is a component when it holds numbers (清扫保洁质量状况50%: 46.2 …), never text.
  const components = others.filter((c) => {
    const cells = body.data.map((r) => r.cells[c.index] ?? null).filter((v) => !isBlank(v));
    return cells.length > 0 && cells.every((v) => cellNumber(v) != null);
  });
  for (const c of others) if (!components.includes(c)) ignored.push(col(c));
  if (!scoreCol && !components.length) {
    throw new ApiError('validation', `没有找到得分列:工作表“${sheet.name}”第 ${layout.headerRow} 行表头中应有“得分”或“总分”列。请检查表头后重新导入。`);
  }

  const problems: Problem[] = [];
  const problem = (row: number, c: { letter: string; header: string } | undefined, written: string, message: string, severity: Problem['severity'] = 'error') =>
    problems.push({ row, column: c?.letter ?? '', header: c?.header ?? '', written, message, severity });
  const skipped = [...body.skipped];

  // Rows as read.
  interface Read {
    row: number;
    written: string;
    score: number | null;
    components: Record<string, number>;
    publishedRankText: string | null;
    published: { rank: number; tied: boolean } | null;
    problems: string;
  }
  const read: Read[] = [];
  for (const r of body.data) {
    const unitCell = r.cells[unitCol.index] ?? null;
    const written = normalizeText(cellText(unitCell));
    // 平均 / 总平均成绩 rows sit under the table like 合计 rows, their word in the unit or the first column.
    const lead = r.cells.find((c) => !isBlank(c)) ?? null;
    if (AVERAGE_ROW.test(compactText(written)) || (typeof lead === 'string' && AVERAGE_ROW.test(compactText(lead)))) {
      skipped.push({ row: r.row, reason: '平均行' });
      continue;
    }
    const compValues: Record<string, number> = {};
    for (const c of components) {
      const v = cellNumber(r.cells[c.index] ?? null);
      if (v != null) compValues[c.header] = v;
    }
    let score: number | null = null;
    if (scoreCol) {
      const cell = r.cells[scoreCol.index] ?? null;
      const text = normalizeText(cellText(cell));
      if (!isBlank(cell) && !NOT_INSPECTED.test(text)) {
        score = cellNumber(cell);
        if (score == null) problem(r.row, scoreCol, text, `得分“${text}”不是数字,请填写分数(如 87.62);未检查的单位请填“未检查”或留空`);
      }
    } else if (Object.keys(compValues).length) {
      score = Object.values(compValues).reduce((s, v) => s + v, 0);
    }
    if (!written) {
      if (score != null || Object.keys(compValues).length) problem(r.row, unitCol, '', '这一行有分数但没有单位名称,请填写单位名称,或删除这一行');
      else skipped.push({ row: r.row, reason: '没有单位名称' });
      continue;
    }
    if (score != null && (score < 0 || score > 1000)) {
      problem(r.row, scoreCol, String(score), `得分 ${score} 超出范围,应在 0~1000 之间(百分制一般不超过 100)`);
      score = null;
    }
    let publishedRankText: string | null = null;
    let published: Read['published'] = null;
    if (rankCol) {
      const cell = r.cells[rankCol.index] ?? null;
      if (!isBlank(cell)) {
        publishedRankText = normalizeText(cellText(cell));
        published = parsePublishedRank(typeof cell === 'number' ? cell : publishedRankText);
        if (!published) problem(r.row, rankCol, publishedRankText, `“${publishedRankText}”不是名次(可写 3、第3名、第三名、并列第三),按未公布名次处理`, 'warning');
      }
    }
    read.push({ row: r.row, written, score, components: compValues, publishedRankText, published, problems: problemsCol ? normalizeText(cellText(r.cells[problemsCol.index] ?? null)) : '' });
  }
  if (!read.length) throw new ApiError('validation', `工作表“${sheet.name}”第 ${layout.headerRow} 行表头下面没有成绩行。请确认选择了正确的工作表。`);

  // What the units are: the type given, the unit column's header, else the type most names match.
  const db = ctx.ws.db.read;
  const allTypes = Object.keys(UNIT_TYPE_LABELS) as RankUnitType[];
  let unitType: RankUnitType;
  let names: UnitNames;
  if (source.unitType || unitHint !== 'any') {
    unitType = source.unitType ?? (unitHint as RankUnitType);
    names = await UnitNames.load(db, [unitType]);
  } else {
    names = await UnitNames.load(db, allTypes);
    const hits = new Map<RankUnitType, number>();
    for (const r of read) for (const t of new Set(names.exact(r.written, null).map((k) => k.unitType))) hits.set(t, (hits.get(t) ?? 0) + 1);
    unitType = [...hits].sort((a, b) => b[1] - a[1] || allTypes.indexOf(a[0]) - allTypes.indexOf(b[0]))[0]?.[0] ?? 'contractor';
  }

  const confirmed = new Map((source.confirmedMatches ?? []).filter((m) => m.unitType === unitType).map((m) => [compactText(m.written), m.unitId]));
  const confirmedIds = new Map<number, string>();
  if (confirmed.size) {
    const ids = [...confirmed.values()];
    for (const r of await db.all<{ id: number; name: string }>(`SELECT id, name FROM (${TABLES[unitType].sql}) WHERE id IN (SELECT value FROM json_each(?))`, [
      JSON.stringify(ids),
    ])) {
      confirmedIds.set(r.id, r.name);
    }
  }
  let propose: ((written: string) => UnitProposal | null) | null = null;
  const seen = new Map<string, number>();
  const rows: ExternalScoreRow[] = [];
  for (const r of read) {
    let match: ExternalScoreRow['match'] = 'none';
    let unitId: number | null = null;
    let externalUnitId: number | null = null;
    let unitName = r.written;
    let proposal: UnitProposal | null = null;
    const confirmedId = confirmed.get(compactText(r.written));
    const exact = names.exact(r.written, unitType);
    if (confirmedId != null) {
      if (confirmedIds.has(confirmedId)) {
        match = 'confirmed';
        unitId = confirmedId;
        unitName = confirmedIds.get(confirmedId)!;
      } else problem(r.row, unitCol, r.written, `确认的匹配指向的${UNIT_TYPE_LABELS[unitType]}(编号 ${confirmedId})不存在或已删除,请重新确认`);
    } else if (exact.length === 1) {
      match = exact[0].how;
      unitId = exact[0].id;
      unitName = exact[0].name;
    } else if (exact.length > 1) {
      problem(r.row, unitCol, r.written, `“${r.written}”同时是 ${exact.length} 个${UNIT_TYPE_LABELS[unitType]}的名称或别名(${exact.map((k) => k.name).join('、')}),请在表中写全称`);
    } else {
      const ext = names.externalUnit(r.written, unitType);
      if (ext) {
        match = 'external';
        externalUnitId = ext.id;
        unitName = ext.name;
      } else {
        propose ??= await proposer(ctx, unitType);
        proposal = propose(r.written);
      }
    }
    const key = unitId != null ? `u${unitId}` : externalUnitId != null ? `e${externalUnitId}` : `n${compactText(r.written)}`;
    const first = seen.get(key);
    if (first !== undefined) problem(r.row, unitCol, r.written, `与第 ${first} 行是同一单位“${unitName}”,一张表中每个单位只能有一行`);
    else seen.set(key, r.row);
    rows.push({
      row: r.row,
      written: r.written,
      match,
      unitType: match === 'none' ? null : unitType,
      unitId,
      externalUnitId,
      unitName,
      proposal,
      score: r.score,
      scoreRounded: null,
      componentScores: r.components,
      publishedRankText: r.publishedRankText,
      publishedRank: r.published?.rank ?? null,
      ranked: true,
      rank: null,
      tied: false,
      rankMismatch: null,
      componentSumMismatch: null,
    });
  }

  // Rows with a score but no published rank in a table that ranks the others: printed without a rank (省道215).
  const scored = rows.filter((r) => r.score != null);
  const withRank = scored.filter((r) => r.publishedRank != null).length;
  if (rankCol && withRank * 2 >= scored.length) {
    for (const r of scored) {
      if (r.publishedRank == null && r.publishedRankText == null) {
        r.ranked = false;
        problem(r.row, rankCol, '', `“${r.unitName}”有得分但没有名次,按“不参与排名”列出(如干线道路);如应参与排名,请在表中补上名次`, 'warning');
      }
    }
  }

  // Totals that are not the sum of their components (weighted as printed, or by the weights in the headers).
  const weights = components.map((c) => headerWeight(c.header));
  const weighted = weights.every((w) => w != null) && Math.round(weights.reduce((s, w) => s + w!, 0) * 100) === 10_000;
  for (const r of rows) {
    const values = components.map((c) => r.componentScores[c.header]);
    if (!scoreCol || r.score == null || values.every((v) => v === undefined)) continue;
    const sum = values.reduce((s: number, v) => s + (v ?? 0), 0);
    const diff = round2(r.score - sum);
    if (diff === 0) continue;
    if (weighted && values.every((v) => v !== undefined) && round2(r.score - values.reduce((s, v, i) => s + (v! * weights[i]!) / 100, 0)) === 0) continue;
    r.componentSumMismatch = diff;
    problem(r.row, scoreCol, String(r.score), `总分 ${r.score} 不等于各分项之和 ${round2(sum)}(相差 ${diff}),请核对原表`, 'warning');
  }

  const ranked = rankRows(rows.map((r, i) => ({ ...r, sortOrder: i + 1 })));
  for (const x of ranked) {
    const r = rows[x.sortOrder - 1];
    r.scoreRounded = x.scoreRounded;
    r.rank = x.rank;
    r.tied = x.tied;
    if (r.publishedRank != null) {
      r.rankMismatch = r.rank !== r.publishedRank;
      if (r.rankMismatch) {
        const computed = r.rank == null ? '不参与排名' : `${r.tied ? '并列' : ''}${chineseOrdinal(r.rank)}`;
        problem(r.row, rankCol, r.publishedRankText ?? '', `公布的名次“${r.publishedRankText}”与按得分 ${r.scoreRounded} 计算的名次(${computed})不一致`, 'warning');
      }
    }
  }

  for (const r of rows.filter((x) => x.match === 'none' && x.unitId == null)) {
    if (problems.some((p) => p.row === r.row && p.column === unitCol!.letter && p.severity === 'error')) continue;
    problem(
      r.row,
      unitCol,
      r.written,
      r.proposal
        ? `本区${UNIT_TYPE_LABELS[unitType]}中没有“${r.written}”;是不是“${r.proposal.name}”(${r.proposal.reason})?请确认匹配,或登记为外部单位`
        : `本区${UNIT_TYPE_LABELS[unitType]}中没有“${r.written}”;请改正名称,或登记为外部单位`,
      'warning',
    );
  }
  problems.sort((a, b) => a.row - b.row || a.column.localeCompare(b.column));
  const rule = governing ? rankingRuleOf(governing.def) : null;
  const preview: ExternalScoresPreview = {
    fileName: source.fileName,
    sheets: sheet.sheets,
    sheet: sheet.name,
    headerRow: layout.headerRow,
    headerRows: layout.headerDepth,
    columns: {
      unit: col(unitCol),
      score: scoreCol ? col(scoreCol) : null,
      rank: rankCol ? col(rankCol) : null,
      components: components.map((c) => ({ ...col(c), label: c.header, weight: headerWeight(c.header) })),
      ignored: [...ignored, ...(problemsCol ? [col(problemsCol)] : [])],
    },
    period: period.period,
    periodKind: period.kind,
    category: schemeKey ?? categoryText,
    categoryLabel: schemeKey ? SCHEME_VOCABULARY.category[schemeKey] : categoryText,
    unitType,
    rows,
    skipped: skipped.sort((a, b) => a.row - b.row),
    problems,
    counts: {
      rows: rows.length,
      matched: rows.filter((r) => r.match !== 'none').length,
      unmatched: rows.filter((r) => r.match === 'none').length,
      proposals: rows.filter((r) => r.proposal).length,
      rankMismatches: rows.filter((r) => r.rankMismatch).length,
      componentSumMismatches: rows.filter((r) => r.componentSumMismatch != null).length,
      errors: problems.filter((p) => p.severity === 'error').length,
      warnings: problems.filter((p) => p.severity === 'warning').length,
    },
  };
  return {
    preview,
    rows,
    problemsText: new Map(read.map((r) => [r.row, r.problems])),
    bands,
    exposureLine: rule?.exposureBelow ?? null,
    schemeFamilyId: governing?.familyId ?? null,
    schemeName: governing?.name ?? null,
  };
}

export async function previewExternalScores(ctx: Ctx, source: ExternalSource): Promise<ExternalScoresPreview> {
  return (await plan(ctx, source)).preview;
}

function rowErrors(problems: Problem[]): RowError[] {
  return problems.map((p) => ({ row: p.row, column: p.header || p.column, message: p.message }));
}

export async function importExternalScores(ctx: Ctx, source: ExternalSource & { createUnits?: boolean; note?: string | null }): Promise<RankingRun> {
  const p = await plan(ctx, source);
  const { preview } = p;
  const errors = preview.problems.filter((x) => x.severity === 'error');
  if (errors.length) {
    const list = errors.slice(0, 5).map((e) => `${placeOf(e)}:${e.message}`).join(';');
    throw new ApiError('validation', `成绩表有 ${errors.length} 处错误,没有导入:${list}${errors.length > 5 ? ' 等' : ''}。请改正后重新导入。`, undefined, rowErrors(errors));
  }
  const unmatched = p.rows.filter((r) => r.match === 'none');
  if (unmatched.length && !source.createUnits) {
    const list = unmatched
      .slice(0, 8)
      .map((r) => `第 ${r.row} 行“${r.written}”${r.proposal ? `(是否为“${r.proposal.name}”?)` : ''}`)
      .join('、');
    throw new ApiError(
      'validation',
      `有 ${unmatched.length} 个单位在本区${UNIT_TYPE_LABELS[preview.unitType]}台账中找不到,没有导入:${list}${unmatched.length > 8 ? ' 等' : ''}。请改正表中名称、确认建议的匹配,或选择“登记为外部单位”(命令行加 --create-units)后重新导入。`,
      { createUnits: `${unmatched.length} 个单位需确认` },
      unmatched.map((r) => ({ row: r.row, column: preview.columns.unit.header, message: `本区没有“${r.written}”` })),
    );
  }
  const id = await ctx.ws.db.write(async (tx) => {
    const now = new Date().toISOString();
    const created: Array<{ row: number; id: number; name: string }> = [];
    for (const r of unmatched) {
      // The same name may have been registered by another import since the preview: use it, do not duplicate.
      await tx.run(
        'INSERT INTO external_units (unit_type, name, source_file, created_at, created_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT (unit_type, name) DO NOTHING',
        [preview.unitType, r.written, source.fileName, now, ctx.user.id],
      );
      const unit = (await tx.get<{ id: number }>('SELECT id FROM external_units WHERE unit_type = ? AND name = ?', [preview.unitType, r.written]))!;
      r.externalUnitId = unit.id;
      r.unitType = preview.unitType;
      created.push({ row: r.row, id: unit.id, name: r.written });
    }
    const byRow = new Map(p.rows.map((r) => [r.row, r]));
    const order = rankRows(p.rows.map((r, i) => ({ row: r.row, score: r.score, ranked: r.ranked, sortOrder: i + 1 })));
    const rows: RankingRow[] = order.map((o, i) => {
      const r = byRow.get(o.row)!;
      const grade = r.score == null ? null : gradeOf(p.bands, r.score);
      const exposed = r.scoreRounded != null && p.exposureLine != null && r.scoreRounded < p.exposureLine;
      return {
        seq: i + 1,
        unitType: preview.unitType,
        unitId: r.unitId,
        unitName: r.unitName,
        sortOrder: o.sortOrder,
        inspections: 0,
        componentScores: r.componentScores,
        score: r.score,
        scoreRounded: r.scoreRounded,
        rank: r.rank,
        tied: r.tied,
        ranked: r.ranked,
        status: o.status,
        grade,
        exposed,
        problemsText: p.problemsText.get(r.row) ?? '',
        moneyDeductionFen: null,
        consequences: exposed ? ['exposure'] : [],
        publishedRank: r.publishedRank,
        publishedRankText: r.publishedRankText,
        rankMismatch: r.rankMismatch,
        componentSumMismatch: r.componentSumMismatch,
        externalUnitId: r.externalUnitId,
        sourceRow: r.row,
        rankText: r.rank == null ? null : chineseOrdinal(r.rank),
      };
    });
    const comps = preview.columns.components;
    const run: RankingRun = {
      id: 0,
      period: preview.period,
      periodKind: preview.periodKind,
      category: preview.category,
      categoryLabel: preview.categoryLabel,
      unitType: preview.unitType,
      source: 'external',
      schemeFamilyId: p.schemeFamilyId,
      status: 'draft',
      supersedesId: null,
      supersededById: null,
      computedAt: now,
      computedBy: ctx.user.name,
      approvedAt: null,
      approvedBy: null,
      ...runSummary(rows, p.bands),
      scoreFormula: comps.length ? `${preview.columns.score?.header ?? '总分'}=${comps.map((c) => c.header).join('+')}` : `${preview.columns.score?.header ?? '得分'}(外部成绩表)`,
      fileName: source.fileName,
      exposureLine: p.exposureLine,
      schemeName: p.schemeName,
      note: source.note ?? null,
      rows,
    };
    return storeRun(ctx, tx, run, {
      method: 'externalScores.import',
      extra: {
        fileName: source.fileName,
        sheet: preview.sheet,
        createdUnits: created,
        confirmedMatches: p.rows.filter((r) => r.match === 'confirmed').map((r) => ({ row: r.row, written: r.written, unitId: r.unitId })),
        rankMismatchRows: p.rows.filter((r) => r.rankMismatch).map((r) => r.row),
        componentSumMismatchRows: p.rows.filter((r) => r.componentSumMismatch != null).map((r) => r.row),
      },
    });
  });
  return getRun(ctx.ws.db.read, id);
}

export async function listExternalScores(read: Tx, filter: { period?: string; category?: string }): Promise<RankingRunSummary[]> {
  const key = filter.category ? (schemeCategory(filter.category) ?? normalizeText(filter.category)) : undefined;
  return listRuns(read, { period: filter.period, category: key, source: 'external' });
}
