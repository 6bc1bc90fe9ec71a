/**
 * Tab 考核对象成绩: one row per unit (a target under one scheme in the month) with its components, each shown
 * as its score out of the full score and, when weighted, what it adds to the total (87.50 → 78.75); the month's
 * score (2 decimals) and grade. Components a supervisor enters by hand (source 'manual', e.g. a public survey)
 * are editable in an open month: the value saves as soon as the cell is left (scores.setComponent), Delete
 * clears it, a refused value gets the red mark with the Chinese message like the ledgers. When a scheme of the
 * month takes points off for orders overdue at the previous month's lock (逾期整改扣分), a column after the
 * components shows the count and the points, with the stored line in words and the notice numbers as tooltip.
 */
import { AG_GRID_LOCALE_CN } from '@ag-grid-community/locale';
import type { CellEditRequestEvent, ColDef, GridApi } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useMemo, useRef, useState, type MutableRefObject } from 'react';
import type { ComponentScore, MonthScores, UnitScore } from '../../../../../db/api';
import { call } from '../../../api';
import { status } from '../../../app/status';
import { ledgerTheme } from '../../../components/ledger/gridTheme';
import type { Vocabulary } from '../shared/useVocabulary';
import { fmtNum, fmtScore, parseNumber } from './scoreFormat';

export interface UnitsGridProps {
  scores: MonthScores;
  /** A supervisor (or above) in an open month: manual components are editable. */
  editable: boolean;
  vocabulary: Vocabulary | null;
  quickFilter: string;
  /** The full score of a scheme version (for the hints; the API checks the range). */
  fullScoreOf(schemeId: number): number;
  apiRef: MutableRefObject<GridApi<UnitScore> | null>;
  onScores(next: MonthScores): void;
}

export const unitId = (u: Pick<UnitScore, 'familyId' | 'targetType' | 'targetId'>) => `${u.familyId}:${u.targetType}:${u.targetId}`;

interface ComponentColumn {
  colId: string;
  key: string;
  label: string;
  weight: number;
}

const componentColId = (c: Pick<ComponentScore, 'key' | 'label' | 'weight'>) => `c:${c.key}:${c.weight}:${c.label}`;

function componentOf(u: UnitScore | undefined, col: ComponentColumn): ComponentScore | undefined {
  return u?.components.find((c) => c.key === col.key && c.label === col.label && c.weight === col.weight);
}

/** The 逾期扣分 cell: "2 件 −4", "无" (nothing overdue at the lock), "上月未锁定"; empty when the scheme has no such rule. */
export function overdueCell(o: UnitScore['overdue']): string {
  if (!o) return '';
  if (o.lockDate == null) return '上月未锁定';
  return o.orders === 0 ? '无' : `${o.orders} 件 −${fmtNum(o.points)}`;
}

function overdueTooltip(o: UnitScore['overdue']): string | undefined {
  if (!o) return undefined;
  const lock = o.lockDate ? `(${o.month} 于 ${o.lockDate} 锁定)` : '';
  return `${o.text}${lock}${o.noticeNos.length ? `。整改单:${o.noticeNos.join('、')}` : ''}`;
}

