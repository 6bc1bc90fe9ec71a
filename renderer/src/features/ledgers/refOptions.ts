/**
 * Choices for reference fields (所属街道, 社区(村), 作业单位, 所属合同 …): loaded once per screen for every
 * ledger the fields point at, in the referenced ledger's own order, named the way clerks name those rows.
 */
import type { ApiResult, FieldDef } from '../../../../db/api';
import { call } from '../../api';
import { ledgerCalls, type LedgerPrefix } from '../../components/ledger/ledgerApi';
import type { LedgerRow, RefOption } from '../../components/ledger/types';

type AnyRow = LedgerRow & Record<string, unknown>;

/** How a row of a referenced ledger is named in a cell, and which field scopes it (a section → its contract). */
interface RefSource {
  label(row: AnyRow): string;
  parent?: string;
  /** Where a name shared by two rows is told apart: 城关街道/光明社区. */
  qualify?(row: AnyRow): string;
}

const text = (v: unknown) => (v == null ? '' : String(v));

const SOURCES: Record<string, RefSource> = {
  streets: { label: (r) => text(r.name) },
  communities: { label: (r) => text(r.name), parent: 'streetId', qualify: (r) => text(r.streetName) },
  estates: { label: (r) => text(r.name), parent: 'communityId', qualify: (r) => text(r.communityName) },
  contractors: { label: (r) => text(r.name) },
  contracts: { label: (r) => text(r.contractNo) },
  sections: { label: (r) => `${text(r.contractNo)} ${text(r.sectionNo)}`.trim(), parent: 'contractId' },
};

/** Choices need distinct labels (a label picked or pasted is turned back into its row): shared names are qualified. */
function toOptions(rows: AnyRow[], source: RefSource): RefOption[] {
  const labels = rows.map((r) => source.label(r) || `#${r.id}`);
  const count = new Map<string, number>();
  for (const l of labels) count.set(l, (count.get(l) ?? 0) + 1);
  return rows.map((r, i) => {
    const parent = source.parent ? r[source.parent] : undefined;
    const shared = (count.get(labels[i]) ?? 0) > 1 && source.qualify;
    return { value: r.id, label: shared ? `${source.qualify!(r)}/${labels[i]}` : labels[i], parentId: typeof parent === 'number' ? parent : undefined };
  });
}

async function loadOne(ref: string): Promise<ApiResult<RefOption[]>> {
  const source = SOURCES[ref] ?? { label: (r: AnyRow) => text(r.name ?? r.code) };
  // Streets and communities also come from geo.*, which every host has had from the start.
  if (ref === 'streets') {
    const r = await call('geo.streets', {});
    return r.ok ? { ok: true, data: toOptions(r.data as unknown as AnyRow[], source) } : r;
  }
  if (ref === 'communities') {
    const r = await call('geo.communities', {});
    return r.ok ? { ok: true, data: toOptions(r.data as unknown as AnyRow[], source) } : r;
  }
  const r = await ledgerCalls<AnyRow>(ref as LedgerPrefix).list();
  return r.ok ? { ok: true, data: toOptions(r.data, source) } : r;
}

/** Options for every referenced ledger among `fields`, keyed by FieldDef.ref. */
export async function loadRefOptions(fields: FieldDef[]): Promise<ApiResult<Record<string, RefOption[]>>> {
  const refs = [...new Set(fields.filter((f) => f.kind === 'ref' && f.ref).map((f) => f.ref!))];
  const results = await Promise.all(refs.map(loadOne));
  const data: Record<string, RefOption[]> = {};
  for (let i = 0; i < refs.length; i += 1) {
    const r = results[i];
    if (!r.ok) return r;
    data[refs[i]] = r.data;
  }
  return { ok: true, data };
}
