/**
 * 考核 → 检查录入 (UX.md "Assessment entry", DOMAIN §2.8, §4.2, §4.3): the working month's inspections on the
 * left (filters by status and target type, search, the month's status and lock on top), the entry form of
 * the selected or new inspection on the right. The form is built for typing a paper checklist fast; the
 * workflow buttons name the role that may press them; a locked month is read-only and a manager corrects it
 * through 发起更正.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { ApiResult, InspectionDetail, InspectionSummary, MonthStatus, SchemeVersion } from '../../../../../db/api';
import { call } from '../../../api';
import { status } from '../../../app/status';
import { useWorkspace } from '../../../app/workspace';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { FilterChip } from '../../../components/FilterChip';
import { useDrill } from '../../drill/useDrill';
import { useVocabulary } from '../shared/useVocabulary';
import type { CorrectionResult } from './CorrectionDialog';
import { InspectionForm, StatusBadge } from './InspectionForm';
import { fmt2, formatTime, STATUS_TEXT } from './model';

type StatusFilter = '' | 'draft' | 'submitted' | 'returned' | 'approved' | 'locked';
const DRILL_TARGETS = ['inspections'] as const;

type TypeFilter = '' | 'section' | 'toilet' | 'estate' | 'community' | 'street';

/** What the right side shows: a new form, a saved record, or nothing yet. */
type Selection = { kind: 'none' } | { kind: 'new'; seq: number } | { kind: 'record'; id: number; known?: boolean };

