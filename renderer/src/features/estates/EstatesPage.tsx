/**
 * 台账 → 生活小区: the garbage-sorting estates (DOMAIN §2.2) and their monthly four-category tonnage. An
 * estate's status (创建等级) changes only through 状态变更, a dated decision record; its decisions are listed
 * in the row drawer. The tonnage sheet shows one month at a time (the working month by default).
 */
import { useEffect, useMemo, useState } from 'react';
import { useDrill } from '../drill/useDrill';
import type { Estate, EstateTonnage, FieldDef } from '../../../../db/api';
import { MonthPicker } from '../../app/MonthPicker';
import { status } from '../../app/status';
import { useWorkspace } from '../../app/workspace';
import type { ToolbarExtraContext } from '../../components/ledger/types';
import { optionLabel } from '../../components/ledger/values';
import { t } from '../../i18n/zh-CN';
import { TabbedLedgerPage, type LedgerSpec, type LedgerTab } from '../ledgers/LedgerView';
import { DecisionDialog } from './DecisionDialog';
import { EstateDecisions } from './EstateDecisions';

function DecideAction({ ctx }: { ctx: ToolbarExtraContext<Estate> }) {
  const [estate, setEstate] = useState<Estate | null>(null);
  return (
    <>
      <button
        type="button"
        className="button"
        title={t.estates.decideTitle}
        onClick={() => {
          const row = ctx.selected();
          if (row) setEstate(row);
          else status.notify('info', t.estates.decideNeedsRow);
        }}
        data-testid="btn-decide"
      >
        {t.estates.decide}
      </button>
      {estate && (
        <DecisionDialog
          estate={estate}
          fields={ctx.fields}
          onClose={() => setEstate(null)}
          onDecided={(row) => {
            setEstate(null);
            void ctx.reloadRow(row.id);
            const statusField = ctx.fields.find((f) => f.key === 'status');
            status.notify('info', t.estates.decided(`${row.code} ${row.name}`, statusField ? optionLabel(statusField, row.status) : row.status));
          }}
        />
      )}
    </>
  );
}

function decisions(row: Estate, fields: FieldDef[]) {
  const statusField = fields.find((f) => f.key === 'status');
  const levelField = fields.find((f) => f.key === 'statusLevel');
  return (
    <EstateDecisions
      estate={row}
      statusLabel={(s) => (statusField ? optionLabel(statusField, s) : s)}
      levelLabel={(l) => (levelField ? optionLabel(levelField, l) : (l ?? ''))}
    />
  );
}

const ESTATES: LedgerSpec<Estate> = {
  prefix: 'estates',
  gridName: 'estates',
  importName: 'estates',
  entityLabel: t.estates.entity,
  title: t.estates.title,
  emptyTitle: t.estates.emptyTitle,
  emptyText: t.estates.emptyText,
  describeRow: (row) => `${row.code} ${row.name}`,
  toolbarExtra: (ctx) => <DecideAction ctx={ctx} />,
  drawerExtra: decisions,
};

const DRILL_TARGETS = ['estates', 'tonnage'] as const;

function tonnageSpec(month: string | null): LedgerSpec<EstateTonnage> {
  return {
    prefix: 'tonnage',
    gridName: 'tonnage',
    importName: 'tonnage',
    entityLabel: t.estates.tonnageEntity,
    title: month ? `${t.estates.tonnageTitle}(${month})` : t.estates.tonnageTitle,
    emptyTitle: month ? t.estates.tonnageEmptyTitle(month) : t.estates.tonnageEmptyTitle(t.estates.allMonths),
    emptyText: t.estates.tonnageEmptyText,
    filter: month ? { month } : {},
    newRowDefaults: month ? { month } : {},
    describeRow: (row) => `${row.estateName} ${row.month}`,
  };
}

export function EstatesPage() {
  const { month: workingMonth } = useWorkspace();
  const [tab, setTab] = useState('estates');
  const [month, setMonth] = useState(workingMonth);
  const [allMonths, setAllMonths] = useState(false);
  const drill = useDrill(DRILL_TARGETS);
  // A drill-down opens the tab holding its rows; tonnage rows may span months, so the sheet shows them all.
  useEffect(() => {
    if (!drill.target) return;
    setTab(drill.target);
    if (drill.target === 'tonnage') setAllMonths(true);
  }, [drill.target]);
  const tonnage = useMemo(() => tonnageSpec(allMonths ? null : month), [allMonths, month]);
  const tabs: LedgerTab[] = [
    { key: 'estates', label: t.estates.estatesTab, spec: ESTATES },
    {
      key: 'tonnage',
      label: t.estates.tonnageTab,
      spec: tonnage,
      extra: (
        <div className="tab-filter" data-testid="tonnage-filter">
          {!allMonths && <MonthPicker value={month} onChange={setMonth} label={t.estates.month} testId="tonnage-month" />}
          <label className="check-label">
            <input type="checkbox" checked={allMonths} onChange={(e) => setAllMonths(e.target.checked)} data-testid="tonnage-all-months" />
            {t.estates.allMonths}
          </label>
        </div>
      ),
    },
  ];
  return <TabbedLedgerPage title={t.estates.pageTitle} tabs={tabs} current={tab} onChange={setTab} rowFilter={drill.filter} />;
}
