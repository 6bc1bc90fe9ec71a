/**
 * 整改跟踪: an order issued when an inspection with a finding marked for rectification was approved, past its
 * deadline → found under 逾期未整改 (across months) with "逾期 N 天"; the clerk registers the completion with an
 * after photo (→ 已整改待复核) but cannot close it; the supervisor closes it out (→ 已销号, named as verifier).
 * The inspections are made through the contract as the clerk and the supervisor would.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { callApi, type MethodInput, type MethodName, type MethodOutput } from '../db/api';
import type { Role } from '../db/users/roles';
import { expect, loginAs, test, userFor, type Console } from './fixtures';

const SCREENSHOTS = resolve(__dirname, '..', 'docs', 'screenshots');

test.use({ loginAs: 'clerk' });

/** Two small PNG photos (a "before" and an "after"). */
const PHOTO_BEFORE = 'iVBORw0KGgoAAAANSUhEUgAAACAAAAAYCAIAAAAUMWhjAAAAJElEQVR42mOYVhFAU8QwasGoBaMWjFowasGoBaMWjFowNCwAACrwGj3jce/9AAAAAElFTkSuQmCC';
const PHOTO_AFTER = 'iVBORw0KGgoAAAANSUhEUgAAACAAAAAYCAIAAAAUMWhjAAAAJElEQVR42mOIWpBHU8QwasGoBaMWjFowasGoBaMWjFowNCwAAIzZOD31/4/KAAAAAElFTkSuQmCC';

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
/** The host's calendar (the browser's may be another day near midnight: the test sets dates explicitly). */
const today = () => ymd(new Date());
function previousMonth(): string {
  const d = new Date();
  const p = new Date(d.getFullYear(), d.getMonth() - 1, 1);
  return `${p.getFullYear()}-${pad(p.getMonth() + 1)}`;
}
function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

async function as<M extends MethodName>(sani: Console, role: Role, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await callApi({ ws: sani.ws, user: await userFor(sani, role) }, method, input);
  if (!result.ok) throw new Error(`${method} as ${role} refused: ${result.error.message}`);
  return result.data as MethodOutput<M>;
}

/** Toilets in use whose section's contract runs on the date. */
async function toilets(sani: Console, date: string, count: number) {
  const rows = await sani.ws.db.read.all<{ id: number; name: string; code: string }>(
    `SELECT t.id, t.name, t.code FROM toilets t JOIN bid_sections b ON b.id = t.bid_section_id JOIN contracts c ON c.id = b.contract_id
      WHERE t.deleted_at IS NULL AND b.deleted_at IS NULL AND c.deleted_at IS NULL AND t.status = 'inUse'
        AND (t.commissioned_month IS NULL OR t.commissioned_month <= ?) AND c.status <> 'draft' AND c.start_date <= ? AND c.end_date >= ?
      ORDER BY t.id LIMIT ?`,
    [date.slice(0, 7), date, date, count],
  );
  if (rows.length < count) throw new Error(`only ${rows.length} toilets can be inspected on ${date}`);
  return rows;
}

type Finding = MethodInput<'inspections.save'>['findings'][number];

/** Saved and submitted by the clerk, approved by the supervisor (which issues the rectification orders). */
async function approvedInspection(sani: Console, targetId: number, date: string, findings: Finding[]) {
  const scheme = (await sani.ws.db.read.get<{ id: number }>(
    "SELECT id FROM assessment_schemes WHERE target_type = 'toilet' AND status = 'active' ORDER BY version DESC LIMIT 1",
  ))!;
  const saved = await as(sani, 'clerk', 'inspections.save', { schemeId: scheme.id, date, mode: 'unannounced', inspectors: ['赵检查', '钱检查'], targetType: 'toilet', targetId, findings });
  const submitted = await as(sani, 'clerk', 'inspections.submit', { id: saved.id, version: saved.version });
  return as(sani, 'supervisor', 'inspections.approve', { id: submitted.id, version: submitted.version });
}

async function openRectifications(page: Page, sani: Console) {
  await page.goto(`${sani.host.openUrl}#/rectifications`);
  await expect(page.getByTestId('rect-month')).toBeVisible();
  // The order belongs to an earlier month: overdue orders are found across all months.
  await page.getByTestId('rect-month').selectOption('all');
}

interface StoredOrder {
  id: number;
  status: string;
  fixedAt: string | null;
  evidence: string;
  verifiedBy: number | null;
  verifiedAt: string | null;
  version: number;
}

async function storedOrder(sani: Console, noticeNo: string): Promise<StoredOrder> {
  return (await sani.ws.db.read.get<StoredOrder>(
    `SELECT id, status, fixed_at AS fixedAt, evidence, verified_by AS verifiedBy, verified_at AS verifiedAt, version FROM rectifications WHERE notice_no = ?`,
    [noticeNo],
  ))!;
}

