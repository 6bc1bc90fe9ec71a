/**
 * 指标: the seed 003 key-indicator table (DOMAIN §6.2, 19 rows, a title row above the header, category cells
 * merged down their group) imported through the dialog from the screen's empty state; the grid holds the 19
 * rows; the progress view shows the computed coverage against its 100% target and "/" with no current value
 * for an indicator SaniDesk does not compute; the plan-layout export comes back with its category cells merged;
 * a target edited in the grid is followed by the progress view.
 */
import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { callAsOtherClerk, editCell, expect, test, type Console } from './fixtures';

/** DOMAIN §6.2 as the plan prints it: category, 序号, indicator, “十三五”末, “十四五”目标, 指标属性. */
const SEED_003: Array<[string, number, string, string, string, string]> = [
  ['环境卫生', 1, '生活垃圾分类覆盖率', '88.2%', '100%', '约束性'],
  ['环境卫生', 2, '生活垃圾资源化利用率', '74.6%', '100%', '约束性'],
  ['环境卫生', 3, '生活垃圾回收利用率', '39.3%', '65%', '预期性'],
  ['环境卫生', 4, '生活垃圾无害化处理率', '100%', '100%', '约束性'],
  ['环境卫生', 5, '城市道保洁机械化作业率', '80%', '85%', '预期性'],
  ['节约用水', 6, '城市供水管网漏损率', '10%', '≤8%', '约束性'],
  ['节约用水', 7, '城市再生水利用率', '/', '20%', '预期性'],
  ['污水排水', 8, '城市污水处理率', '97.23%', '≥98%', '约束性'],
  ['污水排水', 9, '城市生活污水集中收集率', '/', '68%', '预期性'],
  ['污水排水', 10, '农村生活污水处理设施出水达标率', '/', '95%', '预期性'],
  ['污水排水', 11, '城市易涝点整治完成率', '50%', '100%', '预期性'],
  ['燃气事业', 12, '城市居民天然气普及率', '40%', '47%', '预期性'],
  ['燃气事业', 13, '瓶装燃气信息化实名制覆盖率', '100%', '100%', '预期性'],
  ['园林绿化', 14, '建成区绿地率', '37.2%', '38.8%', '约束性'],
  ['园林绿化', 15, '建成区绿化覆盖率', '42.9%', '45%', '约束性'],
  ['园林绿化', 16, '城市人均公园绿地面积', '14.6', '16.9平方米', '约束性'],
  ['园林绿化', 17, '公园绿地服务半径覆盖率', '87.5%', '>90%', '预期性'],
  ['市政设施', 18, '城市道路亮灯率', '98%', '98%', '约束性'],
  ['智慧城管', 19, '建成区智慧城管覆盖率', '87.4%', '100%', '预期性'],
];

