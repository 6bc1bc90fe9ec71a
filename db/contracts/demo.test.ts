import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../audit/audit';
import { contractors, creditRecords } from '../contractors/service';
import { generateDemoDistrict, seededRandom } from '../demo/demo';
import type { TestWorkspace } from '../testing';
import { generateDemoContracts, type DemoContracts } from './demo';
import { contracts, sections } from './service';
import { TOTAL_TOLERANCE, totalDeviation } from './terms';
import { contractsWorkspace, DEMO_CONTRACTS_SEED } from './testing';

describe('demo contracts', () => {
  let t: TestWorkspace;
  let demo: DemoContracts;
  beforeAll(async () => {
    ({ t, demo } = await contractsWorkspace());
  });
  afterAll(() => t.close());

  it('is deterministic: the same random source and streets give the same rows', () => {
    const streets = generateDemoDistrict().streets;
    expect(generateDemoContracts(seededRandom(42), streets)).toEqual(generateDemoContracts(seededRandom(42), streets));
    expect(generateDemoContracts(seededRandom(1), streets)).not.toEqual(generateDemoContracts(seededRandom(2), streets));
    expect(demo).toEqual(generateDemoContracts(seededRandom(DEMO_CONTRACTS_SEED), streets));
  });

  it('loads contractors with valid credit codes but one, which carries its override reason', async () => {
    const rows = await contractors.list(t.ctx.ws.db);
    expect(rows).toHaveLength(demo.contractors.length);
    expect(rows.length).toBeGreaterThanOrEqual(6);
    const failing = rows.filter((r) => !r.usccValid);
    expect(failing).toHaveLength(1);
    expect(failing[0].usccOverrideReason).toContain('核对');
    expect(rows.every((r) => /^91330199/.test(r.uscc))).toBe(true);
    expect(rows.filter((r) => r.status === 'blacklisted')).toHaveLength(1);
  });

  it('loads 8 contracts whose totals match annual × years, with sections covering every street', async () => {
    const all = await contracts.list(t.ctx.ws.db);
    expect(all).toHaveLength(8);
    for (const c of all) expect(Math.abs(totalDeviation(c.annualAmountFen, c.totalAmountFen, c.termYears!)!)).toBeLessThanOrEqual(TOTAL_TOLERANCE);
    expect(all.filter((c) => c.procurementMethod === 'franchise').map((c) => c.termYears)).toEqual([15]);
    expect(all.filter((c) => c.consortiumMembers.length)).toHaveLength(1);
    const secs = await sections.list(t.ctx.ws.db);
    expect(secs.length).toBeGreaterThanOrEqual(8);
    expect(secs.length).toBeLessThanOrEqual(16);
    expect(secs.filter((s) => s.sectionIndex === 1)).toHaveLength(8);
    const covered = await t.ctx.ws.db.read.get<{ n: number }>('SELECT count(DISTINCT street_id) AS n FROM bid_section_streets');
    expect(covered!.n).toBe(8);
    expect(secs.filter((s) => s.scopeTypes.includes('roadCleaning')).every((s) => s.mechanizationRate! >= 70)).toBe(true);
  });

  it('loads credit records, a money deduction among them, and keeps the audit chain intact', async () => {
    const records = await creditRecords.list(t.ctx.ws.db);
    expect(records).toHaveLength(demo.creditRecords.length);
    expect(records.find((r) => r.kind === 'moneyDeduction')?.amountFen).toBe(1_200_000);
    expect((await verifyAudit(t.ctx.ws.db)).ok).toBe(true);
  });
});
