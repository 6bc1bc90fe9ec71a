/**
 * 逾期整改扣分: the administrator switches the rule on in the toilet scheme (live check of 最多扣分 against 每件扣分,
 * the worked example, the printed line) and off again (the block is removed); a supervisor sees the penalty on
 * 月度成绩 — a toilet with an order still open when the month before was locked loses the points the month after.
 */
import type { Page } from '@playwright/test';
import { callApi, type MethodInput, type MethodName, type MethodOutput } from '../db/api';
import type { SchemeDefinition } from '../db/assessment/types';
import type { Role } from '../db/users/roles';
import { expect, test, userFor, type Console } from './fixtures';

const TOILET_SCHEME = 2;
const pad = (n: number) => String(n).padStart(2, '0');

async function as<M extends MethodName>(sani: Console, role: Role, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await callApi({ ws: sani.ws, user: await userFor(sani, role) }, method, input);
  if (!result.ok) throw new Error(`${method} as ${role} refused: ${result.error.message}`);
  return result.data as MethodOutput<M>;
}

async function storedDefinition(sani: Console): Promise<SchemeDefinition> {
  const row = await sani.ws.db.read.get<{ definition: string }>('SELECT definition FROM assessment_schemes WHERE family_id = ? ORDER BY version DESC LIMIT 1', [TOILET_SCHEME]);
  return JSON.parse(row!.definition) as SchemeDefinition;
}

async function openScheme(page: Page, sani: Console): Promise<void> {
  await page.goto(`${sani.host.openUrl}#/schemes`);
  await page.getByTestId(`scheme-family-${TOILET_SCHEME}`).click();
  await expect(page.getByTestId(`scheme-family-${TOILET_SCHEME}`)).toHaveAttribute('aria-current', 'true');
}

test('the administrator switches 逾期整改扣分 on with a live check, prints it, and switches it off again', async ({ page, sani }) => {
  await openScheme(page, sani);
  await page.getByRole('button', { name: '逾期扣分' }).click();
  await page.getByTestId('overdue-enabled').check();
  await page.getByTestId('overdue-pointsPerOrder').fill('2');
  await page.getByTestId('overdue-cap').fill('1');
  const message = '逾期整改扣分的最多扣分 1 小于每件扣分 2(请改为不小于 2,或留空表示不设上限)';
  await expect(page.getByTestId('error-summary')).toContainText(message);
  await expect(page.getByTestId('error-overduePenalty.cap')).toHaveText(message);
  await expect(page.getByTestId('overdue-cap')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('scheme-save')).toBeDisabled();

  await page.getByTestId('overdue-cap').fill('5');
  await expect(page.getByTestId('error-summary')).toBeHidden();
  // 3 × 2 = 6 over the cap of 5: 92.5 → 87.5.
  await expect(page.getByTestId('overdue-example')).toContainText('本月得分扣 5 分(3 × 2 = 6,超过上限),如 92.5 分 → 87.5 分');
  await expect(page.getByTestId('check-state')).toHaveText('检查通过,可以保存');
  await page.getByTestId('scheme-save').click();
  await page.getByTestId('confirm-ok').click();
  await expect(page.getByTestId('scheme-notice')).toContainText('已直接修改第 1 版');
  expect((await storedDefinition(sani)).overduePenalty).toEqual({ pointsPerOrder: 2, cap: 5 });

  // The printed checklist says the rule in words.
  await page.evaluate(() => {
    window.print = () => undefined;
  });
  await page.getByTestId('scheme-print').click();
  await expect(page.getByTestId('scheme-printout')).toContainText(
    '逾期整改扣分:上月锁定时已过整改期限仍未整改(未免除)的整改单,次月得分每件扣 2 分,最多扣 5 分,扣到 0 分为止',
  );

  // Off again: the block is removed, not stored empty.
  await page.getByTestId('overdue-enabled').uncheck();
  await page.getByTestId('scheme-save').click();
  await page.getByTestId('confirm-ok').click();
  await expect(page.getByTestId('check-state')).toHaveText('检查通过');
  expect(await storedDefinition(sani)).not.toHaveProperty('overduePenalty');
});

