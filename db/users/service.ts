/**
 * Users and their passwords (DOMAIN §4.1): the list the administrator manages, the login check with lock-out,
 * the first administrator password of a new workspace, and password changes. Every write is one transaction
 * with one audit entry; no audit entry, message or result ever carries a password or a hash.
 *
 * Rules the administrator cannot break: the last active administrator stays an active administrator, and
 * nobody deactivates the user they are logged in as.
 */
import { appendAudit } from '../audit/audit';
import type { Ctx } from '../context';
import { ApiError, validationError, type FieldErrors } from '../errors';
import type { Database, Tx } from '../sqlite';
import { normalizeText } from '../text';
import { hashPassword, passwordProblem, verifyPassword } from './password';
import { ROLE_LABELS, type Role } from './roles';
import { DEFAULT_OPERATOR_ID, type User } from './users';

/** Failed logins in a row before the user is locked out, and for how long. */
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 5 * 60 * 1000;

const LOGIN_RULE = /^[a-z0-9][a-z0-9._-]{1,31}$/;
const MAX_NAME_LENGTH = 40;

export const USER_LABELS: Record<string, string> = {
  login: '用户名',
  name: '姓名',
  role: '角色',
  active: '状态',
  password: '密码',
  oldPassword: '原密码',
  newPassword: '新密码',
};

/** One user as the administrator's screen shows it. */
export interface UserRecord {
  id: number;
  login: string;
  name: string;
  role: Role;
  roleLabel: string;
  active: boolean;
  hasPassword: boolean;
  /** Locked out after too many wrong passwords, until this time (ISO), or null. */
  lockedUntil: string | null;
  lastLoginAt: string | null;
  passwordChangedAt: string | null;
  createdAt: string;
  updatedAt: string | null;
  version: number;
}

/** The logged-in user as clients see it (top bar, user menu). */
export interface UserInfo {
  id: number;
  login: string;
  name: string;
  role: Role;
  roleLabel: string;
}

export function userInfo(user: User): UserInfo {
  return { id: user.id, login: user.login, name: user.name, role: user.role, roleLabel: ROLE_LABELS[user.role] };
}

interface UserRow {
  id: number;
  login: string;
  name: string;
  role: Role;
  active: number;
  password_hash: string | null;
  failed_logins: number;
  locked_until: string | null;
  last_login_at: string | null;
  password_changed_at: string | null;
  created_at: string;
  updated_at: string | null;
  version: number;
}

const USER_COLUMNS =
  'id, login, name, role, active, password_hash, failed_logins, locked_until, last_login_at, password_changed_at, created_at, updated_at, version';

