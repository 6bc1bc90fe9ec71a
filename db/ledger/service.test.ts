/** The shared ledger paths that every ledger gets: the pasted-block batch and the import upsert (via toilets). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../errors';
import { tableCounts, testWorkspace, type TestWorkspace } from '../testing';
import { toilets } from '../toilets/service';
import { estates } from '../estates/service';
import { tonnage, type EstateTonnage } from '../estates/tonnage';
import { estateCounts, estateWorkspace } from '../estates/testSupport';
import { streets } from '../geo/streets';

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

describe('composite natural key (one tonnage row per estate and month)', () => {
  let t: TestWorkspace;
  let sample: EstateTonnage;
  beforeEach(async () => {
    t = await estateWorkspace();
    sample = (await tonnage.list(t.ctx.ws.db))[0];
  });
  afterEach(() => t.close());

  const row = (estateId: string | number, month: string, over: Record<string, unknown> = {}) => ({
    estateId,
    month,
    recyclableT: 0.8,
    hazardousKg: 5,
    kitchenT: 2.1,
    residualT: 6.4,
    source: '称重',
    ...over,
  });

  it('refuses a second row for the same estate and month on create and update, and allows either part to differ', async () => {
    const err = await tonnage.create(t.ctx, row(sample.estateCode, sample.month)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).fields).toEqual({ month: `同一小区中月份 ${sample.month} 已被另一条记录使用,必须唯一` });
    const otherMonth = await tonnage.create(t.ctx, row(sample.estateCode, '2020-01'));
    const second = (await estates.list(t.ctx.ws.db)).find((e) => e.id !== sample.estateId)!;
    await tonnage.create(t.ctx, row(second.code, '2020-01'));
    expect((await tonnage.list(t.ctx.ws.db, { month: '2020-01' })).map((r) => r.estateId).sort()).toEqual([sample.estateId, second.id].sort());
    const moved = await tonnage
      .update(t.ctx, { id: otherMonth.row.id, version: otherMonth.row.version, patch: { month: sample.month } })
      .catch((e: unknown) => e);
    expect((moved as ApiError).fields?.month).toContain('已被另一条记录使用');
  });

  it('refuses duplicates inside a pasted block even when the estate is written once by code and once by name', async () => {
    const before = await estateCounts(t.ctx);
    const err = await tonnage
      .applyBatch(t.ctx, {
        updates: [],
        creates: [
          { sourceRow: 1, values: row(sample.estateCode, '2020-02') },
          { sourceRow: 2, values: row(sample.estateName, '2020年2月') },
        ],
      })
      .catch((e: unknown) => e);
    expect((err as ApiError).rows).toEqual([{ row: 2, column: '月份', field: 'month', message: '同一小区中月份 2020-02 与第 1 行重复' }]);
    expect(await estateCounts(t.ctx)).toEqual(before);
  });

  it('bulk insert refuses a pair already stored or repeated in the load', async () => {
    const before = await estateCounts(t.ctx);
    const err = await t.ctx.ws.db
      .write((tx) =>
        tonnage.insertBulk(
          t.ctx,
          tx,
          [
            { sourceRow: 3, values: row(sample.estateCode, sample.month) },
            { sourceRow: 4, values: row(sample.estateCode, '2020-03') },
            { sourceRow: 5, values: row(sample.estateCode.toLowerCase(), '2020-03') },
            { sourceRow: 6, values: row(sample.estateCode, '2020-04') },
          ],
          'test.bulk',
        ),
      )
      .catch((e: unknown) => e);
    expect((err as ApiError).rows).toEqual([
      { row: 3, column: '月份', field: 'month', message: `同一小区中月份 ${sample.month} 已被另一条记录使用` },
      { row: 5, column: '月份', field: 'month', message: '同一小区中月份 2020-03 与第 4 行重复' },
    ]);
    expect(await estateCounts(t.ctx)).toEqual(before);
  });

  it('an import matches rows on (estate, month), by code or name, and is idempotent', async () => {
    const rows = [
      { sourceRow: 5, values: { estateId: sample.estateName, month: sample.month, remarks: '复核' } },
      { sourceRow: 6, values: row(sample.estateCode, '2020-05') },
    ];
    const first = await t.ctx.ws.db.write((tx) => tonnage.upsertBulk(t.ctx, tx, rows, 'tonnage.import'));
    expect(first).toEqual({ added: 1, updated: 1, unchanged: 0, refused: [] });
    expect((await tonnage.get(t.ctx.ws.db, sample.id)).remarks).toBe('复核');
    const counts = await estateCounts(t.ctx);
    const again = rows.map((r) => ({ ...r, values: { ...r.values, estateId: sample.estateCode.toLowerCase() } }));
    const second = await t.ctx.ws.db.write((tx) => tonnage.upsertBulk(t.ctx, tx, again, 'tonnage.import'));
    expect(second).toEqual({ added: 0, updated: 0, unchanged: 2, refused: [] });
    expect(await estateCounts(t.ctx)).toEqual(counts);
    const dup = await t.ctx.ws.db
      .write((tx) => tonnage.upsertBulk(t.ctx, tx, [rows[1], { ...rows[1], sourceRow: 7 }], 'tonnage.import'))
      .catch((e: unknown) => e);
    expect((dup as ApiError).rows).toEqual([{ row: 7, column: '月份', field: 'month', message: '同一小区中月份 2020-05 与第 6 行重复' }]);
  });

  it('names the estate and month in a conflict, and refuses to restore a row over a newer one', async () => {
    await tonnage.update(t.ctx, { id: sample.id, version: sample.version, patch: { remarks: '甲' } });
    const conflict = await tonnage.update(t.ctx, { id: sample.id, version: sample.version, patch: { remarks: '乙' } }).catch((e: unknown) => e);
    expect((conflict as ApiError).message).toContain(`月度分类量“${sample.estateName} ${sample.month}”已被系统管理员`);
    await tonnage.delete(t.ctx, { id: sample.id, reason: '重报' });
    await tonnage.create(t.ctx, row(sample.estateId, sample.month));
    const restore = await tonnage.restore(t.ctx, { id: sample.id }).catch((e: unknown) => e);
    expect((restore as ApiError).fields?.month).toContain('无法恢复');
  });
});

describe('import rows without their natural key', () => {
  it('are matched on another unique key (an estate sheet without codes: community + name), idempotently', async () => {
    const t = await estateWorkspace();
    try {
      const [known] = await estates.list(t.ctx.ws.db);
      const sheet = [
        { sourceRow: 4, values: { communityId: known.communityName, name: known.name, remarks: '按名称匹配' } },
        {
          sourceRow: 5,
          values: { communityId: known.communityName, name: '无编号新苑', address: '新路1号', households: 300, buildings: 3, managed: '否', sortingMode: '无' },
        },
      ];
      const first = await t.ctx.ws.db.write((tx) => estates.upsertBulk(t.ctx, tx, sheet, 'estates.import'));
      expect(first).toEqual({ added: 1, updated: 1, unchanged: 0, refused: [] });
      expect((await estates.get(t.ctx.ws.db, known.id)).remarks).toBe('按名称匹配');
      const added = (await estates.list(t.ctx.ws.db, { q: '无编号新苑' }))[0];
      expect(added.code).toMatch(/^XQ-\d{6}-\d{2}$/);
      const counts = await estateCounts(t.ctx);
      const second = await t.ctx.ws.db.write((tx) => estates.upsertBulk(t.ctx, tx, sheet, 'estates.import'));
      expect(second).toEqual({ added: 0, updated: 0, unchanged: 2, refused: [] });
      expect(await estateCounts(t.ctx)).toEqual(counts);
    } finally {
      await t.close();
    }
  });
});

describe('delete check', () => {
  it('refuses a delete the ledger forbids and writes nothing', async () => {
    const t = await testWorkspace({ demo: true });
    try {
      const before = await tableCounts(t.ctx);
      await expect(streets.delete(t.ctx, { id: 2, reason: '试试' })).rejects.toMatchObject({
        code: 'validation',
        message: expect.stringContaining('街道“新华路街道”下还有 8 个社区(村)'),
      });
      expect(await tableCounts(t.ctx)).toEqual(before);
    } finally {
      await t.close();
    }
  });
});

describe('ledger list slices (the grid loads the first rows first)', () => {
  it('returns the ordered list in slices that neither overlap nor miss rows', async () => {
    const t = await testWorkspace({ demo: true });
    try {
      const all = await toilets.list(t.ctx.ws.db);
      const slices = [];
      for (let offset = 0; offset < all.length; offset += 40) slices.push(...(await toilets.list(t.ctx.ws.db, { offset, limit: 40 })));
      expect(slices.map((r) => r.id)).toEqual(all.map((r) => r.id));
      expect(await toilets.list(t.ctx.ws.db, { offset: all.length, limit: 40 })).toEqual([]);
    } finally {
      await t.close();
    }
  });
});

describe('ledger batch undo (deletes and restores in the same transaction)', () => {
  let t: TestWorkspace;
  beforeEach(async () => {
    t = await testWorkspace({ demo: true });
  });
  afterEach(() => t.close());

  it('undoes a block that added rows in one transaction, and redoes it', async () => {
    const [a] = await toilets.list(t.ctx.ws.db);
    const pasted = await toilets.applyBatch(t.ctx, {
      updates: [{ sourceRow: 1, id: a.id, version: a.version, patch: { remarks: '粘贴' } }],
      creates: [{ sourceRow: 151, values: fresh('U-1') }],
    });
    const newId = pasted.created[0];
    const afterPaste = (await toilets.get(t.ctx.ws.db, a.id)).version;
    await toilets.applyBatch(t.ctx, {
      updates: [{ sourceRow: 1, id: a.id, version: afterPaste, patch: { remarks: a.remarks } }],
      creates: [],
      deletes: [{ sourceRow: 151, id: newId }],
    });
    expect((await toilets.get(t.ctx.ws.db, a.id)).remarks).toBe(a.remarks);
    await expect(toilets.get(t.ctx.ws.db, newId)).rejects.toMatchObject({ code: 'not_found' });
    await toilets.applyBatch(t.ctx, { updates: [], creates: [], restores: [{ sourceRow: 151, id: newId }] });
    expect((await toilets.get(t.ctx.ws.db, newId)).code).toBe('U-1');
  });

  it('writes nothing when one of its deletes is refused', async () => {
    const [a] = await toilets.list(t.ctx.ws.db);
    const before = await tableCounts(t.ctx);
    const err = await toilets
      .applyBatch(t.ctx, {
        updates: [{ sourceRow: 1, id: a.id, version: a.version, patch: { remarks: '不会保存' } }],
        creates: [],
        deletes: [{ sourceRow: 2, id: 999_999 }],
      })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'validation', rows: [{ row: 2, message: expect.stringContaining('没有找到') }] });
    expect(await tableCounts(t.ctx)).toEqual(before);
    expect((await toilets.get(t.ctx.ws.db, a.id)).remarks).toBe(a.remarks);
  });
});
