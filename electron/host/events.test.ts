/**
 * The headless host's progress streams (docs/SECURITY.md › Headless host): a stream is opened with a one-time
 * ticket from an authenticated POST, belongs to that login session, gets only the progress of that session's
 * calls, and ends when the session does (logout, idle timeout).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UNAUTHENTICATED_MESSAGE } from '../../db/contract';
import type { ProgressEvent } from '../../db/context';
import { tempDir, testWorkspace, type TestWorkspace } from '../../db/testing';
import { SESSION_IDLE_MS, SessionStore } from '../../db/users/sessions';
import { startHttpHost, type HttpHost } from './http';

const TOKEN = 'events-token';
let t: TestWorkspace;
let rendererDir: string;
let host: HttpHost;
/** The host's clock: the idle timeout is tested by moving it forward. */
let clock = Date.now();
const opened: Stream[] = [];

beforeAll(async () => {
  t = await testWorkspace({ demo: true });
  rendererDir = tempDir('sanidesk-renderer-');
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>环卫台账与考评</title>');
  host = await startHttpHost({ ws: t.ctx.ws, rendererDir, token: TOKEN, sessions: new SessionStore(t.ctx.ws.db, { now: () => clock }) });
});
afterEach(() => {
  for (const stream of opened.splice(0)) stream.cancel();
});
afterAll(async () => {
  await host.close();
  await t.close();
  rmSync(rendererDir, { recursive: true, force: true });
});

