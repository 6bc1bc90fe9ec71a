/**
 * The bulletin scenario through the UI: the demo district with two locked months (loadDemoAssessment),
 * a ranking computed by the supervisor, then the manager approves it on 月度排名, generates the bulletin,
 * gives it its number and issues it on 通报; 已发通报 hands over the archived PDF, which pdftotext reads back with
 * the title, the number, every ranked unit with its Chinese ordinal (tied units the same ordinal, twice) and the
 * 抄送 line. Page 1 is rendered to docs/screenshots/bulletin.png. Then the archive refuses any change.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { callApi } from '../db/api';
import { loadDemoAssessment } from '../db/assessment/demo';
import type { RankingRun } from '../db/ranking/types';
import { expect, test, userFor, type Console } from './fixtures';

test.use({ loginAs: 'manager' });

const SCREENSHOTS = resolve(__dirname, '..', 'docs', 'screenshots');

async function as(sani: Console, role: 'admin' | 'supervisor' | 'manager' | 'clerk') {
  return { ws: sani.ws, user: await userFor(sani, role) };
}

/** The period picker of 月度排名 on a month (year and month selects of its MonthPicker). */
async function pickMonth(page: Page, month: string) {
  const picker = page.getByTestId('period-month');
  await picker.getByLabel('考核年份').selectOption(String(Number(month.slice(0, 4))));
  await picker.getByLabel('考核月').selectOption(String(Number(month.slice(5, 7))));
}

test('a manager approves the ranking, generates and issues the bulletin; the archived PDF holds every ordinal', async ({ page, sani }) => {
  test.setTimeout(180_000);
  const loaded = await loadDemoAssessment(await as(sani, 'admin'));
  const month = loaded.lockedMonths[1];
  const computed = await callApi(await as(sani, 'supervisor'), 'ranking.compute', { period: month, category: 'wasteSorting' });
  if (!computed.ok) throw new Error(computed.error.message);
  const run = computed.data as RankingRun;
  const ranked = run.rows.filter((r) => r.status === 'ranked');
  const tied = ranked.filter((r) => r.tied);
  // The demo month has estates with equal scores (e.g. three at 95): the tie the bulletin must print twice.
  expect(tied.length).toBeGreaterThanOrEqual(2);

  // 月度排名: the manager finds the draft of the month and approves it.
  await page.goto(`${sani.host.openUrl}#/ranking`);
  await pickMonth(page, month);
  await page.getByTestId(`run-${run.id}`).click();
  await expect(page.getByTestId('run-status')).toHaveText('草稿');
  await expect(page.locator('.ag-row[row-id="1"] .ag-cell[col-id="rank"]')).toHaveText(ranked[0].rankText!);
  await page.getByTestId('btn-approve').click();
  await page.getByTestId('confirm-ok').click();
  await expect(page.getByTestId('run-status')).toHaveText('已批准');

  // 生成通报 → the draft opens in the editor beside its print preview.
  await page.getByTestId('btn-create-bulletin').click();
  await expect(page.getByTestId('bulletin-status')).toHaveText('草稿');
  const preview = page.frameLocator('[data-testid="bulletin-frame"]');
  await expect(preview.locator('h1.title')).toContainText('考核情况的通报');
  const docNumber = `示城管〔${month.slice(0, 4)}〕12号`;
  await page.getByTestId('bf-docNumber').fill(`示城管[${month.slice(0, 4)}]12号`);
  await page.getByTestId('bf-docNumber').press('Tab');
  // Saved and normalised: the brackets become 〔〕, in the field and in the preview.
  await expect(page.getByTestId('bf-docNumber')).toHaveValue(docNumber);
  await expect(preview.locator('.docno')).toHaveText(docNumber);
  await page.getByTestId('bf-cc').fill('区城市管理委员会各成员单位,各街道办事处');
  await page.getByTestId('bf-cc').press('Tab');
  await expect(preview.locator('.record .cc')).toHaveText('抄送:区城市管理委员会各成员单位,各街道办事处。');

  await page.screenshot({ path: test.info().outputPath('editor.png') });

  await page.getByTestId('btn-issue').click();
  await page.getByTestId('confirm-ok').click();
  await expect(page.getByTestId('bulletin-status')).toHaveText(`已签发 ${docNumber}`, { timeout: 30_000 });
  await expect(page.getByTestId('bulletin-archived')).toContainText('sha256');
  await expect(page.getByTestId('bf-title')).toHaveAttribute('readonly', '');

  // 已发通报: the archived PDF, checked against its sha256 by the server.
  const stored = (await sani.ws.db.read.get<{ id: number; title: string; sha: string }>(
    "SELECT id, title, pdf_sha256 AS sha FROM bulletins WHERE status = 'issued'",
  ))!;
  await page.goto(`${sani.host.url}/#/bulletins/archive`);
  await expect(page.locator(`.ag-row[row-id="${stored.id}"] .ag-cell[col-id="docNumber"]`)).toHaveText(docNumber);
  await page.getByTestId(`archive-view-${stored.id}`).click();
  await expect(page.frameLocator('[data-testid="archive-frame"]').locator('.docno')).toHaveText(docNumber);
  await page.screenshot({ path: test.info().outputPath('archive.png') });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`archive-pdf-${stored.id}`).click()]);
  const pdfPath = test.info().outputPath('bulletin.pdf');
  await download.saveAs(pdfPath);
  const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
  const flat = text.replace(/\s+/g, '');
  expect(flat).toContain(stored.title);
  expect(flat).toContain(docNumber);
  expect(flat).toContain('抄送:区城市管理委员会各成员单位,各街道办事处。');
  // Row by row: in reading order (-raw keeps a cell's wrapped lines together) each ordinal is followed by its unit.
  const rows = execFileSync('pdftotext', ['-raw', pdfPath, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  for (const row of ranked) expect(rows, `${row.rankText} ${row.unitName}`).toContain(`${row.rankText}${row.unitName.replace(/\s+/g, '')}`);
  expect(text.split(tied[0].rankText!).length - 1).toBeGreaterThanOrEqual(2);

  // Page 1 as the documentation shows it.
  const stem = test.info().outputPath('bulletin-page');
  execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', pdfPath, stem]);
  mkdirSync(SCREENSHOTS, { recursive: true });
  copyFileSync(`${stem}.png`, join(SCREENSHOTS, 'bulletin.png'));

  // The archive does not change: the contract refuses, and says what to do instead.
  const refused = await callApi(await as(sani, 'manager'), 'bulletins.update', { id: stored.id, version: 3, fields: { title: '改' } });
  expect(refused.ok).toBe(false);
  if (!refused.ok) expect(refused.error.message).toContain('更正通报');
});
