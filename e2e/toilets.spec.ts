/**
 * The toilet ledger through the UI, as a clerk uses it: inline edits that persist, refused values that leave
 * the stored value in place, delete with confirmation and undo, the row drawer with its history, new rows,
 * export, and the remembered layout. Stored values are checked in the workspace's SQLite file.
 */
import { statSync } from 'node:fs';
import { callAsOtherClerk, cell, editCell, expect, firstToilets, openToilets, storedToilet, test } from './fixtures';

test('an edited cell is saved on Enter and kept after a reload', async ({ page, sani }) => {
  const [toilet] = await firstToilets(sani);
  await openToilets(page, sani);
  await editCell(page, toilet.id, 'name', '多伦路公厕');

  await expect(cell(page, toilet.id, 'name')).toHaveText('多伦路公厕');
  await expect(page.getByTestId('status-message')).toContainText('已保存');
  await expect.poll(async () => (await storedToilet(sani, toilet.id)).name).toBe('多伦路公厕');
  expect((await storedToilet(sani, toilet.id)).version).toBe(toilet.version + 1);

  await page.reload();
  await expect(cell(page, toilet.id, 'name')).toHaveText('多伦路公厕');
  // The token went from the address bar into sessionStorage, so the reload still reaches the host.
  expect(page.url()).not.toContain('token=');
});

test('a refused value shows the Chinese reason and the stored value stays', async ({ page, sani }) => {
  const [toilet] = await firstToilets(sani);
  const before = await storedToilet(sani, toilet.id);
  await openToilets(page, sani);

  await editCell(page, toilet.id, 'openHours', '25:00-26:00');
  const hours = cell(page, toilet.id, 'openHours');
  await expect(page.getByTestId('status-message')).toContainText('无法识别“25:00-26:00”');
  await expect(page.getByTestId('status-save')).toHaveText('保存失败');
  await expect(hours).toHaveText(String(before.open_hours));
  await expect(hours).toHaveClass(/cell-error/);
  await expect(hours).toHaveAttribute('title', /无法识别/);

  await editCell(page, toilet.id, 'maleSquat', '-3');
  const squat = cell(page, toilet.id, 'maleSquat');
  await expect(page.getByTestId('status-message')).toContainText('不能小于 0');
  await expect(squat).toHaveText(String(before.male_squat));
  await expect(squat).toHaveAttribute('title', '不能小于 0');

  expect(await storedToilet(sani, toilet.id)).toEqual(before);

  // The mark stays until the cell is edited again; a good value then clears it.
  await editCell(page, toilet.id, 'openHours', '06:00-21:00');
  await expect(hours).toHaveText('06:00-21:00');
  await expect(hours).not.toHaveClass(/cell-error/);
  await expect(page.getByTestId('status-save')).toHaveText('已保存');
});

test('a cross-field rule refuses 三类 for an attached toilet', async ({ page, sani }) => {
  const attached = await sani.ws.db.read.get<{ id: number; class: number }>(
    `SELECT t.id, t.class FROM toilets t JOIN streets s ON s.id = t.street_id
      WHERE t.deleted_at IS NULL AND t.type = 'attached' ORDER BY s.sort_order, t.code LIMIT 1`,
  );
  expect(attached).toBeDefined();
  await openToilets(page, sani);
  const classCell = cell(page, attached!.id, 'class');
  await classCell.scrollIntoViewIfNeeded();
  await classCell.click();
  await classCell.press('F2');
  await page.locator('.ag-select-list-item', { hasText: '三类' }).click();
  await expect(page.getByTestId('status-message')).toContainText('附属式公厕只能是一类或二类');
  await expect(classCell).toHaveClass(/cell-error/);
  expect((await storedToilet(sani, attached!.id)).class).toBe(attached!.class);
});

