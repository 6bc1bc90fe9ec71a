/** The user screen's dialogs: add or edit a user (name, role; login and first password when adding), reset a password. */
import { useState, type ReactNode } from 'react';
import type { Role, UserRecord } from '../../../../db/api';
import { call } from '../../api';
import { ROLE_LABEL, ROLE_ORDER } from '../../app/roles';
import { usersText } from './strings';
import { Modal } from '../../components/Modal';

type Errors = Record<string, string | undefined>;

function UserFormDialog({ title, testId, error, busy, submitLabel, onClose, onSubmit, children }: {
  title: string;
  testId: string;
  error: string | null;
  busy: boolean;
  submitLabel: string;
  onClose(): void;
  onSubmit(): void;
  children: ReactNode;
}) {
  return (
    <Modal title={title} testId={testId} onClose={onClose} onSubmit={onSubmit}>
      {error && (
        <p className="form-error" role="alert" data-testid={`${testId}-error`}>
          {error}
        </p>
      )}
      <div className="form-grid">{children}</div>
      <div className="modal-actions">
        <button type="button" className="button" onClick={onClose}>
          {usersText.cancel}
        </button>
        <button type="submit" className="button button-primary" disabled={busy} data-testid={`${testId}-save`}>
          {busy ? usersText.saving : submitLabel}
        </button>
      </div>
    </Modal>
  );
}

function Row({ id, label, error, hint, long, children }: { id: string; label: string; error?: string; hint?: string; long?: boolean; children: ReactNode }) {
  return (
    <div className={long ? 'form-row form-row-long' : 'form-row'}>
      <label className="form-label" htmlFor={id}>
        {label}
      </label>
      {children}
      {error && (
        <div className="field-error" data-testid={`${id}-error`}>
          {error}
        </div>
      )}
      {hint && <div className="field-hint">{hint}</div>}
    </div>
  );
}

export interface UserDialogProps {
  /** The user to edit; none to add a new one. */
  user?: UserRecord;
  onClose(): void;
  onSaved(user: UserRecord): void;
}

export function UserDialog({ user, onClose, onSaved }: UserDialogProps) {
  const [form, setForm] = useState({ login: '', name: user?.name ?? '', role: (user?.role ?? 'clerk') as Role, password: '', confirm: '' });
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const set = <K extends keyof typeof form>(key: K, value: (typeof form)[K]) => {
    setForm({ ...form, [key]: value });
    if (errors[key]) setErrors({ ...errors, [key]: undefined });
  };

  const submit = async () => {
    if (busy) return;
    if (!user && form.password !== form.confirm) {
      setErrors({ confirm: usersText.mismatch });
      return;
    }
    setBusy(true);
    setFormError(null);
    const result = user
      ? await call('users.update', {
          id: user.id,
          version: user.version,
          patch: { ...(form.name !== user.name ? { name: form.name } : {}), ...(form.role !== user.role ? { role: form.role } : {}) },
        })
      : await call('users.create', { login: form.login, name: form.name, role: form.role, password: form.password });
    setBusy(false);
    if (result.ok) return onSaved(result.data);
    setErrors(result.error.fields ?? {});
    setFormError(result.error.message);
  };

  return (
    <UserFormDialog
      title={user ? usersText.editTitle(user.name) : usersText.createTitle}
      testId="user-dialog"
      error={formError}
      busy={busy}
      submitLabel={usersText.save}
      onClose={onClose}
      onSubmit={() => void submit()}
    >
      {user ? (
        <Row id="user-login" label={usersText.login} long>
          <input id="user-login" className="input" value={user.login} readOnly disabled />
        </Row>
      ) : (
        <Row id="user-login" label={usersText.login} error={errors.login} hint={usersText.loginHint} long>
          <input
            id="user-login"
            className={errors.login ? 'input input-error' : 'input'}
            value={form.login}
            onChange={(e) => set('login', e.target.value)}
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            autoFocus
            data-testid="user-login"
          />
        </Row>
      )}
      <Row id="user-name" label={usersText.name} error={errors.name}>
        <input
          id="user-name"
          className={errors.name ? 'input input-error' : 'input'}
          value={form.name}
          onChange={(e) => set('name', e.target.value)}
          autoFocus={!!user}
          data-testid="user-name"
        />
      </Row>
      <Row id="user-role" label={usersText.role} error={errors.role} hint={usersText.roleHelp[form.role]}>
        <select id="user-role" className={errors.role ? 'input input-error' : 'input'} value={form.role} onChange={(e) => set('role', e.target.value as Role)} data-testid="user-role">
          {ROLE_ORDER.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABEL[r]}
            </option>
          ))}
        </select>
      </Row>
      {!user && (
        <>
          <Row id="user-password" label={usersText.password} error={errors.password} hint={usersText.passwordHint} long>
            <input
              id="user-password"
              type="password"
              className={errors.password ? 'input input-error' : 'input'}
              value={form.password}
              onChange={(e) => set('password', e.target.value)}
              autoComplete="new-password"
              data-testid="user-password"
            />
          </Row>
          <Row id="user-confirm" label={usersText.confirmPassword} error={errors.confirm} long>
            <input
              id="user-confirm"
              type="password"
              className={errors.confirm ? 'input input-error' : 'input'}
              value={form.confirm}
              onChange={(e) => set('confirm', e.target.value)}
              autoComplete="new-password"
              data-testid="user-confirm"
            />
          </Row>
        </>
      )}
    </UserFormDialog>
  );
}

export function ResetPasswordDialog({ user, onClose, onDone }: { user: UserRecord; onClose(): void; onDone(): void }) {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (busy) return;
    if (password !== confirm) {
      setErrors({ confirm: usersText.mismatch });
      return;
    }
    setBusy(true);
    setFormError(null);
    const result = await call('users.resetPassword', { id: user.id, password });
    setBusy(false);
    if (result.ok) return onDone();
    setErrors(result.error.fields ?? {});
    setFormError(result.error.message);
  };

  return (
    <UserFormDialog
      title={usersText.resetTitle(user.name)}
      testId="reset-dialog"
      error={formError}
      busy={busy}
      submitLabel={usersText.resetPassword}
      onClose={onClose}
      onSubmit={() => void submit()}
    >
      <p className="muted form-row-long">{usersText.resetText}</p>
      <Row id="reset-password" label={usersText.newPassword} error={errors.password} hint={usersText.passwordHint} long>
        <input
          id="reset-password"
          type="password"
          className={errors.password ? 'input input-error' : 'input'}
          value={password}
          onChange={(e) => {
            setPassword(e.target.value);
            setErrors({});
          }}
          autoComplete="new-password"
          autoFocus
          data-testid="reset-password"
        />
      </Row>
      <Row id="reset-confirm" label={usersText.confirmPassword} error={errors.confirm} long>
        <input
          id="reset-confirm"
          type="password"
          className={errors.confirm ? 'input input-error' : 'input'}
          value={confirm}
          onChange={(e) => {
            setConfirm(e.target.value);
            setErrors({});
          }}
          autoComplete="new-password"
          data-testid="reset-confirm"
        />
      </Row>
    </UserFormDialog>
  );
}
