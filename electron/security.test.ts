import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import type { WebContents } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from './csp';
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  APP_SCHEME_PRIVILEGES,
  appUrl,
  contentTypeFor,
  createAppProtocolHandler,
  denyWindowOpen,
  guardNavigation,
  hardenedWebPreferences,
  hardenedWindowOptions,
  installContentsPolicy,
  installPermissionPolicy,
  isAppUrl,
  isNavigationAllowed,
  isTrustedIpcSender,
  resolveAppRequest,
  type PermissionPolicyTarget,
  type SenderFrameLike,
} from './security';

const PRELOAD = resolve('/opt/sanidesk/out/preload/preload.cjs');

describe('hardened window options', () => {
  const prefs = hardenedWebPreferences(PRELOAD, false);

  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['experimentalFeatures', false],
    ['webviewTag', false],
    ['spellcheck', false],
    ['navigateOnDragDrop', false],
    ['enableWebSQL', false],
  ] as const)('%s is %s', (key, value) => {
    expect(prefs[key]).toBe(value);
  });

  it('uses the given preload and devTools setting', () => {
    expect(prefs.preload).toBe(PRELOAD);
    expect(prefs.devTools).toBe(false);
    expect(hardenedWebPreferences(PRELOAD, true).devTools).toBe(true);
  });

  it('refuses a relative preload path (Electron would silently start without the bridge)', () => {
    expect(() => hardenedWebPreferences('out/preload/preload.cjs', false)).toThrow(/绝对路径/);
  });

  it('puts the hardened preferences into the window options, hidden until shown', () => {
    const options = hardenedWindowOptions({ preloadPath: PRELOAD, devTools: false, title: '环卫台账与考评' });
    expect(options.title).toBe('环卫台账与考评');
    expect(options.show).toBe(false);
    expect(options.webPreferences).toEqual(prefs);
  });

  it('registers app:// as a standard, secure scheme without CORS', () => {
    expect(APP_SCHEME_PRIVILEGES.scheme).toBe('app');
    expect(APP_SCHEME_PRIVILEGES.privileges).toMatchObject({ standard: true, secure: true });
    expect(APP_SCHEME_PRIVILEGES.privileges?.corsEnabled).not.toBe(true);
    expect(APP_SCHEME_PRIVILEGES.privileges?.bypassCSP).not.toBe(true);
  });
});

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name, values]),
  );
}

describe('content security policy', () => {
  const csp = directives(CONTENT_SECURITY_POLICY);

  it("allows scripts from 'self' only", () => {
    expect(csp.get('script-src')).toEqual(["'self'"]);
  });

  it('never allows eval or inline scripts', () => {
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(csp.get('script-src')).not.toContain("'unsafe-inline'");
    expect(csp.get('default-src')).toEqual(["'self'"]);
  });

  it('allows data: images (AG Grid icons) and blocks plugins, framing and base changes', () => {
    expect(csp.get('img-src')).toContain('data:');
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
  });
});

describe('app origin', () => {
  it.each([APP_ENTRY_URL, `${APP_ORIGIN}/toilets?street=3#top`, `${APP_ORIGIN}/assets/index-abc.js`])('accepts %s', (url) => {
    expect(isAppUrl(url)).toBe(true);
  });

  it.each([
    'app://sanidesk.evil/',
    'app://evil/',
    'app://sanidesk@evil/',
    'app://user:pw@sanidesk/',
    'app://user@sanidesk/',
    'app://sanidesk:8080/',
    'sanidesk://sanidesk/',
    'http://sanidesk/',
    'file:///sanidesk/index.html',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(isAppUrl(url)).toBe(false);
  });

  it('builds app URLs from routes and refuses anything else', () => {
    expect(appUrl('/reports/bulletin?month=2025-03')).toBe('app://sanidesk/reports/bulletin?month=2025-03');
    expect(() => appUrl('reports')).toThrow();
    expect(() => appUrl('//evil.example/x')).toThrow();
    expect(() => appUrl('@evil/x')).toThrow();
  });
});

