/**
 * The Electron main process: one window on the default workspace (or `--data DIR`), the built UI from the
 * app:// protocol, the IPC host, a Chinese menu, printing, and a clean shutdown. Every policy it applies lives in
 * electron/security.ts and every business rule in db/; this file only wires them to Electron.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell, type MenuItemConstructorOptions, type WebContents } from 'electron';
import { join } from 'node:path';
import { APP_VERSION, type Workspace } from '../db/workspace/workspace';
import { API_CHANNEL, registerIpcApi } from './host/ipc';
import { SessionStore } from '../db/users/sessions';
import { notOpenError, recoveryStartLines, WorkspaceRecovery, type RecoveryInfo } from '../db/backup/recovery';
import { startBackupSchedule, type BackupSchedule } from '../db/backup/schedule';
import { setPdfEngine } from '../db/bulletins/pdf';
import { electronPdfEngine, printWindowOptions } from './print/electron-pdf';
import { dataDirFromArgv, demoLoadedMessage, loginHint, openConsoleOrRecovery, type DemoSummary } from './host/open-workspace';
import {
  APP_ENTRY_URL,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  appUrl,
  createAppProtocolHandler,
  hardenedWindowOptions,
  installContentsPolicy,
  installPermissionPolicy,
  isTrustedIpcSender,
} from './security';

const PRODUCT_TITLE = '环卫台账与考评';
/** The bundles sit side by side: out/main/main.js, out/preload/preload.cjs, out/renderer/. */
const RENDERER_DIR = join(__dirname, '..', 'renderer');
const PRELOAD_PATH = join(__dirname, '..', 'preload', 'preload.cjs');
/** How long printToPdf waits for a report route to say it is ready. */
const PRINT_READY_TIMEOUT_MS = 30_000;

let mainWindow: BrowserWindow | null = null;
let workspace: Workspace | null = null;
let backupSchedule: BackupSchedule | null = null;
/** Login sessions of this app run, shared by every window; quitting logs everyone out. */
const sessions = new SessionStore(() => workspace?.db ?? null);

function log(message: string): void {
  console.warn(`[sanidesk] ${message}`);
}

function windowOptions(show: boolean) {
  return hardenedWindowOptions({ preloadPath: PRELOAD_PATH, devTools: !app.isPackaged, title: PRODUCT_TITLE, show });
}

function focusMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow(windowOptions(false));
  // Shown once painted, so the user never sees an empty white frame.
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    mainWindow = null;
  });
  win.loadURL(APP_ENTRY_URL).catch((err: unknown) => log(`界面加载失败:${String(err)}`));
  return win;
}

function printFocusedWindow(): void {
  const target = BrowserWindow.getFocusedWindow() ?? mainWindow;
  if (!target) return;
  target.webContents.print({ printBackground: true }, (success, failureReason) => {
    // Cancelling the system dialog also reports failure; only real errors are worth a message.
    if (!success && !/cancel/i.test(failureReason)) {
      dialog.showErrorBox('打印失败', `打印没有完成:${failureReason}`);
    }
  });
}

