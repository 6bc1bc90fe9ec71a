/**
 * Users, passwords, lock-out and sessions on a real workspace file: what is stored (never a password), what
 * the audit log says (who, never a hash), and which changes the rules refuse.
 */
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { callApi } from '../api';
import { verifyAudit } from '../audit/audit';
import type { Ctx } from '../context';
import { MIGRATIONS } from '../migrations';
import { Database } from '../sqlite';
import { ctxAs, tableCounts, tempDir, testWorkspace, userWithRole, type TestWorkspace } from '../testing';
import { APPLICATION_ID, DB_FILE_NAME, openWorkspace } from '../workspace/workspace';
import { DEMO_PASSWORD, DEMO_USERS } from './demo';
import { hashPassword, passwordProblem, SCRYPT_PARAMS, verifyPassword } from './password';
import {
  changeOwnPassword,
  checkLogin,
  createUser,
  LOCKOUT_MS,
  listUsers,
  MAX_FAILED_LOGINS,
  resetPassword,
  setupAdministrator,
  setupRequired,
  updateUser,
} from './service';
import { SESSION_IDLE_MS, SessionStore } from './sessions';

async function auditRows(ctx: Ctx, method?: string) {
  return ctx.ws.db.read.all<{ user_id: number; user_name: string; method: string; entity_id: number; before: string | null; after: string | null; reason: string | null }>(
    `SELECT user_id, user_name, method, entity_id, before, after, reason FROM audit_log ${method ? 'WHERE method = ?' : ''} ORDER BY id`,
    method ? [method] : [],
  );
}

async function storedUser(ctx: Ctx, id: number) {
  return (await ctx.ws.db.read.get<Record<string, unknown>>('SELECT * FROM users WHERE id = ?', [id]))!;
}

describe('passwords (scrypt)', () => {
  it('stores scrypt with its parameters and a random salt, and verifies only the right password', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
    expect(a).not.toBe(b); // a fresh 16-byte salt each time
    const [, , , , salt, key] = a.split('$');
    expect(Buffer.from(salt, 'base64')).toHaveLength(SCRYPT_PARAMS.saltBytes);
    expect(Buffer.from(key, 'base64')).toHaveLength(32);
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('correct horsf', a)).toBe(false);
    expect(await verifyPassword('correct horse', null)).toBe(false);
    expect(await verifyPassword('correct horse', 'plain-text')).toBe(false);
    expect(await verifyPassword('correct horse', 'scrypt$3$8$1$AAAA$BBBB')).toBe(false);
  });

  it('asks for at least 8 characters that are not the login name, in Chinese', () => {
    expect(passwordProblem('short', 'luru')).toBe('密码至少 8 个字符,请设置更长的密码');
    expect(passwordProblem('zhangsan', 'zhangsan')).toContain('不能与用户名相同');
    expect(passwordProblem('ZhangSan', 'zhangsan')).toContain('不能与用户名相同');
    expect(passwordProblem('长度足够的中文密码', 'luru')).toBeNull();
    expect(passwordProblem('demo1234', 'luru')).toBeNull();
  });
});

