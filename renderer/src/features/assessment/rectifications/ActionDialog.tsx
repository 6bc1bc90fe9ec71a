/**
 * One step of an order's follow-up in a small dialog: 登记整改完成 (date, note, after photos), 复核销号 (an
 * optional note), 复核不通过 (reason), 延期 (new deadline and reason), 免除 (reason). Sends the order's version;
 * a refusal or a version conflict shows the API's message in the dialog (and the status bar).
 */
import { useState } from 'react';
import type { ApiResult, Rectification } from '../../../../../db/api';
import { call } from '../../../api';
import { status } from '../../../app/status';
import { PhotoPicker } from '../shared/PhotoPicker';
import { ACTIONS, localToday, type ActionKind } from './rectFormat';
import { Modal } from '../../../components/Modal';

export interface ActionDialogProps {
  kind: ActionKind;
  row: Rectification;
  onDone(row: Rectification): void;
  /** The order changed meanwhile (version conflict): the list should be read again. */
  onConflict(): void;
  onClose(): void;
}

interface Form {
  date: string;
  text: string;
  evidence: number[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function ActionDialog({ kind, row, onDone, onConflict, onClose }: ActionDialogProps) {
  const action = ACTIONS.find((a) => a.kind === kind)!;
  const [form, setForm] = useState<Form>(() => ({
    date: kind === 'reportFixed' ? localToday() : kind === 'extend' ? addDays(row.deadline > localToday() ? row.deadline : localToday(), 3) : '',
    text: '',
    evidence: [],
  }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const dateKey = kind === 'reportFixed' ? 'fixedAt' : 'deadline';
  const textKey = kind === 'waive' || kind === 'extend' ? 'reason' : 'note';
  const textRequired = kind === 'reopen' || kind === 'waive' || kind === 'extend';
  const hasDate = kind === 'reportFixed' || kind === 'extend';

  const textLabel: Record<ActionKind, string> = {
    reportFixed: '整改说明',
    close: '复核意见',
    reopen: '不通过原因',
    extend: '延期原因',
    waive: '免除原因',
  };

  const submit = async () => {
    if (busy) return;
    const found: Record<string, string> = {};
    const date = form.date.trim();
    const text = form.text.trim();
    if (hasDate && !DATE.test(date)) found[dateKey] = '请填写日期,如 2025-10-15';
    if (textRequired && !text) found[textKey] = `请写明${textLabel[kind]}`;
    if (Object.keys(found).length) {
      setErrors(found);
      return;
    }
    setBusy(true);
    setFormError(null);
    status.saveStarted();
    const base = { id: row.id, version: row.version };
    let result: ApiResult<Rectification>;
    switch (kind) {
      case 'reportFixed':
        result = await call('rectifications.reportFixed', { ...base, fixedAt: date, note: text || null, evidence: form.evidence });
        break;
      case 'close':
        result = await call('rectifications.close', { ...base, note: text || null });
        break;
      case 'reopen':
        result = await call('rectifications.reopen', { ...base, note: text });
        break;
      case 'extend':
        result = await call('rectifications.extend', { ...base, deadline: date, reason: text });
        break;
      case 'waive':
        result = await call('rectifications.waive', { ...base, reason: text });
        break;
    }
    status.saveFinished(result.ok);
    setBusy(false);
    if (result.ok) {
      onDone(result.data);
      return;
    }
    setErrors(result.error.fields ?? {});
    setFormError(result.error.message);
    status.notify('error', `${row.noticeNo}:未能${action.title}。${result.error.message}`);
    if (result.error.code === 'conflict') onConflict();
  };

  const set = (key: keyof Form, value: string | number[]) => {
    setForm({ ...form, [key]: value });
    const errorKey = key === 'date' ? dateKey : key === 'text' ? textKey : 'evidence';
    if (errors[errorKey]) setErrors({ ...errors, [errorKey]: '' });
  };

  return (
    <Modal title={`${action.title} · ${row.noticeNo}`} testId="rect-action-dialog" className="rect-action-dialog" onClose={onClose} onSubmit={() => void submit()}>
      <p className="muted">
        {row.targetName}
        {row.contractorName ? ` · ${row.contractorName}` : ''} · {row.itemCode}
        {row.description ? ` ${row.description}` : ''} · 期限 {row.deadline}
      </p>
      {kind === 'close' && <p>确认整改已到位,复核通过并销号。销号后记录复核人和时间。</p>}
      {formError && (
        <p className="form-error" role="alert" data-testid="rect-action-error">
          {formError}
        </p>
      )}
      <div className="form-grid">
        {hasDate && (
          <div className="form-row form-row-long">
            <label className="form-label" htmlFor="rect-action-date">
              {kind === 'reportFixed' ? '整改完成日期' : `新的整改期限(原期限 ${row.deadline})`}
              <span className="required">*</span>
            </label>
            <input
              id="rect-action-date"
              className={errors[dateKey] ? 'input input-error' : 'input'}
              value={form.date}
              placeholder="2025-10-15"
              autoFocus
              onChange={(e) => set('date', e.target.value)}
              data-testid="rect-action-date"
            />
            {errors[dateKey] && <div className="field-error">{errors[dateKey]}</div>}
          </div>
        )}
        <div className="form-row form-row-long">
          <label className="form-label" htmlFor="rect-action-text">
            {textLabel[kind]}
            {textRequired && <span className="required">*</span>}
          </label>
          <textarea
            id="rect-action-text"
            className={errors[textKey] ? 'input input-error' : 'input'}
            rows={3}
            maxLength={500}
            autoFocus={!hasDate}
            value={form.text}
            onChange={(e) => set('text', e.target.value)}
            data-testid="rect-action-text"
          />
          {errors[textKey] && <div className="field-error">{errors[textKey]}</div>}
        </div>
        {kind === 'reportFixed' && (
          <div className="form-row form-row-long">
            <span className="form-label">整改后照片</span>
            <PhotoPicker value={form.evidence} onChange={(ids) => set('evidence', ids)} label="添加照片" testId="rect-evidence" />
            {errors.evidence && <div className="field-error">{errors.evidence}</div>}
          </div>
        )}
      </div>
      <div className="modal-actions">
        <button type="button" className="button" onClick={onClose}>
          取消
        </button>
        <button
          type="submit"
          className={kind === 'waive' || kind === 'reopen' ? 'button button-danger' : 'button button-primary'}
          aria-disabled={busy}
          data-testid="rect-action-submit"
        >
          {busy ? '提交中…' : action.title}
        </button>
      </div>
    </Modal>
  );
}
