/**
 * Excel-grade editing in the estates grid, as a clerk does it: a 3×20 block copied from Excel/WPS pasted in
 * one go (all of it or none of it, refused cells marked, one undo step), rows pasted past the end becoming
 * new rows, Ctrl+D filling down, Delete clearing, and the block copied back out. Every outcome is checked in
 * the workspace's SQLite file.
 */
import {
  auditCount,
  cell,
  estatesInGridOrder,
  expect,
  openLedger,
  pasteText,
  storedEstates,
  test,
  tsv,
  type EstateRow,
} from './fixtures';

const pick = (rows: EstateRow[]) => rows.map((r) => ({ address: r.address, households: r.households, buildings: r.buildings }));

test('a pasted 3×20 block is saved all or nothing and taken back with one Ctrl+Z', async ({ page, sani }) => {
  const rows = await estatesInGridOrder(sani, 20);
  const ids = rows.map((r) => r.id);
  const auditBefore = await auditCount(sani);
  await openLedger(page, sani, '/estates');

  // 地址 · 户数 · 楼栋数 of the first 20 estates, as copied from a clerk's sheet; one 户数 is not a number.
  const block = rows.map((_, i) => [`示例区测试路${i + 1}号`, 300 + i, 3 + (i % 4)]);
  block[6][1] = '约500户';
  await cell(page, rows[0].id, 'address').click();
  await pasteText(page, tsv(block));

  const bad = cell(page, rows[6].id, 'households');
  await expect(page.getByTestId('status-message')).toContainText('粘贴没有保存:1 个单元格有误,未写入任何数据');
  await expect(page.getByTestId('status-message')).toContainText('第 7 行 户数');
  await expect(bad).toHaveClass(/cell-error/);
  await expect(bad).toHaveAttribute('title', /“约500户”不是有效数字/);
  await expect(bad).toHaveText(String(rows[6].households));
  await expect(page.getByTestId('block-problems')).toContainText('第 7 行 户数');
  // Nothing saved: the rows and the audit log are exactly as they were.
  expect(await storedEstates(sani, ids)).toEqual(rows);
  expect(await auditCount(sani)).toBe(auditBefore);

  // The clerk fixes the cell in the sheet and pastes the block again.
  block[6][1] = 500;
  await pasteText(page, tsv(block));
  await expect(page.getByTestId('status-message')).toContainText('已粘贴 60 个单元格:修改 20 行');
  await expect(bad).not.toHaveClass(/cell-error/);
  await expect(bad).toHaveText('500');
  await expect(page.getByTestId('block-problems')).toHaveCount(0);
  const saved = await storedEstates(sani, ids);
  expect(pick(saved)).toEqual(block.map(([address, households, buildings]) => ({ address, households, buildings })));
  // One change: one batch, one audit entry per row.
  expect(await auditCount(sani, 'estates.batch')).toBe(20);
  await expect(page.getByTestId('btn-undo')).toHaveAttribute('title', '撤销:粘贴 60 个单元格(Ctrl+Z)');

  // One Ctrl+Z puts all 60 cells back.
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('status-message')).toContainText('已撤销:粘贴 60 个单元格');
  await expect.poll(async () => pick(await storedEstates(sani, ids))).toEqual(pick(rows));
  await expect(cell(page, rows[0].id, 'address')).toHaveText(rows[0].address);

  // And Ctrl+Y applies it again.
  await page.keyboard.press('Control+y');
  await expect.poll(async () => pick(await storedEstates(sani, ids))).toEqual(pick(saved));
});

test('rows pasted past the last row become new rows, and undo takes them out again', async ({ page, sani }) => {
  const [first] = await estatesInGridOrder(sani, 1);
  const community = (await sani.ws.db.read.get<{ name: string; street: string }>(
    `SELECT c.name, s.name AS street FROM estates t JOIN communities c ON c.id = t.community_id JOIN streets s ON s.id = c.street_id WHERE t.id = ?`,
    [first.id],
  ))!;
  await openLedger(page, sani, '/estates');
  await page.getByTestId('search-box').fill(first.code);
  await expect(page.getByTestId('status-rows')).toHaveText('共 80 行,筛选后 1 行');

  // 小区名称 · 别名 · 社区(村) · 街道 (computed, skipped) · 地址 · 户数 · 楼栋数 · 人口 · 建成年份 · 物业小区 · 物业公司 ·
  // 物业公司信用代码 · 开展分类时间 · 分类模式: the first row is the estate on screen as it is, two more follow.
  const estate = (name: string, address: string) => [name, '', `${community.street}/${community.name}`, '', address, 420, 6, '', 2012, '否', '', '', '2021.3.1', '定时定点'];
  const shown = await storedEstates(sani, [first.id]);
  const row0 = [shown[0].name, '', `${community.street}/${community.name}`, '', shown[0].address, shown[0].households, shown[0].buildings];
  await cell(page, first.id, 'name').click();
  await pasteText(page, tsv([row0, estate('粘贴新增小区甲', '示例区新增路1号'), estate('粘贴新增小区乙', '示例区新增路2号')]));

  await expect(page.getByTestId('status-message')).toContainText('新增 2 行');
  await expect(page.getByTestId('status-message')).toContainText('只读列(街道)由系统计算,已跳过');
  const created = await sani.ws.db.read.all<{ id: number; name: string; households: number; sorting_start_date: string; sorting_mode: string; managed: number; deleted_at: string | null }>(
    "SELECT id, name, households, sorting_start_date, sorting_mode, managed, deleted_at FROM estates WHERE name LIKE '粘贴新增小区%' ORDER BY name",
  );
  expect(created.map((r) => [r.name, r.households, r.sorting_start_date, r.sorting_mode, r.managed])).toEqual([
    ['粘贴新增小区乙', 420, '2021-03-01', 'scheduled', 0],
    ['粘贴新增小区甲', 420, '2021-03-01', 'scheduled', 0],
  ]);
  await page.getByTestId('btn-clear-filters').click();
  await expect(page.getByTestId('status-rows')).toHaveText('共 82 行');

  await page.getByTestId('btn-undo').click();
  await expect(page.getByTestId('status-rows')).toHaveText('共 80 行');
  await expect
    .poll(async () => (await sani.ws.db.read.all<{ deleted_at: string | null }>("SELECT deleted_at FROM estates WHERE name LIKE '粘贴新增小区%'")).every((r) => r.deleted_at))
    .toBe(true);
});