async function post(path: string, body: unknown, session?: string, token = TOKEN) {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-SaniDesk-Token': token };
  if (session) headers['X-SaniDesk-Session'] = session;
  const res = await fetch(`${host.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { ok: boolean; data?: any; error?: { code: string; message: string } } };
}

async function login(name: string): Promise<string> {
  const { body } = await post('/api/auth.login', { login: name, password: 'demo1234' });
  expect(body.ok).toBe(true);
  return body.data.session as string;
}

async function ticketFor(session: string): Promise<string> {
  const { status, body } = await post('/api/events/ticket', {}, session);
  expect(status).toBe(200);
  return body.data.ticket as string;
}

interface Stream {
  events: ProgressEvent[];
  /** Reads on until an event matches; returns the events read so far. */
  until(match: (event: ProgressEvent) => boolean): Promise<ProgressEvent[]>;
  /** Reads on until the host ends the stream (true), or throws if it sends progress first. */
  ended(): Promise<true>;
  cancel(): void;
}

/** Opens the session's progress stream the way the console does: a ticket, then GET /api/events?ticket=. */
async function openStream(session: string): Promise<Stream> {
  const res = await fetch(`${host.url}/api/events?ticket=${encodeURIComponent(await ticketFor(session))}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: ProgressEvent[] = [];
  let buffered = '';
  /** One more chunk into `events`; false once the stream is over. */
  const readMore = async (): Promise<boolean> => {
    const { done, value } = await reader.read();
    if (done) return false;
    buffered += decoder.decode(value, { stream: true });
    for (let end = buffered.indexOf('\n\n'); end >= 0; end = buffered.indexOf('\n\n')) {
      const data = /^data: (.*)$/m.exec(buffered.slice(0, end));
      buffered = buffered.slice(end + 2);
      if (data) events.push(JSON.parse(data[1]) as ProgressEvent);
    }
    return true;
  };
  const stream: Stream = {
    events,
    async until(match) {
      while (!events.some(match)) if (!(await readMore())) throw new Error('the stream ended before the event came');
      return events;
    },
    async ended() {
      const before = events.length;
      while (await readMore()) if (events.length > before) throw new Error(`progress after the end: ${JSON.stringify(events.slice(before))}`);
      return true;
    },
    cancel: () => void reader.cancel().catch(() => undefined),
  };
  opened.push(stream);
  return stream;
}

const csv = (code: string) =>
  Buffer.from(
    ['公厕编号,公厕名称,所属街道,社区(村),地址,建筑形式,公厕类别,开放时间', `${code},进度测试公厕,城关街道,和平社区,人民路1号,独立式,二类,06:00-22:00`].join('\n'),
    'utf8',
  ).toString('base64');
const finished = (job: string) => (e: ProgressEvent) => e.job === job && e.done === e.total && e.total > 0;

describe('progress streams belong to one login session', () => {
  it("delivers a session's progress to its own stream only", async () => {
    const clerk = await login('luru');
    const admin = await login('admin');
    const clerkStream = await openStream(clerk);
    const adminStream = await openStream(admin);

    const imported = await post('/api/import.commit', { ledger: 'toilets', fileName: '张录入的公厕.csv', base64: csv('PG-01'), mapping: {} }, clerk);
    expect(imported.body).toMatchObject({ ok: true, data: { added: 1 } });
    await clerkStream.until(finished('import.commit'));

    expect(await post('/api/backups.create', {}, admin)).toMatchObject({ status: 200, body: { ok: true } });
    // Each stream is in order: had the import reached the administrator, it would come before the backup.
    const adminEvents = await adminStream.until(finished('backups.create'));
    expect(adminEvents.map((e) => e.job)).toEqual(adminEvents.map(() => 'backups.create'));

    // And the clerk's next job shows that nothing of the administrator's backup came in between.
    await post('/api/import.commit', { ledger: 'toilets', fileName: '张录入的公厕.csv', base64: csv('PG-02'), mapping: {} }, clerk);
    const clerkEvents = await clerkStream.until(() => clerkStream.events.filter(finished('import.commit')).length === 2);
    expect(new Set(clerkEvents.map((e) => e.job))).toEqual(new Set(['import.commit']));
  });

  it('two streams of the same session both get its progress', async () => {
    const admin = await login('admin');
    const [first, second] = [await openStream(admin), await openStream(admin)];
    await post('/api/backups.create', {}, admin);
    await first.until(finished('backups.create'));
    await second.until(finished('backups.create'));
  });

  it('refuses a stream without a valid ticket, with a Chinese message', async () => {
    const admin = await login('admin');
    const refused = async (query: string) => {
      const res = await fetch(`${host.url}/api/events${query}`);
      expect(res.status).toBe(401);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('unauthenticated');
      expect(body.error.message).toMatch(/登录/);
    };
    await refused('');
    await refused('?ticket=made-up');
    // Neither the start token nor the session opens a stream from the address any more.
    await refused(`?token=${TOKEN}`);
    await refused(`?session=${encodeURIComponent(admin)}`);
    // A ticket opens one stream, once.
    const ticket = await ticketFor(admin);
    const first = await fetch(`${host.url}/api/events?ticket=${ticket}`);
    expect(first.status).toBe(200);
    await first.body?.cancel();
    await refused(`?ticket=${ticket}`);
  });

  it('issues tickets only to a caller with the token and a login session', async () => {
    const admin = await login('admin');
    expect(await post('/api/events/ticket', {})).toMatchObject({ status: 401, body: { error: { code: 'unauthenticated', message: UNAUTHENTICATED_MESSAGE } } });
    expect(await post('/api/events/ticket', {}, 'forged-session')).toMatchObject({ status: 401, body: { error: { message: UNAUTHENTICATED_MESSAGE } } });
    expect(await post('/api/events/ticket', {}, admin, 'wrong-token')).toMatchObject({ status: 401, body: { error: { message: expect.stringContaining('令牌') } } });
    expect((await fetch(`${host.url}/api/events/ticket`)).status).toBe(405);
  });

  it('refuses a ticket whose session ended before it was redeemed', async () => {
    const clerk = await login('luru');
    const ticket = await ticketFor(clerk);
    await post('/api/auth.logout', {}, clerk);
    expect((await fetch(`${host.url}/api/events?ticket=${ticket}`)).status).toBe(401);
  });

  it("ends a stream when its session logs out, and leaves the others' open", async () => {
    const clerk = await login('luru');
    const admin = await login('admin');
    const clerkStream = await openStream(clerk);
    const adminStream = await openStream(admin);
    expect(await post('/api/auth.logout', {}, clerk)).toMatchObject({ status: 200 });
    expect(await clerkStream.ended()).toBe(true);
    await post('/api/backups.create', {}, admin);
    await adminStream.until(finished('backups.create'));
  });

  it('ends a stream when its user is deactivated', async () => {
    const admin = await login('admin');
    const supervisor = await login('shenhe');
    const stream = await openStream(supervisor);
    const user = (await post('/api/users.list', {}, admin)).body.data.find((u: { login: string }) => u.login === 'shenhe');
    expect(await post('/api/users.update', { id: user.id, version: user.version, patch: { active: false } }, admin)).toMatchObject({ status: 200 });
    expect(await stream.ended()).toBe(true);
  });

  it('does not keep its session alive: an idle session ends, and its stream with it', async () => {
    const clerk = await login('luru');
    const stream = await openStream(clerk);
    clock += SESSION_IDLE_MS + 1;
    // Any request makes the host look at its streams (and the keep-alive does every 15 seconds).
    expect((await post('/api/auth.status', {})).status).toBe(200);
    expect(await stream.ended()).toBe(true);
    expect((await post('/api/toilets.list', {}, clerk)).status).toBe(401);
  });
});
