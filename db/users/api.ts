/**
 * Login and user management in the contract (db/api.ts lists them). `auth.status`, `auth.login` and
 * `auth.setup` are the only methods callable without a login; the hosts give their handlers the session store.
 */
import { z } from 'zod';
import type { CallerCtx, Ctx } from '../context';
import { method, publicMethod } from '../contract';
import { rowId, rowVersion } from '../schemas';
import { ROLES, type Role } from './roles';
import {
  changeOwnPassword,
  checkLogin,
  createUser,
  listUsers,
  resetPassword,
  setupAdministrator,
  setupRequired,
  updateUser,
  userInfo,
  type UserInfo,
} from './service';
import type { User } from './users';

const password = z.string().max(200);
const role = z.enum(ROLES as [Role, ...Role[]]);

/** Opens a session for the user on the caller's host (replacing the caller's old one); null where there are none (CLI). */
function startSession(ctx: CallerCtx, user: User): { session: string | null; user: UserInfo } {
  if (!ctx.session) return { session: null, user: userInfo(user) };
  ctx.session.store.close(ctx.session.id);
  return { session: ctx.session.store.open(user.id), user: userInfo(user) };
}

export const authMethods = {
  'auth.status': publicMethod({
    summary: '登录状态:是否需要先设置系统管理员密码(新工作区首次启动)、当前会话的用户(未登录为 null)、是否示例数据',
    input: z.strictObject({}),
    output: '{ setupRequired, demo, workspaceName, user: { id, login, name, role, roleLabel } | null }',
    errors: [],
    writes: false,
    handler: async (ctx) => ({
      setupRequired: await setupRequired(ctx.ws.db),
      demo: ctx.ws.kind === 'demo',
      workspaceName: ctx.ws.name,
      user: ctx.user ? userInfo(ctx.user) : null,
    }),
  }),
  'auth.login': publicMethod({
    summary: `用户名和密码登录,返回会话编号(之后每次调用带上它)。连续输错 5 次锁定 5 分钟;每次登录和输错都记入审计日志`,
    input: z.strictObject({ login: z.string().max(64), password }),
    output: '{ session: string | null, user: { id, login, name, role, roleLabel } }',
    errors: ['unauthenticated'],
    writes: true,
    handler: async (ctx, input) => startSession(ctx, await checkLogin(ctx.ws.db, input)),
  }),
  'auth.setup': publicMethod({
    summary: '新工作区首次启动:设置系统管理员(admin)的密码并登录;密码已设置后不再可用',
    input: z.strictObject({ password }),
    output: '{ session: string | null, user: { id, login, name, role, roleLabel } }',
    errors: ['validation', 'conflict'],
    writes: true,
    handler: async (ctx, input) => startSession(ctx, await setupAdministrator(ctx.ws.db, input.password)),
  }),
  'auth.logout': method({
    summary: '退出登录:结束当前会话',
    role: 'reader',
    input: z.strictObject({}),
    output: '{ loggedOut: true }',
    errors: [],
    writes: false,
    handler: async (ctx: Ctx) => {
      ctx.session?.store.close(ctx.session.id);
      return { loggedOut: true as const };
    },
  }),
  'auth.changePassword': method({
    summary: '修改自己的密码(需要原密码);本人在其他地方的登录随之结束',
    role: 'reader',
    input: z.strictObject({ oldPassword: password, newPassword: password }),
    output: '{ changed: true }',
    errors: ['validation'],
    writes: true,
    handler: (ctx, input) => changeOwnPassword(ctx, input),
  }),
};

export const userMethods = {
  'users.list': method({
    summary: '全部用户:用户名、姓名、角色、是否在用、最近登录、是否锁定(不含密码)',
    role: 'admin',
    input: z.strictObject({}),
    output: 'UserRecord[]',
    errors: [],
    writes: false,
    handler: (ctx) => listUsers(ctx.ws.db),
  }),
  'users.create': method({
    summary: '新增用户:用户名(小写字母、数字)、姓名、角色、初始密码(至少 8 个字符,不能与用户名相同)',
    role: 'admin',
    input: z.strictObject({ login: z.string().max(64), name: z.string().max(200), role, password }),
    output: 'UserRecord',
    errors: ['validation'],
    writes: true,
    handler: (ctx, input) => createUser(ctx, input),
  }),
  'users.update': method({
    summary: '修改用户的姓名、角色或停用/启用(带读取时的 version);不能停用自己,不能停用或降级最后一位在用的系统管理员',
    role: 'admin',
    input: z.strictObject({
      id: rowId,
      version: rowVersion,
      patch: z.strictObject({ name: z.string().max(200).optional(), role: role.optional(), active: z.boolean().optional() }),
    }),
    output: 'UserRecord',
    errors: ['validation', 'not_found', 'conflict'],
    writes: true,
    handler: (ctx, input) => updateUser(ctx, input),
  }),
  'users.resetPassword': method({
    summary: '系统管理员为用户设置新密码(忘记密码、解除锁定);该用户已有的登录随之结束',
    role: 'admin',
    input: z.strictObject({ id: rowId, password }),
    output: '{ id, sessionsClosed }',
    errors: ['validation', 'not_found'],
    writes: true,
    handler: (ctx, input) => resetPassword(ctx, input),
  }),
};
