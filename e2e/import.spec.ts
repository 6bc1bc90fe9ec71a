/**
 * 导入 through the dialog, as a clerk imports the district's toilet sheet (e2e/fixtures/toilets-ledger.xlsx:
 * title rows, a two-level header with ✓ boxes, a 合计 row, a misspelt street, a duplicate code, two boxes
 * ticked in one group, an impossible month): the dry run names the bad rows and columns, the proposed street
 * is confirmed, the valid rows are imported and shown in the grid, and the same file again changes nothing.
 */
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { auditCount, expect, openToilets, test } from './fixtures';

const SHEET = resolve(__dirname, 'fixtures', 'toilets-ledger.xlsx');

/** Dialog steps 1–3: choose the file, keep the detected mapping, run the check. */
async function chooseAndCheck(page: Page) {
  await page.getByTestId('btn-import').click();
  const dialog = page.getByTestId('import-dialog');
  await expect(dialog).toContainText('导入公厕台账');
  await dialog.getByTestId('import-file').setInputFiles(SHEET);
  await expect(dialog.getByTestId('import-header-row')).toHaveText('表头在第 3 行');
  await dialog.getByTestId('import-check').click();
  await expect(dialog.getByTestId('import-counts')).toBeVisible();
  return dialog;
}

/** Steps 3–5: confirm the proposed street, import only the valid rows, read the result. */
async function confirmAndImport(page: Page) {
  const dialog = page.getByTestId('import-dialog');
  const match = dialog.getByTestId('import-matches').locator('tr[data-written="新华路街到"]');
  await expect(match).toContainText('新华路街道');
  await match.getByTestId('import-confirm-match').check();
  await dialog.getByTestId('import-next').click();
  await expect(dialog.getByTestId('import-plan')).toContainText('已确认 1 个名称对应');
  await dialog.getByTestId('import-valid-only').check();
  await dialog.getByTestId('import-commit').click();
  await expect(dialog.getByTestId('import-result')).toBeVisible();
  return dialog;
}

test('a district sheet: dry run by row and column, a confirmed match, the valid rows imported, then nothing new', async ({ page, sani }) => {
  await openToilets(page, sani);
  await expect(page.getByTestId('status-rows')).toHaveText('共 150 行');
  const dialog = await chooseAndCheck(page);

  // The mapping step showed the header under the title rows; the check lists the four bad rows by row and column.
  const errors = dialog.getByTestId('import-problems').locator('tr.problem-error');
  await expect(errors).toHaveCount(4);
  expect(await errors.evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-row'), tr.getAttribute('data-column')]))).toEqual([
    ['8', 'D'],
    ['10', 'B'],
    ['12', 'I'],
    ['13', 'R'],
  ]);
  await expect(errors.nth(0)).toContainText('新华路街到');
  await expect(errors.nth(1)).toContainText('公厕编号 GC-2405 与第 9 行重复');
  await expect(errors.nth(3)).toContainText('“2023.13”不是有效年月');
  await expect(dialog.getByTestId('import-counts')).toContainText('可导入 5 行');
  await expect(dialog.getByTestId('import-counts')).toContainText('有误 4 行');
  const auditBefore = await auditCount(sani);
  expect(await auditCount(sani, 'import.commit')).toBe(0);

  await confirmAndImport(page);
  await expect(dialog.getByTestId('import-added')).toHaveText('6');
  await expect(dialog.getByTestId('import-refused')).toHaveText('3');
  await expect(dialog.getByTestId('import-refused-rows')).toContainText('第 10 行');
  expect(await auditCount(sani)).toBeGreaterThan(auditBefore);

  await dialog.getByTestId('import-close').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('status-rows')).toHaveText('共 156 行');
  const imported = await sani.ws.db.read.all<{ code: string; street: string }>(
    "SELECT t.code, s.name AS street FROM toilets t JOIN streets s ON s.id = t.street_id WHERE t.code LIKE 'GC-24%' ORDER BY t.code",
  );
  expect(imported).toHaveLength(6);
  expect(imported.some((r) => r.street === '新华路街道')).toBe(true);
  await page.getByTestId('search-box').fill('GC-24');
  await expect(page.getByTestId('status-rows')).toHaveText('共 156 行,筛选后 6 行');
  await expect(page.locator('.ag-cell[col-id="code"]', { hasText: imported[0].code })).toBeVisible();

  // The same file again: every row is matched on its code and nothing changes.
  const auditAfterFirst = await auditCount(sani);
  await chooseAndCheck(page);
  await expect(dialog.getByTestId('import-counts')).toContainText('不变 5');
  await confirmAndImport(page);
  await expect(dialog.getByTestId('import-added')).toHaveText('0');
  await expect(dialog.getByTestId('import-updated')).toHaveText('0');
  await expect(dialog.getByTestId('import-unchanged')).toHaveText('6');
  expect(await auditCount(sani)).toBe(auditAfterFirst);
  await dialog.getByTestId('import-close').click();
  await expect(page.getByTestId('status-rows')).toHaveText(/^共 156 行/);
});

test('a file dropped on the grid opens the dialog with it, and the mapping can be saved as a template', async ({ page, sani }) => {
  await openToilets(page, sani);
  const bytes = (await import('node:fs')).readFileSync(SHEET).toString('base64');
  const transfer = await page.evaluateHandle((b64) => {
    const raw = atob(b64);
    const data = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i += 1) data[i] = raw.charCodeAt(i);
    const t = new DataTransfer();
    t.items.add(new File([data], 'toilets-ledger.xlsx', { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
    return t;
  }, bytes);
  const grid = page.locator('.grid-area');
  await grid.dispatchEvent('dragover', { dataTransfer: transfer });
  await grid.dispatchEvent('drop', { dataTransfer: transfer });
  const dialog = page.getByTestId('import-dialog');
  await expect(dialog.getByTestId('import-file-name')).toHaveText('toilets-ledger.xlsx');
  await expect(dialog.getByTestId('import-map-B')).toHaveValue('code');

  // Column A (序号) is not imported; the clerk saves this mapping under a name and it is listed.
  await expect(dialog.getByTestId('import-map-A')).toHaveValue('');
  await dialog.getByTestId('import-template-name').fill('街道报送格式');
  await dialog.getByTestId('import-template-save').click();
  await expect(dialog.getByTestId('import-notice')).toHaveText('已把当前的列对应保存为模板“街道报送格式”');
  await expect(dialog.getByTestId('import-template').locator('option', { hasText: '街道报送格式' })).toHaveCount(1);
  const saved = await sani.ws.db.read.get<{ n: number }>("SELECT count(*) AS n FROM import_templates WHERE name = '街道报送格式'");
  expect(saved!.n).toBe(1);

  // Esc closes the dialog without importing anything.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('status-rows')).toHaveText('共 150 行');
});
