/**
 * Crash safety (issue 7 item 3): a committed change survives a killed process and an uncommitted one leaves no
 * trace. Twenty trials, alternating a 20,000-row toilet workbook through `import.commit` and a pasted block of
 * 3,000 updates and 500 new rows through `toilets.batch`, each sent to the headless host running in its own
 * process (host-child.ts), which is SIGKILLed at a random moment: half the trials aim before the commit (a share
 * of the time the same call took to commit uninterrupted), half just after a reader of our own saw it commit
 * (the import's last progress event before the kill is printed: reading, checking, writing). Then the workspace
 * is reopened in this process and:
 *
 * - the host's lock is taken over (a killed host does not lock its workspace out);
 * - `PRAGMA integrity_check` is ok, the audit chain verifies, every ledger row matches its audit trail;
 * - the change is all there or not at all: the 20,000 rows and the import's one audit entry, or none of them;
 *   the 3,000 updated remarks, the 500 new rows and their 3,500 audit entries, or none of them;
 * - a call that answered ok, or was seen committed, before the kill is there (a commit is durable).
 *
 * Seeded (SANIDESK_CRASH_SEED): the kill moments reproduce. Prints every trial and the counts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '../../db/context';
import { generateDemoDistrict, loadDemoDistrict, seededRandom } from '../../db/demo/demo';
import { verifyAudit } from '../../db/audit/audit';
import { verifyLedgerRows } from '../../db/audit/rows';
import type { FieldValue } from '../../db/fields';
import { headerWithUnit } from '../../db/io/export';
import { minimalXlsx, sheetXml } from '../../db/io/import/testing';
import { tempDir } from '../../db/testing';
import { TOILET_WRITABLE } from '../../db/toilets/fields';
import { toilets } from '../../db/toilets/service';
import { defaultOperator } from '../../db/users/users';
import { acquireWorkspaceLock } from '../../db/workspace/lock';
import { Database } from '../../db/sqlite';
import { DB_FILE_NAME, openWorkspace } from '../../db/workspace/workspace';

const ROOT = resolve(__dirname, '..', '..');
const SEED = Number(process.env.SANIDESK_CRASH_SEED ?? 20251108);
const TRIALS = 20;
const IMPORT_ROWS = 20_000;
const BASE_EXTRA = 5_000;
const PASTE_UPDATES = 3_000;
const PASTE_CREATES = 500;
const TOKEN = 'crash-token';

let base: string;
let rendererDir: string;

/** Toilet rows as the demo generator makes them, renamed so that they are new to the workspace. */
function newToilets(seed: number, count: number, prefix: string) {
  return generateDemoDistrict(seed, count).toilets.map((t) => {
    const code = `${prefix}${String(t.sourceRow).padStart(5, '0')}`;
    return { ...t, values: { ...t.values, code, name: `${String(t.values.name)}-${code}` } };
  });
}

function xmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A clerk's workbook of toilets: the ledger's headers in row 1, one row per toilet (inline strings, numbers). */
function toiletWorkbook(rows: Array<{ values: Record<string, unknown> }>): Buffer {
  const letter = (i: number) => (i < 26 ? '' : String.fromCharCode(64 + Math.floor(i / 26))) + String.fromCharCode(65 + (i % 26));
  const cell = (row: number, col: number, value: unknown): string => {
    if (value == null || (Array.isArray(value) && !value.length)) return '';
    const ref = `${letter(col)}${row}`;
    if (typeof value === 'number') return `<c r="${ref}"><v>${value}</v></c>`;
    const text = typeof value === 'boolean' ? (value ? '是' : '否') : Array.isArray(value) ? value.join('、') : String(value);
    return `<c r="${ref}" t="inlineStr"><is><t>${xmlText(text)}</t></is></c>`;
  };
  const lines = [`<row r="1">${TOILET_WRITABLE.map((f, c) => cell(1, c, headerWithUnit(f))).join('')}</row>`];
  rows.forEach((r, i) => lines.push(`<row r="${i + 2}">${TOILET_WRITABLE.map((f, c) => cell(i + 2, c, r.values[f.key])).join('')}</row>`));
  return minimalXlsx({ data: sheetXml(lines.join('')) }, { sheetName: '公厕台账' });
}

