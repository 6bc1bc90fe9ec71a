/**
 * 考核 → 月度成绩 (DOMAIN §3.6–§3.9, §4.2–§4.3): the working month's status and lock, then three tabs —
 * 考核对象成绩 (every unit with its components, score and grade), 按质核拨 (per contract: what the score and
 * the events withhold and what is payable, with a panel for the month's money inputs) and 更正记录.
 * An open month is computed live from the approved inspections; a locked one shows what the lock stored
 * (and the corrections after it). Toolbar: 导出成绩表 · 导出按质核拨表 · 打印 | 搜索 (Ctrl+F) · Ctrl+P prints.
 */
import type { GridApi, IRowNode } from 'ag-grid-community';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Correction, MonthScores, MonthStatus, PaymentRow, SchemeVersion, UnitScore } from '../../../../../db/api';
import { call } from '../../../api';
import { navigate } from '../../../app/router';
import { status } from '../../../app/status';
import { useWorkspace } from '../../../app/workspace';
import { Tabs } from '../../../components/Tabs';
import { downloadBase64 } from '../../../components/download';
import { printTable } from '../../../components/ledger/printView';
import { formatDateTime } from '../../../format';
import { useVocabulary } from '../shared/useVocabulary';
import { CorrectionsList } from './CorrectionsList';
import { MoneyPanel } from './MoneyPanel';
import { MonthLockBar } from './MonthLockBar';
import { PaymentsGrid } from './PaymentsGrid';
import { roleAtLeast } from '../../../app/roles';
import { districtName, monthTitle } from './scoreFormat';
import { UnitsGrid } from './UnitsGrid';
import { useSearchPrintKeys } from '../../../components/useSearchPrintKeys';

type TabKey = 'units' | 'payments' | 'corrections';

const TABS: Array<{ key: TabKey; label: string }> = [
  { key: 'units', label: '考核对象成绩' },
  { key: 'payments', label: '按质核拨' },
  { key: 'corrections', label: '更正记录' },
];

interface MonthData {
  month: string;
  monthStatus: MonthStatus;
  scores: MonthScores;
  corrections: Correction[];
}

type Loaded = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; data: MonthData };

