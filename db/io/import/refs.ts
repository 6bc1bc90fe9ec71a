/**
 * Names of the rows other ledgers point at (streets, communities, estates, contractors, contracts), read once
 * per import through the ledger registry, for two jobs: proposing a match when a name in the file has no exact
 * match (DOMAIN §7 E7: 马巷 → 马巷镇, 上海西环境… → 上海西联环境…, 泉州开发区 → 泉州经济技术开发区), and
 * checking the ids a clerk confirmed. Exact names, short names and aliases are the ledgers' own `resolveRefs`;
 * a proposal is only ever a question to the clerk, never a silent merge.
 */
import type { FieldDef } from '../../fields';
import { ledgerByName } from '../../ledgers';
import type { Values } from '../../ledger/record';
import type { Database } from '../../sqlite';
import { compactText } from './headers';

interface RefEntry {
  id: number;
  name: string;
  /** Every name the row goes by, compacted (name, short name, aliases, code). */
  names: string[];
  /** The row's own references (a community's street): a proposal must agree with the importing row's. */
  scope: Record<string, unknown>;
}

export interface Proposal {
  id: number;
  name: string;
  reason: string;
}

/** Edit distance, giving up as soon as it must exceed `max` (returns max + 1 then). */
export function editDistance(a: string, b: string, max: number): number {
  const s = [...a];
  const t = [...b];
  if (Math.abs(s.length - t.length) > max) return max + 1;
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i += 1) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= t.length; j += 1) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
      rowMin = Math.min(rowMin, cur[j]);
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[t.length];
}

/** 泉州开发区 in 泉州经济技术开发区: same first character, every character in order. */
function abbreviates(short: string, long: string): boolean {
  const s = [...short];
  const l = [...long];
  if (s.length < 2 || s.length >= l.length || s[0] !== l[0]) return false;
  let i = 0;
  for (const ch of l) if (ch === s[i]) i += 1;
  return i === s.length;
}

function textOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

export class RefDirectory {
  private constructor(
    private readonly entries: Map<string, RefEntry[]>,
    private readonly nouns: Map<string, string>,
  ) {}

  /** Reads every ledger the fields refer to (one list each; a ledger not in the registry has no entries). */
  static async load(db: Database, fields: FieldDef[]): Promise<RefDirectory> {
    const entries = new Map<string, RefEntry[]>();
    const nouns = new Map<string, string>();
    for (const ref of new Set(fields.filter((f) => f.kind === 'ref' && f.ref).map((f) => f.ref!))) {
      const ledger = ledgerByName(ref);
      if (!ledger) continue;
      nouns.set(ref, ledger.def.noun);
      const keyFields = ledger.naturalKey.fields.filter((f) => f.kind !== 'ref').map((f) => f.key);
      const scopeKeys = ledger.def.fields.filter((f) => f.kind === 'ref').map((f) => f.key);
      const rows = (await ledger.list(db)) as unknown as Array<Record<string, unknown>>;
      entries.set(
        ref,
        rows.map((row) => {
          const display = String(row.name ?? keyFields.map((k) => row[k]).join(' '));
          const names = [row.name, row.shortName, row.aliases, ...keyFields.map((k) => row[k])].flatMap(textOf).map(compactText);
          return {
            id: Number(row.id),
            name: display,
            names: names.filter((n) => n.length >= 2),
            scope: Object.fromEntries(scopeKeys.map((k) => [k, row[k]])),
          };
        }),
      );
    }
    return new RefDirectory(entries, nouns);
  }

  /** What one row of the referenced ledger is called (街道, 作业单位), for messages. */
  noun(field: FieldDef): string {
    return this.nouns.get(field.ref ?? '') ?? field.label;
  }

  nameOf(field: FieldDef, id: number): string | undefined {
    return this.entries.get(field.ref ?? '')?.find((e) => e.id === id)?.name;
  }

  /** Whether the referenced ledger is readable here (so that ids can be checked). */
  knows(field: FieldDef): boolean {
    return this.entries.has(field.ref ?? '');
  }

  /**
   * The closest name for `written` among the rows that agree with the importing row's other references:
   * edit distance ≤ 2 (≤ 1 for names under 6 characters), either name inside the other, or an abbreviation.
   * Null when nothing is close, or when a row has this exact name (then the refusal is about something else).
   */
  propose(field: FieldDef, written: string, values: Values): Proposal | null {
    const w = compactText(written);
    if (w.length < 2) return null;
    const maxDistance = Math.min(2, Math.floor(w.length / 3));
    const candidates = (this.entries.get(field.ref ?? '') ?? []).filter((e) =>
      Object.entries(e.scope).every(([k, v]) => typeof values[k] !== 'number' || values[k] === v),
    );
    let best: { entry: RefEntry; rank: number; reason: string } | null = null;
    let ties = 0;
    for (const entry of candidates) {
      let rank = Infinity;
      let reason = '';
      for (const name of entry.names) {
        if (name === w) return null;
        const d = editDistance(w, name, maxDistance);
        const spread = Math.abs(name.length - w.length) / 100;
        if (d <= maxDistance && d < rank) {
          rank = d;
          reason = `与“${entry.name}”只差 ${d} 个字`;
        } else if ((name.includes(w) || w.includes(name)) && 3 + spread < rank) {
          rank = 3 + spread;
          reason = name.includes(w) ? `“${written}”是“${entry.name}”的一部分` : `“${written}”包含“${entry.name}”`;
        } else if (abbreviates(w, name) && 4 + spread < rank) {
          rank = 4 + spread;
          reason = `“${written}”像是“${entry.name}”的简称`;
        }
      }
      if (rank === Infinity) continue;
      if (!best || rank < best.rank) {
        best = { entry, rank, reason };
        ties = 0;
      } else if (rank === best.rank) ties += 1;
    }
    if (!best) return null;
    return {
      id: best.entry.id,
      name: best.entry.name,
      reason: ties ? `${best.reason};另有 ${ties} 个同样相近的名称,请核对` : best.reason,
    };
  }
}
