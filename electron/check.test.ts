/**
 * `npm run cli -- check` as an operator runs it (a real process on a real workspace folder): a ledger row edited
 * directly in the SQLite file and an audit entry edited directly in the file are each found, named in Chinese
 * (table, row, field, audit value and file value; the broken entry's number), with exit code 1.
 */
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import sqlite3 from 'sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../db/testing';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(TSX, ['electron/cli.ts', ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** What someone holding the file can do with any SQLite tool: no app, no audit entry, triggers dropped. */
function tamper(file: string, sql: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const db = new sqlite3.Database(file, (err) => {
      if (err) return reject(err);
      db.exec(sql, (execErr) => db.close(() => (execErr ? reject(execErr) : resolvePromise())));
    });
  });
}

function query<T>(file: string, sql: string): Promise<T[]> {
  return new Promise((resolvePromise, reject) => {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (err) => {
      if (err) return reject(err);
      db.all(sql, (qErr, rows) => db.close(() => (qErr ? reject(qErr) : resolvePromise(rows as T[]))));
    });
  });
}

describe('npm run cli -- check', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = tempDir('sanidesk-check-');
    file = join(dir, 'sanidesk.db');
    expect((await cli('demo', '--data', dir)).code).toBe(0);
  }, 90_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes on the demo workspace, every ledger row compared with the audit log', async () => {
    const checked = await cli('check', '--data', dir);
    expect(checked.code).toBe(0);
    const report = JSON.parse(checked.stdout);
    expect(report).toMatchObject({ integrity: 'ok', audit: { ok: true }, rows: { ok: true, differences: 0 } });
    expect(report.rows.compared).toBeGreaterThan(1000);
    expect(checked.stderr).toMatch(/检查通过.*本台账共 \d+ 行与审计日志一致/);
  }, 60_000);

  it('finds a ledger row edited in the file, then also an audit entry edited in the file', async () => {
    const [toilet] = await query<{ id: number; name: string }>(file, 'SELECT id, name FROM toilets ORDER BY id LIMIT 1 OFFSET 9');
    await tamper(file, `UPDATE toilets SET name = 'x' WHERE id = ${toilet.id};`);
    const rowOnly = await cli('check', '--data', dir);
    expect(rowOnly.code).toBe(1);
    expect(JSON.parse(rowOnly.stdout)).toMatchObject({ audit: { ok: true }, rows: { ok: false, differences: 1 } });
    expect(rowOnly.stderr).toContain('有 1 处台账数据与审计日志不符(在程序之外被改动)');
    expect(rowOnly.stderr).toMatch(new RegExp(`公厕台账\\(toilets\\)编号 ${toilet.id} 的公厕“公厕名称”:审计记录 #\\d+ 为 “${toilet.name}”,文件中为 “x”`));

    const [entry] = await query<{ id: number }>(file, "SELECT id FROM audit_log WHERE method = 'demo.load' ORDER BY id LIMIT 1 OFFSET 2");
    await tamper(file, `DROP TRIGGER audit_log_no_update; UPDATE audit_log SET user_name = '别人' WHERE id = ${entry.id};`);
    const both = await cli('check', '--data', dir);
    expect(both.code).toBe(1);
    const report = JSON.parse(both.stdout);
    expect(report.audit).toMatchObject({ ok: false, firstBroken: { id: entry.id } });
    expect(report.rows.first[0]).toMatchObject({ table: 'toilets', id: toilet.id, field: 'name', audit: `“${toilet.name}”`, file: '“x”' });
    expect(both.stderr).toContain(`审计记录 #${entry.id} 的内容已被改动(哈希不符)`);
    expect(both.stderr).toContain(`编号 ${toilet.id} 的公厕“公厕名称”`);
  }, 60_000);
});
