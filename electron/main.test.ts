/**
 * electron/main.ts against a stand-in 'electron' module (the real one would try to download the binary): what the
 * main process registers before and after `ready`, the window it opens, the menu, printing and the shutdown.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from './csp';
import { APP_ENTRY_URL, APP_SCHEME_PRIVILEGES } from './security';

type Listener = (...args: unknown[]) => unknown;

const fake = vi.hoisted(() => {
  const on = (listeners: Map<string, Listener[]>) => (event: string, listener: Listener) => {
    listeners.set(event, [...(listeners.get(event) ?? []), listener]);
  };
  const emit = (listeners: Map<string, Listener[]>, event: string, ...args: unknown[]) => {
    for (const listener of listeners.get(event) ?? []) listener(...args);
  };

  class FakeWebContents {
    print = vi.fn();
    printToPDF = vi.fn(async () => Buffer.from('%PDF-1.7'));
    executeJavaScript = vi.fn(async () => true);
  }

  class FakeBrowserWindow {
    static all: FakeBrowserWindow[] = [];
    static getFocusedWindow = vi.fn((): FakeBrowserWindow | null => FakeBrowserWindow.all[0] ?? null);
    readonly listeners = new Map<string, Listener[]>();
    readonly webContents = new FakeWebContents();
    destroyed = false;
    loadURL = vi.fn(async (_url: string) => undefined);
    show = vi.fn();
    focus = vi.fn();
    restore = vi.fn();
    constructor(readonly options: Record<string, unknown>) {
      FakeBrowserWindow.all.push(this);
    }
    on = on(this.listeners);
    once = on(this.listeners);
    isMinimized = () => false;
    isDestroyed = () => this.destroyed;
    destroy = () => {
      this.destroyed = true;
    };
  }

  const appListeners = new Map<string, Listener[]>();
  const calls: string[] = [];
  let resolveReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    resolveReady = resolve;
  });
  const state = { lock: true };

  const electron = {
    app: {
      isPackaged: false,
      on: on(appListeners),
      requestSingleInstanceLock: vi.fn(() => {
        calls.push('requestSingleInstanceLock');
        return state.lock;
      }),
      enableSandbox: vi.fn(() => calls.push('enableSandbox')),
      whenReady: vi.fn(() => ready),
      quit: vi.fn(() => calls.push('quit')),
      exit: vi.fn(),
    },
    protocol: {
      registerSchemesAsPrivileged: vi.fn(() => calls.push('registerSchemesAsPrivileged')),
      handle: vi.fn(),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: vi.fn(),
        setPermissionCheckHandler: vi.fn(),
        setDevicePermissionHandler: vi.fn(),
      },
    },
    ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
    Menu: { buildFromTemplate: vi.fn((template: unknown) => ({ template })), setApplicationMenu: vi.fn() },
    BrowserWindow: FakeBrowserWindow,
    dialog: { showErrorBox: vi.fn(), showMessageBox: vi.fn(async () => ({ response: 0 })) },
    shell: { openPath: vi.fn(async () => '') },
  };
  return { electron, FakeBrowserWindow, appListeners, emit, calls, state, ready: () => resolveReady() };
});

vi.mock('electron', () => fake.electron);

type MenuItem = { label?: string; role?: string; accelerator?: string; registerAccelerator?: boolean; click?: () => void; submenu?: MenuItem[] };

let dataDir: string;
let main: typeof import('./main');

beforeAll(async () => {
  dataDir = join(mkdtempSync(join(tmpdir(), 'sanidesk-main-')), 'workspace');
  vi.stubEnv('SANIDESK_DATA', dataDir); // the default workspace folder for this test
  main = await import('./main');
});

afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(join(dataDir, '..'), { recursive: true, force: true });
});

describe('before ready', () => {
  it('registers app:// as privileged, enforces the sandbox and takes the single-instance lock', () => {
    expect(fake.electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledExactlyOnceWith([APP_SCHEME_PRIVILEGES]);
    expect(fake.calls.slice(0, 3)).toEqual(['registerSchemesAsPrivileged', 'enableSandbox', 'requestSingleInstanceLock']);
    expect(fake.FakeBrowserWindow.all).toHaveLength(0);
    expect(fake.appListeners.has('web-contents-created')).toBe(true);
  });
});

describe('after ready', () => {
  beforeAll(async () => {
    fake.ready();
    await vi.waitFor(() => expect(fake.FakeBrowserWindow.all).toHaveLength(1), { timeout: 20_000 });
  });

  it('opens one hardened window on the app origin', () => {
    const [win] = fake.FakeBrowserWindow.all;
    expect(win.loadURL).toHaveBeenCalledExactlyOnceWith(APP_ENTRY_URL);
    expect(win.options.show).toBe(false);
    expect(win.options.title).toBe('环卫台账与考评');
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(String((win.options.webPreferences as { preload: string }).preload)).toMatch(/preload[\\/]preload\.cjs$/);
  });

  it('denies every permission on the default session', () => {
    const { setPermissionRequestHandler, setPermissionCheckHandler } = fake.electron.session.defaultSession;
    const callback = vi.fn();
    (setPermissionRequestHandler.mock.calls[0][0] as Listener)(null, 'media', callback, {});
    expect(callback).toHaveBeenCalledWith(false);
    expect((setPermissionCheckHandler.mock.calls[0][0] as Listener)(null, 'notifications', 'app://sanidesk', {})).toBe(false);
  });

  it('serves the UI on app:// with the CSP header', async () => {
    const [scheme, handler] = fake.electron.protocol.handle.mock.calls[0] as [string, (request: Request) => Promise<Response>];
    expect(scheme).toBe('app');
    const response = await handler(new Request('app://sanidesk/assets/missing.js'));
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('answers api calls on the workspace, created with the demo district on first start', async () => {
    const [channel, listener] = fake.electron.ipcMain.handle.mock.calls[0] as [string, Listener];
    expect(channel).toBe('api');
    const event = { senderFrame: { url: APP_ENTRY_URL, parent: null }, sender: { isDestroyed: () => false, send: vi.fn() } };
    expect(await listener(event, 'workspace.info', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    // The demo workspace's documented administrator logs in; the session lives in the main process's store.
    const login = (await listener(event, 'auth.login', { login: 'admin', password: 'demo1234' })) as { ok: true; data: { session: string } };
    expect(login).toMatchObject({ ok: true, data: { user: { role: 'admin' }, session: expect.any(String) } });
    const result = await listener(event, 'workspace.info', {}, login.data.session);
    expect(result).toMatchObject({ ok: true, data: { dir: dataDir, demo: true, user: { name: '系统管理员' } } });
    const foreign = { ...event, senderFrame: { url: 'https://evil.example/', parent: null } };
    expect(await listener(foreign, 'workspace.info', {}, login.data.session)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('applies the navigation policy to every new webContents', () => {
    const contents = { on: vi.fn(), setWindowOpenHandler: vi.fn() };
    fake.emit(fake.appListeners, 'web-contents-created', {}, contents);
    expect(contents.on.mock.calls.map(([event]) => event)).toEqual(
      expect.arrayContaining(['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']),
    );
    const openHandler = contents.setWindowOpenHandler.mock.calls[0][0] as (details: { url: string }) => unknown;
    expect(openHandler({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('has a Chinese menu with the standard roles and 打印 on Ctrl+P', () => {
    const { template } = fake.electron.Menu.setApplicationMenu.mock.calls[0][0] as { template: MenuItem[] };
    expect(template.map((m) => m.label)).toEqual(['文件(&F)', '编辑(&E)', '视图(&V)', '帮助(&H)']);
    const items = template.flatMap((m) => m.submenu ?? []);
    const roles = items.map((i) => i.role).filter(Boolean);
    expect(roles).toEqual(expect.arrayContaining(['quit', 'undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'reload', 'zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen']));
    // The grids handle undo/redo themselves; the menu must not swallow those keys.
    expect(items.find((i) => i.role === 'undo')?.registerAccelerator).toBe(false);

    const print = items.find((i) => i.label === '打印…');
    expect(print?.accelerator).toBe('CmdOrCtrl+P');
    print!.click!();
    expect(fake.FakeBrowserWindow.all[0].webContents.print).toHaveBeenCalledOnce();
  });

  it('focuses the existing window when a second instance starts', () => {
    const [win] = fake.FakeBrowserWindow.all;
    fake.emit(fake.appListeners, 'second-instance', {}, [], '/');
    expect(win.focus).toHaveBeenCalled();
  });

  it('printToPdf renders an app route to A4 in a hidden hardened window and closes it', async () => {
    const pdf = await main.printToPdf('/#/reports/bulletin?month=2025-03', '[data-print-ready]');
    expect(pdf.toString()).toBe('%PDF-1.7');
    const win = fake.FakeBrowserWindow.all.at(-1)!;
    expect(win).not.toBe(fake.FakeBrowserWindow.all[0]);
    expect(win.options.show).toBe(false);
    expect(win.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true });
    expect(win.loadURL).toHaveBeenCalledWith('app://sanidesk/#/reports/bulletin?month=2025-03');
    expect(win.webContents.executeJavaScript.mock.calls[0]).toEqual([expect.stringContaining('"[data-print-ready]"')]);
    expect(win.webContents.printToPDF).toHaveBeenCalledWith(expect.objectContaining({ pageSize: 'A4' }));
    expect(win.destroyed).toBe(true);
  });

  it('printToPdf refuses anything that is not an app route', async () => {
    const before = fake.FakeBrowserWindow.all.length;
    await expect(main.printToPdf('https://evil.example/')).rejects.toThrow();
    expect(fake.FakeBrowserWindow.all).toHaveLength(before);
  });

  it('closes the database before quitting', async () => {
    const quitsBefore = fake.electron.app.quit.mock.calls.length;
    const event = { preventDefault: vi.fn() };
    fake.emit(fake.appListeners, 'before-quit', event);
    expect(event.preventDefault).toHaveBeenCalledOnce();
    await vi.waitFor(() => expect(fake.electron.app.quit.mock.calls.length).toBe(quitsBefore + 1));
    // The second round (the quit issued after the close) goes through.
    const again = { preventDefault: vi.fn() };
    fake.emit(fake.appListeners, 'before-quit', again);
    expect(again.preventDefault).not.toHaveBeenCalled();
    // And the API now says the workspace is closed instead of touching a closed database.
    const [, listener] = fake.electron.ipcMain.handle.mock.calls[0] as [string, Listener];
    const event2 = { senderFrame: { url: APP_ENTRY_URL, parent: null }, sender: { isDestroyed: () => false, send: vi.fn() } };
    expect(await listener(event2, 'workspace.info', {})).toMatchObject({ ok: false, error: { code: 'workspace' } });
  });
});

describe('a second instance', () => {
  it('quits at once without opening a workspace or a window', async () => {
    vi.resetModules();
    fake.state.lock = false;
    const whenReadyCalls = fake.electron.app.whenReady.mock.calls.length;
    const quitCalls = fake.electron.app.quit.mock.calls.length;
    const windows = fake.FakeBrowserWindow.all.length;
    await import('./main');
    expect(fake.electron.app.quit.mock.calls.length).toBe(quitCalls + 1);
    expect(fake.electron.app.whenReady.mock.calls.length).toBe(whenReadyCalls);
    expect(fake.FakeBrowserWindow.all).toHaveLength(windows);
  });
});
