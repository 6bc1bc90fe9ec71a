/**
 * 状态变更 of a garbage-sorting estate: its status moves only through a dated decision record (评定 with a
 * document number, or 撤销命名 with a reason), written by `estates.decide` together with the estate's new
 * status. The choices come from the estate's own fields (创建等级, 命名级别).
 */
import { useState } from 'react';
import type { Estate, FieldDef } from '../../../../db/api';
import { call } from '../../api';
import { cellText } from '../../components/ledger/values';
import { t } from '../../i18n/zh-CN';
import { Modal } from '../../components/Modal';

export interface DecisionDialogProps {
  estate: Estate;
  fields: FieldDef[];
  onClose(): void;
  onDecided(estate: Estate): void;
}

const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

type Form = { toStatus: string; level: string; decidedAt: string; decisionDoc: string; evaluationScore: string; reason: string };

export function DecisionDialog({ estate, fields, onClose, onDecided }: DecisionDialogProps) {
  const statusField = fields.find((f) => f.key === 'status');
  const levelField = fields.find((f) => f.key === 'statusLevel');
  const [form, setForm] = useState<Form>({ toStatus: '', level: '', decidedAt: today(), decisionDoc: '', evaluationScore: '', reason: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const current = [statusField, levelField]
    .map((f) => (f ? cellText(f, estate as unknown as Record<string, unknown>) : ''))
    .filter(Boolean)
    .join(' · ');

  const set = (key: keyof Form, value: string) => {
    setForm({ ...form, [key]: value });
    if (errors[key]) setErrors({ ...errors, [key]: '' });
  };

  const submit = async () => {
    if (busy) return;
    setBusy(true);
    setFormError(null);
    const score = form.evaluationScore.trim();
    const result = await call('estates.decide', {
      estateId: estate.id,
      version: estate.version,
      toStatus: form.toStatus,
      level: form.level || null,
      decidedAt: form.decidedAt.trim(),
      decisionDoc: form.decisionDoc.trim(),
      evaluationScore: score === '' ? null : /^\d+(\.\d+)?$/.test(score) ? Number(score) : score,
      reason: form.reason.trim() || null,
    });
    setBusy(false);
    if (result.ok) {
      onDecided(result.data.row);
      return;
    }
    setErrors(result.error.fields ?? {});
    setFormError(result.error.message);
  };

  const field = (key: keyof Form, label: string, control: React.ReactNode, hint?: string) => (
    <div className="form-row form-row-long">
      <label className="form-label" htmlFor={`decide-${key}`}>
        {label}
      </label>
      {control}
      {errors[key] && (
        <div className="field-error" data-testid={`decide-error-${key}`}>
          {errors[key]}
        </div>
      )}
      {hint && <div className="field-hint">{hint}</div>}
    </div>
  );
  const input = (key: keyof Form, extra?: { inputMode?: 'decimal' }) => (
    <input
      id={`decide-${key}`}
      className={errors[key] ? 'input input-error' : 'input'}
      value={form[key]}
      onChange={(e) => set(key, e.target.value)}
      inputMode={extra?.inputMode}
      data-testid={`decide-${key}`}
    />
  );

  return (
    <Modal title={t.estates.dialogTitle(`${estate.code} ${estate.name}`)} testId="decide-dialog" onClose={onClose} onSubmit={() => void submit()}>
      <p className="muted">{t.estates.current(current)}</p>
      {formError && (
        <p className="form-error" role="alert" data-testid="decide-error">
          {formError}
        </p>
      )}
      <div className="form-grid">
        {field(
          'toStatus',
          t.estates.toStatus,
          <select id="decide-toStatus" className={errors.toStatus ? 'input input-error' : 'input'} value={form.toStatus} onChange={(e) => set('toStatus', e.target.value)} autoFocus data-testid="decide-toStatus">
            <option value="" />
            {(statusField?.options ?? []).map((o) => (
              <option key={String(o.value)} value={String(o.value)} disabled={o.value === estate.status}>
                {o.label}
              </option>
            ))}
          </select>,
        )}
        {field(
          'level',
          t.estates.level,
          <select id="decide-level" className={errors.level ? 'input input-error' : 'input'} value={form.level} onChange={(e) => set('level', e.target.value)} data-testid="decide-level">
            <option value="" />
            {(levelField?.options ?? []).map((o) => (
              <option key={String(o.value)} value={String(o.value)}>
                {o.label}
              </option>
            ))}
          </select>,
          levelField?.hint,
        )}
        {field('decidedAt', t.estates.decidedAt, input('decidedAt'), t.estates.decidedAtHint)}
        {field('decisionDoc', t.estates.decisionDoc, input('decisionDoc'), t.estates.decisionDocHint)}
        {field('evaluationScore', t.estates.evaluationScore, input('evaluationScore', { inputMode: 'decimal' }))}
        {field(
          'reason',
          t.estates.reason,
          <textarea id="decide-reason" className={errors.reason ? 'input input-error' : 'input'} rows={2} value={form.reason} onChange={(e) => set('reason', e.target.value)} data-testid="decide-reason" />,
          t.estates.reasonHint,
        )}
      </div>
      <div className="modal-actions">
        <button type="button" className="button" onClick={onClose}>
          {t.grid.cancel}
        </button>
        <button type="submit" className="button button-primary" aria-disabled={busy} data-testid="decide-submit">
          {busy ? t.estates.submitting : t.estates.submit}
        </button>
      </div>
    </Modal>
  );
}
