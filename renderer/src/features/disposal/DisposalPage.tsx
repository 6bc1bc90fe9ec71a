/**
 * 台账 → 清运处置: the district's monthly collection and disposal report (db/disposal, DOMAIN §6.1) on the generic
 * ledger grid, one row per month. The 资源化利用率 and 无害化处理率 on 统计看板 and 指标 are computed from it.
 */
import type { DisposalMonth } from '../../../../db/api';
import { LedgerPage, type LedgerSpec } from '../ledgers/LedgerView';

const DISPOSAL: LedgerSpec<DisposalMonth> = {
  prefix: 'disposal',
  gridName: 'disposal',
  importName: 'disposal',
  entityLabel: '处置月报',
  title: '生活垃圾清运处置月报',
  emptyTitle: '还没有清运处置月报',
  emptyText:
    '每月一行,记录全区生活垃圾清运量和去向:焚烧、填埋、厨余处理、可回收物回收、其他无害化处理(单位:吨)。统计看板和指标表的生活垃圾资源化利用率、无害化处理率据此计算。点“新增”录入第一个月,或导入处置单位的月报表。',
  describeRow: (row) => `${row.month} 月报`,
};

export function DisposalPage() {
  return <LedgerPage spec={DISPOSAL} />;
}
