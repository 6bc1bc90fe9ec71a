/** 台账 → 街道社区: the street (街道/镇) and community (社区/村) ledgers (DOMAIN §2.1), one tab each. */
import { useState } from 'react';
import type { CommunityRecord, StreetRecord } from '../../../../db/api';
import { t } from '../../i18n/zh-CN';
import { TabbedLedgerPage, type LedgerSpec, type LedgerTab } from '../ledgers/LedgerView';

const STREETS: LedgerSpec<StreetRecord> = {
  prefix: 'streets',
  gridName: 'streets',
  importName: 'streets',
  entityLabel: t.geo.streetsEntity,
  title: t.geo.streetsTitle,
  emptyTitle: t.geo.streetsEmptyTitle,
  emptyText: t.geo.streetsEmptyText,
  describeRow: (row) => `${row.code} ${row.name}`,
};

const COMMUNITIES: LedgerSpec<CommunityRecord> = {
  prefix: 'communities',
  gridName: 'communities',
  importName: 'communities',
  entityLabel: t.geo.communitiesEntity,
  title: t.geo.communitiesTitle,
  emptyTitle: t.geo.communitiesEmptyTitle,
  emptyText: t.geo.communitiesEmptyText,
  describeRow: (row) => `${row.code} ${row.name}`,
};

const TABS: LedgerTab[] = [
  { key: 'streets', label: t.geo.streetsTab, spec: STREETS },
  { key: 'communities', label: t.geo.communitiesTab, spec: COMMUNITIES },
];

export function GeoPage() {
  const [tab, setTab] = useState('streets');
  return <TabbedLedgerPage title={t.geo.pageTitle} tabs={TABS} current={tab} onChange={setTab} />;
}
