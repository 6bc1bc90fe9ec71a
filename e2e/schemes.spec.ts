/**
 * 考核细则 (issue 4): the administrator edits a default scheme with the live check (Σ 分值 = 满分, 扣分上限 ≤ 分值),
 * saves it (version 1 rewritten while no inspection uses it, version 2 once one does, and the screen says which),
 * reads an old version read-only, changes the money rule and sees the worked example follow; a clerk reads the
 * scheme but cannot save it, on screen or through the HTTP API.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { callApi } from '../db/api';
import type { SchemeDefinition } from '../db/assessment/types';
import { expect, sessionFor, test, userFor, type Console } from './fixtures';

const SCREENSHOTS = resolve(__dirname, '..', 'docs', 'screenshots');
const TOILET_SCHEME = 2;

interface StoredScheme {
  id: number;
  version: number;
  definition: SchemeDefinition;
}

async function storedVersions(sani: Console, familyId: number): Promise<StoredScheme[]> {
  const rows = await sani.ws.db.read.all<{ id: number; version: number; definition: string }>(
    'SELECT id, version, definition FROM assessment_schemes WHERE family_id = ? ORDER BY version',
    [familyId],
  );
  return rows.map((r) => ({ ...r, definition: JSON.parse(r.definition) as SchemeDefinition }));
}

const maxOf = (def: SchemeDefinition, code: string) => def.items.find((i) => i.code === code)!.maxPoints;

async function openScheme(page: Page, sani: Console, familyId = TOILET_SCHEME): Promise<void> {
  await page.goto(`${sani.host.openUrl}#/schemes`);
  await expect(page.getByTestId('scheme-families').locator('[data-testid^="scheme-family-"]')).toHaveCount(4);
  await page.getByTestId(`scheme-family-${familyId}`).click();
  await expect(page.getByTestId(`scheme-family-${familyId}`)).toHaveAttribute('aria-current', 'true');
}

/** The 15th of the previous calendar month (inspections may not be dated in the future). */
function previousMonthDate(): string {
  const now = new Date();
  const d = new Date(now.getFullYear(), now.getMonth() - 1, 15);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-15`;
}

/** A draft inspection of a toilet under the toilet scheme, entered by the clerk 张录入 through the contract. */
async function inspectToiletAsClerk(sani: Console): Promise<number> {
  const clerk = await userFor(sani, 'clerk');
  const date = previousMonthDate();
  const toilets = await sani.ws.db.read.all<{ id: number }>(
    `SELECT id FROM toilets WHERE deleted_at IS NULL AND status = 'inUse' AND bid_section_id IS NOT NULL
        AND (commissioned_month IS NULL OR commissioned_month <= ?) ORDER BY id LIMIT 20`,
    [date.slice(0, 7)],
  );
  const refusals: string[] = [];
  for (const { id } of toilets) {
    const result = await callApi({ ws: sani.ws, user: clerk }, 'inspections.save', {
      schemeId: TOILET_SCHEME,
      date,
      mode: 'routine',
      inspectors: ['张录入'],
      targetType: 'toilet',
      targetId: id,
      findings: [{ itemCode: 'T1', occurrences: 1 }],
    });
    if (result.ok) return (result.data as { id: number }).id;
    refusals.push(result.error.message);
  }
  throw new Error(`no toilet could be inspected on ${date}: ${refusals.slice(0, 3).join(' | ')}`);
}

test.describe('as the administrator', () => {
  test('the live check refuses a sum that is not the full score, and saving rewrites the unused version 1', async ({ page, sani }) => {
    await openScheme(page, sani);
    const families = page.getByTestId('scheme-families');
    for (const name of ['道路清扫保洁月度考核细则', '公共厕所月度考核细则', '生活小区垃圾分类考核评价表']) {
      await expect(families).toContainText(name);
    }
    await expect(page.getByTestId('scheme-title')).toHaveText('公共厕所月度考核细则');
    await expect(page.getByTestId('scheme-version')).toHaveText('第 1 版');
    const save = page.getByTestId('scheme-save');
    await expect(save).toBeDisabled(); // nothing changed yet

    await page.getByLabel('T1 分值').fill('10');
    await expect(page.getByTestId('items-sum')).toContainText('各项分值合计 95 分,应等于满分 100 分');
    // The server's check (schemes.check) names both figures in the summary at the top.
    const summary = page.getByTestId('error-summary');
    await expect(summary).toContainText('各项分值合计 95 分,应等于满分 100 分');
    await expect(save).toBeDisabled();

    await page.getByLabel('T2 分值').fill('20');
    await expect(summary).toBeHidden();
    await expect(page.getByTestId('items-sum')).toContainText('各项分值合计 100 分,等于满分 100 分');
    await expect(page.getByTestId('check-state')).toHaveText('检查通过,可以保存');
    await expect(save).toBeEnabled();

    await save.click();
    await expect(page.getByTestId('save-plan')).toHaveText('第 1 版尚未用于检查,保存将直接修改第 1 版。');
    await page.getByLabel('修改原因(可不填,记入审计日志)').fill('地面分值下调,墙面分值上调');
    await page.getByTestId('confirm-ok').click();

    await expect(page.getByTestId('scheme-notice')).toHaveText('已保存:第 1 版尚未用于检查,已直接修改第 1 版。');
    await expect(page.getByTestId('scheme-version')).toHaveText('第 1 版');
    await expect(save).toBeDisabled();

    const versions = await storedVersions(sani, TOILET_SCHEME);
    expect(versions.map((v) => v.version)).toEqual([1]);
    expect(maxOf(versions[0].definition, 'T1')).toBe(10);
    expect(maxOf(versions[0].definition, 'T2')).toBe(20);
    expect(maxOf(versions[0].definition, 'T3')).toBe(15);
    const audit = await sani.ws.db.read.all<{ entity_id: number; reason: string | null; after: string }>(
      "SELECT entity_id, reason, after FROM audit_log WHERE method = 'schemes.save'",
    );
    expect(audit).toHaveLength(1);
    expect(audit[0].entity_id).toBe(versions[0].id);
    expect(audit[0].reason).toBe('地面分值下调,墙面分值上调');
    expect(maxOf(JSON.parse(audit[0].after) as SchemeDefinition, 'T1')).toBe(10);
  });

  test('once an inspection uses version 1, saving creates version 2 and the old version stays readable', async ({ page, sani }) => {
    await inspectToiletAsClerk(sani);
    await openScheme(page, sani);
    await expect(page.getByTestId(`scheme-family-${TOILET_SCHEME}`)).toContainText('第 1 版 1 次检查');

    await page.getByLabel('T1 分值').fill('10');
    await page.getByLabel('T2 分值').fill('20');
    await page.getByTestId('scheme-save').click();
    await expect(page.getByTestId('save-plan')).toContainText('第 1 版已用于 1 次检查');
    await expect(page.getByTestId('save-plan')).toContainText('保存后另存为第 2 版');
    await page.getByTestId('confirm-ok').click();

    await expect(page.getByTestId('scheme-notice')).toHaveText('第 1 版已用于 1 次检查,已另存为第 2 版;原有检查仍按第 1 版评分。');
    await expect(page.getByTestId('scheme-version')).toHaveText('第 2 版');
    await expect(page.getByTestId(`scheme-family-${TOILET_SCHEME}`)).toContainText('第 2 版 0 次检查 · 第 1 版 1 次检查');

    const versions = await storedVersions(sani, TOILET_SCHEME);
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(maxOf(versions[0].definition, 'T1')).toBe(15);
    expect(maxOf(versions[1].definition, 'T1')).toBe(10);
    const inspection = await sani.ws.db.read.get<{ scheme_id: number }>('SELECT scheme_id FROM inspections');
    expect(inspection!.scheme_id).toBe(versions[0].id);

    // The history lists both; the old one opens read-only with what the inspection was scored under.
    const history = page.getByTestId('version-history');
    await expect(history.locator('tbody tr')).toHaveCount(2);
    await expect(page.getByTestId('version-row-1')).toContainText('1');
    await page.getByTestId('version-open-1').click();
    await expect(page.getByTestId('scheme-version')).toHaveText('第 1 版');
    await expect(page.getByTestId('old-version-notice')).toContainText('历史版本,只读');
    await expect(page.getByLabel('T1 分值')).toHaveValue('15');
    await expect(page.getByLabel('T1 分值')).toHaveAttribute('readonly', '');
    await expect(page.getByTestId('scheme-save')).toHaveCount(0);
    await page.getByRole('button', { name: '回到当前版本(第 2 版)' }).click();
    await expect(page.getByLabel('T1 分值')).toHaveValue('10');
    await expect(page.getByTestId('scheme-save')).toBeDisabled();
  });

  test('a cap above the item points is refused, naming the item', async ({ page, sani }) => {
    await openScheme(page, sani);
    await page.getByLabel('T3 扣分上限').fill('20');
    const message = 'T3 扣分上限 20 大于该项分值 15(请改为不超过 15,或留空)';
    await expect(page.getByTestId('error-summary')).toContainText(message);
    await expect(page.getByTestId('item-errors-2')).toHaveText(message);
    await expect(page.getByLabel('T3 扣分上限')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('scheme-save')).toBeDisabled();

    // The server refuses it as well, whoever sends it.
    const admin = await userFor(sani, 'admin');
    const stored = (await storedVersions(sani, TOILET_SCHEME))[0].definition;
    const definition = { ...stored, items: stored.items.map((i) => (i.code === 'T3' ? { ...i, cap: 20 } : i)) };
    const result = await callApi({ ws: sani.ws, user: admin }, 'schemes.save', { familyId: TOILET_SCHEME, definition });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.fields?.['items.2.cap']).toBe(message);

    // A cap within the points is fine again.
    await page.getByLabel('T3 扣分上限').fill('10');
    await expect(page.getByTestId('error-summary')).toBeHidden();
    await expect(page.getByTestId('scheme-save')).toBeEnabled();
  });

  test('the worked example of the money rule follows the pass mark and the shortfall mode', async ({ page, sani }) => {
    await openScheme(page, sani);
    const example = page.getByTestId('money-example');
    await expect(example).toContainText('得分 87.62 时差 2.38 分,扣月服务费的 11.9%');

    await page.getByTestId('money-passMark').fill('92');
    await expect(example).toContainText('得分 87.62 时差 4.38 分,扣月服务费的 21.9%');
    await page.getByRole('radio', { name: '不足1分按1分计' }).check();
    await expect(example).toContainText('得分 87.62 时差 4.38 分,按 5 分计,扣月服务费的 25%');
    await page.getByRole('radio', { name: '不足1分不计' }).check();
    await expect(example).toContainText('得分 87.62 时差 4.38 分,按 4 分计,扣月服务费的 20%');
    await page.getByTestId('money-pctPerPoint').fill('8');
    await expect(example).toContainText('按 4 分计,扣月服务费的 32%,超过每月上限,按 30% 扣');

    await page.getByTestId('scheme-save').click();
    await page.getByTestId('confirm-ok').click();
    await expect(page.getByTestId('scheme-notice')).toContainText('已直接修改第 1 版');
    const [stored] = await storedVersions(sani, TOILET_SCHEME);
    expect(stored.definition.money).toMatchObject({ passMark: 92, pctPerPoint: 8, shortfallMode: 'floor', capPct: 30 });
  });

  test('the items table is typed like a spreadsheet: Enter and arrows move down, Alt+↓ moves the row, Ctrl+Enter inserts', async ({ page, sani }) => {
    await openScheme(page, sani);
    await page.getByLabel('T1 分值').focus();
    await page.keyboard.press('Enter');
    await expect(page.getByLabel('T2 分值')).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(page.getByLabel('T3 分值')).toBeFocused();
    await page.keyboard.press('ArrowUp');
    await expect(page.getByLabel('T2 分值')).toBeFocused();

    await page.keyboard.press('Alt+ArrowDown');
    await expect(page.getByTestId('item-row-2').getByLabel('第 3 项 编号')).toHaveValue('T2');
    await expect(page.getByTestId('item-row-1').getByLabel('第 2 项 编号')).toHaveValue('T3');
    await expect(page.getByLabel('T2 分值')).toBeFocused();

    await page.keyboard.press('Control+Enter');
    await expect(page.getByTestId('items-table').locator('tbody tr[data-row]')).toHaveCount(11);
    await expect(page.getByTestId('item-row-3').getByLabel('第 4 项 编号')).toHaveValue('T11');
    await expect(page.getByLabel('T11 考核内容')).toBeFocused();
    // The new row has no title and 0 points yet: the check says so, and nothing can be saved.
    await expect(page.getByTestId('item-errors-3')).toContainText('T11 缺少考核内容');
    await expect(page.getByTestId('scheme-save')).toBeDisabled();
  });

  test('打印细则 prints the checklist as a plain A4 table', async ({ page, sani }) => {
    await openScheme(page, sani);
    // Keep the printout on the page (the browser's print dialog would remove it after printing).
    await page.evaluate(() => {
      window.print = () => undefined;
    });
    await page.getByTestId('scheme-print').click();
    await expect(page.getByTestId('scheme-printout').locator('tbody tr')).toHaveCount(10);
    await page.emulateMedia({ media: 'print' });
    const pdf = resolve(sani.dir, 'scheme.pdf');
    await page.pdf({ path: pdf, preferCSSPageSize: true });
    const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString('utf8');
    expect(text).toContain('公共厕所月度考核细则');
    expect(text).toContain('第 1 版');
    for (const word of ['环境卫生', '设施设备', '管理服务', 'T1', 'T10', '扣分标准', '问题记录']) expect(text).toContain(word);
    expect(text).toContain('每处扣 5 分;扣完为止');
    expect(text).toContain('检查人员(签字)');
    expect(text).not.toContain('新建细则');
  });

  test('停用 and 启用 ask first, then apply to every version of the family', async ({ page, sani }) => {
    await openScheme(page, sani, 4);
    const family = page.getByTestId('scheme-family-4');
    await expect(family).toContainText('使用中');
    await page.getByTestId('scheme-toggle-status').click();
    await expect(page.getByTestId('confirm-dialog')).toContainText('新的检查不能再选用这份细则');
    await page.getByTestId('confirm-cancel').click();
    expect((await sani.ws.db.read.get<{ status: string }>('SELECT status FROM assessment_schemes WHERE family_id = 4'))!.status).toBe('active');

    await page.getByTestId('scheme-toggle-status').click();
    await page.getByTestId('confirm-ok').click();
    await expect(family).toContainText('已停用');
    await expect(page.getByTestId('scheme-notice')).toContainText('已停用');
    await expect(page.getByTestId('scheme-toggle-status')).toHaveText('启用(系统管理员)');
    expect((await sani.ws.db.read.get<{ status: string }>('SELECT status FROM assessment_schemes WHERE family_id = 4'))!.status).toBe('retired');

    await page.getByTestId('scheme-toggle-status').click();
    await page.getByTestId('confirm-ok').click();
    await expect(family).toContainText('使用中');
    expect((await sani.ws.db.read.get<{ status: string }>('SELECT status FROM assessment_schemes WHERE family_id = 4'))!.status).toBe('active');
    const audit = await sani.ws.db.read.all<{ method: string }>("SELECT method FROM audit_log WHERE method IN ('schemes.retire', 'schemes.activate') ORDER BY id");
    expect(audit.map((a) => a.method)).toEqual(['schemes.retire', 'schemes.activate']);
  });

  test('复制为新细则 starts a new family from a copy; its target type can still be chosen', async ({ page, sani }) => {
    await openScheme(page, sani);
    await page.getByTestId('scheme-copy').click();
    await expect(page.getByLabel('细则名称')).toHaveValue('公共厕所月度考核细则(副本)');
    await expect(page.getByLabel('细则名称')).toBeFocused();
    await expect(page.getByLabel('考核对象')).toBeEnabled();
    await page.getByLabel('细则名称').fill('二类公厕月度考核细则');
    await page.getByLabel('T7 分值').fill('0');
    await page.getByLabel('T7 单次扣分').fill('0');
    await expect(page.getByTestId('error-summary')).toContainText('各项分值合计 95 分');
    await page.getByLabel('T10 分值').fill('10');
    await page.getByLabel('T10 单次扣分').fill('5');
    await page.getByLabel('T7 单次扣分').fill('');
    await expect(page.getByTestId('error-summary')).toContainText('T7 单次扣分应填写数字');
    await page.getByTestId('item-row-6').getByLabel('T7 删除').click();
    await expect(page.getByTestId('error-summary')).toBeHidden();
    await page.getByTestId('scheme-save').click();
    await expect(page.getByTestId('save-plan')).toHaveText('保存后新建这份细则,从第 1 版开始。');
    await page.getByTestId('confirm-ok').click();
    await expect(page.getByTestId('scheme-notice')).toHaveText('已新建细则「二类公厕月度考核细则」第 1 版。');
    await expect(page.getByTestId('scheme-families').locator('[data-testid^="scheme-family-"]')).toHaveCount(5);
    await expect(page.getByLabel('考核对象')).toBeDisabled();

    const row = await sani.ws.db.read.get<{ id: number; family_id: number; version: number; target_type: string; definition: string }>(
      "SELECT id, family_id, version, target_type, definition FROM assessment_schemes WHERE name = '二类公厕月度考核细则'",
    );
    expect(row).toMatchObject({ version: 1, target_type: 'toilet' });
    expect(row!.family_id).toBe(row!.id);
    const def = JSON.parse(row!.definition) as SchemeDefinition;
    expect(def.items.map((i) => i.code)).toEqual(['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T8', 'T9', 'T10']);
    // The original is untouched.
    expect(maxOf((await storedVersions(sani, TOILET_SCHEME))[0].definition, 'T10')).toBe(5);
  });

  test('screenshot of the scheme editor', async ({ page, sani }) => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await openScheme(page, sani);
    await page.getByLabel('T1 分值').fill('10');
    await expect(page.getByTestId('error-summary')).toContainText('各项分值合计 95 分');
    await page.getByTestId('section-items').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await expect(page.getByTestId('items-sum')).toBeInViewport();
    await page.screenshot({ path: resolve(SCREENSHOTS, 'schemes.png') });
  });
});

test.describe('as a clerk', () => {
  test.use({ loginAs: 'clerk' });

  test('张录入 reads the scheme but cannot save it, on screen or through the HTTP API', async ({ page, sani }) => {
    await openScheme(page, sani);
    await expect(page.getByTestId('current-user')).toContainText('张录入');
    await expect(page.getByTestId('readonly-notice')).toContainText('只读');
    await expect(page.getByTestId('scheme-title')).toHaveText('公共厕所月度考核细则');
    await expect(page.getByLabel('T1 分值')).toHaveValue('15');
    await expect(page.getByLabel('T1 分值')).toHaveAttribute('readonly', '');
    await expect(page.getByTestId('scheme-save')).toHaveCount(0);
    await expect(page.getByTestId('scheme-new')).toHaveCount(0);
    await expect(page.getByRole('button', { name: /保存/ })).toHaveCount(0);
    await expect(page.getByTestId('money-example')).toContainText('11.9%');

    const [stored] = await storedVersions(sani, TOILET_SCHEME);
    const response = await fetch(`${sani.host.url}/api/schemes.save`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-SaniDesk-Token': sani.host.token, 'X-SaniDesk-Session': await sessionFor(sani, 'clerk') },
      body: JSON.stringify({ familyId: TOILET_SCHEME, definition: stored.definition }),
    });
    expect(response.status).toBe(403);
    const body = (await response.json()) as { ok: boolean; error: { code: string; message: string } };
    expect(body.ok).toBe(false);
    expect(body.error.code).toBe('forbidden');
    expect(body.error.message).toContain('张录入');
    expect(body.error.message).toContain('需要系统管理员角色');
    expect(await sani.ws.db.read.get("SELECT 1 FROM audit_log WHERE method = 'schemes.save'")).toBeUndefined();
  });
});

test('排名规则: the exposure line and a consequence are set on the scheme; months 13 is refused', async ({ page, sani }) => {
  await openScheme(page, sani);
  const summary = page.getByTestId('ranking-summary');
  await expect(summary).toContainText('不设曝光线;连续 2 个月不合格约谈;一年内累计 3 个月不合格解约审查');
  await page.getByRole('button', { name: '排名规则' }).click();
  await page.getByTestId('ranking-default').uncheck();

  await page.getByTestId('ranking-exposureBelow').fill('88');
  const rules = page.getByTestId('consequences-table');
  await rules.getByRole('button', { name: '第 2 条后果规则 删除' }).click();
  await expect(rules.locator('tbody tr')).toHaveCount(1);
  const first = page.getByTestId('consequence-0');
  await expect(first.getByLabel('第 1 条 计算方式')).toHaveValue('consecutive');
  await expect(first.getByLabel('第 1 条 后果')).toHaveValue('summoned');
  await first.getByLabel('不合格', { exact: true }).check();
  await expect(summary).toContainText('低于 88 分点名;连续 2 个月不合格约谈');

  // A rule over 13 months is refused with what to fix, and 保存 stays off until it is gone.
  await page.getByRole('button', { name: '添加后果规则' }).click();
  await page.getByLabel('第 2 条 月数').fill('13');
  const message = '第 2 条后果规则(约谈)的月数应为 1~12 的整数';
  await expect(page.getByTestId('error-summary')).toContainText(message);
  await expect(page.getByTestId('error-ranking.consequences.1.months')).toHaveText(message);
  await expect(page.getByLabel('第 2 条 月数')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('scheme-save')).toBeDisabled();
  await rules.getByRole('button', { name: '第 2 条后果规则 删除' }).click();
  await expect(page.getByTestId('error-summary')).toBeHidden();
  await expect(page.getByTestId('check-state')).toHaveText('检查通过,可以保存');

  await page.getByTestId('scheme-save').click();
  await page.getByTestId('confirm-ok').click();
  await expect(page.getByTestId('scheme-notice')).toContainText('已直接修改第 1 版');
  const [stored] = await storedVersions(sani, TOILET_SCHEME);
  expect(stored.definition.ranking).toEqual({
    exposureBelow: 88,
    consequences: [{ consequence: 'summoned', grades: ['不合格'], months: 2, window: 'consecutive' }],
    composite: [],
    unrankedTargetIds: [],
    yearExtrasWeight: 0,
    yearExtrasLabel: '',
  });

  // Back on the defaults: the block is removed, not stored empty.
  await page.getByTestId('ranking-default').check();
  await expect(summary).toContainText('不设曝光线');
  await page.getByTestId('scheme-save').click();
  await page.getByTestId('confirm-ok').click();
  // Saved: nothing left to save (the button is also off while the save is under way, so it proves nothing).
  await expect(page.getByTestId('check-state')).toHaveText('检查通过');
  const [restored] = await storedVersions(sani, TOILET_SCHEME);
  expect(restored.definition).not.toHaveProperty('ranking');
});
