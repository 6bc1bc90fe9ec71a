/**
 * A truncated workspace opened the way `npm run cli -- serve --data DIR` opens it (startConsoleHost): the console's
 * first screen says in Chinese what is wrong, names the newest good backup and offers it; 用此备份恢复 restores it
 * (the damaged file kept aside) and the console goes on to the login of the restored workspace.
 */
import { test, expect } from '@playwright/test';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBackup } from '../db/backup/backup';
import { loadDemoDistrict } from '../db/demo/demo';
import { defaultOperator } from '../db/users/users';
import { DB_FILE_NAME, openWorkspace } from '../db/workspace/workspace';
import { startConsoleHost } from '../electron/host/open-workspace';
import { RENDERER_DIR } from './fixtures';

test('a truncated workspace starts in recovery: message, newest good backup, restore, then login and the toilets', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'sanidesk-e2e-recovery-'));
  const ws = await openWorkspace(dir);
  await loadDemoDistrict({ ws, user: await defaultOperator(ws.db) });
  const older = await createBackup(ws, 'scheduled');
  const newest = await createBackup(ws, 'manual');
  await ws.db.close();
  const file = join(dir, DB_FILE_NAME);
  truncateSync(file, Math.floor(statSync(file).size / 2));

  const started = await startConsoleHost({ dir, rendererDir: RENDERER_DIR, port: 0 });
  try {
    expect(started.recovery?.backups.map((b) => b.file)).toEqual([newest.file, older.file]);
    await page.goto(started.host.openUrl);

    await expect(page.getByTestId('recovery-page')).toBeVisible();
    await expect(page.getByTestId('recovery-message')).toContainText(`工作区文件已损坏,SaniDesk 不能打开它:${file}`);
    const offer = page.getByTestId('recovery-newest');
    await expect(offer).toContainText('刚刚检查通过');
    await expect(offer).toContainText(newest.file);
    await expect(offer).toContainText('手动备份');
    await expect(offer).toContainText(`${Math.round(newest.sizeBytes / 1024)} KB`);
    await expect(page.locator('.recovery-others summary')).toContainText('其他备份(1 份');
    await page.screenshot({ path: '/tmp/recovery-page.png' });

    await page.getByTestId('recovery-restore').click();
    await expect(page.getByTestId('login-form')).toBeVisible();
    await expect(page.getByTestId('login-notice')).toContainText('已从');
    await expect(page.getByTestId('login-notice')).toContainText('的备份恢复工作区,请登录');
    expect(readdirSync(join(dir, 'backups')).some((f) => f.endsWith('-damaged.db'))).toBe(true);

    await page.getByTestId('login-name').fill('admin');
    await page.getByTestId('login-password').fill('demo1234');
    await page.getByTestId('login-password').press('Enter');
    await page.goto(`${started.host.url}/#/toilets`);
    await expect(page.getByTestId('status-rows')).toHaveText('共 150 行');
  } finally {
    await started.close();
    rmSync(dir, { recursive: true, force: true });
  }
  expect(existsSync(dir)).toBe(false);
});