test('an overdue order is fixed by the clerk with a photo and closed out by the supervisor', async ({ page, sani }) => {
  const month = previousMonth();
  const date = `${month}-03`;
  const deadline = `${month}-04`;
  const [toilet, other] = await toilets(sani, date, 2);
  const photo = await as(sani, 'clerk', 'attachments.upload', { fileName: '地面积水.png', dataBase64: PHOTO_BEFORE });
  await approvedInspection(sani, toilet.id, date, [
    { itemCode: 'T1', occurrences: 1, location: '男厕入口', description: '地面积水、纸屑未清理', photos: [photo.id], rectify: true, rectifyDeadline: deadline },
    { itemCode: 'T10', occurrences: 1, rectify: false },
  ]);
  // Another toilet: a broken tap (3 days by default) and an order still within its deadline.
  await approvedInspection(sani, other.id, `${month}-10`, [{ itemCode: 'T6', occurrences: 1, description: '洗手池水龙头损坏' }]);
  const current = today();
  const [third] = (await toilets(sani, current, 3)).slice(2);
  await approvedInspection(sani, third.id, current, [
    { itemCode: 'T8', occurrences: 1, description: '缺少开放时间标识', rectify: true, rectifyDeadline: addDays(current, 3) },
  ]);
  const order = (await sani.ws.db.read.get<{ noticeNo: string }>(
    'SELECT r.notice_no AS noticeNo FROM rectifications r JOIN inspections i ON i.id = r.inspection_id WHERE i.target_id = ? AND r.deadline = ?',
    [toilet.id, deadline],
  ))!;
  const stored = await storedOrder(sani, order.noticeNo);
  const row = page.locator(`.ag-row[row-id="${stored.id}"]`);

  await openRectifications(page, sani);
  await page.getByTestId('rect-filter-overdue').click();
  await expect(page.getByTestId('rect-filter-overdue')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('status-rows')).toHaveText('共 2 行');
  await expect(row.locator('[col-id="noticeNo"]')).toHaveText(order.noticeNo);
  await expect(row.locator('[col-id="status"]')).toContainText('逾期未整改');
  await expect(row.locator('[col-id="status"]')).toContainText(`逾期 ${daysBetween(deadline, current)} 天`);
  await expect(row.locator('[col-id="problem"]')).toHaveText('男厕入口:地面积水、纸屑未清理');
  await expect(row.locator('[col-id="item"]')).toContainText('T1 地面');

  // The clerk: 登记整改完成 with an after photo; 复核销号 is not theirs.
  await row.locator('[col-id="noticeNo"]').click();
  await expect(page.getByTestId('rect-selected')).toHaveText(`已选:${order.noticeNo}`);
  await expect(page.getByTestId('rect-action-close')).toBeDisabled();
  await expect(page.getByTestId('rect-action-close')).toHaveAttribute('title', /需要审核员/);
  await page.getByTestId('rect-action-reportFixed').click();
  const dialog = page.getByTestId('rect-action-dialog');
  await dialog.getByTestId('rect-action-date').fill(current);
  await dialog.getByTestId('rect-action-text').fill('已清理地面并加装防滑垫');
  await dialog.getByTestId('rect-evidence-input').setInputFiles({ name: '整改后.png', mimeType: 'image/png', buffer: Buffer.from(PHOTO_AFTER, 'base64') });
  await expect(dialog.getByTestId('rect-evidence-thumb')).toHaveCount(1);
  await dialog.getByTestId('rect-action-submit').click();
  await expect(dialog).toBeHidden();
  // It left 逾期未整改 for 已整改待复核.
  await expect(row).toHaveCount(0);
  await page.getByTestId('rect-filter-fixed').click();
  await expect(row.locator('[col-id="status"]')).toContainText('已整改待复核');
  await expect(row.locator('[col-id="fixedAt"]')).toHaveText(current);
  const fixed = await storedOrder(sani, order.noticeNo);
  expect(fixed.status).toBe('fixed');
  expect(fixed.fixedAt).toBe(current);
  const evidence = JSON.parse(fixed.evidence) as number[];
  expect(evidence).toHaveLength(1);
  const after = await sani.ws.db.read.get<{ fileName: string; mime: string }>('SELECT file_name AS fileName, mime FROM attachments WHERE id = ?', [evidence[0]]);
  expect(after).toEqual({ fileName: '整改后.png', mime: 'image/png' });
  await row.locator('[col-id="noticeNo"]').click();
  await expect(page.getByTestId('rect-action-close')).toBeDisabled();
  await expect(page.getByTestId('rect-action-reportFixed')).toBeDisabled();

  // The supervisor closes it out.
  const supervisor = await userFor(sani, 'supervisor');
  await loginAs(page, sani, 'supervisor');
  await expect(page.getByTestId('current-user')).toContainText(supervisor.name);
  await page.getByTestId('rect-month').selectOption('all');
  await page.getByTestId('rect-filter-fixed').click();
  await row.locator('[col-id="noticeNo"]').click();
  await expect(page.getByTestId('rect-action-close')).toBeEnabled();
  await page.getByTestId('rect-action-close').click();
  await dialog.getByTestId('rect-action-text').fill('现场复核,已整改到位');
  await dialog.getByTestId('rect-action-submit').click();
  await expect(dialog).toBeHidden();
  await page.getByTestId('rect-filter-closed').click();
  await expect(row.locator('[col-id="status"]')).toContainText('已销号');
  await expect(row.locator('[col-id="verifiedBy"]')).toHaveText(supervisor.name);
  const closed = await storedOrder(sani, order.noticeNo);
  expect(closed.status).toBe('closed');
  expect(closed.verifiedBy).toBe(supervisor.id);
  expect(closed.verifiedAt).not.toBeNull();
  expect(closed.version).toBe(stored.version + 2);
  const audit = await sani.ws.db.read.all<{ method: string; userName: string }>(
    "SELECT a.method, a.user_name AS userName FROM audit_log a JOIN audit_refs r ON r.audit_id = a.id WHERE r.entity = 'rectification' AND r.entity_id = ? ORDER BY a.id",
    [stored.id],
  );
  expect(audit.map((e) => e.method)).toEqual(['rectifications.reportFixed', 'rectifications.close']);

  // The drawer: the finding with its photo, the after photo, and the course with who did what.
  await row.locator('[col-id="noticeNo"]').dblclick();
  const drawer = page.getByTestId('rect-drawer');
  await expect(drawer.getByTestId('rect-item')).toContainText('T1 地面');
  await expect(drawer.getByTestId('rect-photos-thumb')).toHaveCount(1);
  await expect(drawer.getByTestId('rect-evidence-view-thumb')).toHaveCount(1);
  await expect(drawer.getByTestId('rect-verified')).toContainText(supervisor.name);
  const history = drawer.getByTestId('rect-history');
  await expect(history).toContainText('复核通过,已销号');
  await expect(history).toContainText('登记整改完成');
  await expect(history).toContainText((await userFor(sani, 'clerk')).name);

  // 全部 with the drawer open, for the user guide.
  await page.getByTestId('rect-filter-all').click();
  await expect(page.getByTestId('status-rows')).toHaveText('共 3 行');
  await row.locator('[col-id="noticeNo"]').click();
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: resolve(SCREENSHOTS, 'rectifications.png') });
});

