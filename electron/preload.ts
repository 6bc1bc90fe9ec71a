/**
 * The preload of every SaniDesk window. It runs sandboxed (webPreferences.sandbox), so it is CommonJS and may
 * require nothing but 'electron'; the channel names are therefore spelled here rather than imported from
 * electron/host/ipc.ts (a unit test checks that both agree).
 *
 * It exposes exactly two functions as `window.sanidesk` and never ipcRenderer itself, so the page can call the
 * contract and listen to progress, and nothing else in the main process.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ApiResult, ProgressEvent } from '../db/api';

/** What the renderer finds on `window.sanidesk` when it runs inside Electron. */
export interface SaniDeskBridge {
  /**
   * One contract call (db/api.ts) with the caller's login session (from auth.login; omitted before login);
   * resolves with `{ ok, data }` or `{ ok: false, error }`, never rejects on a refusal.
   */
  api(method: string, input?: unknown, session?: string | null): Promise<ApiResult<unknown>>;
  /** Subscribes to progress events of long jobs; returns the function that unsubscribes. */
  onProgress(listener: (event: ProgressEvent) => void): () => void;
}

const API_CHANNEL = 'api';
const PROGRESS_CHANNEL = 'progress';

const bridge: SaniDeskBridge = {
  api: (method, input, session) => ipcRenderer.invoke(API_CHANNEL, method, input, session ?? null),
  onProgress: (listener) => {
    // The IpcRendererEvent is dropped: its `sender` is ipcRenderer, which must not reach the page.
    const forward = (_event: IpcRendererEvent, progress: ProgressEvent) => listener(progress);
    ipcRenderer.on(PROGRESS_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(PROGRESS_CHANNEL, forward);
    };
  },
};

contextBridge.exposeInMainWorld('sanidesk', bridge);
