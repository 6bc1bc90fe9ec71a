/**
 * The headless host: the console over HTTP on 127.0.0.1, for browsers on this PC (and the office LAN, with
 * login). `POST /api/<method>` runs one contract call; `GET /api/events` streams progress events
 * (server-sent events); everything else serves the built renderer. Every API request needs the per-start
 * token (header `X-SaniDesk-Token`, or `?token=` on the event stream, which EventSource cannot set headers for),
 * and every method but the public ones (auth.status, auth.login, auth.setup) a login session
 * (header `X-SaniDesk-Session`) from this host's session store.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { callApi, type ApiResult } from '../../db/api';
import { serializeResult } from '../../db/contract';
import type { CallerCtx, ProgressEvent } from '../../db/context';
import type { ErrorCode } from '../../db/errors';
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

export interface HttpHostOptions {
  ws: Workspace;
  /** Folder of the built renderer (out/renderer). */
  rendererDir: string;
  port?: number;
  host?: string;
  /** Fixed token (tests); a random one per start otherwise. */
  token?: string;
  /** The login sessions (tests may share one); a new store per start otherwise, so a restart logs everyone out. */
  sessions?: SessionStore;
}

export interface HttpHost {
  url: string;
  /** The URL a browser opens: carries the token once, the page then keeps it in sessionStorage. */
  openUrl: string;
  token: string;
  port: number;
  server: Server;
  /** This host's login sessions (tests open one for a user with `sessions.open(userId)`). */
  sessions: SessionStore;
  close(): Promise<void>;
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

export async function startHttpHost(options: HttpHostOptions): Promise<HttpHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const sessions = options.sessions ?? new SessionStore(options.ws.db);
  const rendererDir = resolve(options.rendererDir);
  const listeners = new Set<ServerResponse>();
  const broadcast = (event: ProgressEvent) => {
    const frame = `event: progress\ndata: ${JSON.stringify(event)}\n\n`;
    for (const res of listeners) res.write(frame);
  };

  async function handleApi(req: IncomingMessage, res: ServerResponse, methodName: string) {
    if (req.method !== 'POST') return sendError(res, 'invalid_input', '接口只接受 POST 请求', 405);
    if (!tokenMatches(req.headers['x-sanidesk-token'] as string | undefined, token)) {
      return sendError(res, 'unauthenticated', '缺少或错误的访问令牌,请使用启动时显示的地址打开控制台');
    }
    let raw: string;
    try {
      raw = await readBody(req);
    } catch (err) {
      if (err instanceof BodyTooLarge) return sendError(res, 'invalid_input', `请求内容超过 ${MAX_BODY_BYTES / 1024 / 1024} MB 上限`, 413);
      throw err;
    }
    let input: unknown = {};
    if (raw.trim()) {
      try {
        input = JSON.parse(raw);
      } catch {
        return sendError(res, 'invalid_input', '请求内容不是有效的 JSON');
      }
    }
    const sessionId = req.headers['x-sanidesk-session'];
    const given = typeof sessionId === 'string' && sessionId ? sessionId : null;
    const user = await sessions.resolve(given);
    const ctx: CallerCtx = { ws: options.ws, user, progress: broadcast, session: { store: sessions, id: user ? given : null } };
    const result = await callApi(ctx, methodName, input);
    sendJson(res, result.ok ? 200 : STATUS_BY_CODE[result.error.code], result);
  }

  function handleEvents(req: IncomingMessage, res: ServerResponse, url: URL) {
    if (!tokenMatches(url.searchParams.get('token'), token)) {
      return sendError(res, 'unauthenticated', '缺少或错误的访问令牌');
    }
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    listeners.add(res);
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(keepAlive);
      listeners.delete(res);
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
    if (req.method === 'OPTIONS') return sendError(res, 'forbidden', '不支持跨域请求', 405);
    const handle = async () => {
      if (url.pathname === '/api/events') return handleEvents(req, res, url);
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

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolvePromise());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}`;
  return {
    url,
    openUrl: `${url}/?token=${token}`,
    token,
    port,
    server,
    sessions,
    close: () =>
      new Promise<void>((resolvePromise) => {
        for (const res of listeners) res.end();
        listeners.clear();
        server.closeAllConnections();
        server.close(() => resolvePromise());
      }),
  };
}
