/**
 * Hostile input to EVERY method of the contract through the HTTP host, as an administrator (the role that may
 * call everything): at least 10,000 generated inputs (fuzz-gen.ts; seed SANIDESK_FUZZ_SEED, count
 * SANIDESK_FUZZ_INPUTS). For each answer:
 *
 * - the host is still there and answered JSON: `{ ok: true, data }` or `{ ok: false, error: { code, message } }`
 *   with a Chinese message, never `internal` (a thrown bug);
 * - a refused call committed nothing: the read connection's `PRAGMA data_version` (it changes when any other
 *   connection commits) and the audit log are as before. One refusal writes on purpose: a wrong password is
 *   counted (`auth.loginFailed`, `auth.lockout`), and then only users and the audit log change;
 * - an accepted call of a method declared `writes: false` committed nothing either; accepted writes are counted
 *   by method, and at the end the ledgers still match their audit trail (db/audit/rows.ts).
 *
 * Run with `npm run test:reliability`; prints the seed and the counts.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../../db/api';
import { loadDemoAssessment } from '../../db/assessment/demo';
import { verifyAudit } from '../../db/audit/audit';
import { verifyLedgerRows } from '../../db/audit/rows';
import type { MethodDef } from '../../db/contract';
import { creditRecords } from '../../db/contractors/service';
import { LEDGERS } from '../../db/ledgers';
import { tempDir, testWorkspace, type TestWorkspace } from '../../db/testing';
import { startHttpHost, type HttpHost } from '../host/http';
import { Generator, type FuzzInput, type JsonSchema } from './fuzz-gen';

const SEED = Number(process.env.SANIDESK_FUZZ_SEED ?? 20251107);
const TOTAL = Number(process.env.SANIDESK_FUZZ_INPUTS ?? 10_000);
const TOKEN = 'fuzz-token';
const CHINESE = /[\u4e00-\u9fff]/;
/** A refused login writes its failure count: the only refusal allowed to commit, and only these entries. */
const REFUSAL_WRITES: Record<string, string[]> = { 'auth.login': ['auth.loginFailed', 'auth.lockout'] };

let t: TestWorkspace;
let host: HttpHost;
let rendererDir: string;

