/**
 * 系统 → 导入模板 and 系统 → 设置 through the UI: a clerk has 导入模板 but not 设置 (and #/settings says so); a
 * template saved through the contract is listed under its ledger as 列名 → 字段, and deleting it in the UI removes
 * it from the workspace; the blank template downloads as an .xlsx; the administrator allows LAN access with a
 * reason, which settings.get and the audit log then show.
 */
import { readFileSync } from 'node:fs';
import { callApi } from '../db/api';
import { expect, loginAs, test, userFor } from './fixtures';

/** What settings.get answers the administrator (callApi's data is untyped). */
async function lanAllowed(ctx: Parameters<typeof callApi>[0]): Promise<boolean> {
  const result = await callApi(ctx, 'settings.get', {});
  if (!result.ok) throw new Error(result.error.message);
  return (result.data as { lanAllowed: boolean }).lanAllowed;
}

test('a clerk sees 导入模板 but not 设置, and #/settings shows the no-permission page', async ({ page, sani }) => {
  await loginAs(page, sani, 'clerk', '/templates');
  const nav = page.locator('.side-nav');
  await expect(nav.getByText('导入模板', { exact: true })).toBeVisible();
  await expect(nav.getByText('设置', { exact: true })).toHaveCount(0);
  await expect(page.locator('[data-testid="templates-ledger"][data-ledger="toilets"]')).toBeVisible();

  await page.goto(`${sani.host.url}/#/settings`);
  await expect(page.getByTestId('no-permission')).toContainText('系统管理员');
  await expect(page.getByTestId('settings-lan-switch')).toHaveCount(0);
});

test('a saved template is listed under its ledger with its mapping; 删除 removes it; the blank template is an xlsx', async ({ page, sani }) => {
  const clerk = { ws: sani.ws, user: await userFor(sani, 'clerk') };
  const saved = await callApi(clerk, 'templates.save', {
    ledger: 'toilets',
    name: '区里季度表',
    mapping: { 公厕编码: 'code', 公厕名称: 'name', 备用列: null },
  });
  if (!saved.ok) throw new Error(saved.error.message);
  await loginAs(page, sani, 'clerk', '/templates');

  const toilets = page.locator('[data-testid="templates-ledger"][data-ledger="toilets"]');
  const row = toilets.getByTestId('template-row');
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('template-name')).toHaveText('区里季度表');
  const mapping = row.getByTestId('template-mapping').locator('li');
  await expect(mapping).toHaveText(['公厕编码 → 公厕编号', '公厕名称 → 公厕名称', '备用列 → 不导入']);
  await expect(row).toContainText(clerk.user.name);
  // Every other ledger explains where its templates come from.
  const streets = page.locator('[data-testid="templates-ledger"][data-ledger="streets"]');
  await expect(streets.getByTestId('templates-empty')).toHaveText('导入时在“表头与列”一步可保存模板');
  await expect(toilets.getByTestId('templates-empty')).toHaveCount(0);

  const [download] = await Promise.all([page.waitForEvent('download'), toilets.getByTestId('templates-blank').click()]);
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const bytes = readFileSync((await download.path())!);
  expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');

  await toilets.screenshot({ path: '/tmp/system-templates.png' });

  // 导入… opens the ledger's own import dialog, where templates are saved.
  await toilets.getByTestId('templates-import').click();
  await expect(page.getByTestId('import-dialog')).toContainText('导入公厕台账');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('import-dialog')).toHaveCount(0);

  await row.getByTestId('template-delete').click();
  await expect(page.getByTestId('confirm-dialog')).toContainText('区里季度表');
  await page.getByTestId('confirm-ok').click();
  await expect(toilets.getByTestId('templates-empty')).toBeVisible();
  await expect(page.getByTestId('status-message')).toContainText('已删除导入模板“区里季度表”');
  const left = await sani.ws.db.read.get<{ n: number }>('SELECT count(*) AS n FROM import_templates WHERE id = ?', [(saved.data as { id: number }).id]);
  expect(left!.n).toBe(0);
});

test('the administrator allows LAN access with a reason: settings.get says so and the audit log keeps the reason', async ({ page, sani }) => {
  await page.goto(`${sani.host.openUrl}#/settings`);
  await expect(page.getByTestId('settings-ws-name')).toContainText(sani.ws.name);
  await expect(page.getByTestId('settings-ws-file')).toHaveText(sani.ws.file);
  await expect(page.getByTestId('settings-retention-rule')).toContainText('今天的备份保留最新 10 份');
  const lanSwitch = page.getByTestId('settings-lan-switch');
  await expect(lanSwitch).toHaveAttribute('aria-checked', 'false');
  await expect(page.getByTestId('settings-lan-state')).toHaveText('未允许(只能在本机使用)');

  await lanSwitch.click();
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toContainText('serve --lan');
  // No reason: refused in the dialog, nothing stored.
  await page.getByTestId('confirm-ok').click();
  await expect(page.getByTestId('settings-lan-error')).toHaveText('请填写允许局域网访问的原因');
  expect(await sani.ws.db.read.get("SELECT value FROM settings WHERE key = 'lan.allowed'")).toBeUndefined();

  await page.getByTestId('settings-lan-reason').fill('二楼同事要在自己电脑上录入');
  await page.getByTestId('confirm-ok').click();
  await expect(dialog).toHaveCount(0);
  await expect(lanSwitch).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByTestId('settings-lan-state')).toHaveText('已允许局域网访问');
  await expect(page.getByTestId('status-message')).toContainText('已保存');

  const admin = { ws: sani.ws, user: await userFor(sani, 'admin') };
  expect(await lanAllowed(admin)).toBe(true);
  const audit = await sani.ws.db.read.all<{ reason: string; before: string; after: string; user_name: string }>(
    "SELECT reason, before, after, user_name FROM audit_log WHERE method = 'settings.update'",
  );
  expect(audit).toHaveLength(1);
  expect(audit[0].reason).toBe('二楼同事要在自己电脑上录入');
  expect(JSON.parse(audit[0].before)).toEqual({ lanAllowed: false });
  expect(JSON.parse(audit[0].after)).toEqual({ lanAllowed: true });
  expect(audit[0].user_name).toBe(admin.user.name);

  // Off again is the safe direction: one click, saved at once.
  await lanSwitch.click();
  await expect(lanSwitch).toHaveAttribute('aria-checked', 'false');
  await expect.poll(() => lanAllowed(admin)).toBe(false);
  await page.screenshot({ path: '/tmp/system-settings.png', fullPage: true });

  // The retention rule is edited where the backups are.
  await page.getByTestId('settings-retention-link').click();
  await expect(page.getByTestId('retention-edit')).toBeVisible();
});
