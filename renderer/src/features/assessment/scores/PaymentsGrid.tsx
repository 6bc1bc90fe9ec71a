/**
 * Tab 按质核拨 (DOMAIN §3.7): one row per contract with the month's score, the fee and what is withheld
 * (quality shortfall, events, rate tiers, capped total) and the amount payable, totals pinned at the bottom.
 * Enter or a double-click on a row (or its 明细 button) opens the contract's panel with the formula in words
 * and the month's money inputs.
 */
import { AG_GRID_LOCALE_CN } from '@ag-grid-community/locale';
import type { ColDef, GridApi, ICellRendererParams } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useMemo, type MutableRefObject } from 'react';
import type { PaymentRow } from '../../../../../db/api';
import { status } from '../../../app/status';
import { ledgerTheme } from '../../../components/ledger/gridTheme';
import { fmtNum, fmtScore, yuan } from './scoreFormat';

export interface PaymentsGridProps {
  payments: PaymentRow[];
  quickFilter: string;
  apiRef: MutableRefObject<GridApi<PaymentRow> | null>;
  onOpen(contractId: number): void;
  /** Esc in the grid: close the panel. */
  onEscape(): void;
}

const TOTAL_ID = -1;

function totalsRow(rows: PaymentRow[]): PaymentRow {
  const sum = (f: (p: PaymentRow) => number | undefined) => rows.reduce((s, p) => s + (f(p) ?? 0), 0);
  return {
    contractId: TOTAL_ID,
    contractNo: '合计',
    projectName: `${rows.length} 份合同`,
    contractorName: '',
    familyId: 0,
    schemeId: 0,
    schemeName: '',
    units: sum((p) => p.units),
    score: null,
    grade: null,
    feeFen: sum((p) => p.feeFen),
    events: {},
    eventLabels: {},
    rate: null,
    rateLabel: null,
    subFeeFen: null,
    subFeeLabel: null,
    money: {
      shortfall: 0,
      qualityPct: 0,
      qualityFen: sum((p) => p.money?.qualityFen),
      eventPct: 0,
      eventFen: sum((p) => p.money?.eventFen),
      ratePct: 0,
      rateFen: sum((p) => p.money?.rateFen),
      uncappedFen: sum((p) => p.money?.uncappedFen),
      capFen: sum((p) => p.money?.capFen),
      totalFen: sum((p) => p.money?.totalFen),
      payableFen: sum((p) => p.money?.payableFen ?? p.feeFen),
      capped: false,
    },
    note: null,
  };
}

const isTotal = (p: PaymentRow | undefined) => p?.contractId === TOTAL_ID;

function TotalCell(p: ICellRendererParams<PaymentRow>) {
  return (
    <span>
      {p.data?.money?.capped && (
        <span className="cap-mark" title={`超过封顶,按封顶 ${yuan(p.data.money.capFen)} 元扣`}>
          封顶
        </span>
      )}
      {p.valueFormatted ?? ''}
    </span>
  );
}

