/**
 * 月度成绩: the supervisor's month — unit scores and grades from the approved inspections, the contract's
 * pay-by-quality row, a complaint entered in the money panel, the month lock (and what it stores and freezes),
 * the payments sheet for finance; a clerk cannot lock; locking the current month asks for an early lock.
 * Inspections are made through the contract as the clerk and the supervisor would (save → submit → approve).
 */
import ExcelJS from 'exceljs';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { callApi, type MethodInput, type MethodName, type MethodOutput } from '../db/api';
import type { Role } from '../db/users/roles';
import { expect, loginAs, test, userFor, type Console } from './fixtures';

const SCREENSHOTS = resolve(__dirname, '..', 'docs', 'screenshots');

test.use({ loginAs: 'supervisor' });

const pad = (n: number) => String(n).padStart(2, '0');
function monthOf(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}`;
}
function previousMonth(): string {
  const d = new Date();
  return monthOf(new Date(d.getFullYear(), d.getMonth() - 1, 1));
}
function localToday(): string {
  const d = new Date();
  return `${monthOf(d)}-${pad(d.getDate())}`;
}
/** Fen → 元 as the screen writes it: 1234567 → 12,345.67 */
function yuan(fen: number): string {
  return `${Math.floor(fen / 100).toLocaleString('en-US')}.${pad(fen % 100)}`;
}

/** A call as the demo user of a role, straight into the contract (what another user at another desk does). */
async function as<M extends MethodName>(sani: Console, role: Role, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await callApi({ ws: sani.ws, user: await userFor(sani, role) }, method, input);
  if (!result.ok) throw new Error(`${method} as ${role} refused: ${result.error.message}`);
  return result.data as MethodOutput<M>;
}

/** The latest active scheme for a target type (公共厕所 for toilets, 道路清扫保洁 for sections). */
async function schemeFor(sani: Console, targetType: 'toilet' | 'section', category?: string): Promise<{ id: number; familyId: number }> {
  return (await sani.ws.db.read.get<{ id: number; familyId: number }>(
    `SELECT id, family_id AS familyId FROM assessment_schemes WHERE target_type = ? AND status = 'active' AND (? IS NULL OR category = ?)
      ORDER BY family_id, version DESC LIMIT 1`,
    [targetType, category ?? null, category ?? null],
  ))!;
}
const toiletScheme = (sani: Console) => schemeFor(sani, 'toilet');

/** Toilets in use whose section's contract runs on the date, grouped so the first `count` share one contract. */
async function toiletsOfOneContract(sani: Console, date: string, count: number) {
  const rows = await sani.ws.db.read.all<{ id: number; name: string; code: string; contractId: number; contractNo: string }>(
    `SELECT t.id, t.name, t.code, c.id AS contractId, c.contract_no AS contractNo
       FROM toilets t JOIN bid_sections b ON b.id = t.bid_section_id JOIN contracts c ON c.id = b.contract_id
      WHERE t.deleted_at IS NULL AND b.deleted_at IS NULL AND c.deleted_at IS NULL AND t.status = 'inUse'
        AND (t.commissioned_month IS NULL OR t.commissioned_month <= ?) AND c.status <> 'draft' AND c.start_date <= ? AND c.end_date >= ?
      ORDER BY c.id, t.id`,
    [date.slice(0, 7), date, date],
  );
  const byContract = new Map<number, typeof rows>();
  for (const r of rows) byContract.set(r.contractId, [...(byContract.get(r.contractId) ?? []), r]);
  const group = [...byContract.values()].find((g) => g.length >= count);
  if (!group) throw new Error(`no contract running on ${date} with ${count} toilets in use`);
  return group.slice(0, count);
}

type Finding = MethodInput<'inspections.save'>['findings'][number];

/**
 * Saved and submitted by the clerk; approved by the supervisor unless `approve` is false. A toilet under the
 * default toilet scheme unless told otherwise.
 */
async function inspection(
  sani: Console,
  targetId: number,
  date: string,
  findings: Finding[],
  approve = true,
  targetType: 'toilet' | 'section' = 'toilet',
  schemeId?: number,
) {
  const scheme = schemeId ?? (targetType === 'toilet' ? await toiletScheme(sani) : await schemeFor(sani, 'section', 'roadCleaning')).id;
  const saved = await as(sani, 'clerk', 'inspections.save', {
    schemeId: scheme,
    date,
    mode: 'routine',
    inspectors: ['赵检查'],
    targetType,
    targetId,
    findings,
  });
  const submitted = await as(sani, 'clerk', 'inspections.submit', { id: saved.id, version: saved.version });
  if (!approve) return submitted;
  return as(sani, 'supervisor', 'inspections.approve', { id: submitted.id, version: submitted.version });
}

/** Opens 月度成绩 on a working month (picked in the top bar: the browser's calendar may differ from the host's near midnight). */
async function openScores(page: Page, sani: Console, month: string) {
  await page.goto(`${sani.host.openUrl}#/scores`);
  const [year, m] = month.split('-').map(Number);
  const picker = page.getByTestId('working-month');
  await picker.getByRole('combobox', { name: '考核年份', exact: true }).selectOption(String(year));
  await picker.getByRole('combobox', { name: '考核月', exact: true }).selectOption(String(m));
  await expect(page.locator('.month-bar-month')).toHaveText(`${year}年${m}月`);
  await expect(page.getByTestId('lock-badge')).toBeVisible();
}

