/**
 * Monthly scores of a busy district: 500 units × 30 inspections × 20 findings (15,000 inspections, 300,000
 * findings) computed by `computeMonth` (goal ≤ 200 ms), half the units under a mean-of-inspections scheme and
 * half under a deduct-everything-from-one-full-score scheme, beside a bare SQL aggregate over the same rows
 * measured in the same run.
 */
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { computeMonth } from '../db/assessment/monthly';
import type { SchemeDefinition } from '../db/assessment/types';
import type { Ctx } from '../db/context';
import { loadDemoDistrict } from '../db/demo/demo';
import { tempDir } from '../db/testing';
import { defaultOperator } from '../db/users/users';
import { openWorkspace } from '../db/workspace/workspace';

const UNITS = 500;
/** Half the units per aggregation rule. */
const UNITS_PER_SCHEME = UNITS / 2;
const INSPECTIONS_PER_UNIT = 30;
const FINDINGS_PER_INSPECTION = 20;
const MONTH = '2025-10';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export async function benchMonthlyScores(line: (label: string, value: string, baseline: string, verdict: string) => void) {
  const dir = tempDir('sanidesk-bench-');
  const ws = await openWorkspace(dir);
  const ctx: Ctx = { ws, user: await defaultOperator(ws.db) };
  await loadDemoDistrict(ctx);
  const contracts = (await ws.db.read.all<{ id: number }>('SELECT id FROM contracts ORDER BY id')).map((r) => r.id);

  for (const schemeId of [2, 4]) {
    const def = JSON.parse(
      (await ws.db.read.get<{ definition: string }>('SELECT definition FROM assessment_schemes WHERE id = ?', [schemeId]))!.definition,
    ) as SchemeDefinition;
    const items = def.items.filter((i) => !i.bonus && !i.veto && !i.tiers.some((t) => t.pointsMin != null));
    await ws.db.write(async (tx) => {
      const now = new Date().toISOString();
      for (let unit = 0; unit < UNITS_PER_SCHEME; unit += 1) {
        const inspections = Array.from({ length: INSPECTIONS_PER_UNIT }, (_, k) => [
          schemeId,
          `${MONTH}-${String((k % 28) + 1).padStart(2, '0')}`,
          unit + 1,
          `单位${unit + 1}`,
          contracts[unit % contracts.length],
          90 - ((unit + k) % 20) / 2,
        ]);
        const { lastID } = await tx.run(
          `INSERT INTO inspections (root_id, scheme_id, month, date, mode, inspectors, target_type, target_id, target_name, contract_id, status, score,
                                    created_at, created_by, updated_at, updated_by)
           SELECT 0, j.value ->> 0, ?, j.value ->> 1, 'routine', '["检查员"]', ?, j.value ->> 2, j.value ->> 3, j.value ->> 4, 'approved', j.value ->> 5,
                  ?, 1, ?, 1 FROM json_each(?) j`,
          [MONTH, def.targetType, now, now, JSON.stringify(inspections)],
        );
        const firstId = lastID - INSPECTIONS_PER_UNIT + 1;
        const findings: Array<[number, number, string, number]> = [];
        const itemRaw: Array<[string, number]> = [];
        for (let k = 0; k < INSPECTIONS_PER_UNIT; k += 1) {
          const raw: Record<string, number> = {};
          for (let f = 0; f < FINDINGS_PER_INSPECTION; f += 1) {
            const item = items[(k + f) % items.length];
            findings.push([firstId + k, f + 1, item.code, item.unitDeduction]);
            raw[item.code] = (raw[item.code] ?? 0) + item.unitDeduction;
          }
          itemRaw.push([JSON.stringify(raw), firstId + k]);
        }
        await tx.run('UPDATE inspections SET item_raw = j.value ->> 0 FROM json_each(?) j WHERE inspections.id = j.value ->> 1', [JSON.stringify(itemRaw)]);
        await tx.run(
          `INSERT INTO findings (inspection_id, seq, item_code, occurrences, points_each, points)
           SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, 1, j.value ->> 3, j.value ->> 3 FROM json_each(?) j`,
          [JSON.stringify(findings)],
        );
      }
      await tx.run('UPDATE inspections SET root_id = id WHERE root_id = 0');
    });
  }

  const read = ws.db.read;
  // Warm the page cache for both: the figure is the computation, not the first read from disk.
  await computeMonth(read, MONTH);
  const runs: number[] = [];
  let units = 0;
  for (let i = 0; i < 5; i += 1) {
    const t0 = performance.now();
    const result = await computeMonth(read, MONTH);
    runs.push(performance.now() - t0);
    units = result.units.length;
  }
  const baselineRuns: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const t0 = performance.now();
    await read.all(
      `SELECT i.scheme_id, i.target_id, avg(i.score), count(*) FROM inspections i WHERE i.month = ? GROUP BY i.scheme_id, i.target_id`,
      [MONTH],
    );
    await read.all(
      `SELECT f.inspection_id, f.item_code, sum(f.points) FROM inspections i JOIN findings f ON f.inspection_id = i.id
        WHERE i.month = ? AND i.scheme_id = 4 GROUP BY f.inspection_id, f.item_code`,
      [MONTH],
    );
    baselineRuns.push(performance.now() - t0);
  }
  await ws.db.close();
  if (process.env.KEEP_BENCH_DB) console.log('kept', dir);
  else rmSync(dir, { recursive: true, force: true });
  const value = median(runs);
  line(
    `monthly scores ${units} units (${(UNITS * INSPECTIONS_PER_UNIT).toLocaleString()} insp., ${(UNITS * INSPECTIONS_PER_UNIT * FINDINGS_PER_INSPECTION).toLocaleString()} findings)`,
    `${value.toFixed(1)} ms`,
    `${median(baselineRuns).toFixed(1)} ms SQL`,
    `goal ≤ 200 ms ${value <= 200 ? 'MET' : 'MISSED'}`,
  );
}
