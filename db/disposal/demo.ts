/**
 * The demo district's disposal report: the twelve months the estates' tonnage sheet covers (ending last month).
 * Magnitudes follow the estates: their sheet holds about 3 000–3 500 t a month of kitchen and residual waste for
 * some 108 000 households; the district (444 000 residents, plus markets, shops and streets) collects about 1.35
 * times that, about 4 000–4 700 t, with the same summer high. Most goes to incineration, a little to sanitary
 * landfill, the kitchen-waste plant takes about 28 %, and the recycling system recovers about 13 % on top.
 * Disposal lands within a percent of collection, so the demo shows a safe-disposal rate near 100 % and no
 * warning. Its own seeded sequence: the other demo tables do not change.
 */
import type { Ctx } from '../context';
import { demoMonths } from '../estates/demo';
import { localToday } from '../estates/rules';
import { daysInMonth } from '../estates/tonnage';
import type { SourcedValues } from '../ledger/service';
import type { Tx } from '../sqlite';
import { disposalMonths } from './service';

const round3 = (n: number) => Math.round(n * 1000) / 1000;

export function demoDisposal(rand: () => number, today = localToday()): SourcedValues[] {
  const between = (lo: number, hi: number) => lo + rand() * (hi - lo);
  return demoMonths(today).map((month, i) => {
    const seasonal = 1 + 0.08 * Math.sin(((Number(month.slice(5)) - 4) / 12) * 2 * Math.PI);
    // About 145 t a day in an average month.
    const collected = daysInMonth(month) * 145 * seasonal * between(0.97, 1.03);
    const kitchen = collected * between(0.26, 0.3);
    const landfilled = collected * between(0.02, 0.05);
    // A few months send bulky waste to a cement kiln (其他无害化); most report nothing there.
    const other = i % 4 === 1 ? collected * between(0.003, 0.008) : null;
    const incinerated = collected * between(0.985, 1.005) - kitchen - landfilled - (other ?? 0);
    return {
      sourceRow: i + 1,
      values: {
        month,
        collectedT: round3(collected),
        incineratedT: round3(incinerated),
        landfilledT: round3(landfilled),
        kitchenProcessedT: round3(kitchen),
        recyclablesT: round3(collected * between(0.12, 0.14)),
        otherSafeT: other == null ? null : round3(other),
        source: i % 6 === 5 ? 'report' : 'weighbridge',
        remarks: other == null ? null : '大件垃圾水泥窑协同处置',
      },
    };
  });
}

/** Loads the demo months into the demo load's transaction (one audit entry), before the estates. */
export async function loadDemoDisposal(ctx: Ctx, tx: Tx, rand: () => number): Promise<number> {
  return (await disposalMonths.insertBulk(ctx, tx, demoDisposal(rand), 'demo.load')).count;
}
