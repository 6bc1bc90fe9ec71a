/**
 * Opening the console's workspace, shared by the Electron app (electron/main.ts) and the headless host
 * (`npm run cli -- serve`), so both behave the same on first start: without --data they use the default folder,
 * and when no workspace exists there yet they create it and load the demo district (badged 示例数据) rather than
 * show an empty console. An explicit --data folder is never filled with demo data.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadDemoWorkspace, type DemoWorkspaceSummary } from '../../db/demo/full';
import { DEMO_PASSWORD, DEMO_USERS } from '../../db/users/demo';
import { ROLE_LABELS } from '../../db/users/roles';
import { setupRequired } from '../../db/users/service';
import { defaultOperator } from '../../db/users/users';
import { DB_FILE_NAME, defaultWorkspaceDir, openWorkspace, type Workspace } from '../../db/workspace/workspace';

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