interface Host {
  child: ChildProcess;
  url: string;
  session: string;
  stderr: () => string;
  /** The last progress event the host sent (server-sent events): where the call was when it was killed. */
  phase: () => string;
}

/** Follows the session's progress stream (as the console's progress bar does: a ticket, then the stream) until the host dies. */
function followProgress(url: string, session: string): () => string {
  let last = '—';
  void (post(url, session, 'events/ticket', {}) as Promise<{ data: { ticket: string } }>)
    .then(({ data }) => fetch(`${url}/api/events?ticket=${data.ticket}`))
    .then(async (res) => {
      const decoder = new TextDecoder();
      let buffered = '';
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffered += decoder.decode(chunk, { stream: true });
        for (let end = buffered.indexOf('\n\n'); end >= 0; end = buffered.indexOf('\n\n')) {
          const data = /^data: (.*)$/m.exec(buffered.slice(0, end));
          buffered = buffered.slice(end + 2);
          if (data) {
            const event = JSON.parse(data[1]) as { label: string; done: number; total: number };
            last = `${event.label} ${event.done}/${event.total}`;
          }
        }
      }
    })
    .catch(() => undefined); // the stream ends with the host
  return () => last;
}

async function startHost(dir: string): Promise<Host> {
  // node itself with tsx as a loader, so that the pid killed is the host's own.
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/reliability/host-child.ts', dir, TOKEN, rendererDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const url = await new Promise<string>((resolvePromise, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolvePromise((JSON.parse(line) as { url: string }).url);
    });
    child.once('exit', (code) => reject(new Error(`host exited with ${code}: ${err}`)));
  });
  const login = (await post(url, null, 'auth.login', { login: 'admin', password: 'demo1234' })) as { ok: boolean; data: { session: string } };
  if (!login.ok) throw new Error(`login failed: ${JSON.stringify(login)}`);
  return { child, url, session: login.data.session, stderr: () => err, phase: followProgress(url, login.data.session) };
}

async function post(url: string, session: string | null, method: string, input: unknown): Promise<unknown> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-SaniDesk-Token': TOKEN };
  if (session) headers['X-SaniDesk-Session'] = session;
  const res = await fetch(`${url}/api/${method}`, { method: 'POST', headers, body: JSON.stringify(input) });
  return res.json();
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolvePromise) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolvePromise();
    child.once('exit', () => resolvePromise());
    child.kill('SIGKILL');
  });
}

/** A fresh copy of the base workspace (closed, so the file alone is the whole database). */
function trialDir(): string {
  const dir = tempDir('sanidesk-crash-');
  copyFileSync(join(base, DB_FILE_NAME), join(dir, DB_FILE_NAME));
  return dir;
}

type Kind = 'import' | 'paste';
type KillMode = 'before commit' | 'after commit';

interface Trial {
  kind: Kind;
  method: string;
  input: unknown;
  /** What the change looks like once committed, counted in the reopened file. */
  measure(db: Database): Promise<{ rows: number; audit: number }>;
  committed: { rows: number; audit: number };
}

