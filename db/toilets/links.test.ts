/** Toilets linked to the contractor that manages them and the bid section that cleans them (DOMAIN §2.7). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contractors } from '../contractors/service';
import { demoToiletLinks, type DemoContracts } from '../contracts/demo';
import { contracts, sections } from '../contracts/service';
import { contractsWorkspace } from '../contracts/testing';
import { ApiError } from '../errors';
import { tableCounts, type TestWorkspace } from '../testing';
import { toilets, type Toilet } from './service';

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

describe('toilet links to contractor and bid section', () => {
  let t: TestWorkspace;
  let demo: DemoContracts;
  let toilet: Toilet;
  let own: { managerContractorId: string; bidSectionId: string };
  let other: { managerContractorId: string; bidSectionId: string };
  beforeEach(async () => {
    ({ t, demo } = await contractsWorkspace());
    toilet = (await toilets.list(t.ctx.ws.db, { streetId: 1 }))[0];
    own = demoToiletLinks(demo, toilet.streetName)!;
    other = demoToiletLinks(demo, '新华路街道')!;
    expect(own.managerContractorId).not.toBe(other.managerContractorId);
  });
  afterEach(() => t.close());

  it('links a toilet by names and shows the contractor and section names in the list', async () => {
    const { row, warnings } = await toilets.update(t.ctx, { id: toilet.id, version: toilet.version, patch: own });
    expect(warnings).toEqual([]);
    expect(row).toMatchObject({ managerContractorName: own.managerContractorId, bidSectionName: own.bidSectionId });
    expect(typeof row.managerContractorId).toBe('number');
    const listed = await toilets.list(t.ctx.ws.db, { managerContractorId: row.managerContractorId! });
    expect(listed.map((r) => r.id)).toEqual([toilet.id]);
    const history = await toilets.history(t.ctx.ws.db, toilet.id);
    expect(history[1].changes).toEqual(
      expect.arrayContaining([
        { field: 'managerContractorId', label: '管理单位', before: '', after: own.managerContractorId },
        { field: 'bidSectionId', label: '保洁标段', before: '', after: own.bidSectionId },
      ]),
    );
  });

  it('narrows a bare section number to the contractor\'s contracts, and asks for the contract number when that is not enough', async () => {
    // 滨江街道's contractor has one contract; 城关街道's has two, each with a 一标段.
    const single = (await toilets.list(t.ctx.ws.db, { streetId: 4 }))[0];
    const links = demoToiletLinks(demo, single.streetName)!;
    const { row } = await toilets.update(t.ctx, {
      id: single.id,
      version: single.version,
      patch: { managerContractorId: links.managerContractorId, bidSectionId: '一标段' },
    });
    expect(row.bidSectionName).toBe(links.bidSectionId);
    const twoContracts = await refusal(toilets.update(t.ctx, { id: toilet.id, version: toilet.version, patch: { managerContractorId: own.managerContractorId, bidSectionId: '第一标段' } }));
    expect(twoContracts.fields?.bidSectionId).toContain('请写“合同编号 标段”');
    expect(twoContracts.fields?.bidSectionId).toContain(own.bidSectionId);
  });

  it('refuses a section that belongs to another contractor\'s contract, and unknown names', async () => {
    const before = await tableCounts(t.ctx);
    const err = await refusal(
      toilets.update(t.ctx, { id: toilet.id, version: toilet.version, patch: { managerContractorId: own.managerContractorId, bidSectionId: other.bidSectionId } }),
    );
    expect(err.fields?.bidSectionId).toContain(`不是管理单位“${own.managerContractorId}”`);
    const unknown = await refusal(toilets.update(t.ctx, { id: toilet.id, version: toilet.version, patch: { managerContractorId: '无名公司', bidSectionId: 'X-1 九标段' } }));
    expect(unknown.fields).toMatchObject({ managerContractorId: expect.stringContaining('没有名为“无名公司”'), bidSectionId: expect.stringContaining('没有找到标段') });
    expect(await tableCounts(t.ctx)).toEqual(before);
  });

  it('refuses a contractor that is not active for a new link, but keeps an existing link with a warning', async () => {
    const blacklisted = await refusal(toilets.update(t.ctx, { id: toilet.id, version: toilet.version, patch: { managerContractorId: '顺达清运' } }));
    expect(blacklisted.fields?.managerContractorId).toContain('状态为“黑名单”,不能指派公厕');
    const linked = await toilets.update(t.ctx, { id: toilet.id, version: toilet.version, patch: own });
    const contractor = (await contractors.list(t.ctx.ws.db)).find((c) => c.name === own.managerContractorId)!;
    await contractors.update(t.ctx, { id: contractor.id, version: contractor.version, patch: { status: 'suspended' } });
    const { row, warnings } = await toilets.update(t.ctx, { id: toilet.id, version: linked.row.version, patch: { remarks: '照常保洁' } });
    expect(row.remarks).toBe('照常保洁');
    expect(warnings).toEqual([{ field: 'managerContractorId', message: expect.stringContaining('请尽快改派') }]);
    const another = (await toilets.list(t.ctx.ws.db, { streetId: 1 }))[1];
    const refused = await refusal(toilets.update(t.ctx, { id: another.id, version: another.version, patch: own }));
    expect(refused.fields?.managerContractorId).toContain('状态为“暂停”');
  });

  it('warns when the section\'s contract is not in force, and when a section is given without its contractor', async () => {
    const contract = (await contracts.list(t.ctx.ws.db)).find((c) => own.bidSectionId.startsWith(c.contractNo))!;
    await contracts.update(t.ctx, { id: contract.id, version: contract.version, patch: { status: 'expired' } });
    const { warnings } = await toilets.update(t.ctx, { id: toilet.id, version: toilet.version, patch: { bidSectionId: own.bidSectionId } });
    expect(warnings.map((w) => w.field).sort()).toEqual(['bidSectionId', 'managerContractorId']);
    expect(warnings.find((w) => w.field === 'bidSectionId')!.message).toContain('状态为“已到期”');
  });

  it('refuses to delete a contractor, contract or section still in use, saying what to change first', async () => {
    const linked = await toilets.update(t.ctx, { id: toilet.id, version: toilet.version, patch: own });
    const contractor = (await contractors.list(t.ctx.ws.db)).find((c) => c.id === linked.row.managerContractorId)!;
    const section = (await sections.list(t.ctx.ws.db)).find((s) => s.id === linked.row.bidSectionId)!;
    const contract = await contracts.get(t.ctx.ws.db, section.contractId);
    expect((await refusal(contractors.delete(t.ctx, { id: contractor.id }))).message).toMatch(/仍是 \d 份合同的作业单位和 1 座公厕的管理单位,不能删除/);
    expect((await refusal(contracts.delete(t.ctx, { id: contract.id }))).message).toContain('请先删除这些标段');
    expect((await refusal(sections.delete(t.ctx, { id: section.id }))).message).toContain('还是 1 座公厕的保洁标段');
    await toilets.update(t.ctx, { id: toilet.id, version: linked.row.version, patch: { managerContractorId: null, bidSectionId: null } });
    expect((await sections.delete(t.ctx, { id: section.id })).deletedAt).not.toBeNull();
  });

  it('creates a linked toilet in a pasted block, and names the refused row when a link is wrong', async () => {
    const base = { name: '测试公厕', streetId: toilet.streetName, address: '测试路1号', type: 'standalone', class: 3, openHours: '24小时' };
    const ok = await toilets.applyBatch(t.ctx, { updates: [], creates: [{ sourceRow: 1, values: { ...base, code: 'L-1', ...own } }] });
    expect(ok.rows[0]).toMatchObject({ bidSectionName: own.bidSectionId });
    const err = await refusal(
      toilets.applyBatch(t.ctx, { updates: [], creates: [{ sourceRow: 7, values: { ...base, code: 'L-2', managerContractorId: own.managerContractorId, bidSectionId: other.bidSectionId } }] }),
    );
    expect(err.rows).toEqual([{ row: 7, column: '保洁标段', field: 'bidSectionId', message: expect.stringContaining('请核对管理单位或标段') }]);
  });
});
