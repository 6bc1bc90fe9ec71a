/**
 * The row drawer of an order: the finding behind it (item, location, description, points, photos), the
 * rectification (deadline, status, completion with the after photos, verification) and its course from the
 * inspection to the last step. The finding and the inspection come from inspections.get.
 */
import { useEffect, useState } from 'react';
import type { InspectionDetail, Rectification } from '../../../../../db/api';
import { call } from '../../../api';
import { formatDateTime } from '../../../format';
import { PhotoPicker } from '../shared/PhotoPicker';
import { statusParts } from './rectFormat';

export interface RectificationDrawerProps {
  row: Rectification;
  onClose(): void;
}

interface AuditStep {
  id: number;
  at: string;
  userName: string;
  method: string;
  before: unknown;
  after: unknown;
  reason: string | null;
}

const ACTION_WORDS: Record<string, string> = {
  'rectifications.reportFixed': '登记整改完成',
  'rectifications.close': '复核通过,已销号',
  'rectifications.reopen': '复核不通过,退回整改',
  'rectifications.waive': '免除整改',
  'rectifications.extend': '延长整改期限',
};

const STATUS_WORDS: Record<string, string> = { open: '待整改', fixed: '已整改待复核', closed: '已销号', waived: '已免除' };

function auditDetail(entry: AuditStep): string | null {
  const before = (entry.before ?? {}) as { status?: string; deadline?: string };
  const after = (entry.after ?? {}) as { status?: string; deadline?: string; fixedAt?: string | null; note?: string | null; evidence?: number[] };
  const parts: string[] = [];
  if (before.status && after.status && before.status !== after.status) parts.push(`${STATUS_WORDS[before.status] ?? before.status} → ${STATUS_WORDS[after.status] ?? after.status}`);
  if (before.deadline && after.deadline && before.deadline !== after.deadline) parts.push(`期限 ${before.deadline} → ${after.deadline}`);
  if (entry.method === 'rectifications.reportFixed' && after.fixedAt) parts.push(`完成日期 ${after.fixedAt}`);
  if (entry.method === 'rectifications.reportFixed' && after.evidence?.length) parts.push(`整改后照片 ${after.evidence.length} 张`);
  // Each entry carries its own step's note: the completion note, or the verifier's.
  const text = entry.reason ?? after.note ?? null;
  if (text) parts.push(text);
  return parts.join(';') || null;
}

type Loaded = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; inspection: InspectionDetail };

interface Step {
  at: string;
  who?: string | null;
  what: string;
  detail?: string | null;
}

/** The order's course, oldest first, from the inspection and the order's own dates. */
function courseOf(row: Rectification, inspection: InspectionDetail | null, audit: AuditStep[] | null): Step[] {
  const steps: Step[] = [];
  steps.push({
    at: row.inspectionDate,
    who: inspection?.inspectors.join('、'),
    what: '检查发现问题',
    detail: inspection ? `${inspection.schemeName} · 扣 ${row.points} 分` : `扣 ${row.points} 分`,
  });
  const issue = inspection?.history.find((h) => h.method === 'rectifications.issue' && JSON.stringify(h.after ?? '').includes(row.noticeNo));
  if (issue || inspection?.approvedAt) {
    steps.push({
      at: formatDateTime(issue?.at ?? inspection!.approvedAt!),
      who: issue?.userName ?? inspection?.approvedBy,
      what: '审核通过,下发整改通知',
      detail: `通知书 ${row.noticeNo}`,
    });
  }
  if (audit) {
    for (const entry of [...audit].sort((a, b) => a.id - b.id)) {
      steps.push({ at: formatDateTime(entry.at), who: entry.userName, what: ACTION_WORDS[entry.method] ?? entry.method, detail: auditDetail(entry) });
    }
    return steps;
  }
  if (row.fixedAt) steps.push({ at: row.fixedAt, what: '登记整改完成', detail: [row.fixedNote, row.evidence.length ? `整改后照片 ${row.evidence.length} 张` : null].filter(Boolean).join(';') || null });
  if (row.status === 'open' && row.verifyNote) steps.push({ at: '', what: '复核不通过,退回整改', detail: row.verifyNote });
  if (row.status === 'closed') steps.push({ at: row.verifiedAt ? formatDateTime(row.verifiedAt) : '', who: row.verifiedBy, what: '复核通过,已销号', detail: row.verifyNote });
  if (row.status === 'waived') steps.push({ at: '', what: '免除整改', detail: row.waiveReason });
  steps.push({ at: formatDateTime(row.updatedAt), what: `当前:${statusParts(row).label}`, detail: `整改期限 ${row.deadline}` });
  return steps;
}

