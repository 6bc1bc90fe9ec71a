/**
 * Export → import of every ledger in the registry reproduces the same rows: the exported sheet (xlsx and csv)
 * maps every stored field, reads back to exactly the stored values (all rows unchanged, no audit entry), and
 * imported into a ledger without those rows recreates them field for field. A ledger added to LEDGERS is
 * covered here automatically; one without rows in the demo district fails here until it has some.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Ctx } from '../../context';
import { exportLedger } from '../../ledger/methods';
import { LEDGERS, type AnyLedger } from '../../ledgers';
import { testWorkspace, type TestWorkspace } from '../../testing';
import { commitImport, previewImport } from './service';

/** The fields an export carries: every stored one but personal data (left out of exports by default). */
const exported = (ledger: AnyLedger) => ledger.writable.filter((f) => !f.personal);

/** The exported fields of every live row, order-free. */
async function storedRows(ctx: Ctx, ledger: AnyLedger): Promise<string[]> {
  const rows = (await ledger.list(ctx.ws.db)) as unknown as Array<Record<string, unknown>>;
  return rows.map((r) => JSON.stringify(Object.fromEntries(exported(ledger).map((f) => [f.key, r[f.key] ?? null])))).sort();
}

async function auditCount(ctx: Ctx): Promise<number> {
  return (await ctx.ws.db.read.get<{ n: number }>('SELECT count(*) AS n FROM audit_log'))!.n;
}

describe.each(Object.keys(LEDGERS))('export → import round trip: %s', (name) => {
  let t: TestWorkspace;
  afterEach(() => t.close());

  it('reads its own export back to the same rows, and recreates them in a ledger without them', async () => {
    t = await testWorkspace({ demo: true });
    const ledger = LEDGERS[name];
    const stored = await storedRows(t.ctx, ledger);
    // Every ledger must have rows to go round: the demo district's, or rows this test builds for it.
    expect(stored.length, `${name} 没有示例数据:请在示例区加入,或在本测试中为它构造数据`).toBeGreaterThan(0);

    for (const format of ['xlsx', 'csv'] as const) {
      const file = await exportLedger(t.ctx, ledger, {}, format);
      const source = { ledger: name, fileName: file.fileName, content: file.content };
      const preview = await previewImport(t.ctx, source);
      expect(exported(ledger).map((f) => f.key).filter((k) => !Object.values(preview.mapping).includes(k)), `${format}: fields without a column`).toEqual([]);
      expect(preview.problems.filter((p) => p.severity === 'error'), format).toEqual([]);
      expect(preview.counts, format).toEqual({ valid: stored.length, refused: 0, add: 0, update: 0, unchanged: stored.length });
      const audits = await auditCount(t.ctx);
      expect(await commitImport(t.ctx, source), format).toMatchObject({ added: 0, updated: 0, unchanged: stored.length });
      expect(await auditCount(t.ctx)).toBe(audits);
    }

    const file = await exportLedger(t.ctx, ledger, {}, 'xlsx');
    // A workspace whose ledger lacks these rows: the same file with the rows set aside as deleted.
    await t.ctx.ws.db.write((tx) => tx.run(`UPDATE ${ledger.def.table} SET deleted_at = '2000-01-01T00:00:00.000Z' WHERE deleted_at IS NULL`));
    expect(await storedRows(t.ctx, ledger)).toEqual([]);
    const result = await commitImport(t.ctx, { ledger: name, fileName: file.fileName, content: file.content });
    expect(result).toMatchObject({ added: stored.length, updated: 0, unchanged: 0, refused: 0 });
    expect(await storedRows(t.ctx, ledger)).toEqual(stored);
  });
});
