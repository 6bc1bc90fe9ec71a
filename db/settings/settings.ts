/**
 * Workspace settings: what an administrator decides for the whole office and that must survive a restart, kept
 * in the workspace file (table `settings`, one JSON value per key) so that it travels with the workspace and its
 * backups. A key without a row has its default. Changing a setting is one transaction with its audit entry.
 *
 * - `lanAllowed`: other PCs of the office may reach the headless host (`npm run cli -- serve --lan`); off by
 *   default. It is one of two keys: the operator must also start the host with --lan (docs/SECURITY.md).
 * - `retention`: how many backups `backups/` keeps (db/backup/backup.ts backupsToPrune).
 * - `resourceCoefficients`: the k coefficients of 生活垃圾资源化利用率 (DOMAIN §6.1) for incineration, kitchen-waste
 *   processing and landfill, each 0…1 or null (not set). They are fixed nationally or by the province and were not
 *   found in the sources, so the office types in what its province publishes [D]; until all three are set the
 *   rate is not computed (db/dashboard/kpis.ts) rather than guessed.
 */
import { z } from 'zod';
import { appendAudit } from '../audit/audit';
import { DEFAULT_RETENTION, type RetentionPolicy } from '../backup/backup';
import type { Ctx } from '../context';
import type { ResourceCoefficients } from '../dashboard/formulas';
import type { Database, Tx } from '../sqlite';

export interface WorkspaceSettings {
  lanAllowed: boolean;
  retention: RetentionPolicy;
  resourceCoefficients: ResourceCoefficients;
}

export const UNSET_COEFFICIENTS: ResourceCoefficients = { incineration: null, kitchen: null, landfill: null };

export const DEFAULT_SETTINGS: WorkspaceSettings = { lanAllowed: false, retention: DEFAULT_RETENTION, resourceCoefficients: UNSET_COEFFICIENTS };

/** The bounds of a retention policy (also the input schema of settings.update). */
export const retentionSchema = z.strictObject({
  keepLatestToday: z.number().int().min(1).max(100),
  dailyForDays: z.number().int().min(0).max(366),
  monthlyForMonths: z.number().int().min(0).max(120),
});

/** One coefficient: a share 0…1 (the contract words a bound error in Chinese, e.g. 不能大于 1), or null when not set. */
const coefficient = z.number().min(0).max(1).nullable();

/** The three coefficients, each 0…1 or null (not set); also the input schema of settings.update. */
export const coefficientsSchema = z.strictObject({
  incineration: coefficient,
  kitchen: coefficient,
  landfill: coefficient,
});

const SETTINGS: { [K in keyof WorkspaceSettings]: { key: string; schema: z.ZodType<WorkspaceSettings[K]> } } = {
  lanAllowed: { key: 'lan.allowed', schema: z.boolean() },
  retention: { key: 'backup.retention', schema: retentionSchema },
  resourceCoefficients: { key: 'kpi.resourceCoefficients', schema: coefficientsSchema },
};

type Reader = Pick<Tx, 'all'>;

async function readSettings(reader: Reader): Promise<WorkspaceSettings> {
  const rows = await reader.all<{ key: string; value: string }>('SELECT key, value FROM settings');
  const stored = new Map(rows.map((r) => [r.key, r.value]));
  const out = { ...DEFAULT_SETTINGS };
  for (const name of Object.keys(SETTINGS) as Array<keyof WorkspaceSettings>) {
    const raw = stored.get(SETTINGS[name].key);
    if (raw === undefined) continue;
    // A value that no longer fits (edited in the file by hand) counts as unset: the default is the safe side
    // (LAN access off, the default retention), never a guess.
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      continue;
    }
    const checked = SETTINGS[name].schema.safeParse(parsed);
    if (checked.success) (out as Record<string, unknown>)[name] = checked.data;
  }
  return out;
}

export function getSettings(db: Database): Promise<WorkspaceSettings> {
  return readSettings(db.read);
}

/** Whether an administrator allows the headless host to serve the office LAN. Read again on every LAN request. */
export async function lanAllowed(db: Database): Promise<boolean> {
  return (await getSettings(db)).lanAllowed;
}

/** The retention policy backups/ is pruned with. */
export async function retentionPolicy(db: Database): Promise<RetentionPolicy> {
  return (await getSettings(db)).retention;
}

/**
 * The resource-use coefficients, read through any handle: the dashboard's KPIs read them in their own read
 * (any role that sees the dashboard; settings.get itself is for administrators).
 */
export async function resourceCoefficients(reader: Reader): Promise<ResourceCoefficients> {
  return (await readSettings(reader)).resourceCoefficients;
}

/**
 * Changes the given settings (others keep their value) in one transaction with one audit entry naming each
 * changed setting before and after. A patch that changes nothing writes nothing.
 */
export async function updateSettings(ctx: Ctx, patch: Partial<WorkspaceSettings>, reason?: string): Promise<WorkspaceSettings> {
  return ctx.ws.db.write(async (tx) => {
    const current = await readSettings(tx);
    const before: Partial<WorkspaceSettings> = {};
    const after: Partial<WorkspaceSettings> = {};
    const now = new Date().toISOString();
    for (const name of Object.keys(SETTINGS) as Array<keyof WorkspaceSettings>) {
      const value = patch[name];
      if (value === undefined || JSON.stringify(value) === JSON.stringify(current[name])) continue;
      (before as Record<string, unknown>)[name] = current[name];
      (after as Record<string, unknown>)[name] = value;
      await tx.run(
        `INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
        [SETTINGS[name].key, JSON.stringify(value), now, ctx.user.id],
      );
    }
    if (!Object.keys(after).length) return current;
    await appendAudit(tx, ctx.user, { method: 'settings.update', entity: 'settings', entityId: null, before, after, reason: reason ?? null });
    return { ...current, ...after };
  });
}
