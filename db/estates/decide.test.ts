import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callApi } from '../api';
import { verifyAudit } from '../audit/audit';
import type { TestWorkspace } from '../testing';
import { decideEstateStatus, listEstateDecisions } from './decide';
import { localToday } from './rules';
import { estates, type Estate } from './service';
import { estateCounts, estateWorkspace, refusalOf } from './testSupport';

const estateInput = {
  code: 'PJ-0001',
  name: '评定花园',
  communityId: '和平社区',
  address: '城关街道评定路1号',
  households: 800,
  buildings: 8,
  managed: false,
  sortingMode: 'scheduled',
  sortingStartDate: '2022-03-01',
  dropOffPoints: 3,
  supervisors: 3,
  dropOffHours: '07:00-09:00;18:00-20:00',
};

describe('estate status decisions', () => {
  let t: TestWorkspace;
  let estate: Estate;
  beforeEach(async () => {
    t = await estateWorkspace();
    estate = (await estates.create(t.ctx, estateInput)).row;
  });
  afterEach(() => t.close());

  const decide = (over: Record<string, unknown> = {}) =>
    decideEstateStatus(t.ctx, {
      estateId: estate.id,
      version: estate.version,
      toStatus: 'compliant',
      decidedAt: '2023-06-30',
      decisionDoc: '示环分办〔2023〕12号',
      evaluationScore: 91.25,
      ...over,
    } as never);

  it('moves up two steps through one evaluation: decision, status, date and version in one write with one audit entry', async () => {
    const before = await estateCounts(t.ctx);
    const { row, decision } = await decide();
    expect(row).toMatchObject({ status: 'compliant', statusSince: '2023-06-30', statusLevel: null, version: estate.version + 1 });
    expect(decision).toMatchObject({
      estateId: estate.id,
      fromStatus: 'none',
      toStatus: 'compliant',
      decisionDoc: '示环分办〔2023〕12号',
      decidedAt: '2023-06-30',
      evaluationScore: 91.25,
      createdBy: '系统管理员',
    });
    const after = await estateCounts(t.ctx);
    expect(after.estate_status_decisions).toBe(before.estate_status_decisions + 1);
    expect(after.audit_log).toBe(before.audit_log + 1);
    const history = await estates.history(t.ctx.ws.db, estate.id);
    expect(history.at(-1)).toMatchObject({
      method: 'estates.decide',
      action: 'update',
      reason: '评定文号 示环分办〔2023〕12号',
      changes: expect.arrayContaining([
        { field: 'status', label: '创建等级', before: '未开展', after: '达标' },
        { field: 'statusSince', label: '命名时间', before: '', after: '2023-06-30' },
      ]),
    });
    expect((await verifyAudit(t.ctx.ws.db)).ok).toBe(true);
  });

  it('takes Chinese labels and loose dates, and moves up a level within the same status', async () => {
    const first = await decide({ toStatus: '示范', level: '区级', decidedAt: '2023.6.30' });
    expect(first.row).toMatchObject({ status: 'demonstration', statusLevel: 'district', statusSince: '2023-06-30' });
    estate = first.row;
    const second = await decide({ toStatus: '示范', level: '市级', decidedAt: '2024年1月5日', decisionDoc: '市分类办〔2024〕3号' });
    expect(second.row).toMatchObject({ status: 'demonstration', statusLevel: 'city', statusSince: '2024-01-05' });
    expect((await listEstateDecisions(t.ctx.ws.db, estate.id)).map((d) => [d.fromStatus, d.toStatus, d.level])).toEqual([
      ['none', 'demonstration', 'district'],
      ['demonstration', 'demonstration', 'city'],
    ]);
  });

  it('moves down only as a revocation with a written reason', async () => {
    estate = (await decide()).row;
    const before = await estateCounts(t.ctx);
    const err = await refusalOf(decide({ toStatus: '试点', decidedAt: '2024-03-01', decisionDoc: '示环分办〔2024〕5号' }));
    expect(err.fields).toEqual({ reason: '从“达标”降为“试点”属于撤销命名,必须写明原因(如复查不合格)' });
    expect(await estateCounts(t.ctx)).toEqual(before);
    const { row, decision } = await decide({ toStatus: '试点', decidedAt: '2024-03-01', decisionDoc: '示环分办〔2024〕5号', reason: '复查不合格' });
    expect(row).toMatchObject({ status: 'pilot', statusSince: '2024-03-01' });
    expect(decision).toMatchObject({ fromStatus: 'compliant', toStatus: 'pilot', remarks: '复查不合格' });
    expect((await estates.history(t.ctx.ws.db, estate.id)).at(-1)?.reason).toBe('复查不合格');
  });

  it('refuses a decision that changes nothing, and a level step down without a reason', async () => {
    estate = (await decide()).row;
    expect((await refusalOf(decide({ decidedAt: '2024-01-01' }))).fields?.toStatus).toBe('该小区已是“达标”,无需重复评定');
    estate = (await decide({ toStatus: 'demonstration', level: 'city', decidedAt: '2024-01-01' })).row;
    expect((await refusalOf(decide({ toStatus: 'demonstration', level: 'district', decidedAt: '2024-02-01' }))).fields?.reason).toContain(
      '从“示范(市级)”降为“示范(区级)”',
    );
  });

  it('refuses a date in the future or before the previous decision', async () => {
    const tomorrow = new Date(Date.now() + 86_400_000 * 2);
    const future = await refusalOf(decide({ decidedAt: localToday(tomorrow) }));
    expect(future.fields?.decidedAt).toContain('晚于今天');
    estate = (await decide()).row;
    const early = await refusalOf(decide({ toStatus: 'demonstration', level: 'district', decidedAt: '2023-01-01' }));
    expect(early.fields?.decidedAt).toBe(
      '评定日期 2023-01-01 早于该小区上一次评定或命名的日期 2023-06-30,请核对;更正以前的评定请另作一次评定并写明原因',
    );
  });

  it('checks the level against the status', async () => {
    expect((await refusalOf(decide({ toStatus: 'demonstration' }))).fields).toEqual({ level: '评为示范小区时必须填写命名级别(区级、市级或省级)' });
    expect((await refusalOf(decide({ toStatus: 'provincialHighStandard', level: 'city' }))).fields).toEqual({ level: '省级高标准示范的命名级别只能是省级' });
    const { row } = await decide({ toStatus: 'provincialHighStandard' });
    expect(row.statusLevel).toBe('province');
    estate = row;
    expect((await refusalOf(decide({ toStatus: 'none', level: 'district', decidedAt: '2024-01-01', reason: '撤销' }))).fields).toEqual({
      level: '撤销为“未开展”时不填命名级别',
    });
  });

  it('refuses a status the ledger row does not meet, and writes nothing', async () => {
    const bare = (await estates.create(t.ctx, { ...estateInput, code: 'PJ-0002', name: '无点小区', dropOffPoints: 0, supervisors: 0, sortingMode: '无' })).row;
    const before = await estateCounts(t.ctx);
    const err = await refusalOf(
      decideEstateStatus(t.ctx, { estateId: bare.id, version: bare.version, toStatus: 'pilot', decidedAt: '2023-01-01', decisionDoc: '文1' }),
    );
    expect(err.message).toContain('评定未保存:小区台账不满足“试点”的要求,请先在台账中修改');
    expect(err.fields).toEqual({
      dropOffPoints: '“试点”小区至少要有 1 个投放点,请填写投放点数量',
      sortingMode: '“试点”小区已开展分类,分类模式不能为“无”,请选择定时定点等模式',
    });
    expect(await estateCounts(t.ctx)).toEqual(before);
  });

  it('refuses missing document numbers, scores out of range and a stale version', async () => {
    const err = await refusalOf(decide({ decisionDoc: ' ', evaluationScore: 120 }));
    expect(err.fields).toEqual({ decisionDoc: '必填,不能为空', evaluationScore: '不能大于 100' });
    await decide();
    const stale = await refusalOf(decide({ toStatus: 'demonstration', level: 'district', decidedAt: '2024-01-01' }));
    expect(stale.code).toBe('conflict');
  });

  it('works through the contract, and lists an estate’s decisions in date order', async () => {
    const result = await callApi(t.ctx, 'estates.decide', {
      estateId: estate.id,
      version: estate.version,
      toStatus: '试点',
      decidedAt: '2022-09-01',
      decisionDoc: '示环分办〔2022〕1号',
    });
    expect(result).toMatchObject({ ok: true, data: { row: { status: 'pilot' }, decision: { toStatus: 'pilot' } } });
    const listed = await callApi(t.ctx, 'estates.decisions', { estateId: estate.id });
    expect(listed).toMatchObject({ ok: true, data: [{ fromStatus: 'none', toStatus: 'pilot', decidedAt: '2022-09-01' }] });
    expect(await callApi(t.ctx, 'estates.decisions', { estateId: 99_999 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
