/**
 * 系统 → 审计日志 through the UI: a supervisor finds a clerk's toilet edit first in the log with who did it and
 * the changed field before → after, narrows by object type, user and date, checks the hash chain and exports
 * the filtered entries; a clerk has no entry in the menu and is refused the page.
 */
import { readFileSync } from 'node:fs';
import { callAsOtherClerk, expect, firstToilets, loginAs, test } from './fixtures';

/** A local calendar day as the date boxes take it (the browser runs on this machine, in its time zone). */
function localDay(offsetDays = 0): string {
  const d = new Date();
  d.setDate(d.getDate() + offsetDays);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

test.describe('as a supervisor', () => {
  test.use({ loginAs: 'supervisor' });

  test('a clerk’s toilet edit is listed first with who and the field before → after; filters narrow; the chain is complete', async ({ page, sani }) => {
    const [toilet] = await firstToilets(sani);
    await callAsOtherClerk(sani, 'toilets.update', { id: toilet.id, version: toilet.version, patch: { name: '审计日志测试公厕' } });
    const total = (await sani.ws.db.read.get<{ n: number }>('SELECT count(*) AS n FROM audit_log'))!.n;

    await page.goto(`${sani.host.openUrl}#/audit`);
    await expect(page.locator('.side-nav a', { hasText: /^审计日志$/ })).toBeVisible();
    await expect(page.getByTestId('audit-paging')).toHaveText(`第 1–${total} 条,共 ${total} 条`);

    const first = page.locator('[data-testid="audit-grid"] .ag-row[row-index="0"]');
    await expect(first.locator('[col-id="user"]')).toHaveText('张录入');
    await expect(first.locator('[col-id="action"]')).toHaveText('修改');
    await expect(first.locator('[col-id="entity"]')).toHaveText('公厕');
    await expect(first.locator('[col-id="entityId"]')).toHaveText(String(toilet.id));
    await expect(first.locator('[col-id="changes"]')).toHaveText(`公厕名称:${toilet.name} → 审计日志测试公厕`);

    await first.locator('[col-id="user"]').click();
    const detail = page.getByTestId('audit-detail');
    await expect(detail.getByTestId('audit-detail-user')).toHaveText('张录入');
    const changed = detail.locator('[data-testid="audit-changes"] tbody tr');
    await expect(changed).toHaveCount(1);
    await expect(changed.locator('th')).toHaveText('公厕名称');
    await expect(changed.locator('td').nth(0)).toHaveText(toilet.name);
    await expect(changed.locator('td').nth(1)).toHaveText('审计日志测试公厕');
    await page.screenshot({ path: '/tmp/audit-log-detail.png' });

    // 对象类型 公厕: the demo district's 150 toilets (one bulk entry) and the edit.
    await page.getByTestId('audit-entity').selectOption({ label: '公厕(2)' });
    await expect(page.getByTestId('audit-paging')).toHaveText('第 1–2 条,共 2 条');
    const bulk = (await sani.ws.db.read.get<{ id: number }>("SELECT id FROM audit_log WHERE entity = 'toilet' AND method = 'demo.load'"))!;
    await expect(page.locator(`[data-testid="audit-grid"] .ag-row[row-id="${bulk.id}"] [col-id="bulkRows"]`)).toHaveText('150');
    await page.getByTestId('audit-user').selectOption({ label: '张录入(1)' });
    await expect(page.getByTestId('audit-paging')).toHaveText('第 1–1 条,共 1 条');
    await page.getByTestId('audit-user').selectOption('');

    // Dates: everything happened today; a range ending yesterday holds nothing, today holds both again.
    await page.getByTestId('audit-to').fill(localDay(-1));
    await expect(page.getByTestId('audit-empty')).toContainText('没有符合筛选条件的记录');
    await page.getByTestId('audit-to').fill(localDay());
    await page.getByTestId('audit-from').fill(localDay());
    await expect(page.getByTestId('audit-paging')).toHaveText('第 1–2 条,共 2 条');

    // Ctrl+F goes to the search box; words in a recorded value find the entry.
    await page.keyboard.press('Control+f');
    await expect(page.getByTestId('audit-search')).toBeFocused();
    await page.keyboard.type('审计日志测试');
    await expect(page.getByTestId('audit-paging')).toHaveText('第 1–1 条,共 1 条');

    const download = page.waitForEvent('download');
    await page.getByTestId('audit-export').click();
    const csv = readFileSync(await (await download).path(), 'utf8');
    expect(csv.startsWith('\uFEFF序号,时间,操作人,操作,接口方法,对象,编号,修改内容,原因,批量行数(行)')).toBe(true);
    expect(csv.trim().split('\r\n')).toHaveLength(2);
    expect(csv).toContain(`张录入,修改,toilets.update,公厕,${toilet.id},公厕名称:${toilet.name} → 审计日志测试公厕`);

    await page.getByTestId('audit-verify').click();
    await expect(page.getByTestId('audit-verify-result')).toHaveText(`审计链完整:共 ${total} 条记录,逐条核对哈希与链接,未发现改动或缺失。`);
    await page.screenshot({ path: '/tmp/audit-log-page.png' });
  });
});

test('a clerk sees no 审计日志 entry and gets the no-permission page on #/audit', async ({ page, sani }) => {
  await loginAs(page, sani, 'clerk', '/toilets');
  await expect(page.getByTestId('current-role')).toHaveText('录入员');
  await expect(page.locator('.side-nav a', { hasText: /^审计日志$/ })).toHaveCount(0);
  await page.goto(`${sani.host.url}/#/audit`);
  await expect(page.getByTestId('no-permission')).toContainText('审核员');
  await expect(page.getByTestId('audit-grid')).toHaveCount(0);
});
