import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callApi } from '../api';
import { contractors } from '../contractors/service';
import { ApiError } from '../errors';
import { tableCounts, testWorkspace, type TestWorkspace } from '../testing';
import { contracts, sections } from './service';

/** Rows of every table a refused write must leave alone, these ledgers' own included. */
async function counts(t: TestWorkspace): Promise<Record<string, number>> {
  const out = await tableCounts(t.ctx);
  for (const table of ['contractors', 'contracts', 'contract_contractors', 'bid_sections', 'bid_section_streets']) {
    out[table] = (await t.ctx.ws.db.read.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))!.n;
  }
  return out;
}

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

/** Two contractors of the demo district's world, the second known by an alias too. */
async function withContractors(t: TestWorkspace) {
  const dl = await contractors.create(t.ctx, {
    name: '上海东联环境卫生服务有限公司',
    shortName: '东联',
    uscc: '91110108551385082Q',
    contactPerson: '王建国',
    contactPhone: '13812345678',
  });
  const qy = await contractors.create(t.ctx, {
    name: '泉州清源环卫有限公司',
    shortName: '清源',
    aliases: ['清源环卫'],
    uscc: '91110000101623741K',
    contactPerson: '李梅',
    contactPhone: '0595-22881234',
  });
  return { dl: dl.row, qy: qy.row };
}

/** The Lanzhou franchise figures of DOMAIN §2.4 [S:W35]. */
const lanzhou = (over: Record<string, unknown> = {}) => ({
  contractNo: 'lzcg-tj-2019-0007',
  projectName: '城区环卫一体化特许经营项目',
  purchaser: '示例区城市管理局',
  leadContractorId: '东联',
  procurementMethod: '特许经营',
  awardDate: '2019.11.20',
  signDate: '2019年12月5日',
  startDate: '2020-01-01',
  endDate: '2034-12-31',
  annualAmountFen: '9580.08万元/年',
  totalAmountFen: '143701.20万元',
  ...over,
});

const ordinary = (over: Record<string, unknown> = {}) => ({
  contractNo: 'HJ-2024-001',
  projectName: '城关街道道路清扫保洁服务项目',
  purchaser: '城关街道办事处',
  leadContractorId: '东联',
  procurementMethod: 'openTender',
  awardDate: '2024-02-20',
  signDate: '2024-03-01',
  startDate: '2024-04-01',
  endDate: '2027-03-31',
  annualAmountFen: '贰佰捌拾万元整',
  totalAmountFen: 8_400_000,
  ...over,
});

