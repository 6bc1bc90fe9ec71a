/** 台账 → 合同标段: sanitation contracts and their bid sections (DOMAIN §2.4), one tab each. */
import { useEffect, useState } from 'react';
import { useDrill } from '../drill/useDrill';
import type { BidSection, Contract } from '../../../../db/api';
import { t } from '../../i18n/zh-CN';
import { TabbedLedgerPage, type LedgerSpec, type LedgerTab } from '../ledgers/LedgerView';

const CONTRACTS: LedgerSpec<Contract> = {
  prefix: 'contracts',
  gridName: 'contracts',
  importName: 'contracts',
  entityLabel: t.contracts.entity,
  title: t.contracts.title,
  emptyTitle: t.contracts.emptyTitle,
  emptyText: t.contracts.emptyText,
  describeRow: (row) => `${row.contractNo} ${row.projectName}`,
};

const SECTIONS: LedgerSpec<BidSection> = {
  prefix: 'sections',
  gridName: 'sections',
  importName: 'sections',
  entityLabel: t.contracts.sectionEntity,
  title: t.contracts.sectionsTitle,
  emptyTitle: t.contracts.sectionsEmptyTitle,
  emptyText: t.contracts.sectionsEmptyText,
  describeRow: (row) => `${row.contractNo} ${row.sectionNo}`,
};

const DRILL_TARGETS = ['contracts', 'sections'] as const;

const TABS: LedgerTab[] = [
  { key: 'contracts', label: t.contracts.contractsTab, spec: CONTRACTS },
  { key: 'sections', label: t.contracts.sectionsTab, spec: SECTIONS },
];

export function ContractsPage() {
  const [tab, setTab] = useState('contracts');
  const drill = useDrill(DRILL_TARGETS);
  // A drill-down opens the tab that holds its rows (the target names it: contracts or sections).
  useEffect(() => {
    if (drill.target) setTab(drill.target);
  }, [drill.target]);
  return <TabbedLedgerPage title={t.contracts.pageTitle} tabs={TABS} current={tab} onChange={setTab} rowFilter={drill.filter} />;
}
