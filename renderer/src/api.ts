/**
 * The renderer's only way to the data: one typed `call` over whichever host runs the console.
 * In Electron the preload exposes `window.sanidesk` (IPC); in a browser the headless host answers
 * `POST /api/<method>` and needs the per-start token the page was opened with.
 *
 * Every call carries the login session (kept in sessionStorage: this tab only, gone when it closes). A call
 * refused as `unauthenticated` (session expired, user deactivated, host restarted) drops the session and tells
 * the app (onSessionExpired), which goes back to the login screen.
 */
import type { ApiResult, MethodInput, MethodName, MethodOutput, ProgressEvent } from '../../db/api';
import { t } from './i18n/zh-CN';

interface PreloadBridge {
  api(method: string, input: unknown, session?: string | null): Promise<ApiResult<unknown>>;
  onProgress(cb: (e: ProgressEvent) => void): () => void;
}

declare global {
  interface Window {
    sanidesk?: PreloadBridge;
  }
}

const TOKEN_KEY = 'sanidesk.token';
/** e2e/fixtures.ts writes the same key to start a test logged in. */
export const SESSION_KEY = 'sanidesk.session';
/** Methods callable without a login: their `unauthenticated` is a failed login, not an expired session. */
const PUBLIC_METHODS = new Set(['auth.status', 'auth.login', 'auth.setup']);

export function getSession(): string | null {
  try {
    return sessionStorage.getItem(SESSION_KEY);
  } catch {
    return null;
  }
}

export function setSession(session: string | null): void {
  try {
    if (session) sessionStorage.setItem(SESSION_KEY, session);
    else sessionStorage.removeItem(SESSION_KEY);
  } catch {
    // Storage disabled: the session then lasts as long as nothing reloads the page.
  }
  memorySession = session;
}

let memorySession: string | null = null;
const expiredListeners = new Set<() => void>();

/** Called when a call was refused because the session is no longer valid. Returns the unsubscribe function. */
export function onSessionExpired(listener: () => void): () => void {
  expiredListeners.add(listener);
  return () => {
    expiredListeners.delete(listener);
  };
}

function currentSession(): string | null {
  return getSession() ?? memorySession;
}

/**
 * The host puts the token in the address once (`/?token=…`). Keep it for this tab only and take it out of
 * the address bar, so it does not end up in bookmarks, screenshots or the browser history.
 */
function takeTokenFromAddress(): string | null {
  const params = new URLSearchParams(window.location.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    params.delete('token');
    const rest = params.toString();
    window.history.replaceState(null, '', `${window.location.pathname}${rest ? `?${rest}` : ''}${window.location.hash}`);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

const token = window.sanidesk ? null : takeTokenFromAddress();

function unreachable(): ApiResult<never> {
  return { ok: false, error: { code: 'internal', message: t.app.hostUnreachable } };
}

async function callHttp(method: string, input: unknown, session: string | null): Promise<ApiResult<unknown>> {
  let response: Response;
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-SaniDesk-Token': token ?? '' };
  if (session) headers['X-SaniDesk-Session'] = session;
  try {
    response = await fetch(`/api/${method}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(input ?? {}),
    });
  } catch {
    return unreachable();
  }
  try {
    // Error statuses still carry an ApiResult body; only a body that is not one is a host failure.
    const body = (await response.json()) as ApiResult<unknown>;
    return typeof body === 'object' && body !== null && 'ok' in body ? body : unreachable();
  } catch {
    return unreachable();
  }
}

async function send(method: string, input: unknown, session: string | null): Promise<ApiResult<unknown>> {
  const bridge = window.sanidesk;
  if (!bridge) return callHttp(method, input, session);
  try {
    return await bridge.api(method, input, session);
  } catch {
    return unreachable();
  }
}

export async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<ApiResult<MethodOutput<M>>> {
  const result = await send(method, input, currentSession());
  if (!result.ok && result.error.code === 'unauthenticated' && !PUBLIC_METHODS.has(method)) {
    setSession(null);
    for (const listener of [...expiredListeners]) listener();
  }
  return result as ApiResult<MethodOutput<M>>;
}

/** Progress of long jobs (import, export, backup): IPC events in Electron, server-sent events in a browser. */
export function onProgress(cb: (event: ProgressEvent) => void): () => void {
  const bridge = window.sanidesk;
  if (bridge) return bridge.onProgress(cb);
  const session = getSession();
  if ((!token && !session) || typeof EventSource === 'undefined') return () => undefined;
  // This PC's browser has the start token; a LAN client has only its login session.
  const source = new EventSource(token ? `/api/events?token=${encodeURIComponent(token)}` : `/api/events?session=${encodeURIComponent(session!)}`);
  const listener = (message: MessageEvent<string>) => {
    try {
      cb(JSON.parse(message.data) as ProgressEvent);
    } catch {
      // A malformed frame is dropped; the next one carries the full state of the job again.
    }
  };
  source.addEventListener('progress', listener as EventListener);
  return () => {
    source.removeEventListener('progress', listener as EventListener);
    source.close();
  };
}
