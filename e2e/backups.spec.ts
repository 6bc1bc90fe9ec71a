/**
 * 系统 → 备份 through the UI: an administrator backs up, changes a toilet, restores the backup and finds the old
 * value again (after logging in anew, since a restore logs everyone out); the pre-restore backup is listed; the
 * retention rule is shown in words and edited; a clerk has no 备份 entry and is refused backups.restore.
 */
import type { Page } from '@playwright/test';
import { cell, editCell, expect, firstToilets, loginAs, openToilets, sessionFor, storedToilet, test } from './fixtures';

async function openBackups(page: Page, url: string) {
  await page.goto(`${url}#/backups`);
  await expect(page.getByTestId('backups-create')).toBeVisible();
}

test('an administrator backs up, changes a toilet, restores the backup and sees the old value; the pre-restore backup is listed', async ({ page, sani }) => {
  const [toilet] = await firstToilets(sani);
  await openBackups(page, sani.host.openUrl);
  await expect(page.getByTestId('backups-folder')).toHaveText(`${sani.dir}/backups`);
  await expect(page.getByTestId('backups-empty')).toContainText('还没有备份');

  await page.getByTestId('backups-create').click();
  await expect(page.getByTestId('status-message')).toContainText('已备份');
  const manual = page.locator('[data-testid="backup-row"][data-reason="manual"]');
  await expect(manual).toHaveCount(1);
  await expect(manual.getByTestId('backup-reason')).toHaveText('手动备份');
  await expect(manual).toContainText('通过');

  await openToilets(page, sani);
  await editCell(page, toilet.id, 'name', '恢复测试公厕');
  await expect.poll(async () => (await storedToilet(sani, toilet.id)).name).toBe('恢复测试公厕');

  await page.goto(`${sani.host.url}/#/backups`);
  await manual.getByTestId('backup-restore').click();
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toContainText('当前状态会先自动备份');
  await expect(dialog).toContainText('所有用户(包括您)都会退出登录');
  await page.getByTestId('confirm-ok').click();

  await expect(page.getByTestId('restored-dialog')).toContainText('恢复前的状态已备份为');
  expect((await storedToilet(sani, toilet.id)).name).toBe(toilet.name);
  await page.getByTestId('restored-relogin').click();

  // Every session ended with the restore: the console reloads to the login.
  await expect(page.getByTestId('login-form')).toBeVisible();
  await expect(page.getByTestId('login-notice')).toHaveCount(0);
  await page.getByTestId('login-name').fill('admin');
  await page.getByTestId('login-password').fill('demo1234');
  await page.getByTestId('login-password').press('Enter');
  await expect(page.getByTestId('backups-create')).toBeVisible();
  await expect(page.locator('[data-testid="backup-row"][data-reason="restore"]').getByTestId('backup-reason')).toHaveText('恢复前备份');

  await openToilets(page, sani);
  await expect(cell(page, toilet.id, 'name')).toHaveText(toilet.name);
  const audit = await sani.ws.db.read.get<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE method = 'backup.restore'");
  expect(audit!.n).toBe(1);
  await page.screenshot({ path: '/tmp/backups-after-restore.png' });
});

test('the retention rule is shown in words and an administrator changes it', async ({ page, sani }) => {
  await openBackups(page, sani.host.openUrl);
  const rule = page.getByTestId('backups-retention');
  await expect(rule).toContainText('今天的备份保留最新 10 份;最近 30 天每天保留 1 份;最近 12 个月每月保留 1 份');
  await page.getByTestId('retention-edit').click();
  await page.getByTestId('retention-keepLatestToday').fill('0');
  await page.getByTestId('retention-save').click();
  await expect(page.getByTestId('retention-error')).toHaveText('“今天保留最新”应为 1–100 的整数');
  await page.getByTestId('retention-keepLatestToday').fill('5');
  await page.getByTestId('retention-dailyForDays').fill('14');
  await page.getByTestId('retention-save').click();
  await expect(rule).toContainText('今天的备份保留最新 5 份;最近 14 天每天保留 1 份');
  const stored = await sani.ws.db.read.get<{ value: string }>("SELECT value FROM settings WHERE key = 'backup.retention'");
  expect(JSON.parse(stored!.value)).toEqual({ keepLatestToday: 5, dailyForDays: 14, monthlyForMonths: 12 });
  await page.getByTestId('backups-create').click();
  await expect(page.getByTestId('backup-row')).toHaveCount(1);
  await page.screenshot({ path: '/tmp/backups-page.png' });
});

test('a clerk sees no 备份 entry and backups.restore answers 403', async ({ page, sani, request }) => {
  await loginAs(page, sani, 'clerk', '/toilets');
  await expect(page.getByTestId('current-user')).toBeVisible();
  await expect(page.locator('.side-nav')).not.toContainText('备份');
  await page.goto(`${sani.host.url}/#/backups`);
  await expect(page.getByTestId('no-permission')).toBeVisible();

  const session = await sessionFor(sani, 'clerk');
  const response = await request.post(`${sani.host.url}/api/backups.restore`, {
    headers: { 'X-SaniDesk-Token': sani.host.token, 'X-SaniDesk-Session': session },
    data: { file: 'x.db' },
  });
  expect(response.status()).toBe(403);
  expect((await response.json()).error.message).toContain('需要系统管理员角色');
});
