/**
 * Roles through the headless host, for EVERY method of the contract table (methods added later are covered
 * without touching this file): without a session each non-public method answers 401 `unauthenticated`; each
 * method that needs more than a login refuses a user of the role just below with 403 `forbidden`, a Chinese
 * message naming the role it needs, and nothing appended to the audit log.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../../db/api';
import type { MethodDef } from '../../db/contract';
import { tempDir, testWorkspace, userWithRole, type TestWorkspace } from '../../db/testing';
import { ROLE_LABELS, ROLES, roleAllows, roleBelow, type Role } from '../../db/users/roles';
import { ROLE_LABEL, ROLE_ORDER, roleAtLeast } from '../../renderer/src/app/roles';
import { startHttpHost, type HttpHost } from './http';

let t: TestWorkspace;
let host: HttpHost;
let rendererDir: string;
const TOKEN = 'roles-token';

const methods = Object.entries(api) as Array<[string, MethodDef]>;

beforeAll(async () => {
  t = await testWorkspace({ demo: true });
  rendererDir = tempDir('sanidesk-renderer-');
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');
  host = await startHttpHost({ ws: t.ctx.ws, rendererDir, token: TOKEN });
});
afterAll(async () => {
  await host.close();
  await t.close();
  rmSync(rendererDir, { recursive: true, force: true });
});

async function post(method: string, session: string | null, body: unknown = {}) {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-SaniDesk-Token': TOKEN };
  if (session) headers['X-SaniDesk-Session'] = session;
  const res = await fetch(`${host.url}/api/${method}`, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { ok: boolean; error?: { code: string; message: string } } };
}

async function auditCount(): Promise<number> {
  return (await t.ctx.ws.db.read.get<{ n: number }>('SELECT count(*) AS n FROM audit_log'))!.n;
}

describe('every method of the contract', () => {
  it('refuses a caller without a session with 401 unauthenticated (only auth.status/login/setup are public)', async () => {
    const before = await auditCount();
    for (const [name, def] of methods) {
      const { status, body } = await post(name, null);
      if (def.role === 'public') {
        expect(status, name).not.toBe(401);
        continue;
      }
      expect({ name, status, error: body.error }).toEqual({
        name,
        status: 401,
        error: { code: 'unauthenticated', message: expect.stringMatching(/^请先登录/) },
      });
    }
    expect(await auditCount()).toBe(before);
  });

  it('refuses a session that is forged or closed like no session at all', async () => {
    const closed = host.sessions.open(1);
    host.sessions.close(closed);
    for (const session of ['forged-session', closed]) {
      expect((await post('workspace.info', session)).status).toBe(401);
    }
  });

  it('refuses each method needing more than a login to a user of the next-lower role, naming the role needed, and logs nothing', async () => {
    const sessions = {} as Record<Role, string>;
    for (const role of ROLES) sessions[role] = host.sessions.open((await userWithRole(t.ctx, role)).id);
    let checked = 0;
    for (const [name, def] of methods) {
      if (def.role === 'public' || def.role === 'reader') continue;
      const lower = roleBelow(def.role);
      // Every user has at least the clerk role: a clerk method has no logged-in caller below it (the 401 test covers nobody).
      if (!lower) continue;
      const before = await auditCount();
      const { status, body } = await post(name, sessions[lower]);
      expect({ name, status, code: body.error?.code }).toEqual({ name, status: 403, code: 'forbidden' });
      expect(body.error!.message, name).toContain(`需要${ROLE_LABELS[def.role]}角色`);
      expect(body.error!.message, name).toMatch(/[\u4e00-\u9fff]/);
      expect(await auditCount(), name).toBe(before);
      checked += 1;
    }
    // The user screen's methods alone are four administrator methods; the walk must have reached them.
    expect(checked).toBeGreaterThanOrEqual(methods.filter(([n]) => n.startsWith('users.')).length);
  });

  it('lets a user of the method\'s own role past the role check', async () => {
    for (const [name, def] of methods) {
      if (def.role === 'public' || def.role === 'reader') continue;
      const session = host.sessions.open((await userWithRole(t.ctx, def.role)).id);
      // Input that is not an object: the role check passes and the schema refuses it, so no handler runs.
      const { status, body } = await post(name, session, 'role-probe');
      expect({ name, status, code: body.error?.code }).toEqual({ name, status: 400, code: 'invalid_input' });
      host.sessions.close(session);
    }
  });
});

describe('the renderer\'s copy of the roles', () => {
  it('has the same order, labels and rule as db/users/roles.ts (the renderer may not import it at runtime)', () => {
    expect(ROLE_ORDER).toEqual(ROLES);
    expect(ROLE_LABEL).toEqual(ROLE_LABELS);
    for (const user of ROLES) for (const least of ROLES) expect(roleAtLeast(user, least)).toBe(roleAllows(user, least));
  });
});
