import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DB_FILE_NAME } from '../db/workspace/workspace';

const ROOT = join(__dirname, '..');
const FALLBACK_LINE =
  '未找到 Electron 可执行文件(本机无法下载 Electron),改用浏览器模式启动同一控制台 / Electron binary not available: serving the console in the browser host';

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('scripts/start.mjs without the Electron binary', () => {
  it('says so in one line, then runs the headless host with the given --data and --port', async () => {
    const base = mkdtempSync(join(tmpdir(), 'sanidesk-start-'));
    temps.push(base);
    const dataDir = join(base, 'ws');
    // An empty override folder: the binary is "missing" here even on machines where Electron was downloaded.
    const env = { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: join(base, 'no-electron') };
    const child = spawn(process.execPath, [join(ROOT, 'scripts', 'start.mjs'), '--data', dataDir, '--port', '0'], { cwd: ROOT, env });

    let output = '';
    const reachedCli = new Promise<'serving' | 'not-built'>((resolvePromise, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString('utf8');
        if (/请在浏览器中打开:http:\/\/127\.0\.0\.1:\d+\/\?token=/.test(output)) resolvePromise('serving');
        else if (output.includes('控制台界面尚未构建')) resolvePromise('not-built');
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('exit', (code) => setTimeout(() => reject(new Error(`start.mjs exited (${code}) early:\n${output}`)), 200));
    });
    const exited = new Promise<number | null>((resolvePromise) => child.on('exit', (code) => resolvePromise(code)));

    const state = await reachedCli;
    expect(output.split('\n')[0]).toBe(FALLBACK_LINE);
    if (state === 'serving') {
      // The host opened (and created) the workspace named by --data.
      expect(existsSync(join(dataDir, DB_FILE_NAME))).toBe(true);
      child.kill('SIGTERM'); // forwarded to the host, which closes the database and exits 0
      expect(await exited).toBe(0);
    } else {
      // Without a built UI nothing is served, so no workspace is created or migrated either.
      expect(await exited).toBe(1);
      expect(existsSync(join(dataDir, DB_FILE_NAME))).toBe(false);
    }
  }, 60_000);
});