/** The sheet as a clerk receives it: a merged title row, the header, and each category written once, merged down. */
async function seedWorkbook(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('关键指标');
  sheet.addRow(['绍兴市城市管理“十四五”规划关键指标表']);
  sheet.mergeCells('A1:F1');
  sheet.addRow(['类别', '序号', '指标', '“十三五”末', '“十四五”目标', '指标属性']);
  const first = 3;
  SEED_003.forEach(([category, seq, name, baseline, target, binding], i) => {
    const previous = SEED_003[i - 1];
    sheet.addRow([previous && previous[0] === category ? null : category, seq, name, baseline, target, binding]);
  });
  // Merge each category's cells down its group, as the plan's table does.
  let start = 0;
  for (let i = 1; i <= SEED_003.length; i += 1) {
    if (i === SEED_003.length || SEED_003[i][0] !== SEED_003[start][0]) {
      if (i - start > 1) sheet.mergeCells(`A${first + start}:A${first + i - 1}`);
      start = i;
    }
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/**
 * The demo district may ship the same table (db/indicators/demo.ts); a clerk removes it first, so the screen
 * starts empty and the import below adds every row afresh (deleted rows are not matched by an import).
 */
async function clearIndicators(sani: Console): Promise<void> {
  const live = await sani.ws.db.read.all<{ id: number; version: number }>('SELECT id, version FROM indicator_targets WHERE deleted_at IS NULL');
  for (const row of live) await callAsOtherClerk(sani, 'targets.delete', { id: row.id, version: row.version, reason: '重新导入' });
}

function progressRow(page: Page, name: string) {
  return page.getByTestId('indicator-progress').locator(`tr[data-name="${name}"]`);
}

test('the seed 003 table: imported from the empty state, shown with progress, exported with merged categories, edits followed', async ({ page, sani }) => {
  await clearIndicators(sani);
  await page.goto(`${sani.host.openUrl}#/indicators`);

  // Empty: the screen says what belongs here and offers 导入 and 新增.
  const empty = page.getByTestId('indicators-empty');
  await expect(empty).toContainText('约束性/预期性');
  await expect(empty.getByTestId('indicators-empty-add')).toBeVisible();
  await expect(page.getByTestId('indicators-export-plan')).toBeDisabled();

  // 导入 through the dialog: the header under the title row, the check, then all rows.
  await empty.getByTestId('indicators-empty-import').click();
  const dialog = page.getByTestId('import-dialog');
  await dialog.getByTestId('import-file').setInputFiles({
    name: '十四五规划关键指标表.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: await seedWorkbook(),
  });
  await expect(dialog.getByTestId('import-header-row')).toHaveText('表头在第 2 行');
  await dialog.getByTestId('import-check').click();
  await expect(dialog.getByTestId('import-counts')).toContainText('可导入 19 行');
  await dialog.getByTestId('import-next').click();
  await dialog.getByTestId('import-commit').click();
  await expect(dialog.getByTestId('import-added')).toHaveText('19');
  await dialog.getByTestId('import-close').click();
  await expect(dialog).toBeHidden();

  // The merged category cells were filled down: every row has its category.
  const stored = await sani.ws.db.read.all<{ category: string; name: string }>(
    'SELECT category, name FROM indicator_targets WHERE deleted_at IS NULL ORDER BY seq',
  );
  expect(stored.map((r) => [r.category, r.name])).toEqual(SEED_003.map((r) => [r[0], r[2]]));

  // The progress view followed the import: groups in the plan's order, the category cell spanning its group.
  const table = page.getByTestId('indicator-progress');
  await expect(table.locator('tbody')).toHaveCount(7);
  expect(await table.locator('tbody').evaluateAll((bodies) => bodies.map((b) => b.getAttribute('data-category')))).toEqual([
    '环境卫生',
    '节约用水',
    '污水排水',
    '燃气事业',
    '园林绿化',
    '市政设施',
    '智慧城管',
  ]);
  await expect(table.locator('tbody[data-category="环境卫生"] th.indicator-category')).toHaveAttribute('rowspan', '5');

  // 生活垃圾分类覆盖率 is computed from the demo district's estates: a current value and a bar against 100%.
  const coverage = progressRow(page, '生活垃圾分类覆盖率');
  await expect(coverage.locator('[data-col="baseline"]')).toHaveText('88.2%');
  await expect(coverage.locator('[data-col="target"]')).toHaveText('100%约束性');
  await expect(coverage.locator('[data-col="current"]')).toHaveText(/^\d+\.\d{2}%$/);
  const coverageBar = coverage.getByRole('progressbar');
  await expect(coverageBar).toContainText('目标 100%');
  const currentValue = Number((await coverage.locator('[data-col="current"]').innerText()).replace('%', ''));
  await expect(coverageBar).toHaveAttribute('data-met', currentValue >= 100 ? 'true' : 'false');

  // 城市再生水利用率: no baseline ("/"), not an indicator SaniDesk computes, so no current value and no bar.
  const reclaimed = progressRow(page, '城市再生水利用率');
  await expect(reclaimed.locator('[data-col="baseline"]')).toHaveText('/');
  await expect(reclaimed.locator('[data-col="target"]')).toHaveText('20%预期性');
  await expect(reclaimed.locator('[data-col="current"]')).toHaveText('—(非本系统统计)');
  await expect(reclaimed.getByRole('progressbar')).toHaveCount(0);

  // The plan-layout export: the categories come back merged down their groups.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('indicators-export-plan').click()]);
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const dir = mkdtempSync(join(tmpdir(), 'sanidesk-indicators-'));
  try {
    const file = join(dir, download.suggestedFilename());
    await download.saveAs(file);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sheet = book.worksheets[0];
    const merges: string[] = (sheet.model as unknown as { merges: string[] }).merges;
    const masters = new Map<string, { col: string; row: number }>();
    sheet.eachRow((row, rowNumber) =>
      row.eachCell((c) => {
        if (typeof c.value === 'string' && !masters.has(c.value)) masters.set(c.value, { col: c.address.replace(/\d+$/, ''), row: rowNumber });
      }),
    );
    const span = (category: string, rows: number) => {
      const at = masters.get(category);
      expect(at, `${category} in the exported sheet`).toBeTruthy();
      return `${at!.col}${at!.row}:${at!.col}${at!.row + rows - 1}`;
    };
    expect(merges).toEqual(expect.arrayContaining([span('环境卫生', 5), span('节约用水', 2), span('污水排水', 4), span('燃气事业', 2), span('园林绿化', 4)]));
    for (const [, , name, baseline, target] of SEED_003) {
      const at = masters.get(name);
      expect(at, `${name} in the exported sheet`).toBeTruthy();
      const values = (sheet.getRow(at!.row).values as unknown[]).map((v) => (v == null ? '' : String(v)));
      expect(values).toEqual(expect.arrayContaining([baseline, target]));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // The grid holds the 19 rows; a target changed there is followed by the progress view.
  await page.getByTestId('tab-table').click();
  await expect(page.getByTestId('status-rows')).toHaveText('共 19 行');
  const row = await sani.ws.db.read.get<{ id: number }>("SELECT id FROM indicator_targets WHERE name = '生活垃圾分类覆盖率' AND deleted_at IS NULL");
  await editCell(page, row!.id, 'targetText', '≥95%');
  await expect.poll(async () => (await sani.ws.db.read.get<{ t: string }>('SELECT target_text AS t FROM indicator_targets WHERE id = ?', [row!.id]))!.t).toBe('≥95%');

  await page.getByTestId('tab-progress').click();
  await expect(coverage.locator('[data-col="target"]')).toHaveText('≥95%约束性');
  await expect(coverageBar).toContainText('目标 ≥95%');
  await expect(coverageBar).toHaveAttribute('data-met', currentValue >= 95 ? 'true' : 'false');
});
