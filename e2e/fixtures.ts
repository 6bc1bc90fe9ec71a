/**
 * Per-test world for the e2e specs: a fresh workspace folder with the demo district (8 streets,
 * 60 communities, 150 toilets), the headless host serving the built renderer on a free port, and the
 * page opened with the host's token. The workspace handle is exposed so a test can check what was stored.
 */
import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { callApi } from '../db/api';
import { loadDemoDistrict } from '../db/demo/demo';
import { defaultOperator } from '../db/users/users';
import { openWorkspace, type Workspace } from '../db/workspace/workspace';
import { startHttpHost, type HttpHost } from '../electron/host/http';

export const RENDERER_DIR = resolve(__dirname, '..', 'out', 'renderer');

export interface Console {
  ws: Workspace;
  host: HttpHost;
  dir: string;
}

interface Options {
  /** Load the demo district (default) or start from an empty workspace. */
  demo: boolean;
}

export const test = base.extend<Options & { sani: Console }>({
  demo: [true, { option: true }],
  sani: async ({ demo }, use) => {
    if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
      throw new Error(`${RENDERER_DIR} has no index.html: run \`npm run build\` before the e2e tests`);
    }
    const dir = mkdtempSync(join(tmpdir(), 'sanidesk-e2e-'));
    const ws = await openWorkspace(dir);
    const host = await (async () => {
      try {
        if (demo) await loadDemoDistrict({ ws, user: await defaultOperator(ws.db) });
        return await startHttpHost({ ws, rendererDir: RENDERER_DIR, port: 0 });
      } catch (err) {
        await ws.db.close();
        rmSync(dir, { recursive: true, force: true });
        throw err;
      }
    })();
    await use({ ws, host, dir });
    await host.close();
    await ws.db.close();
    rmSync(dir, { recursive: true, force: true });
  },
});

export { expect };

/** Opens the console on the toilet ledger and waits until the rows are in the grid. */
export async function openToilets(page: Page, sani: Console): Promise<void> {
  await page.goto(`${sani.host.openUrl}#/toilets`);
  await expect(page.getByTestId('status-rows')).toBeVisible();
}

export interface ToiletRow {
  id: number;
  code: string;
  name: string;
  version: number;
}

/** The first toilets in the grid's default order (street order, then code), i.e. the rows on screen. */
export async function firstToilets(sani: Console, count = 1): Promise<ToiletRow[]> {
  return sani.ws.db.read.all<ToiletRow>(
    `SELECT t.id, t.code, t.name, t.version FROM toilets t JOIN streets s ON s.id = t.street_id
      WHERE t.deleted_at IS NULL ORDER BY s.sort_order, t.code LIMIT ?`,
    [count],
  );
}

export async function storedToilet(sani: Console, id: number): Promise<Record<string, unknown>> {
  const row = await sani.ws.db.read.get('SELECT * FROM toilets WHERE id = ?', [id]);
  if (!row) throw new Error(`toilet ${id} not in the database`);
  return row;
}

/** A grid cell, addressed the way AG Grid marks it: row id (the toilet id) and column id (the field key). */
export function cell(page: Page, id: number, key: string): Locator {
  return page.locator(`.ag-row[row-id="${id}"] .ag-cell[col-id="${key}"]`);
}

/** Types a value into a cell like a clerk: select the cell, F2 to edit, replace the text, Enter to save. */
export async function editCell(page: Page, id: number, key: string, text: string): Promise<void> {
  const target = cell(page, id, key);
  await target.click();
  await target.press('F2');
  // Short fields edit inside the cell; long ones (地址, 备注) in a popup text area beside it.
  const editor = page.locator('.ag-cell-inline-editing input, .ag-popup-editor textarea').first();
  await editor.fill(text);
  await editor.press('Enter');
}

/** A call made by "another clerk": straight into the contract, bypassing this page. */
export async function callAsOtherClerk(sani: Console, method: string, input: unknown) {
  const result = await callApi({ ws: sani.ws, user: await defaultOperator(sani.ws.db) }, method, input);
  if (!result.ok) throw new Error(`${method} refused: ${result.error.message}`);
  return result.data;
}

/** Opens the console on a screen (`/estates`) and waits until its grid has rows in it. */
export async function openLedger(page: Page, sani: Console, path: string): Promise<void> {
  await page.goto(`${sani.host.openUrl}#${path}`);
  await expect(page.getByTestId('status-rows')).toBeVisible();
}

/**
 * A clerk's Ctrl+V of a block copied from Excel/WPS: a real `paste` event with a DataTransfer carrying the
 * tab-separated text, dispatched where the browser sends it — the focused cell.
 */
export async function pasteText(page: Page, text: string): Promise<void> {
  await page.evaluate((data) => {
    const transfer = new DataTransfer();
    transfer.setData('text/plain', data);
    const target = document.activeElement ?? document.body;
    target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, text);
}

/** A block as Excel puts it on the clipboard: tabs between cells, \r\n after every row. */
export function tsv(rows: Array<Array<string | number>>): string {
  return rows.map((r) => r.join('\t')).join('\r\n') + '\r\n';
}

export interface EstateRow {
  id: number;
  code: string;
  name: string;
  address: string;
  households: number;
  buildings: number;
  residents: number | null;
  aliases: string;
  version: number;
}

/** The estates in the grid's default order (street, community, code): the rows on screen from the top. */
export async function estatesInGridOrder(sani: Console, count: number): Promise<EstateRow[]> {
  return sani.ws.db.read.all<EstateRow>(
    `SELECT t.id, t.code, t.name, t.address, t.households, t.buildings, t.residents, t.aliases, t.version
       FROM estates t JOIN communities c ON c.id = t.community_id JOIN streets s ON s.id = c.street_id
      WHERE t.deleted_at IS NULL ORDER BY s.sort_order, c.sort_order, t.code LIMIT ?`,
    [count],
  );
}

export async function storedEstates(sani: Console, ids: number[]): Promise<EstateRow[]> {
  const rows = await sani.ws.db.read.all<EstateRow>(
    `SELECT id, code, name, address, households, buildings, residents, aliases, version FROM estates WHERE id IN (${ids.map(() => '?').join(',')})`,
    ids,
  );
  return ids.map((id) => rows.find((r) => r.id === id)!);
}

export async function auditCount(sani: Console, method?: string): Promise<number> {
  const row = await sani.ws.db.read.get<{ n: number }>(
    `SELECT count(*) AS n FROM audit_log${method ? ' WHERE method = ?' : ''}`,
    method ? [method] : [],
  );
  return row!.n;
}

/** Scrolls the grid sideways until a column is rendered (AG Grid renders only the columns in view). */
export async function scrollToColumn(page: Page, colId: string): Promise<void> {
  const header = page.locator(`.ag-header-cell[col-id="${colId}"]`);
  const viewport = page.locator('.ag-body-horizontal-scroll-viewport');
  for (let step = 0; step < 40 && !(await header.count()); step += 1) {
    await viewport.evaluate((el) => {
      el.scrollLeft += 300;
    });
    await page.waitForTimeout(30);
  }
  await expect(header).toBeVisible();
}
