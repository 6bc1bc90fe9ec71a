/**
 * Test support: a workspace with the demo district's streets, communities and toilets and the demo
 * contractors, contracts and sections, built here step by step (geography, then contracts, then toilets) so
 * that the tests of these ledgers do not depend on how the demo district loader combines them.
 */
import { generateDemoDistrict, seededRandom } from '../demo/demo';
import { insertGeoBulk } from '../geo/geo';
import { testWorkspace, type TestWorkspace } from '../testing';
import { toilets } from '../toilets/service';
import { loadDemoContracts, type DemoContracts } from './demo';

export const DEMO_CONTRACTS_SEED = 42;

export async function contractsWorkspace(): Promise<{ t: TestWorkspace; demo: DemoContracts }> {
  const t = await testWorkspace();
  const district = generateDemoDistrict();
  const demo = await t.ctx.ws.db.write(async (tx) => {
    await insertGeoBulk(t.ctx, tx, district.streets, district.communities, 'test.load');
    const loaded = await loadDemoContracts(t.ctx, tx, seededRandom(DEMO_CONTRACTS_SEED));
    await toilets.insertBulk(t.ctx, tx, district.toilets, 'test.load');
    return loaded;
  });
  return { t, demo };
}
