/**
 * One ledger on the generic grid from a small spec: its prefix in the contract, its words, how a row is named,
 * and optional extras (a toolbar action, a drawer section). Fields and reference choices are loaded here, so a
 * ledger screen is a spec and nothing else.
 */
import { useEffect, useState, type ReactNode } from 'react';
import type { FieldDef } from '../../../../db/api';
import { userScope, useWorkspace } from '../../app/workspace';
import { Tabs } from '../../components/Tabs';
import type { RowFilter } from '../../components/FilterChip';
import { LedgerGrid } from '../../components/ledger/LedgerGrid';
import { ledgerCalls, ledgerFields, type LedgerPrefix } from '../../components/ledger/ledgerApi';
import type { LedgerAdapter, LedgerRow, Patch, ReasonOverride, RefOption, ToolbarExtraContext } from '../../components/ledger/types';
import { t } from '../../i18n/zh-CN';
import { loadRefOptions } from './refOptions';

export interface LedgerSpec<R extends LedgerRow> {
  prefix: LedgerPrefix;
  /** Key of the remembered layout; differs from the prefix when one ledger has two views. */
  gridName: string;
  entityLabel: string;
  title: string;
  emptyTitle: string;
  emptyText: string;
  /** The import name (`estates`); absent for a ledger the importer does not take. */
  importName?: string;
  refScopes?: Record<string, string>;
  lockedFields?: Record<string, string>;
  reasonOverride?: ReasonOverride;
  /** Defaults of a new row beyond the fields' own (FieldDef.default). */
  newRowDefaults?: Patch;
  describeRow(row: R): string;
  /** Sent with list and export (the tonnage sheet's month). */
  filter?: Record<string, unknown>;
  toolbarExtra?(ctx: ToolbarExtraContext<R>): ReactNode;
  drawerExtra?(row: R, fields: FieldDef[]): ReactNode;
}

/** Fields the contract marks as locked after creation (FieldDef.lockedAfterCreate), with the reason. */
function lockedByContract(fields: FieldDef[]): Record<string, string> | undefined {
  const locked = Object.fromEntries(fields.flatMap((f) => (f.lockedAfterCreate ? [[f.key, f.lockedAfterCreate]] : [])));
  return Object.keys(locked).length ? locked : undefined;
}

function adapterOf<R extends LedgerRow>(spec: LedgerSpec<R>, fields: FieldDef[], refOptions: Record<string, RefOption[]>): LedgerAdapter<R> {
  const defaults: Patch = {};
  for (const f of fields) if (f.default !== undefined && !f.derived) defaults[f.key] = f.default;
  return {
    gridName: spec.gridName,
    entityLabel: spec.entityLabel,
    title: spec.title,
    importName: spec.importName,
    emptyTitle: spec.emptyTitle,
    emptyText: spec.emptyText,
    fields,
    refOptions,
    refScopes: spec.refScopes,
    lockedFields: spec.lockedFields ?? lockedByContract(fields),
    reasonOverride: spec.reasonOverride,
    newRowDefaults: { ...defaults, ...spec.newRowDefaults },
    describeRow: spec.describeRow,
    toolbarExtra: spec.toolbarExtra,
    drawerExtra: spec.drawerExtra,
    ...ledgerCalls<R>(spec.prefix, spec.filter),
  };
}

export function LedgerView<R extends LedgerRow>({ spec, rowFilter }: { spec: LedgerSpec<R>; rowFilter?: RowFilter | null }) {
  const { info } = useWorkspace();
  const [ledger, setLedger] = useState<LedgerAdapter<R> | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    setLedger(null);
    setError(null);
    void (async () => {
      const fields = await ledgerFields(spec.prefix);
      if (!current) return;
      if (!fields.ok) {
        setError(fields.error.message);
        return;
      }
      const refs = await loadRefOptions(fields.data);
      if (!current) return;
      if (!refs.ok) setError(refs.error.message);
      else setLedger(adapterOf(spec, fields.data, refs.data));
    })();
    return () => {
      current = false;
    };
  }, [spec]);

  if (error) {
    return (
      <p className="text-error" role="alert">
        {t.grid.loadFailed}:{error}
      </p>
    );
  }
  if (!ledger) return <p className="muted">{t.ledgers.loading(spec.title)}</p>;
  return <LedgerGrid ledger={ledger} layoutScope={userScope(info)} rowFilter={rowFilter} />;
}

/** A ledger screen: its title and the grid (with a drill-down's rows only, when it was opened from a chart). */
export function LedgerPage<R extends LedgerRow>({ spec, rowFilter }: { spec: LedgerSpec<R>; rowFilter?: RowFilter | null }) {
  return (
    <section className="ledger-page" aria-label={spec.title}>
      <h1 className="page-title">{spec.title}</h1>
      <LedgerView spec={spec} rowFilter={rowFilter} />
    </section>
  );
}

export interface LedgerTab {
  key: string;
  label: string;
  spec: LedgerSpec<LedgerRow>;
  /** Controls beside the tabs while this tab is open (the tonnage sheet's month). */
  extra?: ReactNode;
}

/** A screen of two related ledgers, one grid at a time; `rowFilter` applies to the open tab. */
export function TabbedLedgerPage({
  title,
  tabs,
  current,
  onChange,
  rowFilter,
}: {
  title: string;
  tabs: LedgerTab[];
  current: string;
  onChange(key: string): void;
  rowFilter?: RowFilter | null;
}) {
  const tab = tabs.find((x) => x.key === current) ?? tabs[0];
  return (
    <section className="ledger-page" aria-label={title}>
      <h1 className="page-title">{title}</h1>
      <Tabs tabs={tabs} current={tab.key} onChange={onChange} label={title} extra={tab.extra} />
      <LedgerView key={tab.key} spec={tab.spec} rowFilter={rowFilter} />
    </section>
  );
}
