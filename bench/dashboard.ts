/**
 * The dashboard (issue 6), on the demo district with 12 months of inspections (the older 11 locked, as the demo
 * locks them, the last computed live):
 *   a. `dashboard.data` — every chart, its facts and the KPI cards (goal ≤ 300 ms), median of several warm runs,
 *      beside the bare SQL aggregates of the same tables measured in the same run;
 *   b. first paint of `#/dashboard` in Chromium until every chart is drawn (the page marks itself
 *      `[data-testid="dashboard"][data-ready="true"]`; goal ≤ 1.5 s), beside the toilet grid's first render on
 *      the same host in the same run.
 * The host runs in this process with the built renderer (SANIDESK_E2E_RENDERER or out/renderer).
 * Alone: `npx tsx bench/dashboard.ts` (what `npm run bench` runs after a build, without the rest).
 */
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium } from '@playwright/test';
import { loadDemoAssessment } from '../db/assessment/demo';
import type { Ctx } from '../db/context';
import { dashboardData } from '../db/dashboard/data';
import { previousMonth } from '../db/dates';
import { loadDemoDistrict } from '../db/demo/demo';
import { localToday } from '../db/estates/rules';
import { tempDir } from '../db/testing';
import { defaultOperator } from '../db/users/users';
import { openWorkspace } from '../db/workspace/workspace';
import { startHttpHost } from '../electron/host/http';

type Line = (label: string, value: string, baseline: string, verdict: string) => void;

const MONTHS = 12;
const RUNS = 7;
const RENDERER = process.env.SANIDESK_E2E_RENDERER ?? resolve(__dirname, '..', 'out', 'renderer');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const ms = (n: number) => `${n.toFixed(1)} ms`;

/** The same tables grouped by bare SQL: what the charts count, without facts, filters, drill keys or formulas. */
async function bareAggregates(ctx: Ctx, from: string, to: string) {
  const read = ctx.ws.db.read;
  await read.all("SELECT status, count(*), sum(households) FROM estates WHERE deleted_at IS NULL GROUP BY status");
  await read.all('SELECT month, sum(recyclable_t), sum(hazardous_kg), sum(kitchen_t), sum(residual_t) FROM estate_tonnage WHERE deleted_at IS NULL AND month BETWEEN ? AND ? GROUP BY month', [from, to]);
  await read.all("SELECT class, type, ownership, street_id, count(*), sum(family_restroom), sum(accessible_stalls > 0) FROM toilets WHERE deleted_at IS NULL AND status IN ('inUse', 'underRenovation') GROUP BY 1, 2, 3, 4");
  await read.all("SELECT c.lead_contractor_id, sum(b.cleaning_area_m2), sum(b.mechanized_area_m2) FROM bid_sections b JOIN contracts c ON c.id = b.contract_id WHERE b.deleted_at IS NULL AND c.status = 'active' GROUP BY 1");
  await read.all("SELECT month, category, avg(score), count(*) FROM monthly_results WHERE status = 'current' AND month BETWEEN ? AND ? GROUP BY 1, 2", [from, to]);
  await read.all("SELECT month, grade, count(*) FROM monthly_results WHERE status = 'current' AND month BETWEEN ? AND ? GROUP BY 1, 2", [from, to]);
  await read.all(
    "SELECT s.family_id, f.item_code, sum(f.points) FROM findings f JOIN inspections i ON i.id = f.inspection_id JOIN assessment_schemes s ON s.id = i.scheme_id WHERE i.month BETWEEN ? AND ? AND i.superseded_by IS NULL GROUP BY 1, 2 ORDER BY 3 DESC",
    [from, to],
  );
  await read.all("SELECT i.month, count(*), sum(r.fixed_at <= r.deadline) FROM rectifications r JOIN inspections i ON i.id = r.inspection_id WHERE i.month BETWEEN ? AND ? AND r.status <> 'waived' GROUP BY 1", [from, to]);
  await read.all("SELECT c.lead_contractor_id, sum(p.total_fen) FROM monthly_payments p JOIN contracts c ON c.id = p.contract_id WHERE p.status = 'current' AND p.month BETWEEN ? AND ? GROUP BY 1", [from, to]);
}