function toRecord(row: UserRow, now = Date.now()): UserRecord {
  return {
    id: row.id,
    login: row.login,
    name: row.name,
    role: row.role,
    roleLabel: ROLE_LABELS[row.role],
    active: row.active === 1,
    hasPassword: row.password_hash !== null,
    lockedUntil: row.locked_until && Date.parse(row.locked_until) > now ? row.locked_until : null,
    lastLoginAt: row.last_login_at,
    passwordChangedAt: row.password_changed_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

function asUser(row: UserRow): User {
  return { id: row.id, login: row.login, name: row.name, role: row.role };
}

/** Login names are compared and stored in lower case, full-width letters folded to ASCII. */
export function normalizeLogin(login: string): string {
  return normalizeText(login).toLowerCase();
}

function loginProblem(login: string): string | null {
  if (!login) return '必填,请输入用户名(如 zhangsan)';
  if (!LOGIN_RULE.test(login)) {
    return '用户名只能用小写英文字母、数字和 . _ -,以字母或数字开头,2 到 32 个字符(如 zhangsan)';
  }
  return null;
}

function nameProblem(name: string): string | null {
  if (!name) return '必填,请输入姓名';
  if ([...name].length > MAX_NAME_LENGTH) return `姓名最多 ${MAX_NAME_LENGTH} 个字,请缩短`;
  return null;
}

async function readUser(q: Tx, id: number): Promise<UserRow | undefined> {
  return q.get<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`, [id]);
}

function notFound(id: number): ApiError {
  return new ApiError('not_found', `没有找到编号为 ${id} 的用户,请刷新用户列表后重试`);
}

export async function listUsers(db: Database): Promise<UserRecord[]> {
  const rows = await db.read.all<UserRow>(`SELECT ${USER_COLUMNS} FROM users ORDER BY active DESC, id`);
  const now = Date.now();
  return rows.map((r) => toRecord(r, now));
}

export async function getUserRecord(db: Database, id: number): Promise<UserRecord> {
  const row = await readUser(db.read, id);
  if (!row) throw notFound(id);
  return toRecord(row);
}

export interface NewUser {
  login: string;
  name: string;
  role: Role;
  password: string;
}

/** Checks a new user's values; returns them normalised, or throws the field errors. */
function checkNewUser(input: NewUser): NewUser {
  const login = normalizeLogin(input.login);
  const name = normalizeText(input.name);
  const errors: FieldErrors = {};
  const loginError = loginProblem(login);
  if (loginError) errors.login = loginError;
  const nameError = nameProblem(name);
  if (nameError) errors.name = nameError;
  const passwordError = passwordProblem(input.password, login);
  if (passwordError) errors.password = passwordError;
  if (Object.keys(errors).length) throw validationError(errors, USER_LABELS);
  return { login, name, role: input.role, password: input.password };
}

async function assertLoginFree(tx: Tx, login: string): Promise<void> {
  const other = await tx.get<{ name: string; active: number }>('SELECT name, active FROM users WHERE lower(login) = ?', [login]);
  if (other) {
    throw validationError(
      { login: `用户名 ${login} 已被“${other.name}”${other.active ? '' : '(已停用)'}使用,请换一个用户名` },
      USER_LABELS,
    );
  }
}

/**
 * Inserts users inside the caller's transaction (the demo district adds its users in its own load).
 * The passwords arrive already hashed, so the transaction is not held up by scrypt.
 */
export async function insertUsers(
  ctx: Ctx,
  tx: Tx,
  users: Array<Omit<NewUser, 'password'> & { passwordHash: string }>,
  method: string,
): Promise<number[]> {
  const ids: number[] = [];
  const now = new Date().toISOString();
  for (const u of users) {
    await assertLoginFree(tx, u.login);
    const { lastID } = await tx.run(
      `INSERT INTO users (login, name, role, password_hash, active, created_at, updated_at, password_changed_at, version)
       VALUES (?, ?, ?, ?, 1, ?, ?, ?, 1)`,
      [u.login, u.name, u.role, u.passwordHash, now, now, now],
    );
    await appendAudit(tx, ctx.user, {
      method,
      entity: 'user',
      entityId: lastID,
      after: { login: u.login, name: u.name, role: u.role, active: true },
    });
    ids.push(lastID);
  }
  return ids;
}

export async function createUser(ctx: Ctx, input: NewUser): Promise<UserRecord> {
  const user = checkNewUser(input);
  const passwordHash = await hashPassword(user.password);
  const [id] = await ctx.ws.db.write((tx) => insertUsers(ctx, tx, [{ ...user, passwordHash }], 'users.create'));
  return getUserRecord(ctx.ws.db, id);
}

export interface UserPatch {
  name?: string;
  role?: Role;
  active?: boolean;
}

export interface UpdateUserInput {
  id: number;
  version: number;
  patch: UserPatch;
}

async function otherActiveAdmins(tx: Tx, id: number): Promise<number> {
  const row = await tx.get<{ n: number }>("SELECT count(*) AS n FROM users WHERE role = 'admin' AND active = 1 AND id <> ?", [id]);
  return row!.n;
}

/** Name, role and active of one user, with the version the administrator read (optimistic concurrency). */
export async function updateUser(ctx: Ctx, input: UpdateUserInput): Promise<UserRecord> {
  const patch: UserPatch = { ...input.patch };
  if (patch.name !== undefined) {
    patch.name = normalizeText(patch.name);
    const problem = nameProblem(patch.name);
    if (problem) throw validationError({ name: problem }, USER_LABELS);
  }
  const deactivated = await ctx.ws.db.write(async (tx) => {
    const current = await readUser(tx, input.id);
    if (!current) throw notFound(input.id);
    if (current.version !== input.version) {
      throw new ApiError(
        'conflict',
        `用户“${current.name}”已被他人于 ${(current.updated_at ?? current.created_at).slice(0, 19).replace('T', ' ')} 修改(当前版本 ${current.version}),你的修改没有保存。请刷新用户列表后重新修改。`,
      );
    }
    const before = { name: current.name, role: current.role, active: current.active === 1 };
    const after = { name: patch.name ?? before.name, role: patch.role ?? before.role, active: patch.active ?? before.active };
    const changed = (Object.keys(after) as Array<keyof typeof after>).filter((k) => after[k] !== before[k]);
    if (!changed.length) return false;

    const errors: FieldErrors = {};
    if (current.id === ctx.user.id && before.active && !after.active) {
      errors.active = '不能停用自己正在使用的用户;如确需停用,请由另一位系统管理员登录后操作';
    }
    const losesAdmin = before.role === 'admin' && before.active && (after.role !== 'admin' || !after.active);
    if (losesAdmin && !errors.active && (await otherActiveAdmins(tx, current.id)) === 0) {
      const message = '这是最后一位在用的系统管理员,不能停用或改为其他角色;请先新增或启用另一位系统管理员';
      errors[after.role !== 'admin' ? 'role' : 'active'] = message;
    }
    if (Object.keys(errors).length) throw validationError(errors, USER_LABELS);

    await tx.run(
      `UPDATE users SET name = ?, role = ?, active = ?, version = version + 1, updated_at = ?
        WHERE id = ? AND version = ?`,
      [after.name, after.role, after.active ? 1 : 0, new Date().toISOString(), current.id, current.version],
    );
    await appendAudit(tx, ctx.user, {
      method: 'users.update',
      entity: 'user',
      entityId: current.id,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, after[k]])),
    });
    return before.active && !after.active;
  });
  // A deactivated user's sessions end now (resolve would refuse them anyway; this frees them at once).
  if (deactivated) ctx.session?.store.closeAllFor(input.id);
  return getUserRecord(ctx.ws.db, input.id);
}

/** The administrator sets a new password for a user (forgotten password, new colleague); it also lifts a lock-out. */
export async function resetPassword(ctx: Ctx, input: { id: number; password: string }): Promise<{ id: number; sessionsClosed: number }> {
  const target = await readUser(ctx.ws.db.read, input.id);
  if (!target) throw notFound(input.id);
  const problem = passwordProblem(input.password, target.login);
  if (problem) throw validationError({ password: problem }, USER_LABELS);
  const passwordHash = await hashPassword(input.password);
  await ctx.ws.db.write(async (tx) => {
    const now = new Date().toISOString();
    const { changes } = await tx.run(
      `UPDATE users SET password_hash = ?, password_changed_at = ?, failed_logins = 0, locked_until = NULL, updated_at = ?
        WHERE id = ?`,
      [passwordHash, now, now, input.id],
    );
    if (!changes) throw notFound(input.id);
    await appendAudit(tx, ctx.user, {
      method: 'users.resetPassword',
      entity: 'user',
      entityId: input.id,
      after: { passwordReset: true, lockLifted: target.locked_until !== null },
    });
  });
  // Whoever was logged in with the old password is logged out (the administrator keeps their own session).
  const sessionsClosed = ctx.session?.store.closeAllFor(input.id, input.id === ctx.user.id ? ctx.session.id : null) ?? 0;
  return { id: input.id, sessionsClosed };
}

/** A user changes their own password; the old one is needed. Their other sessions end, this one stays. */
export async function changeOwnPassword(ctx: Ctx, input: { oldPassword: string; newPassword: string }): Promise<{ changed: true }> {
  const current = await readUser(ctx.ws.db.read, ctx.user.id);
  if (!current) throw notFound(ctx.user.id);
  if (!(await verifyPassword(input.oldPassword, current.password_hash))) {
    throw new ApiError('validation', '原密码不正确,请重新输入原密码', { oldPassword: '原密码不正确' });
  }
  const problem = passwordProblem(input.newPassword, current.login);
  if (problem) throw validationError({ newPassword: problem }, USER_LABELS);
  if (input.newPassword === input.oldPassword) {
    throw validationError({ newPassword: '新密码不能与原密码相同,请换一个' }, USER_LABELS);
  }
  const passwordHash = await hashPassword(input.newPassword);
  await ctx.ws.db.write(async (tx) => {
    const now = new Date().toISOString();
    await tx.run('UPDATE users SET password_hash = ?, password_changed_at = ?, updated_at = ? WHERE id = ?', [passwordHash, now, now, current.id]);
    await appendAudit(tx, ctx.user, { method: 'auth.changePassword', entity: 'user', entityId: current.id, after: { passwordChanged: true } });
  });
  ctx.session?.store.closeAllFor(current.id, ctx.session.id);
  return { changed: true };
}

/** True while the built-in administrator (id 1) has no password: a new workspace, or one from before logins. */
export async function setupRequired(db: Database): Promise<boolean> {
  const row = await db.read.get<{ missing: number }>('SELECT password_hash IS NULL AS missing FROM users WHERE id = ?', [DEFAULT_OPERATOR_ID]);
  return row?.missing === 1;
}

const SETUP_DONE_MESSAGE = '系统管理员密码已经设置过了,请用用户名 admin 和这个密码登录;忘记密码时,请在本机用命令行重置(见使用说明)';

/** Sets the first administrator password (only while none is set) and returns the administrator. */
export async function setupAdministrator(db: Database, password: string): Promise<User> {
  const admin = await db.read.get<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`, [DEFAULT_OPERATOR_ID]);
  if (!admin) throw new ApiError('workspace', '工作区里没有系统管理员(编号 1),无法设置密码。请检查工作区文件是否正确。');
  if (admin.password_hash !== null) throw new ApiError('conflict', SETUP_DONE_MESSAGE);
  const problem = passwordProblem(password, admin.login);
  if (problem) throw validationError({ password: problem }, USER_LABELS);
  const passwordHash = await hashPassword(password);
  return db.write(async (tx) => {
    const now = new Date().toISOString();
    // Checked again inside the transaction: two first starts racing each other set the password once.
    const { changes } = await tx.run(
      `UPDATE users SET password_hash = ?, password_changed_at = ?, last_login_at = ?, updated_at = ?, active = 1
        WHERE id = ? AND password_hash IS NULL`,
      [passwordHash, now, now, now, DEFAULT_OPERATOR_ID],
    );
    if (!changes) throw new ApiError('conflict', SETUP_DONE_MESSAGE);
    const user = asUser(admin);
    await appendAudit(tx, user, { method: 'auth.setup', entity: 'user', entityId: user.id, after: { passwordSet: true } });
    return user;
  });
}

function lockedMessage(until: string, now: number): string {
  const minutes = Math.max(1, Math.ceil((Date.parse(until) - now) / 60_000));
  const time = new Date(until).toLocaleTimeString('zh-CN', { hour: '2-digit', minute: '2-digit', hour12: false });
  return `密码连续输错 ${MAX_FAILED_LOGINS} 次,此用户已锁定到 ${time}(约 ${minutes} 分钟后)。请稍后再试,或请系统管理员重置密码。`;
}

const WRONG_CREDENTIALS = '用户名或密码不正确,请检查后重试(注意大小写和输入法)';

/**
 * The login check. A wrong password counts against the user; the fifth in a row locks them out for five
 * minutes (a locked user's password is not even tried). A correct password resets the count and is recorded.
 * Failures are thrown as `unauthenticated` with the Chinese reason; the counters they update are committed.
 */
export async function checkLogin(db: Database, input: { login: string; password: string }, now = Date.now()): Promise<User> {
  const login = normalizeLogin(input.login);
  if (!login) throw new ApiError('unauthenticated', '请输入用户名', { login: '请输入用户名' });
  if (!input.password) throw new ApiError('unauthenticated', '请输入密码', { password: '请输入密码' });
  const row = await db.read.get<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE lower(login) = ?`, [login]);
  if (!row) {
    await verifyPassword(input.password, null); // the same time as a real check
    throw new ApiError('unauthenticated', WRONG_CREDENTIALS, { password: WRONG_CREDENTIALS });
  }
  if (row.locked_until && Date.parse(row.locked_until) > now) {
    const message = lockedMessage(row.locked_until, now);
    throw new ApiError('unauthenticated', message, { password: message });
  }
  if (row.password_hash === null && row.id === DEFAULT_OPERATOR_ID) {
    await verifyPassword(input.password, null);
    const message = '系统管理员还没有设置密码:请先在首次启动页面设置系统管理员密码';
    throw new ApiError('unauthenticated', message, { password: message });
  }
  const ok = await verifyPassword(input.password, row.password_hash);
  const user = asUser(row);
  if (!ok) {
    const message = await db.write(async (tx) => {
      const fresh = (await readUser(tx, row.id))!;
      // A lock that has run out starts a new count.
      const lockOver = fresh.locked_until !== null && Date.parse(fresh.locked_until) <= now;
      const failed = (lockOver ? 0 : fresh.failed_logins) + 1;
      if (failed >= MAX_FAILED_LOGINS) {
        const until = new Date(now + LOCKOUT_MS).toISOString();
        await tx.run('UPDATE users SET failed_logins = 0, locked_until = ? WHERE id = ?', [until, row.id]);
        await appendAudit(tx, user, { method: 'auth.lockout', entity: 'user', entityId: row.id, after: { lockedUntil: until }, reason: `密码连续输错 ${MAX_FAILED_LOGINS} 次` });
        return lockedMessage(until, now);
      }
      await tx.run('UPDATE users SET failed_logins = ?, locked_until = NULL WHERE id = ?', [failed, row.id]);
      await appendAudit(tx, user, { method: 'auth.loginFailed', entity: 'user', entityId: row.id, after: { failedLogins: failed }, reason: '密码错误' });
      return `${WRONG_CREDENTIALS};再错 ${MAX_FAILED_LOGINS - failed} 次将锁定 ${LOCKOUT_MS / 60_000} 分钟`;
    });
    throw new ApiError('unauthenticated', message, { password: message });
  }
  if (row.active !== 1) {
    const message = '此用户已停用,不能登录。如需继续使用,请联系系统管理员重新启用';
    throw new ApiError('unauthenticated', message, { login: message });
  }
  await db.write(async (tx) => {
    await tx.run('UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = ? WHERE id = ?', [new Date(now).toISOString(), row.id]);
    await appendAudit(tx, user, { method: 'auth.login', entity: 'user', entityId: row.id });
  });
  return user;
}
