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

/** A POST to the headless host with the start token (this PC only) and the login session. */
function postHttp(path: string, input: unknown, session: string | null): Promise<Response> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-SaniDesk-Token': token ?? '' };
  if (session) headers['X-SaniDesk-Session'] = session;
  return fetch(path, { method: 'POST', headers, body: JSON.stringify(input ?? {}) });
}

async function callHttp(method: string, input: unknown, session: string | null): Promise<ApiResult<unknown>> {
  let response: Response;
  try {
    response = await postHttp(`/api/${method}`, input, session);
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

/** How long to wait before opening the event stream again after it ended (network, host restart). */
const STREAM_RETRY_MS = 3000;
const progressListeners = new Set<(event: ProgressEvent) => void>();
let progressStream: { close(): void } | null = null;

/**
 * Progress of this tab's own long jobs (import, export, backup): IPC events in Electron (sent to the calling
 * page only), server-sent events in a browser. The host sends a session's progress to that session's streams
 * only; one stream per tab serves every subscriber, so a dialog subscribing just before its call misses nothing.
 */
export function onProgress(cb: (event: ProgressEvent) => void): () => void {
  const bridge = window.sanidesk;
  if (bridge) return bridge.onProgress(cb);
  progressListeners.add(cb);
  progressStream ??= openProgressStream((event) => {
    for (const listener of [...progressListeners]) listener(event);
  });
  return () => {
    progressListeners.delete(cb);
    if (progressListeners.size === 0) {
      progressStream?.close();
      progressStream = null;
    }
  };
}

/**
 * The host's event stream for this tab's login session. EventSource cannot send headers, so an ordinary POST
 * (token and session in headers) first gets a one-time ticket, which opens the stream: neither the session nor
 * the token is ever in a URL (docs/SECURITY.md). A stream that ends is opened again with a new ticket, until
 * the host refuses one (logged out, session expired, LAN access switched off).
 */
function openProgressStream(deliver: (event: ProgressEvent) => void): { close(): void } {
  let closed = false;
  let source: EventSource | null = null;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const listener = (message: MessageEvent<string>) => {
    try {
      deliver(JSON.parse(message.data) as ProgressEvent);
    } catch {
      // A malformed frame is dropped; the next one carries the full state of the job again.
    }
  };
  const again = () => {
    if (!closed) retry = setTimeout(() => void connect(), STREAM_RETRY_MS);
  };
  const connect = async () => {
    const session = currentSession();
    if (closed || !session || typeof EventSource === 'undefined') return;
    let ticket: string | null = null;
    try {
      const response = await postHttp('/api/events/ticket', {}, session);
      // Refused (401, 403): no stream for this tab until it logs in again, which subscribes anew.
      if (response.status === 401 || response.status === 403) return;
      const body = (await response.json()) as ApiResult<{ ticket: string }>;
      if (body.ok) ticket = body.data.ticket;
    } catch {
      // The host is unreachable for now: try again below.
    }
    if (closed) return;
    if (!ticket) return again();
    const opened = new EventSource(`/api/events?ticket=${encodeURIComponent(ticket)}`);
    source = opened;
    opened.addEventListener('progress', listener as EventListener);
    // The browser would reconnect with the same, already used ticket: close it and fetch a new one instead.
    opened.onerror = () => {
      opened.close();
      if (source === opened) source = null;
      again();
    };
  };
  void connect();
  return {
    close: () => {
      closed = true;
      clearTimeout(retry);
      source?.close();
      source = null;
    },
  };
}
