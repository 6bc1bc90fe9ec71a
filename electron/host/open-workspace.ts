/**
 * Opening the console's workspace, shared by the Electron app (electron/main.ts) and the headless host
 * (`npm run cli -- serve`), so both behave the same on first start: without --data they use the default folder,
 * and when no workspace exists there yet they create it and load the demo district (badged 示例数据) rather than
 * show an empty console. An explicit --data folder is never filled with demo data.
 *
 * A workspace file that cannot be opened (damaged, truncated, foreign, empty) next to a good backup starts the
 * console in recovery mode instead of failing (db/backup/recovery.ts): its first screen says what is wrong and
 * offers the backup to the operator who started it.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findRecovery, WorkspaceRecovery, type RecoveryDone, type RecoveryInfo } from '../../db/backup/recovery';
import { loadDemoWorkspace, type DemoWorkspaceSummary } from '../../db/demo/full';
import { ApiError } from '../../db/errors';
import { DEMO_PASSWORD, DEMO_USERS } from '../../db/users/demo';
import { ROLE_LABELS } from '../../db/users/roles';
import { setupRequired } from '../../db/users/service';
import { defaultOperator } from '../../db/users/users';
import { DB_FILE_NAME, defaultWorkspaceDir, openWorkspace, type Workspace } from '../../db/workspace/workspace';
import { isLoopback, startHttpHost, type HttpHost } from './http';

export type DemoSummary = DemoWorkspaceSummary;

export interface OpenedConsoleWorkspace {
  ws: Workspace;
  /** Set when this start created the default workspace and loaded the demo district into it. */
  demoLoaded: DemoSummary | null;
}

export async function openConsoleWorkspace(explicitDir?: string): Promise<OpenedConsoleWorkspace> {
  const dir = explicitDir ?? defaultWorkspaceDir();
  const fresh = !existsSync(join(dir, DB_FILE_NAME));
  const ws = await openWorkspace(dir);
  if (!fresh || explicitDir !== undefined) return { ws, demoLoaded: null };
  try {
    const demoLoaded = await loadDemoWorkspace({ ws, user: await defaultOperator(ws.db) });
    return { ws, demoLoaded };
  } catch (err) {
    await ws.db.close();
    throw err;
  }
}

export type ConsoleOpening =
  | { ws: Workspace; demoLoaded: DemoSummary | null; recovery: null }
  | { ws: null; demoLoaded: null; recovery: RecoveryInfo };

/**
 * Opens the console's workspace as openConsoleWorkspace does; when its file cannot be opened and its backups/
 * folder holds a good backup, returns that offer instead of failing. Other failures (a newer SaniDesk's file, a
 * damaged file without a good backup, a locked workspace) are thrown with their message as before.
 */
export async function openConsoleOrRecovery(explicitDir?: string): Promise<ConsoleOpening> {
  const dir = explicitDir ?? defaultWorkspaceDir();
  const file = join(dir, DB_FILE_NAME);
  // An empty file would silently open as a new, empty workspace; with backups beside it, it is a lost one.
  if (existsSync(file) && statSync(file).size === 0) {
    const recovery = await findRecovery(dir);
    if (recovery) return { ws: null, demoLoaded: null, recovery };
  }
  try {
    return { ...(await openConsoleWorkspace(explicitDir)), recovery: null };
  } catch (err) {
    if (!(err instanceof ApiError) || err.code !== 'workspace') throw err;
    const recovery = await findRecovery(dir);
    if (!recovery) throw err;
    return { ws: null, demoLoaded: null, recovery };
  }
}

export interface ConsoleHostOptions {
  /** The workspace folder (`--data`); the default folder when absent. */
  dir?: string;
  rendererDir: string;
  port?: number;
  /** Bind address; anything but loopback needs the workspace's LAN setting (electron/host/http.ts). */
  host?: string;
  token?: string;
  /**
   * The workspace is open: at once, or once the operator restored a backup in recovery mode. Where the caller
   * starts what needs an open workspace (scheduled backups) and says how to log in.
   */
  onOpened?: (ws: Workspace, how: { recovered: RecoveryDone | null }) => void | Promise<void>;
}

