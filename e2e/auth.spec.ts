/**
 * Login, roles and the user screen through the UI, in Chromium against the headless host: wrong passwords and
 * lock-out, the role in the top bar and the menu it gets, logout, an expired session, the first start of a new
 * workspace, an administrator adding a colleague who then logs in, and a clerk refused at the HTTP API.
 */
import type { Page } from '@playwright/test';
import { expect, loginAs, sessionFor, test, type Console } from './fixtures';

const SESSION_KEY = 'sanidesk.session';

async function storedSession(page: Page): Promise<string | null> {
  return page.evaluate((key) => sessionStorage.getItem(key), SESSION_KEY);
}

async function logIn(page: Page, login: string, password: string) {
  await page.getByTestId('login-name').fill(login);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-password').press('Enter');
}

async function userCount(sani: Console): Promise<number> {
  return (await sani.ws.db.read.get<{ n: number }>('SELECT count(*) AS n FROM users'))!.n;
}

test.describe('not logged in', () => {
  test.use({ loginAs: null });

  test('a wrong password shows the reason and opens no session; five in a row lock the user out', async ({ page, sani }) => {
    await page.goto(sani.host.openUrl);
    await expect(page.getByTestId('login-form')).toBeVisible();
    await expect(page.getByTestId('login-workspace')).toHaveText('示例区(演示数据)');

    await logIn(page, 'luru', 'not-the-password');
    await expect(page.getByTestId('login-error')).toHaveText('用户名或密码不正确,请检查后重试(注意大小写和输入法);再错 4 次将锁定 5 分钟');
    await expect(page.getByTestId('login-password')).toHaveValue('');
    expect(await storedSession(page)).toBeNull();
    expect(sani.host.sessions.size).toBe(0);
    await expect(page.getByTestId('current-user')).toHaveCount(0);

    for (let i = 0; i < 4; i += 1) {
      await logIn(page, 'luru', `wrong-${i}`);
      await expect(page.getByTestId('login-error')).toContainText(i < 3 ? `再错 ${3 - i} 次` : '已锁定到');
    }
    // Locked: even the right password is refused until the lock runs out.
    await logIn(page, 'luru', 'demo1234');
    await expect(page.getByTestId('login-error')).toContainText('密码连续输错 5 次,此用户已锁定到');
    await expect(page.getByTestId('login-error')).toContainText('请系统管理员重置密码');
    expect(sani.host.sessions.size).toBe(0);
  });

  test('张录入 logs in: the top bar shows 录入员, 系统 holds only 导入模板 (no 用户), and logout returns to the login', async ({ page, sani }) => {
    await page.goto(`${sani.host.openUrl}#/toilets`);
    await logIn(page, 'luru', 'demo1234');
    await expect(page.getByTestId('current-user')).toContainText('张录入');
    await expect(page.getByTestId('current-role')).toHaveText('录入员');
    await expect(page.getByTestId('status-rows')).toHaveText('共 150 行');
    await expect(page.locator('.side-nav')).toContainText('公厕');
    // Of 系统 a clerk sees only 导入模板 (saving and deleting column mappings is clerk work).
    const system = page.locator('.nav-group', { has: page.locator('.nav-group-label', { hasText: /^系统$/ }) });
    await expect(system.locator('a')).toHaveText(['导入模板']);
    await expect(page.locator('.side-nav a', { hasText: /^用户$/ })).toHaveCount(0);
    expect(await storedSession(page)).not.toBeNull();

    // Typing the address of the user screen does not open it either.
    await page.goto(`${sani.host.url}/#/users`);
    await expect(page.getByTestId('no-permission')).toContainText('此页面需要系统管理员角色');

    await page.getByTestId('current-user').click();
    await page.getByTestId('menu-logout').click();
    await expect(page.getByTestId('login-form')).toBeVisible();
    await expect(page.getByTestId('login-notice')).toHaveText('已退出登录');
    expect(await storedSession(page)).toBeNull();
    expect(sani.host.sessions.size).toBe(0);
    await page.reload();
    await expect(page.getByTestId('login-form')).toBeVisible();
  });
});

