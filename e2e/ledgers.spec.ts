/**
 * The ledger screens beyond toilets, through the UI: every 台账 entry opens its grid; an estate's status moves
 * only through 状态变更 (a dated decision, listed in the drawer); the tonnage sheet by month with its computed
 * columns; money in 元 with thousands separators; a failing credit code saved with a written reason; the blank
 * template; Ctrl+P printing the rows on screen. Stored values are checked in the SQLite file.
 */
import { cell, expect, openLedger, scrollToColumn, test } from './fixtures';

test('every 台账 entry in the navigation opens a working grid', async ({ page, sani }) => {
  await openLedger(page, sani, '/toilets');
  const nav = page.locator('.side-nav');
  // The 台账 group (other groups — 考核, 系统 — follow it).
  const ledgerGroup = nav.locator('.nav-group').filter({ has: page.locator('.nav-group-label', { hasText: /^台账$/ }) });
  await expect(ledgerGroup.locator('.nav-entry')).toHaveText(['街道社区', '生活小区', '作业单位', '合同标段', '公厕', '清运处置']);
  const expected: Array<[string, string, string]> = [
    ['街道社区', 'streets', '共 8 行'],
    ['生活小区', 'estates', '共 80 行'],
    ['作业单位', 'contractors', `共 ${(await sani.ws.db.read.get<{ n: number }>('SELECT count(*) AS n FROM contractors WHERE deleted_at IS NULL'))!.n} 行`],
    ['合同标段', 'contracts', `共 ${(await sani.ws.db.read.get<{ n: number }>('SELECT count(*) AS n FROM contracts WHERE deleted_at IS NULL'))!.n} 行`],
    ['清运处置', 'disposal', '共 12 行'],
  ];
  for (const [label, , rows] of expected) {
    await nav.getByText(label, { exact: true }).click();
    await expect(page.getByTestId('status-rows')).toHaveText(rows);
  }
  // Two ledgers on one screen are tabs: 社区(村) under 街道社区.
  await nav.getByText('街道社区', { exact: true }).click();
  await page.getByTestId('tab-communities').click();
  await expect(page.getByTestId('status-rows')).toHaveText('共 60 行');
  await expect(page.locator('.ag-header-cell[col-id="streetId"]')).toHaveText('所属街道');
});

test('状态变更 records a dated decision; the status itself is not edited in the grid', async ({ page, sani }) => {
  const estate = (await sani.ws.db.read.get<{ id: number; code: string; name: string; version: number }>(
    "SELECT id, code, name, version FROM estates WHERE status = 'pilot' AND deleted_at IS NULL ORDER BY code LIMIT 1",
  ))!;
  await openLedger(page, sani, '/estates');
  await page.getByTestId('search-box').fill(estate.code);
  await expect(page.getByTestId('status-rows')).toHaveText('共 80 行,筛选后 1 行');

  // 创建等级 is read-only in the grid (shown like a computed column).
  const status = cell(page, estate.id, 'status');
  await scrollToColumn(page, 'status');
  await expect(status).toHaveText('试点');
  await expect(status).toHaveClass(/cell-derived/);

  await status.click();
  await page.getByTestId('btn-decide').click();
  const dialog = page.getByTestId('decide-dialog');
  await expect(dialog).toContainText(`状态变更:${estate.code} ${estate.name}`);
  await expect(dialog).toContainText('当前等级:试点');
  await dialog.getByTestId('decide-toStatus').selectOption({ label: '达标' });
  await dialog.getByTestId('decide-submit').click();
  await expect(dialog.getByTestId('decide-error-decisionDoc')).toBeVisible();

  // The decision date is the host's today (the browser here runs in another time zone than the test host).
  const now = new Date();
  const today = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  await dialog.getByTestId('decide-decidedAt').fill(today);
  await dialog.getByTestId('decide-decisionDoc').fill('示例区分类办〔2026〕8号');
  await dialog.getByTestId('decide-evaluationScore').fill('91.5');
  await dialog.getByTestId('decide-submit').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('status-message')).toContainText(`已登记:${estate.code} ${estate.name} 变更为 达标`);
  await expect(status).toHaveText('达标');
  const stored = await sani.ws.db.read.get<{ status: string; version: number }>('SELECT status, version FROM estates WHERE id = ?', [estate.id]);
  expect(stored).toMatchObject({ status: 'compliant', version: estate.version + 1 });
  const decision = await sani.ws.db.read.get<{ to_status: string; decision_doc: string; evaluation_score: number }>(
    'SELECT to_status, decision_doc, evaluation_score FROM estate_status_decisions WHERE estate_id = ? ORDER BY id DESC LIMIT 1',
    [estate.id],
  );
  expect(decision).toEqual({ to_status: 'compliant', decision_doc: '示例区分类办〔2026〕8号', evaluation_score: 91.5 });

  // The drawer lists the decision with its document number.
  await cell(page, estate.id, '__rowNumber').dblclick();
  const latest = page.getByTestId('drawer').getByTestId('estate-decision').first();
  await expect(latest).toContainText('试点 → 达标');
  await expect(latest).toContainText('示例区分类办〔2026〕8号');
  await expect(page.getByTestId('drawer').locator('output[data-field="status"]')).toHaveText('达标');
});

