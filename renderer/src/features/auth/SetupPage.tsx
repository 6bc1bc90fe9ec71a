/**
 * First start of a new workspace: the administrator (admin) has no password yet. Set it twice, then the
 * console logs in with it. db/ checks the rule (≥ 8 characters, not the login name) and refuses a second setup.
 */
import { useState } from 'react';
import { call } from '../../api';
import { t } from '../../i18n/zh-CN';
import type { AuthStatus, LoggedIn } from './LoginPage';
import { authText } from './strings';
import './auth.css';

export interface SetupPageProps {
  status: AuthStatus;
  onLoggedIn(result: LoggedIn): void;
}

export function SetupPage({ status, onLoggedIn }: SetupPageProps) {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<{ message: string; field: 'password' | 'confirm' } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (busy) return;
    if (password !== confirm) return setError({ message: authText.mismatch, field: 'confirm' });
    setBusy(true);
    setError(null);
    const result = await call('auth.setup', { password });
    setBusy(false);
    if (result.ok) return onLoggedIn(result.data);
    setError({ message: result.error.fields?.password ?? result.error.message, field: 'password' });
  };

  return (
    <div className="auth-screen">
      <form
        className="auth-card"
        data-testid="setup-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h1>{t.app.productName}</h1>
        <div className="auth-workspace">{status.workspaceName}</div>
        <h2>{authText.setupTitle}</h2>
        <p className="auth-hint">{authText.setupText}</p>
        {error && (
          <p className="auth-error" role="alert" data-testid="setup-error">
            {error.message}
          </p>
        )}
        <div className="auth-field">
          <label htmlFor="setup-password">{authText.newPassword}</label>
          <input
            id="setup-password"
            type="password"
            className={error?.field === 'password' ? 'input input-error' : 'input'}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="new-password"
            autoFocus
            data-testid="setup-password"
          />
          <span className="auth-hint">{authText.passwordRule}</span>
        </div>
        <div className="auth-field">
          <label htmlFor="setup-confirm">{authText.confirmPassword}</label>
          <input
            id="setup-confirm"
            type="password"
            className={error?.field === 'confirm' ? 'input input-error' : 'input'}
            value={confirm}
            onChange={(e) => setConfirm(e.target.value)}
            autoComplete="new-password"
            data-testid="setup-confirm"
          />
        </div>
        <button type="submit" className="button button-primary" disabled={busy} data-testid="setup-submit">
          {busy ? authText.setupSubmitting : authText.setupSubmit}
        </button>
      </form>
    </div>
  );
}
