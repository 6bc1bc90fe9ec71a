/**
 * LAN mode of the headless host (docs/SECURITY.md › LAN mode): refused unless an administrator allowed it; then
 * other PCs log in without the start token, every non-public call needs their session, the token counts only on
 * this PC, switching the setting off shuts the LAN out at once, and the usual guards (Origin, body limit,
 * lock-out) still hold.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi } from '../../db/api';
import { tempDir, testWorkspace, type TestWorkspace } from '../../db/testing';
import { MAX_BODY_BYTES, startHttpHost, type HttpHost } from './http';

const TOKEN = 'lan-token';
let t: TestWorkspace;
let rendererDir: string;
/** This machine's first non-loopback IPv4 address: requests sent to it arrive from a non-loopback address. */
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

beforeAll(async () => {
  t = await testWorkspace({ demo: true });
  rendererDir = tempDir('sanidesk-renderer-');
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>环卫台账与考评</title>');
});
afterAll(async () => {
  await t.close();
  rmSync(rendererDir, { recursive: true, force: true });
});

async function setLan(allowed: boolean) {
  expect(await callApi(t.ctx, 'settings.update', { lanAllowed: allowed })).toMatchObject({ ok: true });
}

async function post(base: string, method: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { ok: boolean; data?: any; error?: { code: string; message: string } } };
}

describe('LAN mode off (the default)', () => {
  it('refuses to bind anything but loopback, even when asked, and names how an administrator allows it', async () => {
    for (const host of ['0.0.0.0', '::', ...(lanAddress ? [lanAddress] : [])]) {
      await expect(startHttpHost({ ws: t.ctx.ws, rendererDir, host, token: TOKEN })).rejects.toMatchObject({
        code: 'forbidden',
        message: expect.stringContaining('局域网访问未开启'),
      });
    }
    const local = await startHttpHost({ ws: t.ctx.ws, rendererDir, host: '127.0.0.1', token: TOKEN });
    try {
      expect(local.lan).toBe(false);
      expect(local.lanUrls).toEqual([]);
      expect((await post(local.url, 'auth.status', {})).status).toBe(401);
      expect((await post(local.url, 'auth.status', {}, { 'X-SaniDesk-Token': TOKEN })).status).toBe(200);
    } finally {
      await local.close();
    }
  });

  it('refuses a request whose Host header names another site (DNS rebinding)', async () => {
    const local = await startHttpHost({ ws: t.ctx.ws, rendererDir, token: TOKEN });
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port: local.port, path: '/api/auth.status', method: 'POST', headers: { Host: `evil.example:${local.port}`, 'X-SaniDesk-Token': TOKEN } },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end('{}');
      });
      expect(status).toBe(403);
    } finally {
      await local.close();
    }
  });
});