describe('contract ledger', () => {
  let t: TestWorkspace;
  beforeEach(async () => {
    t = await testWorkspace({ demo: true });
  });
  afterEach(() => t.close());

  it('creates a contract from loose input: money in 万元 and 大写 stored in fen, contractors by short name and alias', async () => {
    const { dl, qy } = await withContractors(t);
    const { row, warnings } = await contracts.create(t.ctx, lanzhou({ consortiumMembers: '清源环卫、东联' }));
    expect(row).toMatchObject({
      contractNo: 'LZCG-TJ-2019-0007',
      leadContractorId: dl.id,
      leadContractorName: '上海东联环境卫生服务有限公司',
      consortiumMembers: ['泉州清源环卫有限公司'],
      procurementMethod: 'franchise',
      awardDate: '2019-11-20',
      signDate: '2019-12-05',
      termYears: 15,
      annualAmountFen: 9_580_080_000,
      totalAmountFen: 143_701_200_000,
      monthlyFeeFen: 798_340_000,
      monthlyFeeDefaulted: true,
      paymentCycle: 'monthly',
      status: 'active',
      sectionCount: 0,
    });
    // 9580.08万元/年 × 15 = 143701.20万元: no warning.
    expect(warnings).toEqual([]);
    const members = await t.ctx.ws.db.read.all('SELECT contractor_id AS id, role FROM contract_contractors WHERE contract_id = ? ORDER BY role', [row.id]);
    expect(members).toEqual([
      { id: dl.id, role: 'lead' },
      { id: qy.id, role: 'member' },
    ]);
    expect((await contractors.get(t.ctx.ws.db, qy.id)).contractCount).toBe(1);
    const plain = await contracts.create(t.ctx, ordinary());
    expect(plain.row).toMatchObject({ annualAmountFen: 280_000_000, totalAmountFen: 840_000_000, termYears: 3 });
  });

  it('warns when the total is not annual × years within ±0.5 %', async () => {
    await withContractors(t);
    // The total typed as a bare number in a 万元 column: 143701.20 元.
    const { row, warnings } = await contracts.create(t.ctx, lanzhou({ totalAmountFen: '143701.20' }));
    expect(row.totalAmountFen).toBe(14_370_120);
    expect(warnings).toEqual([{ field: 'totalAmountFen', message: expect.stringContaining('请核对金额单位') }]);
    const slightly = await contracts.create(t.ctx, ordinary({ totalAmountFen: '843万元' }));
    expect(slightly.warnings).toEqual([]);
    const off = await contracts.create(t.ctx, ordinary({ contractNo: 'HJ-2024-002', totalAmountFen: '560万元' }));
    expect(off.warnings.map((w) => w.field)).toEqual(['totalAmountFen']);
    expect(off.warnings[0].message).toContain('-33.3%');
  });

  it('refuses a sign date before the award date and an end date not after the start, writing nothing', async () => {
    await withContractors(t);
    const before = await counts(t);
    const err = await refusal(contracts.create(t.ctx, ordinary({ signDate: '2024-02-19', endDate: '2024-04-01' })));
    expect(err.fields).toMatchObject({
      signDate: '签订日期(2024-02-19)不能早于中标日期(2024-02-20)',
      endDate: '服务结束日期(2024-04-01)应晚于服务开始日期(2024-04-01)',
    });
    expect(await counts(t)).toEqual(before);
  });

  it('refuses unknown contractors, zero amounts, an amount it cannot read, and a duplicate contract number', async () => {
    await withContractors(t);
    const err = await refusal(
      contracts.create(t.ctx, ordinary({ leadContractorId: '不存在环卫公司', consortiumMembers: ['清源', '无名公司'], annualAmountFen: '0', totalAmountFen: '八百四十万' })),
    );
    expect(err.fields).toMatchObject({
      leadContractorId: expect.stringContaining('没有名为“不存在环卫公司”的作业单位'),
      consortiumMembers: expect.stringContaining('没有名为“无名公司”的作业单位'),
      annualAmountFen: '金额应大于 0',
      totalAmountFen: expect.stringContaining('无法识别大写金额'),
    });
    await contracts.create(t.ctx, ordinary());
    const dup = await refusal(contracts.create(t.ctx, ordinary({ contractNo: 'hj-2024-001 ' })));
    expect(dup.fields?.contractNo).toContain('已被');
  });

  it('keeps the monthly fee at annual ÷ 12 until the clerk states one, and back when it is cleared', async () => {
    await withContractors(t);
    let { row } = await contracts.create(t.ctx, ordinary());
    expect(row).toMatchObject({ monthlyFeeFen: 23_333_333, monthlyFeeDefaulted: true });
    ({ row } = await contracts.update(t.ctx, { id: row.id, version: row.version, patch: { annualAmountFen: '300万元', totalAmountFen: '900万元' } }));
    expect(row).toMatchObject({ monthlyFeeFen: 25_000_000, monthlyFeeDefaulted: true });
    ({ row } = await contracts.update(t.ctx, { id: row.id, version: row.version, patch: { monthlyFeeFen: '24万元' } }));
    expect(row).toMatchObject({ monthlyFeeFen: 24_000_000, monthlyFeeDefaulted: false });
    ({ row } = await contracts.update(t.ctx, { id: row.id, version: row.version, patch: { monthlyFeeFen: null } }));
    expect(row).toMatchObject({ monthlyFeeFen: 25_000_000, monthlyFeeDefaulted: true });
    const history = await contracts.history(t.ctx.ws.db, row.id);
    expect(history.map((h) => h.action)).toEqual(['create', 'update', 'update', 'update']);
    expect(history[1].changes).toEqual(
      expect.arrayContaining([{ field: 'annualAmountFen', label: '年度金额', before: '2,800,000.00', after: '3,000,000.00' }]),
    );
  });

  it('follows a contractor rename into the consortium lists', async () => {
    const { qy } = await withContractors(t);
    const { row } = await contracts.create(t.ctx, ordinary({ consortiumMembers: ['清源'] }));
    await contractors.update(t.ctx, { id: qy.id, version: qy.version, patch: { name: '泉州清源环境集团有限公司' } });
    expect((await contracts.get(t.ctx.ws.db, row.id)).consortiumMembers).toEqual(['泉州清源环境集团有限公司']);
    expect((await contractors.get(t.ctx.ws.db, qy.id)).contractCount).toBe(1);
  });

  it('refuses a new contract with a blacklisted contractor, and warns about a suspended one or one blacklisted later', async () => {
    const { dl, qy } = await withContractors(t);
    const suspended = await contractors.update(t.ctx, { id: dl.id, version: dl.version, patch: { status: '暂停' } });
    const { row, warnings } = await contracts.create(t.ctx, ordinary());
    expect(warnings).toEqual([{ field: 'leadContractorId', message: expect.stringContaining('状态为“暂停”') }]);
    const blacklisted = await contractors.update(t.ctx, { id: qy.id, version: qy.version, patch: { status: 'blacklisted' } });
    expect(blacklisted.warnings).toEqual([{ field: 'status', message: expect.stringContaining('不能再签订新合同') }]);
    const err = await refusal(contracts.create(t.ctx, ordinary({ contractNo: 'HJ-2024-009', consortiumMembers: ['清源'] })));
    expect(err.fields?.consortiumMembers).toBe('联合体成员“泉州清源环卫有限公司”已列入黑名单,不能签订新合同');
    await contractors.update(t.ctx, { id: dl.id, version: suspended.row.version, patch: { status: 'blacklisted' } });
    const later = await contracts.update(t.ctx, { id: row.id, version: row.version, patch: { remarks: '单位已列入黑名单,按合同约定处理' } });
    expect(later.warnings).toEqual([{ field: 'leadContractorId', message: expect.stringContaining('状态为“黑名单”') }]);
  });
});

