/** 台账 → 公厕: the public-toilet ledger (DOMAIN §2.7) on the generic ledger grid. */
import type { Toilet } from '../../../../db/api';
import { t } from '../../i18n/zh-CN';
import { useDrill } from '../drill/useDrill';
import { LedgerPage, type LedgerSpec } from '../ledgers/LedgerView';

/** What a new toilet starts with in the form beyond the fields' defaults: the common case in a district ledger. */
const NEW_TOILET_DEFAULTS = {
  type: 'standalone',
  class: 2,
  openHours: '06:00-22:00',
  maleSquat: 0,
  maleSit: 0,
  urinals: 0,
  femaleSquat: 0,
  femaleSit: 0,
  accessibleStalls: 0,
};

const TOILETS: LedgerSpec<Toilet> = {
  prefix: 'toilets',
  gridName: 'toilets',
  importName: 'toilets',
  entityLabel: t.toilets.entity,
  title: t.toilets.gridTitle,
  emptyTitle: t.toilets.emptyTitle,
  emptyText: t.toilets.emptyText,
  refScopes: { communityId: 'streetId' },
  newRowDefaults: NEW_TOILET_DEFAULTS,
  describeRow: (row) => `${row.code} ${row.name}`,
};

const DRILL_TARGETS = ['toilets'] as const;

export function ToiletsPage() {
  const drill = useDrill(DRILL_TARGETS);
  return <LedgerPage spec={TOILETS} rowFilter={drill.filter} />;
}
