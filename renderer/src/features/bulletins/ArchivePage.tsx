/**
 * 排名通报 → 已发通报: the archive of issued bulletins (DOMAIN §4.3: the original stays when a 更正通报 follows).
 * Each row: number, title, period, who issued it and when, the PDF's pages, size and sha256, and the correction
 * that cites it. 打开 PDF hands over the archived bytes (checked against the sha256 by the server); 查看 shows the
 * frozen page; 打印 prints it.
 */
import { AG_GRID_LOCALE_CN } from '@ag-grid-community/locale';
import type { ColDef, GridApi } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { BulletinSummary } from '../../../../db/bulletins/types';
import { call } from '../../api';
import { status } from '../../app/status';
import { downloadBase64 } from '../../components/download';
import { ledgerTheme } from '../../components/ledger/gridTheme';
import { formatDateTime } from '../../format';
import { DocumentFrame, type DocumentFrameHandle } from './DocumentFrame';
import { openBulletin } from './handoff';

export function ArchivePage() {
  const [rows, setRows] = useState<BulletinSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<BulletinSummary | null>(null);
  const [html, setHtml] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const frame = useRef<DocumentFrameHandle>(null);
  const gridApi = useRef<GridApi<BulletinSummary> | null>(null);

  useEffect(() => {
    void call('bulletins.list', { status: 'issued' }).then((r) => {
      if (r.ok) setRows(r.data);
      else setError(r.error.message);
    });
  }, []);
  useEffect(() => () => status.setRows(null), []);

  const select = useCallback((row: BulletinSummary) => {
    setSelected(row);
    setHtml(null);
    void call('bulletins.html', { id: row.id }).then((r) => {
      if (r.ok) setHtml(r.data.html);
      else status.notify('error', r.error.message);
    });
  }, []);

  const openPdf = useCallback(async (row: BulletinSummary) => {
    const r = await status.track('bulletins.pdf', '取出存档 PDF', () => call('bulletins.pdf', { id: row.id }));
    if (!r.ok) {
      status.notify('error', `PDF 未取出:${r.error.message}`);
      return;
    }
    downloadBase64(r.data.fileName, r.data.mimeType, r.data.base64);
    status.notify('info', `已取出 ${r.data.fileName}(sha256 核对无误)`);
  }, []);

  const columnDefs = useMemo<ColDef<BulletinSummary>[]>(
    () => [
      { colId: 'docNumber', headerName: '文号', field: 'docNumber', width: 170, pinned: 'left' },
      {
        colId: 'title',
        headerName: '标题',
        flex: 1,
        minWidth: 300,
        valueGetter: (p) => `${p.data?.kind === 'correction' ? '【更正】' : ''}${p.data?.title ?? ''}`,
        tooltipField: 'title',
      },
      { colId: 'period', headerName: '期间', width: 110, valueGetter: (p) => p.data?.periodLabel ?? '' },
      { colId: 'category', headerName: '考核类别', width: 110, field: 'categoryLabel' },
      { colId: 'issuedBy', headerName: '签发人', width: 90, field: 'issuedBy' },
      { colId: 'issuedAt', headerName: '签发时间', width: 140, valueGetter: (p) => (p.data?.issuedAt ? formatDateTime(p.data.issuedAt) : '') },
      { colId: 'pages', headerName: '页数', width: 64, type: 'rightAligned', field: 'pdfPages' },
      { colId: 'size', headerName: 'KB', width: 64, type: 'rightAligned', valueGetter: (p) => (p.data?.pdfSize ? Math.round(p.data.pdfSize / 1024) : null) },
      { colId: 'sha256', headerName: 'sha256', width: 120, valueGetter: (p) => p.data?.pdfSha256?.slice(0, 12) ?? '', tooltipField: 'pdfSha256' },
      {
        colId: 'correction',
        headerName: '更正',
        width: 170,
        valueGetter: (p) =>
          p.data?.correctedBy ? `已由 ${p.data.correctedBy.docNumber} 更正` : p.data?.correctsDocNumber ? `更正 ${p.data.correctsDocNumber}` : '',
        cellClassRules: { 'cell-pending': (p) => !!p.data?.correctedBy },
      },
      {
        colId: 'actions',
        headerName: '',
        width: 170,
        pinned: 'right',
        sortable: false,
        cellRenderer: (p: { data?: BulletinSummary }) =>
          p.data ? (
            <span className="archive-actions">
              <button type="button" className="link-button" onClick={() => void openPdf(p.data!)} data-testid={`archive-pdf-${p.data.id}`}>
                打开 PDF
              </button>
              <button type="button" className="link-button" onClick={() => select(p.data!)} data-testid={`archive-view-${p.data.id}`}>
                查看
              </button>
              <button type="button" className="link-button" onClick={() => openBulletin(p.data!.id)}>
                详情
              </button>
            </span>
          ) : null,
      },
    ],
    [openPdf, select],
  );

  return (
    <section className="ledger-page archive-page" aria-label="已发通报">
      <div className="ledger-page-title-row">
        <h1 className="page-title">已发通报</h1>
        <span className="muted">签发时存档的 PDF 及其校验值;已发通报不能修改,更正须发更正通报,原通报保留</span>
      </div>
      <div className="toolbar" role="toolbar">
        <input type="search" className="input search-box" placeholder="搜索文号、标题" aria-label="搜索" value={search} onChange={(e) => setSearch(e.target.value)} />
        {selected && (
          <>
            <span className="toolbar-separator" />
            <button type="button" className="button" onClick={() => frame.current?.print()} disabled={!html}>
              打印 {selected.docNumber}
            </button>
          </>
        )}
      </div>
      {error && <p className="form-error">{error}</p>}
      {rows && rows.length === 0 ? (
        <div className="empty-panel" data-testid="archive-empty">
          <h2>还没有签发的通报</h2>
          <p>在“通报”中按已批准的排名生成通报,由分管领导签发后,通报的 PDF 即存档于此。</p>
        </div>
      ) : (
        <div className="archive-body">
          <div className="grid-area archive-grid">
            <AgGridReact<BulletinSummary>
              theme={ledgerTheme}
              localeText={AG_GRID_LOCALE_CN}
              rowData={rows ?? []}
              columnDefs={columnDefs}
              defaultColDef={{ sortable: true, resizable: true, cellDataType: false }}
              getRowId={(p) => String(p.data.id)}
              enableBrowserTooltips
              quickFilterText={search}
              rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
              onRowDoubleClicked={(e) => e.data && select(e.data)}
              onGridReady={(e) => {
                gridApi.current = e.api;
              }}
              onModelUpdated={(e) => status.setRows({ total: rows?.length ?? 0, shown: e.api.getDisplayedRowCount() })}
            />
          </div>
          {selected && (
            <div className="archive-preview">
              <DocumentFrame ref={frame} html={html} title={`${selected.docNumber} ${selected.title}`} testId="archive-frame" />
            </div>
          )}
        </div>
      )}
    </section>
  );
}
