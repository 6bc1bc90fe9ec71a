import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callApi } from '../api';
import { communities } from '../geo/communities';
import type { TestWorkspace } from '../testing';
import { estates } from './service';
import { estateCounts, estateWorkspace, refusalOf } from './testSupport';

/** A valid new estate in the demo district (城关街道 / 和平社区), status not started. */
const valid = (over: Record<string, unknown> = {}) => ({
  code: 'XH-JC-0012',
  name: '测试花园',
  communityId: '和平社区',
  address: '城关街道测试路1号',
  households: '６００',
  buildings: 6,
  managed: '是',
  propertyCompanyName: '测试物业有限公司',
  sortingMode: '定时定点',
  dropOffPoints: 2,
  supervisors: 2,
  ...over,
});

/** What a pilot estate needs on top of `valid`. */
const pilot = { status: '试点', statusSince: '2024.5.1', sortingStartDate: '2023年4月1日', dropOffHours: '7:00-9:00；18:00-20:00' };

const VALID_USCC = '91330106MA27XK0L39';

describe('estate ledger', () => {
  let t: TestWorkspace;
  beforeEach(async () => {
    t = await estateWorkspace();
  });
  afterEach(() => t.close());

  it('creates an estate from loose input: community by name, labels for options, canonical hours', async () => {
    const { row, warnings } = await estates.create(t.ctx, valid(pilot));
    expect(row).toMatchObject({
      code: 'XH-JC-0012',
      communityName: '和平社区',
      streetName: '城关街道',
      households: 600,
      managed: true,
      sortingMode: 'scheduled',
      status: 'pilot',
      statusSince: '2024-05-01',
      sortingStartDate: '2023-04-01',
      dropOffHours: '07:00-09:00,18:00-20:00',
      householdsPerPoint: 300,
      version: 1,
    });
    expect(warnings).toEqual([]);
  });

  it.each(['xh-jc-0012 ', 'ＸＨ－ＪＣ－００１２', 'XH-JC-\u200b0012'])('refuses %j: the same code after normalisation (E1)', async (code) => {
    await estates.create(t.ctx, valid());
    const before = await estateCounts(t.ctx);
    const err = await refusalOf(estates.create(t.ctx, valid({ code, name: '另一个小区' })));
    expect(err.fields?.code).toBe('小区编号 XH-JC-0012 已被“测试花园”使用,必须唯一');
    expect(await estateCounts(t.ctx)).toEqual(before);
  });

  it('numbers a new estate within its community when no code is given, and never clears a code', async () => {
    const a = await estates.create(t.ctx, valid({ code: null }));
    const b = await estates.create(t.ctx, valid({ code: '', name: '第二花园' }));
    expect([a.row.code, b.row.code]).toEqual(['XQ-001001-01', 'XQ-001001-02']);
    const err = await refusalOf(estates.update(t.ctx, { id: a.row.id, version: a.row.version, patch: { code: null } }));
    expect(err.fields).toEqual({ code: '小区编号不能清空' });
    const batch = await estates.applyBatch(t.ctx, {
      updates: [],
      creates: [
        { sourceRow: 1, values: valid({ code: null, name: '批量一' }) },
        { sourceRow: 2, values: valid({ code: null, name: '批量二' }) },
      ],
    });
    expect(batch.rows.map((r) => r.code)).toEqual(['XQ-001001-03', 'XQ-001001-04']);
  });

  it('refuses codes that are not upper-case ASCII letters, digits and hyphens', async () => {
    const err = await refusalOf(estates.create(t.ctx, valid({ code: '和平-01' })));
    expect(err.fields?.code).toBe('小区编号只能由大写英文字母、数字和“-”组成,如 XH-JC-0012;“和平-01”不符合');
  });

  it('keeps the name unique within the community, not across the district', async () => {
    await estates.create(t.ctx, valid());
    const err = await refusalOf(estates.create(t.ctx, valid({ code: 'XH-JC-0013' })));
    expect(err.fields?.name).toBe('同一社区(村)中小区名称 测试花园 已被小区编号为 XH-JC-0012 的生活小区使用,必须唯一');
    const other = await estates.create(t.ctx, valid({ code: 'XH-JC-0013', communityId: '解放社区' }));
    expect(other.row.communityName).toBe('解放社区');
  });

  it('accepts a community by code or qualified by its street, and refuses unknown or ambiguous names', async () => {
    await communities.create(t.ctx, { code: '330199003010', name: '和平社区', kind: 'community', streetId: '东湖街道' });
    const ambiguous = await refusalOf(estates.create(t.ctx, valid()));
    expect(ambiguous.fields?.communityId).toBe(
      '有 2 个社区(村)叫“和平社区”(城关街道/和平社区、东湖街道/和平社区),请连同街道写成“街道/社区”,如“城关街道/和平社区”',
    );
    const a = await estates.create(t.ctx, valid({ communityId: '东湖街道/和平社区' }));
    const b = await estates.create(t.ctx, valid({ code: 'B-1', communityId: '城关和平社区' }));
    const c = await estates.create(t.ctx, valid({ code: 'C-1', name: '第三小区', communityId: '330199001001' }));
    expect([a.row.streetName, b.row.streetName, c.row.communityName]).toEqual(['东湖街道', '城关街道', '和平社区']);
    const unknown = await refusalOf(estates.create(t.ctx, valid({ code: 'D-1', communityId: '火星社区' })));
    expect(unknown.fields?.communityId).toContain('没有名为“火星社区”的社区(村)');
  });

  it('requires the property company of a managed estate and checks its credit code', async () => {
    const missing = await refusalOf(estates.create(t.ctx, valid({ propertyCompanyName: null })));
    expect(missing.fields?.propertyCompanyName).toBe('物业小区必须填写物业公司;没有物业服务的小区请把“物业小区”改为“否”');
    const short = await refusalOf(estates.create(t.ctx, valid({ propertyCompanyUscc: '91330106MA27XK0L3' })));
    expect(short.fields?.propertyCompanyUscc).toContain('应为 18 位');
    const ok = await estates.create(t.ctx, valid({ propertyCompanyUscc: ` ${VALID_USCC.toLowerCase()} ` }));
    expect(ok.row.propertyCompanyUscc).toBe(VALID_USCC);
    expect(ok.warnings).toEqual([]);
    const failing = await estates.create(t.ctx, valid({ code: 'XH-2', name: '乙小区', propertyCompanyUscc: '91330106MA27XK0L3A' }));
    expect(failing.warnings).toEqual([{ field: 'propertyCompanyUscc', message: expect.stringContaining('校验') }]);
    const unmanaged = await estates.create(t.ctx, valid({ code: 'XH-3', name: '丙小区', managed: '否' }));
    expect(unmanaged.warnings).toEqual([{ field: 'managed', message: '填写了物业公司,但“物业小区”为“否”,请确认' }]);
  });

  it('refuses dates in the future and impossible counts, naming each field', async () => {
    const err = await refusalOf(
      estates.create(t.ctx, valid({ sortingStartDate: '2999-01-01', completionYear: 2999, households: 0, offHoursPoints: 3 })),
    );
    expect(err.fields).toEqual({
      sortingStartDate: expect.stringContaining('开展分类时间 2999-01-01 晚于今天'),
      completionYear: '不能大于 2100',
      households: '不能小于 1',
      offHoursPoints: '误时投放点(3 个)不能多于定时定点投放点(2 个)',
    });
    expect((await refusalOf(estates.create(t.ctx, valid({ households: 20001 })))).fields?.households).toBe('不能大于 20000');
  });

  it('requires what a status needs: a date, a drop-off point, a sorting mode, a level for demonstration estates', async () => {
    const err = await refusalOf(estates.create(t.ctx, valid({ status: '达标', dropOffPoints: 0, sortingMode: '无' })));
    expect(err.fields).toEqual({
      dropOffPoints: '“达标”小区至少要有 1 个投放点,请填写投放点数量',
      sortingMode: '“达标”小区已开展分类,分类模式不能为“无”,请选择定时定点等模式',
      statusSince: '“达标”小区必须填写命名时间',
    });
    const demo = await refusalOf(estates.create(t.ctx, valid({ ...pilot, status: '示范' })));
    expect(demo.fields).toEqual({ statusLevel: '示范小区必须填写命名级别(区级、市级或省级)' });
    const none = await refusalOf(estates.create(t.ctx, valid({ statusLevel: '区级' })));
    expect(none.fields).toEqual({ statusLevel: '未开展分类的小区没有命名级别,请清空' });
    const provincial = await estates.create(t.ctx, valid({ ...pilot, status: '省级高标准示范' }));
    expect(provincial.row).toMatchObject({ status: 'provincialHighStandard', statusLevel: 'province' });
  });

  it('saves implausible but possible values with a warning on each field', async () => {
    const { warnings } = await estates.create(
      t.ctx,
      valid({ households: 6000, buildings: 10, dropOffPoints: 5, supervisors: 2, residents: 5000, binsKitchen: 4, binsResidual: 4 }),
    );
    expect(warnings).toEqual([
      { field: 'households', message: '户数 6000 超过 5000,请核对是否把几个小区合成了一行' },
      { field: 'buildings', message: '平均每栋 600 户,超过 500 户,请核对户数或楼栋数' },
      { field: 'residents', message: '人口 5000 少于户数 6000,请核对是否填反' },
      { field: 'dropOffPoints', message: '每个投放点服务 1200 户,超过 500 户,建议增设投放点' },
      { field: 'supervisors', message: '定时定点小区的督导员(2 人)少于投放点(5 个),投放时段会有点位无人督导' },
      { field: 'binsRecyclable', message: '四类垃圾桶未配齐:没有可回收物桶、有害垃圾桶' },
    ]);
  });

  it('refuses bad drop-off hours and swapped coordinates', async () => {
    const err = await refusalOf(estates.create(t.ctx, valid({ dropOffHours: '9:00-7:00', lat: 120.1, lng: 30.2 })));
    expect(err.fields).toMatchObject({
      dropOffHours: expect.stringContaining('开始时间应早于结束时间'),
      lat: expect.stringContaining('填反'),
      lng: expect.stringContaining('填反'),
    });
  });

  it('refuses an estate in a deactivated community', async () => {
    const { row } = await communities.create(t.ctx, { code: '330199001010', name: '湖光社区', kind: '社区', streetId: '城关街道' });
    await communities.update(t.ctx, { id: row.id, version: row.version, patch: { active: false } });
    const err = await refusalOf(estates.create(t.ctx, valid({ communityId: '湖光社区' })));
    expect(err.fields?.communityId).toBe('社区(村)“湖光社区”已停用,请选择接管它的社区(村)');
  });

  it('never changes status, level or date through update, batch or import; other fields change as usual', async () => {
    const [estate] = await estates.list(t.ctx.ws.db, { status: 'compliant' });
    const before = await estateCounts(t.ctx);
    const err = await refusalOf(estates.update(t.ctx, { id: estate.id, version: estate.version, patch: { status: '示范', statusLevel: '市级' } }));
    expect(err.fields).toEqual({
      status: '创建等级只能通过“评定”变更(评定记录写明文号和日期),不能直接修改',
      statusLevel: '命名级别只能通过“评定”变更(评定记录写明文号和日期),不能直接修改',
    });
    const batch = await refusalOf(
      estates.applyBatch(t.ctx, { updates: [{ sourceRow: 3, id: estate.id, version: estate.version, patch: { statusSince: '2020-01-01' } }], creates: [] }),
    );
    expect(batch.rows).toEqual([{ row: 3, column: '命名时间', field: 'statusSince', message: expect.stringContaining('只能通过“评定”变更') }]);
    const imported = await refusalOf(
      t.ctx.ws.db.write((tx) => estates.upsertBulk(t.ctx, tx, [{ sourceRow: 9, values: { code: estate.code, status: '试点' } }], 'estates.import')),
    );
    expect(imported.rows?.[0]).toMatchObject({ row: 9, field: 'status' });
    expect(await estateCounts(t.ctx)).toEqual(before);

    const same = await t.ctx.ws.db.write((tx) =>
      estates.upsertBulk(t.ctx, tx, [{ sourceRow: 9, values: { code: estate.code, status: '达标', remarks: '导入' } }], 'estates.import'),
    );
    expect(same).toMatchObject({ updated: 1, refused: [] });
    expect((await estates.get(t.ctx.ws.db, estate.id)).remarks).toBe('导入');
  });

  it('refuses to delete an estate with monthly tonnage, and deletes one without', async () => {
    const [withTonnage] = await estates.list(t.ctx.ws.db);
    const err = await refusalOf(estates.delete(t.ctx, { id: withTonnage.id }));
    expect(err.message).toBe(`小区“${withTonnage.name}”还有 12 条月度分类量记录,不能删除。误建的小区请先把分类量改到正确的小区或删除这些记录`);
    const { row } = await estates.create(t.ctx, valid());
    expect((await estates.delete(t.ctx, { id: row.id, reason: '误建' })).deletedAt).not.toBeNull();
  });

  it('filters by street, status and free text, and answers through the contract', async () => {
    const all = await estates.list(t.ctx.ws.db);
    const street2 = await estates.list(t.ctx.ws.db, { streetId: 2 });
    expect(street2.length).toBe(all.filter((e) => e.streetId === 2).length);
    expect(street2.length).toBeGreaterThan(0);
    expect((await estates.list(t.ctx.ws.db, { status: 'pilot' })).every((e) => e.status === 'pilot')).toBe(true);
    const result = await callApi(t.ctx, 'estates.create', { values: valid({ code: 'API-1' }) });
    expect(result).toMatchObject({ ok: true, data: { row: { code: 'API-1', streetName: '城关街道' } } });
    expect(await estates.list(t.ctx.ws.db, { q: 'api-1' })).toHaveLength(1);
  });

  it('exports every column with Chinese headers, names for references and labels for options', async () => {
    const result = await callApi(t.ctx, 'estates.export', { format: 'csv', filter: { status: 'demonstration' } });
    expect(result.ok).toBe(true);
    const data = (result as { data: { base64: string; rows: number } }).data;
    const csv = Buffer.from(data.base64, 'base64').toString('utf8');
    const demonstration = await estates.list(t.ctx.ws.db, { status: 'demonstration' });
    expect(data.rows).toBe(demonstration.length);
    expect(csv).toContain('小区编号,小区名称,别名,社区(村),街道,地址,户数(户)');
    expect(csv).toContain(`${demonstration[0].code},${demonstration[0].name},,${demonstration[0].communityName},${demonstration[0].streetName}`);
    expect(csv).toContain(',示范,');
  });
});
