/**
 * 考核 → 整改跟踪 (DOMAIN §2.8, §4.2): every rectification order issued when an inspection was approved, with
 * a status filter (全部 / 待整改 / 逾期未整改 / 已整改待复核 / 已销号 / 已免除, with counts), the month of the
 * inspection (or 全部月份, so overdue orders of earlier months are found) and a search. Actions on the selected
 * order, each naming its role and enabled by status and role: 登记整改完成 (录入员), 复核销号, 复核不通过, 延期,
 * 免除 (审核员); 打印整改通知书. Enter or a double-click opens the order's drawer (Esc closes it); Ctrl+F searches,
 * Ctrl+P prints the list as it is on screen.
 */
import { AG_GRID_LOCALE_CN } from '@ag-grid-community/locale';
import type { ColDef, GridApi, ICellRendererParams } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ApiResult, Rectification } from '../../../../../db/api';
import { call } from '../../../api';
import { navigate } from '../../../app/router';
import { status } from '../../../app/status';
import { useWorkspace } from '../../../app/workspace';
import { FilterChip } from '../../../components/FilterChip';
import { ledgerTheme } from '../../../components/ledger/gridTheme';
import { useDrill } from '../../drill/useDrill';
import { printTable } from '../../../components/ledger/printView';
import { formatDateTime, shiftMonth } from '../../../format';
import { loadAttachment } from '../shared/PhotoPicker';
import { ActionDialog } from './ActionDialog';
import { printNotice } from './printNotice';
import { ACTIONS, actionBlocked, FILTERS, inFilter, localToday, statusParts, statusText, type ActionKind, type FilterKey } from './rectFormat';
import { RectificationDrawer } from './RectificationDrawer';
import { useSearchPrintKeys } from '../../../components/useSearchPrintKeys';

const ALL_MONTHS = 'all';
const DRILL_TARGETS = ['rectifications'] as const;
const SEARCH_DEBOUNCE_MS = 200;

type Loaded = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready' };

function monthLabel(month: string): string {
  const [y, m] = month.split('-');
  return `${y}年${Number(m)}月`;
}

function StatusCell(p: ICellRendererParams<Rectification>) {
  if (!p.data) return null;
  const { label, note, tone } = statusParts(p.data);
  return (
    <span className="rect-status">
      <span className={`badge rect-badge rect-badge-${tone}`}>{label}</span>
      {note && <span className={tone === 'overdue' ? 'rect-note text-error' : 'rect-note muted'}>{note}</span>}
    </span>
  );
}