test('the supervisor reviews the month, enters a complaint, locks it and exports the pay-by-quality sheet', async ({ page, sani }) => {
  const month = previousMonth();
  const [a, b] = await toiletsOfOneContract(sani, `${month}-05`, 2);
  const scheme = await toiletScheme(sani);
  // A: 5 facilities (1 each) + 4 signs (2.5 each) + closed in opening hours (5) = 20 → 80 良好; B: 2 × 2.5 = 5 → 95 优秀.
  await inspection(sani, a.id, `${month}-05`, [
    { itemCode: 'T6', occurrences: 5 },
    { itemCode: 'T8', occurrences: 4 },
    { itemCode: 'T9', occurrences: 1 },
  ]);
  await inspection(sani, b.id, `${month}-06`, [{ itemCode: 'T10', occurrences: 2 }]);
  const live = await as(sani, 'supervisor', 'scores.monthly', { month });
  const payment = live.payments.find((p) => p.contractId === a.contractId)!;
  const fee = payment.feeFen;
  const half = (n: bigint, d: bigint) => Number((n * 2n + d) / (d * 2n));
  const quality = half(BigInt(fee) * 125n, 1000n); // 87.5 → 2.5 points × 5 % = 12.5 %
  const event = half(BigInt(fee) * 2n, 100n); // one complaint: 2 %

  await openScores(page, sani, month);
  await expect(page.getByTestId('source-note')).toHaveText('未锁定:以下为按目前已审核检查的实时计算');
  await expect(page.getByTestId('lock-badge')).toHaveText('未锁定');
  await expect(page.getByTestId('month-counts')).toContainText('检查 2 条');

  // 考核对象成绩: both toilets with their score and grade.
  const unit = (id: number) => page.locator(`.ag-row[row-id="${scheme.familyId}:toilet:${id}"]`);
  await expect(unit(a.id).locator('[col-id="score"]')).toHaveText('80.00');
  await expect(unit(a.id).locator('[col-id="grade"]')).toHaveText('良好');
  await expect(unit(b.id).locator('[col-id="score"]')).toHaveText('95.00');
  await expect(unit(b.id).locator('[col-id="grade"]')).toHaveText('优秀');
  await expect(unit(b.id).locator('[col-id="grade"]')).toHaveClass(/grade-excellent/);
  await expect(page.locator('.ag-header-cell[col-id^="c:onSite"]')).toHaveText('现场检查(100%)');

  // 按质核拨: the contract's row with the quality deduction and the amount payable.
  await page.getByTestId('tab-payments').click();
  const row = page.locator(`.ag-row[row-id="${a.contractId}"]`);
  await expect(row.locator('[col-id="contractNo"]')).toHaveText(a.contractNo);
  await expect(row.locator('[col-id="score"]')).toHaveText('87.50');
  await expect(row.locator('[col-id="shortfall"]')).toHaveText('2.5');
  await expect(row.locator('[col-id="qualityFen"]')).toHaveText(yuan(quality));
  await expect(row.locator('[col-id="payableFen"]')).toHaveText(yuan(fee - quality));

  // The panel: the formula in words, then one upheld complaint not fixed in time.
  await page.getByTestId(`open-money-${a.contractId}`).click();
  const panel = page.getByTestId('money-panel');
  await expect(panel.getByTestId('money-formula')).toContainText(`合格线 90 分,得分 87.50,差 2.5 分 × 5% = 12.5% × 月服务费 ${yuan(fee)} 元 = ${yuan(quality)} 元`);
  await panel.getByTestId('money-event-complaintUnfixed').fill('1');
  await panel.getByTestId('money-note').fill('12345 热线投诉,逾期未整改');
  await panel.getByTestId('money-save').click();
  await expect(row.locator('[col-id="eventFen"]')).toHaveText(yuan(event));
  await expect(row.locator('[col-id="payableFen"]')).toHaveText(yuan(fee - quality - event));
  await expect(panel.getByTestId('money-payable')).toHaveText(yuan(fee - quality - event));
  await expect(panel.getByTestId('money-formula')).toContainText(`投诉未按时整改 1 次 × 2% = 2% × 月服务费 ${yuan(fee)} 元 = ${yuan(event)} 元`);
  const stored = await sani.ws.db.read.get<{ events: string; note: string }>('SELECT events, note FROM money_inputs WHERE month = ? AND contract_id = ?', [
    month,
    a.contractId,
  ]);
  expect(JSON.parse(stored!.events)).toEqual({ complaintUnfixed: 1 });
  expect(stored!.note).toBe('12345 热线投诉,逾期未整改');

  // 锁定本月: the badge names the supervisor; the lock and the month's results are stored.
  const supervisor = await userFor(sani, 'supervisor');
  await page.getByRole('button', { name: '锁定本月', exact: true }).click();
  await expect(page.getByTestId('lock-badge')).toContainText(`已锁定 · ${supervisor.name}`);
  await expect(page.getByTestId('source-note')).toHaveText('已锁定:以下为锁定时保存的结果(含更正)');
  const lock = await sani.ws.db.read.get<{ lockedBy: number; early: number }>('SELECT locked_by AS lockedBy, early FROM month_locks WHERE month = ?', [month]);
  expect(lock).toEqual({ lockedBy: supervisor.id, early: 0 });
  const results = await sani.ws.db.read.all<{ targetId: number; score: number; grade: string }>(
    "SELECT target_id AS targetId, score, grade FROM monthly_results WHERE month = ? AND status = 'current' ORDER BY score",
    [month],
  );
  expect(results).toEqual([
    { targetId: a.id, score: 80, grade: '良好' },
    { targetId: b.id, score: 95, grade: '优秀' },
  ]);
  const payments = await sani.ws.db.read.all<{ contractId: number }>("SELECT contract_id AS contractId FROM monthly_payments WHERE month = ? AND status = 'current'", [month]);
  expect(payments).toEqual([{ contractId: a.contractId }]);

  // Locked: the panel is read-only, the lock button is off; the stored row keeps the complaint.
  await expect(page.getByRole('button', { name: '锁定本月', exact: true })).toBeDisabled();
  await expect(panel.getByTestId('money-save')).toBeDisabled();
  await expect(panel.getByTestId('money-event-complaintUnfixed')).toBeDisabled();
  await expect(panel.getByTestId('money-readonly')).toContainText('已锁定');
  await expect(row.locator('[col-id="payableFen"]')).toHaveText(yuan(fee - quality - event));

  await page.getByTestId('money-close').click();
  await page.getByTestId('tab-units').click();
  await expect(unit(a.id).locator('[col-id="score"]')).toHaveText('80.00');
  await page.getByTestId('tab-payments').click();

  // 导出按质核拨表: the first sheet holds the contract's row as finance reads it.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('btn-export-payments').click()]);
  expect(download.suggestedFilename()).toMatch(/按质核拨表.*\.xlsx$/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(await download.path());
  const sheet = book.worksheets[0];
  const header = (sheet.getRow(3).values as unknown[]).map((v) => String(v ?? ''));
  const data = (sheet.getRow(4).values as unknown[]).map((v) => v);
  expect(data[header.indexOf('合同编号')]).toBe(a.contractNo);
  expect(data[header.indexOf('考核得分')]).toBe(87.5);
  expect(data[header.indexOf('事件扣款(元)')]).toBe(event / 100);
  expect(data[header.indexOf('应付金额(元)')]).toBe((fee - quality - event) / 100);
  expect(sheet.getRow(5).getCell(1).value ?? null).toBeNull();

  // A clerk sees no enabled lock button, and the contract refuses the lock with the role's message.
  await loginAs(page, sani, 'clerk'); // reloads on /#/scores
  await expect(page.getByTestId('current-user')).toContainText('录入员');
  await expect(page.getByRole('button', { name: '锁定本月', exact: true })).toBeDisabled();
  const refused = await callApi({ ws: sani.ws, user: await userFor(sani, 'clerk') }, 'months.lock', { month: monthOf(new Date()), confirmEarly: true });
  expect(refused.ok).toBe(false);
  if (!refused.ok) {
    expect(refused.error.code).toBe('forbidden');
    expect(refused.error.message).toContain('需要审核员');
  }
  expect(await sani.ws.db.read.get('SELECT 1 FROM month_locks WHERE month = ?', [monthOf(new Date())])).toBeUndefined();
});

test('a lock with inspections not approved is refused by name; the current month asks for an early lock', async ({ page, sani }) => {
  const today = localToday();
  const [a, b] = await toiletsOfOneContract(sani, today, 2);
  await inspection(sani, a.id, today, [{ itemCode: 'T6', occurrences: 2 }]);
  const pending = await inspection(sani, b.id, today, [{ itemCode: 'T10', occurrences: 1 }], false);

  await openScores(page, sani, today.slice(0, 7));
  await expect(page.getByTestId('blocking-hint')).toContainText('1 条检查未审核通过');
  await page.getByRole('button', { name: '锁定本月', exact: true }).click();
  const refusal = page.getByTestId('lock-refusal');
  await expect(refusal).toContainText('还有 1 条检查记录未审核通过,不能锁定');
  await expect(refusal).toContainText(b.name);
  await expect(refusal.getByTestId('goto-inspections')).toBeVisible();
  expect(await sani.ws.db.read.get('SELECT 1 FROM month_locks WHERE month = ?', [today.slice(0, 7)])).toBeUndefined();

  await as(sani, 'supervisor', 'inspections.approve', { id: pending.id, version: pending.version });
  await openScores(page, sani, today.slice(0, 7));
  await expect(page.getByTestId('lock-badge')).toHaveText('未锁定');
  await page.getByRole('button', { name: '锁定本月', exact: true }).click();
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toContainText('尚未结束');
  await expect(dialog).toContainText('提前锁定');
  await dialog.getByRole('button', { name: '确认提前锁定' }).click();
  await expect(page.getByTestId('lock-badge')).toContainText('已锁定');
  await expect(page.getByText('提前锁定', { exact: true })).toBeVisible();
  const lock = await sani.ws.db.read.get<{ early: number }>('SELECT early FROM month_locks WHERE month = ?', [today.slice(0, 7)]);
  expect(lock?.early).toBe(1);
  const locked = await sani.ws.db.read.get<{ n: number }>("SELECT count(*) AS n FROM inspections WHERE month = ? AND status = 'locked'", [today.slice(0, 7)]);
  expect(locked?.n).toBe(2);
});

test('screenshot of 月度成绩 with toilets and road sections', async ({ page, sani }) => {
  const month = previousMonth();
  const date = `${month}-08`;
  const toilets = await toiletsOfOneContract(sani, date, 5);
  const toiletFindings: Finding[][] = [
    [{ itemCode: 'T6', occurrences: 2 }],
    [
      { itemCode: 'T8', occurrences: 2 },
      { itemCode: 'T10', occurrences: 1 },
    ],
    [{ itemCode: 'T9', occurrences: 1 }],
    [
      { itemCode: 'T6', occurrences: 8 },
      { itemCode: 'T8', occurrences: 4 },
      { itemCode: 'T9', occurrences: 1 },
      { itemCode: 'T10', occurrences: 2 },
    ],
    [],
  ];
  for (const [i, t] of toilets.entries()) await inspection(sani, t.id, date, toiletFindings[i]);
  const sections = await sani.ws.db.read.all<{ id: number }>(
    `SELECT b.id FROM bid_sections b JOIN contracts c ON c.id = b.contract_id
      WHERE b.deleted_at IS NULL AND c.deleted_at IS NULL AND c.status <> 'draft' AND c.start_date <= ? AND c.end_date >= ?
        AND EXISTS (SELECT 1 FROM json_each(b.scope_types) j WHERE j.value = 'roadCleaning')
      ORDER BY b.id LIMIT 2`,
    [date, date],
  );
  await inspection(sani, sections[0].id, date, [{ itemCode: 'R1', occurrences: 3 }, { itemCode: 'R9', occurrences: 2 }], true, 'section');
  await inspection(sani, sections[1].id, date, [{ itemCode: 'R1', occurrences: 6 }, { itemCode: 'R9', occurrences: 5 }, { itemCode: 'R7', occurrences: 1, pointsEach: 2 }], true, 'section');

  await openScores(page, sani, month);
  await expect(page.getByTestId('status-rows')).toHaveText('共 7 行');
  await expect(page.locator('.ag-header-cell[col-id^="c:onSite:90"]')).toHaveText('现场检查(90%)');
  await expect(page.locator('.ag-header-cell[col-id^="c:rectification:10"]')).toHaveText('整改反馈(10%)');
  // 95 on site, no orders due → rectification full: 95 × 90 % + 100 × 10 % = 95.50.
  const road = await schemeFor(sani, 'section', 'roadCleaning');
  await expect(page.locator(`.ag-row[row-id="${road.familyId}:section:${sections[0].id}"] [col-id="score"]`)).toHaveText('95.50');
  await expect(page.locator(`.ag-row[row-id="${road.familyId}:section:${sections[0].id}"] [col-id^="c:onSite:90"]`)).toHaveText('95.00 → 85.50');
  await expect(page.locator('.ag-cell.grade-fail')).toHaveCount(0);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: resolve(SCREENSHOTS, 'monthly-scores.png') });

  // 打印 (and Ctrl+P): the rows as a plain table under the district's title; the browser's dialog is stubbed.
  await page.evaluate(() => {
    window.print = () => undefined;
  });
  await page.keyboard.press('Control+p');
  const sheet = page.locator('.print-view');
  const [year, m] = month.split('-').map(Number);
  await expect(sheet.locator('h1')).toHaveText(`示例区 ${year}年${m}月 环卫作业考核成绩`);
  await expect(sheet.locator('tbody tr')).toHaveCount(7);
  await expect(sheet.locator('thead')).toContainText('月度得分');
  await expect(sheet.locator('thead')).toContainText('现场检查(90%)');
  await expect(sheet.locator('tbody')).toContainText('95.00 → 85.50');
});