test.describe('on 月度成绩', () => {
  test.use({ loginAs: 'supervisor' });

  test('a toilet with an order overdue at the lock of M loses the points in M+1, shown in its own column', async ({ page, sani }) => {
    const now = new Date();
    const monthOf = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}`;
    const N = monthOf(new Date(now.getFullYear(), now.getMonth() - 1, 1));
    const M = monthOf(new Date(now.getFullYear(), now.getMonth() - 2, 1));
    const def = await storedDefinition(sani);
    await as(sani, 'admin', 'schemes.save', { familyId: TOILET_SCHEME, definition: { ...def, overduePenalty: { pointsPerOrder: 1.5, cap: null } } });

    const toilet = (await sani.ws.db.read.get<{ id: number; name: string }>(
      `SELECT t.id, t.name FROM toilets t JOIN bid_sections b ON b.id = t.bid_section_id JOIN contracts c ON c.id = b.contract_id
        WHERE t.status = 'inUse' AND t.deleted_at IS NULL AND (t.commissioned_month IS NULL OR t.commissioned_month <= ?)
          AND c.status <> 'draft' AND c.start_date <= ? AND c.end_date >= ? ORDER BY t.id LIMIT 1`,
      [M, `${M}-05`, `${N}-28`],
    ))!;
    const approved = async (date: string, findings: MethodInput<'inspections.save'>['findings']) => {
      const saved = await as(sani, 'clerk', 'inspections.save', { schemeId: TOILET_SCHEME, date, mode: 'routine', inspectors: ['赵检查'], targetType: 'toilet', targetId: toilet.id, findings });
      const submitted = await as(sani, 'clerk', 'inspections.submit', { id: saved.id, version: saved.version });
      return as(sani, 'supervisor', 'inspections.approve', { id: submitted.id, version: submitted.version });
    };
    // M: two orders due M-10 — one still open, one fixed on time. M is then locked on N-03.
    const inM = await approved(`${M}-05`, [
      { itemCode: 'T6', occurrences: 1, description: '水龙头损坏', rectify: true, rectifyDeadline: `${M}-10` },
      { itemCode: 'T6', occurrences: 1, description: '灯不亮', rectify: true, rectifyDeadline: `${M}-10` },
    ]);
    const orders = await as(sani, 'clerk', 'rectifications.list', { inspectionId: inM.id });
    const onTime = orders.find((o) => o.description === '灯不亮')!;
    await as(sani, 'clerk', 'rectifications.reportFixed', { id: onTime.id, version: onTime.version, fixedAt: `${M}-08` });
    await as(sani, 'supervisor', 'months.lock', { month: M });
    const [y, m] = N.split('-').map(Number);
    await sani.ws.db.write((tx) => tx.run('UPDATE month_locks SET locked_at = ? WHERE month = ?', [new Date(y, m - 1, 3, 12).toISOString(), M]));
    // N: one sign missing (2.5) → 97.5, less 1 overdue order × 1.5 = 96.
    await approved(`${N}-05`, [{ itemCode: 'T8', occurrences: 1, rectify: false }]);

    await page.goto(`${sani.host.openUrl}#/scores`);
    const picker = page.getByTestId('working-month');
    await picker.getByRole('combobox', { name: '考核年份', exact: true }).selectOption(String(y));
    await picker.getByRole('combobox', { name: '考核月', exact: true }).selectOption(String(m));
    await expect(page.locator('.month-bar-month')).toHaveText(`${y}年${m}月`);

    // The unit's row (its id is familyId:targetType:targetId): the pinned and the centre parts share it.
    const row = page.locator(`.ag-row[row-id="${TOILET_SCHEME}:toilet:${toilet.id}"]`);
    await expect(page.locator('.ag-header-cell[col-id="overdue"]')).toContainText('逾期扣分');
    const cell = row.locator('[col-id="overdue"]');
    await expect(cell).toHaveText('1 件 −1.5');
    const open = orders.find((o) => o.description === '水龙头损坏')!;
    await expect(cell).toHaveAttribute('title', `上月逾期未整改 1 件,扣 1.5 分(${M} 于 ${N}-03 锁定)。整改单:${open.noticeNo}`);
    await expect(row.locator('[col-id^="c:onSite"]')).toHaveText('97.50');
    await expect(row.locator('[col-id="score"]')).toHaveText('96.00');
  });
});
