import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callApi } from '../api';
import { ApiError } from '../errors';
import { MIGRATIONS } from '../migrations';
import { Database } from '../sqlite';
import { tableCounts, tempDir, testWorkspace, type TestWorkspace } from '../testing';
import { toilets } from '../toilets/service';
import { estates } from '../estates/service';
import { defaultOperator } from '../users/users';
import { APPLICATION_ID, DB_FILE_NAME, openWorkspace } from '../workspace/workspace';
import { communities } from './communities';
import { listCommunities, listStreets } from './geo';
import { streets } from './streets';

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

const newStreet = (over: Record<string, unknown> = {}) => ({
  code: '330199009',
  name: '湖畔街道',
  kind: '街道',
  shortName: '湖畔',
  population: '４２０００',
  areaKm2: '12.5',
  ...over,
});

const newCommunity = (over: Record<string, unknown> = {}) => ({
  code: '330199001010',
  name: '湖光社区',
  kind: '社区',
  streetId: '城关',
  households: 1800,
  ...over,
});

describe('street ledger', () => {
  let t: TestWorkspace;
  beforeEach(async () => {
    t = await testWorkspace({ demo: true });
  });
  afterEach(() => t.close());

  it('creates a street from loose input, places it last in the official order and lists it in geo.streets', async () => {
    const { row, warnings } = await streets.create(t.ctx, newStreet({ aliases: '湖畔街道办事处、湖畔、湖畔街道办事处' }));
    expect(row).toMatchObject({
      code: '330199009',
      kind: 'subdistrict',
      population: 42000,
      areaKm2: 12.5,
      sortOrder: 9,
      active: true,
      communityCount: 0,
      aliases: ['湖畔街道办事处'],
    });
    expect(warnings).toEqual([]);
    expect((await listStreets(t.ctx.ws.db)).at(-1)?.name).toBe('湖畔街道');
    const viaApi = await callApi(t.ctx, 'streets.list', { kind: 'zone' });
    expect(viaApi).toMatchObject({ ok: true, data: [{ name: '高新开发区', communityCount: 6 }] });
  });

  it('sums the households of its communities and counts them', async () => {
    const [first] = await streets.list(t.ctx.ws.db);
    const own = (await listCommunities(t.ctx.ws.db, { streetId: first.id })).reduce((s, c) => s + (c.households ?? 0), 0);
    expect(first).toMatchObject({ name: '城关街道', communityCount: 9, households: own });
  });

  it.each([
    ['33019900', '应为 9 位数字'],
    ['33019900A', '应为 9 位数字'],
  ])('refuses the code %j', async (code, message) => {
    const err = await refusal(streets.create(t.ctx, newStreet({ code })));
    expect(err.fields?.code).toContain(message);
    expect(err.message).toContain('街道编号');
  });

  it('warns when the county digits differ from the rest of the district', async () => {
    const { warnings } = await streets.create(t.ctx, newStreet({ code: '330288009' }));
    expect(warnings).toEqual([{ field: 'code', message: expect.stringContaining('与本区其他街道(330199)不同') }]);
  });

  it('keeps names unique in the district, and an alias may not be another street’s name or alias', async () => {
    const dup = await refusal(streets.create(t.ctx, newStreet({ name: '城关街道' })));
    expect(dup.fields?.name).toBe('街道名称 城关街道 已被街道编号为 330199001 的街道使用,必须唯一');
    const alias = await refusal(streets.create(t.ctx, newStreet({ aliases: ['高新区'] })));
    expect(alias.fields?.aliases).toBe('别名“高新区”已是街道“高新开发区”的名称、简称或别名,同一个名字只能指一个街道');
    const short = await refusal(streets.create(t.ctx, newStreet({ shortName: '新华' })));
    expect(short.fields?.shortName).toContain('新华路街道');
  });

  it('refuses to deactivate a street with active communities or toilets, and allows it once they have moved', async () => {
    const street = (await streets.list(t.ctx.ws.db)).find((s) => s.name === '高新开发区')!;
    const toiletCount = (await toilets.list(t.ctx.ws.db, { streetId: street.id })).filter((x) => x.status !== 'demolished').length;
    const before = await tableCounts(t.ctx);
    const err = await refusal(streets.update(t.ctx, { id: street.id, version: street.version, patch: { active: '否' } }));
    expect(err.fields?.active).toBe(
      `该街道下还有 6 个启用中的社区(村)${toiletCount ? `和 ${toiletCount} 座未拆除的公厕` : ''},不能停用。请先把它们划转到接管的街道(或停用社区),再停用本街道`,
    );
    expect(await tableCounts(t.ctx)).toEqual(before);

    for (const x of await toilets.list(t.ctx.ws.db, { streetId: street.id })) {
      await toilets.update(t.ctx, { id: x.id, version: x.version, patch: { status: 'demolished' } });
    }
    // The demo district has estates in these communities: move them to a community of another street first.
    const receiving = (await communities.list(t.ctx.ws.db)).find((c) => c.streetId !== street.id)!;
    for (const c of await communities.list(t.ctx.ws.db, { streetId: street.id })) {
      for (const e of await estates.list(t.ctx.ws.db, { communityId: c.id })) {
        await estates.update(t.ctx, { id: e.id, version: e.version, patch: { communityId: receiving.id } });
      }
      await communities.update(t.ctx, { id: c.id, version: (await communities.get(t.ctx.ws.db, c.id)).version, patch: { active: false } });
    }
    const fresh = await streets.get(t.ctx.ws.db, street.id);
    const { row } = await streets.update(t.ctx, { id: street.id, version: fresh.version, patch: { active: false } });
    expect(row.active).toBe(false);
    expect((await listStreets(t.ctx.ws.db)).some((s) => s.id === street.id)).toBe(false);
  });

  it('refuses to delete a street that still has communities, and names what to do instead', async () => {
    const before = await tableCounts(t.ctx);
    const err = await refusal(streets.delete(t.ctx, { id: 1 }));
    expect(err.code).toBe('validation');
    expect(err.message).toContain('不能删除');
    expect(err.message).toContain('“启用”改为“否”');
    expect(await tableCounts(t.ctx)).toEqual(before);
  });

  it('frees a deleted street’s code and name for a new street, and refuses to restore the old one over them', async () => {
    const { row } = await streets.create(t.ctx, newStreet());
    await streets.delete(t.ctx, { id: row.id, reason: '误建' });
    const again = await streets.create(t.ctx, newStreet({ kind: 'town', name: '湖畔街道' }));
    expect(again.row.id).not.toBe(row.id);
    const err = await refusal(streets.restore(t.ctx, { id: row.id }));
    expect(err.fields?.code).toContain('无法恢复');
    expect(err.fields?.name).toContain('无法恢复');
  });

  it('warns that communities keep the old prefix when a street’s code changes', async () => {
    const street = await streets.get(t.ctx.ws.db, 1);
    const { warnings } = await streets.update(t.ctx, { id: 1, version: street.version, patch: { code: '330199099' } });
    expect(warnings).toEqual([{ field: 'code', message: expect.stringContaining('9 个社区(村)的编号仍以旧编号 330199001 开头') }]);
    const [community] = await communities.list(t.ctx.ws.db, { streetId: 1 });
    const err = await refusal(communities.update(t.ctx, { id: community.id, version: community.version, patch: { households: 10 } }));
    expect(err.fields?.code).toContain('330199099');
    const fixed = await communities.update(t.ctx, { id: community.id, version: community.version, patch: { code: `330199099${community.code.slice(9)}` } });
    expect(fixed.row.code).toBe('330199099001');
  });

  it('records history with the operator', async () => {
    const street = await streets.get(t.ctx.ws.db, 2);
    await streets.update(t.ctx, { id: 2, version: street.version, patch: { population: 75000 } });
    const history = await streets.history(t.ctx.ws.db, 2);
    expect(history.at(-1)).toMatchObject({ method: 'streets.update', changes: [{ field: 'population', before: '74000', after: '75000' }] });
  });
});