function importTrial(k: number): Trial {
  const prefix = `T${k}-`;
  const workbook = toiletWorkbook(newToilets(SEED + k, IMPORT_ROWS, prefix));
  return {
    kind: 'import',
    method: 'import.commit',
    input: { ledger: 'toilets', fileName: `公厕台账-${k}.xlsx`, base64: workbook.toString('base64'), mapping: {} },
    committed: { rows: IMPORT_ROWS, audit: 1 },
    measure: async (db) => ({
      rows: (await db.read.get<{ n: number }>('SELECT count(*) AS n FROM toilets WHERE code LIKE ?', [`${prefix}%`]))!.n,
      audit: (await db.read.get<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE method = 'import.commit'"))!.n,
    }),
  };
}

function pasteTrial(k: number, ids: number[]): Trial {
  const marker = `粘贴-${k}`;
  const prefix = `P${k}-`;
  return {
    kind: 'paste',
    method: 'toilets.batch',
    input: {
      updates: ids.slice(0, PASTE_UPDATES).map((id, i) => ({ sourceRow: i + 1, id, version: 1, patch: { remarks: marker } })),
      creates: newToilets(SEED + 100 + k, PASTE_CREATES, prefix).map((t, i) => ({ sourceRow: PASTE_UPDATES + i + 1, values: t.values as Record<string, FieldValue> })),
    },
    committed: { rows: PASTE_UPDATES + PASTE_CREATES, audit: PASTE_UPDATES + PASTE_CREATES },
    measure: async (db) => ({
      rows:
        (await db.read.get<{ n: number }>('SELECT count(*) AS n FROM toilets WHERE remarks = ?', [marker]))!.n +
        (await db.read.get<{ n: number }>('SELECT count(*) AS n FROM toilets WHERE code LIKE ?', [`${prefix}%`]))!.n,
      audit: (await db.read.get<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE method = 'toilets.batch'"))!.n,
    }),
  };
}

beforeAll(async () => {
  rendererDir = tempDir('sanidesk-renderer-');
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');
  // The base: the demo district (users with the documented passwords) and 5,000 more toilets to paste over.
  base = tempDir('sanidesk-crash-base-');
  const ws = await openWorkspace(base);
  const ctx: Ctx = { ws, user: await defaultOperator(ws.db) };
  await loadDemoDistrict(ctx);
  await ws.db.write((tx) => toilets.insertBulk(ctx, tx, newToilets(SEED - 1, BASE_EXTRA, 'B-'), 'test.load'));
  await ws.db.close();
}, 300_000);
afterAll(() => {
  for (const dir of [base, rendererDir]) if (dir && existsSync(dir)) rmSync(dir, { recursive: true, force: true });
});

describe('crash safety: SIGKILL in the middle of a large import and a large paste', () => {
  it(`${TRIALS} trials: every change all there or not at all, the file sound, acknowledged commits kept`, async () => {
    const ids = await (async () => {
      const ws = await openWorkspace(base, { create: false });
      const rows = await ws.db.read.all<{ id: number }>("SELECT id FROM toilets WHERE code LIKE 'B-%' ORDER BY id");
      await ws.db.close();
      return rows.map((r) => r.id);
    })();
    const makeTrial = (k: number): Trial => (k % 2 === 0 ? importTrial(k) : pasteTrial(k, ids));

    // When each call commits when nothing stops it, seen from here by polling the file with a reader of our own
    // (WAL lets it read beside the host): the kills aimed before the commit fall within that time.
    const duration: Record<Kind, number> = { import: 0, paste: 0 };
    const commitAt: Record<Kind, number> = { import: 0, paste: 0 };
    for (const k of [-2, -1]) {
      const trial = makeTrial(k);
      const dir = trialDir();
      const host = await startHost(dir);
      const watcher = await Database.open(join(dir, DB_FILE_NAME), { readonly: true });
      const t0 = performance.now();
      let done = false;
      const call = post(host.url, host.session, trial.method, trial.input).finally(() => (done = true));
      while (!commitAt[trial.kind]) {
        const found = await trial.measure(watcher);
        if (found.rows === trial.committed.rows) commitAt[trial.kind] = performance.now() - t0;
        else if (done) break;
        else await new Promise((r) => setTimeout(r, 20));
      }
      const answer = (await call) as { ok: boolean };
      duration[trial.kind] = performance.now() - t0;
      expect(answer, `calibration ${trial.kind}: ${JSON.stringify(answer).slice(0, 300)}`).toMatchObject({ ok: true });
      expect(commitAt[trial.kind], `calibration ${trial.kind}: commit seen`).toBeGreaterThan(0);
      await watcher.close();
      await killed(host.child);
      rmSync(dir, { recursive: true, force: true });
    }

    const rand = seededRandom(SEED);
    const results: Array<{ k: number; kind: Kind; mode: KillMode; delayMs: number; phase: string; answered: boolean; outcome: 'committed' | 'rolled back' | 'PARTIAL' }> = [];
    for (let k = 0; k < TRIALS; k += 1) {
      const trial = makeTrial(k);
      const dir = trialDir();
      const host = await startHost(dir);
      // Half the kills at a random moment before the commit (from the calibrated time: machines are noisy, so some
      // land after it anyway), half at a random moment up to 250 ms after a reader of our own saw the commit,
      // before or while the host answers. Atomicity is tested by the first, durability by the second.
      const mode: KillMode = rand() < 0.5 ? 'before commit' : 'after commit';
      const pause = mode === 'before commit' ? Math.round((0.1 + rand() * 0.85) * commitAt[trial.kind]) : Math.round(rand() * 250);
      let answered = false;
      let done = false;
      const t0 = performance.now();
      const call = post(host.url, host.session, trial.method, trial.input).then(
        (answer) => {
          answered = (answer as { ok?: boolean }).ok === true;
          return answer;
        },
        () => null, // the connection dies with the host
      ).finally(() => (done = true));
      if (mode === 'after commit') {
        const watcher = await Database.open(join(dir, DB_FILE_NAME), { readonly: true });
        while (!done && (await trial.measure(watcher)).rows !== trial.committed.rows) await new Promise((r) => setTimeout(r, 10));
        await watcher.close();
      }
      await Promise.race([new Promise((r) => setTimeout(r, pause)), call]);
      const delayMs = Math.round(performance.now() - t0);
      const phase = host.phase();
      await killed(host.child);
      await call;

      // Reopen in this process, as the next start of the app would.
      const lock = acquireWorkspaceLock(dir);
      const ws = await openWorkspace(dir, { create: false });
      try {
        const integrity = await ws.db.read.all<{ integrity_check: string }>('PRAGMA integrity_check');
        expect(integrity, `trial ${k}`).toEqual([{ integrity_check: 'ok' }]);
        const chain = await verifyAudit(ws.db);
        expect(chain.ok, `trial ${k}: ${chain.firstBroken?.reason}`).toBe(true);
        const rows = await verifyLedgerRows(ws.db);
        expect(rows.differences, `trial ${k}`).toEqual([]);
        const found = await trial.measure(ws.db);
        const outcome =
          found.rows === trial.committed.rows && found.audit === trial.committed.audit
            ? 'committed'
            : found.rows === 0 && found.audit === 0
              ? 'rolled back'
              : 'PARTIAL';
        results.push({ k, kind: trial.kind, mode, delayMs, phase, answered, outcome });
        console.log(
          `  trial ${String(k).padStart(2)} ${trial.kind.padEnd(6)} aimed ${mode.padEnd(13)} SIGKILL after ${String(delayMs).padStart(5)} ms  (last progress: ${phase.padEnd(18)})  ${answered ? 'answered ok' : 'no answer  '} → ${outcome}`,
        );
        expect(outcome, `trial ${k} (${trial.kind}, kill after ${delayMs} ms): ${JSON.stringify(found)}`).not.toBe('PARTIAL');
        if (answered) expect(outcome, `trial ${k}: answered ok, then killed`).toBe('committed');
        if (mode === 'after commit') expect(outcome, `trial ${k}: killed after the commit was seen`).toBe('committed');
      } finally {
        await ws.db.close();
        lock.release();
        rmSync(dir, { recursive: true, force: true });
      }
    }

    const count = (f: (r: (typeof results)[number]) => boolean) => results.filter(f).length;
    console.log(
      `crash trials (seed ${SEED}): uninterrupted, the import of ${IMPORT_ROWS.toLocaleString()} rows committed after ${commitAt.import.toFixed(0)} ms (answer ${duration.import.toFixed(0)} ms), ` +
        `the paste of ${PASTE_UPDATES + PASTE_CREATES} rows after ${commitAt.paste.toFixed(0)} ms (answer ${duration.paste.toFixed(0)} ms)`,
    );
    console.log(
      `  trials ${results.length}, all-or-nothing ${count((r) => r.outcome !== 'PARTIAL')}, committed ${count((r) => r.outcome === 'committed')}, rolled back ${count((r) => r.outcome === 'rolled back')}, partial ${count((r) => r.outcome === 'PARTIAL')}; integrity, audit chain and ledger rows ok after every trial`,
    );
    expect(results).toHaveLength(TRIALS);
    expect(count((r) => r.outcome === 'PARTIAL')).toBe(0);
  });
});
