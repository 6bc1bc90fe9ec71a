/**
 * The application shell (UX.md "Window"): top bar, grouped left navigation, the current screen, status bar.
 * Behind a login: auth.status says whether this tab's session is still valid, whether a new workspace first needs
 * its administrator password (first start), or whether to log in. A call refused later as unauthenticated (session
 * expired, user deactivated, host restarted) brings the login screen back with 登录已过期,请重新登录.
 * A console that cannot reach its host says so instead of showing empty screens.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { call, getSession, onProgress, onSessionExpired, setSession } from '../api';
import { LoginPage, type AuthStatus, type LoggedIn } from '../features/auth/LoginPage';
import { SetupPage } from '../features/auth/SetupPage';
import { authText } from '../features/auth/strings';
import { UserMenu } from '../features/auth/UserMenu';
import { RecoveryPage } from '../features/recovery/RecoveryPage';
import { recoveryStatus, type RecoveryInfo } from '../features/recovery/recoveryApi';
import { monthOf } from '../format';
import { t } from '../i18n/zh-CN';
import { MonthPicker } from './MonthPicker';
import { DEFAULT_PATH, findEntry, navFor } from './nav';
import { ROLE_LABEL, roleAtLeast } from './roles';
import { navigate, useHashPath } from './router';
import { status } from './status';
import { StatusBar } from './StatusBar';
import { WorkspaceContext, type WorkspaceInfo, type WorkspaceState } from './workspace';

type Phase =
  | { state: 'loading' }
  | { state: 'failed'; message: string }
  | { state: 'recovery'; info: RecoveryInfo }
  | { state: 'setup'; status: AuthStatus }
  | { state: 'login'; status: AuthStatus; notice?: string }
  | { state: 'ready'; info: WorkspaceInfo };

export function App() {
  const [phase, setPhase] = useState<Phase>({ state: 'loading' });
  const [month, setMonth] = useState(() => monthOf(new Date()));
  const path = useHashPath();

  /** Where this tab stands: logged in (→ the console), first start (→ setup), or not (→ login). */
  const start = useCallback(async (notice?: string) => {
    setPhase({ state: 'loading' });
    const hadSession = getSession() !== null;
    const result = await call('auth.status', {});
    if (!result.ok) {
      // A host in recovery mode answers every contract call with `workspace`: its first screen is the backup offer.
      const recovery = result.error.code === 'workspace' ? await recoveryStatus() : null;
      return setPhase(recovery ? { state: 'recovery', info: recovery } : { state: 'failed', message: result.error.message });
    }
    const authStatus = result.data;
    if (!authStatus.user) {
      if (hadSession) setSession(null);
      if (authStatus.setupRequired) return setPhase({ state: 'setup', status: authStatus });
      return setPhase({ state: 'login', status: authStatus, notice: notice ?? (hadSession ? authText.expired : undefined) });
    }
    const info = await call('workspace.info', {});
    // An unauthenticated answer here has already sent the app back to the login screen (onSessionExpired).
    if (info.ok) setPhase({ state: 'ready', info: info.data });
    else if (info.error.code !== 'unauthenticated') setPhase({ state: 'failed', message: info.error.message });
  }, []);

  const loggedIn = useCallback(
    (result: LoggedIn) => {
      setSession(result.session);
      void start();
    },
    [start],
  );

  const logout = useCallback(async () => {
    await call('auth.logout', {});
    setSession(null);
    void start(authText.loggedOut);
  }, [start]);

  useEffect(() => {
    void start();
  }, [start]);
  useEffect(() => onSessionExpired(() => void start(authText.expired)), [start]);
  // Subscribed once logged in: a LAN client (no start token) authenticates the event stream with its session.
  const ready = phase.state === 'ready';
  useEffect(() => (ready ? onProgress((event) => status.progress(event)) : undefined), [ready]);
  useEffect(() => {
    if (!findEntry(path) && path === '/') navigate(DEFAULT_PATH);
  }, [path]);

  const workspace = useMemo<WorkspaceState | null>(
    () => (phase.state === 'ready' ? { info: phase.info, month, setMonth } : null),
    [phase, month],
  );

  if (phase.state === 'recovery') return <RecoveryPage info={phase.info} onRestored={(notice) => void start(notice)} />;
  if (phase.state === 'setup') return <SetupPage status={phase.status} onLoggedIn={loggedIn} />;
  if (phase.state === 'login') return <LoginPage status={phase.status} notice={phase.notice} onLoggedIn={loggedIn} />;
  if (phase.state !== 'ready' || !workspace) {
    return (
      <div className="app-message">
        <h1>{t.app.productName}</h1>
        {phase.state !== 'failed' ? (
          <p>{t.app.loading}</p>
        ) : (
          <>
            <p className="app-message-error" role="alert">
              {t.app.openFailed}:{phase.message}
            </p>
            <button type="button" className="button" onClick={() => void start()}>
              {t.app.retry}
            </button>
          </>
        )}
      </div>
    );
  }

  const { info } = workspace;
  const entry = findEntry(path);
  const nav = navFor(info.user.role);
  return (
    <WorkspaceContext.Provider value={workspace}>
      <div className="app">
        <header className="top-bar">
          <span className="product-name">{t.app.productName}</span>
          <span className="workspace-name" data-testid="workspace-name" title={info.file}>
            {info.name}
          </span>
          {info.demo && (
            <span className="badge badge-demo" title={t.app.demoBadgeTitle}>
              {t.app.demoBadge}
            </span>
          )}
          <span className="top-bar-spacer" />
          <MonthPicker value={month} onChange={setMonth} />
          <UserMenu
            name={info.user.name}
            roleLabel={info.user.roleLabel}
            onLogout={() => void logout()}
            onPasswordChanged={() => status.notify('info', authText.changePasswordDone)}
          />
        </header>
        <nav className="side-nav" aria-label={t.app.navLabel}>
          {nav.map((group) => (
            <div key={group.label} className="nav-group">
              {/* A group of one entry named like it (统计看板, 指标) is the entry itself: no heading above it. */}
              {!(group.entries.length === 1 && group.entries[0].label === group.label) && <div className="nav-group-label">{group.label}</div>}
              {group.entries.map((e) => (
                <a key={e.path} href={`#${e.path}`} className={e.path === path ? 'nav-entry nav-entry-active' : 'nav-entry'} aria-current={e.path === path ? 'page' : undefined}>
                  {e.label}
                </a>
              ))}
            </div>
          ))}
        </nav>
        <main className="main">
          {entry && roleAtLeast(info.user.role, entry.role) ? (
            // Keyed by path: leaving a screen drops its grid and its per-screen state.
            <div key={entry.path} className="page">
              {entry.render()}
            </div>
          ) : entry ? (
            <div className="app-message" data-testid="no-permission">
              <h2>{authText.noPermissionTitle}</h2>
              <p>{authText.noPermissionText(ROLE_LABEL[entry.role!])}</p>
            </div>
          ) : (
            path !== '/' && (
              <div className="app-message">
                <h2>{t.app.notFoundTitle}</h2>
                <p>{t.app.notFoundText}</p>
              </div>
            )
          )}
        </main>
        <StatusBar />
      </div>
    </WorkspaceContext.Provider>
  );
}
