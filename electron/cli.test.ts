/** The admin CLI as an operator runs it: a real process, a real workspace folder, exit codes and output. */
import { execFile } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
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

describe('npm run cli', () => {
  let dir: string;
  beforeAll(async () => {
    dir = tempDir('sanidesk-cli-');
    const loaded = await cli('demo', '--data', dir);
    expect(loaded.code).toBe(0);
    expect(loaded.stdout).toContain('150 座公厕');
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('api: a refused update exits 1 with a Chinese message naming the field, and the row is unchanged', async () => {
    const before = JSON.parse((await cli('api', 'toilets.get', '{"id":1}', '--data', dir)).stdout);
    const refused = await cli('api', 'toilets.update', '{"id":1,"version":1,"patch":{"class":4}}', '--data', dir);
    expect(refused.code).toBe(1);
    const result = JSON.parse(refused.stdout);
    expect(result.error).toMatchObject({ code: 'validation', fields: { class: '只能是 一类、二类、三类 之一' } });
    expect(result.error.message).toContain('公厕类别');
    const after = JSON.parse((await cli('api', 'toilets.get', '{"id":1}', '--data', dir)).stdout);
    expect(after).toEqual(before);
  }, 30_000);

  it('api: a valid update exits 0 and the history shows before and after with the operator', async () => {
    const accepted = await cli('api', 'toilets.update', '{"id":1,"version":1,"patch":{"class":1}}', '--data', dir);
    expect(accepted.code).toBe(0);
    expect(JSON.parse(accepted.stdout).data.row).toMatchObject({ class: 1, version: 2 });
    const history = JSON.parse((await cli('api', 'toilets.history', '{"id":1}', '--data', dir)).stdout).data;
    expect(history.at(-1)).toMatchObject({
      userName: '系统管理员',
      action: 'update',
      changes: [{ field: 'class', label: '公厕类别', before: '二类', after: '一类' }],
    });
  }, 30_000);

  it('check: integrity and the audit chain pass on an untouched workspace', async () => {
    const checked = await cli('check', '--data', dir);
    expect(checked.code).toBe(0);
    expect(JSON.parse(checked.stdout)).toMatchObject({ integrity: 'ok', audit: { ok: true } });
  }, 30_000);

  it('export: writes the toilet ledger to xlsx', async () => {
    const out = join(dir, 'toilets.xlsx');
    const exported = await cli('export', 'toilets', '--out', out, '--data', dir);
    expect(exported.code).toBe(0);
    expect(existsSync(out)).toBe(true);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    expect(book.worksheets[0].rowCount).toBe(153);
  }, 30_000);

  it('refuses an unknown command and a missing workspace with a clear message', async () => {
    const unknown = await cli('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('未知命令');
    const missing = await cli('api', 'toilets.list', '{}', '--data', join(dir, 'nope'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('没有 SaniDesk 工作区');
  }, 30_000);
});