describe('community ledger', () => {
  let t: TestWorkspace;
  beforeEach(async () => {
    t = await testWorkspace({ demo: true });
  });
  afterEach(() => t.close());

  it('creates a community under a street named by its short name, last in that street’s order', async () => {
    const { row } = await communities.create(t.ctx, newCommunity());
    expect(row).toMatchObject({ code: '330199001010', streetName: '城关街道', kind: 'community', sortOrder: 10, active: true, estateCount: 0 });
    expect((await listCommunities(t.ctx.ws.db, { streetId: 1 })).at(-1)?.name).toBe('湖光社区');
  });

  it('refuses a code that is not 12 digits or does not start with its street’s code', async () => {
    expect((await refusal(communities.create(t.ctx, newCommunity({ code: '33019900101' })))).fields?.code).toContain('应为 12 位数字');
    expect((await refusal(communities.create(t.ctx, newCommunity({ code: '330199002010' })))).fields?.code).toBe(
      '社区编号前 9 位应与所属街道“城关街道”的编号 330199001 相同,“330199002010”的前 9 位是 330199002',
    );
  });

  it('keeps a name unique within its street but allows it in another street', async () => {
    const err = await refusal(communities.create(t.ctx, newCommunity({ name: '和平社区' })));
    expect(err.fields?.name).toBe('同一所属街道中社区名称 和平社区 已被社区编号为 330199001001 的社区(村)使用,必须唯一');
    const other = await communities.create(t.ctx, newCommunity({ code: '330199003010', streetId: '东湖街道', name: '和平社区' }));
    expect(other.row.streetName).toBe('东湖街道');
  });

  it('refuses an active community under an inactive street, and unknown streets by name', async () => {
    const { row: street } = await streets.create(t.ctx, newStreet());
    await streets.update(t.ctx, { id: street.id, version: street.version, patch: { active: false } });
    const err = await refusal(communities.create(t.ctx, newCommunity({ code: '330199009001', streetId: '湖畔街道' })));
    expect(err.fields?.streetId).toContain('已停用');
    expect((await refusal(communities.create(t.ctx, newCommunity({ streetId: '火星街道' })))).fields?.streetId).toContain('没有名为“火星街道”的街道');
  });

  it('warns when its households are fewer than its estates’ households', async () => {
    const { row } = await communities.create(t.ctx, newCommunity());
    await t.ctx.ws.db.write(async (tx) => {
      const { estates } = await import('../estates/service');
      await estates.insertBulk(t.ctx, tx, [
        {
          sourceRow: 1,
          values: { code: 'T-1', name: '测试苑', communityId: row.code, address: '测试路1号', households: 1500, buildings: 10, managed: false, sortingMode: 'none' },
        },
      ], 'test.bulk');
    });
    const fresh = await communities.get(t.ctx.ws.db, row.id);
    expect(fresh.estateCount).toBe(1);
    const { warnings } = await communities.update(t.ctx, { id: row.id, version: fresh.version, patch: { households: 1000 } });
    expect(warnings).toEqual([{ field: 'households', message: '户数 1000 少于本社区(村)生活小区户数合计 1500,请核对' }]);
    const err = await refusal(communities.update(t.ctx, { id: row.id, version: fresh.version + 1, patch: { active: false } }));
    expect(err.fields?.active).toContain('1 个生活小区');
  });

  it('imports by code: updates matched rows, adds new ones, refuses a name taken in the street, and is idempotent', async () => {
    const rows = [
      { sourceRow: 4, values: { code: '330199001001', households: 1234 } },
      { sourceRow: 5, values: newCommunity() },
      { sourceRow: 6, values: newCommunity({ code: '330199001011', name: '湖光社区' }) },
    ];
    const before = await tableCounts(t.ctx);
    await expect(t.ctx.ws.db.write((tx) => communities.upsertBulk(t.ctx, tx, rows, 'communities.import'))).rejects.toMatchObject({
      rows: [{ row: 6, field: 'name', message: '同一所属街道中社区名称 湖光社区 与第 5 行重复' }],
    });
    expect(await tableCounts(t.ctx)).toEqual(before);
    const valid = rows.slice(0, 2);
    expect(await t.ctx.ws.db.write((tx) => communities.upsertBulk(t.ctx, tx, valid, 'communities.import'))).toEqual({
      added: 1,
      updated: 1,
      unchanged: 0,
      refused: [],
    });
    expect(await t.ctx.ws.db.write((tx) => communities.upsertBulk(t.ctx, tx, valid, 'communities.import'))).toEqual({
      added: 0,
      updated: 0,
      unchanged: 2,
      refused: [],
    });
    const taken = await t.ctx.ws.db.write((tx) =>
      communities.upsertBulk(t.ctx, tx, [{ sourceRow: 9, values: newCommunity({ code: '330199001012', name: '解放社区' }) }], 'communities.import', {
        validOnly: true,
      }),
    );
    expect(taken.refused).toEqual([
      { row: 9, column: '社区名称', field: 'name', message: '同一所属街道中社区名称 解放社区 已被社区编号为 330199001002 的社区(村)使用,必须唯一' },
    ]);
  });
});

