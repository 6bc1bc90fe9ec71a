/**
 * The rows of one ranking run in print order: rank as the bulletin prints it (第三名; tied rows the same ordinal),
 * the unit, its inspections and component scores, the score at 2 decimals, the grade in its colour, 存在问题, the
 * money withheld and the consequences. Rows printed without a rank say 不排名, units not inspected 未检查 (greyed);
 * from external tables, a published rank that differs from the computed one and a total that is not the sum of
 * its components are marked amber with the difference in the tooltip.
 */
import { AG_GRID_LOCALE_CN } from '@ag-grid-community/locale';
import type { ColDef, GridApi } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useMemo, type MutableRefObject } from 'react';
import type { RankingRow, RankingRun } from '../../../../db/api';
import { status } from '../../app/status';
import { ledgerTheme } from '../../components/ledger/gridTheme';
import { fmtScore, yuan } from '../assessment/scores/scoreFormat';

export interface RankingGridProps {
  run: RankingRun;
  consequenceLabels: Record<string, string>;
  quickFilter: string;
  apiRef: MutableRefObject<GridApi<RankingRow> | null>;
  /** The statement of a row's contracts (contractor and bid-section runs of one month). */
  onStatement?: (row: RankingRow) => void;
}

export function rankCellText(row: RankingRow): string {
  if (row.status === 'notInspected') return '未检查';
  if (row.status === 'unranked') return '不排名';
  return row.rankText ?? (row.rank != null ? `第${row.rank}名` : '');
}

export function RankingGrid({ run, consequenceLabels, quickFilter, apiRef, onStatement }: RankingGridProps) {
  const components = useMemo(() => {
    const seen: string[] = [];
    for (const row of run.rows) for (const key of Object.keys(row.componentScores)) if (!seen.includes(key)) seen.push(key);
    return seen;
  }, [run.rows]);
  const external = run.source === 'external';

  const columnDefs = useMemo<ColDef<RankingRow>[]>(() => {
    const cols: ColDef<RankingRow>[] = [
      {
        colId: 'rank',
        headerName: '排名',
        width: 96,
        pinned: 'left',
        valueGetter: (p) => (p.data ? rankCellText(p.data) : ''),
        cellClassRules: { 'cell-rank-tied': (p) => !!p.data?.tied, 'cell-muted': (p) => p.data?.status !== 'ranked' },
        tooltipValueGetter: (p) => (p.data?.tied ? '得分相同,名次并列' : p.data?.status === 'unranked' ? '列入表中,不参与排名' : undefined),
        comparator: (_a, _b, na, nb) => (na.data?.seq ?? 0) - (nb.data?.seq ?? 0),
      },
      { colId: 'unitName', headerName: '单位', field: 'unitName', pinned: 'left', width: 230, filter: true, tooltipField: 'unitName' },
      { colId: 'inspections', headerName: '检查次数', type: 'rightAligned', width: 86, valueGetter: (p) => p.data?.inspections ?? null, hide: external },
      ...components.map<ColDef<RankingRow>>((label) => ({
        colId: `c:${label}`,
        headerName: label,
        type: 'rightAligned',
        width: Math.max(96, label.length * 14 + 24),
        valueGetter: (p) => p.data?.componentScores[label] ?? null,
        valueFormatter: (p) => (p.value == null ? '' : fmtScore(p.value as number)),
      })),
      {
        colId: 'score',
        headerName: '得分',
        type: 'rightAligned',
        width: 90,
        filter: 'agNumberColumnFilter',
        valueGetter: (p) => p.data?.score ?? null,
        valueFormatter: (p) => (p.data?.status === 'notInspected' ? '未检查' : fmtScore(p.value as number | null)),
        cellClass: 'cell-score',
        cellClassRules: { 'cell-warning': (p) => p.data?.componentSumMismatch != null },
        tooltipValueGetter: (p) =>
          p.data?.componentSumMismatch != null ? `总分与各分项之和相差 ${fmtScore(p.data.componentSumMismatch)} 分,请核对原表` : undefined,
      },
      {
        colId: 'grade',
        headerName: '等级',
        width: 76,
        filter: true,
        valueGetter: (p) => p.data?.grade ?? '',
        cellClassRules: { 'grade-excellent': (p) => p.value === '优秀', 'grade-fail': (p) => p.value === '不合格' },
      },
      {
        colId: 'publishedRank',
        headerName: '公布名次',
        width: 110,
        hide: !external,
        valueGetter: (p) => p.data?.publishedRankText ?? '',
        cellClassRules: { 'cell-warning': (p) => p.data?.rankMismatch === true },
        tooltipValueGetter: (p) =>
          p.data?.rankMismatch ? `原表公布为“${p.data.publishedRankText}”,按得分计算应为${rankCellText(p.data)}` : undefined,
      },
      { colId: 'sourceRow', headerName: '原表行', type: 'rightAligned', width: 76, hide: !external, valueGetter: (p) => p.data?.sourceRow ?? null },
      {
        colId: 'problems',
        headerName: '存在问题',
        flex: 1,
        minWidth: 220,
        valueGetter: (p) => p.data?.problemsText ?? '',
        tooltipValueGetter: (p) => p.data?.problemsText || undefined,
      },
      {
        colId: 'money',
        headerName: '扣款(元)',
        type: 'rightAligned',
        width: 110,
        valueGetter: (p) => p.data?.moneyDeductionFen ?? null,
        valueFormatter: (p) => yuan(p.value as number | null),
      },
      {
        colId: 'consequences',
        headerName: '处理',
        width: 130,
        valueGetter: (p) => {
          const row = p.data;
          if (!row) return '';
          const labels = row.consequences.filter((c) => c !== 'none').map((c) => consequenceLabels[c] ?? c);
          if (row.exposed && !row.consequences.includes('exposure')) labels.unshift('曝光');
          return labels.join('、');
        },
        cellClassRules: { 'cell-consequence': (p) => !!p.value },
      },
    ];
    if (onStatement) {
      cols.push({
        colId: 'actions',
        headerName: '',
        width: 100,
        pinned: 'right',
        sortable: false,
        cellRenderer: (p: { data?: RankingRow }) =>
          p.data && p.data.status !== 'notInspected' && p.data.unitId != null ? (
            <button type="button" className="link-button" onClick={() => onStatement(p.data!)} data-testid={`statement-${p.data.seq}`}>
              扣款明细表
            </button>
          ) : null,
      });
    }
    return cols;
  }, [components, external, consequenceLabels, onStatement]);

  return (
    <AgGridReact<RankingRow>
      theme={ledgerTheme}
      localeText={AG_GRID_LOCALE_CN}
      rowData={run.rows}
      columnDefs={columnDefs}
      defaultColDef={{ sortable: true, resizable: true, cellDataType: false, minWidth: 60 }}
      getRowId={(p) => String(p.data.seq)}
      getRowClass={(p) => (p.data?.status === 'notInspected' ? 'row-not-inspected' : p.data?.status === 'unranked' ? 'row-unranked' : undefined)}
      enableBrowserTooltips
      quickFilterText={quickFilter}
      rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
      animateRows={false}
      onGridReady={(e) => {
        apiRef.current = e.api;
      }}
      onModelUpdated={(e) => status.setRows({ total: run.rows.length, shown: e.api.getDisplayedRowCount() })}
    />
  );
}