export function PaymentsGrid({ payments, quickFilter, apiRef, onOpen, onEscape }: PaymentsGridProps) {
  const pinned = useMemo(() => (payments.length ? [totalsRow(payments)] : []), [payments]);

  const columnDefs = useMemo<ColDef<PaymentRow>[]>(() => {
    const money = (colId: string, headerName: string, get: (p: PaymentRow) => number | null | undefined, width = 120): ColDef<PaymentRow> => ({
      colId,
      headerName,
      type: 'rightAligned',
      width,
      filter: 'agNumberColumnFilter',
      valueGetter: (p) => (p.data ? (get(p.data) ?? null) : null),
      valueFormatter: (p) => (p.value == null ? '' : yuan(p.value as number)),
    });
    return [
      { colId: 'contractNo', headerName: '合同编号', field: 'contractNo', pinned: 'left', width: 180, filter: true },
      { colId: 'projectName', headerName: '项目名称', field: 'projectName', width: 200, filter: true, tooltipField: 'projectName' },
      { colId: 'contractorName', headerName: '作业单位', field: 'contractorName', width: 180, filter: true, tooltipField: 'contractorName' },
      { colId: 'schemeName', headerName: '考核细则', field: 'schemeName', width: 160, filter: true, tooltipField: 'schemeName' },
      { colId: 'units', headerName: '对象数', headerTooltip: '计入得分的考核对象数', field: 'units', type: 'rightAligned', width: 76 },
      {
        colId: 'score',
        headerName: '考核得分',
        type: 'rightAligned',
        width: 90,
        filter: 'agNumberColumnFilter',
        valueGetter: (p) => p.data?.score ?? null,
        valueFormatter: (p) => (isTotal(p.data) ? '' : p.value == null ? '—' : fmtScore(p.value as number)),
        tooltipValueGetter: (p) => (p.data && !isTotal(p.data) && p.data.score == null ? '得分不完整(有人工分项未录入),暂不核拨' : undefined),
        cellClass: 'cell-score',
      },
      {
        colId: 'grade',
        headerName: '等级',
        width: 76,
        filter: true,
        valueGetter: (p) => p.data?.grade ?? '',
        cellClassRules: { 'grade-excellent': (p) => p.value === '优秀', 'grade-fail': (p) => p.value === '不合格' },
      },
      money('feeFen', '月服务费(元)', (p) => p.feeFen, 124),
      {
        colId: 'shortfall',
        headerName: '低于合格线(分)',
        type: 'rightAligned',
        width: 116,
        valueGetter: (p) => (isTotal(p.data) ? null : (p.data?.money?.shortfall ?? null)),
        valueFormatter: (p) => (p.value == null ? '' : fmtNum(p.value as number)),
      },
      money('qualityFen', '质量扣款(元)', (p) => p.money?.qualityFen, 112),
      money('eventFen', '事件扣款(元)', (p) => p.money?.eventFen, 112),
      money('rateFen', '比率扣款(元)', (p) => p.money?.rateFen, 112),
      {
        ...money('totalFen', '扣款合计(元)', (p) => p.money?.totalFen, 140),
        valueFormatter: (p) => (p.value == null ? '' : `${yuan(p.value as number)}${p.data?.money?.capped ? '(封顶)' : ''}`),
        cellRenderer: (p: ICellRendererParams<PaymentRow>) => (
          <TotalCell {...p} valueFormatted={p.value == null ? '' : yuan(p.value as number)} />
        ),
      },
      { ...money('payableFen', '应付金额(元)', (p) => p.money?.payableFen ?? p.feeFen, 130), cellClass: 'cell-payable', pinned: 'right' },
      {
        colId: 'actions',
        headerName: '核拨明细',
        width: 92,
        pinned: 'right',
        sortable: false,
        filter: false,
        getQuickFilterText: () => '',
        cellRenderer: (p: ICellRendererParams<PaymentRow>) =>
          p.data && !isTotal(p.data) ? (
            <button type="button" className="link-button" tabIndex={-1} onClick={() => onOpen(p.data!.contractId)} data-testid={`open-money-${p.data.contractId}`}>
              明细/录入
            </button>
          ) : null,
      },
    ];
  }, [onOpen]);

  return (
    <AgGridReact<PaymentRow>
      theme={ledgerTheme}
      localeText={AG_GRID_LOCALE_CN}
      rowData={payments}
      pinnedBottomRowData={pinned}
      columnDefs={columnDefs}
      defaultColDef={{ sortable: true, resizable: true, cellDataType: false, minWidth: 60 }}
      suppressColumnVirtualisation
      getRowId={(p) => String(p.data.contractId)}
      enableBrowserTooltips
      quickFilterText={quickFilter}
      rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
      rowClassRules={{ 'row-total': (p) => isTotal(p.data) }}
      animateRows={false}
      onGridReady={(e) => {
        apiRef.current = e.api;
      }}
      onModelUpdated={(e) => status.setRows({ total: payments.length, shown: e.api.getDisplayedRowCount() })}
      onRowDoubleClicked={(e) => {
        if (e.data && !isTotal(e.data)) onOpen(e.data.contractId);
      }}
      onCellKeyDown={(e) => {
        const key = (e.event as KeyboardEvent | null | undefined)?.key;
        if (key === 'Enter' && e.data && !isTotal(e.data)) onOpen(e.data.contractId);
        else if (key === 'Escape') onEscape();
      }}
    />
  );
}