export function UnitsGrid({ scores, editable, vocabulary, quickFilter, fullScoreOf, apiRef, onScores }: UnitsGridProps) {
  const locked = scores.source === 'locked';
  const [marks, setMarks] = useState<Map<string, string>>(() => new Map());
  const marksRef = useRef(marks);
  marksRef.current = marks;

  const anyPending = !locked && scores.units.some((u) => u.pending > 0);
  const anyOverdue = scores.units.some((u) => u.overdue);

  /** The distinct components over all schemes of the month, in the order they first appear. */
  const componentColumns = useMemo<ComponentColumn[]>(() => {
    const seen = new Map<string, ComponentColumn>();
    for (const u of scores.units) {
      for (const c of u.components) {
        const colId = componentColId(c);
        if (!seen.has(colId)) seen.set(colId, { colId, key: c.key, label: c.label, weight: c.weight });
      }
    }
    return [...seen.values()];
  }, [scores.units]);

  const columnDefs = useMemo<ColDef<UnitScore>[]>(() => {
    const markAt = (data: UnitScore | undefined, colId: string) => (data ? marksRef.current.get(`${unitId(data)}|${colId}`) : undefined);
    const components: ColDef<UnitScore>[] = componentColumns.map((col) => ({
      colId: col.colId,
      headerName: `${col.label}(${col.weight}%)`,
      headerTooltip: col.weight === 100 ? `${col.label}:按满分计` : `${col.label}:分项得分(按满分计) → 按权重 ${col.weight}% 折算后计入总分`,
      type: 'rightAligned',
      width: col.weight === 100 ? 120 : 150,
      valueGetter: (p) => componentOf(p.data, col)?.value ?? null,
      valueFormatter: (p) => {
        const c = componentOf(p.data, col);
        if (!c) return '';
        if (c.value == null) return c.source === 'manual' ? '未录入' : '—';
        return c.weight === 100 || c.weighted == null ? fmtScore(c.value) : `${fmtScore(c.value)} → ${fmtScore(c.weighted)}`;
      },
      editable: (p) => editable && componentOf(p.data, col)?.source === 'manual',
      cellEditor: 'agTextCellEditor',
      tooltipValueGetter: (p) => {
        const mark = markAt(p.data, col.colId);
        if (mark) return mark;
        const c = componentOf(p.data, col);
        if (c?.source === 'manual') return editable ? `${c.label}:人工录入,0~${fullScoreOf(p.data!.schemeId)} 分,Delete 清除` : `${c.label}:人工录入`;
        return undefined;
      },
      cellClassRules: {
        'cell-error': (p) => !!markAt(p.data, col.colId),
        'cell-manual': (p) => editable && componentOf(p.data, col)?.source === 'manual',
        'cell-missing': (p) => {
          const c = componentOf(p.data, col);
          return !!c && c.value == null;
        },
        'cell-derived': (p) => !componentOf(p.data, col),
      },
    }));
    return [
      { colId: 'targetName', headerName: '考核对象', field: 'targetName', pinned: 'left', width: 210, filter: true, tooltipField: 'targetName' },
      { colId: 'schemeName', headerName: '考核细则', field: 'schemeName', width: 160, filter: true, tooltipField: 'schemeName' },
      {
        colId: 'targetType',
        headerName: '对象类型',
        width: 84,
        filter: true,
        valueGetter: (p) => (p.data ? (vocabulary?.scheme.targetType[p.data.targetType] ?? p.data.targetType) : ''),
      },
      {
        colId: 'inspections',
        headerName: '检查次数',
        headerTooltip: '计入成绩的检查(已审核通过或已锁定)',
        type: 'rightAligned',
        width: anyPending ? 170 : 86,
        valueGetter: (p) => p.data?.inspections ?? null,
        valueFormatter: (p) => {
          const u = p.data;
          if (!u) return '';
          return !locked && u.pending > 0 ? `${u.inspections}(另有 ${u.pending} 条未审核)` : String(u.inspections);
        },
        cellClassRules: { 'cell-pending': (p) => !locked && (p.data?.pending ?? 0) > 0 },
      },
      ...components,
      ...(anyOverdue
        ? [
            {
              colId: 'overdue',
              headerName: '逾期扣分',
              headerTooltip: '逾期整改扣分:上月锁定时逾期未整改的整改单,每件从本月得分中扣分(按细则规则,有上限,最低 0 分)',
              type: 'rightAligned',
              width: 110,
              valueGetter: (p) => p.data?.overdue?.points ?? null,
              valueFormatter: (p) => overdueCell(p.data?.overdue),
              tooltipValueGetter: (p) => overdueTooltip(p.data?.overdue),
              cellClassRules: { 'cell-overdue': (p) => (p.data?.overdue?.points ?? 0) > 0 },
            } satisfies ColDef<UnitScore>,
          ]
        : []),
      { colId: 'contractorName', headerName: '作业单位', width: 180, filter: true, valueGetter: (p) => p.data?.contractorName ?? '', tooltipValueGetter: (p) => p.data?.contractorName ?? undefined },
      { colId: 'contractNo', headerName: '合同编号', width: 170, filter: true, valueGetter: (p) => p.data?.contractNo ?? '' },
      {
        colId: 'score',
        headerName: '月度得分',
        type: 'rightAligned',
        width: 96,
        pinned: 'right',
        filter: 'agNumberColumnFilter',
        valueGetter: (p) => p.data?.score ?? null,
        valueFormatter: (p) => (p.value == null ? '—' : fmtScore(p.value as number)),
        tooltipValueGetter: (p) => {
          if (p.data && p.data.score == null) return '有分项未录入,暂无总分';
          const o = p.data?.overdue;
          return o && o.points > 0 ? `各分项合计 − 逾期扣分 ${fmtNum(o.points)} 分(最低 0 分)` : undefined;
        },
        cellClass: 'cell-score',
      },
      {
        colId: 'grade',
        headerName: '等级',
        width: 80,
        pinned: 'right',
        filter: true,
        valueGetter: (p) => p.data?.grade ?? '',
        cellClassRules: {
          'grade-excellent': (p) => p.value === '优秀',
          'grade-fail': (p) => p.value === '不合格',
        },
      },
    ];
  }, [componentColumns, editable, locked, anyPending, anyOverdue, vocabulary, fullScoreOf]);

  const setMark = (rowId: string, colId: string, message: string | null) => {
    setMarks((prev) => {
      const next = new Map(prev);
      if (message == null) next.delete(`${rowId}|${colId}`);
      else next.set(`${rowId}|${colId}`, message);
      marksRef.current = next;
      return next;
    });
    const api = apiRef.current;
    const node = api?.getRowNode(rowId);
    if (api && node) api.refreshCells({ rowNodes: [node], columns: [colId], force: true });
  };

  const onCellEditRequest = async (event: CellEditRequestEvent<UnitScore>) => {
    const col = componentColumns.find((c) => c.colId === event.colDef.colId);
    const unit = event.data;
    const component = col && componentOf(unit, col);
    if (!col || !unit || component?.source !== 'manual' || !editable) return;
    const rowId = unitId(unit);
    const raw = event.newValue == null ? '' : String(event.newValue);
    const score = parseNumber(raw);
    if (score != null && Number.isNaN(score)) {
      const message = `“${raw}”不是分数:${col.label}请填 0~${fullScoreOf(unit.schemeId)} 之间的数字(按满分计),清除请按 Delete`;
      setMark(rowId, col.colId, message);
      status.notify('error', `${unit.targetName}:${message}`);
      return;
    }
    if (score === component.value) return;
    status.saveStarted();
    const result = await call('scores.setComponent', {
      month: scores.month,
      familyId: unit.familyId,
      targetType: unit.targetType,
      targetId: unit.targetId,
      component: col.key,
      score,
    });
    status.saveFinished(result.ok);
    if (result.ok) {
      setMark(rowId, col.colId, null);
      onScores(result.data);
      status.notify('info', score == null ? `已清除 ${unit.targetName} 的${col.label}` : `已保存 ${unit.targetName} 的${col.label}:${score} 分`);
      return;
    }
    const message = result.error.fields?.score ?? result.error.fields?.component ?? result.error.message;
    // readOnlyEdit: the grid never took the refused value, so the cell still shows the stored one.
    setMark(rowId, col.colId, message);
    status.notify('error', `${unit.targetName} 的${col.label}未保存:${message}`);
  };

  return (
    <AgGridReact<UnitScore>
      theme={ledgerTheme}
      localeText={AG_GRID_LOCALE_CN}
      rowData={scores.units}
      columnDefs={columnDefs}
      defaultColDef={{ sortable: true, resizable: true, cellDataType: false, minWidth: 60 }}
      suppressColumnVirtualisation
      getRowId={(p) => unitId(p.data)}
      readOnlyEdit
      onCellEditRequest={(e) => void onCellEditRequest(e)}
      stopEditingWhenCellsLoseFocus
      enterNavigatesVerticallyAfterEdit
      enableBrowserTooltips
      quickFilterText={quickFilter}
      rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
      animateRows={false}
      onGridReady={(e) => {
        apiRef.current = e.api;
      }}
      onModelUpdated={(e) => status.setRows({ total: scores.units.length, shown: e.api.getDisplayedRowCount() })}
    />
  );
}