/** Resolves when `selector` matches in the page, observing DOM changes (timers are throttled in hidden windows). */
async function waitForSelector(contents: WebContents, selector: string, timeoutMs: number): Promise<void> {
  const script = `new Promise((resolve) => {
    const selector = ${JSON.stringify(selector)};
    if (document.querySelector(selector)) return resolve(true);
    const observer = new MutationObserver(() => {
      if (document.querySelector(selector)) { observer.disconnect(); resolve(true); }
    });
    observer.observe(document.documentElement, { childList: true, subtree: true, attributes: true });
  })`;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`打印页面在 ${timeoutMs / 1000} 秒内没有准备好(等待 ${selector})`)), timeoutMs);
  });
  try {
    await Promise.race([contents.executeJavaScript(script), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Renders an app route (e.g. a monthly bulletin) to an A4 PDF in a hidden window with the same hardened options
 * as the main window. No IPC is involved: the caller gets the PDF bytes to preview, save or send to the printer.
 * `readySelector` names an element the route shows once its data has loaded; without it the PDF is taken as
 * soon as the page has loaded.
 */
export async function printToPdf(route: string, readySelector?: string): Promise<Buffer> {
  const url = appUrl(route);
  const win = new BrowserWindow(windowOptions(false));
  try {
    await win.loadURL(url);
    if (readySelector) await waitForSelector(win.webContents, readySelector, PRINT_READY_TIMEOUT_MS);
    return await win.webContents.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
  } finally {
    if (!win.isDestroyed()) win.destroy();
  }
}

/**
 * Bulletins and statements are issued as PDF by db/ (the archive keeps the bytes): in the desktop app they are
 * rendered by Electron's own Chromium in a hidden sandboxed window with JavaScript off (electron/print/electron-pdf.ts).
 */
function installPdfEngine(): void {
  setPdfEngine(electronPdfEngine(() => new BrowserWindow(printWindowOptions(windowOptions(false)))));
}

function showAbout(): void {
  const options = {
    type: 'info' as const,
    title: '关于 SaniDesk',
    message: `SaniDesk ${PRODUCT_TITLE}`,
    detail: `版本 ${APP_VERSION}\n工作区:${workspace?.dir ?? '(未打开)'}`,
    buttons: ['确定'],
  };
  if (mainWindow) void dialog.showMessageBox(mainWindow, options);
  else void dialog.showMessageBox(options);
}

function buildMenu(): Menu {
  const viewItems: MenuItemConstructorOptions[] = [
    { role: 'reload', label: '重新加载' },
    ...(app.isPackaged ? [] : [{ role: 'toggleDevTools', label: '开发者工具' } satisfies MenuItemConstructorOptions]),
    { type: 'separator' },
    { role: 'resetZoom', label: '实际大小' },
    { role: 'zoomIn', label: '放大' },
    { role: 'zoomOut', label: '缩小' },
    { type: 'separator' },
    { role: 'togglefullscreen', label: '全屏' },
  ];
  const template: MenuItemConstructorOptions[] = [
    {
      label: '文件(&F)',
      submenu: [
        { label: '打印…', accelerator: 'CmdOrCtrl+P', click: printFocusedWindow },
        { type: 'separator' },
        { role: 'quit', label: '退出' },
      ],
    },
    {
      // The editing shortcuts are shown but not registered: the grids handle Ctrl+Z/Y/A themselves (undo of cell
      // edits, selection), and a registered accelerator would swallow the key before the page sees it.
      label: '编辑(&E)',
      submenu: [
        { role: 'undo', label: '撤销', registerAccelerator: false },
        { role: 'redo', label: '重做', registerAccelerator: false },
        { type: 'separator' },
        { role: 'cut', label: '剪切', registerAccelerator: false },
        { role: 'copy', label: '复制', registerAccelerator: false },
        { role: 'paste', label: '粘贴', registerAccelerator: false },
        { role: 'selectAll', label: '全选', registerAccelerator: false },
      ],
    },
    { label: '视图(&V)', submenu: viewItems },
    {
      label: '帮助(&H)',
      submenu: [
        {
          label: '打开工作区文件夹',
          click: () => {
            if (workspace) void shell.openPath(workspace.dir);
          },
        },
        { type: 'separator' },
        { label: '关于 SaniDesk', click: showAbout },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}

/** The workspace is open (at start, or after a recovery restore): scheduled backups and the contract over IPC. */
async function workspaceOpened(ws: Workspace, demoLoaded: DemoSummary | null): Promise<void> {
  workspace = ws;
  if (demoLoaded) console.log(demoLoadedMessage(ws.dir, demoLoaded));
  const hint = await loginHint(ws);
  if (hint) console.log(hint);
  backupSchedule = await startBackupSchedule(ws, { onError: (err) => console.error('[sanidesk] 定时备份失败,下次再试:', err) });
  registerIpcApi(ipcMain, { workspace: () => workspace, sessions, log });
  installPdfEngine();
}

/**
 * Recovery mode (db/backup/recovery.ts): the window's first screen offers the good backups. Until one is restored
 * the `api` channel answers the recovery methods only, to the app's own page (the IPC sender check is Electron's
 * counterpart of the HTTP host's start token); then the contract takes the channel over.
 */
function startRecovery(info: RecoveryInfo): void {
  for (const line of recoveryStartLines(info)) log(line);
  const recovery = new WorkspaceRecovery(info);
  ipcMain.handle(API_CHANNEL, async (event, method: unknown, input: unknown) => {
    if (!isTrustedIpcSender(event.senderFrame)) {
      return { ok: false, error: { code: 'forbidden', message: '已拒绝:接口调用不是来自本应用的页面。' } };
    }
    if (typeof method !== 'string' || !method.startsWith('recovery.')) return notOpenError(info);
    const { result, opened } = await recovery.call(method, input);
    if (opened && !workspace) {
      ipcMain.removeHandler(API_CHANNEL);
      await workspaceOpened(opened.ws, null);
    }
    return result;
  });
}

async function start(): Promise<void> {
  const opening = await openConsoleOrRecovery(dataDirFromArgv(process.argv));
  installPermissionPolicy(session.defaultSession);
  protocol.handle(APP_SCHEME, createAppProtocolHandler(RENDERER_DIR));
  if (opening.ws) await workspaceOpened(opening.ws, opening.demoLoaded);
  else startRecovery(opening.recovery);
  Menu.setApplicationMenu(buildMenu());
  mainWindow = createMainWindow();
}

function failToStart(err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  console.error('[sanidesk] 启动失败:', err);
  dialog.showErrorBox('SaniDesk 无法启动', `无法打开工作区:\n${message}`);
  app.exit(1);
}

/** Closes the database before Electron quits: the quit waits for the close, then continues. */
function installShutdown(): void {
  let closing = false;
  app.on('before-quit', (event) => {
    const open = workspace;
    if (!open) return;
    event.preventDefault();
    if (closing) return;
    closing = true;
    backupSchedule?.stop();
    open.db
      .close()
      .catch((err: unknown) => console.error('[sanidesk] 关闭数据库失败:', err))
      .finally(() => {
        workspace = null;
        app.quit();
      });
  });
  // Ctrl+C in the terminal (npm start) and service stops go through the same clean quit.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());
}

// Both must happen before the app is ready.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // Another SaniDesk already has the workspace open; it brings its window forward (second-instance below).
  app.quit();
} else {
  app.on('second-instance', focusMainWindow);
  app.on('web-contents-created', (_event, contents) => installContentsPolicy(contents, log));
  app.on('window-all-closed', () => app.quit());
  installShutdown();
  app.whenReady().then(start).catch(failToStart);
}
