/**
 * The headless host: the console over HTTP on 127.0.0.1, for browsers on this PC (and the office LAN, with
 * login). `POST /api/<method>` runs one contract call; `GET /api/events` streams progress events
 * (server-sent events); everything else serves the built renderer. Every API request needs the per-start
 * token (header `X-SaniDesk-Token`), and every method but the public ones (auth.status, auth.login, auth.setup)
 * a login session (header `X-SaniDesk-Session`) from this host's session store.
 *
 * Progress belongs to the login session whose call reported it, and only that session's event streams get it
 * (an import's file name is nobody else's business). EventSource cannot set headers, so a stream is opened with
 * a one-time ticket: `POST /api/events/ticket` (token and session as for any call) answers a ticket valid for
 * 30 seconds, from the same address, once; `GET /api/events?ticket=` redeems it. Neither the session nor the
 * token ever appears in a URL. A stream ends when its session does (logout, expiry, deactivation, restore).
 *
 * LAN mode (docs/SECURITY.md): the host binds an address other than loopback only when an administrator has
 * allowed it (workspace setting `lanAllowed`, checked at start and again on every request that comes without the
 * token, so switching it off takes effect at once). Other PCs do not know the token: without it, only auth.status
 * and auth.login answer, and everything else needs a login session. The token counts only from this PC (a
 * loopback address). Without LAN mode the Host header must name a loopback address (no DNS rebinding).
 *
 * Recovery mode (db/backup/recovery.ts): started on a workspace whose file cannot be opened, the host serves the
 * console and, to holders of the token only, `recovery.status` and `recovery.restore`; every other method answers
 * with what is wrong. A successful restore opens the workspace and the host serves it as usual from then on.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { resolve } from 'node:path';
import { callApi, type ApiResult } from '../../db/api';
import { notOpenError, type RecoveryDone, type WorkspaceRecovery } from '../../db/backup/recovery';
import { serializeResult, UNAUTHENTICATED_MESSAGE } from '../../db/contract';
import type { CallerCtx, ProgressEvent } from '../../db/context';
import { ApiError, type ErrorCode } from '../../db/errors';
import { lanAllowed } from '../../db/settings/settings';
import { SessionStore } from '../../db/users/sessions';
import type { Workspace } from '../../db/workspace/workspace';
import { APP_ORIGIN, appResponseHeaders, contentTypeFor, resolveAppRequest } from '../security';

/** API request bodies above this size are refused before parsing (a pasted block of 100,000 cells fits). */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  unknown_method: 404,
  unauthenticated: 401,
  forbidden: 403,
  invalid_input: 400,
  validation: 422,
  not_found: 404,
  conflict: 409,
  workspace: 503,
  internal: 500,
};

/** What a PC of the LAN may call without a login (auth.setup stays with the token: the operator's PC only). */
const LAN_PUBLIC_METHODS = new Set(['auth.status', 'auth.login']);

export const LAN_NOT_ALLOWED_MESSAGE =
  '局域网访问未开启:浏览器版控制台只在本机(127.0.0.1)提供。如需让办公室其他电脑访问,请系统管理员先开启“允许局域网访问”' +
  `(npm run cli -- api settings.update '{"lanAllowed":true}' --data 工作区目录),再用 npm run cli -- serve --lan 启动。`;
const LAN_SWITCHED_OFF_MESSAGE = '系统管理员已关闭局域网访问:请在运行 SaniDesk 的电脑上使用控制台,或请系统管理员重新开启。';
const TOKEN_MESSAGE = '缺少或错误的访问令牌,请使用启动时显示的地址打开控制台';
const EVENTS_TICKET_MESSAGE = '进度通道需要登录:打开凭据缺失、已使用或已过期。请登录后刷新页面。';

/** How long an event-stream ticket may wait to be redeemed (the console redeems it at once). */
export const EVENTS_TICKET_MS = 30_000;
/** How often an open stream says it is alive, and checks that its session still is. */
const KEEP_ALIVE_MS = 15_000;

/** Loopback names and addresses: `127.x.x.x`, `::1` (also IPv4-mapped) and `localhost`. */
export function isLoopback(address: string | undefined | null): boolean {
  if (!address) return false;
  const bare = address.replace(/^\[|\]$/g, '').replace(/^::ffff:/i, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d+\.\d+\.\d+$/.test(bare);
}

function isWildcard(address: string): boolean {
  return address === '0.0.0.0' || address === '::';
}

/** The addresses other PCs open: this PC's IPv4 addresses for a wildcard bind, else the bound address. */
function lanUrlsFor(bind: string, port: number): string[] {
  if (!isWildcard(bind)) return [`http://${bind.includes(':') ? `[${bind}]` : bind}:${port}/`];
  const urls: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) urls.push(`http://${a.address}:${port}/`);
  }
  return urls;
}