test.describe('a new workspace', () => {
  test.use({ demo: false, loginAs: null });

  test('asks for the administrator password first, then logs in with it', async ({ page, sani }) => {
    await page.goto(sani.host.openUrl);
    await expect(page.getByTestId('setup-form')).toBeVisible();
    await expect(page.getByTestId('login-form')).toHaveCount(0);

    await page.getByTestId('setup-password').fill('admin');
    await page.getByTestId('setup-confirm').fill('admin');
    await page.getByTestId('setup-confirm').press('Enter');
    await expect(page.getByTestId('setup-error')).toHaveText('密码至少 8 个字符,请设置更长的密码');

    await page.getByTestId('setup-password').fill('区环卫所2025');
    await page.getByTestId('setup-confirm').fill('区环卫所2024');
    await page.getByTestId('setup-submit').click();
    await expect(page.getByTestId('setup-error')).toHaveText('两次输入的密码不一致,请重新输入');

    await page.getByTestId('setup-confirm').fill('区环卫所2025');
    await page.getByTestId('setup-submit').click();
    await expect(page.getByTestId('current-role')).toHaveText('系统管理员');
    await expect(page.locator('.side-nav')).toContainText('用户');
    const stored = await sani.ws.db.read.get<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = 1');
    expect(stored!.password_hash).toMatch(/^scrypt\$16384\$8\$1\$/);

    // The password works from now on, and the first-start screen is gone for good.
    await page.getByTestId('current-user').click();
    await page.getByTestId('menu-logout').click();
    await expect(page.getByTestId('login-form')).toBeVisible();
    await logIn(page, 'admin', '区环卫所2025');
    await expect(page.getByTestId('current-user')).toContainText('系统管理员');
  });
});

test('an administrator adds a clerk on 系统 → 用户, and the clerk logs in with the first password', async ({ page, sani }) => {
  await page.goto(`${sani.host.openUrl}#/users`);
  await expect(page.getByTestId('users-table')).toBeVisible();
  for (const login of ['admin', 'luru', 'shenhe', 'lingdao']) await expect(page.getByTestId(`user-row-${login}`)).toBeVisible();
  const before = await userCount(sani);

  await page.getByTestId('users-add').click();
  await page.getByTestId('user-login').fill('Chen.Jing');
  await page.getByTestId('user-name').fill('陈静');
  await page.getByTestId('user-role').selectOption('clerk');
  await page.getByTestId('user-password').fill('chen.jing');
  await page.getByTestId('user-confirm').fill('chen.jing');
  await page.getByTestId('user-dialog-save').click();
  await expect(page.getByTestId('user-password-error')).toContainText('不能与用户名相同');
  expect(await userCount(sani)).toBe(before);

  await page.getByTestId('user-password').fill('chenjing-2025');
  await page.getByTestId('user-confirm').fill('chenjing-2025');
  await page.getByTestId('user-dialog-save').click();
  await expect(page.getByTestId('user-dialog')).toHaveCount(0);
  const row = page.getByTestId('user-row-chen.jing');
  await expect(row).toContainText('陈静');
  await expect(row).toContainText('录入员');
  await expect(row).toContainText('从未登录');
  const stored = await sani.ws.db.read.get<{ name: string; role: string }>("SELECT name, role FROM users WHERE login = 'chen.jing'");
  expect(stored).toEqual({ name: '陈静', role: 'clerk' });
  const audit = await sani.ws.db.read.get<{ user_name: string; after: string }>("SELECT user_name, after FROM audit_log WHERE method = 'users.create' ORDER BY id DESC LIMIT 1");
  expect(audit!.user_name).toBe('系统管理员');
  expect(audit!.after).not.toContain('chenjing-2025');

  await page.getByTestId('current-user').click();
  await page.getByTestId('menu-logout').click();
  await logIn(page, 'chen.jing', 'chenjing-2025');
  await expect(page.getByTestId('current-user')).toContainText('陈静');
  await expect(page.getByTestId('current-role')).toHaveText('录入员');
});

