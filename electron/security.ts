/**
 * The Electron shell's security policy as plain functions: window options, the app:// protocol (path resolver,
 * response headers), the navigation and window.open policy, permission handlers and the IPC sender check.
 *
 * This module never loads 'electron' at run time (types only), so every rule here is unit-tested in plain Node
 * on machines where the Electron binary cannot be downloaded (see STACK.md). electron/main.ts only wires these
 * functions to Electron's objects.
 */
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { BrowserWindowConstructorOptions, CustomScheme, Session, WebContents, WebPreferences } from 'electron';
import { CONTENT_SECURITY_POLICY } from './csp';

// ---------------------------------------------------------------------------------------------------------------
// The app origin
// ---------------------------------------------------------------------------------------------------------------

/** The built UI is served from `app://sanidesk/…`: a real origin (unlike file://), so CSP 'self' and storage work. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'sanidesk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/`;

/**
 * `standard` gives the scheme http-like URL parsing (relative URLs, a host, an origin); `secure` makes it a secure
 * context. `supportFetchAPI` lets the page fetch its own assets (same origin only: `corsEnabled` stays off, so no
 * other origin may read from it). `codeCache` keeps V8's compiled-script cache for faster starts.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

/**
 * True only for URLs on the app's own origin. Compared field by field rather than with `URL.origin`, because
 * Node's URL parser reports the origin of every non-http scheme as "null". Userinfo and ports are refused so that
 * `app://sanidesk@evil/` or `app://sanidesk:1/` never pass for the app.
 */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/** The app URL of a renderer route (`/reports/bulletin?month=2025-03`); anything that is not a route is refused. */
export function appUrl(route: string): string {
  if (!route.startsWith('/') || route.startsWith('//')) {
    throw new Error(`页面路径必须以单个 / 开头,收到:${route}`);
  }
  const url = `${APP_ORIGIN}${route}`;
  if (!isAppUrl(url)) throw new Error(`页面路径无效:${route}`);
  return url;
}

// ---------------------------------------------------------------------------------------------------------------
// Windows
// ---------------------------------------------------------------------------------------------------------------

export interface HardenedWindowInput {
  /** Absolute path of the built preload (out/preload/preload.cjs). */
  preloadPath: string;
  /** DevTools only in development builds; a packaged console has no use for them. */
  devTools: boolean;
  title: string;
  show?: boolean;
}

/** The Electron security checklist as webPreferences; every window of the app (main and print) uses these. */
export function hardenedWebPreferences(preloadPath: string, devTools: boolean): WebPreferences {
  if (!isAbsolute(preloadPath)) {
    // Electron silently ignores a relative preload path; fail loudly instead of starting without the bridge.
    throw new Error(`preload 路径必须是绝对路径:${preloadPath}`);
  }
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
    enableWebSQL: false,
    safeDialogs: true,
    devTools,
  };
}

