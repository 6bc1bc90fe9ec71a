import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testWorkspace, type TestWorkspace } from '../testing';
import { toilets } from '../toilets/service';
import { listBackups } from './backup';
import { startBackupSchedule } from './schedule';

describe('scheduled backups', () => {
  let t: TestWorkspace;
  beforeEach(async () => {
    t = await testWorkspace({ demo: true });
  });
  afterEach(() => t.close());

  it('backs up when something changed since the last backup, and only then', async () => {
    const schedule = await startBackupSchedule(t.ctx.ws, { intervalMs: 3_600_000 });
    try {
      const first = await schedule.tick();
      expect(first?.reason).toBe('scheduled');
      expect(await schedule.tick()).toBeNull();
      const [row] = await toilets.list(t.ctx.ws.db, { limit: 1 });
      await toilets.update(t.ctx, { id: row.id, version: row.version, patch: { remarks: '定时备份之后的修改' } });
      const second = await schedule.tick();
      expect(second?.reason).toBe('scheduled');
      expect((await listBackups(t.dir)).filter((b) => b.reason === 'scheduled')).toHaveLength(2);
    } finally {
      schedule.stop();
    }
  });

  it('runs on its timer', async () => {
    const schedule = await startBackupSchedule(t.ctx.ws, { intervalMs: 50 });
    try {
      for (let i = 0; i < 100 && !(await listBackups(t.dir)).some((b) => b.reason === 'scheduled'); i += 1) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect((await listBackups(t.dir)).some((b) => b.reason === 'scheduled')).toBe(true);
    } finally {
      schedule.stop();
    }
  });
});
