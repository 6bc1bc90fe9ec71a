/**
 * The toilet ledger as the documentation shows it: a 1440×900 screenshot written to
 * docs/screenshots/toilets.png on every run, with a check that the Chinese text is really in the page.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, openToilets, test } from './fixtures';

const SCREENSHOTS = resolve(__dirname, '..', 'docs', 'screenshots');

test('screenshot of the toilet ledger', async ({ page, sani }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openToilets(page, sani);
  await expect(page.locator('.ag-header-cell[col-id="code"]')).toHaveText('公厕编号');
  await expect(page.locator('.top-bar')).toContainText('环卫台账与考评');
  await expect(page.locator('.top-bar')).toContainText('示例数据');
  await expect(page.getByTestId('status-rows')).toHaveText('共 150 行');
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: resolve(SCREENSHOTS, 'toilets.png') });
});
