/**
 * 统计看板 on the demo district with three months of inspections (loadDemoAssessment): every chart of the four
 * sections draws data (screenshot docs/screenshots/dashboard.png); a click on the 一类 bar of 公厕类别 opens the
 * toilet grid filtered to exactly that many rows, with a removable chip, and the back button returns to the
 * same filtered dashboard; a chart exports as a real PNG; the print view has its heading and none of the
 * screen's controls.
 *
 * The ECharts instances are reached through `window.__saniCharts[<chart key>]` (features/dashboard/Chart.tsx).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { loadDemoAssessment } from '../db/assessment/demo';
import { callApi } from '../db/api';
import type { ChartKey, DashboardData, DrillRef, DrillResult } from '../db/dashboard/types';
import { drillFromQuery, drillPath } from '../renderer/src/features/drill/drill';
import { expect, test, userFor, type Console } from './fixtures';

const SCREENSHOTS = resolve(__dirname, '..', 'docs', 'screenshots');

/** Every chart the contract names (db/dashboard/types.ts ChartKey). */
const CHART_KEYS: ChartKey[] = [
  'estatesByStatus',
  'sortingCoverage',
  'tonnageByMonth',
  'kitchenSeparation',
  'toiletsByClass',
  'toiletsByType',
  'toiletsByOwnership',
  'toiletFacilities',
  'toiletsPerPopulation',
  'contractorAreaMoney',
  'mechanization',
  'contractsExpiring',
  'scoreByMonth',
  'gradeDistribution',
  'rankingMovement',
  'deductionPareto',
  'rectificationOnTime',
  'moneyWithheld',
];

async function withInspections(sani: Console): Promise<void> {
  await loadDemoAssessment({ ws: sani.ws, user: await userFor(sani, 'admin') });
}

async function openDashboard(page: Page, sani: Console, query = ''): Promise<void> {
  await page.goto(`${sani.host.openUrl}#/dashboard${query}`);
  await expect(page.getByTestId('dashboard')).toHaveAttribute('data-ready', 'true', { timeout: 15_000 });
}

/** The page coordinates of the middle of bar `dataIndex` of a bar chart's first series, and the bar's value. */
async function barCentre(page: Page, key: ChartKey, dataIndex: number): Promise<{ x: number; y: number; value: number }> {
  await page.getByTestId(`chart-${key}`).scrollIntoViewIfNeeded();
  return page.evaluate(
    ([chartKey, index]) => {
      const chart = window.__saniCharts![chartKey as ChartKey]!;
      const series = (chart.getOption() as { series: Array<{ data: number[] }> }).series[0];
      const value = series.data[index as number];
      const [px, py] = chart.convertToPixel({ seriesIndex: 0 }, [index as number, value / 2]) as number[];
      const box = chart.getDom().getBoundingClientRect();
      return { x: box.left + px, y: box.top + py, value };
    },
    [key, dataIndex] as const,
  );
}

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
});

test('the demo district draws every chart with data', async ({ page, sani }) => {
  test.setTimeout(120_000);
  await withInspections(sani);
  await openDashboard(page, sani);

  await expect(page.getByTestId('dashboard-elapsed')).toHaveText(/^数据计算用时 [\d,]+ ms$/);
  await expect(page.locator('[data-testid^="chart-"][data-count]')).toHaveCount(CHART_KEYS.length);
  for (const key of CHART_KEYS) {
    const card = page.getByTestId(`chart-${key}`);
    await expect(card.getByTestId('chart-empty'), `${key} has data`).toHaveCount(0);
    expect(Number(await card.getAttribute('data-count')), `${key} draws points`).toBeGreaterThan(0);
    await expect(card.locator('canvas').first()).toBeVisible();
  }
  // Each card's data-count is what its ECharts instance was given (non-null values of every series).
  const drawn = await page.evaluate(() =>
    Object.fromEntries(
      Object.entries(window.__saniCharts ?? {}).map(([key, chart]) => {
        const series = (chart!.getOption() as { series: Array<{ data: unknown[] }> }).series;
        return [key, series.reduce((n, s) => n + s.data.filter((d) => d !== null && d !== undefined).length, 0)];
      }),
    ),
  );
  expect(Object.keys(drawn).sort()).toEqual([...CHART_KEYS].sort());
  for (const key of CHART_KEYS) {
    const kind = await page.getByTestId(`chart-${key}`).getAttribute('data-kind');
    // Pie slices of value 0 are left out of the drawing; every other kind draws each non-null value.
    if (kind !== 'pie') expect(drawn[key], key).toBe(Number(await page.getByTestId(`chart-${key}`).getAttribute('data-count')));
  }
  await expect(page.locator('.dash-kpi').first()).toBeVisible();

  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.getByTestId('dashboard').evaluate((el) => el.scrollTo(0, 0));
  await page.screenshot({ path: resolve(SCREENSHOTS, 'dashboard.png') });
});