test('a refused step shows the API message: a completion date before the inspection', async ({ page, sani }) => {
  const month = previousMonth();
  const [toilet] = await toilets(sani, `${month}-12`, 1);
  await approvedInspection(sani, toilet.id, `${month}-12`, [{ itemCode: 'T6', occurrences: 2, description: '灯具损坏' }]);
  await openRectifications(page, sani);
  await page.locator('.ag-row .ag-cell[col-id="noticeNo"]').first().click();
  await page.getByTestId('rect-action-reportFixed').click();
  const dialog = page.getByTestId('rect-action-dialog');
  await dialog.getByTestId('rect-action-date').fill(`${month}-01`);
  await dialog.getByTestId('rect-action-submit').click();
  await expect(dialog.getByTestId('rect-action-error')).toContainText(`早于检查日期 ${month}-12`);
  await expect(page.getByTestId('status-message')).toContainText('未能登记整改完成');
  const stored = await sani.ws.db.read.get<{ status: string; noticeNo: string; deadline: string }>('SELECT status, notice_no AS noticeNo, deadline FROM rectifications');
  expect(stored?.status).toBe('open');

  // 打印整改通知书: the notice for the selected order (the browser's print dialog is stubbed).
  await dialog.getByRole('button', { name: '取消' }).click();
  await page.evaluate(() => {
    window.print = () => undefined;
  });
  await page.getByTestId('rect-print').click();
  const notice = page.locator('.print-view.rect-notice');
  await expect(notice.locator('h1')).toHaveText('整改通知书');
  await expect(notice).toContainText(`编号:${stored!.noticeNo}`);
  await expect(notice).toContainText('T6 门、锁、灯');
  await expect(notice).toContainText('灯具损坏');
  const [y, mo, d] = stored!.deadline.split('-').map(Number);
  await expect(notice).toContainText(`请于${y}年${mo}月${d}日前整改完毕`);

  // Ctrl+P: the list as it is on screen.
  await page.locator('.ag-row .ag-cell[col-id="noticeNo"]').first().click();
  await page.keyboard.press('Control+p');
  const list = page.locator('.print-view:not(.rect-notice)');
  await expect(list.locator('h1')).toHaveText('示例区 整改跟踪(全部)');
  await expect(list.locator('tbody tr')).toHaveCount(1);
  await expect(list.locator('tbody')).toContainText(stored!.noticeNo);
});