describe('LAN mode on', () => {
  let host: HttpHost;
  beforeAll(async () => {
    await setLan(true);
    host = await startHttpHost({ ws: t.ctx.ws, rendererDir, host: '0.0.0.0', token: TOKEN });
  });
  afterAll(async () => {
    await host.close();
    await setLan(false);
  });

  it('binds every address and lists the ones other PCs open', () => {
    expect(host.lan).toBe(true);
    expect(host.url).toBe(`http://127.0.0.1:${host.port}`);
    if (lanAddress) expect(host.lanUrls).toContain(`http://${lanAddress}:${host.port}/`);
  });

  it('answers a request with neither token nor session only for the login: anything else is 401', async () => {
    for (const method of ['toilets.list', 'workspace.info', 'users.list', 'backups.restore', 'no.such.method']) {
      const { status, body } = await post(host.url, method, {});
      expect({ method, status, code: body.error?.code }).toEqual({ method, status: 401, code: 'unauthenticated' });
      expect(body.error!.message).toMatch(/^请先登录/);
    }
    expect(await post(host.url, 'auth.status', {})).toMatchObject({ status: 200, body: { ok: true, data: { user: null } } });
    // Setting the first administrator password stays with the operator at this PC.
    expect((await post(host.url, 'auth.setup', { password: 'a-new-password' })).status).toBe(401);
  });

  it('logs in without the token; the session then works, and logging out ends it', async () => {
    const login = await post(host.url, 'auth.login', { login: 'luru', password: 'demo1234' });
    expect(login).toMatchObject({ status: 200, body: { ok: true, data: { user: { login: 'luru' } } } });
    const session = { 'X-SaniDesk-Session': login.body.data.session as string };
    expect(await post(host.url, 'toilets.get', { id: 1 }, session)).toMatchObject({ status: 200, body: { data: { id: 1 } } });
    expect((await post(host.url, 'users.list', {}, session)).status).toBe(403);
    expect((await post(host.url, 'auth.logout', {}, session)).status).toBe(200);
    expect((await post(host.url, 'toilets.get', { id: 1 }, session)).status).toBe(401);
  });

  it('the token alone, without a session, works for the public methods only', async () => {
    const token = { 'X-SaniDesk-Token': TOKEN };
    expect((await post(host.url, 'auth.status', {}, token)).status).toBe(200);
    expect((await post(host.url, 'toilets.list', {}, token)).status).toBe(401);
    const admin = { ...token, 'X-SaniDesk-Session': host.sessions.open(1) };
    expect((await post(host.url, 'users.list', {}, admin)).status).toBe(200);
  });

  it.runIf(lanAddress)('honours the token only on this PC: from a LAN address it opens nothing', async () => {
    const lanBase = `http://${lanAddress}:${host.port}`;
    const operator = { 'X-SaniDesk-Token': TOKEN, 'X-SaniDesk-Session': host.sessions.open(1) };
    const here = await post(host.url, 'events/ticket', {}, operator);
    expect(here.status).toBe(200);
    // A ticket is redeemed only from the address it was issued to.
    expect((await fetch(`${lanBase}/api/events?ticket=${here.body.data.ticket}`)).status).toBe(401);
    expect((await post(lanBase, 'events/ticket', {}, { 'X-SaniDesk-Token': TOKEN })).status).toBe(401);
    // The first-start setup is refused from the LAN even with the token.
    expect((await post(lanBase, 'auth.setup', { password: 'a-new-password' }, { 'X-SaniDesk-Token': TOKEN })).status).toBe(401);
    const login = await post(lanBase, 'auth.login', { login: 'shenhe', password: 'demo1234' });
    const session = login.body.data.session as string;
    expect((await post(lanBase, 'workspace.info', {}, { 'X-SaniDesk-Session': session })).body.data.user.name).toBe('李审核');
    // A LAN client gets its own progress: a ticket for its session (no token), then the stream.
    expect((await fetch(`${lanBase}/api/events?session=${encodeURIComponent(session)}`)).status).toBe(401);
    const ticket = await post(lanBase, 'events/ticket', {}, { 'X-SaniDesk-Session': session });
    expect(ticket.status).toBe(200);
    const events = await fetch(`${lanBase}/api/events?ticket=${ticket.body.data.ticket}`);
    expect(events.status).toBe(200);
    await events.body?.cancel();
  });

  it('keeps the Origin check, the body limit and the lock-out for LAN callers', async () => {
    expect((await post(host.url, 'auth.status', {}, { Origin: 'http://evil.example' })).status).toBe(403);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: host.port, path: '/api/auth.login', method: 'POST', headers: { 'Content-Length': String(MAX_BODY_BYTES + 1) } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.write('{');
    });
    expect(status).toBe(413);
    let last = '';
    for (let i = 0; i < 5; i += 1) last = (await post(host.url, 'auth.login', { login: 'lingdao', password: `wrong-${i}` })).body.error!.message;
    expect(last).toContain('锁定');
    expect((await post(host.url, 'auth.login', { login: 'lingdao', password: 'demo1234' })).status).toBe(401);
  });

  it('switching the setting off shuts the LAN out at once; the operator at this PC keeps working', async () => {
    const login = await post(host.url, 'auth.login', { login: 'admin', password: 'demo1234' });
    const session = { 'X-SaniDesk-Session': login.body.data.session as string };
    const ticket = (await post(host.url, 'events/ticket', {}, session)).body.data.ticket as string;
    await setLan(false);
    try {
      const refused = await post(host.url, 'toilets.get', { id: 1 }, session);
      expect(refused.status).toBe(403);
      expect(refused.body.error!.message).toContain('已关闭局域网访问');
      // A stream ticket a LAN client got before no longer opens a stream either.
      expect((await fetch(`${host.url}/api/events?ticket=${ticket}`)).status).toBe(403);
      expect((await post(host.url, 'events/ticket', {}, session)).status).toBe(403);
      expect((await post(host.url, 'auth.status', {})).status).toBe(403);
      expect((await post(host.url, 'toilets.get', { id: 1 }, { ...session, 'X-SaniDesk-Token': TOKEN })).status).toBe(200);
    } finally {
      await setLan(true);
    }
  });
});