test('a saved value with a warning gets an amber mark and a message', async ({ page, sani }) => {
  const shown = await firstToilets(sani, 20);
  // A toilet on screen and another toilet of the same community: giving it that toilet's name is saved, with a warning.
  const pair = await sani.ws.db.read.get<{ id: number; twinName: string }>(
    `SELECT t.id, o.name AS twinName FROM toilets t JOIN toilets o ON o.community_id = t.community_id AND o.id <> t.id
      WHERE t.id IN (${shown.map((r) => r.id).join(',')}) AND o.deleted_at IS NULL AND o.name <> t.name LIMIT 1`,
  );
  expect(pair).toBeDefined();
  await openToilets(page, sani);
  await editCell(page, pair!.id, 'name', pair!.twinName);
  const name = cell(page, pair!.id, 'name');
  await expect(name).toHaveText(pair!.twinName);
  await expect(name).toHaveClass(/cell-warning/);
  await expect(name).toHaveAttribute('title', /同一社区已有同名公厕/);
  await expect(page.getByTestId('status-message')).toHaveClass(/status-message-warning/);
  await expect(page.getByTestId('status-save')).toHaveText('已保存');
  expect((await storedToilet(sani, pair!.id)).name).toBe(pair!.twinName);
});

test('an edit on a row another clerk changed meanwhile is refused and the row reloaded', async ({ page, sani }) => {
  const [toilet] = await firstToilets(sani);
  await openToilets(page, sani);
  await callAsOtherClerk(sani, 'toilets.update', { id: toilet.id, version: toilet.version, patch: { name: '他人修改的公厕' } });

  await editCell(page, toilet.id, 'address', '城关街道测试路9号');
  await expect(page.getByTestId('status-message')).toContainText('已重新载入该行的最新内容');
  await expect(cell(page, toilet.id, 'name')).toHaveText('他人修改的公厕');
  const stored = await storedToilet(sani, toilet.id);
  expect(stored.address).not.toBe('城关街道测试路9号');

  // The reloaded row carries the new version: the clerk's second try is saved.
  await editCell(page, toilet.id, 'address', '城关街道测试路9号');
  await expect(cell(page, toilet.id, 'address')).toHaveText('城关街道测试路9号');
  await expect.poll(async () => (await storedToilet(sani, toilet.id)).address).toBe('城关街道测试路9号');
});

test('choosing another street clears a community of the old street', async ({ page, sani }) => {
  const [toilet] = await firstToilets(sani);
  const other = await sani.ws.db.read.get<{ id: number; name: string }>(
    'SELECT id, name FROM streets WHERE id <> (SELECT street_id FROM toilets WHERE id = ?) ORDER BY sort_order LIMIT 1',
    [toilet.id],
  );
  await openToilets(page, sani);
  const street = cell(page, toilet.id, 'streetId');
  await street.click();
  await street.press('F2');
  await page.locator('.ag-select-list-item', { hasText: other!.name }).click();
  await expect(street).toHaveText(other!.name);
  await expect(cell(page, toilet.id, 'communityId')).toHaveText('');
  await expect.poll(async () => (await storedToilet(sani, toilet.id)).street_id).toBe(other!.id);
  expect((await storedToilet(sani, toilet.id)).community_id).toBeNull();

  // One undo puts both back.
  await page.getByTestId('btn-undo').click();
  await expect.poll(async () => (await storedToilet(sani, toilet.id)).community_id).not.toBeNull();
  await expect(cell(page, toilet.id, 'communityId')).not.toHaveText('');
});

test('delete asks first, removes the row, and 撤销 brings it back', async ({ page, sani }) => {
  const [toilet] = await firstToilets(sani);
  await openToilets(page, sani);
  await expect(page.getByTestId('status-rows')).toHaveText('共 150 行');

  await cell(page, toilet.id, 'code').click();
  await page.getByTestId('btn-delete').click();
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toContainText(`确定删除“${toilet.code} ${toilet.name}”吗?`);
  await page.getByTestId('delete-reason').fill('重复录入');
  await page.getByTestId('confirm-ok').click();

  await expect(dialog).toBeHidden();
  await expect(page.locator(`.ag-row[row-id="${toilet.id}"]`)).toHaveCount(0);
  await expect(page.getByTestId('status-rows')).toHaveText('共 149 行');
  expect((await storedToilet(sani, toilet.id)).deleted_at).not.toBeNull();

  await expect(page.getByTestId('btn-undo')).toHaveAttribute('title', `撤销:删除 ${toilet.code} ${toilet.name}(Ctrl+Z)`);
  await page.getByTestId('btn-undo').click();
  await expect(cell(page, toilet.id, 'code')).toHaveText(toilet.code);
  await expect(page.getByTestId('status-rows')).toHaveText('共 150 行');
  await expect.poll(async () => (await storedToilet(sani, toilet.id)).deleted_at).toBeNull();

  // Redo deletes it again.
  await page.getByTestId('btn-redo').click();
  await expect(page.locator(`.ag-row[row-id="${toilet.id}"]`)).toHaveCount(0);
  await expect.poll(async () => (await storedToilet(sani, toilet.id)).deleted_at).not.toBeNull();
});