export interface ConsoleHost {
  host: HttpHost;
  /** Set when the host started in recovery mode (what was wrong, the backups offered). */
  recovery: RecoveryInfo | null;
  /** Set when this start created the default workspace with the demo district. */
  demoLoaded: DemoSummary | null;
  /** Recovery mode was asked for a LAN address and stays on this PC instead. */
  lanRefusedForRecovery: boolean;
  workspace(): Workspace | null;
  /** Stops the host and closes the workspace (if one is open). */
  close(): Promise<void>;
}

/**
 * The headless console as `npm run cli -- serve` starts it (the e2e tests start it the same way): the workspace
 * opened, or recovery mode on 127.0.0.1 when its file cannot be opened and a good backup exists.
 */
export async function startConsoleHost(options: ConsoleHostOptions): Promise<ConsoleHost> {
  const opening = await openConsoleOrRecovery(options.dir);
  const common = { rendererDir: options.rendererDir, port: options.port, token: options.token };
  let host: HttpHost;
  if (opening.ws) {
    const ws = opening.ws;
    try {
      host = await startHttpHost({ ...common, ws, host: options.host });
      await options.onOpened?.(ws, { recovered: null });
    } catch (err) {
      await ws.db.close();
      throw err;
    }
  } else {
    // The LAN setting is inside the file that cannot be read: recovery is for the operator at this PC only.
    host = await startHttpHost({
      ...common,
      recovery: new WorkspaceRecovery(opening.recovery),
      onRecovered: (done) => options.onOpened?.(done.ws, { recovered: done }),
    });
  }
  return {
    host,
    recovery: opening.recovery,
    demoLoaded: opening.demoLoaded,
    lanRefusedForRecovery: opening.recovery !== null && options.host !== undefined && !isLoopback(options.host),
    workspace: () => host.workspace(),
    close: async () => {
      await host.close();
      await host.workspace()?.db.close();
    },
  };
}

/** The line both hosts print (or log) after a first start created the demo workspace. */
export function demoLoadedMessage(dir: string, loaded: DemoSummary): string {
  return `首次启动:已在 ${dir} 创建示例区工作区(${loaded.streets} 个街道、${loaded.communities} 个社区、${loaded.toilets} 座公厕、近三个月 ${loaded.inspections} 次考核检查)`;
}

/**
 * What the operator needs to know to log in, printed (or logged) at start: the first-start setup of the
 * administrator password, or the demo workspace's documented users. Null for an ordinary workspace.
 */
export async function loginHint(ws: Workspace): Promise<string | null> {
  if (await setupRequired(ws.db)) {
    return '首次使用:打开控制台后请先设置系统管理员(用户名 admin)的密码,再用它登录并在“系统 → 用户”中添加其他用户。';
  }
  if (ws.kind === 'demo') {
    const users = DEMO_USERS.map((u) => `${u.login}(${ROLE_LABELS[u.role]})`).join('、');
    return `示例数据的登录用户:${users},密码都是 ${DEMO_PASSWORD}。`;
  }
  return null;
}

/**
 * The workspace folder named on the command line (`--data DIR` or `--data=DIR`), resolved against the current
 * directory, or undefined for the default folder. Other arguments (Chromium switches, the app path) are ignored.
 */
export function dataDirFromArgv(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg.startsWith('--data=')) {
      const value = arg.slice('--data='.length);
      if (!value) throw new Error('--data= 后面需要一个工作区文件夹路径');
      return resolve(value);
    }
    if (arg === '--data') {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new Error('--data 后面需要一个工作区文件夹路径');
      return resolve(value);
    }
  }
  return undefined;
}
