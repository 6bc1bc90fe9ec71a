/** Test support for the estate ledgers: the demo district with its demo estates, and the row counts a refused call must leave alone. */
import type { Ctx } from '../context';
import { ApiError } from '../errors';
import { testWorkspace, type TestWorkspace } from '../testing';

/** The demo district, which includes its demo estates and 12 months of tonnage. */
export function estateWorkspace(): Promise<TestWorkspace> {
  return testWorkspace({ demo: true });
}

export async function estateCounts(ctx: Ctx): Promise<Record<string, number>> {
  const tables = ['streets', 'communities', 'estates', 'estate_status_decisions', 'estate_tonnage', 'audit_log', 'audit_refs'];
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = (await ctx.ws.db.read.get<{ n: number }>(`SELECT count(*) AS n FROM ${t}`))!.n;
  return out;
}

/** The ApiError a promise rejects with (fails the test when it resolves). */
export async function refusalOf(promise: Promise<unknown>): Promise<ApiError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(err)}`);
  return err;
}
