/**
 * The screens as the documentation shows them, 1440×900, written to docs/screenshots/ on every run with a
 * check that the Chinese text is really in the page: the toilet ledger, the estates ledger with a selected
 * block, and the import dialog at its dry run.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { cell, estatesInGridOrder, expect, openLedger, openToilets, test } from './fixtures';

const SCREENSHOTS = resolve(__dirname, '..', 'docs', 'screenshots');

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  mkdirSync(SCREENSHOTS, { recursive: true });
});

test('screenshot of the toilet ledger', async ({ page, sani }) => {
  await openToilets(page, sani);
  await expect(page.locator('.ag-header-cell[col-id="code"]')).toHaveText('公厕编号');
  await expect(page.locator('.top-bar')).toContainText('环卫台账与考评');
  await expect(page.locator('.top-bar')).toContainText('示例数据');
  await expect(page.getByTestId('status-rows')).toHaveText('共 150 行');
  await page.screenshot({ path: resolve(SCREENSHOTS, 'toilets.png') });
});

test('screenshot of the estates ledger with a selected block', async ({ page, sani }) => {
  const rows = await estatesInGridOrder(sani, 6);
  await openLedger(page, sani, '/estates');
  await expect(page.locator('.ag-header-cell[col-id="households"]')).toHaveText('户数(户)');
  await cell(page, rows[1].id, 'address').click();
  await cell(page, rows[5].id, 'buildings').click({ modifiers: ['Shift'] });
  await expect(cell(page, rows[3].id, 'households')).toHaveClass(/range-cell/);
  await expect(page.getByTestId('status-rows')).toHaveText('共 80 行');
  await page.screenshot({ path: resolve(SCREENSHOTS, 'estates.png') });
});

test('screenshot of the import dialog at its dry run', async ({ page, sani }) => {
  await openToilets(page, sani);
  await page.getByTestId('btn-import').click();
  const dialog = page.getByTestId('import-dialog');
  await dialog.getByTestId('import-file').setInputFiles(resolve(__dirname, 'fixtures', 'toilets-ledger.xlsx'));
  await dialog.getByTestId('import-check').click();
  await expect(dialog.getByTestId('import-problems').locator('tr.problem-error')).toHaveCount(4);
  await expect(dialog.getByTestId('import-matches')).toContainText('新华路街道');
  await page.screenshot({ path: resolve(SCREENSHOTS, 'import.png') });
});

test('screenshot of the indicator table with its progress', async ({ page, sani }) => {
  await page.goto(`${sani.host.openUrl}#/indicators`);
  const table = page.getByTestId('indicator-progress');
  await expect(table.locator('tr[data-name]')).toHaveCount(19);
  await expect(table.locator('tr[data-name="生活垃圾分类覆盖率"]')).toContainText('100%');
  await page.screenshot({ path: resolve(SCREENSHOTS, 'indicators.png') });
});
