/** Words of the 统计看板 screen (zh-CN). Chart titles, headlines, formulas and empty reasons come from db/dashboard. */
import type { DashboardSection } from '../../../../db/dashboard/types';

export const dashboardText = {
  title: '统计看板',
  intro: '辖区现状与趋势;点击图形打开对应的台账或检查记录',
  period: '期间',
  from: '从',
  to: '至',
  street: '街道',
  category: '考核类别',
  contractor: '作业单位',
  all: '全部',
  clearFilters: '清除筛选',
  print: '打印看板',
  exportPng: '导出图片',
  formula: '计算方法',
  drillHint: '点击图形查看明细',
  loading: '正在计算…',
  loadFailed: '看板数据读取失败',
  retry: '重试',
  elapsed: (ms: number) => `数据计算用时 ${Math.round(ms).toLocaleString('zh-CN')} ms`,
  lockedMonths: (n: number) => (n > 0 ? `期间内已锁定 ${n} 个月` : '期间内没有已锁定的月份'),
  printedOn: (date: string) => `打印日期:${date}`,
  exportFailed: '图表尚未绘制完成,无法导出',
  kpis: '主要指标',
  sections: {
    sorting: '垃圾分类',
    toilets: '公厕',
    contracts: '合同标段',
    assessment: '考核',
  } satisfies Record<DashboardSection, string>,
};