test('cancelling the confirmation deletes nothing', async ({ page, sani }) => {
  const [toilet] = await firstToilets(sani);
  await openToilets(page, sani);
  await cell(page, toilet.id, 'code').click();
  await page.getByTestId('btn-delete').click();
  await page.getByTestId('confirm-cancel').click();
  await expect(page.getByTestId('confirm-dialog')).toBeHidden();
  await expect(cell(page, toilet.id, 'code')).toBeVisible();
  expect((await storedToilet(sani, toilet.id)).deleted_at).toBeNull();
});

test('Ctrl+Z undoes a cell edit and Ctrl+Y redoes it', async ({ page, sani }) => {
  const [toilet] = await firstToilets(sani);
  await openToilets(page, sani);
  await editCell(page, toilet.id, 'name', '撤销测试公厕');
  await expect(cell(page, toilet.id, 'name')).toHaveText('撤销测试公厕');
  await expect(page.getByTestId('btn-undo')).toHaveAttribute('title', /撤销:修改 .* 的公厕名称/);

  await cell(page, toilet.id, 'code').click();
  await page.keyboard.press('Control+z');
  await expect(cell(page, toilet.id, 'name')).toHaveText(toilet.name);
  await expect.poll(async () => (await storedToilet(sani, toilet.id)).name).toBe(toilet.name);

  await page.keyboard.press('Control+y');
  await expect(cell(page, toilet.id, 'name')).toHaveText('撤销测试公厕');
  await expect.poll(async () => (await storedToilet(sani, toilet.id)).name).toBe('撤销测试公厕');
});

test('the row drawer shows the full form and the change history', async ({ page, sani }) => {
  const [toilet] = await firstToilets(sani);
  await openToilets(page, sani);
  await editCell(page, toilet.id, 'name', '历史测试公厕');
  await expect(cell(page, toilet.id, 'name')).toHaveText('历史测试公厕');

  await cell(page, toilet.id, '__rowNumber').dblclick();
  const drawer = page.getByTestId('drawer');
  await expect(drawer).toBeVisible();
  await expect(drawer.locator('#drawer-field-name')).toHaveValue('历史测试公厕');
  await expect(drawer.locator('output[data-field="femaleToMaleRatio"]')).toBeVisible();
  const latest = drawer.getByTestId('history-entry').first();
  await expect(latest).toContainText('系统管理员');
  await expect(latest).toContainText(`公厕名称:${toilet.name} → 历史测试公厕`);
  await expect(latest).toContainText(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);

  // Saving from the drawer sends only the changed field and adds a history entry.
  await drawer.locator('#drawer-field-remarks').fill('夜间照明待修');
  await drawer.getByTestId('drawer-save').click();
  await expect(drawer.getByTestId('history-entry').first()).toContainText('备注:(空) → 夜间照明待修');
  expect((await storedToilet(sani, toilet.id)).remarks).toBe('夜间照明待修');

  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();

  // Enter on the row number opens it too.
  await cell(page, toilet.id, '__rowNumber').click();
  await page.keyboard.press('Enter');
  await expect(drawer).toBeVisible();
});

