import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callApi } from '../api';
import { ApiError } from '../errors';
import { tableCounts, testWorkspace, type TestWorkspace } from '../testing';
import { contractors, creditRecords } from './service';

/** A valid contractor (the credit code is one of the §2.6 test vectors). */
const valid = (over: Record<string, unknown> = {}) => ({
  name: '上海东联环境卫生服务有限公司',
  shortName: '东联',
  uscc: '91110108551385082Q',
  contactPerson: '王建国',
  contactPhone: '13812345678',
  ...over,
});

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

/** Rows of every table a refused write must leave alone, these ledgers' own included. */
async function counts(t: TestWorkspace): Promise<Record<string, number>> {
  const out = await tableCounts(t.ctx);
  for (const table of ['contractors', 'credit_records']) {
    out[table] = (await t.ctx.ws.db.read.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))!.n;
  }
  return out;
}

describe('contractor ledger', () => {
  let t: TestWorkspace;
  beforeEach(async () => {
    t = await testWorkspace({ demo: true });
  });
  afterEach(() => t.close());

  it('creates a contractor from loose input: credit code normalised, phone tidied, scope labels stored as values', async () => {
    const { row, warnings } = await contractors.create(
      t.ctx,
      valid({ uscc: '９１１１-０１０８-５５１３-８５０８-２ｑ', contactPhone: '(0571) 8800 1234', businessScope: '公厕保洁、道路清扫保洁、公厕保洁' }),
    );
    expect(row).toMatchObject({
      name: '上海东联环境卫生服务有限公司',
      uscc: '91110108551385082Q',
      usccValid: true,
      contactPhone: '0571-88001234',
      businessScope: ['roadCleaning', 'toiletCleaning'],
      status: 'active',
      contractCount: 0,
      version: 1,
    });
    expect(warnings).toEqual([]);
  });

  it('refuses a bad credit code format outright, with the look-alike hint, whatever the reason says', async () => {
    const before = await counts(t);
    const err = await refusal(contractors.create(t.ctx, valid({ uscc: '91110108551385O82Q', usccOverrideReason: '与执照一致' })));
    expect(err.code).toBe('validation');
    expect(err.fields?.uscc).toContain('不使用字母 I、O、S、V、Z');
    expect(err.fields?.uscc).toContain('91110108551385082Q');
    expect((await refusal(contractors.create(t.ctx, valid({ uscc: '9111010855138508' })))).fields?.uscc).toContain('应为 18 位');
    expect(await counts(t)).toEqual(before);
  });

  it('refuses a failed check character without a written reason, saying to fix the code or write the reason', async () => {
    const before = await counts(t);
    const err = await refusal(contractors.create(t.ctx, valid({ uscc: '91350211M0000XUF46' })));
    expect(err.fields?.uscc).toContain('校验位不符');
    expect(err.fields?.uscc).toContain('请改正代码');
    expect(err.fields?.uscc).toContain('校验不符说明');
    expect(await counts(t)).toEqual(before);
  });

  it('saves a failed check character with a reason, answers with a warning, and audits the reason', async () => {
    const reason = '已核对营业执照原件,登记代码即为 91350211M0000XUF46';
    const { row, warnings } = await contractors.create(t.ctx, valid({ uscc: '91350211M0000XUF46', usccOverrideReason: reason }));
    expect(row).toMatchObject({ uscc: '91350211M0000XUF46', usccValid: false, usccOverrideReason: reason });
    expect(warnings).toEqual([{ field: 'uscc', message: expect.stringContaining(reason) }]);
    const history = await contractors.history(t.ctx.ws.db, row.id);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ action: 'create', method: 'contractors.create' });
    expect(history[0].changes).toEqual(expect.arrayContaining([{ field: 'usccOverrideReason', label: '校验不符说明', before: '', after: reason }]));

    // Clearing the reason later is refused while the code still fails the check.
    const err = await refusal(contractors.update(t.ctx, { id: row.id, version: row.version, patch: { usccOverrideReason: '' } }));
    expect(err.fields?.uscc).toContain('校验不符说明');
  });

  it('keeps credit codes, names, short names and aliases pointing at one contractor only', async () => {
    const first = (await contractors.create(t.ctx, valid({ aliases: ['东联环卫'] }))).row;
    const dupCode = await refusal(contractors.create(t.ctx, valid({ name: '另一家公司', shortName: null })));
    expect(dupCode.fields?.uscc).toContain('已登记为“上海东联环境卫生服务有限公司”');
    const dupName = await refusal(contractors.create(t.ctx, valid({ shortName: null, uscc: '91110000101623741K' })));
    expect(dupName.fields?.name).toContain('已被');
    const aliasClash = await refusal(
      contractors.create(t.ctx, valid({ name: '东联环卫', shortName: '联', uscc: '91110000101623741K' })),
    );
    expect(aliasClash.fields?.name).toContain('已是“上海东联环境卫生服务有限公司”的名称、简称或别名');
    const shortClash = await refusal(contractors.create(t.ctx, valid({ name: '北京东联公司', uscc: '91110000101623741K' })));
    expect(shortClash.fields?.shortName).toContain('简称“东联”');
    // Renaming keeps its own code and names without tripping over itself.
    const renamed = await contractors.update(t.ctx, { id: first.id, version: first.version, patch: { name: '上海东联环境集团有限公司' } });
    expect(renamed.row.name).toBe('上海东联环境集团有限公司');
  });

  it('checks phone numbers: mobile or landline', async () => {
    let { row } = await contractors.create(t.ctx, valid());
    for (const phone of ['13812345678', '0571-88001234', '057188001234', '010-12345678-801']) {
      ({ row } = await contractors.update(t.ctx, { id: row.id, version: row.version, patch: { contactPhone: phone } }));
      expect(row.contactPhone).toBe(phone);
    }
    for (const phone of ['1381234567', '12812345678', '88001234', '0571-880012']) {
      const err = await refusal(contractors.create(t.ctx, valid({ contactPhone: phone })));
      expect(err.fields?.contactPhone).toContain('不是有效电话');
    }
  });

  it('refuses an unknown business scope and a missing contact person by field', async () => {
    const err = await refusal(contractors.create(t.ctx, valid({ businessScope: ['道路清扫保洁', '洗车'], contactPerson: null })));
    expect(err.fields?.businessScope).toContain('“洗车”不是可选的业务范围');
    expect(err.fields?.contactPerson).toBe('必填,不能为空');
  });

  it('bulk loads are all or nothing: duplicate codes inside the load are named by row', async () => {
    const before = await counts(t);
    const err = await refusal(
      t.ctx.ws.db.write((tx) =>
        contractors.insertBulk(
          t.ctx,
          tx,
          [
            { sourceRow: 4, values: valid() },
            { sourceRow: 5, values: valid({ name: '第二家公司', shortName: '二' }) },
          ],
          'test.bulk',
        ),
      ),
    );
    expect(err.rows).toEqual([{ row: 5, column: '统一社会信用代码', field: 'uscc', message: expect.stringContaining('与本次录入的“上海东联环境卫生服务有限公司”重复') }]);
    expect(await counts(t)).toEqual(before);
  });

  it('is reachable through the contract: contractors.create answers warnings, contractors.fields lists the columns', async () => {
    const created = await callApi(t.ctx, 'contractors.create', {
      values: valid({ uscc: '91350211M0000XUF46', usccOverrideReason: '执照原件核对无误' }),
    });
    expect(created).toMatchObject({ ok: true, data: { warnings: [{ field: 'uscc' }] } });
    const fields = await callApi(t.ctx, 'contractors.fields', {});
    expect(fields.ok && (fields.data as Array<{ key: string }>).map((f) => f.key)).toEqual(
      expect.arrayContaining(['name', 'uscc', 'usccOverrideReason', 'legalRepresentative', 'businessScope', 'status']),
    );
  });
});