export interface HttpHostOptions {
  /** The open workspace; absent only in recovery mode. */
  ws?: Workspace;
  /** Recovery mode: the workspace file could not be opened and this offers its good backups (loopback only). */
  recovery?: WorkspaceRecovery;
  /** Called once a recovery restore has opened the workspace, which the host serves from then on. */
  onRecovered?: (done: RecoveryDone) => void | Promise<void>;
  /** Folder of the built renderer (out/renderer). */
  rendererDir: string;
  port?: number;
  /**
   * The address to bind (default 127.0.0.1). Anything but a loopback address is LAN mode, refused unless the
   * workspace setting allows it.
   */
  host?: string;
  /** Fixed token (tests); a random one per start otherwise. */
  token?: string;
  /** The login sessions (tests may share one); a new store per start otherwise, so a restart logs everyone out. */
  sessions?: SessionStore;
}

export interface HttpHost {
  /** Where this PC reaches the host (127.0.0.1 for a wildcard bind). */
  url: string;
  /** The URL a browser opens: carries the token once, the page then keeps it in sessionStorage. */
  openUrl: string;
  token: string;
  port: number;
  server: Server;
  /** This host's login sessions (tests open one for a user with `sessions.open(userId)`). */
  sessions: SessionStore;
  /** Bound beyond loopback: the addresses other PCs of the office open (they log in; no token). */
  lan: boolean;
  lanUrls: string[];
  /** The workspace served now; null while the host is in recovery mode. */
  workspace(): Workspace | null;
  close(): Promise<void>;
}

/** A progress stream (server-sent events) of one login session. */
interface EventStream {
  res: ServerResponse;
  session: string;
  keepAlive: NodeJS.Timeout;
}

