/** 修改密码: the old password, the new one twice. db/ checks the old one and the rule. */
import { useState } from 'react';
import { call } from '../../api';
import { authText } from './strings';
import { Modal } from '../../components/Modal';

type Field = 'oldPassword' | 'newPassword' | 'confirm';

export function ChangePasswordDialog({ onClose, onChanged }: { onClose(): void; onChanged(): void }) {
  const [form, setForm] = useState<Record<Field, string>>({ oldPassword: '', newPassword: '', confirm: '' });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const set = (key: Field, value: string) => {
    setForm({ ...form, [key]: value });
    if (errors[key]) setErrors({ ...errors, [key]: undefined });
  };

  const submit = async () => {
    if (busy) return;
    if (form.newPassword !== form.confirm) {
      setErrors({ confirm: authText.mismatch });
      return;
    }
    setBusy(true);
    setFormError(null);
    const result = await call('auth.changePassword', { oldPassword: form.oldPassword, newPassword: form.newPassword });
    setBusy(false);
    if (result.ok) return onChanged();
    setErrors((result.error.fields ?? {}) as Partial<Record<Field, string>>);
    setFormError(result.error.message);
  };

  const field = (key: Field, label: string, autoComplete: string, hint?: string) => (
    <div className="form-row form-row-long">
      <label className="form-label" htmlFor={`password-${key}`}>
        {label}
      </label>
      <input
        id={`password-${key}`}
        type="password"
        className={errors[key] ? 'input input-error' : 'input'}
        value={form[key]}
        onChange={(e) => set(key, e.target.value)}
        autoComplete={autoComplete}
        autoFocus={key === 'oldPassword'}
        data-testid={`password-${key}`}
      />
      {errors[key] && <div className="field-error">{errors[key]}</div>}
      {hint && <div className="field-hint">{hint}</div>}
    </div>
  );

  return (
    <Modal title={authText.changePasswordTitle} testId="password-dialog" onClose={onClose} onSubmit={() => void submit()}>
      {formError && (
        <p className="form-error" role="alert" data-testid="password-error">
          {formError}
        </p>
      )}
      <div className="form-grid">
        {field('oldPassword', authText.oldPassword, 'current-password')}
        {field('newPassword', authText.newPassword, 'new-password', authText.passwordRule)}
        {field('confirm', authText.confirmPassword, 'new-password')}
      </div>
      <div className="modal-actions">
        <button type="button" className="button" onClick={onClose}>
          {authText.cancel}
        </button>
        <button type="submit" className="button button-primary" disabled={busy} data-testid="password-submit">
          {authText.changePasswordSubmit}
        </button>
      </div>
    </Modal>
  );
}
