/**
 * 月度排名 and 外部成绩导入 through the UI: a supervisor computes a month's ranking (ordinals, grades, 未检查 rows)
 * and opens a section's 考核扣款明细表; a clerk sees the run but cannot compute; a clerk imports a city-level score
 * table whose published ranks disagree with its scores and that names a unit the district does not have — the
 * dry run shows both by Excel row, the import waits until the unknown unit is confirmed, and the run lands on
 * 月度排名 with the mismatch marked amber.
 */
import type { Page } from '@playwright/test';
import { callApi } from '../db/api';
import { loadDemoAssessment } from '../db/assessment/demo';
import type { RankingRun } from '../db/ranking/types';
import { expect, loginAs, test, userFor, type Console } from './fixtures';

async function pickMonth(page: Page, month: string, testId = 'period-month') {
  const picker = page.getByTestId(testId);
  await picker.getByLabel('考核年份').selectOption(String(Number(month.slice(0, 4))));
  await picker.getByLabel('考核月').selectOption(String(Number(month.slice(5, 7))));
}

async function lockedMonth(sani: Console): Promise<string> {
  const loaded = await loadDemoAssessment({ ws: sani.ws, user: await userFor(sani, 'admin') });
  return loaded.lockedMonths[1];
}

test.describe('as a supervisor', () => {
  test.use({ loginAs: 'supervisor' });

  test('computes a month’s ranking with ordinals and grades, and prints a section’s 考核扣款明细表', async ({ page, sani }) => {
    test.setTimeout(120_000);
    const month = await lockedMonth(sani);
    await page.goto(`${sani.host.openUrl}#/ranking`);
    await expect(page.getByTestId('ranking-empty')).toBeVisible();
    await pickMonth(page, month);
    await page.getByTestId('ranking-category').selectOption('roadCleaning');
    await page.getByTestId('btn-compute').click();
    await expect(page.getByTestId('run-status')).toHaveText('草稿');
    // Approval is the manager's: the supervisor is told so instead of getting the button.
    await expect(page.getByTestId('btn-approve')).toHaveCount(0);
    await expect(page.getByText('批准需分管领导')).toBeVisible();

    const run = (await sani.ws.db.read.get<{ id: number }>("SELECT id FROM ranking_runs WHERE category = 'roadCleaning'"))!;
    const stored = await callApi({ ws: sani.ws, user: await userFor(sani, 'supervisor') }, 'ranking.get', { id: run.id });
    if (!stored.ok) throw new Error(stored.error.message);
    const rows = (stored.data as RankingRun).rows;
    for (const row of rows.filter((r) => r.status === 'ranked')) {
      await expect(page.locator(`.ag-row[row-id="${row.seq}"] .ag-cell[col-id="rank"]`)).toHaveText(row.rankText!);
      await expect(page.locator(`.ag-row[row-id="${row.seq}"] .ag-cell[col-id="score"]`)).toHaveText(row.score!.toFixed(2).replace(/(\.\d\d)\d*$/, '$1'));
    }
    await expect(page.locator('.ag-row[row-id="1"] .ag-cell[col-id="grade"]')).toHaveText(rows[0].grade!);
    await page.screenshot({ path: test.info().outputPath('ranking.png') });

    // The first section's statement: findings, subtotals, money, both signature lines, in the print preview.
    await page.getByTestId('statement-1').click();
    const dialog = page.getByTestId('statement-dialog');
    await expect(dialog).toBeVisible();
    const sheet = page.frameLocator('[data-testid="statement-frame"]');
    await expect(sheet.locator('h1')).toHaveText('考核扣款明细表');
    await expect(sheet.getByText('甲方(考核单位)')).toBeVisible();
    await expect(sheet.getByText('应付金额').first()).toBeVisible();
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('statement-pdf').click()]);
    expect(download.suggestedFilename()).toMatch(/^考核扣款明细表.*\.pdf$/);
    await page.screenshot({ path: test.info().outputPath('statement.png') });
  });
});

