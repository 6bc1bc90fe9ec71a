/** The demo district's indicator table: the seed 003 plan table (db/indicators/seed.ts), in the demo load's transaction. */
import type { Ctx } from '../context';
import type { Tx } from '../sqlite';
import { SEED_003 } from './seed';
import { indicatorTargets } from './service';

export async function loadDemoIndicators(ctx: Ctx, tx: Tx): Promise<number> {
  const inputs = SEED_003.map((s, i) => ({
    sourceRow: i + 1,
    values: { category: s.category, seq: s.seq, name: s.name, baselineText: s.baseline, targetText: s.target, binding: s.binding },
  }));
  return (await indicatorTargets.insertBulk(ctx, tx, inputs, 'demo.load')).count;
}