test('Ctrl+D fills the first row down through the block as one change', async ({ page, sani }) => {
  const rows = await estatesInGridOrder(sani, 5);
  const ids = rows.map((r) => r.id);
  await openLedger(page, sani, '/estates');
  await cell(page, rows[0].id, 'address').click();
  await cell(page, rows[4].id, 'households').click({ modifiers: ['Shift'] });
  await expect(cell(page, rows[2].id, 'households')).toHaveClass(/range-cell/);
  await page.keyboard.press('Control+d');

  await expect(page.getByTestId('status-message')).toContainText('已向下填充 8 个单元格:修改 4 行');
  const filled = await storedEstates(sani, ids);
  expect(filled.map((r) => [r.address, r.households])).toEqual(rows.map(() => [rows[0].address, rows[0].households]));
  await expect(cell(page, rows[4].id, 'address')).toHaveText(rows[0].address);

  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await storedEstates(sani, ids)).map((r) => [r.address, r.households])).toEqual(rows.map((r) => [r.address, r.households]));
});

test('Delete clears the selected cells; a required column refuses with its message', async ({ page, sani }) => {
  const rows = await estatesInGridOrder(sani, 3);
  const ids = rows.map((r) => r.id);
  await sani.ws.db.write((tx) => tx.run(`UPDATE estates SET aliases = '["旧名"]' WHERE id IN (${ids.join(',')})`));
  await openLedger(page, sani, '/estates');

  // 别名 (optional) of three rows, selected with Shift+arrows.
  await cell(page, rows[0].id, 'aliases').click();
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('status-message')).toContainText('已清除 3 个单元格');
  await expect.poll(async () => (await storedEstates(sani, ids)).map((r) => r.aliases)).toEqual(['[]', '[]', '[]']);

  // 小区名称 is required: nothing is cleared and each cell says why.
  await cell(page, rows[0].id, 'name').click();
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('status-message')).toContainText('清除没有保存:2 个单元格有误');
  await expect(cell(page, rows[1].id, 'name')).toHaveClass(/cell-error/);
  await expect(cell(page, rows[1].id, 'name')).toHaveAttribute('title', '必填,不能为空');
  expect((await storedEstates(sani, ids)).map((r) => r.name)).toEqual(rows.map((r) => r.name));
});

test('Ctrl+C copies the selected block as tab-separated text and an HTML table', async ({ page, sani }) => {
  const rows = await estatesInGridOrder(sani, 3);
  await openLedger(page, sani, '/estates');
  await cell(page, rows[0].id, 'name').click();
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  const copied = await page.evaluate(() => {
    const transfer = new DataTransfer();
    document.activeElement!.dispatchEvent(new ClipboardEvent('copy', { clipboardData: transfer, bubbles: true, cancelable: true }));
    return { text: transfer.getData('text/plain'), html: transfer.getData('text/html') };
  });
  expect(copied.text).toBe(rows.map((r) => `${r.name}\r\n`).join(''));
  expect(copied.html).toContain(`<td>${rows[1].name}</td>`);
  await expect(page.getByTestId('status-message')).toHaveText('已复制 3 行 × 1 列');
});

test('one copied value fills the whole selection; quoted cells keep their quotes and tabs', async ({ page, sani }) => {
  const rows = await estatesInGridOrder(sani, 4);
  const ids = rows.map((r) => r.id);
  await openLedger(page, sani, '/estates');

  // A single cell from Excel pasted over a 3-row selection fills all three.
  await cell(page, rows[0].id, 'households').click();
  await cell(page, rows[2].id, 'households').click({ modifiers: ['Shift'] });
  await pasteText(page, '888\r\n');
  await expect(page.getByTestId('status-message')).toContainText('已粘贴 3 个单元格');
  expect((await storedEstates(sani, ids)).map((r) => r.households)).toEqual([888, 888, 888, rows[3].households]);

  // Excel quotes a cell holding a tab, a line break or a quote, doubling the quotes inside.
  await cell(page, rows[0].id, 'address').click();
  await pasteText(page, '"示例路""1""号"\t301\r\n"示例路\t2号"\t302\r\n');
  await expect(page.getByTestId('status-message')).toContainText('已粘贴 4 个单元格');
  const stored = await storedEstates(sani, ids.slice(0, 2));
  expect(stored.map((r) => r.households)).toEqual([301, 302]);
  expect(stored[0].address).toBe('示例路"1"号');
  // db/ normalises blanks in text, so the tab inside the quoted cell is stored as a space.
  expect(stored[1].address).toBe('示例路 2号');
});
