/**
 * The contract through the headless host: the documented error for each way a call can be wrong, and
 * nothing written by any refused call.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableCounts, tempDir, testWorkspace, type TestWorkspace } from '../../db/testing';
import { MAX_BODY_BYTES, startHttpHost, type HttpHost } from './http';

let t: TestWorkspace;
let host: HttpHost;
let rendererDir: string;
/** The administrator's session, opened on the host's own store as a login would. */
let adminSession: string;

beforeAll(async () => {
  t = await testWorkspace({ demo: true });
  rendererDir = tempDir('sanidesk-renderer-');
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>环卫台账与考评</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  host = await startHttpHost({ ws: t.ctx.ws, rendererDir, token: 'test-token' });
  adminSession = host.sessions.open(1);
});
afterAll(async () => {
  await host.close();
  await t.close();
  rmSync(rendererDir, { recursive: true, force: true });
});

async function post(path: string, body: unknown, headers: Record<string, string> = { 'X-SaniDesk-Token': 'test-token', 'X-SaniDesk-Session': adminSession }) {
  const res = await fetch(`${host.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { ok: boolean; data?: any; error?: any } };
}

/** A raw GET that does not normalise `..` in the path the way fetch does. */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HTTP host contract', () => {
  it('runs a valid call', async () => {
    const { status, body } = await post('/api/toilets.get', { id: 1 });
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, data: { id: 1, code: 'GC-001' } });
  });

  it('refuses an unknown method with unknown_method and writes nothing', async () => {
    const before = await tableCounts(t.ctx);
    const { status, body } = await post('/api/toilets.explode', { id: 1 });
    expect(status).toBe(404);
    expect(body).toEqual({ ok: false, error: { code: 'unknown_method', message: '没有名为“toilets.explode”的接口方法' } });
    expect(await tableCounts(t.ctx)).toEqual(before);
  });

  it('refuses a call without the token, or with a wrong one, and writes nothing', async () => {
    const before = await tableCounts(t.ctx);
    const missing = await post('/api/toilets.delete', { id: 1 }, {});
    const wrong = await post('/api/toilets.delete', { id: 1 }, { 'X-SaniDesk-Token': 'guess' });
    for (const r of [missing, wrong]) {
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('unauthenticated');
      expect(r.body.error.message).toMatch(/令牌/);
    }
    expect(await tableCounts(t.ctx)).toEqual(before);
  });

  it('refuses a non-public method without a valid session (401 unauthenticated) and writes nothing', async () => {
    const before = await tableCounts(t.ctx);
    const missing = await post('/api/toilets.delete', { id: 1 }, { 'X-SaniDesk-Token': 'test-token' });
    const forged = await post('/api/toilets.delete', { id: 1 }, { 'X-SaniDesk-Token': 'test-token', 'X-SaniDesk-Session': 'forged' });
    for (const r of [missing, forged]) {
      expect(r.status).toBe(401);
      expect(r.body.error).toEqual({ code: 'unauthenticated', message: expect.stringMatching(/^请先登录/) });
    }
    expect(await tableCounts(t.ctx)).toEqual(before);
  });

  it('logs in with the demo password, runs calls as that user, and logs out', async () => {
    const token = { 'X-SaniDesk-Token': 'test-token' };
    const status = await post('/api/auth.status', {}, token);
    expect(status.body).toEqual({ ok: true, data: { setupRequired: false, demo: true, workspaceName: t.ctx.ws.name, user: null } });
    const login = await post('/api/auth.login', { login: 'luru', password: 'demo1234' }, token);
    expect(login.status).toBe(200);
    expect(login.body.data.user).toEqual({ id: expect.any(Number), login: 'luru', name: '张录入', role: 'clerk', roleLabel: '录入员' });
    const session = { ...token, 'X-SaniDesk-Session': login.body.data.session as string };
    expect((await post('/api/auth.status', {}, session)).body.data.user).toMatchObject({ login: 'luru' });
    expect((await post('/api/workspace.info', {}, session)).body.data.user).toMatchObject({ name: '张录入', roleLabel: '录入员' });
    const refused = await post('/api/users.list', {}, session);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('需要系统管理员角色');
    expect((await post('/api/auth.logout', {}, session)).status).toBe(200);
    expect((await post('/api/workspace.info', {}, session)).status).toBe(401);
  });

  it('refuses a wrong password with 401 and the reason, and opens no session', async () => {
    const sessionsBefore = host.sessions.size;
    const wrong = await post('/api/auth.login', { login: 'shenhe', password: 'wrong-password' }, { 'X-SaniDesk-Token': 'test-token' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('unauthenticated');
    expect(wrong.body.error.message).toContain('用户名或密码不正确');
    expect(host.sessions.size).toBe(sessionsBefore);
  });

  it('refuses schema-invalid input with invalid_input naming each field, and writes nothing', async () => {
    const before = await tableCounts(t.ctx);
    const { status, body } = await post('/api/toilets.update', { id: -4, version: '1', patch: { name: 5n.toString() }, sneaky: true });
    expect(status).toBe(400);
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.fields).toMatchObject({ id: '不能小于 0', version: '应为数字', sneaky: '不认识的字段,请删除' });
    expect(body.error.message).toMatch(/^请求参数有误/);
    expect(await tableCounts(t.ctx)).toEqual(before);
  });

  it('refuses a body that is not JSON', async () => {
    const { status, body } = await post('/api/toilets.list', '{not json');
    expect(status).toBe(400);
    expect(body.error).toEqual({ code: 'invalid_input', message: '请求内容不是有效的 JSON' });
  });

  it('returns validation errors of business rules with their fields, and the row stays as it was', async () => {
    const before = await post('/api/toilets.get', { id: 1 });
    const { status, body } = await post('/api/toilets.update', { id: 1, version: before.body.data.version, patch: { class: 4 } });
    expect(status).toBe(422);
    expect(body.error).toMatchObject({ code: 'validation', fields: { class: expect.stringContaining('一类') } });
    expect((await post('/api/toilets.get', { id: 1 })).body.data).toEqual(before.body.data);
  });

  it('refuses requests from pages of other origins (no CORS)', async () => {
    const { status, body } = await post('/api/toilets.list', {}, { 'X-SaniDesk-Token': 'test-token', Origin: 'http://evil.example' });
    expect(status).toBe(403);
    expect(body.error.code).toBe('forbidden');
  });

  it('refuses a body over the size limit before reading it', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: host.port,
          path: '/api/toilets.list',
          method: 'POST',
          headers: { 'X-SaniDesk-Token': 'test-token', 'Content-Length': String(MAX_BODY_BYTES + 1) },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.write('{');
    });
    expect(status).toBe(413);
  });

  it('serves the renderer with the CSP, falls back to index.html, and refuses paths outside the renderer folder', async () => {
    const page = await fetch(`${host.url}/toilets`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('环卫台账与考评');
    expect((await fetch(`${host.url}/assets/app.js`)).status).toBe(200);
    expect((await fetch(`${host.url}/assets/missing.js`)).status).toBe(404);
    for (const path of ['/../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2fpackage.json']) {
      const res = await rawGet(path);
      expect(res.body).not.toContain('"name"');
      expect(res.body).not.toContain('root:');
    }
  });

  it('streams progress events to holders of the token and a session only (electron/host/events.test.ts has the rest)', async () => {
    expect((await fetch(`${host.url}/api/events`)).status).toBe(401);
    expect((await fetch(`${host.url}/api/events?token=test-token`)).status).toBe(401);
    expect((await post('/api/events/ticket', {}, { 'X-SaniDesk-Session': adminSession })).status).toBe(401);
    const { status, body } = await post('/api/events/ticket', {});
    expect(status).toBe(200);
    const controller = new AbortController();
    const res = await fetch(`${host.url}/api/events?ticket=${body.data.ticket}`, { signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    controller.abort();
  });
});
