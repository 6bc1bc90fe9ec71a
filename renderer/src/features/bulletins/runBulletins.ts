/**
 * Which bulletin an approved run gets: its own (a draft to continue, or the issued one), or — when the run is the
 * correction of a run whose bulletin was already issued — a 更正通报 that must cite that bulletin. The rule is the
 * server's (bulletins.create refuses anything else); this only picks the right button.
 */
import type { RankingRunSummary } from '../../../../db/api';
import type { BulletinSummary } from '../../../../db/bulletins/types';

/** The runs a run replaced (its correction chain), newest first. */
export function supersededChain(run: Pick<RankingRunSummary, 'supersedesId'>, runs: Array<Pick<RankingRunSummary, 'id' | 'supersedesId'>>): number[] {
  const out: number[] = [];
  let id = run.supersedesId;
  while (id != null && out.length < 50) {
    out.push(id);
    id = runs.find((r) => r.id === id)?.supersedesId ?? null;
  }
  return out;
}

export interface RunBulletinState {
  /** The bulletin printed from this run (draft or issued). */
  own: BulletinSummary | null;
  /** The issued bulletin a 更正通报 of this run cites. */
  corrects: BulletinSummary | null;
}

export function runBulletinState(run: Pick<RankingRunSummary, 'id' | 'supersedesId'>, runs: Array<Pick<RankingRunSummary, 'id' | 'supersedesId'>>, bulletins: BulletinSummary[]): RunBulletinState {
  const own = bulletins.find((b) => b.runId === run.id) ?? null;
  const chain = supersededChain(run, runs);
  // The nearest issued one: after two corrections, the second 更正通报 cites the first.
  const corrects = chain.map((id) => bulletins.find((b) => b.status === 'issued' && b.runId === id)).find((b) => b) ?? null;
  return { own, corrects };
}