export function InspectionsPage() {
  const { month } = useWorkspace();
  const vocabulary = useVocabulary();
  const [rows, setRows] = useState<InspectionSummary[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [monthStatus, setMonthStatus] = useState<MonthStatus | null>(null);
  const [schemes, setSchemes] = useState<SchemeVersion[]>([]);
  const [statusFilter, setStatusFilter] = useState<StatusFilter>('');
  const [typeFilter, setTypeFilter] = useState<TypeFilter>('');
  const [search, setSearch] = useState('');
  const [showSuperseded, setShowSuperseded] = useState(false);
  const [selection, setSelection] = useState<Selection>({ kind: 'none' });
  const [formKey, setFormKey] = useState('');
  const [detail, setDetail] = useState<InspectionDetail | null>(null);
  const detailRef = useRef(detail);
  detailRef.current = detail;
  const [detailError, setDetailError] = useState<string | null>(null);
  const [correctionNote, setCorrectionNote] = useState<CorrectionResult | null>(null);
  const [pending, setPending] = useState<Selection | null>(null);
  const dirty = useRef(false);
  const onDirtyChange = useCallback((d: boolean) => {
    dirty.current = d;
  }, []);

  // Active schemes: the newest version of each family (the API lists newest first within a family).
  useEffect(() => {
    void call('schemes.list', {}).then((r) => {
      if (!r.ok) return status.notify('error', r.error.message);
      const seen = new Set<number>();
      setSchemes(r.data.filter((s) => s.status === 'active' && !seen.has(s.familyId) && seen.add(s.familyId)));
    });
  }, []);

  // Opened from a dashboard chart: the list holds exactly the rows behind it (any month) until the chip is cleared.
  const drill = useDrill(DRILL_TARGETS).filter;
  const drillIds = drill && !drill.loading && !drill.error ? drill.ids : null;

  const reload = useCallback(async () => {
    const listed: Promise<ApiResult<InspectionSummary[]>> = drill
      ? drillIds?.size
        ? call('inspections.list', { ids: [...drillIds], includeSuperseded: showSuperseded || undefined })
        : Promise.resolve({ ok: true, data: [] })
      : call('inspections.list', { month, includeSuperseded: showSuperseded || undefined });
    const [list, ms] = await Promise.all([listed, call('months.status', { month })]);
    if (list.ok) {
      setRows(list.data);
      setListError(null);
    } else {
      setListError(list.error.message);
      status.notify('error', list.error.message);
    }
    if (ms.ok) setMonthStatus(ms.data);
  }, [month, showSuperseded, drill, drillIds]);

  useEffect(() => {
    setRows(null);
    void reload();
  }, [reload]);

  // Another month: start from an empty right side.
  useEffect(() => {
    setSelection({ kind: 'none' });
    setDetail(null);
  }, [month]);

  /** Bumped by every change of the shown record, so a slower load never overwrites a newer answer. */
  const detailSeq = useRef(0);
  const showDetail = useCallback((d: InspectionDetail) => {
    detailSeq.current += 1;
    setDetail(d);
  }, []);
  const loadDetail = useCallback(async (id: number) => {
    const seq = ++detailSeq.current;
    const r = await call('inspections.get', { id });
    if (seq !== detailSeq.current) return;
    if (!r.ok) {
      setDetailError(r.error.message);
      status.notify('error', r.error.message);
      return;
    }
    setDetailError(null);
    setDetail(r.data);
  }, []);

  useEffect(() => {
    if (selection.kind !== 'record') {
      detailSeq.current += 1;
      setDetail(null);
    } else if (detailRef.current?.id !== selection.id || !selection.known) {
      void loadDetail(selection.id);
    }
  }, [selection, loadDetail]);

  /** Shows another record (or a new form) in a fresh form; the form of a record is kept across its own revisions. */
  const go = (next: Selection) => {
    setCorrectionNote(null);
    setFormKey(next.kind === 'new' ? `new-${next.seq}` : next.kind === 'record' ? `rec-${next.id}` : '');
    setSelection(next);
  };
  const select = (next: Selection) => {
    if (dirty.current) setPending(next);
    else go(next);
  };
  const formDetail = selection.kind === 'record' && detail && detail.id === selection.id ? detail : null;

  const shown = useMemo(() => {
    const term = search.trim().toLowerCase();
    return (rows ?? []).filter((r) => {
      if (statusFilter && r.status !== statusFilter) return false;
      if (typeFilter && r.targetType !== typeFilter) return false;
      if (!term) return true;
      return [r.targetName, r.contractorName ?? '', r.schemeName, r.inspectors.join('、'), r.date].some((v) => v.toLowerCase().includes(term));
    });
  }, [rows, statusFilter, typeFilter, search]);

  useEffect(() => {
    status.setRows(rows ? { total: rows.length, shown: shown.length } : null);
  }, [rows, shown.length]);
  useEffect(() => () => status.setRows(null), []);

  const lock = monthStatus?.lock ?? null;
  const selectedId = selection.kind === 'record' ? selection.id : null;

  function onListKey(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const index = shown.findIndex((r) => r.id === selectedId);
    const next = shown[Math.min(shown.length - 1, Math.max(0, index + (e.key === 'ArrowDown' ? 1 : -1)))];
    if (next) {
      select({ kind: 'record', id: next.id });
      document.getElementById(`insp-row-${next.id}`)?.focus();
    }
  }

  const counts = monthStatus?.counts;
  return (
    <div className="insp-page">
      <aside className="insp-list-panel" aria-label="本月检查记录">
        <div className="insp-list-head">
          <h1 className="page-title">检查录入</h1>
          <span className="muted">{month} 月</span>
          <span className="top-bar-spacer" />
          <button
            type="button"
            className="button button-primary"
            disabled={!!lock}
            title={lock ? `${month} 月已锁定,不能再登记检查` : '新建一条检查记录(按细则逐项录入)'}
            onClick={() => select({ kind: 'new', seq: Date.now() })}
            data-testid="btn-new"
          >
            新建检查
          </button>
        </div>
        <div className="insp-month-status" data-testid="month-status">
          {lock ? (
            <span className="badge badge-lock" data-testid="month-lock">
              <span className="insp-lock-icon" aria-hidden="true" />
              已锁定(由 {lock.lockedBy} 于 {formatTime(lock.lockedAt)} 锁定)
            </span>
          ) : (
            <span className="badge badge-insp-open">未锁定</span>
          )}
          {counts && (
            <span className="insp-counts">
              共 {counts.total} 条
              {(['draft', 'submitted', 'returned', 'approved', 'locked'] as const)
                .filter((k) => counts[k] > 0)
                .map((k) => (
                  <span key={k}>
                    {' '}
                    · {STATUS_TEXT[k]} {counts[k]}
                  </span>
                ))}
              {counts.excluded > 0 && <span> · 已排除 {counts.excluded}</span>}
              {monthStatus && monthStatus.corrections > 0 && <span> · 更正 {monthStatus.corrections} 次</span>}
            </span>
          )}
          {!lock && monthStatus && monthStatus.blocking.length > 0 && (
            <span className="muted insp-blocking" title={monthStatus.blocking.map((b) => `${b.date} ${b.targetName}(${STATUS_TEXT[b.status]})`).join('\n')}>
              尚有 {monthStatus.blocking.length} 条未审核,锁定前须审核通过或排除
            </span>
          )}
        </div>
        <div className="insp-filters">
          <select className="input" value={statusFilter} onChange={(e) => setStatusFilter(e.currentTarget.value as StatusFilter)} aria-label="按状态筛选" data-testid="filter-status">
            <option value="">全部状态</option>
            {(Object.keys(STATUS_TEXT) as Array<keyof typeof STATUS_TEXT>).map((k) => (
              <option key={k} value={k}>
                {STATUS_TEXT[k]}
              </option>
            ))}
          </select>
          <select className="input" value={typeFilter} onChange={(e) => setTypeFilter(e.currentTarget.value as TypeFilter)} aria-label="按对象类型筛选" data-testid="filter-type">
            <option value="">全部对象</option>
            {Object.entries(vocabulary?.scheme.targetType ?? {}).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
          <input className="input" type="search" placeholder="搜索对象、作业单位、检查人" value={search} onChange={(e) => setSearch(e.currentTarget.value)} aria-label="搜索" data-testid="filter-search" />
        </div>
        <label className="check-label insp-superseded-toggle">
          <input type="checkbox" checked={showSuperseded} onChange={(e) => setShowSuperseded(e.currentTarget.checked)} data-testid="filter-superseded" />
          显示已被更正的旧版本
        </label>
        {drill && (
          <div className="filter-chips">
            <FilterChip filter={drill} />
          </div>
        )}
        <div className="insp-list" role="listbox" aria-label="检查记录" onKeyDown={onListKey} data-testid="inspection-list">
          {listError && <p className="form-error">{listError}</p>}
          {rows && !rows.length && !listError && !drill && (
            <div className="insp-list-empty">
              <p>{month} 月还没有检查记录。</p>
              <p className="muted">点“新建检查”,选细则和考核对象,按纸质检查表逐项填写发现问题的次数。</p>
            </div>
          )}
          {rows && rows.length > 0 && !shown.length && <p className="insp-list-empty muted">没有符合筛选条件的检查记录。</p>}
          {shown.map((r) => (
            <div
              key={r.id}
              id={`insp-row-${r.id}`}
              role="option"
              tabIndex={r.id === selectedId || (selectedId === null && r === shown[0]) ? 0 : -1}
              aria-selected={r.id === selectedId}
              className={`insp-row${r.id === selectedId ? ' is-selected' : ''}${r.supersededBy ? ' is-superseded' : ''}`}
              onClick={() => select({ kind: 'record', id: r.id })}
              onKeyDown={(e) => {
                if (e.key === 'Enter') select({ kind: 'record', id: r.id });
              }}
              data-testid="inspection-row"
              data-id={r.id}
            >
              <div className="insp-row-line">
                <span className="insp-row-date">{r.date}</span>
                <span className="insp-row-target" title={r.targetName}>
                  {r.targetName}
                </span>
                <span className={`insp-row-score num${r.vetoed ? ' text-error' : ''}`}>{fmt2(r.score)}</span>
              </div>
              <div className="insp-row-line insp-row-sub">
                <span className="insp-row-scheme" title={[r.schemeName, r.contractorName, r.inspectors.join('、')].filter(Boolean).join('\n')}>
                  {r.schemeName} · {vocabulary?.modes[r.mode] ?? r.mode}
                  {r.revision > 1 ? ` · 第 ${r.revision} 版` : ''}
                  {r.contractorName ? ` · ${r.contractorName}` : ''}
                </span>
                <StatusBadge status={r.status} excluded={r.excluded} superseded={!!r.supersededBy} testId="row-status" />
              </div>
            </div>
          ))}
        </div>
      </aside>

      <div className="insp-main">
        {detailError && selection.kind === 'record' && (
          <p className="form-error" role="alert">
            {detailError}
          </p>
        )}
        {(selection.kind === 'new' || formDetail) && (
          <InspectionForm
            key={formKey}
            detail={formDetail}
            month={month}
            monthLock={lock}
            schemes={schemes}
            vocabulary={vocabulary}
            onChanged={(d) => {
              // A new record stays in the same form once saved (a refusal of its submit is shown on its lines).
              showDetail(d);
              if (selection.kind !== 'record' || selection.id !== d.id) setSelection({ kind: 'record', id: d.id, known: true });
              void reload();
            }}
            onDeleted={() => {
              dirty.current = false;
              setSelection({ kind: 'none' });
              void reload();
            }}
            onOpen={(id) => select({ kind: 'record', id })}
            onCorrected={(result) => {
              const rev = formDetail ? result.correction.revisions.find((r) => r.fromId === formDetail.id) : undefined;
              setCorrectionNote(result);
              if (rev) setSelection({ kind: 'record', id: rev.toId });
              void reload();
            }}
            onDirtyChange={onDirtyChange}
            correctionNote={correctionNote}
          />
        )}
        {selection.kind === 'none' && (
          <div className="insp-placeholder">
            <h2>检查录入</h2>
            <p>左侧是 {month} 月的检查记录,点一条查看或修改;点“新建检查”按纸质检查表录入一次新的检查。</p>
            <ul className="muted">
              <li>次数只填数字,回车或 Tab 到下一项;没有问题的项留空。</li>
              <li>Ctrl+S 保存草稿,Ctrl+Enter 提交审核。</li>
              <li>得分随录入即时计算,显示在表单上方。</li>
            </ul>
            <button type="button" className="button button-primary" disabled={!!lock} onClick={() => select({ kind: 'new', seq: Date.now() })}>
              新建检查
            </button>
          </div>
        )}
      </div>

      {pending && (
        <ConfirmDialog
          title="放弃未保存的修改?"
          confirmLabel="放弃修改"
          danger
          onCancel={() => setPending(null)}
          onConfirm={() => {
            dirty.current = false;
            go(pending);
            setPending(null);
          }}
        >
          <p>当前检查记录有未保存的修改。放弃后这些修改不会保存;如需保留,请先取消,再按 Ctrl+S 保存草稿。</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
