/** `npm run cli -- import targets FILE --data DIR` and `export targets` as an operator runs them: a real process and workspace. */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../testing';
import { openWorkspace } from '../workspace/workspace';
import { seedCsv, seedWorkbook } from './testing';

const ROOT = resolve(__dirname, '..', '..');

/** One CLI run in its own process (tsx, as `npm run cli` does): exit code and output. */
function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const { status, stdout, stderr } = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), ['electron/cli.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: status, stdout, stderr };
}

describe('npm run cli: import targets / export targets', () => {
  let dir: string;
  beforeAll(async () => {
    dir = tempDir('sanidesk-cli-targets-');
    const ws = await openWorkspace(join(dir, 'ws'));
    await ws.db.close();
    writeFileSync(join(dir, '关键指标.xlsx'), await seedWorkbook());
    writeFileSync(join(dir, '关键指标.csv'), seedCsv());
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports the plan table with merged categories, again changes nothing, and the CSV with blank categories matches it', async () => {
    const data = join(dir, 'ws');
    const dry = cli('import', 'targets', '--dry-run', join(dir, '关键指标.xlsx'), '--data', data);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('可导入 19 行(新增 19、更新 0、不变 0)');
    const imported = cli('import', 'targets', join(dir, '关键指标.xlsx'), '--data', data);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('已导入规划关键指标表 ← 关键指标.xlsx:新增 19、更新 0、不变 0。');
    const csv = cli('import', 'targets', join(dir, '关键指标.csv'), '--data', data);
    expect(csv.stdout).toContain('新增 0、更新 0、不变 19');

    const listed = JSON.parse(cli('api', 'targets.list', '{"category":"污水排水"}', '--data', data).stdout);
    expect(listed.data.map((r: { seq: number; target: unknown }) => [r.seq, r.target])).toEqual([
      [8, { op: '≥', value: 98, unit: '%' }],
      [9, { op: '=', value: 68, unit: '%' }],
      [10, { op: '=', value: 95, unit: '%' }],
      [11, { op: '=', value: 100, unit: '%' }],
    ]);

    const out = join(dir, 'targets.csv');
    const exported = cli('export', 'targets', '--out', out, '--data', data);
    expect(exported.code, exported.stderr).toBe(0);
    const lines = readFileSync(out, 'utf8').replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('类别,指标序号,指标名称,基期值,目标值,指标属性,计算指标,备注');
    expect(lines).toContain('园林绿化,16,城市人均公园绿地面积,14.6,16.9平方米,约束性,,');
    expect(lines).toContain('节约用水,7,城市再生水利用率,/,20%,预期性,,');
    expect(lines).toContain('环境卫生,1,生活垃圾分类覆盖率,88.2%,100%,约束性,生活垃圾分类覆盖率,');
  }, 90_000);
});
