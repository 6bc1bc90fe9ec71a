/**
 * How plans name the indicators SaniDesk computes: a new indicator left without a 计算指标 is linked by its
 * name (db/indicators/rules.ts), and the 计算指标 column accepts these names as well as the card labels.
 */
import type { KpiKey } from '../dashboard/types';

/**
 * How plans name the indicators SaniDesk computes. Matched on the whole name without blanks, quotes and
 * bracket styles (see `nameKey`); a name not listed here is simply not linked, and the clerk can pick the
 * 计算指标 by hand.
 */
export const KPI_NAME_ALIASES: Record<KpiKey, string[]> = {
  sortingCoverageRate: [
    '生活垃圾分类覆盖率',
    '城市居民小区生活垃圾分类覆盖率',
    '城市生活垃圾分类覆盖率',
    '居民小区生活垃圾分类覆盖率',
    '小区生活垃圾分类覆盖率',
    '垃圾分类覆盖率',
    '生活垃圾分类小区覆盖率',
  ],
  sortingCoverageByHouseholds: ['生活垃圾分类覆盖率(按户)', '生活垃圾分类覆盖率(按户数)', '生活垃圾分类户数覆盖率', '生活垃圾分类覆盖户数比例'],
  compliantCoverageRate: ['垃圾分类达标小区覆盖率', '生活垃圾分类达标小区覆盖率', '达标小区覆盖率', '生活垃圾分类达标小区比例', '达标小区占比'],
  recyclingRate: ['生活垃圾回收利用率', '城市生活垃圾回收利用率', '垃圾回收利用率'],
  resourceUtilizationRate: [
    '生活垃圾资源化利用率',
    '城市生活垃圾资源化利用率',
    '城乡生活垃圾资源化利用率',
    '垃圾资源化利用率',
    '生活垃圾资源化率',
    '生活垃圾资源化处理率',
    '城镇生活垃圾资源化利用率',
  ],
  safeDisposalRate: [
    '生活垃圾无害化处理率',
    '城市生活垃圾无害化处理率',
    '城乡生活垃圾无害化处理率',
    '城镇生活垃圾无害化处理率',
    '县城生活垃圾无害化处理率',
    '垃圾无害化处理率',
    '生活垃圾无害化处置率',
  ],
  kitchenSeparationRate: ['厨余垃圾分出率', '厨余垃圾分类分出率', '厨余垃圾分离率'],
  mechanizationRate: [
    '道路机械化作业率',
    '城市道保洁机械化作业率',
    '城市道路保洁机械化作业率',
    '道路保洁机械化作业率',
    '道路机械化清扫率',
    '城市道路机械化清扫率',
    '道路机械化清扫保洁率',
    '城市道路机械化清扫保洁率',
    '机械化清扫率',
    '机械化作业率',
  ],
  toiletFamilyRestroomShare: ['设第三卫生间的公厕占比', '公厕第三卫生间设置率', '第三卫生间配置率', '第三卫生间设置率'],
  toiletAccessibleShare: ['设无障碍厕位的公厕占比', '公厕无障碍厕位设置率', '无障碍厕位配置率', '公厕无障碍设施配置率'],
  populationPerToilet: ['每座公厕服务人口', '公厕服务人口', '每座公厕服务人数'],
  rectificationOnTimeRate: ['整改按时完成率', '整改按期完成率', '问题整改按期完成率', '整改完成率', '问题整改完成率'],
  averageScore: ['考核平均得分', '考核平均分', '环卫考核平均分', '环卫作业考核平均分'],
  excellentRate: ['考核优秀率', '环卫考核优秀率', '优秀率'],
};

/** A name as compared for the link: NFKC, no blanks or quotes, one bracket style. */
export function nameKey(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/[\s\u200B-\u200D\u2060\uFEFF"'“”‘’「」『』]/g, '')
    .replace(/[[【〔]/g, '(')
    .replace(/[\]】〕]/g, ')');
}

const BY_NAME = new Map<string, KpiKey>();
for (const [key, names] of Object.entries(KPI_NAME_ALIASES) as Array<[KpiKey, string[]]>) {
  for (const n of names) BY_NAME.set(nameKey(n), key);
}

/** The computed indicator an indicator's name stands for, or null. */
export function kpiForName(name: string): KpiKey | null {
  return BY_NAME.get(nameKey(name)) ?? null;
}