export async function benchDashboard(line: Line) {
  const dir = tempDir('sanidesk-bench-');
  const ws = await openWorkspace(dir);
  const ctx: Ctx = { ws, user: await defaultOperator(ws.db) };
  try {
    await loadDemoDistrict(ctx);
    const loaded = await loadDemoAssessment(ctx, undefined, MONTHS);
    await ws.db.writerExec('PRAGMA wal_checkpoint(TRUNCATE)');
    const to = previousMonth(localToday().slice(0, 7));
    let from = to;
    for (let i = 1; i < MONTHS; i += 1) from = previousMonth(from);
    const filters = { from, to };

    // a. the data: warm twice (page cache, compiled code), then the median of RUNS.
    await dashboardData(ws.db.read, filters);
    await dashboardData(ws.db.read, filters);
    const runs: number[] = [];
    let charts = 0;
    for (let i = 0; i < RUNS; i += 1) {
      const t0 = performance.now();
      const data = await dashboardData(ws.db.read, filters);
      runs.push(performance.now() - t0);
      charts = data.charts.filter((c) => c.emptyReason == null).length;
    }
    const bare: number[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      const t0 = performance.now();
      await bareAggregates(ctx, from, to);
      bare.push(performance.now() - t0);
    }
    const value = median(runs);
    line(
      `dashboard data, ${charts} charts, ${MONTHS} months (${loaded.inspections} insp., ${loaded.lockedMonths.length} locked)`,
      ms(value),
      `${ms(median(bare))} SQL`,
      `goal ≤ 300 ms ${value <= 300 ? 'MET' : 'MISSED'}`,
    );

    // b. first paint in Chromium.
    if (!existsSync(join(RENDERER, 'index.html'))) {
      line('dashboard first paint', 'not run', '', `${RENDERER} has no index.html (build the renderer first)`);
      return;
    }
    const host = await startHttpHost({ ws, rendererDir: RENDERER, port: 0 });
    const browser = await chromium.launch({ executablePath: existsSync(CHROMIUM) ? CHROMIUM : undefined, args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const session = host.sessions.open(ctx.user.id);
      const open = async (route: string, ready: string) => {
        const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
        await page.addInitScript((s) => sessionStorage.setItem('sanidesk.session', s), session);
        const t0 = performance.now();
        await page.goto(`${host.openUrl}#/${route}`);
        await page.locator(ready).first().waitFor({ state: 'visible', timeout: 30_000 });
        const elapsed = performance.now() - t0;
        await page.close();
        return elapsed;
      };
      // Warm the host and the browser cache once for both pages, then the median of three each.
      const grid = () => open('toilets', '.ag-row[row-id]');
      const dash = () => open('dashboard', '[data-testid="dashboard"][data-ready="true"]');
      try {
        await grid();
        await dash();
      } catch (err) {
        line('dashboard first paint', 'not measured', '', `the page never marked itself ready: ${(err as Error).message.split('\n')[0]}`);
        return;
      }
      const gridMs = median([await grid(), await grid(), await grid()]);
      const dashMs = median([await dash(), await dash(), await dash()]);
      line('dashboard first paint in Chromium, all charts', ms(dashMs), `${ms(gridMs)} toilet grid`, `goal ≤ 1500 ms ${dashMs <= 1500 ? 'MET' : 'MISSED'}`);
    } finally {
      await browser.close();
      await host.close();
    }
  } finally {
    await ws.db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchDashboard((label, value, baseline, verdict) =>
    console.log(`${label.padEnd(44)} ${value.padStart(14)}   baseline ${baseline.padStart(14)}   ${verdict}`),
  ).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
