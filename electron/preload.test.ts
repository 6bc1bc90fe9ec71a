import { beforeEach, describe, expect, it, vi } from 'vitest';
import { API_CHANNEL, PROGRESS_CHANNEL } from './host/ipc';

// The real 'electron' module would try to download the binary; the preload only needs these two objects.
const electron = vi.hoisted(() => {
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  return {
    listeners,
    exposeInMainWorld: vi.fn(),
    invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, data: 'from main' })),
    on: vi.fn((channel: string, listener: (...args: unknown[]) => void) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
    }),
    removeListener: vi.fn((channel: string, listener: (...args: unknown[]) => void) => {
      listeners.get(channel)?.delete(listener);
    }),
  };
});

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: electron.exposeInMainWorld },
  ipcRenderer: { invoke: electron.invoke, on: electron.on, removeListener: electron.removeListener },
}));

interface Bridge {
  api(method: string, input?: unknown, session?: string | null): Promise<unknown>;
  onProgress(listener: (event: unknown) => void): () => void;
}

async function loadBridge(): Promise<Bridge> {
  vi.resetModules();
  electron.exposeInMainWorld.mockClear();
  await import('./preload');
  expect(electron.exposeInMainWorld).toHaveBeenCalledOnce();
  const [key, bridge] = electron.exposeInMainWorld.mock.calls[0] as [string, Bridge];
  expect(key).toBe('sanidesk');
  return bridge;
}

describe('preload bridge', () => {
  beforeEach(() => {
    electron.listeners.clear();
    electron.invoke.mockClear();
  });

  it('exposes exactly api and onProgress as window.sanidesk, nothing of ipcRenderer', async () => {
    const bridge = await loadBridge();
    expect(Object.keys(bridge).sort()).toEqual(['api', 'onProgress']);
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
    expect(Object.values(bridge)).not.toContain(electron.invoke);
    expect(Object.values(bridge)).not.toContain(electron.on);
  });

  it('api invokes the api channel the IPC host listens on, with the login session as the third argument', async () => {
    const bridge = await loadBridge();
    await expect(bridge.api('toilets.list', { page: 1 }, 'session-1')).resolves.toEqual({ ok: true, data: 'from main' });
    expect(electron.invoke).toHaveBeenCalledExactlyOnceWith(API_CHANNEL, 'toilets.list', { page: 1 }, 'session-1');
    electron.invoke.mockClear();
    await bridge.api('auth.status', {});
    expect(electron.invoke).toHaveBeenCalledExactlyOnceWith(API_CHANNEL, 'auth.status', {}, null);
  });

  it('onProgress delivers progress events without the IPC event, and unsubscribes', async () => {
    const bridge = await loadBridge();
    const received: unknown[][] = [];
    const unsubscribe = bridge.onProgress((...args) => received.push(args));
    const subscribed = electron.listeners.get(PROGRESS_CHANNEL);
    expect(subscribed?.size).toBe(1);

    const ipcEvent = { sender: 'ipcRenderer must not leak' };
    const progress = { job: 'import', label: '导入', done: 3, total: 9 };
    for (const listener of subscribed!) listener(ipcEvent, progress);
    expect(received).toEqual([[progress]]);

    unsubscribe();
    expect(electron.listeners.get(PROGRESS_CHANNEL)?.size).toBe(0);
  });
});
