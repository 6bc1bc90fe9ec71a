/**
 * 指标: the plan's key indicators (DOMAIN §6.2). Two views of one ledger: 进度 (each indicator against its
 * target, in the plan's layout) and 指标表 (the generic ledger grid: 新增/删除/撤销/导入/导出/模板, inline edit,
 * history). One view is mounted at a time, so showing 进度 again reads the rows afresh and follows every edit
 * or import made in the grid.
 */
import { useState } from 'react';
import { Tabs } from '../../components/Tabs';
import { LedgerView, type LedgerSpec } from '../ledgers/LedgerView';
import type { IndicatorRow } from './indicatorsApi';
import { ProgressView } from './ProgressView';
import { indicatorsText as tx } from './strings';

const TARGETS: LedgerSpec<IndicatorRow> = {
  prefix: 'targets',
  gridName: 'targets',
  importName: 'targets',
  entityLabel: tx.entity,
  title: tx.gridTitle,
  emptyTitle: tx.emptyTitle,
  emptyText: tx.emptyText,
  describeRow: (row) => `${row.category} ${row.name}`,
};

type TabKey = 'progress' | 'table';

const TABS: Array<{ key: TabKey; label: string }> = [
  { key: 'progress', label: tx.progressTab },
  { key: 'table', label: tx.tableTab },
];

export function IndicatorsPage() {
  const [tab, setTab] = useState<TabKey>('progress');
  return (
    <section className="ledger-page indicators-page" aria-label={tx.title}>
      <h1 className="page-title">{tx.title}</h1>
      <Tabs tabs={TABS} current={tab} onChange={(key) => setTab(key as TabKey)} label={tx.title} />
      {tab === 'progress' ? <ProgressView onAdd={() => setTab('table')} /> : <LedgerView spec={TARGETS} />}
    </section>
  );
}
