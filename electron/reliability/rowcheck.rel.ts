/**
 * The row check of `npm run cli -- check` (db/audit/rows.ts) on a ledger of 100,000 toilets loaded in bulk (one
 * audit entry for all of them) and then pasted over (2,000 single updates): nothing found on the untouched
 * file, and one field edited in the file near the end of the ledger found and named. Prints the time and the
 * peak memory it took beside the bulk load of the same rows (a figure, not an assertion).
 */
import sqlite3 from 'sqlite3';
import { performance } from 'node:perf_hooks';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Ctx } from '../../db/context';
import { verifyLedgerRows } from '../../db/audit/rows';
import { generateDemoDistrict } from '../../db/demo/demo';
import { insertGeoBulk } from '../../db/geo/geo';
import { tempDir } from '../../db/testing';
import { toilets } from '../../db/toilets/service';
import { defaultOperator } from '../../db/users/users';
import { openWorkspace, type Workspace } from '../../db/workspace/workspace';

const N = 100_000;
let dir: string;
let ws: Workspace;

afterAll(async () => {
  await ws?.db.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function tamper(file: string, sql: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (err) => {
      if (err) return reject(err);
      db.exec(sql, (execErr) => db.close(() => (execErr ? reject(execErr) : resolve())));
    });
  });
}

describe('row check on 100,000 rows', () => {
  it('compares every row with its audit trail in one pass, and finds an edit near the end', async () => {
    dir = tempDir('sanidesk-rowcheck-');
    ws = await openWorkspace(dir);
    const ctx: Ctx = { ws, user: await defaultOperator(ws.db) };
    const district = generateDemoDistrict(7, N);
    const t0 = performance.now();
    await ws.db.write(async (tx) => {
      await insertGeoBulk(ctx, tx, district.streets, district.communities, 'test.load');
      await toilets.insertBulk(ctx, tx, district.toilets, 'test.load');
    });
    const loadMs = performance.now() - t0;
    const ids = await ws.db.read.all<{ id: number }>('SELECT id FROM toilets WHERE id % 50 = 0 ORDER BY id');
    await toilets.applyBatch(ctx, { updates: ids.map((r, i) => ({ sourceRow: i + 1, id: r.id, version: 1, patch: { remarks: `复核 ${i}` } })), creates: [] });

    // The process's high-water mark already holds the bulk load's peak: sample the RSS while the check runs
    // instead (it awaits SQLite between pages, so the timer gets its turns).
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 10);
    const t1 = performance.now();
    const clean = await verifyLedgerRows(ws.db);
    const checkMs = performance.now() - t1;
    clearInterval(sampler);
    const peakMb = (rssPeak - rssBefore) / 1024 / 1024;
    expect(clean.differences).toEqual([]);
    expect(clean.tables.find((t) => t.table === 'toilets')).toMatchObject({ rows: N, differences: 0 });

    const target = N - 7;
    const name = (await ws.db.read.get<{ name: string }>('SELECT name FROM toilets WHERE id = ?', [target]))!.name;
    await ws.db.close();
    await tamper(ws.file, `UPDATE toilets SET name = '改过的名字' WHERE id = ${target}; UPDATE toilets SET remarks = '复核 x' WHERE id = 100;`);
    ws = await openWorkspace(dir);
    const tampered = await verifyLedgerRows(ws.db);
    expect(tampered.total).toBe(2);
    expect(tampered.differences.map((d) => [d.id, d.field, d.audit, d.file])).toEqual([
      [100, 'remarks', '“复核 1”', '“复核 x”'],
      [target, 'name', `“${name}”`, '“改过的名字”'],
    ]);

    console.log(
      `row check: ${clean.rows.toLocaleString()} rows (${N.toLocaleString()} toilets from one bulk entry, ${ids.length.toLocaleString()} pasted over) in ${checkMs.toFixed(0)} ms ` +
        `(${Math.round(clean.rows / (checkMs / 1000)).toLocaleString()} rows/s), RSS +${Math.max(0, peakMb).toFixed(0)} MB at most (from ${(rssBefore / 1024 / 1024).toFixed(0)} MB); baseline: the bulk load of the same rows ${loadMs.toFixed(0)} ms`,
    );
  });
});