export function RectificationDrawer({ row, onClose }: RectificationDrawerProps) {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [audit, setAudit] = useState<AuditStep[] | null>(null);

  useEffect(() => {
    let alive = true;
    void call('rectifications.history', { id: row.id }).then((r) => {
      if (alive && r.ok) setAudit(r.data.map((e) => ({ ...e, id: e.auditId })));
    });
    return () => {
      alive = false;
    };
  }, [row.id, row.version]);

  useEffect(() => {
    let alive = true;
    setLoaded({ state: 'loading' });
    void call('inspections.get', { id: row.inspectionId }).then((r) => {
      if (!alive) return;
      setLoaded(r.ok ? { state: 'ready', inspection: r.data } : { state: 'failed', message: r.error.message });
    });
    return () => {
      alive = false;
    };
  }, [row.inspectionId]);

  const inspection = loaded.state === 'ready' ? loaded.inspection : null;
  const finding = inspection?.findings.find((f) => f.id === row.findingId) ?? null;
  const st = statusParts(row);
  const photos = finding?.photos ?? row.photos;

  return (
    <aside
      className="drawer rect-drawer"
      aria-label={`整改单 ${row.noticeNo}`}
      data-testid="rect-drawer"
      tabIndex={-1}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <header className="drawer-header">
        <h2 className="drawer-title">整改单 {row.noticeNo}</h2>
        <span className={`badge rect-badge rect-badge-${st.tone}`}>{st.label}</span>
        <button type="button" className="icon-button drawer-close" onClick={onClose} title="关闭(Esc)" aria-label="关闭" data-testid="rect-drawer-close">
          ×
        </button>
      </header>
      <div className="drawer-body">
        {loaded.state === 'failed' && (
          <p className="form-error" role="alert">
            检查记录读取失败:{loaded.message}
          </p>
        )}
        <h3 className="section-title">发现的问题</h3>
        <dl className="facts">
          <dt>考核对象</dt>
          <dd>{row.targetName}</dd>
          <dt>作业单位</dt>
          <dd>{row.contractorName ?? '—'}</dd>
          <dt>检查日期</dt>
          <dd>
            {row.inspectionDate}
            {inspection && <span className="muted"> · {inspection.inspectors.join('、')}</span>}
          </dd>
          <dt>检查项</dt>
          <dd data-testid="rect-item">
            {row.itemCode} {finding?.itemTitle ?? (loaded.state === 'loading' ? '…' : '')}
          </dd>
          <dt>位置</dt>
          <dd>{row.location || '—'}</dd>
          <dt>问题描述</dt>
          <dd className="wrap">{row.description || '—'}</dd>
          <dt>扣分</dt>
          <dd>{row.points} 分</dd>
          <dt>现场照片</dt>
          <dd>
            <PhotoPicker value={photos} onChange={() => undefined} readOnly testId="rect-photos" />
          </dd>
        </dl>

        <h3 className="section-title">整改情况</h3>
        <dl className="facts">
          <dt>整改期限</dt>
          <dd>
            {row.deadline}
            {st.note && <span className={st.tone === 'overdue' ? ' text-error' : ' muted'}> · {st.note}</span>}
          </dd>
          <dt>完成日期</dt>
          <dd>{row.fixedAt ?? '—'}</dd>
          <dt>整改说明</dt>
          <dd className="wrap">{row.fixedNote || '—'}</dd>
          <dt>整改后照片</dt>
          <dd>
            <PhotoPicker value={row.evidence} onChange={() => undefined} readOnly testId="rect-evidence-view" />
          </dd>
          <dt>复核</dt>
          <dd data-testid="rect-verified">
            {row.verifiedBy ? `${row.verifiedBy} · ${row.verifiedAt ? formatDateTime(row.verifiedAt) : ''}` : '—'}
            {row.verifyNote && <div className="muted wrap">{row.verifyNote}</div>}
          </dd>
          {row.waiveReason && (
            <>
              <dt>免除原因</dt>
              <dd className="wrap">{row.waiveReason}</dd>
            </>
          )}
        </dl>

        <section className="drawer-history">
          <h3 className="section-title">经过</h3>
          <ol className="history" data-testid="rect-history">
            {[...courseOf(row, inspection, audit)].reverse().map((s, i) => (
              <li key={i} className="history-entry">
                <div className="history-head">
                  {s.at && <span className="history-at">{s.at}</span>}
                  {s.who && <span className="history-user">{s.who}</span>}
                  <span className="history-action">{s.what}</span>
                </div>
                {s.detail && <div className="history-change">{s.detail}</div>}
              </li>
            ))}
          </ol>
        </section>
      </div>
    </aside>
  );
}
