/**
 * What happened to an inspection, from the audit log (`inspections.get` → history, every revision's entries):
 * each step with its user, time, status and score before → after, and its reason; plus the month lock.
 * And the revisions a correction made, each one openable.
 */
import { useEffect, useState } from 'react';
import type { Correction, InspectionDetail } from '../../../../../db/api';
import { call } from '../../../api';
import { PhotoPicker } from '../shared/PhotoPicker';
import { fmt2, formatTime, STATUS_TEXT } from './model';

const STEP: Record<string, string> = {
  'inspections.save': '保存',
  'inspections.submit': '提交审核',
  'inspections.approve': '审核通过',
  'inspections.return': '退回',
  'inspections.exclude': '排除出本月考核',
  'inspections.include': '取消排除',
  'inspections.delete': '删除',
  'corrections.open': '锁定后更正',
  'corrections.supersede': '被更正取代',
  'rectifications.issue': '下发整改通知',
};

interface State {
  status?: keyof typeof STATUS_TEXT;
  score?: number;
  revision?: number;
  id?: number;
  supersededBy?: number;
  correctionId?: number;
  rectifications?: string[];
}

function asState(v: unknown): State | null {
  return v && typeof v === 'object' ? (v as State) : null;
}

export function HistoryPanel({ detail, onOpen }: { detail: InspectionDetail; onOpen(id: number): void }) {
  // The corrections behind this record's revisions: their reason kind, text and attachments.
  const [corrections, setCorrections] = useState<Correction[]>([]);
  const hasCorrection = detail.revisions.some((r) => r.correctionId);
  useEffect(() => {
    if (!hasCorrection) return setCorrections([]);
    let alive = true;
    void call('corrections.list', { month: detail.month }).then((r) => {
      if (alive && r.ok) setCorrections(r.data);
    });
    return () => {
      alive = false;
    };
  }, [detail.month, detail.id, hasCorrection]);
  const revisionOf = (id: number | undefined) => detail.revisions.find((r) => r.id === id)?.revision;

  type Row = {
    key: string;
    at: string;
    user: string;
    step: string;
    status: string | null;
    score: string | null;
    reason: string | null;
    kind: string;
    correction?: Correction;
  };
  const rows: Row[] = detail.history.map((h, i) => {
    const before = asState(h.before);
    const after = asState(h.after);
    let step = STEP[h.method] ?? h.method;
    let reason = h.reason;
    let correction: Correction | undefined;
    if (h.method === 'inspections.save' && !before) step = '新建';
    if (h.method === 'corrections.open' && after?.revision) step = `锁定后更正(生成第 ${after.revision} 版)`;
    if (h.method === 'corrections.supersede' && after?.supersededBy) {
      const rev = revisionOf(after.supersededBy);
      step = rev ? `被更正取代(由第 ${rev} 版取代)` : '被更正取代';
    }
    if (h.method === 'rectifications.issue' && after?.rectifications) step = `下发整改通知 ${after.rectifications.length} 份:${after.rectifications.join('、')}`;
    if (after?.correctionId) {
      correction = corrections.find((c) => c.id === after.correctionId);
      if (correction) reason = `更正单 ${correction.id}:${correction.reasonLabel}——${correction.reasonText}`;
    }
    const statusText =
      before?.status && after?.status && before.status !== after.status
        ? `${STATUS_TEXT[before.status] ?? before.status} → ${STATUS_TEXT[after.status] ?? after.status}`
        : null;
    const score =
      before?.score != null && after?.score != null
        ? `得分 ${fmt2(before.score)} → ${fmt2(after.score)}`
        : after?.score != null
          ? `得分 ${fmt2(after.score)}`
          : null;
    return { key: `a${h.auditId}-${i}`, at: h.at, user: h.userName, step, status: statusText, score, reason, kind: h.method, correction: h.method === 'corrections.open' ? correction : undefined };
  });
  if (detail.lock) {
    rows.push({ key: 'lock', at: detail.lock.lockedAt, user: detail.lock.lockedBy, step: `${detail.lock.month} 月锁定${detail.lock.early ? '(提前锁定)' : ''}`, status: null, score: null, reason: null, kind: 'months.lock' });
  }
  rows.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));

  return (
    <>
      {detail.revisions.length > 1 && (
        <section className="insp-section" data-testid="revisions">
          <h3 className="section-title">版本(锁定后更正)</h3>
          <ol className="revision-list">
            {detail.revisions.map((r) => (
              <li key={r.id} className={r.id === detail.id ? 'revision is-current' : 'revision'}>
                <button type="button" className="link-button" onClick={() => onOpen(r.id)} disabled={r.id === detail.id}>
                  第 {r.revision} 版
                </button>
                <span className="num">得分 {fmt2(r.score)}</span>
                {r.supersededBy ? <span className="badge badge-superseded">已被更正</span> : <span className="badge badge-current">当前版本</span>}
                <span className="muted">{formatTime(r.createdAt)}</span>
                {r.correctionId && <span className="muted">更正单 {r.correctionId}</span>}
              </li>
            ))}
          </ol>
        </section>
      )}
      <section className="insp-section" data-testid="history">
        <h3 className="section-title">处理记录</h3>
        {!rows.length ? (
          <p className="muted">暂无记录</p>
        ) : (
          <ol className="history">
            {rows.map((r) => (
              <li key={r.key} className="history-entry" data-testid="history-entry" data-method={r.kind}>
                <div className="history-head">
                  <span className="history-action">{r.step}</span>
                  <span>{r.user}</span>
                  <span>{formatTime(r.at)}</span>
                </div>
                {(r.status || r.score) && (
                  <div className="history-change">
                    {r.status && <span className="history-status">状态 {r.status}</span>}
                    {r.score && <span className="history-score">{r.score}</span>}
                  </div>
                )}
                {r.reason && <div className="history-reason">原因:{r.reason}</div>}
                {r.correction && r.correction.attachments.length > 0 && (
                  <div className="history-change">
                    <PhotoPicker value={r.correction.attachments} onChange={() => undefined} readOnly testId="correction-files" />
                  </div>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}
