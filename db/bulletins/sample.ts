/**
 * A ranking run built in memory, for the document tests and the bench (a 60-row bulletin): units with
 * deterministic scores, a tie, a row printed without a rank and a unit that was not inspected, ranked by the
 * ranking module's own rules (rankRows, chineseOrdinal) so the printed ordinals are the real ones.
 */
import { chineseOrdinal, rankRows } from '../ranking/rank';
import type { RankingRow, RankingRun } from '../ranking/types';

const PROBLEMS = [
  '主干道人行道有烟头、纸屑,果皮箱周边有散落垃圾',
  '垃圾收集点周边地面有污渍,桶身不洁',
  '作业人员未按规定穿着反光背心',
  '绿化带内有白色垃圾未及时清理',
  '',
];

export function sampleRun(rowCount = 13, overrides: Partial<RankingRun> = {}): RankingRun {
  const inputs = Array.from({ length: rowCount }, (_, i) => ({
    name: `${['城东', '城西', '城南', '城北', '江滨', '湖畔', '新城', '开发区'][i % 8]}环境卫生服务有限公司${i >= 8 ? `第${Math.floor(i / 8) + 1}分公司` : ''}`,
    // 95.5, 94.75, … with a tie at the 4th and 5th units (both 93.25), the last unit not inspected.
    score: i === rowCount - 1 && rowCount > 3 ? null : Math.round((95.5 - (i >= 4 ? i - 1 : i) * 0.75) * 100) / 100,
    ranked: !(i === 6 && rowCount > 8),
    sortOrder: i + 1,
  }));
  const ranked = rankRows(inputs);
  const rows: RankingRow[] = ranked.map((r, i) => ({
    seq: i + 1,
    unitType: 'contractor',
    unitId: r.sortOrder,
    unitName: r.name,
    sortOrder: r.sortOrder,
    inspections: r.score == null ? 0 : 4,
    componentScores: r.score == null ? ({} as Record<string, number>) : { '现场检查90%': Math.round(r.score * 0.9 * 100) / 100, '整改反馈10%': Math.round(r.score * 0.1 * 100) / 100 },
    score: r.score,
    scoreRounded: r.scoreRounded,
    rank: r.rank,
    tied: r.tied,
    ranked: r.ranked,
    status: r.status,
    grade: r.score == null ? null : r.score >= 90 ? '优秀' : r.score >= 80 ? '良好' : '合格',
    exposed: r.score != null && r.score < 88,
    problemsText: r.score == null ? '' : PROBLEMS[i % PROBLEMS.length],
    moneyDeductionFen: r.score == null ? null : Math.max(0, Math.round((90 - r.score) * 5000)),
    consequences: [],
    publishedRank: null,
    publishedRankText: null,
    rankMismatch: null,
    componentSumMismatch: null,
    externalUnitId: null,
    sourceRow: null,
    rankText: r.rank == null ? null : chineseOrdinal(r.rank),
  }));
  const scored = rows.filter((r) => r.status === 'ranked');
  const grades = ['优秀', '良好', '合格', '不合格'];
  return {
    id: 1,
    period: '2025-10',
    periodKind: 'month',
    category: 'roadCleaning',
    categoryLabel: '道路清扫保洁',
    unitType: 'contractor',
    source: 'internal',
    schemeFamilyId: 1,
    status: 'approved',
    supersedesId: null,
    supersededById: null,
    computedAt: '2025-11-01T02:00:00.000Z',
    computedBy: '李审核',
    approvedAt: '2025-11-02T02:00:00.000Z',
    approvedBy: '王领导',
    gradeCounts: grades.map((grade) => {
      const count = scored.filter((r) => r.grade === grade).length;
      return { grade, count, share: scored.length ? (count / scored.length) * 100 : 0 };
    }),
    average: scored.length ? scored.reduce((s, r) => s + r.score!, 0) / scored.length : null,
    scoreFormula: '现场检查90%+整改反馈10%',
    fileName: null,
    exposureLine: 88,
    schemeName: '道路清扫保洁考核细则',
    note: null,
    counts: {
      ranked: scored.length,
      unranked: rows.filter((r) => r.status === 'unranked').length,
      notInspected: rows.filter((r) => r.status === 'notInspected').length,
      rankMismatches: 0,
      componentSumMismatches: 0,
    },
    rows,
    ...overrides,
  };
}