export function hardenedWindowOptions(input: HardenedWindowInput): BrowserWindowConstructorOptions {
  return {
    title: input.title,
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 680,
    show: input.show ?? false,
    backgroundColor: '#ffffff',
    webPreferences: hardenedWebPreferences(input.preloadPath, input.devTools),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The app:// protocol
// ---------------------------------------------------------------------------------------------------------------

export type AppRequestResolution =
  | { ok: true; file: string; spaFallback: boolean }
  | { ok: false; status: 400 | 403 | 404; reason: string };

/** `app://sanidesk` followed by the raw path, then an optional query or fragment (both ignored for files). */
const APP_REQUEST_PATTERN = new RegExp(`^${APP_SCHEME}://${APP_HOST}(/[^?#]*)?(?:[?#][\\s\\S]*)?$`);

/**
 * Characters no file of the built UI has, and which path tricks need: NUL and control characters, backslashes
 * (a separator on Windows), colons (drive letters, NTFS streams) and a percent sign left after decoding
 * (double encoding such as %252e%252e).
 */
const FORBIDDEN_IN_DECODED_PATH = /[\u0000-\u001f\u007f\\:%]/;

function refuse(status: 400 | 403 | 404, reason: string): AppRequestResolution {
  return { ok: false, status, reason };
}

function isExistingFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isInside(root: string, candidate: string): boolean {
  const rel = relative(root, candidate);
  return rel === '' || (!isAbsolute(rel) && rel.split(sep)[0] !== '..');
}

/**
 * Maps a request URL to a file inside the built renderer folder, or refuses it.
 *
 * The checks run on the raw and on the decoded path and refuse rather than normalise: `..` in any spelling
 * (`..`, `%2e%2e`, `.%2E`, `..%2f`), absolute paths (`//etc`, `C:`), backslashes, NUL bytes and double encoding.
 * Windows trims trailing dots and spaces from names (`.. ` would act as `..`), so segments ending in either are
 * refused too. A final containment check guards whatever these rules might miss.
 *
 * Single-page app: an existing file is served; a missing path without an extension (a route such as `/toilets`)
 * gets index.html; a missing asset is 404, so a broken asset link never silently returns HTML.
 */
export function resolveAppRequest(
  requestUrl: string,
  rendererDir: string,
  fileExists: (path: string) => boolean = isExistingFile,
): AppRequestResolution {
  const match = APP_REQUEST_PATTERN.exec(requestUrl);
  if (!match) return refuse(403, '只提供本应用自己的页面');
  const rawPath = match[1] ?? '/';
  if (/[\u0000\\]/.test(rawPath)) return refuse(400, '地址中含有不允许的字符');

  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return refuse(400, '地址编码不正确');
  }
  if (FORBIDDEN_IN_DECODED_PATH.test(decoded)) return refuse(400, '地址中含有不允许的字符');

  // decoded starts with '/', so segments[0] is ''. An empty segment elsewhere ('//') is refused except the last
  // one (a trailing slash), which is a directory-style route.
  const segments = decoded.split('/').slice(1);
  for (let i = 0; i < segments.length; i += 1) {
    const segment = segments[i];
    if (segment === '' && i < segments.length - 1) return refuse(400, '地址中含有空的路径段');
    if (segment === '.' || segment === '..') return refuse(400, '地址不能跳出应用目录');
    if (segment !== '' && /[. ]$/.test(segment)) return refuse(400, '地址中的文件名不能以点或空格结尾');
  }

  const root = resolve(rendererDir);
  const names = segments.filter((segment) => segment !== '');
  const candidate = resolve(root, ...names);
  if (!isInside(root, candidate)) return refuse(403, '地址不能跳出应用目录');

  if (names.length > 0 && fileExists(candidate)) return { ok: true, file: candidate, spaFallback: false };
  const last = names.at(-1) ?? '';
  if (extname(last) === '') return { ok: true, file: join(root, 'index.html'), spaFallback: true };
  return refuse(404, '没有这个文件');
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Set explicitly rather than sniffed: module scripts only run with a JavaScript MIME type, and `nosniff` below
 * forbids the browser from guessing.
 */
export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Headers of every app:// response: the shared CSP (electron/csp.ts) and the usual hardening headers. */
export function appResponseHeaders(contentType: string, cacheable: boolean): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    // index.html must never be cached: it names the hashed asset files of the current build.
    'Cache-Control': cacheable ? 'public, max-age=31536000, immutable' : 'no-store',
  };
}

function textResponse(status: number, message: string): Response {
  return new Response(message, { status, headers: appResponseHeaders('text/plain; charset=utf-8', false) });
}

export type ReadFileBytes = (path: string) => Promise<Uint8Array>;

/**
 * The `protocol.handle('app', …)` handler: read-only (GET/HEAD), files from the renderer folder only, every
 * response with the CSP header. Uses the global Request/Response, so it runs in Node tests as it does in Electron.
 */
