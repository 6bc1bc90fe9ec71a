import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DB_FILE_NAME } from '../db/workspace/workspace';
import { dataDirFromArgv, demoLoadedMessage, loginHint, openConsoleWorkspace } from './host/open-workspace';

const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sanidesk-open-'));
  temps.push(dir);
  return dir;
}

afterEach(() => {
  vi.unstubAllEnvs();
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('openConsoleWorkspace', () => {
  it('loads the demo district on the first start in the default folder, and only then', async () => {
    const dir = join(tempDir(), 'workspace');
    vi.stubEnv('SANIDESK_DATA', dir); // defaultWorkspaceDir() honours it
    const first = await openConsoleWorkspace();
    try {
      expect(first.ws.dir).toBe(dir);
      expect(first.ws.kind).toBe('demo');
      expect(await loginHint(first.ws)).toBe('示例数据的登录用户:admin(系统管理员)、luru(录入员)、shenhe(审核员)、lingdao(分管领导),密码都是 demo1234。');
      expect(first.demoLoaded?.toilets).toBeGreaterThan(0);
    } finally {
      await first.ws.db.close();
    }
    const second = await openConsoleWorkspace();
    try {
      expect(second.demoLoaded).toBeNull();
      expect(second.ws.kind).toBe('demo');
    } finally {
      await second.ws.db.close();
    }
  });

  it('never fills an explicit --data folder with demo data', async () => {
    const dir = join(tempDir(), 'explicit');
    const opened = await openConsoleWorkspace(dir);
    try {
      expect(existsSync(join(dir, DB_FILE_NAME))).toBe(true);
      expect(opened.demoLoaded).toBeNull();
      expect(opened.ws.kind).toBe('normal');
      expect(await loginHint(opened.ws)).toContain('请先设置系统管理员(用户名 admin)的密码');
    } finally {
      await opened.ws.db.close();
    }
  });

  it('says where the demo workspace was created', () => {
    expect(demoLoadedMessage('/data/ws', { streets: 8, communities: 60, toilets: 150, inspections: 150 })).toBe(
      '首次启动:已在 /data/ws 创建示例区工作区(8 个街道、60 个社区、150 座公厕、近三个月 150 次考核检查)',
    );
  });
});

describe('dataDirFromArgv', () => {
  it('reads --data DIR and --data=DIR, resolved against the current folder', () => {
    expect(dataDirFromArgv(['/opt/electron', '.', '--data', 'ws'])).toBe(resolve('ws'));
    expect(dataDirFromArgv(['/opt/electron', '--inspect=0', '--data=/srv/ws'])).toBe(resolve('/srv/ws'));
  });

  it('uses the default folder when --data is absent', () => {
    expect(dataDirFromArgv(['/opt/electron', '.', '--remote-debugging-port=0'])).toBeUndefined();
  });

  it('refuses --data without a folder', () => {
    expect(() => dataDirFromArgv(['electron', '--data'])).toThrow(/--data/);
    expect(() => dataDirFromArgv(['electron', '--data', '--port', '1'])).toThrow(/--data/);
    expect(() => dataDirFromArgv(['electron', '--data='])).toThrow(/--data/);
  });
});