describe('navigation and window.open policy', () => {
  it('allows navigation within the app origin', () => {
    expect(isNavigationAllowed(`${APP_ORIGIN}/toilets`)).toBe(true);
  });

  it.each([
    'file:///etc/passwd',
    'file:///C:/Windows/win.ini',
    'http://evil.example/',
    'https://evil.example/phish',
    'http://127.0.0.1:4310/',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'about:blank',
    'chrome://settings',
    'devtools://devtools/bundled/inspector.html',
  ])('denies navigation to %s', (url) => {
    expect(isNavigationAllowed(url)).toBe(false);
  });

  it('guardNavigation prevents the default action only for foreign URLs', () => {
    const log = vi.fn();
    const own = { url: `${APP_ORIGIN}/kpi`, preventDefault: vi.fn() };
    expect(guardNavigation(own, 'test', log)).toBe(true);
    expect(own.preventDefault).not.toHaveBeenCalled();
    const foreign = { url: 'https://evil.example/', preventDefault: vi.fn() };
    expect(guardNavigation(foreign, 'test', log)).toBe(false);
    expect(foreign.preventDefault).toHaveBeenCalledOnce();
    expect(log).toHaveBeenCalledOnce();
  });

  it('denies window.open for every URL, the app origin included', () => {
    expect(denyWindowOpen()).toEqual({ action: 'deny' });
  });

  describe('installContentsPolicy on a webContents', () => {
    const emitter = new EventEmitter();
    let openHandler: ((details: { url: string }) => { action: string }) | undefined;
    const contents = Object.assign(emitter, {
      setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
        openHandler = handler;
      },
    }) as unknown as WebContents;
    const log = vi.fn();
    installContentsPolicy(contents, log);

    it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])('%s: foreign URLs are stopped, own ones pass', (eventName) => {
      for (const url of ['file:///etc/passwd', 'http://evil.example/', 'javascript:alert(1)', 'data:text/html,x']) {
        const event = { url, preventDefault: vi.fn() };
        emitter.emit(eventName, event);
        expect(event.preventDefault, `${eventName} ${url}`).toHaveBeenCalledOnce();
      }
      const own = { url: `${APP_ORIGIN}/toilets`, preventDefault: vi.fn() };
      emitter.emit(eventName, own);
      expect(own.preventDefault).not.toHaveBeenCalled();
    });

    it('webviews are never attached', () => {
      const event = { preventDefault: vi.fn() };
      emitter.emit('will-attach-webview', event, {}, {});
      expect(event.preventDefault).toHaveBeenCalledOnce();
    });

    it('the window-open handler denies own-origin and foreign URLs alike', () => {
      expect(openHandler).toBeTypeOf('function');
      for (const url of [`${APP_ORIGIN}/toilets`, 'https://evil.example/', 'file:///etc/passwd', 'javascript:alert(1)']) {
        expect(openHandler!({ url })).toEqual({ action: 'deny' });
      }
    });
  });
});

