/**
 * The selected audit entry beside the grid: who, when, which method, the object, the reason, and the fields it
 * changed (label, before → after as display text, computed in db/audit/list.ts). The raw recorded JSON is one
 * click away for the cases a label cannot explain (a list of items, a truncated text).
 */
import type { MethodOutput } from '../../../../db/api';
import { auditText as text } from './strings';
import { formatDateTimeSeconds } from '../../format';

export type AuditEntry = MethodOutput<'audit.list'>['entries'][number];

function rawJson(value: unknown): string {
  return value == null ? 'null' : JSON.stringify(value, null, 2);
}

export function AuditDetail({ entry, onClose }: { entry: AuditEntry; onClose: () => void }) {
  const d = text.detail;
  return (
    <aside className="drawer audit-detail" aria-label={`审计记录 #${entry.id}`} data-testid="audit-detail">
      <div className="drawer-header">
        <h2 className="drawer-title">
          #{entry.id} {entry.methodLabel} {entry.entityLabel}
          {entry.entityId != null ? ` #${entry.entityId}` : ''}
        </h2>
        <button type="button" className="button" onClick={onClose}>
          {d.close}
        </button>
      </div>
      <div className="drawer-body">
        <dl className="audit-facts">
          <dt>{d.at}</dt>
          <dd>{formatDateTimeSeconds(entry.at)}</dd>
          <dt>{d.user}</dt>
          <dd data-testid="audit-detail-user">{entry.userName}</dd>
          <dt>{d.method}</dt>
          <dd>
            <code>{entry.method}</code>
          </dd>
          <dt>{d.entity}</dt>
          <dd>
            {entry.entityLabel}
            {entry.entityId != null ? ` #${entry.entityId}` : ''}
          </dd>
          <dt>{d.reason}</dt>
          <dd className={entry.reason ? undefined : 'muted'}>{entry.reason || d.noReason}</dd>
          {entry.bulkRows != null && (
            <>
              <dt>{d.bulkRows}</dt>
              <dd>{d.bulkText(entry.bulkRows)}</dd>
            </>
          )}
        </dl>
        <h3 className="section-title">{d.changes}</h3>
        {entry.changes.length > 0 ? (
          <table className="audit-changes" data-testid="audit-changes">
            <thead>
              <tr>
                <th>{d.field}</th>
                <th>{d.before}</th>
                <th>{d.after}</th>
              </tr>
            </thead>
            <tbody>
              {entry.changes.map((c) => (
                <tr key={c.field} data-field={c.field}>
                  <th scope="row">{c.label}</th>
                  <td className={c.before ? 'audit-before' : 'audit-before muted'}>{c.before || d.empty}</td>
                  <td className={c.after ? 'audit-after' : 'audit-after muted'}>{c.after || d.empty}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          entry.bulkRows == null && <p className="muted">{d.noChanges}</p>
        )}
        {(entry.before != null || entry.after != null) && (
          <details className="audit-raw">
            <summary>{d.raw}</summary>
            <div className="audit-raw-pair">
              <div>
                <div className="form-label">{d.before}</div>
                <pre>{rawJson(entry.before)}</pre>
              </div>
              <div>
                <div className="form-label">{d.after}</div>
                <pre>{rawJson(entry.after)}</pre>
              </div>
            </div>
          </details>
        )}
      </div>
    </aside>
  );
}
