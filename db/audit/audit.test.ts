import sqlite3 from 'sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testWorkspace, type TestWorkspace } from '../testing';
import { toilets } from '../toilets/service';
import { auditEntriesFor, verifyAudit } from './audit';

/** Tampering as an attacker with the file would: a separate connection, triggers dropped first. */
function tamper(file: string, sql: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (err) => {
      if (err) return reject(err);
      db.exec(sql, (execErr) => db.close(() => (execErr ? reject(execErr) : resolve())));
    });
  });
}

describe('audit log', () => {
  let t: TestWorkspace;
  beforeEach(async () => {
    t = await testWorkspace({ demo: true });
  });
  afterEach(() => t.close());

  async function someEdits() {
    const [first] = await t.ctx.ws.db.read.all<{ id: number; version: number }>('SELECT id, version FROM toilets ORDER BY id LIMIT 1');
    await toilets.update(t.ctx, { id: first.id, version: first.version, patch: { name: '人民路一号公厕' } });
    await toilets.update(t.ctx, { id: first.id, version: first.version + 1, patch: { remarks: '已翻新' } });
    return first.id;
  }

  it('chains every write and verifies', async () => {
    const demo = await verifyAudit(t.ctx.ws.db);
    await someEdits();
    const result = await verifyAudit(t.ctx.ws.db);
    expect(result.ok).toBe(true);
    expect(result.entries).toBe(demo.entries + 2);
  });

  it('refuses UPDATE and DELETE through SQL', async () => {
    await someEdits();
    await expect(t.ctx.ws.db.write((tx) => tx.run("UPDATE audit_log SET user_name = 'x' WHERE id = 1"))).rejects.toThrow(/append-only/);
    await expect(t.ctx.ws.db.write((tx) => tx.run('DELETE FROM audit_log WHERE id = 1'))).rejects.toThrow(/append-only/);
  });

  it('finds an entry edited directly in the file', async () => {
    await someEdits();
    await t.ctx.ws.db.close();
    await tamper(
      t.ctx.ws.file,
      `DROP TRIGGER audit_log_no_update; UPDATE audit_log SET after = '{"name":"假名字"}' WHERE id = 4;`,
    );
    const { openWorkspace } = await import('../workspace/workspace');
    t.ctx.ws = await openWorkspace(t.dir);
    const result = await verifyAudit(t.ctx.ws.db);
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toEqual({ id: 4, reason: expect.stringContaining('哈希不符') });
  });

  it('finds an entry deleted from the file', async () => {
    await someEdits();
    await t.ctx.ws.db.close();
    await tamper(t.ctx.ws.file, 'DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 4;');
    const { openWorkspace } = await import('../workspace/workspace');
    t.ctx.ws = await openWorkspace(t.dir);
    const result = await verifyAudit(t.ctx.ws.db);
    expect(result.ok).toBe(false);
    expect(result.firstBroken?.id).toBe(4);
  });

  it('reads one row out of a bulk entry as that row alone', async () => {
    const entries = await auditEntriesFor(t.ctx.ws.db, 'toilet', 2);
    expect(entries).toHaveLength(1);
    expect(entries[0].method).toBe('demo.load');
    expect(entries[0].after).toMatchObject({ code: 'GC-002' });
  });

  it('writes nothing to the log when the change itself is refused', async () => {
    const before = await verifyAudit(t.ctx.ws.db);
    await expect(toilets.create(t.ctx, { code: 'GC-001', name: '重复', streetId: 1, address: '某路' })).rejects.toMatchObject({
      code: 'validation',
    });
    const after = await verifyAudit(t.ctx.ws.db);
    expect(after.entries).toBe(before.entries);
  });
});