export function RectificationsPage() {
  const { info, month } = useWorkspace();
  const role = info.user.role;
  const [rows, setRows] = useState<Rectification[]>([]);
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [filter, setFilter] = useState<FilterKey>('all');
  const [monthFilter, setMonthFilter] = useState<string>(month);
  const [searchText, setSearchText] = useState('');
  const [quickFilter, setQuickFilter] = useState('');
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [drawerId, setDrawerId] = useState<number | null>(null);
  const [action, setAction] = useState<ActionKind | null>(null);
  const [itemTitles, setItemTitles] = useState<Map<string, string>>(() => new Map());
  const apiRef = useRef<GridApi<Rectification> | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const loadSeq = useRef(0);

  // The working month changed in the top bar: follow it.
  useEffect(() => setMonthFilter(month), [month]);

  // Opened from a dashboard chart: exactly the orders behind it (any month) until the chip is cleared.
  const drill = useDrill(DRILL_TARGETS).filter;
  const drillIds = drill && !drill.loading && !drill.error ? drill.ids : null;

  const load = useCallback(async () => {
    const seq = ++loadSeq.current;
    setLoaded({ state: 'loading' });
    const result: ApiResult<Rectification[]> = drill
      ? drillIds?.size
        ? await call('rectifications.list', { ids: [...drillIds] })
        : { ok: true, data: [] }
      : await call('rectifications.list', monthFilter === ALL_MONTHS ? {} : { month: monthFilter });
    if (seq !== loadSeq.current) return;
    if (!result.ok) {
      setLoaded({ state: 'failed', message: result.error.message });
      status.notify('error', `整改单读取失败:${result.error.message}`);
      return;
    }
    setRows(result.data);
    setLoaded({ state: 'ready' });
  }, [monthFilter, drill, drillIds]);

  useEffect(() => {
    void load();
  }, [load]);

  // Item titles for the grid (the order carries only the item code): the newest version of each scheme first.
  useEffect(() => {
    let alive = true;
    void call('schemes.list', { includeRetired: true }).then((r) => {
      if (!alive || !r.ok) return;
      const map = new Map<string, string>();
      for (const s of r.data) for (const item of s.definition.items) if (!map.has(`${s.targetType}|${item.code}`)) map.set(`${s.targetType}|${item.code}`, item.title);
      setItemTitles(map);
    });
    return () => {
      alive = false;
    };
  }, []);

  useEffect(() => {
    const timer = setTimeout(() => setQuickFilter(searchText), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [searchText]);

  useEffect(() => () => status.setRows(null), []);

  const counts = useMemo(() => Object.fromEntries(FILTERS.map((f) => [f.key, rows.filter((r) => inFilter(r, f.key)).length])) as Record<FilterKey, number>, [rows]);
  const shown = useMemo(() => rows.filter((r) => inFilter(r, filter)), [rows, filter]);
  const selected = rows.find((r) => r.id === selectedId) ?? null;
  const drawerRow = rows.find((r) => r.id === drawerId) ?? null;

  const itemText = useCallback((r: Rectification) => `${r.itemCode} ${itemTitles.get(`${r.targetType}|${r.itemCode}`) ?? ''}`.trim(), [itemTitles]);

  const columnDefs = useMemo<ColDef<Rectification>[]>(
    () => [
      { colId: 'noticeNo', headerName: '通知书编号', field: 'noticeNo', pinned: 'left', width: 140, filter: true },
      {
        colId: 'status',
        headerName: '状态',
        width: 190,
        valueGetter: (p) => (p.data ? statusText(p.data) : ''),
        cellRenderer: StatusCell,
        comparator: (_a, _b, na, nb) => {
          const rank = (r?: Rectification) => (!r ? 9 : r.overdue ? 0 : { open: 1, fixed: 2, closed: 3, waived: 4 }[r.status]);
          return rank(na.data) - rank(nb.data) || (nb.data?.daysLate ?? 0) - (na.data?.daysLate ?? 0);
        },
      },
      { colId: 'deadline', headerName: '整改期限', field: 'deadline', width: 104, filter: true },
      { colId: 'targetName', headerName: '考核对象', field: 'targetName', width: 190, filter: true },
      { colId: 'contractorName', headerName: '作业单位', width: 190, valueGetter: (p) => p.data?.contractorName ?? '', filter: true },
      { colId: 'item', headerName: '检查项', width: 230, valueGetter: (p) => (p.data ? itemText(p.data) : ''), tooltipValueGetter: (p) => (p.value as string) || undefined },
      {
        colId: 'problem',
        headerName: '位置及问题',
        width: 260,
        valueGetter: (p) => (p.data ? [p.data.location, p.data.description].filter(Boolean).join(':') : ''),
        tooltipValueGetter: (p) => (p.value as string) || undefined,
      },
      { colId: 'points', headerName: '扣分(分)', field: 'points', type: 'rightAligned', width: 86 },
      { colId: 'inspectionDate', headerName: '检查日期', field: 'inspectionDate', width: 104, filter: true },
      { colId: 'fixedAt', headerName: '完成日期', width: 104, valueGetter: (p) => p.data?.fixedAt ?? '' },
      { colId: 'verifiedBy', headerName: '复核人', width: 90, valueGetter: (p) => p.data?.verifiedBy ?? '', filter: true },
      { colId: 'verifiedAt', headerName: '复核时间', width: 140, valueGetter: (p) => (p.data?.verifiedAt ? formatDateTime(p.data.verifiedAt) : '') },
      { colId: 'month', headerName: '考核月份', field: 'month', width: 90 },
    ],
    [itemText],
  );

  const replaceRow = (row: Rectification) => setRows((prev) => prev.map((r) => (r.id === row.id ? row : r)));

  const afterAction = (kind: ActionKind, row: Rectification) => {
    replaceRow(row);
    setAction(null);
    const words: Record<ActionKind, string> = {
      reportFixed: '已登记整改完成,待审核员复核',
      close: `已复核销号(${row.verifiedBy ?? ''})`,
      reopen: '复核不通过,已退回待整改',
      extend: `已延期至 ${row.deadline}`,
      waive: '已免除整改',
    };
    status.notify('info', `${row.noticeNo} ${words[kind]}`);
  };

  const openDrawer = (id: number) => {
    setSelectedId(id);
    setDrawerId(id);
  };

  const closeDrawer = () => {
    const id = drawerId;
    setDrawerId(null);
    const api = apiRef.current;
    const node = id == null ? undefined : api?.getRowNode(String(id));
    if (api && node?.rowIndex != null) api.setFocusedCell(node.rowIndex, 'noticeNo');
  };

  const printSelected = async () => {
    if (!selected) return;
    const detail = await call('inspections.get', { id: selected.inspectionId });
    const finding = detail.ok ? detail.data.findings.find((f) => f.id === selected.findingId) : undefined;
    const photoIds = (finding?.photos ?? selected.photos).slice(0, 2);
    const photos = (await Promise.all(photoIds.map((id) => loadAttachment(id)))).filter((p) => p.dataUrl && p.mime.startsWith('image/')).map((p) => p.dataUrl!);
    printNotice({
      row: selected,
      itemTitle: finding?.itemTitle ?? itemTitles.get(`${selected.targetType}|${selected.itemCode}`) ?? null,
      schemeName: detail.ok ? detail.data.schemeName : null,
      district: info.name.replace(/[((].*$/, '').trim() || info.name,
      photos,
    });
  };

  /** Ctrl+P: the orders as they are on screen (status, month, search, sort) in a plain table for the printer. */
  const printList = useCallback(() => {
    const api = apiRef.current;
    if (!api || api.isDestroyed()) return;
    const columns = api.getAllDisplayedColumns();
    const rows: string[][] = [];
    api.forEachNodeAfterFilterAndSort((node) => {
      if (node.data) rows.push([String(rows.length + 1), ...columns.map((c) => String(api.getCellValue({ rowNode: node, colKey: c, useFormatter: true }) ?? ''))]);
    });
    const district = info.name.replace(/[((].*$/, '').trim() || info.name;
    printTable({
      title: `${district} 整改跟踪(${FILTERS.find((f) => f.key === filter)?.label ?? ''})`,
      subtitle: `检查月份:${monthFilter === ALL_MONTHS ? '全部月份' : monthLabel(monthFilter)} · 打印日期 ${localToday()} · 共 ${rows.length} 张`,
      headers: ['序号', ...columns.map((c) => c.getColDef().headerName ?? '')],
      numeric: [true, ...columns.map((c) => c.getColDef().type === 'rightAligned')],
      rows,
    });
  }, [info.name, filter, monthFilter]);

  useSearchPrintKeys(searchRef, printList);

  const monthOptions = useMemo(() => Array.from({ length: 12 }, (_, i) => shiftMonth(month, -i)), [month]);
  const empty = loaded.state === 'ready' && shown.length === 0;

  return (
    <section className="ledger-page rect-page" aria-label="整改跟踪">
      <div className="ledger-page-title-row">
        <h1 className="page-title">整改跟踪</h1>
        <span className="muted">审核通过的检查中需要整改的扣分项,每项一张整改单</span>
      </div>
      <div className="rect-filters">
        <div className="segmented" role="group" aria-label="按状态筛选">
          {FILTERS.map((f) => (
            <button
              key={f.key}
              type="button"
              className={`segment${filter === f.key ? ' segment-current' : ''}${f.key === 'overdue' && counts.overdue > 0 ? ' segment-alert' : ''}`}
              aria-pressed={filter === f.key}
              onClick={() => setFilter(f.key)}
              data-testid={`rect-filter-${f.key}`}
            >
              {f.label}
              <span className="segment-count">{counts[f.key] ?? 0}</span>
            </button>
          ))}
        </div>
        <label className="rect-month">
          <span className="form-label">检查月份</span>
          <select className="input input-inline" value={monthFilter} onChange={(e) => setMonthFilter(e.target.value)} data-testid="rect-month">
            {monthOptions.map((m) => (
              <option key={m} value={m}>
                {monthLabel(m)}
                {m === month ? '(考核月份)' : ''}
              </option>
            ))}
            <option value={ALL_MONTHS}>全部月份</option>
          </select>
        </label>
        <input
          ref={searchRef}
          type="search"
          className="input search-box"
          placeholder="编号、对象、单位、问题(Ctrl+F)"
          aria-label="搜索"
          value={searchText}
          onChange={(e) => setSearchText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') setQuickFilter(searchText);
          }}
          data-testid="search-box"
        />
      </div>
      {drill && (
        <div className="filter-chips">
          <FilterChip filter={drill} />
        </div>
      )}
      <div className="toolbar" role="toolbar" aria-label="整改单操作">
        {ACTIONS.map((a, i) => {
          const blocked = actionBlocked(a, selected, role);
          return (
            <span key={a.kind} className="toolbar-item">
              {i === 1 && <span className="toolbar-separator" />}
              <button
                type="button"
                className={a.kind === 'reportFixed' || a.kind === 'close' ? 'button button-primary' : 'button'}
                disabled={blocked != null}
                title={blocked ?? a.title}
                onClick={() => setAction(a.kind)}
                data-testid={`rect-action-${a.kind}`}
              >
                {a.button}
              </button>
            </span>
          );
        })}
        <span className="toolbar-separator" />
        <button type="button" className="button" disabled={!selected} onClick={() => selected && openDrawer(selected.id)} title="查看整改单详情(Enter)" data-testid="rect-open">
          详情
        </button>
        <button type="button" className="button" disabled={!selected} onClick={() => void printSelected()} title="打印所选整改单的整改通知书" data-testid="rect-print">
          打印整改通知书
        </button>
        <span className="toolbar-spacer" />
        {selected && (
          <span className="muted rect-selected" data-testid="rect-selected">
            已选:{selected.noticeNo}
          </span>
        )}
      </div>
      <div className="ledger-body">
        <div className="grid-area">
          <AgGridReact<Rectification>
            theme={ledgerTheme}
            localeText={AG_GRID_LOCALE_CN}
            rowData={shown}
            columnDefs={columnDefs}
            defaultColDef={{ sortable: true, resizable: true, cellDataType: false, minWidth: 60 }}
            suppressColumnVirtualisation
            suppressNoRowsOverlay
            getRowId={(p) => String(p.data.id)}
            enableBrowserTooltips
            quickFilterText={quickFilter}
            loading={loaded.state === 'loading'}
            rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
            rowClassRules={{ 'row-overdue': (p) => !!p.data?.overdue }}
            animateRows={false}
            onGridReady={(e) => {
              apiRef.current = e.api;
            }}
            onModelUpdated={(e) => status.setRows({ total: shown.length, shown: e.api.getDisplayedRowCount() })}
            onSelectionChanged={(e) => {
              const row = e.api.getSelectedRows()[0];
              if (row) setSelectedId(row.id);
            }}
            onCellFocused={(e) => {
              if (e.rowIndex == null || e.rowPinned) return;
              const node = e.api.getDisplayedRowAtIndex(e.rowIndex);
              if (node?.data && !node.isSelected()) node.setSelected(true, true);
            }}
            onRowDoubleClicked={(e) => e.data && openDrawer(e.data.id)}
            onCellKeyDown={(e) => {
              const key = (e.event as KeyboardEvent | null | undefined)?.key;
              if (key === 'Enter' && e.data) openDrawer(e.data.id);
              else if (key === 'Escape' && drawerId != null) closeDrawer();
            }}
          />
          {empty && (
            <div className="empty-state" data-testid="rect-empty">
              <h2>{rows.length ? `没有“${FILTERS.find((f) => f.key === filter)?.label}”的整改单` : '没有整改单'}</h2>
              <p>
                {rows.length
                  ? '换一个状态或月份看看;逾期未整改的整改单可能属于更早的月份,请选“全部月份”。'
                  : `${monthFilter === ALL_MONTHS ? '' : monthLabel(monthFilter)}还没有整改单。检查录入时把扣分项标为“需整改”并填写期限,审核员审核通过后即下发整改单,在这里跟踪整改、复核和销号。`}
              </p>
              <div className="empty-actions">
                {monthFilter !== ALL_MONTHS && (
                  <button type="button" className="button" onClick={() => setMonthFilter(ALL_MONTHS)} data-testid="rect-empty-all-months">
                    查看全部月份
                  </button>
                )}
                <button type="button" className="button" onClick={() => navigate('/inspections')}>
                  前往检查录入
                </button>
              </div>
            </div>
          )}
          {loaded.state === 'failed' && (
            <div className="empty-state" role="alert">
              <h2>整改单读取失败</h2>
              <p className="text-error">{loaded.message}</p>
              <button type="button" className="button" onClick={() => void load()}>
                重试
              </button>
            </div>
          )}
        </div>
        {drawerRow && <RectificationDrawer key={drawerRow.id} row={drawerRow} onClose={closeDrawer} />}
      </div>
      {action && selected && (
        <ActionDialog
          kind={action}
          row={selected}
          onDone={(row) => afterAction(action, row)}
          onConflict={() => void load()}
          onClose={() => setAction(null)}
        />
      )}
    </section>
  );
}
