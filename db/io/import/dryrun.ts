/**
 * The dry run: every prepared row checked as `upsertBulk` would check it — coerced, names resolved, the ledger's
 * record rules, every unique key against the live rows and the earlier rows of the file, fields that only change
 * through their own method — and counted as add / update / unchanged / refused, all without writing.
 *
 * It reads more than the write path keeps: the rules' warnings, what each refused value was understood as, and
 * for a name without an exact match the closest name to propose. The commit goes through `upsertBulk` itself;
 * a test keeps the two counts equal.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { FieldErrors } from '../../errors';
import type { AnyLedger } from '../../ledgers';
import { changedKeys, coerceRecord, type RowMeta, type Values } from '../../ledger/record';
import type { Database } from '../../sqlite';
import { ProblemWriter, understood, type ImportProblem } from './problems';
import type { PreparedRow } from './prepare';
import type { RefDirectory } from './refs';

export interface MatchProposal {
  row: number;
  column: string;
  field: string;
  written: string;
  proposedId: number;
  proposedName: string;
  reason: string;
}

export interface DryRunCounts {
  valid: number;
  refused: number;
  add: number;
  update: number;
  unchanged: number;
}

export interface DryRun {
  problems: ImportProblem[];
  matches: MatchProposal[];
  counts: DryRunCounts;
}

export async function dryRun(
  ledger: AnyLedger,
  db: Database,
  prepared: PreparedRow[],
  writer: ProblemWriter,
  refs: RefDirectory,
  onRow?: (done: number, total: number) => void,
): Promise<DryRun> {
  const { def } = ledger;
  const context = await def.loadContext(db.read);
  const holders = ledger.keys.map(() => new Map<string, RowMeta>());
  for (const row of (await ledger.list(db)) as RowMeta[]) {
    ledger.keys.forEach((key, i) => {
      const k = key.of(row as unknown as Values);
      if (k != null) holders[i].set(k, row);
    });
  }
  const natural = ledger.naturalKey;
  const resolveKey = ledger.keys.some((k) => k.fields.some((f) => f.kind === 'ref'));
  const seenAt = ledger.keys.map(() => new Map<string, number>());
  const fieldByKey = new Map(def.fields.map((f) => [f.key, f]));
  const stored = (row: RowMeta) => Object.fromEntries(ledger.writable.map((f) => [f.key, (row as unknown as Values)[f.key] ?? null])) as Values;
  const problems: ImportProblem[] = [];
  const matches: MatchProposal[] = [];
  const counts: DryRunCounts = { valid: 0, refused: 0, add: 0, update: 0, unchanged: 0 };
  /** The first row of a duplicated key: it is not refused, but the clerk sees both rows (DOMAIN §7 E1). */
  const echoes: Array<{ row: number; field: string; message: string }> = [];

  for (let n = 0; n < prepared.length; n += 1) {
    const p = prepared[n];
    if (n % 2000 === 0) {
      onRow?.(n, prepared.length);
      await yieldToLoop(); // a long file: other calls to the host get their turn
    }
    const { values: given, errors: coerceErrors } = coerceRecord(def.fields, p.input, 'patch');
    const probe: Values = { ...given };
    if (resolveKey) def.resolveRefs?.(probe, context, {});
    const key = natural.of(probe);
    let current = key == null ? undefined : holders[0].get(key);
    // A row without its natural key (an estate sheet without codes) is matched on the other unique keys.
    for (let i = 1; key == null && !current && i < ledger.keys.length; i += 1) {
      const k = ledger.keys[i].of(probe);
      if (k != null) current = holders[i].get(k);
    }
    let values: Values;
    let errors: FieldErrors;
    if (current) {
      values = { ...stored(current), ...given };
      errors = coerceErrors;
    } else {
      ({ values, errors } = coerceRecord(def.fields, p.input, 'create'));
    }
    def.resolveRefs?.(values, context, errors);
    const outcome = def.checkRecord(values, context, current?.id ?? null);
    const rowErrors: FieldErrors = { ...outcome.errors, ...errors };
    ledger.keys.forEach((uniqueKey, i) => {
      const k = uniqueKey.of(values);
      if (k == null || uniqueKey.blocked(rowErrors)) return;
      const holder = holders[i].get(k) as (RowMeta & { name?: string | null }) | undefined;
      const firstRow = seenAt[i].get(k);
      if (holder && holder.id !== current?.id) {
        rowErrors[uniqueKey.errorField.key] = `${uniqueKey.phrase(values)} 已被${holder.name ? `“${holder.name}”` : '另一条记录'}使用,必须唯一`;
      } else if (firstRow != null) {
        rowErrors[uniqueKey.errorField.key] = `${uniqueKey.phrase(values)} 与第 ${firstRow} 行重复`;
        echoes.push({ row: firstRow, field: uniqueKey.errorField.key, message: `${uniqueKey.phrase(values)} 在第 ${p.row} 行重复出现,请核对这两行` });
      } else seenAt[i].set(k, p.row);
    });
    const changed = current ? changedKeys(stored(current), Object.fromEntries(Object.keys(given).map((k) => [k, values[k]]))) : [];
    for (const k of changed) {
      const message = def.readOnlyOnUpdate?.[k];
      if (message && !rowErrors[k]) rowErrors[k] = message;
    }

    // What a value from the file was understood as: only for cells that were read without a coercion error.
    const show = (field: string) => {
      const f = fieldByKey.get(field);
      if (!f || !(field in p.input) || errors[field] || (f.kind === 'ref' && typeof values[field] !== 'number')) return undefined;
      return understood(f, values[field], (id) => refs.nameOf(f, id));
    };
    for (const [field, message] of Object.entries(rowErrors)) {
      const f = fieldByKey.get(field);
      const written = p.input[field];
      const proposal = f?.kind === 'ref' && typeof written === 'string' && !p.notes[field] ? refs.propose(f, written, values) : null;
      if (!proposal) {
        problems.push(writer.problem(p, p.row, field, message, 'error', show(field)));
        continue;
      }
      problems.push(
        writer.problem(p, p.row, field, `没有名为“${written}”的${refs.noun(f!)};是否指“${proposal.name}”?(${proposal.reason})请确认这个匹配,或改正表格中的名称`, 'error'),
      );
      const at = problems[problems.length - 1];
      matches.push({ row: p.row, column: at.column, field, written: String(written), proposedId: proposal.id, proposedName: proposal.name, reason: proposal.reason });
    }
    for (const w of outcome.warnings) problems.push(writer.problem(p, p.row, w.field, w.message, 'warning', w.field ? show(w.field) : undefined));
    if (Object.keys(rowErrors).length) counts.refused += 1;
    else {
      counts.valid += 1;
      if (!current) counts.add += 1;
      else if (changed.length) counts.update += 1;
      else counts.unchanged += 1;
    }
  }
  onRow?.(prepared.length, prepared.length);
  if (echoes.length) {
    const byRow = new Map(prepared.map((p) => [p.row, p]));
    for (const e of echoes) problems.push(writer.problem(byRow.get(e.row), e.row, e.field, e.message, 'warning'));
  }
  problems.sort((a, b) => a.row - b.row || a.column.length - b.column.length || a.column.localeCompare(b.column));
  return { problems, matches, counts };
}