describe('credit records', () => {
  let t: TestWorkspace;
  let contractorId: number;
  beforeEach(async () => {
    t = await testWorkspace({ demo: true });
    contractorId = (await contractors.create(t.ctx, valid())).row.id;
    await contractors.create(t.ctx, valid({ name: '泉州清源环卫有限公司', shortName: '清源', uscc: '91110000101623741K' }));
  });
  afterEach(() => t.close());

  it('stores money in fen from every form a clerk writes, names the contractor by short name, numbers the record', async () => {
    const forms: Array<[unknown, number]> = [
      ['5000', 500_000],
      [2800000, 280_000_000],
      ['387万元', 3_870_000_00],
      ['0.5万', 500_000],
      ['贰佰捌拾万元整', 280_000_000],
      ['壹仟贰佰叁拾肆元伍角陆分', 123_456],
      ['￥1,234.50', 123_450],
    ];
    const numbers: string[] = [];
    for (const [amount, fen] of forms) {
      const { row } = await creditRecords.create(t.ctx, {
        contractorId: '东联',
        date: '2025年3月5日',
        kind: '扣款',
        sourceDoc: `某环卫〔2025〕${numbers.length + 1}号`,
        amountFen: amount as string,
      });
      expect(row).toMatchObject({ contractorId, contractorName: '上海东联环境卫生服务有限公司', date: '2025-03-05', kind: 'moneyDeduction', level: 'district', amountFen: fen });
      numbers.push(row.recordNo);
    }
    // Numbered per year of the record, one after another (after any the workspace already holds).
    const seq = numbers.map((n) => Number(/^XY2025-(\d{4})$/.exec(n)![1]));
    expect(seq).toEqual(seq.map((_, i) => seq[0] + i));
  });

  it('requires an amount for a money deduction, refuses unknown contractors, and lists by contractor', async () => {
    const err = await refusal(creditRecords.create(t.ctx, { contractorId: '不存在的公司', date: '2025-03-05', kind: 'moneyDeduction' }));
    expect(err.fields?.amountFen).toContain('扣款记录必须填写扣款金额');
    expect(err.fields?.contractorId).toContain('没有名为“不存在的公司”的作业单位');
    await creditRecords.create(t.ctx, { contractorId: '东联', date: '2025-03-05', kind: '通报批评', level: '市级' });
    await creditRecords.create(t.ctx, { contractorId: '清源', date: '2025-04-01', kind: 'praise' });
    await creditRecords.create(t.ctx, { contractorId: '91110000101623741K', date: '2025-05-01', kind: '约谈' });
    const own = await creditRecords.list(t.ctx.ws.db, { contractorId });
    expect(own.map((r) => [r.kind, r.level])).toEqual([['bulletinCriticism', 'city']]);
    const listed = await callApi(t.ctx, 'credits.list', { contractorId: contractorId + 1 });
    expect(listed.ok && (listed.data as unknown[]).length).toBe(2);
  });

  it('warns about the same event entered twice', async () => {
    const values = { contractorId: '东联', date: '2025-03-05', kind: '通报批评', sourceDoc: '某城管〔2025〕8号' };
    await creditRecords.create(t.ctx, values);
    const { warnings } = await creditRecords.create(t.ctx, values);
    expect(warnings).toEqual([{ field: 'date', message: expect.stringContaining('请确认不是重复录入') }]);
  });
});
