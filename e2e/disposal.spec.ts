/**
 * 清运处置 and the two rates it feeds (DOMAIN §6.1): the demo district's twelve months in the 台账 grid; on 指标,
 * 生活垃圾无害化处理率 has a current value from them, 生活垃圾资源化利用率 has none until the administrator sets the
 * province's coefficients on 系统 → 设置 (with a reason, kept in the audit log), and then it has one.
 */
import { expect, openLedger, test } from './fixtures';

test('清运处置 grid; coefficients set on 设置 give 生活垃圾资源化利用率 a current value on 指标', async ({ page, sani }) => {
  await openLedger(page, sani, '/disposal');
  await expect(page.getByTestId('status-rows')).toHaveText('共 12 行');
  await expect(page.locator('.ag-header-cell[col-id="collectedT"]')).toContainText('清运量');

  const row = (name: string) => page.getByTestId('indicator-progress').locator(`tr[data-name="${name}"]`);
  await page.evaluate(() => {
    location.hash = '#/indicators';
  });
  await expect(row('生活垃圾无害化处理率').locator('[data-col="current"]')).toHaveText(/^\d+\.\d{2}%$/);
  const resource = row('生活垃圾资源化利用率');
  await expect(resource.locator('[data-col="current"]')).toHaveText('暂无数据');
  await expect(resource.locator('[data-col="progress"]')).toContainText('未设置资源化系数');

  await page.evaluate(() => {
    location.hash = '#/settings';
  });
  const section = page.getByTestId('settings-coefficients');
  await expect(section).toContainText('由省级');
  await page.getByTestId('settings-k-incineration').fill('0.9');
  await page.getByTestId('settings-k-kitchen').fill('0.6');
  await page.getByTestId('settings-k-landfill').fill('0');
  // A reason is required; nothing is stored without one.
  await page.getByTestId('settings-k-save').click();
  await expect(page.getByTestId('settings-k-error')).toHaveText('请填写修改原因');
  expect(await sani.ws.db.read.get("SELECT value FROM settings WHERE key = 'kpi.resourceCoefficients'")).toBeUndefined();
  await page.getByTestId('settings-k-reason').fill('按省厅统计口径');
  await page.getByTestId('settings-k-save').click();
  await expect(page.getByTestId('status-message')).toContainText('已保存:资源化利用率系数');
  const stored = await sani.ws.db.read.get<{ value: string }>("SELECT value FROM settings WHERE key = 'kpi.resourceCoefficients'");
  expect(JSON.parse(stored!.value)).toEqual({ incineration: 0.9, kitchen: 0.6, landfill: 0 });
  const audit = await sani.ws.db.read.get<{ reason: string }>("SELECT reason FROM audit_log WHERE method = 'settings.update' ORDER BY id DESC LIMIT 1");
  expect(audit!.reason).toBe('按省厅统计口径');

  await page.evaluate(() => {
    location.hash = '#/indicators';
  });
  await expect(resource.locator('[data-col="current"]')).toHaveText(/^\d+\.\d{2}%$/);
  await expect(resource.getByRole('progressbar')).toContainText('目标 100%');
});
