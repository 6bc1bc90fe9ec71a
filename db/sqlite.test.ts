import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database } from './sqlite';
import { tempDir } from './testing';

describe('Database', () => {
  let dir: string;
  let db: Database;
  beforeEach(async () => {
    dir = tempDir();
    db = await Database.open(join(dir, 'x.db'));
    await db.write((tx) => tx.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)'));
  });
  afterEach(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens with WAL, synchronous=FULL and foreign keys on', async () => {
    const writer = await db.write(async (tx) => ({
      journal: (await tx.get<{ journal_mode: string }>('PRAGMA journal_mode'))!.journal_mode,
      sync: (await tx.get<{ synchronous: number }>('PRAGMA synchronous'))!.synchronous,
      fk: (await tx.get<{ foreign_keys: number }>('PRAGMA foreign_keys'))!.foreign_keys,
    }));
    expect(writer).toEqual({ journal: 'wal', sync: 2, fk: 1 });
  });

  it('serializes concurrent writes and rolls back a failed one without stopping the queue', async () => {
    const results = await Promise.allSettled([
      db.write((tx) => tx.run("INSERT INTO t (v) VALUES ('a')")),
      db.write(async (tx) => {
        await tx.run("INSERT INTO t (v) VALUES ('doomed')");
        throw new Error('rule broken');
      }),
      db.write((tx) => tx.run("INSERT INTO t (v) VALUES ('b')")),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const rows = await db.read.all<{ v: string }>('SELECT v FROM t ORDER BY id');
    expect(rows.map((r) => r.v)).toEqual(['a', 'b']);
  });

  it('never shows a reader the rows of a transaction still in progress', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const insertedSignal = new Promise<void>((resolve) => (inserted = resolve));
    const writing = db.write(async (tx) => {
      await tx.run("INSERT INTO t (v) VALUES ('pending')");
      inserted();
      await gate;
      throw new Error('abandon');
    });
    await insertedSignal;
    const during = await db.read.get<{ n: number }>('SELECT count(*) AS n FROM t');
    release();
    await expect(writing).rejects.toThrow('abandon');
    expect(during!.n).toBe(0);
  });

  it('makes an online backup that is a complete database', async () => {
    await db.write((tx) => tx.run("INSERT INTO t (v) VALUES ('kept')"));
    const copy = join(dir, 'copy.db');
    await db.backupTo(copy);
    const restored = await Database.open(copy, { readonly: true });
    const rows = await restored.read.all<{ v: string }>('SELECT v FROM t');
    const check = await restored.read.get<{ integrity_check: string }>('PRAGMA integrity_check');
    await restored.close();
    expect(rows).toEqual([{ v: 'kept' }]);
    expect(check!.integrity_check).toBe('ok');
  });
});
