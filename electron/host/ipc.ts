/**
 * The IPC host: the Electron counterpart of the headless HTTP host. The renderer calls
 * `window.sanidesk.api(method, input, session)` (electron/preload.ts) → `ipcRenderer.invoke('api', method, input, session)`
 * → here. Like every host it checks the caller first (the sender frame must be the app's own page,
 * electron/security.ts), resolves the login session to its user (the main process's SessionStore), then hands the
 * call to the contract (`callApi`), which refuses non-public methods without a user, checks the role and
 * validates the input.
 *
 * The core (`createApiInvokeHandler`) is plain Node and unit-tested; `registerIpcApi` is the thin ipcMain wiring.
 * Only types come from 'electron', so this module also loads without the Electron binary.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { callApi, type ApiResult } from '../../db/api';
import { materializeResult } from '../../db/contract';
import type { CallerCtx, ProgressEvent } from '../../db/context';
import type { SessionStore } from '../../db/users/sessions';
import type { Workspace } from '../../db/workspace/workspace';
import { isTrustedIpcSender, type SenderFrameLike } from '../security';

/** The only channel the renderer may invoke. electron/preload.ts spells the same names (it cannot import this file). */
export const API_CHANNEL = 'api';
/** Main → renderer: progress of long jobs (import, export, backup, PDF). */
export const PROGRESS_CHANNEL = 'progress';

export interface ApiInvocation {
  /** `event.senderFrame`: null when the frame navigated away or was destroyed before the call was handled. */
  senderFrame: SenderFrameLike | null | undefined;
  /** Delivers progress events of this call to the page that made it. */
  sendProgress: (event: ProgressEvent) => void;
}

export interface IpcApiDeps {
  /** The open workspace, or null once it has been closed (shutdown). */
  workspace: () => Workspace | null;
  /** The login sessions of this app run (one store, created at start, shared by every window). */
  sessions: SessionStore;
  /** The contract entry point; replaceable in tests to observe what reaches it. */
  call?: typeof callApi;
  /** Where refused senders are reported. */
  log?: (message: string) => void;
}

export type ApiInvokeHandler = (invocation: ApiInvocation, method: unknown, input: unknown, session?: unknown) => Promise<ApiResult<unknown>>;

/** Builds the handler of one `api` invocation. It never throws: every outcome is an ApiResult, as in the HTTP host. */
export function createApiInvokeHandler(deps: IpcApiDeps): ApiInvokeHandler {
  const call = deps.call ?? callApi;
  const log = deps.log ?? ((message: string) => console.warn(`[sanidesk] ${message}`));
  return async (invocation, method, input, session) => {
    if (!isTrustedIpcSender(invocation.senderFrame)) {
      log(`已拒绝来自非本应用页面的接口调用:${invocation.senderFrame?.url.slice(0, 200) ?? '(发送方页面已不存在)'}`);
      return { ok: false, error: { code: 'forbidden', message: '已拒绝:接口调用不是来自本应用的页面。' } };
    }
    if (typeof method !== 'string') {
      return { ok: false, error: { code: 'unknown_method', message: '接口方法名必须是文字,如 toilets.list' } };
    }
    const ws = deps.workspace();
    if (!ws) {
      return { ok: false, error: { code: 'workspace', message: '工作区已关闭,操作没有执行。请重新启动 SaniDesk。' } };
    }
    try {
      const given = typeof session === 'string' && session ? session : null;
      const user = await deps.sessions.resolve(given);
      const ctx: CallerCtx = { ws, user, progress: invocation.sendProgress, session: { store: deps.sessions, id: user ? given : null } };
      // Structured clone cannot carry raw JSON text (large lists): turn it into plain values here.
      return materializeResult(await call(ctx, method, input));
    } catch (err) {
      // callApi itself never throws; this catches the session lookup (e.g. the database closing under us).
      console.error('[sanidesk] ipc host error:', err);
      return { ok: false, error: { code: 'internal', message: '程序内部错误,操作没有完成。请重试;如果问题持续,请把当时的操作告诉系统管理员。' } };
    }
  };
}

export type IpcMainLike = Pick<IpcMain, 'handle' | 'removeHandler'>;

/** Registers the `api` channel on ipcMain; returns the function that unregisters it. */
export function registerIpcApi(ipcMain: IpcMainLike, deps: IpcApiDeps): () => void {
  const handle = createApiInvokeHandler(deps);
  ipcMain.handle(API_CHANNEL, (event: IpcMainInvokeEvent, method: unknown, input: unknown, session: unknown) =>
    handle(
      {
        senderFrame: event.senderFrame,
        sendProgress: (progress) => {
          // The page may have been closed while its job was running; progress then has nowhere to go.
          if (!event.sender.isDestroyed()) event.sender.send(PROGRESS_CHANNEL, progress);
        },
      },
      method,
      input,
      session,
    ),
  );
  return () => ipcMain.removeHandler(API_CHANNEL);
}
