/** 台账 → 公厕: the public-toilet ledger (DOMAIN §2.7) on the generic ledger grid. */
import { useEffect, useState } from 'react';
import type { FieldDef, Toilet } from '../../../../db/api';
import { call } from '../../api';
import { userScope, useWorkspace } from '../../app/workspace';
import { LedgerGrid } from '../../components/ledger/LedgerGrid';
import type { LedgerAdapter, RefOption } from '../../components/ledger/types';
import { t } from '../../i18n/zh-CN';
import { loadGeoRefOptions } from '../geo/refOptions';

/** What a new toilet starts with in the form: the common case in a district ledger. */
const NEW_TOILET_DEFAULTS = {
  type: 'standalone',
  class: 2,
  ownership: 'sanitation',
  status: 'inUse',
  openHours: '06:00-22:00',
  free: true,
  maleSquat: 0,
  maleSit: 0,
  urinals: 0,
  femaleSquat: 0,
  femaleSit: 0,
  accessibleStalls: 0,
  familyRestroom: false,
};

function toiletLedger(fields: FieldDef[], refOptions: Record<string, RefOption[]>): LedgerAdapter<Toilet> {
  return {
    gridName: 'toilets',
    entityLabel: t.toilets.entity,
    emptyTitle: t.toilets.emptyTitle,
    emptyText: t.toilets.emptyText,
    fields,
    refOptions,
    refScopes: { communityId: 'streetId' },
    newRowDefaults: NEW_TOILET_DEFAULTS,
    describeRow: (row) => `${row.code} ${row.name}`,
    list: () => call('toilets.list', {}),
    get: (id) => call('toilets.get', { id }),
    create: (values) => call('toilets.create', { values }),
    update: (id, version, patch) => call('toilets.update', { id, version, patch }),
    remove: (id, version, reason) => call('toilets.delete', { id, version, reason }),
    restore: (id) => call('toilets.restore', { id }),
    history: (id) => call('toilets.history', { id }),
    exportFile: (format) => call('toilets.export', { format }),
  };
}

export function ToiletsPage() {
  const { info } = useWorkspace();
  const [ledger, setLedger] = useState<LedgerAdapter<Toilet> | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    void Promise.all([call('toilets.fields', {}), loadGeoRefOptions()]).then(([fields, refs]) => {
      if (!current) return;
      if (!fields.ok) setError(fields.error.message);
      else if (!refs.ok) setError(refs.error.message);
      else setLedger(toiletLedger(fields.data, refs.data));
    });
    return () => {
      current = false;
    };
  }, []);

  return (
    <section className="ledger-page" aria-label={t.toilets.gridTitle}>
      <h1 className="page-title">{t.toilets.gridTitle}</h1>
      {error ? (
        <p className="text-error" role="alert">
          {t.grid.loadFailed}:{error}
        </p>
      ) : ledger ? (
        <LedgerGrid ledger={ledger} layoutScope={userScope(info)} />
      ) : (
        <p className="muted">{t.toilets.loading}</p>
      )}
    </section>
  );
}