export function createAppProtocolHandler(
  rendererDir: string,
  readBytes: ReadFileBytes = readFile,
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, '只支持读取请求');
    const resolution = resolveAppRequest(request.url, rendererDir);
    if (!resolution.ok) return textResponse(resolution.status, resolution.reason);
    let bytes: Uint8Array;
    try {
      bytes = await readBytes(resolution.file);
    } catch {
      return resolution.spaFallback
        ? textResponse(503, '控制台界面尚未构建:请先运行 npm run build')
        : textResponse(404, '没有这个文件');
    }
    const cacheable = !resolution.spaFallback && resolution.file.includes(`${sep}assets${sep}`);
    // Copied into a fresh ArrayBuffer: a Node Buffer may be a view into a larger shared pool.
    const body = request.method === 'HEAD' ? null : new Uint8Array(bytes).buffer;
    return new Response(body, { status: 200, headers: appResponseHeaders(contentTypeFor(resolution.file), cacheable) });
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Navigation, window.open, webviews
// ---------------------------------------------------------------------------------------------------------------

/** Only the app's own pages may be loaded: file://, http(s)://, javascript:, data:, about: … are all refused. */
export function isNavigationAllowed(url: string): boolean {
  return isAppUrl(url);
}

/**
 * window.open and target=_blank links are always denied, and nothing is handed to the system browser either.
 * Choice: the console needs no external pages (help and reports are its own routes), it holds government ledger
 * data that a crafted link could carry away in a URL, and offices often run it on PCs without internet access.
 * Should a real external link ever be needed, it belongs behind an API method with a fixed allow-list.
 */
export function denyWindowOpen(): { action: 'deny' } {
  return { action: 'deny' };
}

export interface NavigationEventLike {
  url: string;
  preventDefault(): void;
}

export type PolicyLogger = (message: string) => void;

/** Stops a navigation that leaves the app origin; returns whether it was allowed. */
export function guardNavigation(event: NavigationEventLike, kind: string, log: PolicyLogger): boolean {
  if (isNavigationAllowed(event.url)) return true;
  event.preventDefault();
  log(`已阻止 ${kind}:${event.url.slice(0, 200)}`);
  return false;
}

/**
 * Applies the navigation policy to one webContents (called from `app.on('web-contents-created')`, so it covers
 * every window, including hidden print windows): top-level and frame navigations, redirects, popups, webviews.
 */
export function installContentsPolicy(contents: WebContents, log: PolicyLogger): void {
  contents.on('will-navigate', (event) => {
    guardNavigation(event, '页面跳转', log);
  });
  contents.on('will-frame-navigate', (event) => {
    guardNavigation(event, '框架跳转', log);
  });
  contents.on('will-redirect', (event) => {
    guardNavigation(event, '重定向', log);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('已阻止嵌入 webview');
  });
  contents.setWindowOpenHandler((details) => {
    log(`已阻止打开新窗口:${details.url.slice(0, 200)}`);
    return denyWindowOpen();
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Permissions
// ---------------------------------------------------------------------------------------------------------------

export type PermissionPolicyTarget = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'
>;

/**
 * Denies every permission (camera, microphone, notifications, geolocation, clipboard-read, HID/USB/serial, …):
 * the console needs none. Paste from Excel/WPS works through the page's paste event, which needs no permission.
 */
export function installPermissionPolicy(session: PermissionPolicyTarget): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

// ---------------------------------------------------------------------------------------------------------------
// IPC sender
// ---------------------------------------------------------------------------------------------------------------

/** The part of Electron's WebFrameMain the sender check reads. */
export interface SenderFrameLike {
  readonly url: string;
  readonly parent: SenderFrameLike | null;
  readonly detached?: boolean;
}

/**
 * Accepts an IPC call only from the top-level frame of a page on the app origin. Subframes are refused whatever
 * their origin (the console has none, so one is either injected or a foreign page), as are missing frames (the
 * frame navigated away or was destroyed before the message was handled) and detached ones (a page unloading).
 */
export function isTrustedIpcSender(frame: SenderFrameLike | null | undefined): boolean {
  if (!frame) return false;
  if (frame.detached === true) return false;
  if (frame.parent !== null) return false;
  return isAppUrl(frame.url);
}
