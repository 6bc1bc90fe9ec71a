/** The admin CLI as an operator runs it: a real process, a real workspace folder, exit codes and output. */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, truncateSync } from 'node:fs';
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

  it('api --user: runs as that user (the audit names them) with their role; an unknown user is refused', async () => {
    const before = JSON.parse((await cli('api', 'toilets.get', '{"id":2}', '--data', dir)).stdout).data;
    const edited = await cli('api', 'toilets.update', JSON.stringify({ id: 2, version: before.version, patch: { name: '录入员改名公厕' } }), '--data', dir, '--user', 'luru');
    expect(edited.code).toBe(0);
    const history = JSON.parse((await cli('api', 'toilets.history', '{"id":2}', '--data', dir)).stdout).data;
    expect(history.at(-1)).toMatchObject({ userName: '张录入', action: 'update' });

    const refused = await cli('api', 'users.list', '{}', '--data', dir, '--user', 'luru');
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout).error).toMatchObject({ code: 'forbidden', message: expect.stringContaining('需要系统管理员角色') });
    expect((await cli('api', 'users.list', '{}', '--data', dir)).code).toBe(0); // the administrator by default

    const unknown = await cli('api', 'toilets.list', '{}', '--data', dir, '--user', 'nobody');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('没有名为“nobody”的在用用户');
    expect((await cli('help')).stdout).toContain('--user 用户名');
  }, 60_000);

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

describe('npm run cli: import, export and templates', () => {
  let dir: string;
  const fixture = join(ROOT, 'e2e', 'fixtures', 'toilets-ledger.xlsx');
  beforeAll(async () => {
    dir = tempDir('sanidesk-cli-io-');
    expect((await cli('demo', '--data', dir)).code).toBe(0);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('import --dry-run prints every problem by sheet row and column, the counts, and exits 1', async () => {
    const dry = await cli('import', 'toilets', '--dry-run', fixture, '--data', dir);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain('表头在第 3–4 行');
    expect(dry.stdout).toContain('跳过 3 行(合计行 1、空行 1、说明或签名行 1)');
    for (const place of ['第 8 行 D 列(所属街道) 写作“新华路街到”', '第 10 行 B 列(公厕编号)', '第 12 行 I 列(建筑形式:独立)', '第 13 行 R 列(启用年月) 写作“2023.13”']) {
      expect(dry.stdout).toContain(place);
    }
    expect(dry.stdout).toContain('第 8 行 D 列 “新华路街到” → “新华路街道”');
    expect(dry.stdout).toContain('可导入 5 行(新增 5、更新 0、不变 0),有误 4 行。');
  }, 30_000);

  it('import refuses the whole file while a row is wrong; --valid-only imports the rest, and again changes nothing', async () => {
    const refused = await cli('import', 'toilets', fixture, '--data', dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('有 4 行数据有误,未写入任何数据');
    expect(refused.stderr).toContain('第 13 行 R 列(启用年月):“2023.13”不是有效年月');
    const imported = await cli('import', 'toilets', fixture, '--valid-only', '--data', dir);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('新增 5、更新 0、不变 0,跳过有误的 4 行');
    expect(imported.stdout).toMatch(/导入前的备份:.*-import-toilets\.db/);
    const again = await cli('import', 'toilets', fixture, '--valid-only', '--data', dir);
    expect(again.stdout).toContain('新增 0、更新 0、不变 5');
  }, 60_000);

  it('export writes any ledger of the registry; template writes a blank workbook; unknown ledgers are named', async () => {
    const out = join(dir, 'communities.csv');
    const exported = await cli('export', 'communities', '--out', out, '--data', dir);
    expect(exported.code).toBe(0);
    expect(readFileSync(out, 'utf8').split('\r\n')[0]).toContain('社区名称');
    const blank = join(dir, 'estates-template.xlsx');
    expect((await cli('template', 'estates', '--out', blank, '--data', dir)).code).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(blank);
    expect(String(book.worksheets[0].getCell('A1').value)).toContain('生活小区');
    const unknown = await cli('export', 'bridges', '--out', out, '--data', dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('没有名为“bridges”的台账');
  }, 60_000);
});

describe('npm run cli: backup, backups, restore', () => {
  let dir: string;
  beforeAll(async () => {
    dir = tempDir('sanidesk-cli-backup-');
    expect((await cli('demo', '--data', dir)).code).toBe(0);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const toiletName = async () => JSON.parse((await cli('api', 'toilets.get', '{"id":1}', '--data', dir)).stdout).data.name as string;

  it('backup prints the file, size and check; restore undoes a later edit and names the pre-restore backup', async () => {
    const original = await toiletName();
    const backedUp = await cli('backup', '--data', dir);
    expect(backedUp.code).toBe(0);
    expect(backedUp.stdout).toContain('完整性检查:ok');
    const file = /已备份:(.+\.db)/.exec(backedUp.stdout)![1];
    expect(existsSync(file)).toBe(true);

    const edited = await cli('api', 'toilets.update', '{"id":1,"version":1,"patch":{"name":"命令行改名公厕"}}', '--data', dir);
    expect(edited.code).toBe(0);
    const restored = await cli('restore', file, '--data', dir);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain(`已恢复:${file}`);
    expect(restored.stdout).toMatch(/恢复前的状态已备份到:.+-restore\.db/);
    expect(await toiletName()).toBe(original);
    const checked = await cli('check', '--data', dir);
    expect(JSON.parse(checked.stdout)).toMatchObject({ integrity: 'ok', audit: { ok: true } });

    const listed = await cli('backups', '--data', dir);
    expect(listed.stdout).toContain('手动备份');
    expect(listed.stdout).toContain('恢复前备份');
  }, 60_000);

  it('backup --out writes the copy there; restore refuses a file that is not a workspace', async () => {
    const out = join(dir, 'handed-over.db');
    expect((await cli('backup', '--out', out, '--data', dir)).code).toBe(0);
    expect(existsSync(out)).toBe(true);
    const refused = await cli('restore', join(ROOT, 'package.json'), '--data', dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('不是 SaniDesk 工作区的备份');
  }, 60_000);

  it('a truncated workspace names the newest good backup; restoring it from the CLI brings the workspace back', async () => {
    const damaged = tempDir('sanidesk-cli-damaged-');
    try {
      expect((await cli('demo', '--data', damaged)).code).toBe(0);
      const file = /已备份:(.+\.db)/.exec((await cli('backup', '--data', damaged)).stdout)![1];
      const live = join(damaged, 'sanidesk.db');
      truncateSync(live, Math.floor(statSync(live).size / 2));
      const opened = await cli('api', 'toilets.list', '{}', '--data', damaged);
      expect(opened.code).toBe(1);
      expect(opened.stderr).toContain('工作区文件已损坏');
      expect(opened.stderr).toContain(`npm run cli -- restore "${file}" --data "${damaged}"`);
      const restored = await cli('restore', file, '--data', damaged);
      expect(restored.code).toBe(0);
      expect(restored.stdout).toContain('损坏的工作区文件已移到');
      expect((await cli('check', '--data', damaged)).code).toBe(0);
    } finally {
      rmSync(damaged, { recursive: true, force: true });
    }
  }, 90_000);
});