test('a manual component is typed into the grid; refused values are marked red with the Chinese message', async ({ page, sani }) => {
  const month = previousMonth();
  const base = await as(sani, 'admin', 'schemes.get', { id: (await toiletScheme(sani)).id });
  const scheme = await as(sani, 'admin', 'schemes.save', {
    definition: {
      ...base.definition,
      name: '公共厕所月度考核细则(含群众满意度)',
      components: [
        { key: 'onSite', label: '现场检查', weight: 80, source: 'inspections' },
        { key: 'survey', label: '群众满意度', weight: 20, source: 'manual' },
      ],
    },
  });
  const [toilet] = await toiletsOfOneContract(sani, `${month}-09`, 1);
  await inspection(sani, toilet.id, `${month}-09`, [{ itemCode: 'T6', occurrences: 2 }], true, 'toilet', scheme.id);

  await openScores(page, sani, month);
  const row = page.locator(`.ag-row[row-id="${scheme.familyId}:toilet:${toilet.id}"]`);
  const survey = row.locator('[col-id^="c:survey:20"]');
  await expect(page.locator('.ag-header-cell[col-id^="c:survey:20"]')).toHaveText('群众满意度(20%)');
  await expect(survey).toHaveText('未录入');
  await expect(row.locator('[col-id="score"]')).toHaveText('—');

  const type = async (text: string) => {
    await survey.click();
    await survey.press('F2');
    const editor = page.locator('.ag-cell-inline-editing input');
    await editor.fill(text);
    await editor.press('Enter');
  };
  await type('很好');
  await expect(survey).toHaveClass(/cell-error/);
  await expect(page.getByTestId('status-message')).toContainText('“很好”不是分数');
  await type('150');
  await expect(page.getByTestId('status-message')).toContainText('群众满意度的得分只能在 0~100 之间');
  await expect(survey).toHaveClass(/cell-error/);
  await expect(survey).toHaveText('未录入');
  expect(await sani.ws.db.read.get('SELECT 1 FROM component_inputs WHERE month = ?', [month])).toBeUndefined();

  // 98 on site × 80 % + 85 × 20 % = 95.40
  await type('85');
  await expect(survey).toHaveText('85.00 → 17.00');
  await expect(survey).not.toHaveClass(/cell-error/);
  await expect(row.locator('[col-id="score"]')).toHaveText('95.40');
  await expect(row.locator('[col-id="grade"]')).toHaveText('优秀');
  const stored = await sani.ws.db.read.get<{ score: number; targetId: number }>(
    "SELECT score, target_id AS targetId FROM component_inputs WHERE month = ? AND component = 'survey'",
    [month],
  );
  expect(stored).toEqual({ score: 85, targetId: toilet.id });

  // Delete clears it again.
  await survey.click();
  await survey.press('Delete');
  await expect(survey).toHaveText('未录入');
  await expect.poll(async () => sani.ws.db.read.get('SELECT 1 FROM component_inputs WHERE month = ?', [month])).toBeUndefined();
});