test('a click on the 一类 bar opens the toilet grid filtered to those toilets; back returns to the same view', async ({ page, sani }) => {
  test.setTimeout(120_000);
  await openDashboard(page, sani);
  // A filter that the toilet charts do not depend on, to see it survive the round trip.
  await page.getByTestId('dashboard-category').selectOption('toilet');
  await expect(page.getByTestId('dashboard')).toHaveAttribute('data-ready', 'true');
  expect(page.url()).toContain('category=toilet');

  const classIndex = await page.evaluate(() => {
    const chart = window.__saniCharts!.toiletsByClass!;
    const axis = (chart.getOption() as { xAxis: Array<{ data: string[] }> }).xAxis[0];
    return axis.data.indexOf('一类');
  });
  expect(classIndex).toBeGreaterThanOrEqual(0);
  const bar = await barCentre(page, 'toiletsByClass', classIndex);
  expect(bar.value).toBeGreaterThan(0);
  await expect(page.getByTestId('chart-toiletsByClass')).toContainText('点击图形查看明细');
  await page.mouse.move(bar.x, bar.y);
  await expect(page.getByTestId('chart-toiletsByClass').locator('canvas').first()).toHaveCSS('cursor', 'pointer');
  await page.mouse.click(bar.x, bar.y);

  await expect(page).toHaveURL(/#\/toilets\?drill=/);
  const rows = page.getByTestId('status-rows');
  await expect(rows).toHaveText(new RegExp(`(^共 ${bar.value} 行$)|(筛选后 ${bar.value} 行$)`));
  const chip = page.getByTestId('drill-chip');
  await expect(chip).toBeVisible();
  await expect(chip).toContainText('一类');

  // Back: the dashboard with the same filters, ready again.
  await page.goBack();
  await expect(page).toHaveURL(/#\/dashboard\?.*category=toilet/);
  await expect(page.getByTestId('dashboard')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('dashboard-category')).toHaveValue('toilet');

  // Forward to the drilled grid, then remove the chip: all 150 toilets.
  await page.goForward();
  await expect(page.getByTestId('drill-chip')).toBeVisible();
  await page.getByTestId('drill-clear').click();
  await expect(page.getByTestId('drill-chip')).toHaveCount(0);
  await expect(rows).toHaveText('共 150 行');
});

test('a chart exports as a PNG file named after its title', async ({ page, sani }) => {
  await openDashboard(page, sani);
  const card = page.getByTestId('chart-toiletsByClass');
  const [download] = await Promise.all([page.waitForEvent('download'), card.getByTestId('chart-export').click()]);
  expect(download.suggestedFilename()).toBe(`${await card.locator('.dash-card-title').textContent()}.png`);
  const bytes = readFileSync((await download.path())!);
  expect(bytes.length).toBeGreaterThan(1000);
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  // The export leaves the chart on screen as it was (no title drawn into it).
  expect(await page.evaluate(() => (window.__saniCharts!.toiletsByClass!.getOption() as { title?: unknown[] }).title?.length ?? 0)).toBe(0);
});

test('the print view has the heading with the filters and the charts as images, none of the controls', async ({ page, sani }) => {
  await openDashboard(page, sani);
  // The browser's print dialog would block the test: the view is built, printing itself is skipped.
  await page.evaluate(() => {
    window.print = () => undefined;
  });
  await page.getByTestId('dashboard-print').click();
  const view = page.getByTestId('dashboard-print-view');
  await expect(view).toBeAttached();
  const drawnCharts = await page.locator('.dash-card canvas').evaluateAll((els) => new Set(els.map((e) => e.closest('.dash-card'))).size);
  await expect(view.locator('img')).toHaveCount(drawnCharts);

  await page.emulateMedia({ media: 'print' });
  await expect(view.locator('h1')).toHaveText('统计看板');
  await expect(view.locator('.dash-print-sub')).toContainText('打印日期');
  await expect(view.locator('.dash-print-sub')).toContainText(/\d{4}-\d{2} 至 \d{4}-\d{2}/);
  await expect(page.getByTestId('dashboard-filters')).toBeHidden();
  await expect(page.getByTestId('dashboard-print')).toBeHidden();
  await expect(view.locator('button')).toHaveCount(0);
  // Two charts per row on the A4 landscape page.
  const columns = await view.locator('.dash-print-grid').first().evaluate((el) => getComputedStyle(el).gridTemplateColumns.split(' ').length);
  expect(columns).toBe(2);
  expect(await view.locator('img').first().evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);

  await page.emulateMedia({ media: 'screen' });
  await expect(page.getByTestId('dashboard-filters')).toBeVisible();
});

/** The drill-down a route carries, read back the way the grid reads it. */
function drillOf(url: string): DrillRef {
  const ref = drillFromQuery(new URLSearchParams(new URL(url).hash.split('?')[1] ?? ''));
  expect(ref).not.toBeNull();
  return ref!;
}

test('the Pareto bar opens exactly its inspections across months; a rectification point opens its orders', async ({ page, sani }) => {
  test.setTimeout(120_000);
  await withInspections(sani);
  await openDashboard(page, sani);
  const ctx = { ws: sani.ws, user: await userFor(sani, 'admin') };

  const bar = await barCentre(page, 'deductionPareto', 0);
  await page.mouse.click(bar.x, bar.y);
  await expect(page).toHaveURL(/#\/inspections\?drill=/);
  const ref = drillOf(page.url());
  expect(ref.chart).toBe('deductionPareto');
  const drilled = await callApi(ctx, 'dashboard.drill', ref);
  expect(drilled.ok).toBe(true);
  const ids = (drilled as { data: DrillResult }).data.ids;
  expect(ids.length).toBeGreaterThan(0);
  // Every listed inspection has a finding on the clicked item: the rows behind the bar, from several months.
  await expect(page.getByTestId('drill-chip')).toContainText(`${ids.length} 行`);
  await expect(page.getByTestId('inspection-list').getByRole('option')).toHaveCount(ids.length);
  const months = await sani.ws.db.read.all<{ month: string }>('SELECT DISTINCT month FROM inspections WHERE id IN (SELECT value FROM json_each(?))', [JSON.stringify(ids)]);
  expect(months.length).toBeGreaterThan(1);
  await page.getByTestId('drill-clear').click();
  await expect(page).toHaveURL(/#\/inspections$/);
  await expect(page.getByTestId('drill-chip')).toHaveCount(0);

  // The on-time chart's first month: its orders in the rectification grid.
  const data = await callApi(ctx, 'dashboard.data', ref.filters);
  const onTime = (data as { data: DashboardData }).data.charts.find((c) => c.key === 'rectificationOnTime')!;
  const month = onTime.categoryKeys.find((_, i) => onTime.series.some((s) => s.drillable !== false && (s.values[i] ?? 0) > 0))!;
  const series = onTime.series.find((s) => s.drillable !== false)!;
  const orderRef: DrillRef = { chart: 'rectificationOnTime', categoryKey: month, seriesKey: series.key, filters: ref.filters };
  const orders = (await callApi(ctx, 'dashboard.drill', orderRef)) as { ok: true; data: DrillResult };
  await page.goto(`${sani.host.openUrl}#${drillPath('rectifications', orderRef)}`);
  await expect(page.getByTestId('drill-chip')).toContainText(`${orders.data.ids.length} 行`);
  await expect(page.getByTestId('status-rows')).toContainText(`${orders.data.ids.length} 行`);
});
