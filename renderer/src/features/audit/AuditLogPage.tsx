/**
 * 系统 → 审计日志 (supervisor and above): "who changed this, when, from what to what". Filters by date range,
 * object type, row number, user, method and words; the server pages the log (100 entries a page, total shown),
 * newest first. The selected entry opens beside the grid with its fields before → after. 校验审计链 recomputes
 * the hash chain; 导出 CSV writes every entry the filters match.
 *
 * The user filter lists the people found in the log itself (audit.list facets), not users.list: that method
 * is for administrators, and a supervisor must still be able to ask "what did 张三 change".
 */
import { AG_GRID_LOCALE_CN } from '@ag-grid-community/locale';
import type { CellFocusedEvent, ColDef, GridApi } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { MethodInput, MethodOutput } from '../../../../db/api';
import { call } from '../../api';
import { status } from '../../app/status';
import { downloadBase64 } from '../../components/download';
import { ledgerTheme } from '../../components/ledger/gridTheme';
import { printTable } from '../../components/ledger/printView';
import { useSearchPrintKeys } from '../../components/useSearchPrintKeys';
import { AuditDetail, type AuditEntry } from './AuditDetail';
import { csvText, utf8Base64 } from './auditCsv';
import { formatDateTimeSeconds, localDate } from '../../format';
import { auditText as text } from './strings';

type Facets = NonNullable<MethodOutput<'audit.list'>['facets']>;
type Verify = MethodOutput<'audit.verify'>;

const PAGE_SIZE = 100;
/** Entries fetched per call while exporting (the method's upper limit). */
const EXPORT_PAGE = 1000;

interface Filters {
  from: string;
  to: string;
  entity: string;
  entityId: string;
  userId: string;
  method: string;
  search: string;
}

const NO_FILTERS: Filters = { from: '', to: '', entity: '', entityId: '', userId: '', method: '', search: '' };

/** The filters as the method takes them; a row number only with its object type (ids are per table). */
function query(f: Filters): MethodInput<'audit.list'> {
  const entityId = f.entity && /^\d+$/.test(f.entityId.trim()) ? Number(f.entityId.trim()) : undefined;
  return {
    ...(f.from ? { from: f.from } : {}),
    ...(f.to ? { to: f.to } : {}),
    ...(f.entity ? { entity: f.entity } : {}),
    ...(entityId != null ? { entityId } : {}),
    ...(f.userId ? { userId: Number(f.userId) } : {}),
    ...(f.method ? { method: f.method } : {}),
    ...(f.search.trim() ? { search: f.search.trim() } : {}),
  };
}

/** One line per changed field, for the grid's summary column, the print view and the export. */
function changesText(e: AuditEntry): string {
  if (e.bulkRows != null) return `批量写入 ${e.bulkRows} 行`;
  return e.changes.map((c) => `${c.label}:${c.before || '(空)'} → ${c.after || '(空)'}`).join(';');
}

