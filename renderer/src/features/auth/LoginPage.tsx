/**
 * 登录: user name and password, Enter submits. Refusals come from db/ in Chinese (wrong password with the
 * attempts left, lock-out with the time it ends, deactivated user) and are shown as they are.
 */
import { useState } from 'react';
import type { MethodOutput } from '../../../../db/api';
import { call } from '../../api';
import { t } from '../../i18n/zh-CN';
import { authText } from './strings';
import './auth.css';

export type AuthStatus = MethodOutput<'auth.status'>;
export type LoggedIn = MethodOutput<'auth.login'>;

export interface LoginPageProps {
  status: AuthStatus;
  /** Why the login screen is shown (登录已过期, 已退出登录), if it is not the first visit. */
  notice?: string;
  onLoggedIn(result: LoggedIn): void;
}

export function LoginPage({ status, notice, onLoggedIn }: LoginPageProps) {
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<{ message: string; field?: 'login' | 'password' } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (busy) return;
    if (!login.trim()) return setError({ message: authText.loginNeeded, field: 'login' });
    if (!password) return setError({ message: authText.passwordNeeded, field: 'password' });
    setBusy(true);
    setError(null);
    const result = await call('auth.login', { login: login.trim(), password });
    setBusy(false);
    if (result.ok) return onLoggedIn(result.data);
    setPassword('');
    setError({ message: result.error.message, field: result.error.fields?.login ? 'login' : 'password' });
  };

  return (
    <div className="auth-screen">
      <form
        className="auth-card"
        data-testid="login-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h1>{t.app.productName}</h1>
        <div className="auth-workspace">
          <span data-testid="login-workspace">{status.workspaceName}</span>
          {status.demo && <span className="badge badge-demo">{t.app.demoBadge}</span>}
        </div>
        <h2>{authText.loginTitle}</h2>
        {notice && !error && (
          <p className="auth-notice" role="status" data-testid="login-notice">
            {notice}
          </p>
        )}
        {error && (
          <p className="auth-error" role="alert" data-testid="login-error">
            {error.message}
          </p>
        )}
        <div className="auth-field">
          <label htmlFor="login-name">{authText.login}</label>
          <input
            id="login-name"
            className={error?.field === 'login' ? 'input input-error' : 'input'}
            value={login}
            onChange={(e) => setLogin(e.target.value)}
            autoComplete="username"
            autoCapitalize="off"
            spellCheck={false}
            autoFocus
            data-testid="login-name"
          />
        </div>
        <div className="auth-field">
          <label htmlFor="login-password">{authText.password}</label>
          <input
            id="login-password"
            type="password"
            className={error?.field === 'password' ? 'input input-error' : 'input'}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
            data-testid="login-password"
          />
        </div>
        <button type="submit" className="button button-primary" disabled={busy} data-testid="login-submit">
          {busy ? authText.submitting : authText.submit}
        </button>
        {status.demo && <p className="auth-hint">{authText.demoHint}</p>}
      </form>
    </div>
  );
}
