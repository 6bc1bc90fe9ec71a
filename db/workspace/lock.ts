/**
 * One host per workspace: a second headless host (or a CLI serve started twice) on the same folder is
 * refused, because two processes writing one SQLite file would each think its own cache is the truth.
 * Electron has its own single-instance lock; this one is a file in the workspace holding the owner's pid.
 * A lock left by a process that no longer runs (a crash, a kill) is taken over.
 */
import { hostname } from 'node:os';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../errors';

export const LOCK_FILE_NAME = 'sanidesk.lock';

interface LockContent {
  pid: number;
  host: string;
  startedAt: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(file: string): LockContent | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockContent;
  } catch {
    return null;
  }
}

export interface WorkspaceLock {
  release(): void;
}

export function acquireWorkspaceLock(dir: string): WorkspaceLock {
  const file = join(dir, LOCK_FILE_NAME);
  const mine: LockContent = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(file, JSON.stringify(mine), { flag: 'wx' });
      return {
        release: () => {
          if (readLock(file)?.pid === process.pid) rmSync(file, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = readLock(file);
      if (owner && owner.host === mine.host && alive(owner.pid)) {
        throw new ApiError(
          'workspace',
          `此工作区已由另一个 SaniDesk 打开(进程 ${owner.pid},启动于 ${owner.startedAt.slice(0, 19).replace('T', ' ')})。请使用已打开的控制台,或先关闭它。`,
        );
      }
      if (owner && owner.host !== mine.host) {
        throw new ApiError('workspace', `此工作区正由另一台电脑(${owner.host})使用。一个工作区同一时间只能由一台电脑打开。`);
      }
      rmSync(file, { force: true }); // left by a process that is gone
    }
  }
  throw new ApiError('workspace', '无法锁定工作区,请重试。');
}