describe('users service', () => {
  let t: TestWorkspace;
  beforeAll(async () => {
    t = await testWorkspace();
  });
  afterAll(() => t.close());

  it('creates a user with a hashed password; the audit entry names the administrator and holds no password', async () => {
    const before = (await auditRows(t.ctx)).length;
    const created = await createUser(t.ctx, { login: ' ZhangSan ', name: ' 张三 ', role: 'clerk', password: 'zs-password-1' });
    expect(created).toMatchObject({ login: 'zhangsan', name: '张三', role: 'clerk', roleLabel: '录入员', active: true, hasPassword: true, version: 1 });
    const stored = await storedUser(t.ctx, created.id);
    expect(String(stored.password_hash)).toMatch(/^scrypt\$/);
    expect(JSON.stringify(created)).not.toContain('scrypt');
    const audit = await auditRows(t.ctx);
    expect(audit).toHaveLength(before + 1);
    expect(audit.at(-1)).toMatchObject({ user_id: 1, user_name: '系统管理员', method: 'users.create', entity_id: created.id });
    expect(JSON.stringify(audit)).not.toContain('zs-password-1');
    expect(JSON.stringify(audit)).not.toContain('scrypt');
  });

  it('refuses a bad login name, a taken one, a short password, and writes nothing', async () => {
    const before = await tableCounts(t.ctx);
    await expect(createUser(t.ctx, { login: '张三', name: '张三', role: 'clerk', password: 'long-enough' })).rejects.toMatchObject({
      code: 'validation',
      fields: { login: expect.stringContaining('小写英文字母') },
    });
    await expect(createUser(t.ctx, { login: 'zhangsan', name: '另一个张三', role: 'clerk', password: 'long-enough' })).rejects.toMatchObject({
      code: 'validation',
      fields: { login: '用户名 zhangsan 已被“张三”使用,请换一个用户名' },
    });
    await expect(createUser(t.ctx, { login: 'lisi', name: '', role: 'clerk', password: 'lisi' })).rejects.toMatchObject({
      code: 'validation',
      fields: { name: '必填,请输入姓名', password: expect.stringContaining('至少 8 个字符') },
    });
    expect(await tableCounts(t.ctx)).toEqual(before);
  });

  it('updates name and role with the version read; a stale version is a conflict', async () => {
    const [user] = (await listUsers(t.ctx.ws.db)).filter((u) => u.login === 'zhangsan');
    const updated = await updateUser(t.ctx, { id: user.id, version: user.version, patch: { name: '张三丰', role: 'supervisor' } });
    expect(updated).toMatchObject({ name: '张三丰', role: 'supervisor', version: user.version + 1 });
    const audit = (await auditRows(t.ctx, 'users.update')).at(-1)!;
    expect(JSON.parse(audit.before!)).toEqual({ name: '张三', role: 'clerk' });
    expect(JSON.parse(audit.after!)).toEqual({ name: '张三丰', role: 'supervisor' });
    await expect(updateUser(t.ctx, { id: user.id, version: user.version, patch: { name: '又改' } })).rejects.toMatchObject({ code: 'conflict' });
    await expect(updateUser(t.ctx, { id: 9999, version: 1, patch: { name: '无' } })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses to deactivate or demote the last active administrator, and to deactivate yourself', async () => {
    const before = await tableCounts(t.ctx);
    const admin = (await listUsers(t.ctx.ws.db)).find((u) => u.id === 1)!;
    await expect(updateUser(t.ctx, { id: 1, version: admin.version, patch: { role: 'manager' } })).rejects.toMatchObject({
      code: 'validation',
      fields: { role: expect.stringContaining('最后一位在用的系统管理员') },
    });
    await expect(updateUser(t.ctx, { id: 1, version: admin.version, patch: { active: false } })).rejects.toMatchObject({
      code: 'validation',
      fields: { active: expect.stringContaining('不能停用自己') },
    });
    // A second administrator may demote the first, but still not deactivate themselves.
    const second = await createUser(t.ctx, { login: 'admin2', name: '第二管理员', role: 'admin', password: 'admin2-password' });
    const asSecond: Ctx = { ...t.ctx, user: { id: second.id, login: 'admin2', name: '第二管理员', role: 'admin' } };
    await expect(updateUser(asSecond, { id: second.id, version: 1, patch: { active: false } })).rejects.toMatchObject({ code: 'validation' });
    const demoted = await updateUser(asSecond, { id: 1, version: admin.version, patch: { role: 'manager' } });
    expect(demoted.role).toBe('manager');
    // Now admin2 is the last one: demoting admin2 is refused, even by admin2.
    await expect(updateUser(asSecond, { id: second.id, version: 1, patch: { role: 'clerk' } })).rejects.toMatchObject({
      fields: { role: expect.stringContaining('最后一位') },
    });
    await updateUser(asSecond, { id: 1, version: demoted.version, patch: { role: 'admin' } });
    expect((await tableCounts(t.ctx)).users).toBe(before.users + 1);
  });

  it('deactivation and password reset end the user\'s sessions at once; a role change applies at the next call', async () => {
    const sessions = new SessionStore(t.ctx.ws.db);
    const admin: Ctx = { ...t.ctx, session: { store: sessions, id: sessions.open(1) } };
    const user = await createUser(admin, { login: 'wangwu', name: '王五', role: 'clerk', password: 'wangwu-pass' });
    const s1 = sessions.open(user.id);
    const s2 = sessions.open(user.id);
    expect(await sessions.resolve(s1)).toMatchObject({ role: 'clerk' });
    const promoted = await updateUser(admin, { id: user.id, version: 1, patch: { role: 'manager' } });
    expect(await sessions.resolve(s1)).toMatchObject({ role: 'manager' });

    expect(await resetPassword(admin, { id: user.id, password: 'wangwu-new-pass' })).toEqual({ id: user.id, sessionsClosed: 2 });
    expect(await sessions.resolve(s2)).toBeNull();
    await expect(checkLogin(t.ctx.ws.db, { login: 'wangwu', password: 'wangwu-pass' })).rejects.toMatchObject({ code: 'unauthenticated' });
    expect(await checkLogin(t.ctx.ws.db, { login: 'wangwu', password: 'wangwu-new-pass' })).toMatchObject({ id: user.id });
    const reset = (await auditRows(t.ctx, 'users.resetPassword')).at(-1)!;
    expect(reset).toMatchObject({ user_name: '系统管理员', entity_id: user.id });
    expect(reset.after).not.toContain('wangwu-new-pass');
    expect(reset.after).not.toContain('scrypt');

    const s3 = sessions.open(user.id);
    await updateUser(admin, { id: user.id, version: promoted.version, patch: { active: false } });
    expect(await sessions.resolve(s3)).toBeNull();
    expect(await sessions.resolve(admin.session!.id)).toMatchObject({ id: 1 });
    await expect(checkLogin(t.ctx.ws.db, { login: 'wangwu', password: 'wangwu-new-pass' })).rejects.toMatchObject({
      code: 'unauthenticated',
      message: expect.stringContaining('已停用'),
    });
  });

  it('changes your own password only with the old one; your other sessions end, this one stays', async () => {
    const user = await createUser(t.ctx, { login: 'zhaoliu6', name: '赵六', role: 'clerk', password: 'zhaoliu-old' });
    const sessions = new SessionStore(t.ctx.ws.db);
    const here = sessions.open(user.id);
    const elsewhere = sessions.open(user.id);
    const self: Ctx = { ...t.ctx, user: { id: user.id, login: 'zhaoliu6', name: '赵六', role: 'clerk' }, session: { store: sessions, id: here } };
    await expect(changeOwnPassword(self, { oldPassword: 'not-the-old', newPassword: 'zhaoliu-new' })).rejects.toMatchObject({
      code: 'validation',
      fields: { oldPassword: '原密码不正确' },
    });
    await expect(changeOwnPassword(self, { oldPassword: 'zhaoliu-old', newPassword: 'ZhaoLiu6' })).rejects.toMatchObject({
      fields: { newPassword: expect.stringContaining('不能与用户名相同') },
    });
    expect(await changeOwnPassword(self, { oldPassword: 'zhaoliu-old', newPassword: 'zhaoliu-new' })).toEqual({ changed: true });
    expect(await sessions.resolve(here)).toMatchObject({ id: user.id });
    expect(await sessions.resolve(elsewhere)).toBeNull();
    expect(await checkLogin(t.ctx.ws.db, { login: 'zhaoliu6', password: 'zhaoliu-new' })).toMatchObject({ id: user.id });
    expect((await auditRows(t.ctx, 'auth.changePassword')).at(-1)).toMatchObject({ user_name: '赵六', entity_id: user.id });
  });

  it('locks a user out after 5 wrong passwords for 5 minutes, even for the right one; a reset lifts the lock', async () => {
    const user = await createUser(t.ctx, { login: 'sunqi', name: '孙七', role: 'clerk', password: 'sunqi-right' });
    const db = t.ctx.ws.db;
    const now = Date.now();
    for (let i = 1; i < MAX_FAILED_LOGINS; i += 1) {
      await expect(checkLogin(db, { login: 'sunqi', password: 'wrong' }, now)).rejects.toMatchObject({
        code: 'unauthenticated',
        message: expect.stringContaining(`再错 ${MAX_FAILED_LOGINS - i} 次将锁定 5 分钟`),
      });
    }
    await expect(checkLogin(db, { login: 'sunqi', password: 'wrong' }, now)).rejects.toMatchObject({ message: expect.stringContaining('已锁定') });
    await expect(checkLogin(db, { login: 'sunqi', password: 'sunqi-right' }, now + 60_000)).rejects.toMatchObject({
      message: expect.stringMatching(/已锁定到 \d\d:\d\d.约 4 分钟后/),
    });
    expect((await listUsers(db)).find((u) => u.id === user.id)!.lockedUntil).not.toBeNull();
    // After the lock has run out, the right password works and the count starts again.
    expect(await checkLogin(db, { login: 'sunqi', password: 'sunqi-right' }, now + LOCKOUT_MS + 1000)).toMatchObject({ id: user.id });
    expect(await storedUser(t.ctx, user.id)).toMatchObject({ failed_logins: 0, locked_until: null });
    expect((await auditRows(t.ctx, 'auth.loginFailed')).filter((r) => r.entity_id === user.id)).toHaveLength(MAX_FAILED_LOGINS - 1);
    expect(await auditRows(t.ctx, 'auth.lockout')).toEqual([expect.objectContaining({ user_name: '孙七', entity_id: user.id })]);

    for (let i = 0; i < MAX_FAILED_LOGINS; i += 1) await checkLogin(db, { login: 'sunqi', password: 'wrong' }).catch(() => undefined);
    await expect(checkLogin(db, { login: 'sunqi', password: 'sunqi-right' })).rejects.toMatchObject({ message: expect.stringContaining('已锁定') });
    await resetPassword(t.ctx, { id: user.id, password: 'sunqi-reset' });
    expect(await checkLogin(db, { login: 'sunqi', password: 'sunqi-reset' })).toMatchObject({ id: user.id });
    expect(JSON.stringify(await auditRows(t.ctx))).not.toMatch(/sunqi-right|sunqi-reset|scrypt\$/);
    expect(await verifyAudit(db)).toMatchObject({ ok: true });
  });

  it('does not tell an unknown login from a wrong password', async () => {
    const unknown = await checkLogin(t.ctx.ws.db, { login: 'nobody', password: 'whatever1' }).catch((e: unknown) => e);
    expect(unknown).toMatchObject({ code: 'unauthenticated', message: '用户名或密码不正确,请检查后重试(注意大小写和输入法)' });
  });
});

describe('first administrator password', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  it('a new workspace requires it; once set, the administrator logs in with it and setup is refused', async () => {
    const t = await testWorkspace();
    cleanups.push(() => t.close());
    expect(await setupRequired(t.ctx.ws.db)).toBe(true);
    await expect(checkLogin(t.ctx.ws.db, { login: 'admin', password: 'anything-1' })).rejects.toMatchObject({
      message: expect.stringContaining('还没有设置密码'),
    });
    await expect(setupAdministrator(t.ctx.ws.db, 'admin')).rejects.toMatchObject({ code: 'validation', fields: { password: expect.any(String) } });
    expect(await setupAdministrator(t.ctx.ws.db, 'first-admin-pw')).toMatchObject({ id: 1, role: 'admin' });
    expect(await setupRequired(t.ctx.ws.db)).toBe(false);
    await expect(setupAdministrator(t.ctx.ws.db, 'someone-else')).rejects.toMatchObject({ code: 'conflict' });
    expect(await checkLogin(t.ctx.ws.db, { login: 'ADMIN', password: 'first-admin-pw' })).toMatchObject({ id: 1 });
    expect((await auditRows(t.ctx, 'auth.setup'))).toEqual([expect.objectContaining({ user_id: 1, after: '{"passwordSet":true}' })]);
  });

  it('through the contract: auth.setup opens a session, and is refused once done', async () => {
    const t = await testWorkspace();
    cleanups.push(() => t.close());
    const store = new SessionStore(t.ctx.ws.db);
    const nobody = { ws: t.ctx.ws, user: null, session: { store, id: null } };
    const done = await callApi(nobody, 'auth.setup', { password: 'setup-password' });
    expect(done).toMatchObject({ ok: true, data: { user: { id: 1, roleLabel: '系统管理员' }, session: expect.any(String) } });
    expect(await store.resolve((done as { ok: true; data: { session: string } }).data.session)).toMatchObject({ id: 1 });
    expect(await callApi(nobody, 'auth.setup', { password: 'takeover-pass' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await checkLogin(t.ctx.ws.db, { login: 'admin', password: 'setup-password' })).toMatchObject({ id: 1 });
  });

  it('a workspace from before logins (schema 10) keeps its administrator without a password and asks for one', async () => {
    const dir = tempDir();
    const db = await Database.open(join(dir, DB_FILE_NAME));
    await db.write(async (tx) => {
      for (const step of MIGRATIONS.filter((m) => m.version <= 10)) await tx.exec(step.sql);
      await tx.run("INSERT INTO meta (key, value) VALUES ('workspace_id', 'old'), ('name', '旧工作区'), ('kind', 'normal')");
      await tx.exec(`PRAGMA application_id = ${APPLICATION_ID}`);
      await tx.exec('PRAGMA user_version = 10');
    });
    await db.close();
    const ws = await openWorkspace(dir);
    cleanups.push(async () => {
      await ws.db.close();
    });
    expect(await setupRequired(ws.db)).toBe(true);
    expect(await listUsers(ws.db)).toEqual([
      expect.objectContaining({ id: 1, login: 'admin', role: 'admin', active: true, hasPassword: false, version: 1, lockedUntil: null }),
    ]);
  });
});

describe('demo users', () => {
  let t: TestWorkspace;
  beforeAll(async () => {
    t = await testWorkspace({ demo: true });
  });
  afterAll(() => t.close());

  it('one user per role, each logs in with the documented password demo1234', async () => {
    expect(await setupRequired(t.ctx.ws.db)).toBe(false);
    const users = await listUsers(t.ctx.ws.db);
    for (const demo of DEMO_USERS) {
      expect(users).toContainEqual(expect.objectContaining({ login: demo.login, name: demo.name, role: demo.role, active: true }));
      expect(await checkLogin(t.ctx.ws.db, { login: demo.login, password: DEMO_PASSWORD })).toMatchObject({ login: demo.login, role: demo.role });
    }
    expect(users.map((u) => u.roleLabel).sort()).toEqual(['分管领导', '审核员', '录入员', '系统管理员'].sort());
  });

  it('ctxAs gives a context of the demo user of a role (and creates one where there is none)', async () => {
    expect((await ctxAs(t.ctx, 'clerk')).user).toMatchObject({ login: 'luru', name: '张录入' });
    const fresh = await testWorkspace();
    try {
      const supervisor = await userWithRole(fresh.ctx, 'supervisor');
      expect(supervisor).toMatchObject({ login: 'test-supervisor', role: 'supervisor' });
      expect(await userWithRole(fresh.ctx, 'supervisor')).toEqual(supervisor);
    } finally {
      await fresh.close();
    }
  });
});

describe('session store', () => {
  let t: TestWorkspace;
  beforeAll(async () => {
    t = await testWorkspace();
  });
  afterAll(() => t.close());

  it('gives random 32-byte ids, forgets a session idle for 8 hours, and closes on request', async () => {
    let clock = 1_000_000;
    const store = new SessionStore(t.ctx.ws.db, { now: () => clock });
    const a = store.open(1);
    const b = store.open(1);
    expect(a).not.toBe(b);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    clock += SESSION_IDLE_MS - 1000;
    expect(await store.resolve(a)).toMatchObject({ id: 1 }); // used: the idle time starts again
    clock += 2000;
    expect(await store.resolve(b)).toBeNull(); // idle longer than 8 h
    expect(await store.resolve(a)).toMatchObject({ id: 1 });
    store.close(a);
    expect(await store.resolve(a)).toBeNull();
    expect(await store.resolve('')).toBeNull();
    expect(await store.resolve(undefined)).toBeNull();
    expect(store.size).toBe(0);
  });

  it('isOpen answers without touching the session (an open event stream must not keep a login alive)', async () => {
    let clock = 1_000_000;
    const store = new SessionStore(t.ctx.ws.db, { now: () => clock });
    const a = store.open(1);
    clock += SESSION_IDLE_MS - 1000;
    expect(store.isOpen(a)).toBe(true);
    clock += 2000;
    expect(store.isOpen(a)).toBe(false); // the check above did not start the idle time again
    expect(await store.resolve(a)).toBeNull();
    const b = store.open(1);
    expect(store.isOpen(b)).toBe(true);
    store.close(b);
    expect(store.isOpen(b)).toBe(false);
    expect(store.isOpen(null)).toBe(false);
  });
});