describe('permission policy', () => {
  type Handlers = {
    request?: Parameters<PermissionPolicyTarget['setPermissionRequestHandler']>[0];
    check?: Parameters<PermissionPolicyTarget['setPermissionCheckHandler']>[0];
    device?: Parameters<PermissionPolicyTarget['setDevicePermissionHandler']>[0];
  };
  const handlers: Handlers = {};
  const session: PermissionPolicyTarget = {
    setPermissionRequestHandler: (handler) => {
      handlers.request = handler;
    },
    setPermissionCheckHandler: (handler) => {
      handlers.check = handler;
    },
    setDevicePermissionHandler: (handler) => {
      handlers.device = handler;
    },
  };
  installPermissionPolicy(session);
  const permissions = ['media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'openExternal', 'hid', 'serial', 'fullscreen'] as const;

  it.each(permissions)('denies the request for %s', (permission) => {
    const callback = vi.fn();
    handlers.request!(null as unknown as WebContents, permission, callback, {} as never);
    expect(callback).toHaveBeenCalledExactlyOnceWith(false);
  });

  it.each(permissions)('answers the check for %s with false', (permission) => {
    expect(handlers.check!(null, permission, APP_ORIGIN, {} as never)).toBe(false);
  });

  it('denies device access', () => {
    expect(handlers.device!({} as never)).toBe(false);
  });
});

describe('IPC sender validation', () => {
  const main = (url: string): SenderFrameLike => ({ url, parent: null });

  it('accepts the top frame of the app origin', () => {
    expect(isTrustedIpcSender(main(APP_ENTRY_URL))).toBe(true);
    expect(isTrustedIpcSender(main(`${APP_ORIGIN}/reports/bulletin?month=2025-03`))).toBe(true);
  });

  it.each(['https://evil.example/', 'file:///tmp/x.html', 'http://127.0.0.1:4310/', 'about:blank', 'app://sanidesk.evil/', 'data:text/html,x'])(
    'rejects a top frame of %s',
    (url) => {
      expect(isTrustedIpcSender(main(url))).toBe(false);
    },
  );

  it('rejects a missing frame', () => {
    expect(isTrustedIpcSender(null)).toBe(false);
    expect(isTrustedIpcSender(undefined)).toBe(false);
  });

  it('rejects a subframe of another origin inside the app page', () => {
    expect(isTrustedIpcSender({ url: 'https://evil.example/frame', parent: main(APP_ENTRY_URL) })).toBe(false);
  });

  it('rejects any subframe, even one on the app origin (the console has no frames)', () => {
    expect(isTrustedIpcSender({ url: `${APP_ORIGIN}/toilets`, parent: main(APP_ENTRY_URL) })).toBe(false);
  });

  it('rejects a detached frame of the app origin', () => {
    expect(isTrustedIpcSender({ url: APP_ENTRY_URL, parent: null, detached: true })).toBe(false);
  });
});

describe('app:// protocol', () => {
  let root: string;
  let outside: string;

  beforeAll(() => {
    const base = mkdtempSync(join(tmpdir(), 'sanidesk-proto-'));
    root = join(base, 'renderer');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>环卫台账与考评</title>');
    writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
    writeFileSync(join(root, 'assets', 'index-abc.css'), 'body{}');
    writeFileSync(join(root, 'favicon.svg'), '<svg/>');
    outside = join(base, 'secret.txt');
    writeFileSync(outside, 'secret');
  });
  afterAll(() => rmSync(resolve(root, '..'), { recursive: true, force: true }));

  describe('path resolver', () => {
    it('maps files inside the renderer folder', () => {
      expect(resolveAppRequest(`${APP_ORIGIN}/assets/index-abc.js`, root)).toEqual({
        ok: true,
        file: join(root, 'assets', 'index-abc.js'),
        spaFallback: false,
      });
      expect(resolveAppRequest(`${APP_ORIGIN}/favicon.svg?v=2#x`, root)).toMatchObject({ ok: true, file: join(root, 'favicon.svg') });
    });

    it('serves index.html for the root and for extension-less routes', () => {
      for (const url of [APP_ENTRY_URL, APP_ORIGIN, `${APP_ORIGIN}/toilets`, `${APP_ORIGIN}/ranking/2025-03/`, `${APP_ORIGIN}/assets`]) {
        expect(resolveAppRequest(url, root), url).toEqual({ ok: true, file: join(root, 'index.html'), spaFallback: true });
      }
    });

    it('answers 404 for a missing asset instead of returning HTML', () => {
      expect(resolveAppRequest(`${APP_ORIGIN}/assets/missing.js`, root)).toMatchObject({ ok: false, status: 404 });
    });

    it('refuses other origins', () => {
      for (const url of ['app://evil/index.html', 'app://sanidesk.evil/index.html', 'app://sanidesk@evil/index.html', 'file:///etc/passwd', 'https://sanidesk/']) {
        expect(resolveAppRequest(url, root), url).toMatchObject({ ok: false, status: 403 });
      }
    });

    it.each([
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/..',
      '/./index.html',
      '/%2e%2e/secret.txt',
      '/%2E%2E/secret.txt',
      '/.%2e/secret.txt',
      '/%2e./secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets%2f..%2f..%2fsecret.txt',
      '/%252e%252e/secret.txt',
      '/..%5csecret.txt',
      '/assets\\..\\..\\secret.txt',
      '/%5c%5cserver%5cshare',
      '//etc/passwd',
      '/%2fetc%2fpasswd',
      '/C:/Windows/win.ini',
      '/C%3a%5cWindows%5cwin.ini',
      '/index.html%00.js',
      '/index.html\u0000.js',
      '/.. /secret.txt',
      '/assets/index-abc.js.',
      '/%ff%fe',
    ])('refuses %s', (path) => {
      const resolution = resolveAppRequest(`${APP_ORIGIN}${path}`, root);
      expect(resolution.ok).toBe(false);
      if (!resolution.ok) expect([400, 403]).toContain(resolution.status);
    });

    it('never maps a request outside the renderer folder, whatever the path', () => {
      const probes = ['..', '%2e%2e', '.%2e', '%2e.', '..%2f', '%2f', '%5c', '\\', '/', 'assets', 'secret.txt', '.', ':', '%00'];
      for (const a of probes) {
        for (const b of probes) {
          for (const c of probes) {
            const resolution = resolveAppRequest(`${APP_ORIGIN}/${a}/${b}/${c}`, root);
            if (resolution.ok) expect(resolution.file.startsWith(root + sep), `${a}/${b}/${c}`).toBe(true);
          }
        }
      }
    });
  });

  describe('protocol handler', () => {
    const handler = () => createAppProtocolHandler(root);

    it('serves files with their content type and the CSP header', async () => {
      const response = await handler()(new Request(`${APP_ORIGIN}/assets/index-abc.js`));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await response.text()).toBe('console.log(1)');
    });

    it('serves index.html for routes, never cached, with the CSP header', async () => {
      const response = await handler()(new Request(`${APP_ORIGIN}/toilets`));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(await response.text()).toContain('环卫台账与考评');
    });

    it('refuses traversal with 400 and the CSP header, without reading the file', async () => {
      const readBytes = vi.fn(async () => new Uint8Array());
      const response = await createAppProtocolHandler(root, readBytes)(new Request(`${APP_ORIGIN}/assets/..%2f..%2fsecret.txt`));
      expect(response.status).toBe(400);
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(await response.text()).not.toContain('secret');
      expect(readBytes).not.toHaveBeenCalled();
    });

    it('answers 404 for a missing asset and 405 for writes', async () => {
      expect((await handler()(new Request(`${APP_ORIGIN}/assets/nope.js`))).status).toBe(404);
      expect((await handler()(new Request(`${APP_ORIGIN}/index.html`, { method: 'POST', body: 'x' }))).status).toBe(405);
    });

    it('answers 503 when the UI has not been built', async () => {
      const empty = mkdtempSync(join(tmpdir(), 'sanidesk-empty-'));
      try {
        const response = await createAppProtocolHandler(empty)(new Request(APP_ENTRY_URL));
        expect(response.status).toBe(503);
        expect(await response.text()).toContain('npm run build');
      } finally {
        rmSync(empty, { recursive: true, force: true });
      }
    });

    it('sends no body for HEAD', async () => {
      const response = await handler()(new Request(`${APP_ORIGIN}/assets/index-abc.css`, { method: 'HEAD' }));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/css; charset=utf-8');
      expect(await response.text()).toBe('');
    });
  });

  it('knows the content types a module script needs', () => {
    expect(contentTypeFor('/x/a.js')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('/x/a.MJS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('/x/a.unknown')).toBe('application/octet-stream');
  });
});
