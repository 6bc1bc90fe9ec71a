import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../audit/audit';
import { listCommunities, listStreets } from '../geo/geo';
import { testWorkspace, type TestWorkspace } from '../testing';
import { toilets as toiletLedger } from '../toilets/service';
import { generateDemoDistrict, loadDemoDistrict } from './demo';

describe('demo district', () => {
  let t: TestWorkspace;
  beforeAll(async () => {
    t = await testWorkspace({ demo: true });
  });
  afterAll(() => t.close());

  it('is deterministic: the same seed gives the same district', () => {
    expect(generateDemoDistrict()).toEqual(generateDemoDistrict());
    expect(generateDemoDistrict(1)).not.toEqual(generateDemoDistrict(2));
  });

  it('loads 8 streets, 60 communities and 150 toilets with a realistic class mix, badged as demo', async () => {
    expect(await listStreets(t.ctx.ws.db)).toHaveLength(8);
    expect(await listCommunities(t.ctx.ws.db)).toHaveLength(60);
    const toilets = await toiletLedger.list(t.ctx.ws.db);
    expect(toilets).toHaveLength(150);
    const share = (c: number | null) => toilets.filter((r) => r.class === c).length / toilets.length;
    expect(share(1)).toBeGreaterThan(0.03);
    expect(share(1)).toBeLessThan(0.15);
    expect(share(2) + share(3)).toBeGreaterThan(0.75);
    expect(toilets.every((r) => r.type !== 'attached' || r.class === 1 || r.class === 2)).toBe(true);
    expect(t.ctx.ws.kind).toBe('demo');
    expect((await verifyAudit(t.ctx.ws.db)).ok).toBe(true);
  });

  it('refuses to load into a workspace that already has data', async () => {
    await expect(loadDemoDistrict(t.ctx)).rejects.toMatchObject({ code: 'workspace', message: expect.stringContaining('已有数据') });
  });
});
