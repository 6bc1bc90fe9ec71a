/**
 * The application shell (UX.md "Window"): top bar, grouped left navigation, the current screen, status bar.
 * Opens the workspace first; a console that cannot reach its host says so instead of showing empty screens.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { call, onProgress } from '../api';
import { monthOf } from '../format';
import { t } from '../i18n/zh-CN';
import { MonthPicker } from './MonthPicker';
import { DEFAULT_PATH, findEntry, NAV } from './nav';
import { navigate, useHashPath } from './router';
import { status } from './status';
import { StatusBar } from './StatusBar';
import { WorkspaceContext, type WorkspaceInfo, type WorkspaceState } from './workspace';

type Loaded = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; info: WorkspaceInfo };

export function App() {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [month, setMonth] = useState(() => monthOf(new Date()));
  const path = useHashPath();

  const open = useCallback(async () => {
    setLoaded({ state: 'loading' });
    const result = await call('workspace.info', {});
    setLoaded(result.ok ? { state: 'ready', info: result.data } : { state: 'failed', message: result.error.message });
  }, []);

  useEffect(() => {
    void open();
  }, [open]);
  useEffect(() => onProgress((event) => status.progress(event)), []);
  useEffect(() => {
    if (!findEntry(path) && path === '/') navigate(DEFAULT_PATH);
  }, [path]);

  const workspace = useMemo<WorkspaceState | null>(
    () => (loaded.state === 'ready' ? { info: loaded.info, month, setMonth } : null),
    [loaded, month],
  );

  if (loaded.state !== 'ready' || !workspace) {
    return (
      <div className="app-message">
        <h1>{t.app.productName}</h1>
        {loaded.state !== 'failed' ? (
          <p>{t.app.loading}</p>
        ) : (
          <>
            <p className="app-message-error" role="alert">
              {t.app.openFailed}:{loaded.message}
            </p>
            <button type="button" className="button" onClick={() => void open()}>
              {t.app.retry}
            </button>
          </>
        )}
      </div>
    );
  }

  const { info } = workspace;
  const entry = findEntry(path);
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
          <span className="user" data-testid="current-user">
            {info.user.name}
            <span className="user-role">{info.user.roleLabel}</span>
          </span>
        </header>
        <nav className="side-nav" aria-label={t.app.navLabel}>
          {NAV.map((group) => (
            <div key={group.label} className="nav-group">
              <div className="nav-group-label">{group.label}</div>
              {group.entries.map((e) => (
                <a key={e.path} href={`#${e.path}`} className={e.path === path ? 'nav-entry nav-entry-active' : 'nav-entry'} aria-current={e.path === path ? 'page' : undefined}>
                  {e.label}
                </a>
              ))}
            </div>
          ))}
        </nav>
        <main className="main">
          {entry ? (
            // Keyed by path: leaving a screen drops its grid and its per-screen state.
            <div key={entry.path} className="page">
              {entry.render()}
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