test('an administrator cannot deactivate the last administrator; deactivating a clerk logs the clerk out at once', async ({ page, sani }) => {
  const clerkSession = await sessionFor(sani, 'clerk');
  await page.goto(`${sani.host.openUrl}#/users`);
  const adminRow = page.getByTestId('user-row-admin');
  await adminRow.getByTestId('user-edit').click();
  await page.getByTestId('user-role').selectOption('manager');
  await page.getByTestId('user-dialog-save').click();
  await expect(page.getByTestId('user-role-error')).toContainText('最后一位在用的系统管理员');
  await page.getByTestId('user-dialog').getByText('取消').click();

  const clerkRow = page.getByTestId('user-row-luru');
  await clerkRow.getByTestId('user-deactivate').click();
  await page.getByTestId('confirm-ok').click();
  await expect(clerkRow.getByTestId('user-state')).toHaveText('已停用');
  expect(await sani.host.sessions.resolve(clerkSession)).toBeNull();
});

test('a session that ends on the host brings the login back with 登录已过期,请重新登录', async ({ page, sani }) => {
  await page.goto(`${sani.host.openUrl}#/toilets`);
  await expect(page.getByTestId('status-rows')).toHaveText('共 150 行');
  sani.host.sessions.closeAllFor(1);
  await page.locator('.side-nav a', { hasText: '作业单位' }).click();
  await expect(page.getByTestId('login-notice')).toHaveText('登录已过期,请重新登录');
  await logIn(page, 'admin', 'demo1234');
  await expect(page.getByTestId('current-role')).toHaveText('系统管理员');
});

test('loginAs() switches the page to another role', async ({ page, sani }) => {
  await page.goto(`${sani.host.openUrl}#/toilets`);
  await expect(page.getByTestId('current-role')).toHaveText('系统管理员');
  await loginAs(page, sani, 'supervisor');
  await expect(page.getByTestId('current-user')).toContainText('李审核');
  await expect(page.getByTestId('current-role')).toHaveText('审核员');
});

test('a clerk calling users.create through the HTTP API gets 403 with the role it needs, and nothing is written', async ({ request, sani }) => {
  const session = await sessionFor(sani, 'clerk');
  const before = await userCount(sani);
  const auditBefore = (await sani.ws.db.read.get<{ n: number }>('SELECT count(*) AS n FROM audit_log'))!.n;
  const response = await request.post(`${sani.host.url}/api/users.create`, {
    headers: { 'X-SaniDesk-Token': sani.host.token, 'X-SaniDesk-Session': session },
    data: { login: 'intruder', name: '越权用户', role: 'admin', password: 'intruder-pw' },
  });
  expect(response.status()).toBe(403);
  const body = await response.json();
  expect(body).toEqual({
    ok: false,
    error: { code: 'forbidden', message: '当前用户(张录入)没有权限执行此操作,需要系统管理员角色。请由系统管理员登录后办理,或请系统管理员调整您的角色。' },
  });
  expect(await userCount(sani)).toBe(before);
  expect((await sani.ws.db.read.get<{ n: number }>('SELECT count(*) AS n FROM audit_log'))!.n).toBe(auditBefore);

  // Without a session at all the host answers 401 and asks for a login.
  const anonymous = await request.post(`${sani.host.url}/api/users.create`, {
    headers: { 'X-SaniDesk-Token': sani.host.token },
    data: { login: 'intruder', name: '越权用户', role: 'admin', password: 'intruder-pw' },
  });
  expect(anonymous.status()).toBe(401);
  expect((await anonymous.json()).error.message).toMatch(/^请先登录/);
});