test.describe('as a clerk', () => {
  test.use({ loginAs: 'clerk' });

  test('sees the rankings without the compute button, and imports a score table with a rank mismatch and an unknown unit', async ({ page, sani }) => {
    test.setTimeout(120_000);
    const streets = await sani.ws.db.read.all<{ name: string }>('SELECT name FROM streets WHERE deleted_at IS NULL ORDER BY sort_order LIMIT 3');
    await page.goto(`${sani.host.openUrl}#/ranking`);
    await expect(page.getByText('计算排名需审核员')).toBeVisible();
    await expect(page.getByTestId('btn-compute')).toHaveCount(0);

    // A city table: 第一名 is right, the two below are swapped against their scores, and one town is not ours.
    const csv = [
      '2025年第三季度市级环境卫生考核成绩',
      '排名,镇(街),得分',
      `第一名,${streets[0].name},95.5`,
      `第二名,${streets[1].name},88`,
      `第三名,${streets[2].name},91.25`,
      '第四名,外区示范街道,80',
    ].join('\r\n');
    await page.goto(`${sani.host.url}/#/external-scores`);
    await expect(page.getByTestId('external-empty')).toBeVisible();
    await page.getByTestId('btn-external-import').click();
    const dialog = page.getByTestId('external-import');
    await dialog.getByTestId('external-file').setInputFiles({ name: '市级考核.csv', mimeType: 'text/csv', buffer: Buffer.from(`\ufeff${csv}`, 'utf8') });
    await dialog.getByTestId('period-kind-quarter').click();
    await dialog.getByTestId('period-year').selectOption('2025');
    await dialog.getByLabel('季度').selectOption('3');
    await dialog.getByTestId('external-category').selectOption('__other__');
    await dialog.getByTestId('external-category-label').fill('市级环境卫生考核');
    await dialog.getByTestId('external-preview').click();
    await expect(dialog.getByTestId('external-preview-result')).toBeVisible();
    // Excel rows 4 and 5 published ranks that disagree with their scores; row 6 names a town the district lacks.
    await expect(dialog.getByTestId('external-row-4').locator('.ranking-warn-cell')).toHaveText('第3名');
    await expect(dialog.getByTestId('external-row-5').locator('.ranking-warn-cell')).toHaveText('第2名');
    await expect(dialog.getByTestId('external-row-6')).toContainText('本区没有');
    await expect(dialog.getByTestId('external-commit')).toBeDisabled();
    await page.screenshot({ path: test.info().outputPath('external-preview.png') });
    await dialog.getByTestId('external-create-units').check();
    await dialog.getByTestId('external-commit').click();
    await expect(dialog.getByTestId('external-done')).toContainText('已导入 4 行');
    const run = (await sani.ws.db.read.get<{ id: number }>("SELECT id FROM ranking_runs WHERE source = 'external'"))!;
    expect((await sani.ws.db.read.get<{ n: number }>("SELECT count(*) AS n FROM external_units WHERE name = '外区示范街道'"))!.n).toBe(1);

    await dialog.getByRole('button', { name: '在月度排名中查看' }).click();
    await expect(page.getByTestId('run-status')).toHaveText('草稿');
    await expect(page.getByTestId('run-bar')).toContainText('公布名次不符 2 行');
    const mismatch = page.locator('.ag-row .ag-cell[col-id="publishedRank"].cell-warning');
    await expect(mismatch).toHaveCount(2);
    await page.screenshot({ path: test.info().outputPath('external-run.png') });

    // A manager approves it; the clerk still cannot make a bulletin (a supervisor drafts bulletins).
    const approved = await callApi({ ws: sani.ws, user: await userFor(sani, 'manager') }, 'ranking.approve', { id: run.id });
    expect(approved.ok).toBe(true);
    await loginAs(page, sani, 'clerk', '/ranking');
    await page.getByText('其他期间').click();
    await page.getByTestId(`run-${run.id}`).click();
    await expect(page.getByTestId('run-status')).toHaveText('已批准');
    await expect(page.getByTestId('period-kind-quarter')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('btn-create-bulletin')).toHaveCount(0);
  });
});