export function AuditLogPage() {
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  /** The search box as typed; it becomes a filter a moment after typing stops (one query, not one per key). */
  const [searchDraft, setSearchDraft] = useState('');
  const [offset, setOffset] = useState(0);
  const [result, setResult] = useState<{ total: number; entries: AuditEntry[] } | null>(null);
  const [facets, setFacets] = useState<Facets | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<AuditEntry | null>(null);
  const [verify, setVerify] = useState<Verify | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [reload, setReload] = useState(0);
  const searchRef = useRef<HTMLInputElement>(null);
  const gridApi = useRef<GridApi<AuditEntry> | null>(null);

  useEffect(() => {
    const timer = setTimeout(() => setFilters((f) => (f.search === searchDraft ? f : { ...f, search: searchDraft })), 300);
    return () => clearTimeout(timer);
  }, [searchDraft]);

  const change = (patch: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setOffset(0);
  };

  const entityIdBad = filters.entityId.trim() !== '' && !/^\d+$/.test(filters.entityId.trim());

  useEffect(() => {
    let live = true;
    void call('audit.list', { ...query(filters), offset, limit: PAGE_SIZE }).then((r) => {
      if (!live) return;
      if (!r.ok) {
        setError(r.error.message);
        return;
      }
      setError(null);
      setResult({ total: r.data.total, entries: r.data.entries });
      if (r.data.facets) setFacets(r.data.facets);
      setSelected((s) => (s ? (r.data.entries.find((e) => e.id === s.id) ?? null) : null));
      status.setRows({ total: r.data.total, shown: r.data.entries.length });
    });
    return () => {
      live = false;
    };
  }, [filters, offset, reload]);
  useEffect(() => () => status.setRows(null), []);

  const filtered = JSON.stringify(query(filters)) !== '{}';

  const clear = () => {
    setSearchDraft('');
    setFilters(NO_FILTERS);
    setOffset(0);
  };

  const runVerify = async () => {
    setVerifying(true);
    const r = await status.track('audit.verify', text.verifying, () => call('audit.verify', {}));
    setVerifying(false);
    if (r.ok) setVerify(r.data);
    else status.notify('error', r.error.message);
  };

  const exportCsv = async () => {
    setExporting(true);
    try {
      const all: AuditEntry[] = [];
      const filter = query(filters);
      for (;;) {
        const r = await status.track('audit.export', text.exporting, () => call('audit.list', { ...filter, offset: all.length, limit: EXPORT_PAGE }));
        if (!r.ok) {
          status.notify('error', r.error.message);
          return;
        }
        all.push(...r.data.entries);
        if (r.data.entries.length < EXPORT_PAGE || all.length >= r.data.total) break;
      }
      const c = text.cols;
      const csv = csvText(
        ['序号', c.at, c.user, c.action, c.method, c.entity, c.entityId, c.changes, c.reason, c.bulkRows],
        all.map((e) => [e.id, formatDateTimeSeconds(e.at), e.userName, e.methodLabel, e.method, e.entityLabel, e.entityId, changesText(e), e.reason, e.bulkRows]),
      );
      const fileName = `审计日志_${localDate()}.csv`;
      downloadBase64(fileName, 'text/csv;charset=utf-8', utf8Base64(csv));
      status.notify('info', text.exported(all.length, fileName));
    } finally {
      setExporting(false);
    }
  };

  const print = useCallback(() => {
    const api = gridApi.current;
    if (!api || !result) return;
    const columns = api.getAllDisplayedColumns();
    const rows: string[][] = [];
    api.forEachNodeAfterFilterAndSort((node) => {
      if (node.data) rows.push(columns.map((col) => String(api.getCellValue({ rowNode: node, colKey: col, useFormatter: true }) ?? '')));
    });
    printTable({
      title: text.printTitle,
      subtitle: `${result.total ? text.page(offset + 1, offset + result.entries.length, result.total) : text.none} · 打印 ${formatDateTimeSeconds(new Date().toISOString())}`,
      headers: columns.map((col) => col.getColDef().headerName ?? ''),
      numeric: columns.map((col) => col.getColDef().type === 'rightAligned'),
      rows,
    });
  }, [result, offset]);
  useSearchPrintKeys(searchRef, print);

  const columnDefs = useMemo<ColDef<AuditEntry>[]>(
    () => [
      { colId: 'at', headerName: text.cols.at, width: 150, valueGetter: (p) => (p.data ? formatDateTimeSeconds(p.data.at) : '') },
      { colId: 'user', headerName: text.cols.user, width: 100, field: 'userName' },
      { colId: 'action', headerName: text.cols.action, width: 110, field: 'methodLabel', tooltipField: 'method' },
      { colId: 'entity', headerName: text.cols.entity, width: 100, field: 'entityLabel', tooltipField: 'entity' },
      { colId: 'entityId', headerName: text.cols.entityId, width: 76, type: 'rightAligned', field: 'entityId' },
      { colId: 'changes', headerName: text.cols.changes, flex: 1, minWidth: 240, valueGetter: (p) => (p.data ? changesText(p.data) : ''), tooltipValueGetter: (p) => p.value as string },
      { colId: 'reason', headerName: text.cols.reason, width: 160, field: 'reason', tooltipField: 'reason' },
      { colId: 'bulkRows', headerName: text.cols.bulkRows, width: 100, type: 'rightAligned', field: 'bulkRows' },
    ],
    [],
  );

  /** Arrow keys through the rows show each entry in the panel, like a click. */
  const onCellFocused = (e: CellFocusedEvent<AuditEntry>) => {
    if (e.rowIndex == null || e.rowPinned) return;
    const node = e.api.getDisplayedRowAtIndex(e.rowIndex);
    if (node?.data) {
      node.setSelected(true);
      setSelected(node.data);
    }
  };

  const entries = result?.entries ?? [];
  const total = result?.total ?? 0;

  return (
    <section className="ledger-page audit-page" aria-label={text.title}>
      <div className="ledger-page-title-row">
        <h1 className="page-title">{text.title}</h1>
        <span className="muted">{text.intro}</span>
      </div>
      <div className="toolbar audit-filters" role="toolbar" aria-label="筛选">
        <label className="audit-filter">
          <span>{text.from}</span>
          <input type="date" className="input audit-date" value={filters.from} max={filters.to || undefined} onChange={(e) => change({ from: e.target.value })} aria-label="开始日期" data-testid="audit-from" />
        </label>
        <label className="audit-filter">
          <span>{text.to}</span>
          <input type="date" className="input audit-date" value={filters.to} min={filters.from || undefined} onChange={(e) => change({ to: e.target.value })} aria-label="结束日期" data-testid="audit-to" />
        </label>
        <label className="audit-filter">
          <span>{text.entity}</span>
          <select className="input audit-select" value={filters.entity} onChange={(e) => change({ entity: e.target.value, entityId: e.target.value ? filters.entityId : '' })} data-testid="audit-entity">
            <option value="">{text.all}</option>
            {facets?.entities.map((f) => (
              <option key={f.entity} value={f.entity}>
                {f.label}({f.count})
              </option>
            ))}
          </select>
        </label>
        <label className="audit-filter" title={text.entityIdHint}>
          <span>{text.entityId}</span>
          <input
            className={entityIdBad ? 'input audit-id input-error' : 'input audit-id'}
            inputMode="numeric"
            value={filters.entityId}
            disabled={!filters.entity}
            placeholder={filters.entity ? '' : '先选对象'}
            onChange={(e) => change({ entityId: e.target.value })}
            aria-invalid={entityIdBad}
            title={entityIdBad ? text.badEntityId : text.entityIdHint}
            data-testid="audit-entity-id"
          />
        </label>
        <label className="audit-filter">
          <span>{text.user}</span>
          <select className="input audit-select" value={filters.userId} onChange={(e) => change({ userId: e.target.value })} data-testid="audit-user">
            <option value="">{text.all}</option>
            {facets?.users.map((u) => (
              <option key={u.userId} value={String(u.userId)}>
                {u.userName}({u.count})
              </option>
            ))}
          </select>
        </label>
        <label className="audit-filter">
          <span>{text.method}</span>
          <select className="input audit-select audit-method" value={filters.method} onChange={(e) => change({ method: e.target.value })} data-testid="audit-method">
            <option value="">{text.all}</option>
            {facets?.methods.map((m) => (
              <option key={m.method} value={m.method}>
                {m.method}({m.label === m.method ? m.count : `${m.label},${m.count}`})
              </option>
            ))}
          </select>
        </label>
        <input
          ref={searchRef}
          type="search"
          className="input search-box"
          placeholder={text.search}
          aria-label="搜索"
          value={searchDraft}
          onChange={(e) => {
            setSearchDraft(e.target.value);
            setOffset(0);
          }}
          data-testid="audit-search"
        />
        <button type="button" className="button" onClick={clear} disabled={!filtered && !searchDraft}>
          {text.clearFilters}
        </button>
      </div>
      <div className="toolbar" role="toolbar" aria-label="操作">
        <button type="button" className="button" onClick={() => void exportCsv()} disabled={exporting || total === 0} title={text.exportTitle} data-testid="audit-export">
          {text.exportCsv}
        </button>
        <button type="button" className="button" onClick={() => void runVerify()} disabled={verifying} data-testid="audit-verify">
          {verifying ? text.verifying : text.verify}
        </button>
        <button type="button" className="button" onClick={() => setReload((n) => n + 1)}>
          {text.refresh}
        </button>
        <span className="toolbar-separator" />
        <span className="audit-paging" data-testid="audit-paging">
          {total ? text.page(offset + 1, offset + entries.length, total) : text.none}
        </span>
        <button type="button" className="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))} data-testid="audit-prev">
          {text.prev}
        </button>
        <button type="button" className="button" disabled={offset + PAGE_SIZE >= total} onClick={() => setOffset(offset + PAGE_SIZE)} data-testid="audit-next">
          {text.next}
        </button>
      </div>
      {verify && (
        <p className={verify.ok ? 'audit-verify audit-verify-ok' : 'audit-verify audit-verify-broken'} role="status" data-testid="audit-verify-result">
          {verify.ok ? text.verifyOk(verify.entries) : text.verifyBroken(verify.entries, verify.firstBroken?.reason ?? '')}
        </p>
      )}
      {error && (
        <p className="form-error" role="alert">
          {text.loadFailed}:{error}
        </p>
      )}
      {!result && !error && <p className="muted">{text.loading}</p>}
      {result && total === 0 ? (
        <div className="empty-panel" data-testid="audit-empty">
          <h2>{filtered ? text.noMatchTitle : text.emptyTitle}</h2>
          <p>{filtered ? text.noMatchText : text.emptyText}</p>
          {filtered && (
            <button type="button" className="button" onClick={clear}>
              {text.clearFilters}
            </button>
          )}
        </div>
      ) : (
        result && (
          <div className="ledger-body">
            <div className="grid-area" data-testid="audit-grid">
              <AgGridReact<AuditEntry>
                theme={ledgerTheme}
                localeText={AG_GRID_LOCALE_CN}
                rowData={entries}
                columnDefs={columnDefs}
                defaultColDef={{ sortable: false, resizable: true, cellDataType: false }}
                getRowId={(p) => String(p.data.id)}
                enableBrowserTooltips
                rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
                onRowClicked={(e) => e.data && setSelected(e.data)}
                onCellFocused={onCellFocused}
                onGridReady={(e) => {
                  gridApi.current = e.api;
                }}
              />
            </div>
            {selected && <AuditDetail entry={selected} onClose={() => setSelected(null)} />}
          </div>
        )
      )}
    </section>
  );
}
