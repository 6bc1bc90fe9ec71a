import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../testing';
import { acquireWorkspaceLock, LOCK_FILE_NAME } from './lock';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('workspace lock', () => {
  it('refuses a second host on the same workspace, and frees the workspace on release', () => {
    const dir = tempDir();
    dirs.push(dir);
    const lock = acquireWorkspaceLock(dir);
    expect(() => acquireWorkspaceLock(dir)).toThrow(/已由另一个 SaniDesk 打开/);
    lock.release();
    acquireWorkspaceLock(dir).release();
  });

  it('takes over a lock left by a process that is gone', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const child = spawn(process.execPath, ['-e', '0']);
    const pid = child.pid!;
    await new Promise((resolve) => child.once('exit', resolve));
    writeFileSync(join(dir, LOCK_FILE_NAME), JSON.stringify({ pid, host: hostname(), startedAt: '2026-01-01T00:00:00Z' }));
    acquireWorkspaceLock(dir).release();
  });
});
