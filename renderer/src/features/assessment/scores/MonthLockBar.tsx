/**
 * The working month's state above the scores (DOMAIN §4.2): inspections per status, the lock (who, when,
 * early or not), corrections after lock, and 锁定本月 for a supervisor. A refused lock shows the API's own
 * message (it names the inspections in the way) with a way to 检查录入; a lock before month end asks for a
 * confirmation first and is then sent again with confirmEarly.
 */
import { useState } from 'react';
import type { MonthStatus } from '../../../../../db/api';
import { call } from '../../../api';
import { navigate } from '../../../app/router';
import { status as statusBar } from '../../../app/status';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { formatDateTime } from '../../../format';
import type { Vocabulary } from '../shared/useVocabulary';
import { monthTitle } from './scoreFormat';

export interface MonthLockBarProps {
  month: string;
  monthStatus: MonthStatus | null;
  canLock: boolean;
  vocabulary: Vocabulary | null;
  onLocked(next: MonthStatus): void;
}

const COUNT_ORDER = ['approved', 'submitted', 'returned', 'draft', 'locked'] as const;

export function MonthLockBar({ month, monthStatus, canLock, vocabulary, onLocked }: MonthLockBarProps) {
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<{ message: string; blocking: boolean } | null>(null);
  const [earlyAsk, setEarlyAsk] = useState<string | null>(null);

  const lock = monthStatus?.lock ?? null;
  const counts = monthStatus?.counts;

  const runLock = async (confirmEarly: boolean) => {
    if (busy) return;
    setBusy(true);
    setRefusal(null);
    statusBar.saveStarted();
    const result = await call('months.lock', { month, ...(confirmEarly ? { confirmEarly: true } : {}) });
    statusBar.saveFinished(result.ok);
    setBusy(false);
    if (result.ok) {
      setEarlyAsk(null);
      statusBar.notify('info', `${monthTitle(month)}已锁定:检查记录、细则版本和作业单位已冻结,月度成绩和按质核拨结果已保存`);
      onLocked(result.data);
      return;
    }
    const { message, fields } = result.error;
    if (fields?.confirmEarly && !confirmEarly) {
      setEarlyAsk(message);
      return;
    }
    setEarlyAsk(null);
    setRefusal({ message, blocking: !!fields?.month });
    statusBar.notify('error', message);
  };

  const lockTitle = lock
    ? '本月已锁定'
    : !canLock
      ? '锁定本月需要审核员及以上角色'
      : '所有检查审核通过(或已排除)后锁定:冻结检查记录,保存月度成绩和按质核拨结果';

  return (
    <div className="month-bar" data-testid="month-bar">
      <div className="month-bar-row">
        <span className="month-bar-month">{monthTitle(month)}</span>
        {lock ? (
          <span className="badge badge-locked" data-testid="lock-badge">
            已锁定 · {lock.lockedBy} · {formatDateTime(lock.lockedAt)}
          </span>
        ) : (
          <span className="badge badge-open" data-testid="lock-badge">
            未锁定
          </span>
        )}
        {lock?.early && (
          <span className="badge badge-early" title="在月末之前锁定(如提前印发通报)">
            提前锁定
          </span>
        )}
        {counts && (
          <span className="month-bar-counts" data-testid="month-counts">
            检查 {counts.total} 条
            {COUNT_ORDER.filter((k) => counts[k] > 0).map((k) => (
              <span key={k}>
                {' · '}
                {vocabulary?.statuses[k] ?? k} {counts[k]}
              </span>
            ))}
            {counts.excluded > 0 && <span> · 已排除 {counts.excluded}</span>}
          </span>
        )}
        {monthStatus && monthStatus.corrections > 0 && (
          <span className="badge badge-correction" data-testid="correction-count">
            更正 {monthStatus.corrections} 次
          </span>
        )}
        <span className="month-bar-spacer" />
        {!lock && monthStatus && monthStatus.blocking.length > 0 && (
          <span className="month-bar-hint" data-testid="blocking-hint">
            {monthStatus.blocking.length} 条检查未审核通过,锁定前须审核或排除
          </span>
        )}
        <button
          type="button"
          className="button button-primary"
          disabled={!!lock || !canLock || busy || !monthStatus}
          title={lockTitle}
          onClick={() => void runLock(false)}
          data-testid="btn-lock-month"
        >
          锁定本月
        </button>
        <span className="role-tag" aria-hidden="true">
          审核员
        </span>
      </div>
      {refusal && (
        <div className="form-error month-bar-refusal" role="alert" data-testid="lock-refusal">
          <span>{refusal.message}</span>
          <span className="month-bar-refusal-actions">
            {refusal.blocking && (
              <button type="button" className="link-button" onClick={() => navigate('/inspections')} data-testid="goto-inspections">
                前往检查录入
              </button>
            )}
            <button type="button" className="icon-button" onClick={() => setRefusal(null)} aria-label="关闭提示" title="关闭提示">
              ×
            </button>
          </span>
        </div>
      )}
      {earlyAsk && (
        <ConfirmDialog
          title={`提前锁定${monthTitle(month)}?`}
          confirmLabel="确认提前锁定"
          busy={busy}
          onConfirm={() => void runLock(true)}
          onCancel={() => setEarlyAsk(null)}
        >
          <p data-testid="early-lock-message">{earlyAsk}</p>
          <p className="muted">锁定后本月的检查记录不能再登记或修改,如需更正须由分管领导发起更正。</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
