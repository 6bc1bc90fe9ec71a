/** Test support: a fresh workspace in its own temp folder, a real SQLite file, removed afterwards. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Ctx } from './context';
import { loadDemoDistrict } from './demo/demo';
import { defaultOperator } from './users/users';
import { openWorkspace } from './workspace/workspace';

export interface TestWorkspace {
  dir: string;
  ctx: Ctx;
  close(): Promise<void>;
}

export function tempDir(prefix = 'sanidesk-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function testWorkspace(options: { demo?: boolean } = {}): Promise<TestWorkspace> {
  const dir = tempDir();
  const ws = await openWorkspace(dir);
  const ctx: Ctx = { ws, user: await defaultOperator(ws.db) };
  if (options.demo) await loadDemoDistrict(ctx);
  return {
    dir,
    ctx,
    close: async () => {
      await ws.db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Row counts of the tables a refused call must leave alone. */
export async function tableCounts(ctx: Ctx): Promise<Record<string, number>> {
  const tables = ['toilets', 'streets', 'communities', 'audit_log', 'audit_refs', 'users', 'meta'];
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = (await ctx.ws.db.read.get<{ n: number }>(`SELECT count(*) AS n FROM ${t}`))!.n;
  return out;
}
