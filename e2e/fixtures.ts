/**
 * Per-test world for the e2e specs: a fresh workspace folder with the demo district (8 streets,
 * 60 communities, 150 toilets), the headless host serving the built renderer on a free port, and the
 * page opened with the host's token. The workspace handle is exposed so a test can check what was stored.
 *
 * Every test starts logged in: the `page` fixture puts a session of the `loginAs` role (default 'admin'; the demo
 * user of that role, e.g. luru for 'clerk') into sessionStorage before the page loads, opened on the host's own
 * SessionStore. `test.use({ loginAs: null })` starts at the login (or first-start) screen; `loginAs(page, sani,
 * role)` switches a running test to another role.
 */
import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { callApi } from '../db/api';
import { loadDemoDistrict } from '../db/demo/demo';
import { DEMO_LOGIN_BY_ROLE } from '../db/users/demo';
import type { Role } from '../db/users/roles';
import { createUser } from '../db/users/service';
import { defaultOperator, getUser, type User } from '../db/users/users';
import { openWorkspace, type Workspace } from '../db/workspace/workspace';
import { startHttpHost, type HttpHost } from '../electron/host/http';

/** The built renderer; SANIDESK_E2E_RENDERER points elsewhere (a copy that a concurrent `npm run build` cannot empty). */
export const RENDERER_DIR = process.env.SANIDESK_E2E_RENDERER ?? resolve(__dirname, '..', 'out', 'renderer');

export interface Console {
  ws: Workspace;
  host: HttpHost;
  dir: string;
}

interface Options {
  /** Load the demo district (default) or start from an empty workspace. */
  demo: boolean;
  /** The role the page starts logged in as (default 'admin'); null: not logged in. */
  loginAs: Role | null;
}

/** The key renderer/src/api.ts keeps the session under, and a mark that the fixture's session was put there once. */
const SESSION_KEY = 'sanidesk.session';
const SEEDED_KEY = 'sanidesk.e2e-seeded';
/** The password of users the fixture creates where the workspace has no user of a role (non-demo workspaces). */
export const E2E_PASSWORD = 'e2e-password';

/**
 * An active user of the role: the demo user (admin, luru, shenhe, lingdao), or in a workspace without one a
 * user `e2e-<role>` created with E2E_PASSWORD.
 */
export async function userFor(sani: Console, role: Role): Promise<User> {
  const db = sani.ws.db;
  const row =
    (await db.read.get<{ id: number }>('SELECT id FROM users WHERE lower(login) = ? AND role = ? AND active = 1', [DEMO_LOGIN_BY_ROLE[role], role])) ??
    (await db.read.get<{ id: number }>('SELECT id FROM users WHERE role = ? AND active = 1 ORDER BY id LIMIT 1', [role]));
  if (row) return (await getUser(db, row.id))!;
  const admin = { ws: sani.ws, user: await defaultOperator(db) };
  const created = await createUser(admin, { login: `e2e-${role}`, name: `测试${role}`, role, password: E2E_PASSWORD });
  return (await getUser(db, created.id))!;
}

/** A session of the role's user on the host's own store, as a login would open it. */
export async function sessionFor(sani: Console, role: Role): Promise<string> {
  return sani.host.sessions.open((await userFor(sani, role)).id);
}

/**
 * Switches the page to a user of another role: a new session in this tab's sessionStorage, then the console
 * reloads on `path` (default: where it is). The page must have been opened on the host once.
 */
export async function loginAs(page: Page, sani: Console, role: Role, path?: string): Promise<User> {
  const user = await userFor(sani, role);
  const session = sani.host.sessions.open(user.id);
  if (!page.url().startsWith(sani.host.url)) await page.goto(sani.host.openUrl);
  await page.evaluate(
    ([key, seeded, value]) => {
      sessionStorage.setItem(key, value);
      sessionStorage.setItem(seeded, '1');
    },
    [SESSION_KEY, SEEDED_KEY, session],
  );
  // A goto that changes only the #route does not load the page again: reload so the new session is read.
  if (path) await page.goto(`${sani.host.url}/#${path}`);
  await page.reload();
  return user;
}

export const test = base.extend<Options & { sani: Console }>({
  demo: [true, { option: true }],
  loginAs: ['admin', { option: true }],
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
  page: async ({ page, sani, loginAs: role }, use) => {
    if (role) {
      const session = await sessionFor(sani, role);
      // Once per tab: a later logout or loginAs() is not undone by the next navigation.
      await page.addInitScript(
        ([key, seeded, value]) => {
          try {
            if (!sessionStorage.getItem(seeded)) {
              sessionStorage.setItem(key, value);
              sessionStorage.setItem(seeded, '1');
            }
          } catch {
            // about:blank and other opaque origins have no sessionStorage; the console's own origin does.
          }
        },
        [SESSION_KEY, SEEDED_KEY, session],
      );
    }
    await use(page);
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
  const result = await callApi({ ws: sani.ws, user: await userFor(sani, 'clerk') }, method, input);
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
