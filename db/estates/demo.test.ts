import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../audit/audit';
import { seededRandom } from '../demo/demo';
import type { TestWorkspace } from '../testing';
import { demoEstates, demoMonths, type DemoCommunity } from './demo';
import { listEstateDecisions } from './decide';
import { estates } from './service';
import { tonnage } from './tonnage';
import { estateWorkspace } from './testSupport';

const communities: DemoCommunity[] = Array.from({ length: 60 }, (_, i) => ({
  code: `330199${String(1 + Math.floor(i / 8)).padStart(3, '0')}${String(1 + (i % 8)).padStart(3, '0')}`,
  name: `社区${i + 1}`,
  streetCode: `330199${String(1 + Math.floor(i / 8)).padStart(3, '0')}`,
  households: 800 + ((i * 397) % 4200),
}));

describe('demo estates', () => {
  it('is deterministic given rand and the day, and different for another seed', () => {
    const a = demoEstates(communities, seededRandom(3), '2025-11-03');
    const b = demoEstates(communities, seededRandom(3), '2025-11-03');
    expect(a).toEqual(b);
    expect(demoEstates(communities, seededRandom(4), '2025-11-03')).not.toEqual(a);
  });

  it('gives about 80 estates with every status, decisions that end at each status, and 12 months ending last month', () => {
    const demo = demoEstates(communities, seededRandom(3), '2025-11-03');
    expect(demo.estates).toHaveLength(80);
    const statuses = demo.estates.map((e) => e.values.status);
    for (const s of ['none', 'pilot', 'compliant', 'demonstration', 'provincialHighStandard']) expect(statuses).toContain(s);
    expect(statuses.filter((s) => s === 'compliant').length).toBeGreaterThan(statuses.filter((s) => s === 'provincialHighStandard').length);
    for (const e of demo.estates) {
      const own = demo.decisions.filter((d) => d.estateCode === e.values.code);
      expect(own.at(-1)?.toStatus ?? 'none').toBe(e.values.status);
      expect(own.at(-1)?.decidedAt ?? null).toBe(e.values.statusSince);
      expect(own.every((d) => d.decidedAt < '2025-11-03')).toBe(true);
    }
    expect(demo.decisions.some((d) => d.remarks?.includes('撤销'))).toBe(true);
    expect(demoMonths('2025-11-03')).toEqual([
      '2024-11', '2024-12', '2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10',
    ]);
    expect(demo.tonnage).toHaveLength(80 * 12);
    expect(new Set(demo.tonnage.map((r) => r.values.month))).toEqual(new Set(demoMonths('2025-11-03')));
  });
});

describe('demo estates loaded into the demo district', () => {
  let t: TestWorkspace;
  beforeAll(async () => {
    t = await estateWorkspace();
  });
  afterAll(() => t.close());

  it('loads through the ledgers with one audit entry per table and plausible figures', async () => {
    const rows = await estates.list(t.ctx.ws.db);
    expect(rows).toHaveLength(80);
    const entries = await t.ctx.ws.db.read.all<{ entity: string }>("SELECT entity FROM audit_log WHERE method = 'demo.load' ORDER BY id");
    // The estate tables follow the rest of the demo district, one bulk entry each.
    expect(entries.map((e) => e.entity).slice(-3)).toEqual(['estate', 'estateStatusDecision', 'estateTonnage']);
    const sheet = await tonnage.list(t.ctx.ws.db);
    expect(sheet).toHaveLength(960);
    expect(sheet.every((r) => r.perHouseholdKgPerDay! >= 0.1 && r.perHouseholdKgPerDay! <= 3)).toBe(true);
    const withStatus = rows.find((r) => r.status !== 'none')!;
    const decisions = await listEstateDecisions(t.ctx.ws.db, withStatus.id);
    expect(decisions.at(-1)).toMatchObject({ toStatus: withStatus.status, decidedAt: withStatus.statusSince });
    expect((await verifyAudit(t.ctx.ws.db)).ok).toBe(true);
  });
});
