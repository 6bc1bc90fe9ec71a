/** An estate's status decisions (等级评定记录) in its row drawer: date, from → to, document, score, reason, who. */
import { useEffect, useState } from 'react';
import type { Estate, EstateDecision } from '../../../../db/api';
import { call } from '../../api';
import { formatDateTime } from '../../format';
import { t } from '../../i18n/zh-CN';

export interface EstateDecisionsProps {
  estate: Estate;
  statusLabel(status: string): string;
  levelLabel(level: string | null): string;
}

export function EstateDecisions({ estate, statusLabel, levelLabel }: EstateDecisionsProps) {
  const [decisions, setDecisions] = useState<EstateDecision[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    setDecisions(null);
    void call('estates.decisions', { estateId: estate.id }).then((r) => {
      if (!current) return;
      if (r.ok) setDecisions(r.data);
      else setError(r.error.message);
    });
    return () => {
      current = false;
    };
  }, [estate.id, estate.version]);

  let body;
  if (error) body = <p className="text-error">{error}</p>;
  else if (!decisions) body = <p className="muted">{t.estates.decisionsLoading}</p>;
  else if (!decisions.length) body = <p className="muted">{t.estates.decisionsEmpty}</p>;
  else {
    body = (
      <ol className="history" data-testid="estate-decisions">
        {[...decisions].reverse().map((d) => (
          <li key={d.id} className="history-entry" data-testid="estate-decision">
            <div className="history-head">
              <span>{d.decidedAt}</span>
              <span className="history-action">
                {t.estates.decision(statusLabel(d.fromStatus), `${statusLabel(d.toStatus)}${d.level ? `(${levelLabel(d.level)})` : ''}`)}
              </span>
              {d.evaluationScore != null && <span>{t.estates.score(d.evaluationScore)}</span>}
            </div>
            <div className="history-change">{d.decisionDoc}</div>
            {d.remarks && <div className="history-reason">{d.remarks}</div>}
            <div className="history-head">
              <span>{d.createdBy}</span>
              <span>{formatDateTime(d.createdAt)}</span>
            </div>
          </li>
        ))}
      </ol>
    );
  }
  return (
    <section className="drawer-history">
      <h3 className="section-title">{t.estates.decisionsTitle}</h3>
      {body}
    </section>
  );
}