describe('bid section ledger', () => {
  let t: TestWorkspace;
  let contractId: number;
  beforeEach(async () => {
    t = await testWorkspace({ demo: true });
    await withContractors(t);
    contractId = (await contracts.create(t.ctx, ordinary())).row.id;
    await contracts.create(t.ctx, ordinary({ contractNo: 'HJ-2024-002', leadContractorId: '清源', projectName: '新华路街道环卫项目' }));
  });
  afterEach(() => t.close());

  const section = (over: Record<string, unknown> = {}) => ({
    contractId: 'HJ-2024-001',
    sectionNo: '三标段:红旗路桥北至马楚公园界',
    streetNames: '城关、新华路街道',
    scopeTypes: '道路清扫保洁、公厕保洁',
    cleaningAreaM2: '1,000,000',
    workers: 120,
    mechanizedAreaM2: 850000,
    sweepers: 3,
    washers: 2,
    electricUnits: '１０',
    ...over,
  });

  it('creates a section: number read from Chinese numerals, name from the description, streets and scope canonical', async () => {
    const { row, warnings } = await sections.create(t.ctx, section());
    expect(row).toMatchObject({
      contractId,
      contractName: 'HJ-2024-001',
      contractorName: '上海东联环境卫生服务有限公司',
      sectionNo: '三标段:红旗路桥北至马楚公园界',
      sectionIndex: 3,
      name: '红旗路桥北至马楚公园界',
      streetNames: ['城关街道', '新华路街道'],
      scopeTypes: ['roadCleaning', 'toiletCleaning'],
      cleaningAreaM2: 1_000_000,
      mechanizationRate: 85,
      vehicleCount: 15,
      compactors: 0,
    });
    expect(warnings).toEqual([]);
    const streets = await t.ctx.ws.db.read.all<{ name: string }>(
      'SELECT s.name FROM bid_section_streets b JOIN streets s ON s.id = b.street_id WHERE b.section_id = ? ORDER BY s.sort_order',
      [row.id],
    );
    expect(streets.map((s) => s.name)).toEqual(['城关街道', '新华路街道']);
    expect((await contracts.get(t.ctx.ws.db, contractId)).sectionCount).toBe(1);
  });

  it('keeps section numbers unique within a contract however they are written, but not across contracts', async () => {
    await sections.create(t.ctx, section());
    const same = await refusal(sections.create(t.ctx, section({ sectionNo: '第3标段' })));
    expect(same.fields?.sectionNo).toContain('已有“三标段:红旗路桥北至马楚公园界”,与“第3标段”是第 3 标段');
    const exact = await refusal(sections.create(t.ctx, section()));
    expect(exact.fields?.sectionNo).toContain('已被');
    const other = await sections.create(t.ctx, section({ contractId: 'HJ-2024-002', sectionNo: '第3标段' }));
    expect(other.row.sectionIndex).toBe(3);
    const pasted = await refusal(
      sections.applyBatch(t.ctx, {
        updates: [],
        creates: [
          { sourceRow: 1, values: section({ sectionNo: '一标段' }) },
          { sourceRow: 2, values: section({ sectionNo: '1标段:城东' }) },
        ],
      }),
    );
    expect(pasted.rows).toEqual([{ row: 2, column: '标段', field: 'sectionNo', message: expect.stringContaining('与本次录入的“一标段”是第 1 标段') }]);
  });

  it('requires a cleaning area for road cleaning, a mechanised area within it, at least one scope and one street', async () => {
    const before = await counts(t);
    const err = await refusal(sections.create(t.ctx, section({ cleaningAreaM2: null, mechanizedAreaM2: 10 })));
    expect(err.fields).toMatchObject({
      cleaningAreaM2: '服务内容含道路清扫保洁时,保洁面积必填且应大于 0',
      mechanizedAreaM2: '填写机械化作业面积前请先填写保洁面积',
    });
    const over = await refusal(sections.create(t.ctx, section({ mechanizedAreaM2: 1_000_001 })));
    expect(over.fields?.mechanizedAreaM2).toContain('不能超过保洁面积');
    const empty = await refusal(sections.create(t.ctx, section({ scopeTypes: [], streetNames: [] })));
    expect(empty.fields).toMatchObject({ scopeTypes: expect.stringContaining('至少选择一项'), streetNames: expect.stringContaining('至少一个') });
    const unknown = await refusal(sections.create(t.ctx, section({ scopeTypes: '扫雪', streetNames: '火星街道', sweepers: -1 })));
    expect(unknown.fields).toMatchObject({
      scopeTypes: expect.stringContaining('“扫雪”不是可选的服务内容'),
      streetNames: expect.stringContaining('没有名为“火星街道”的街道'),
      sweepers: '不能小于 0',
    });
    expect(await counts(t)).toEqual(before);
    // Without road cleaning the area may stay empty.
    const green = await sections.create(t.ctx, section({ sectionNo: '绿化标段', scopeTypes: ['greenMaintenance'], cleaningAreaM2: null, mechanizedAreaM2: null }));
    expect(green.row).toMatchObject({ sectionIndex: null, name: '绿化标段', mechanizationRate: null });
  });

  it('warns about an implausible unit price, too much area per worker and too few sweeps', async () => {
    const { warnings } = await sections.create(t.ctx, section({ unitPrice: 80, workers: 50, sweepFreqTrunk: 1 }));
    expect(warnings.map((w) => w.field).sort()).toEqual(['sweepFreqTrunk', 'unitPrice', 'workers']);
    expect(warnings.find((w) => w.field === 'workers')!.message).toContain('人均保洁面积 20000 ㎡');
    const fine = await sections.create(t.ctx, section({ sectionNo: '四标段', unitPrice: 12.5, workers: 67, sweepFreqTrunk: 2 }));
    expect(fine.warnings).toEqual([]);
  });

  it('imports idempotently: rows matched on contract + section number, the second import changes nothing', async () => {
    const rows = [
      { sourceRow: 5, values: section({ sectionNo: '一标段', name: '城关片区' }) },
      { sourceRow: 6, values: section({ sectionNo: '二标段', name: '新华片区' }) },
    ];
    const first = await t.ctx.ws.db.write((tx) => sections.upsertBulk(t.ctx, tx, rows, 'sections.import'));
    expect(first).toMatchObject({ added: 2, updated: 0, unchanged: 0, refused: [] });
    const audit = (await tableCounts(t.ctx)).audit_log;
    const again = await t.ctx.ws.db.write((tx) => sections.upsertBulk(t.ctx, tx, rows, 'sections.import'));
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 2, refused: [] });
    expect((await tableCounts(t.ctx)).audit_log).toBe(audit);
    const changed = await t.ctx.ws.db.write((tx) =>
      sections.upsertBulk(t.ctx, tx, [{ sourceRow: 5, values: { contractId: 'HJ-2024-001', sectionNo: '一标段', workers: 130 } }], 'sections.import'),
    );
    expect(changed).toMatchObject({ added: 0, updated: 1 });
  });

  it('lists through the contract, filtered by contract', async () => {
    await sections.create(t.ctx, section());
    await sections.create(t.ctx, section({ contractId: 'HJ-2024-002', sectionNo: '一标段' }));
    const listed = await callApi(t.ctx, 'sections.list', { contractId });
    expect(listed.ok && (listed.data as Array<{ sectionNo: string }>).map((s) => s.sectionNo)).toEqual(['三标段:红旗路桥北至马楚公园界']);
    const exported = await callApi(t.ctx, 'sections.export', { format: 'csv', filter: { contractId } });
    expect(exported).toMatchObject({ ok: true, data: { rows: 1 } });
  });
});