const SEARCH_DEBOUNCE_MS = 200;

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function ScoresPage() {
  const { info, month } = useWorkspace();
  const vocabulary = useVocabulary();
  const canSupervise = roleAtLeast(info.user.role, 'supervisor');
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [schemes, setSchemes] = useState<Map<number, SchemeVersion>>(() => new Map());
  const [tab, setTab] = useState<TabKey>('units');
  const [searchText, setSearchText] = useState('');
  const [quickFilter, setQuickFilter] = useState('');
  const [openContract, setOpenContract] = useState<number | null>(null);
  const [exporting, setExporting] = useState(false);
  const unitsApi = useRef<GridApi<UnitScore> | null>(null);
  const paymentsApi = useRef<GridApi<PaymentRow> | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const loadSeq = useRef(0);

  const load = useCallback(async () => {
    const seq = ++loadSeq.current;
    setLoaded((prev) => (prev.state === 'ready' && prev.data.month === month ? prev : { state: 'loading' }));
    const [st, sc, co] = await Promise.all([call('months.status', { month }), call('scores.monthly', { month }), call('corrections.list', { month })]);
    if (seq !== loadSeq.current) return;
    const failed = [st, sc, co].find((r) => !r.ok);
    if (failed && !failed.ok) {
      setLoaded({ state: 'failed', message: failed.error.message });
      status.notify('error', `月度成绩读取失败:${failed.error.message}`);
      return;
    }
    if (st.ok && sc.ok && co.ok) setLoaded({ state: 'ready', data: { month, monthStatus: st.data, scores: sc.data, corrections: co.data } });
  }, [month]);

  useEffect(() => {
    setOpenContract(null);
    void load();
  }, [load]);

  useEffect(() => {
    let alive = true;
    void call('schemes.list', { includeRetired: true }).then((r) => {
      if (alive && r.ok) setSchemes(new Map(r.data.map((s) => [s.id, s])));
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
  useEffect(() => {
    if (tab === 'corrections') status.setRows(null);
  }, [tab]);

  const data = loaded.state === 'ready' ? loaded.data : null;
  const scores = data?.scores ?? null;
  const locked = scores?.source === 'locked';

  const setScores = useCallback((next: MonthScores) => {
    setLoaded((prev) => (prev.state === 'ready' && prev.data.month === next.month ? { state: 'ready', data: { ...prev.data, scores: next } } : prev));
  }, []);

  const onLocked = (next: MonthStatus) => {
    setLoaded((prev) => (prev.state === 'ready' ? { state: 'ready', data: { ...prev.data, monthStatus: next } } : prev));
    void load();
  };

  const fullScoreOf = useCallback((schemeId: number) => schemes.get(schemeId)?.definition.fullScore ?? 100, [schemes]);

  const openPanel = useCallback((contractId: number) => {
    setOpenContract(contractId);
    const api = paymentsApi.current;
    const node = api?.getRowNode(String(contractId));
    if (node) node.setSelected(true, true);
  }, []);

  const closePanel = () => {
    const id = openContract;
    setOpenContract(null);
    const api = paymentsApi.current;
    const node = id == null ? undefined : api?.getRowNode(String(id));
    if (api && node?.rowIndex != null) api.setFocusedCell(node.rowIndex, 'contractNo');
  };

  const exportSheet = async (sheet: 'units' | 'payments') => {
    if (exporting) return;
    setExporting(true);
    const label = sheet === 'units' ? '导出成绩表' : '导出按质核拨表';
    const result = await status.track(`scores.export.${sheet}`, label, () => call('scores.export', { month, sheet }));
    setExporting(false);
    if (!result.ok) {
      status.notify('error', `${label}失败:${result.error.message}`);
      return;
    }
    downloadBase64(result.data.fileName, result.data.mimeType, result.data.base64);
    status.notify('info', `已导出 ${result.data.rows} 行到 ${result.data.fileName}${result.data.locked ? '' : '(本月未锁定,仅供核对)'}`);
  };

  const sourceNote = scores
    ? scores.source === 'live'
      ? '未锁定:以下为按目前已审核检查的实时计算'
      : '已锁定:以下为锁定时保存的结果(含更正)'
    : '';

  const print = useCallback(() => {
    const api = (tab === 'payments' ? paymentsApi.current : tab === 'units' ? unitsApi.current : null) as GridApi<unknown> | null;
    if (!api || api.isDestroyed() || !scores) {
      status.notify('info', '请在“考核对象成绩”或“按质核拨”页打印');
      return;
    }
    const columns = api.getAllDisplayedColumns().filter((c) => c.getColId() !== 'actions');
    const rows: string[][] = [];
    const rowText = (node: IRowNode<unknown>) => columns.map((c) => String(api.getCellValue({ rowNode: node, colKey: c, useFormatter: true }) ?? ''));
    api.forEachNodeAfterFilterAndSort((node) => {
      if (node.data) rows.push([String(rows.length + 1), ...rowText(node)]);
    });
    for (let i = 0; i < api.getPinnedBottomRowCount(); i += 1) {
      const node = api.getPinnedBottomRow(i);
      if (node) rows.push(['', ...rowText(node)]);
    }
    const what = tab === 'payments' ? '环卫作业按质核拨表' : '环卫作业考核成绩';
    printTable({
      title: `${districtName(info.name)} ${monthTitle(month)} ${what}`,
      subtitle: `${sourceNote} · 打印日期 ${today()} · 共 ${rows.length} 行`,
      headers: ['序号', ...columns.map((c) => c.getColDef().headerName ?? '')],
      numeric: [true, ...columns.map((c) => c.getColDef().type === 'rightAligned')],
      rows,
    });
  }, [tab, scores, info.name, month, sourceNote]);

  useSearchPrintKeys(searchRef, print);

  const openRow = useMemo(() => (openContract == null ? null : (scores?.payments.find((p) => p.contractId === openContract) ?? null)), [openContract, scores]);
  const moneyReadOnly = locked
    ? `本月已锁定(${scores?.lock?.lockedBy ?? ''} · ${scores?.lock ? formatDateTime(scores.lock.lockedAt) : ''}),扣款录入不能再修改;如需更正,请分管领导发起更正。`
    : !canSupervise
      ? `扣款录入需要审核员及以上角色,当前用户为${info.user.roleLabel}。`
      : null;

  const emptyMonth = (
    <div className="empty-panel" data-testid="scores-empty">
      <h2>{monthTitle(month)}还没有成绩</h2>
      <p>
        月度成绩来自本月的检查记录:在<strong>检查录入</strong>中录入检查表并提交 → 审核员<strong>审核通过</strong>后即计入成绩(此处实时计算)→
        全部审核后<strong>锁定本月</strong>,保存月度成绩和按质核拨结果。
      </p>
      {data && data.monthStatus.counts.total > 0 && (
        <p>
          本月已有 {data.monthStatus.counts.total} 条检查记录,其中 {data.monthStatus.blocking.length} 条尚未审核通过。
        </p>
      )}
      <div className="empty-actions">
        <button type="button" className="button button-primary" onClick={() => navigate('/inspections')} data-testid="empty-goto-inspections">
          前往检查录入
        </button>
      </div>
    </div>
  );

  let body;
  if (loaded.state === 'loading') body = <p className="muted page-loading">正在读取{monthTitle(month)}的成绩…</p>;
  else if (loaded.state === 'failed')
    body = (
      <div className="empty-panel" role="alert">
        <h2>月度成绩读取失败</h2>
        <p className="text-error">{loaded.message}</p>
        <button type="button" className="button" onClick={() => void load()}>
          重试
        </button>
      </div>
    );
  else if (tab === 'corrections') body = <CorrectionsList corrections={loaded.data.corrections} locked={locked} />;
  else if (!loaded.data.scores.units.length) body = emptyMonth;
  else if (tab === 'units')
    body = (
      <div className="ledger-body">
        <div className="grid-area">
          <UnitsGrid
            scores={loaded.data.scores}
            editable={canSupervise && !locked}
            vocabulary={vocabulary}
            quickFilter={quickFilter}
            fullScoreOf={fullScoreOf}
            apiRef={unitsApi}
            onScores={setScores}
          />
        </div>
      </div>
    );
  else if (!loaded.data.scores.payments.length)
    body = (
      <div className="empty-panel" data-testid="payments-empty">
        <h2>本月没有可核拨的合同</h2>
        <p>按质核拨按合同计算:考核对象须关联到服务期内的合同,且所用细则设有扣款规则(合格线、每分扣款比例)。请在“考核细则”中检查扣款规则,在“合同标段”中检查合同。</p>
      </div>
    );
  else
    body = (
      <div className="ledger-body">
        <div className="grid-area">
          <PaymentsGrid payments={loaded.data.scores.payments} quickFilter={quickFilter} apiRef={paymentsApi} onOpen={openPanel} onEscape={() => openContract != null && closePanel()} />
        </div>
        {openRow && (
          <MoneyPanel
            key={openRow.contractId}
            month={month}
            row={openRow}
            rule={schemes.get(openRow.schemeId)?.definition.money ?? null}
            readOnlyReason={moneyReadOnly}
            onScores={setScores}
            onClose={closePanel}
          />
        )}
      </div>
    );

  return (
    <section className="ledger-page scores-page" aria-label="月度成绩">
      <h1 className="page-title">月度成绩</h1>
      <MonthLockBar month={month} monthStatus={data?.monthStatus ?? null} canLock={canSupervise} vocabulary={vocabulary} onLocked={onLocked} />
      <Tabs
        tabs={TABS}
        current={tab}
        onChange={(key) => setTab(key as TabKey)}
        label="月度成绩"
        extra={
          sourceNote && (
            <span className={locked ? 'source-note source-note-locked' : 'source-note'} data-testid="source-note">
              {sourceNote}
            </span>
          )
        }
      />
      <div className="toolbar" role="toolbar">
        <button type="button" className="button" onClick={() => void exportSheet('units')} disabled={exporting || !scores} data-testid="btn-export-units">
          导出成绩表
        </button>
        <button type="button" className="button" onClick={() => void exportSheet('payments')} disabled={exporting || !scores} data-testid="btn-export-payments">
          导出按质核拨表
        </button>
        <button type="button" className="button" onClick={print} disabled={tab === 'corrections' || !scores?.units.length} title="打印当前表格(Ctrl+P)" data-testid="btn-print">
          打印
        </button>
        <span className="toolbar-separator" />
        <input
          ref={searchRef}
          type="search"
          className="input search-box"
          placeholder="搜索(Ctrl+F)"
          aria-label="搜索"
          value={searchText}
          onChange={(e) => setSearchText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') setQuickFilter(searchText);
          }}
          disabled={tab === 'corrections'}
          data-testid="search-box"
        />
        <button
          type="button"
          className="button"
          onClick={() => {
            setSearchText('');
            setQuickFilter('');
            for (const api of [unitsApi.current, paymentsApi.current]) if (api && !api.isDestroyed()) api.setFilterModel(null);
          }}
          disabled={tab === 'corrections'}
        >
          清除筛选
        </button>
      </div>
      <div className="scores-body">{body}</div>
    </section>
  );
}