function sendJson(res: ServerResponse, status: number, body: ApiResult<unknown>) {
  const text = serializeResult(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(text);
}

function sendError(res: ServerResponse, code: ErrorCode, message: string, status = STATUS_BY_CODE[code]) {
  sendJson(res, status, { ok: false, error: { code, message } });
}

function tokenMatches(given: string | undefined | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) return reject(new BodyTooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolvePromise(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Requests from pages of other origins are refused: no CORS, and a foreign Origin header is an error. */
function foreignOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return false;
  return origin !== `http://${req.headers.host}`;
}

/** The host name of the Host header (`127.0.0.1:4310` → `127.0.0.1`, `[::1]:4310` → `[::1]`). */
function hostHeaderName(req: IncomingMessage): string | null {
  const header = req.headers.host;
  if (!header) return null;
  try {
    return new URL(`http://${header}`).hostname;
  } catch {
    return null;
  }
}

export async function startHttpHost(options: HttpHostOptions): Promise<HttpHost> {
  if (!options.ws && !options.recovery) throw new Error('startHttpHost needs a workspace or a recovery state');
  const bind = options.host ?? '127.0.0.1';
  const lan = !isLoopback(bind);
  if (lan) {
    // Recovery mode has no readable setting to go by: it stays on this PC.
    if (!options.ws) throw new ApiError('forbidden', '恢复模式只在本机(127.0.0.1)提供:请去掉 --lan / --host,恢复后再以局域网模式启动。');
    if (!(await lanAllowed(options.ws.db))) throw new ApiError('forbidden', LAN_NOT_ALLOWED_MESSAGE);
  }
  let current: Workspace | null = options.ws ?? null;
  const token = options.token ?? randomBytes(24).toString('base64url');
  const sessions = options.sessions ?? new SessionStore(() => current?.db ?? null);
  const rendererDir = resolve(options.rendererDir);
  /** Open progress streams, each bound to the login session that opened it. */
  const streams = new Set<EventStream>();
  /** Unredeemed stream tickets: whose session, issued to which address, whether to the operator, until when. */
  const tickets = new Map<string, { session: string; address: string | undefined; operator: boolean; expires: number }>();

  /** The progress reporter of one call: its events go to the caller's own streams, nowhere without a session. */
  const progressFor =
    (session: string | null) =>
    (event: ProgressEvent): void => {
      if (!session) return;
      const frame = `event: progress\ndata: ${JSON.stringify(event)}\n\n`;
      for (const stream of streams) if (stream.session === session) stream.res.write(frame);
    };

  function endStream(stream: EventStream) {
    clearInterval(stream.keepAlive);
    streams.delete(stream);
    stream.res.end();
  }

  /** Ends the streams whose session is gone (logout, deactivation, password reset, restore, idle timeout). */
  function endClosedStreams() {
    for (const stream of streams) if (!sessions.isOpen(stream.session)) endStream(stream);
  }

  /** The request carries the token and comes from this PC: the operator who started the host. */
  function fromOperator(req: IncomingMessage, given: string | null | undefined): boolean {
    return isLoopback(req.socket.remoteAddress) && tokenMatches(given, token);
  }

  /** The JSON body, or null once a refusal (too large, not JSON) has been sent. */
  async function readInput(req: IncomingMessage, res: ServerResponse): Promise<{ input: unknown } | null> {
    let raw: string;
    try {
      raw = await readBody(req);
    } catch (err) {
      if (!(err instanceof BodyTooLarge)) throw err;
      sendError(res, 'invalid_input', `请求内容超过 ${MAX_BODY_BYTES / 1024 / 1024} MB 上限`, 413);
      return null;
    }
    if (!raw.trim()) return { input: {} };
    try {
      return { input: JSON.parse(raw) };
    } catch {
      sendError(res, 'invalid_input', '请求内容不是有效的 JSON');
      return null;
    }
  }

  /** Recovery mode: only the operator, only the recovery methods; everything else says what is wrong. */
  async function handleRecoveryApi(req: IncomingMessage, res: ServerResponse, methodName: string, recovery: WorkspaceRecovery) {
    const body = await readInput(req, res);
    if (!body) return;
    if (!methodName.startsWith('recovery.')) return sendJson(res, STATUS_BY_CODE.workspace, notOpenError(recovery.info));
    const { result, opened } = await recovery.call(methodName, body.input);
    if (opened && !current) {
      current = opened.ws;
      try {
        await options.onRecovered?.(opened);
      } catch (err) {
        console.error('[sanidesk] after recovery:', err);
      }
    }
    sendJson(res, result.ok ? 200 : STATUS_BY_CODE[result.error.code], result);
  }

  /** The token from this PC, or LAN mode still allowed; else the refusal has been sent and this is null. */
  async function admitted(req: IncomingMessage, res: ServerResponse, ws: Workspace): Promise<{ operator: boolean } | null> {
    const operator = fromOperator(req, req.headers['x-sanidesk-token'] as string | undefined);
    if (operator) return { operator };
    if (!lan) sendError(res, 'unauthenticated', TOKEN_MESSAGE);
    else if (!(await lanAllowed(ws.db))) sendError(res, 'forbidden', LAN_SWITCHED_OFF_MESSAGE);
    else return { operator };
    return null;
  }

  function sessionHeader(req: IncomingMessage): string | null {
    const sessionId = req.headers['x-sanidesk-session'];
    return typeof sessionId === 'string' && sessionId ? sessionId : null;
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, methodName: string) {
    if (req.method !== 'POST') return sendError(res, 'invalid_input', '接口只接受 POST 请求', 405);
    const ws = current;
    if (!ws) {
      if (!fromOperator(req, req.headers['x-sanidesk-token'] as string | undefined)) return sendError(res, 'unauthenticated', TOKEN_MESSAGE);
      return handleRecoveryApi(req, res, methodName, options.recovery!);
    }
    const admission = await admitted(req, res, ws);
    if (!admission) return;
    const body = await readInput(req, res);
    if (!body) return;
    const given = sessionHeader(req);
    const user = await sessions.resolve(given);
    // A PC of the LAN without a login reaches the login and nothing else (not even the list of methods).
    if (!admission.operator && !user && !LAN_PUBLIC_METHODS.has(methodName)) return sendError(res, 'unauthenticated', UNAUTHENTICATED_MESSAGE);
    const id = user ? given : null;
    const ctx: CallerCtx = { ws, user, progress: progressFor(id), session: { store: sessions, id } };
    const result = await callApi(ctx, methodName, body.input);
    // The call may have ended sessions (its own logout, a deactivation, a restore): their streams end with them.
    endClosedStreams();
    sendJson(res, result.ok ? 200 : STATUS_BY_CODE[result.error.code], result);
  }

  /** `POST /api/events/ticket`: a one-time ticket that opens an event stream for the caller's login session. */
  async function handleTicket(req: IncomingMessage, res: ServerResponse) {
    if (req.method !== 'POST') return sendError(res, 'invalid_input', '接口只接受 POST 请求', 405);
    const ws = current;
    if (!ws) return sendError(res, 'unauthenticated', EVENTS_TICKET_MESSAGE);
    const admission = await admitted(req, res, ws);
    if (!admission) return;
    const session = sessionHeader(req);
    if (!(await sessions.resolve(session))) return sendError(res, 'unauthenticated', UNAUTHENTICATED_MESSAGE);
    const now = Date.now();
    for (const [id, t] of tickets) if (t.expires <= now) tickets.delete(id);
    const ticket = randomBytes(32).toString('base64url');
    tickets.set(ticket, { session: session!, address: req.socket.remoteAddress, operator: admission.operator, expires: now + EVENTS_TICKET_MS });
    sendJson(res, 200, { ok: true, data: { ticket } });
  }

  /** `GET /api/events?ticket=`: the caller's progress stream, for as long as its login session lasts. */
  async function handleEvents(req: IncomingMessage, res: ServerResponse, url: URL) {
    const given = url.searchParams.get('ticket');
    const ticket = given ? tickets.get(given) : undefined;
    if (given) tickets.delete(given);
    if (!ticket || ticket.expires <= Date.now() || ticket.address !== req.socket.remoteAddress || !sessions.isOpen(ticket.session)) {
      return sendError(res, 'unauthenticated', EVENTS_TICKET_MESSAGE);
    }
    // A ticket of a LAN client counts only while LAN access is still allowed.
    if (!ticket.operator && !(current && (await lanAllowed(current.db)))) return sendError(res, 'forbidden', LAN_SWITCHED_OFF_MESSAGE);
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    // The idle check reads the session without touching it: an open tab must not keep its login alive forever.
    const stream: EventStream = {
      res,
      session: ticket.session,
      keepAlive: setInterval(() => (sessions.isOpen(stream.session) ? res.write(': keep-alive\n\n') : endStream(stream)), KEEP_ALIVE_MS),
    };
    streams.add(stream);
    req.on('close', () => {
      clearInterval(stream.keepAlive);
      streams.delete(stream);
    });
  }

  /** The built renderer, through the same path guard and headers as Electron's app:// protocol. */
  function serveStatic(res: ServerResponse, rawPath: string) {
    const resolved = resolveAppRequest(`${APP_ORIGIN}${rawPath}`, rendererDir);
    if (!resolved.ok) {
      return sendJson(res, resolved.status, { ok: false, error: { code: resolved.status === 404 ? 'not_found' : 'forbidden', message: resolved.reason } });
    }
    if (!existsSync(resolved.file)) {
      return sendError(res, 'workspace', '控制台界面尚未构建:请先运行 npm run build', 503);
    }
    const isEntry = resolved.file.endsWith('index.html');
    res.writeHead(200, appResponseHeaders(contentTypeFor(resolved.file), !isEntry));
    createReadStream(resolved.file).pipe(res);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (foreignOrigin(req)) return sendError(res, 'forbidden', '不接受来自其他网站的请求');
    // A page of another site whose name was pointed at 127.0.0.1 (DNS rebinding) sends its own name here.
    if (!lan && !isLoopback(hostHeaderName(req))) return sendError(res, 'forbidden', '只接受以 127.0.0.1 访问的请求');
    if (req.method === 'OPTIONS') return sendError(res, 'forbidden', '不支持跨域请求', 405);
    const handle = async () => {
      if (url.pathname === '/api/events') return handleEvents(req, res, url);
      if (url.pathname === '/api/events/ticket') return handleTicket(req, res);
      if (url.pathname.startsWith('/api/')) return handleApi(req, res, url.pathname.slice('/api/'.length));
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 'invalid_input', '不支持的请求方法', 405);
      // The raw path, not URL()'s normalised one: `..` must be refused, not quietly resolved.
      return serveStatic(res, (req.url ?? '/').split(/[?#]/)[0]);
    };
    handle().catch((err) => {
      console.error('[sanidesk] http host error:', err);
      if (!res.headersSent) sendError(res, 'internal', '程序内部错误');
      else res.end();
    });
  });
  server.requestTimeout = 5 * 60_000;

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, bind, () => resolvePromise());
  });
  const { port } = server.address() as AddressInfo;
  const here = isWildcard(bind) ? '127.0.0.1' : bind.includes(':') ? `[${bind}]` : bind;
  const url = `http://${here}:${port}`;
  return {
    url,
    openUrl: `${url}/?token=${token}`,
    token,
    port,
    server,
    sessions,
    lan,
    lanUrls: lan ? lanUrlsFor(bind, port) : [],
    workspace: () => current,
    close: () =>
      new Promise<void>((resolvePromise) => {
        for (const stream of streams) endStream(stream);
        tickets.clear();
        server.closeAllConnections();
        server.close(() => resolvePromise());
      }),
  };
}
