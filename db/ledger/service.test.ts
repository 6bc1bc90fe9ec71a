/** The shared ledger paths that every ledger gets: the pasted-block batch and the import upsert (via toilets). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../errors';
import { tableCounts, testWorkspace, type TestWorkspace } from '../testing';
import { toilets } from '../toilets/service';

const fresh = (code: string, over: Record<string, unknown> = {}) => ({
  code,
  name: `${code}公厕`,
  streetId: '城关街道',
  address: '城关街道新路1号',
  type: 'standalone',
  class: '三类',
  openHours: '06:00-22:00',
  ...over,
});

describe('ledger batch (a pasted block)', () => {
  let t: TestWorkspace;
  beforeEach(async () => {
    t = await testWorkspace({ demo: true });
  });
  afterEach(() => t.close());

  it('saves updates and new rows together, one audit entry per row', async () => {
    const [a, b] = await toilets.list(t.ctx.ws.db);
    const before = await tableCounts(t.ctx);
    const result = await toilets.applyBatch(t.ctx, {
      updates: [
        { sourceRow: 1, id: a.id, version: a.version, patch: { remarks: '粘贴甲' } },
        { sourceRow: 2, id: b.id, version: b.version, patch: { remarks: '粘贴乙' } },
      ],
      creates: [{ sourceRow: 3, values: fresh('P-1') }],
    });
    expect(result.updated).toEqual([a.id, b.id]);
    expect(result.created).toHaveLength(1);
    expect(result.rows.map((r) => r.remarks)).toEqual(['粘贴甲', '粘贴乙', null]);
    const after = await tableCounts(t.ctx);
    expect(after.toilets).toBe(before.toilets + 1);
    expect(after.audit_log).toBe(before.audit_log + 3);
  });

  it('writes nothing when one cell of the block is refused, and names its row and field', async () => {
    const [a, b] = await toilets.list(t.ctx.ws.db);
    const before = await tableCounts(t.ctx);
    const err = await toilets
      .applyBatch(t.ctx, {
        updates: [
          { sourceRow: 1, id: a.id, version: a.version, patch: { remarks: '不会保存' } },
          { sourceRow: 2, id: b.id, version: b.version, patch: { maleSquat: '-2' } },
        ],
        creates: [{ sourceRow: 3, values: fresh('P-2') }, { sourceRow: 4, values: fresh('p-2') }],
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).rows).toEqual([
      { row: 2, column: '男蹲位', field: 'maleSquat', message: '不能小于 0' },
      { row: 4, column: '公厕编号', field: 'code', message: '公厕编号 P-2 与第 3 行重复' },
    ]);
    expect((err as ApiError).message).toContain('第 2 行 男蹲位');
    expect(await tableCounts(t.ctx)).toEqual(before);
    expect((await toilets.get(t.ctx.ws.db, a.id)).remarks).toBe(a.remarks);
  });
});

describe('ledger upsert (an import)', () => {
  let t: TestWorkspace;
  beforeEach(async () => {
    t = await testWorkspace({ demo: true });
  });
  afterEach(() => t.close());

  it('adds new rows, updates matched ones, and changes nothing when the same rows come again', async () => {
    const rows = [
      { sourceRow: 5, values: { code: 'gc-001', remarks: '导入更新' } },
      { sourceRow: 6, values: fresh('NEW-1') },
      { sourceRow: 7, values: fresh('NEW-2') },
    ];
    const first = await t.ctx.ws.db.write((tx) => toilets.upsertBulk(t.ctx, tx, rows, 'toilets.import'));
    expect(first).toEqual({ added: 2, updated: 1, unchanged: 0, refused: [] });
    const counts = await tableCounts(t.ctx);
    const second = await t.ctx.ws.db.write((tx) => toilets.upsertBulk(t.ctx, tx, rows, 'toilets.import'));
    expect(second).toEqual({ added: 0, updated: 0, unchanged: 3, refused: [] });
    expect(await tableCounts(t.ctx)).toEqual(counts);
  });

  it('refuses the whole load on a bad row, or skips it when asked for the valid rows only', async () => {
    const rows = [
      { sourceRow: 5, values: fresh('NEW-3') },
      { sourceRow: 6, values: fresh('NEW-4', { openHours: '25:00-26:00' }) },
    ];
    const before = await tableCounts(t.ctx);
    await expect(t.ctx.ws.db.write((tx) => toilets.upsertBulk(t.ctx, tx, rows, 'toilets.import'))).rejects.toMatchObject({
      code: 'validation',
      rows: [{ row: 6, column: '开放时间', field: 'openHours', message: expect.stringContaining('无法识别') }],
    });
    expect(await tableCounts(t.ctx)).toEqual(before);
    const partial = await t.ctx.ws.db.write((tx) => toilets.upsertBulk(t.ctx, tx, rows, 'toilets.import', { validOnly: true }));
    expect(partial).toMatchObject({ added: 1, updated: 0, unchanged: 0, refused: [{ row: 6 }] });
  });
});
