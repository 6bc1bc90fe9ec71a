/** Chinese labels of the ranking enums (exposed through `ranking.vocabulary` for the screens and the bulletin). */
import { SCHEME_VOCABULARY } from '../assessment/scheme';
import type { Consequence, PeriodKind, RankUnitType, RunStatus } from './types';

export const UNIT_TYPE_LABELS: Record<RankUnitType, string> = {
  contractor: '作业单位',
  section: '标段',
  street: '街道(镇)',
  community: '社区(村)',
  toilet: '公厕',
  estate: '生活小区',
};

export const RUN_STATUS_LABELS: Record<RunStatus, string> = { draft: '草稿', approved: '已批准', superseded: '已被取代' };

export const CONSEQUENCE_LABELS: Record<Consequence, string> = {
  none: '无',
  bulletinCriticism: '通报批评',
  exposure: '曝光',
  summoned: '约谈',
  warning: '警告',
  terminationReview: '解约审查',
};

export const PERIOD_KIND_LABELS: Record<PeriodKind, string> = { month: '月度', round: '轮次', quarter: '季度', year: '年度' };

export const RANKING_VOCABULARY = {
  unitTypes: UNIT_TYPE_LABELS,
  statuses: RUN_STATUS_LABELS,
  consequences: CONSEQUENCE_LABELS,
  periodKinds: PERIOD_KIND_LABELS,
  sources: { internal: '系统计算', external: '外部导入' },
  categories: SCHEME_VOCABULARY.category,
} as const;
