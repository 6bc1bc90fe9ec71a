/** Test support: a fresh workspace in its own temp folder, a real SQLite file, removed afterwards. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Ctx } from './context';
import { loadDemoDistrict } from './demo/demo';
import { DEMO_LOGIN_BY_ROLE } from './users/demo';
import { ROLE_LABELS, type Role } from './users/roles';
import { createUser } from './users/service';
import { defaultOperator, getUser, type User } from './users/users';
import { openWorkspace } from './workspace/workspace';

export interface TestWorkspace {
  dir: string;
  /** The built-in administrator's context (id 1): what most tests act as. */
  ctx: Ctx;
  close(): Promise<void>;
}

export function tempDir(prefix = 'sanidesk-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function testWorkspace(options: { demo?: boolean } = {}): Promise<TestWorkspace> {
  const dir = tempDir();
  const ws = await openWorkspace(dir);
  const ctx: Ctx = { ws, user: await defaultOperator(ws.db) };
  if (options.demo) await loadDemoDistrict(ctx);
  return {
    dir,
    ctx,
    close: async () => {
      await ws.db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The password of users that `userWithRole` creates. */
export const TEST_PASSWORD = 'test-password-1';

/**
 * An active user of the role: the demo user of that role when the workspace has one (luru, shenhe, lingdao,
 * admin), otherwise a user `test-<role>` created by the administrator with TEST_PASSWORD.
 */
export async function userWithRole(base: Ctx, role: Role): Promise<User> {
  const db = base.ws.db;
  const demo = await db.read.get<{ id: number }>("SELECT id FROM users WHERE lower(login) = ? AND role = ? AND active = 1", [DEMO_LOGIN_BY_ROLE[role], role]);
  const existing = demo ?? (await db.read.get<{ id: number }>('SELECT id FROM users WHERE role = ? AND active = 1 ORDER BY id LIMIT 1', [role]));
  if (existing) return (await getUser(db, existing.id))!;
  const admin: Ctx = { ...base, user: await defaultOperator(db) };
  const created = await createUser(admin, { login: `test-${role}`, name: `测试${ROLE_LABELS[role]}`, role, password: TEST_PASSWORD });
  return (await getUser(db, created.id))!;
}

/** The same workspace, acting as a user of the role (see userWithRole). */
export async function ctxAs(base: Ctx, role: Role): Promise<Ctx> {
  return { ...base, user: await userWithRole(base, role) };
}

/** Row counts of the tables a refused call must leave alone. */
export async function tableCounts(ctx: Ctx): Promise<Record<string, number>> {
  const tables = ['toilets', 'streets', 'communities', 'audit_log', 'audit_refs', 'users', 'meta'];
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = (await ctx.ws.db.read.get<{ n: number }>(`SELECT count(*) AS n FROM ${t}`))!.n;
  return out;
}