test('新增 opens an empty form, shows field errors, then creates the row', async ({ page, sani }) => {
  await openToilets(page, sani);
  await page.getByTestId('btn-add').click();
  const drawer = page.getByTestId('drawer');
  await expect(drawer).toContainText('新增公厕');
  await drawer.getByTestId('drawer-save').click();
  await expect(drawer.getByTestId('field-error-code')).toHaveText('必填,不能为空');
  await expect(drawer.getByTestId('field-error-streetId')).toBeVisible();

  await drawer.locator('#drawer-field-code').fill('gc-900');
  await drawer.locator('#drawer-field-name').fill('新建测试公厕');
  await drawer.locator('#drawer-field-streetId').selectOption({ label: '城关街道' });
  await drawer.locator('#drawer-field-address').fill('城关街道测试路1号');
  await drawer.getByTestId('drawer-save').click();
  await expect(drawer).toBeHidden();

  const created = await sani.ws.db.read.get<{ id: number; name: string; class: number }>("SELECT id, name, class FROM toilets WHERE code = 'GC-900'");
  expect(created).toMatchObject({ name: '新建测试公厕', class: 2 });
  await expect(cell(page, created!.id, 'code')).toHaveText('GC-900');
  await expect(page.getByTestId('status-rows')).toHaveText('共 151 行');

  // Undoing a create deletes the new row (softly).
  await page.getByTestId('btn-undo').click();
  await expect(page.locator(`.ag-row[row-id="${created!.id}"]`)).toHaveCount(0);
  await expect.poll(async () => (await storedToilet(sani, created!.id)).deleted_at).not.toBeNull();
});

test('export downloads the ledger as xlsx and csv', async ({ page, sani }) => {
  await openToilets(page, sani);
  for (const [button, ext] of [
    ['btn-export-xlsx', '.xlsx'],
    ['btn-export-csv', '.csv'],
  ] as const) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(button).click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^公厕台账_\\d{4}-\\d{2}-\\d{2}\\${ext}$`));
    const path = await download.path();
    expect(statSync(path).size).toBeGreaterThan(0);
  }
  await expect(page.getByTestId('status-message')).toContainText('已导出 150 行');
});

test('search, column filters and 清除筛选 narrow and restore the rows', async ({ page, sani }) => {
  const [toilet] = await firstToilets(sani);
  await openToilets(page, sani);
  await page.keyboard.press('Control+f');
  await expect(page.getByTestId('search-box')).toBeFocused();
  await page.keyboard.type(toilet.code);
  await expect(page.getByTestId('status-rows')).toHaveText('共 150 行,筛选后 1 行');
  await page.getByTestId('btn-clear-filters').click();
  await expect(page.getByTestId('status-rows')).toHaveText('共 150 行');
  await expect(page.getByTestId('search-box')).toHaveValue('');

  // A column filter works on the labels the clerk sees (一类), not on the stored codes.
  const { n: classOne } = (await sani.ws.db.read.get<{ n: number }>('SELECT count(*) AS n FROM toilets WHERE class = 1 AND deleted_at IS NULL'))!;
  await page.locator('.ag-header-cell[col-id="class"] .ag-header-cell-filter-button').click();
  await page.locator('.ag-filter input[type="text"]').first().fill('一类');
  await expect(page.getByTestId('status-rows')).toHaveText(`共 150 行,筛选后 ${classOne} 行`);
  await page.keyboard.press('Escape');
  await page.getByTestId('btn-clear-filters').click();
  await expect(page.getByTestId('status-rows')).toHaveText('共 150 行');
});

test('column width and visibility are remembered after a reload', async ({ page, sani }) => {
  await openToilets(page, sani);
  const header = page.locator('.ag-header-cell[col-id="name"]');
  const before = (await header.boundingBox())!.width;
  const handle = header.locator('.ag-header-cell-resize');
  const box = (await handle.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 80, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect.poll(async () => (await header.boundingBox())!.width).toBeGreaterThan(before + 60);

  await page.getByTestId('btn-columns').click();
  await page.getByTestId('columns-panel').locator('input[data-column="address"]').uncheck();
  await expect(page.locator('.ag-header-cell[col-id="address"]')).toHaveCount(0);

  await page.reload();
  await expect(page.getByTestId('status-rows')).toBeVisible();
  expect((await header.boundingBox())!.width).toBeGreaterThan(before + 60);
  await expect(page.locator('.ag-header-cell[col-id="address"]')).toHaveCount(0);
});

test.describe('an empty workspace', () => {
  test.use({ demo: false });

  test('explains what belongs in the ledger and offers 新增', async ({ page, sani }) => {
    await openToilets(page, sani);
    const empty = page.getByTestId('empty-state');
    await expect(empty).toContainText('还没有公厕');
    await empty.getByTestId('empty-add').click();
    await expect(page.getByTestId('drawer')).toContainText('新增公厕');
  });
});