describe('migration 4: geo codes and names unique among live rows', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('keeps every street, community and toilet with their ids, and frees a deleted street’s code', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const db = await Database.open(join(dir, DB_FILE_NAME));
    await db.write(async (tx) => {
      for (const step of MIGRATIONS.filter((m) => m.version <= 3)) await tx.exec(step.sql);
      await tx.run("INSERT INTO meta (key, value) VALUES ('workspace_id', 'v3'), ('name', '旧工作区'), ('kind', 'normal')");
      const meta = "'2025-01-01', 1, '2025-01-01', 1";
      await tx.exec(`
        INSERT INTO streets (id, code, name, kind, sort_order, created_at, created_by, updated_at, updated_by, deleted_at)
        VALUES (5, '330199001', '城关街道', 'subdistrict', 1, ${meta}, NULL), (6, '330199002', '旧街道', 'town', 2, ${meta}, '2025-02-01');
        INSERT INTO communities (id, code, name, kind, street_id, sort_order, created_at, created_by, updated_at, updated_by)
        VALUES (7, '330199001001', '和平社区', 'community', 5, 1, ${meta});
        INSERT INTO toilets (code, name, address, street_id, community_id, type, class, ownership, open_hours, free, male_squat, male_sit,
                             urinals, female_squat, female_sit, accessible_stalls, family_restroom, status, created_at, created_by, updated_at, updated_by)
        VALUES ('GC-1', '一号公厕', '城关路1号', 5, 7, 'standalone', 2, 'sanitation', '24小时', 1, 1, 0, 1, 2, 0, 0, 0, 'inUse', ${meta});
        PRAGMA application_id = ${APPLICATION_ID};
        PRAGMA user_version = 3;`);
    });
    await db.close();
    const ws = await openWorkspace(dir);
    const ctx = { ws, user: await defaultOperator(ws.db) };
    try {
      expect((await toilets.list(ws.db)).map((x) => [x.streetName, x.communityName])).toEqual([['城关街道', '和平社区']]);
      expect((await communities.get(ws.db, 7)).streetId).toBe(5);
      const { row } = await streets.create(ctx, { code: '330199002', name: '旧街道', kind: 'town' });
      expect(row.sortOrder).toBe(2);
      const check = await ws.db.read.all('PRAGMA foreign_key_check');
      expect(check).toEqual([]);
    } finally {
      await ws.db.close();
    }
  });
});