beforeAll(async () => {
  t = await testWorkspace({ demo: true });
  await loadDemoAssessment(t.ctx); // inspections, findings, rectifications and locked months to aim at
  rendererDir = tempDir('sanidesk-renderer-');
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');
  host = await startHttpHost({ ws: t.ctx.ws, rendererDir, token: TOKEN });
}, 120_000);
afterAll(async () => {
  await host?.close();
  await t?.close();
  rmSync(rendererDir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  body: { ok?: unknown; data?: unknown; error?: { code?: unknown; message?: unknown } } | null;
  text: string;
}

async function post(method: string, body: string, session: string): Promise<Answer> {
  const res = await fetch(`${host.url}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-SaniDesk-Token': TOKEN, 'X-SaniDesk-Session': session },
    body,
  });
  const text = await res.text();
  let parsed: Answer['body'] = null;
  try {
    parsed = JSON.parse(text) as Answer['body'];
  } catch {
    parsed = null;
  }
  return { status: res.status, body: parsed, text };
}

async function dataVersion(): Promise<number> {
  return (await t.ctx.ws.db.read.get<{ data_version: number }>('PRAGMA data_version'))!.data_version;
}

async function lastAudit(): Promise<number> {
  return (await t.ctx.ws.db.read.get<{ id: number | null }>('SELECT max(id) AS id FROM audit_log'))!.id ?? 0;
}

async function tableCounts(): Promise<Record<string, number>> {
  const tables = await t.ctx.ws.db.read.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
  const out: Record<string, number> = {};
  for (const { name } of tables) out[name] = (await t.ctx.ws.db.read.get<{ n: number }>(`SELECT count(*) AS n FROM "${name}"`))!.n;
  return out;
}

/** An administrator's session, opened again when a fuzzed call ended it (auth.logout, a password reset, a demotion). */
async function adminSession(current: string | null): Promise<{ session: string; renewed: boolean }> {
  const user = current ? await host.sessions.resolve(current) : null;
  if (user?.role === 'admin') return { session: current!, renewed: false };
  const admin = await t.ctx.ws.db.read.get<{ id: number }>("SELECT id FROM users WHERE role = 'admin' AND active = 1 ORDER BY id LIMIT 1");
  if (!admin) throw new Error('no active administrator left: the last-administrator rule failed');
  return { session: host.sessions.open(admin.id), renewed: true };
}

function shuffle<T>(list: T[], gen: Generator): T[] {
  for (let i = list.length - 1; i > 0; i -= 1) {
    const j = gen.int(i + 1);
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
}

describe('fuzz: every method of the contract through the HTTP host', () => {
  it(`answers ${TOTAL.toLocaleString()}+ hostile inputs with structured Chinese refusals, no internal error, nothing written by a refusal`, async () => {
    const methods = Object.entries(api) as Array<[string, MethodDef]>;
    const schemas = new Map(methods.map(([name, def]) => [name, z.toJSONSchema(def.input, { io: 'input', unrepresentable: 'any' }) as JsonSchema]));
    const ledgers = [...Object.values(LEDGERS), creditRecords];
    const knownKeys = [...new Set(ledgers.flatMap((l) => l.def.fields.map((f) => f.key)))];
    const gen = new Generator(SEED, knownKeys, Object.fromEntries(ledgers.map((l) => [l.def.prefix, l.def.fields.map((f) => f.key)])));
    const perMethod = Math.ceil(TOTAL / methods.length);
    const order = shuffle(methods.flatMap(([name]) => Array<string>(perMethod).fill(name)), gen);

    const counts = { inputs: 0, refused: 0, accepted: 0, acceptedWrites: 0, schemaValid: 0, writtenByRefused: 0, readMethodWrote: 0, internal: 0, unstructured: 0, notChinese: 0, refusedLoginWrites: 0, sessionsRenewed: 0 };
    const byCode: Record<string, number> = {};
    const acceptedWritesBy: Record<string, number> = {};
    const perMethodCount: Record<string, number> = {};
    const failures: Array<Record<string, unknown>> = [];
    const fail = (n: number, input: FuzzInput, what: string, answer?: Answer) => {
      if (failures.length < 40) failures.push({ n, what, method: input.method, kind: input.kind, body: input.body.slice(0, 300), answer: answer?.text.slice(0, 300) });
    };

    let { session } = await adminSession(null);
    for (let n = 0; n < order.length; n += 1) {
      const method = order[n];
      const def = api[method as keyof typeof api] as MethodDef;
      const input = gen.input(method, schemas.get(method)!);
      let parsedBody: unknown;
      try {
        parsedBody = input.body ? JSON.parse(input.body) : {};
      } catch {
        parsedBody = undefined;
      }
      if (parsedBody !== undefined && def.input.safeParse(parsedBody).success) counts.schemaValid += 1;
      const checkRefusalWrites = method in REFUSAL_WRITES;
      const countsBefore = checkRefusalWrites ? await tableCounts() : null;
      const version = await dataVersion();
      const audit = await lastAudit();

      const answer = await post(method, input.body, session);
      counts.inputs += 1;
      perMethodCount[method] = (perMethodCount[method] ?? 0) + 1;
      const wrote = (await dataVersion()) !== version;
      const body = answer.body;
      if (!body || typeof body.ok !== 'boolean') {
        counts.unstructured += 1;
        fail(n, input, 'unstructured answer', answer);
      } else if (body.ok) {
        counts.accepted += 1;
        if (def.writes) {
          counts.acceptedWrites += wrote ? 1 : 0;
          if (wrote) acceptedWritesBy[method] = (acceptedWritesBy[method] ?? 0) + 1;
        } else if (wrote) {
          counts.readMethodWrote += 1;
          fail(n, input, 'a method declared writes:false committed a change', answer);
        }
      } else {
        counts.refused += 1;
        const error = body.error;
        const code = typeof error?.code === 'string' ? error.code : '(none)';
        byCode[code] = (byCode[code] ?? 0) + 1;
        if (typeof error?.message !== 'string' || typeof error?.code !== 'string') {
          counts.unstructured += 1;
          fail(n, input, 'error without code and message', answer);
        } else if (!CHINESE.test(error.message)) {
          counts.notChinese += 1;
          fail(n, input, 'message not in Chinese', answer);
        }
        if (code === 'internal') {
          counts.internal += 1;
          fail(n, input, 'internal error', answer);
        }
        if (wrote || (await lastAudit()) !== audit) {
          const allowed = REFUSAL_WRITES[method];
          const entries = await t.ctx.ws.db.read.all<{ method: string }>('SELECT method FROM audit_log WHERE id > ?', [audit]);
          const after = countsBefore ? await tableCounts() : null;
          const otherTables = after ? Object.keys(after).filter((k) => !['audit_log', 'audit_refs'].includes(k) && after[k] !== countsBefore![k]) : ['?'];
          if (allowed && entries.every((e) => allowed.includes(e.method)) && otherTables.length === 0) counts.refusedLoginWrites += 1;
          else {
            counts.writtenByRefused += 1;
            fail(n, input, `refused call wrote: audit ${entries.map((e) => e.method).join(',')} tables ${otherTables.join(',')}`, answer);
          }
        }
      }
      const renewed = await adminSession(session);
      session = renewed.session;
      if (renewed.renewed) counts.sessionsRenewed += 1;
    }

    // Still answering, and the file is sound after everything that was accepted.
    const info = await post('workspace.info', '{}', session);
    expect(info.body?.ok).toBe(true);
    const integrity = await t.ctx.ws.db.read.all<{ integrity_check: string }>('PRAGMA integrity_check');
    const chain = await verifyAudit(t.ctx.ws.db);
    const rows = await verifyLedgerRows(t.ctx.ws.db);

    console.log(`fuzz seed ${SEED}: ${methods.length} methods × ${perMethod} inputs`);
    console.log(
      `  inputs ${counts.inputs}, refused ${counts.refused}, accepted ${counts.accepted} (of which committed writes ${counts.acceptedWrites}), schema-valid ${counts.schemaValid}`,
    );
    console.log(
      `  written-by-refused ${counts.writtenByRefused}, read-method-wrote ${counts.readMethodWrote}, internal ${counts.internal}, unstructured ${counts.unstructured}, not-Chinese ${counts.notChinese}`,
    );
    console.log(`  refused logins that counted the failure (allowed) ${counts.refusedLoginWrites}, admin sessions renewed ${counts.sessionsRenewed}`);
    console.log(`  refusals by code ${JSON.stringify(byCode)}`);
    console.log(`  accepted writes by method ${JSON.stringify(acceptedWritesBy)}`);
    console.log(`  after: integrity ${integrity[0].integrity_check}, audit chain ${chain.ok ? 'ok' : chain.firstBroken?.reason} (${chain.entries} entries), ledger rows vs audit ${rows.ok ? 'ok' : rows.total} (${rows.rows} rows)`);
    if (failures.length) console.log(JSON.stringify(failures, null, 1));

    expect(failures).toEqual([]);
    expect(counts.inputs).toBeGreaterThanOrEqual(TOTAL);
    expect(Object.keys(perMethodCount).sort()).toEqual(methods.map(([name]) => name).sort());
    expect(counts).toMatchObject({ writtenByRefused: 0, readMethodWrote: 0, internal: 0, unstructured: 0, notChinese: 0 });
    expect(integrity).toEqual([{ integrity_check: 'ok' }]);
    expect(chain.ok).toBe(true);
    expect(rows.differences).toEqual([]);
  });
});