test('the tonnage sheet shows one month with its computed columns', async ({ page, sani }) => {
  const latest = (await sani.ws.db.read.get<{ month: string; n: number }>(
    'SELECT month, count(*) AS n FROM estate_tonnage WHERE deleted_at IS NULL GROUP BY month ORDER BY month DESC LIMIT 1',
  ))!;
  const { n: all } = (await sani.ws.db.read.get<{ n: number }>('SELECT count(*) AS n FROM estate_tonnage WHERE deleted_at IS NULL'))!;
  await openLedger(page, sani, '/estates');
  await page.getByTestId('tab-tonnage').click();
  const picker = page.getByTestId('tonnage-month');
  await picker.getByLabel('考核年份').selectOption(latest.month.slice(0, 4));
  await picker.getByLabel('考核月').selectOption(String(Number(latest.month.slice(5))));
  await expect(page.getByTestId('status-rows')).toHaveText(`共 ${latest.n} 行`);
  await expect(page.locator('.ag-header-cell[col-id="kitchenSeparationRate"]')).toHaveText('厨余分出率(%)');
  await expect(page.locator('.ag-row[row-index="0"] .ag-cell[col-id="month"]')).toHaveText(latest.month);
  await expect(page.locator('.ag-row[row-index="0"] .ag-cell[col-id="totalT"]')).toHaveClass(/cell-derived/);
  await page.getByTestId('tonnage-all-months').check();
  await expect(page.getByTestId('status-rows')).toHaveText(`共 ${all} 行`);
});

test('money is shown in 元 with thousands separators and two decimals', async ({ page, sani }) => {
  const contract = (await sani.ws.db.read.get<{ id: number; annual: number }>(
    'SELECT id, annual_amount_fen AS annual FROM contracts WHERE deleted_at IS NULL ORDER BY id LIMIT 1',
  ))!;
  await openLedger(page, sani, '/contracts');
  await scrollToColumn(page, 'annualAmountFen');
  await expect(page.locator('.ag-header-cell[col-id="annualAmountFen"]')).toHaveText('年度金额(元)');
  const yuan = `${Math.floor(contract.annual / 100).toLocaleString('en-US')}.${String(contract.annual % 100).padStart(2, '0')}`;
  await expect(cell(page, contract.id, 'annualAmountFen')).toHaveText(yuan);
});

test('a credit code that fails its check character is saved with a written reason', async ({ page, sani }) => {
  const contractor = (await sani.ws.db.read.get<{ id: number; name: string }>(
    'SELECT id, name FROM contractors WHERE deleted_at IS NULL AND uscc_override_reason IS NULL ORDER BY id LIMIT 1',
  ))!;
  await openLedger(page, sani, '/contractors');
  const uscc = cell(page, contractor.id, 'uscc');
  await uscc.click();
  await uscc.press('F2');
  const editor = page.locator('.ag-cell-inline-editing input');
  await editor.fill('91350211M0000XUF46');
  await editor.press('Enter');

  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toContainText('信用代码校验位不符');
  await expect(dialog.getByTestId('override-message')).toContainText('校验不符说明');
  await expect(uscc).toHaveClass(/cell-error/);
  await dialog.getByTestId('confirm-ok').click();
  await expect(dialog).toContainText('请写明核实情况');
  await dialog.getByTestId('override-reason').fill('已核对营业执照原件,代码无误');
  await dialog.getByTestId('confirm-ok').click();
  await expect(dialog).toBeHidden();
  await expect(uscc).toHaveText('91350211M0000XUF46');
  await expect(uscc).toHaveClass(/cell-warning/);
  const stored = await sani.ws.db.read.get<{ uscc: string; reason: string }>(
    'SELECT uscc, uscc_override_reason AS reason FROM contractors WHERE id = ?',
    [contractor.id],
  );
  expect(stored).toEqual({ uscc: '91350211M0000XUF46', reason: '已核对营业执照原件,代码无误' });
});

test('模板 downloads the blank sheet and Ctrl+P prints the rows on screen', async ({ page, sani }) => {
  await openLedger(page, sani, '/estates');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('btn-template').click()]);
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  await expect(page.getByTestId('status-message')).toContainText('已下载空白模板');

  // The browser's print dialog is replaced by a probe that reads the printed table.
  await page.evaluate(() => {
    window.print = () => {
      const view = document.querySelector('.print-view');
      (window as unknown as { printed: unknown }).printed = {
        title: view?.querySelector('h1')?.textContent,
        headers: [...(view?.querySelectorAll('th') ?? [])].map((th) => th.textContent),
        rows: view?.querySelectorAll('tbody tr').length,
        visible: view ? getComputedStyle(view).display : null,
      };
    };
  });
  await page.getByTestId('search-box').fill('SL-J01');
  await expect(page.getByTestId('status-rows')).toHaveText(/筛选后 \d+ 行/);
  const shown = Number((await page.getByTestId('status-rows').textContent())!.match(/筛选后 (\d+) 行/)![1]);
  await page.locator('.ag-row[row-index="0"] .ag-cell[col-id="name"]').click();
  await page.keyboard.press('Control+p');
  const printed = await page.evaluate(() => (window as unknown as { printed: { title: string; headers: string[]; rows: number; visible: string } }).printed);
  expect(printed.title).toBe('生活小区垃圾分类台账');
  expect(printed.headers.slice(0, 3)).toEqual(['序号', '小区编号', '小区名称']);
  expect(printed.rows).toBe(shown);
  // On screen the print table stays hidden; only the print stylesheet shows it.
  expect(printed.visible).toBe('none');
});
