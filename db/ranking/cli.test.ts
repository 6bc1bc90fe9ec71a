/** `npm run cli -- scores import` and `rank` as an operator runs them: a real process on a fresh workspace folder. */
import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../testing';
import { openWorkspace } from '../workspace/workspace';
import type { RankLine } from './cli';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '..', '..');
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

const TABLE = [
  '2025年10月丰州镇各村环境卫生考核结果',
  '排名,村别,得分',
  '第一名,丰州村,93',
  '2,桃源村,91',
  '并列第三,环山村,89',
  '第三名,古山村,89',
  '第四名,金山村,88',
  ',省道215,87.5',
  '合计,,',
].join('\n');

describe('cli scores import / rank on a fresh workspace', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = tempDir('sanidesk-rank-cli-');
    const ws = await openWorkspace(dir);
    await ws.db.close();
    file = join(dir, '丰州镇10月.csv');
    writeFileSync(file, TABLE, 'utf8');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('scores import refuses units the workspace does not have, by row; --create-units imports them as external units', async () => {
    const refused = await cli('scores', 'import', file, '--period', '2025-10', '--category', '镇村考核', '--data', dir);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('表头在第 2 行');
    expect(refused.stdout).toContain('第 8 行 A 列(排名):“省道215”有得分但没有名次');
    expect(refused.stderr).toContain('有 6 个单位在本区社区(村)台账中找不到');
    expect(refused.stderr).toContain('第 3 行“丰州村”');

    const imported = await cli('scores', 'import', file, '--period', '2025-10', '--category', '镇村考核', '--create-units', '--data', dir);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('6 个单位,5 个参与排名;公布名次与计算不符 1 行');
  }, 60_000);

  it('rank prints one object per unit with the published rank and the mismatch flag; csv the same columns', async () => {
    const json = await cli('rank', '--period', '2025-10', '--category', '镇村考核', '--format', 'json', '--data', dir);
    expect(json.code).toBe(0);
    const lines = JSON.parse(json.stdout) as RankLine[];
    expect(lines).toEqual([
      { unit: '丰州村', score: 93, scoreRounded: 93, rank: 1, tied: false, ranked: true, grade: '优秀', publishedRank: 1, rankMismatch: false, moneyDeductionFen: null },
      { unit: '桃源村', score: 91, scoreRounded: 91, rank: 2, tied: false, ranked: true, grade: '优秀', publishedRank: 2, rankMismatch: false, moneyDeductionFen: null },
      { unit: '环山村', score: 89, scoreRounded: 89, rank: 3, tied: true, ranked: true, grade: '良好', publishedRank: 3, rankMismatch: false, moneyDeductionFen: null },
      { unit: '古山村', score: 89, scoreRounded: 89, rank: 3, tied: true, ranked: true, grade: '良好', publishedRank: 3, rankMismatch: false, moneyDeductionFen: null },
      { unit: '金山村', score: 88, scoreRounded: 88, rank: 5, tied: false, ranked: true, grade: '良好', publishedRank: 4, rankMismatch: true, moneyDeductionFen: null },
      { unit: '省道215', score: 87.5, scoreRounded: 87.5, rank: null, tied: false, ranked: false, grade: '良好', publishedRank: null, rankMismatch: null, moneyDeductionFen: null },
    ]);
    expect(json.stderr).toContain('外部成绩表 丰州镇10月.csv');

    const csv = await cli('rank', '--period', '2025-10', '--category', '镇村考核', '--format', 'csv', '--data', dir);
    expect(csv.code).toBe(0);
    const rows = csv.stdout.trim().split(/\r?\n/);
    expect(rows[0]).toBe('unit,score,scoreRounded,rank,tied,ranked,grade,publishedRank,rankMismatch,moneyDeductionFen');
    expect(rows[5]).toBe('金山村,88,88,5,false,true,良好,4,true,');
    expect(rows).toHaveLength(7);
  }, 60_000);

  it('rank of a scheme category with no locked month says what to do; a bad unit type is a usage error', async () => {
    const open = await cli('rank', '--period', '2025-10', '--category', 'toilet', '--format', 'json', '--data', dir);
    expect(open.code).toBe(1);
    expect(open.stderr).toContain('2025年10月尚未锁定');
    const usage = await cli('rank', '--period', '2025-10', '--category', 'toilet', '--unit-type', 'village', '--data', dir);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--unit-type 只能是');
  }, 60_000);
});
