import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IpcMainInvokeEvent } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { callApi } from '../db/api';
import type { ProgressEvent } from '../db/context';
import { SessionStore } from '../db/users/sessions';
import { createUser } from '../db/users/service';
import { defaultOperator } from '../db/users/users';
import { openWorkspace, type Workspace } from '../db/workspace/workspace';
import { API_CHANNEL, PROGRESS_CHANNEL, createApiInvokeHandler, registerIpcApi, type IpcMainLike } from './host/ipc';
import { APP_ENTRY_URL } from './security';
import type { SenderFrameLike } from './security';

const appFrame: SenderFrameLike = { url: `${APP_ENTRY_URL}toilets`, parent: null };
const noProgress = () => undefined;

let dir: string;
let ws: Workspace;
let sessions: SessionStore;
/** A session of the built-in administrator, as the page holds it after logging in. */
let adminSession: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sanidesk-ipc-'));
  ws = await openWorkspace(dir);
  sessions = new SessionStore(() => ws.db);
  adminSession = sessions.open(1);
});

afterAll(async () => {
  await ws.db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('api invoke handler', () => {
  it('runs a contract call from the app page on the open workspace', async () => {
    const handle = createApiInvokeHandler({ workspace: () => ws, sessions });
    const result = await handle({ senderFrame: appFrame, sendProgress: noProgress }, 'workspace.info', {}, adminSession);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.data).toMatchObject({ dir, file: ws.file, demo: false, user: { id: 1, role: 'admin' } });
  });

  it('refuses a call without a session, or with an unknown one, as unauthenticated; public methods need none', async () => {
    const handle = createApiInvokeHandler({ workspace: () => ws, sessions });
    for (const session of [undefined, null, '', 'forged-session-id', 42]) {
      const result = await handle({ senderFrame: appFrame, sendProgress: noProgress }, 'workspace.info', {}, session);
      expect(result).toEqual({ ok: false, error: { code: 'unauthenticated', message: expect.stringMatching(/^请先登录/) } });
    }
    const status = await handle({ senderFrame: appFrame, sendProgress: noProgress }, 'auth.status', {});
    expect(status).toMatchObject({ ok: true, data: { setupRequired: true, user: null } });
  });

  it('logs in through the main process\'s session store and runs later calls as that user', async () => {
    const admin = { ws, user: await defaultOperator(ws.db) };
    await createUser(admin, { login: 'ipc-clerk', name: '录入员丙', role: 'clerk', password: 'ipc-clerk-pw' });
    const handle = createApiInvokeHandler({ workspace: () => ws, sessions });
    const login = await handle({ senderFrame: appFrame, sendProgress: noProgress }, 'auth.login', { login: 'ipc-clerk', password: 'ipc-clerk-pw' });
    expect(login).toMatchObject({ ok: true, data: { user: { name: '录入员丙', role: 'clerk', roleLabel: '录入员' } } });
    const session = (login as { ok: true; data: { session: string } }).data.session;
    expect(await sessions.resolve(session)).toMatchObject({ login: 'ipc-clerk' });
    const info = await handle({ senderFrame: appFrame, sendProgress: noProgress }, 'workspace.info', {}, session);
    expect(info).toMatchObject({ ok: true, data: { user: { name: '录入员丙', role: 'clerk' } } });
    const refused = await handle({ senderFrame: appFrame, sendProgress: noProgress }, 'users.list', {}, session);
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('需要系统管理员角色') } });
    expect(await handle({ senderFrame: appFrame, sendProgress: noProgress }, 'auth.logout', {}, session)).toMatchObject({ ok: true });
    expect(await sessions.resolve(session)).toBeNull();
  });

  it('passes contract refusals through unchanged (unknown method, bad input)', async () => {
    const handle = createApiInvokeHandler({ workspace: () => ws, sessions });
    const unknown = await handle({ senderFrame: appFrame, sendProgress: noProgress }, 'toilets.dropAll', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    const invalid = await handle({ senderFrame: appFrame, sendProgress: noProgress }, 'workspace.info', { extra: 1 }, adminSession);
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it.each<[string, SenderFrameLike | null | undefined]>([
    ['a foreign origin', { url: 'https://evil.example/', parent: null }],
    ['a file:// page', { url: 'file:///tmp/page.html', parent: null }],
    ['a missing frame', null],
    ['an undefined frame', undefined],
    ['a subframe of another origin', { url: 'https://evil.example/frame', parent: appFrame }],
    ['a subframe of the app origin', { url: APP_ENTRY_URL, parent: appFrame }],
  ])('refuses %s without reaching the contract', async (_label, senderFrame) => {
    const call = vi.fn<typeof callApi>();
    const log = vi.fn();
    const handle = createApiInvokeHandler({ workspace: () => ws, sessions, call, log });
    const result = await handle({ senderFrame, sendProgress: noProgress }, 'workspace.info', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(call).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledOnce();
  });

  it('refuses a method name that is not a string', async () => {
    const call = vi.fn<typeof callApi>();
    const handle = createApiInvokeHandler({ workspace: () => ws, sessions, call });
    for (const method of [undefined, 42, { toString: () => 'workspace.info' }, ['workspace.info']]) {
      expect(await handle({ senderFrame: appFrame, sendProgress: noProgress }, method, {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    }
    expect(call).not.toHaveBeenCalled();
  });

  it('answers with a workspace error once the workspace is closed', async () => {
    const handle = createApiInvokeHandler({ workspace: () => null, sessions });
    expect(await handle({ senderFrame: appFrame, sendProgress: noProgress }, 'workspace.info', {})).toMatchObject({
      ok: false,
      error: { code: 'workspace' },
    });
  });

  it('gives the call the workspace, the session\'s user and the progress sink', async () => {
    const sendProgress = vi.fn();
    const call = vi.fn<typeof callApi>(async (ctx, method, input) => {
      ctx.progress?.({ job: 'import', label: '导入公厕', done: 1, total: 2 });
      return { ok: true, data: { method, input, ws: ctx.ws.dir, user: ctx.user?.id ?? null, session: ctx.session?.id ?? null } };
    });
    const handle = createApiInvokeHandler({ workspace: () => ws, sessions, call });
    const result = await handle({ senderFrame: appFrame, sendProgress }, 'toilets.list', { page: 1 }, adminSession);
    expect(result).toEqual({ ok: true, data: { method: 'toilets.list', input: { page: 1 }, ws: dir, user: 1, session: adminSession } });
    const anonymous = await handle({ senderFrame: appFrame, sendProgress }, 'toilets.list', { page: 1 }, 'expired');
    expect(anonymous).toMatchObject({ ok: true, data: { user: null, session: null } });
    expect(sendProgress).toHaveBeenCalledWith({ job: 'import', label: '导入公厕', done: 1, total: 2 });
  });
});

describe('ipcMain wiring', () => {
  type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

  function fakeIpcMain() {
    const handlers = new Map<string, Listener>();
    const ipcMain: IpcMainLike = {
      handle: (channel, listener) => {
        handlers.set(channel, listener as Listener);
      },
      removeHandler: (channel) => {
        handlers.delete(channel);
      },
    };
    return { ipcMain, handlers };
  }

  function fakeEvent(senderFrame: SenderFrameLike | null, destroyed = false) {
    const send = vi.fn();
    const event = { senderFrame, sender: { isDestroyed: () => destroyed, send } } as unknown as IpcMainInvokeEvent;
    return { event, send };
  }

  it('registers only the api channel and unregisters it again', () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const unregister = registerIpcApi(ipcMain, { workspace: () => ws, sessions });
    expect([...handlers.keys()]).toEqual([API_CHANNEL]);
    unregister();
    expect(handlers.size).toBe(0);
  });

  it('checks the sender frame of the IPC event and runs the call', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    registerIpcApi(ipcMain, { workspace: () => ws, sessions, log: () => undefined });
    const listener = handlers.get(API_CHANNEL)!;
    const trusted = await listener(fakeEvent(appFrame).event, 'workspace.info', {}, adminSession);
    expect(trusted).toMatchObject({ ok: true });
    const withoutSession = await listener(fakeEvent(appFrame).event, 'workspace.info', {});
    expect(withoutSession).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    const foreign = await listener(fakeEvent({ url: 'https://evil.example/', parent: null }).event, 'workspace.info', {});
    expect(foreign).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('sends progress to the invoking page on the progress channel, unless that page is gone', async () => {
    const progress: ProgressEvent = { job: 'export', label: '导出公厕台账', done: 5, total: 10 };
    const call = vi.fn<typeof callApi>(async (ctx) => {
      ctx.progress?.(progress);
      return { ok: true, data: null };
    });
    const { ipcMain, handlers } = fakeIpcMain();
    registerIpcApi(ipcMain, { workspace: () => ws, sessions, call });
    const listener = handlers.get(API_CHANNEL)!;

    const live = fakeEvent(appFrame);
    await listener(live.event, 'toilets.export', {});
    expect(live.send).toHaveBeenCalledExactlyOnceWith(PROGRESS_CHANNEL, progress);

    const closed = fakeEvent(appFrame, true);
    await listener(closed.event, 'toilets.export', {});
    expect(closed.send).not.toHaveBeenCalled();
  });
});
