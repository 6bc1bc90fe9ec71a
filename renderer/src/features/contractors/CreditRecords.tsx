/** A contractor's credit records (信用记录) in its row drawer: date, kind, level, document, amount, what happened. */
import { useEffect, useState } from 'react';
import type { Contractor, CreditRecord, FieldDef } from '../../../../db/api';
import { call } from '../../api';
import { cellText } from '../../components/ledger/values';
import { t } from '../../i18n/zh-CN';

type Loaded = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; records: CreditRecord[]; fields: Map<string, FieldDef> };

export function CreditRecords({ contractor }: { contractor: Contractor }) {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  useEffect(() => {
    let current = true;
    setLoaded({ state: 'loading' });
    void Promise.all([call('credits.list', { contractorId: contractor.id }), call('credits.fields', {})]).then(([records, fields]) => {
      if (!current) return;
      if (!records.ok) setLoaded({ state: 'failed', message: records.error.message });
      else if (!fields.ok) setLoaded({ state: 'failed', message: fields.error.message });
      else setLoaded({ state: 'ready', records: records.data, fields: new Map(fields.data.map((f) => [f.key, f])) });
    });
    return () => {
      current = false;
    };
  }, [contractor.id, contractor.version]);

  let body;
  if (loaded.state === 'loading') body = <p className="muted">{t.contractors.creditLoading}</p>;
  else if (loaded.state === 'failed') body = <p className="text-error">{loaded.message}</p>;
  else if (!loaded.records.length) body = <p className="muted">{t.contractors.creditNone}</p>;
  else {
    const text = (row: CreditRecord, key: string) => {
      const field = loaded.fields.get(key);
      return field ? cellText(field, row as unknown as Record<string, unknown>) : '';
    };
    body = (
      <ol className="history" data-testid="credit-records">
        {[...loaded.records].reverse().map((r) => (
          <li key={r.id} className="history-entry">
            <div className="history-head">
              <span>{r.date}</span>
              <span className="history-action">{text(r, 'kind')}</span>
              <span>{text(r, 'level')}</span>
              {r.amountFen != null && <span>{text(r, 'amountFen')} {t.grid.yuan}</span>}
            </div>
            {r.sourceDoc && <div className="history-change">{r.sourceDoc}</div>}
            {r.description && <div className="history-change">{r.description}</div>}
          </li>
        ))}
      </ol>
    );
  }
  return (
    <section className="drawer-history">
      <h3 className="section-title">{t.contractors.creditInDrawer}</h3>
      {body}
    </section>
  );
}
