/**
 * 台账 → 作业单位: contractors (DOMAIN §2.3) with their credit records. A credit code whose check character
 * fails saves only with a written reason: the grid asks for it (ReasonOverride) and the form has the field.
 */
import { useState } from 'react';
import type { Contractor, CreditRecord } from '../../../../db/api';
import { t } from '../../i18n/zh-CN';
import { TabbedLedgerPage, type LedgerSpec, type LedgerTab } from '../ledgers/LedgerView';
import { CreditRecords } from './CreditRecords';

const CONTRACTORS: LedgerSpec<Contractor> = {
  prefix: 'contractors',
  gridName: 'contractors',
  importName: 'contractors',
  entityLabel: t.contractors.entity,
  title: t.contractors.title,
  emptyTitle: t.contractors.emptyTitle,
  emptyText: t.contractors.emptyText,
  describeRow: (row) => row.name,
  reasonOverride: {
    field: 'uscc',
    reasonField: 'usccOverrideReason',
    // db/ names the field that lets the code through in its message (校验不符说明).
    matches: (message) => message.includes(t.contractors.overrideLabel),
    title: t.contractors.overrideTitle,
    explain: t.contractors.overrideExplain,
    label: t.contractors.overrideLabel,
    confirm: t.contractors.overrideConfirm,
    needed: t.contractors.overrideNeeded,
  },
  drawerExtra: (row) => <CreditRecords contractor={row} />,
};

const CREDIT_RECORDS: LedgerSpec<CreditRecord> = {
  prefix: 'credits',
  gridName: 'creditRecords',
  entityLabel: t.contractors.creditEntity,
  title: t.contractors.creditTitle,
  emptyTitle: t.contractors.creditEmptyTitle,
  emptyText: t.contractors.creditEmptyText,
  describeRow: (row) => `${row.recordNo} ${row.contractorName}`,
};

const TABS: LedgerTab[] = [
  { key: 'contractors', label: t.contractors.contractorsTab, spec: CONTRACTORS },
  { key: 'credit', label: t.contractors.creditTab, spec: CREDIT_RECORDS },
];

export function ContractorsPage() {
  const [tab, setTab] = useState('contractors');
  return <TabbedLedgerPage title={t.contractors.pageTitle} tabs={TABS} current={tab} onChange={setTab} />;
}
