/**
 * 排名通报 → 月度排名 (DOMAIN §2.9, §3.10, §4.2): pick the period (month, round, quarter, year), the category and
 * the kind of unit; 计算排名 (审核员) stores a draft run from the locked months; 批准 (分管领导) makes it the run
 * bulletins are printed from (a later approval supersedes it: a correction). The run's rows show rank, unit,
 * components, score, grade, 存在问题, money and consequences; the history on the left lists every run of the period
 * with its status. From an approved run: 生成通报, or after a correction of an issued bulletin, 生成更正通报.
 */
import type { GridApi } from 'ag-grid-community';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { MethodOutput, RankingRow, RankingRun, RankingRunSummary, RankUnitType } from '../../../../db/api';
import type { BulletinSummary } from '../../../../db/bulletins/types';
import { call } from '../../api';
import { roleAtLeast } from '../../app/roles';
import { status } from '../../app/status';
import { useWorkspace } from '../../app/workspace';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { printTable } from '../../components/ledger/printView';
import { useSearchPrintKeys } from '../../components/useSearchPrintKeys';
import { formatDateTime } from '../../format';
import { fmtScore } from '../assessment/scores/scoreFormat';
import { openBulletin, takeRun } from '../bulletins/handoff';
import { runBulletinState } from '../bulletins/runBulletins';
import { StatementDialog } from '../bulletins/StatementDialog';
import { initialPeriod, PeriodPicker, periodString, periodValueOf, type PeriodValue } from './PeriodPicker';
import { RankingGrid, rankCellText } from './RankingGrid';

type Vocabulary = MethodOutput<'ranking.vocabulary'>;

const STATUS_CLASS: Record<string, string> = { draft: 'badge-status-draft', approved: 'badge-status-approved', superseded: 'badge-superseded' };

export function RankingPage() {
  const { info, month } = useWorkspace();
  const role = info.user.role;
  const canCompute = roleAtLeast(role, 'supervisor');
  const canApprove = roleAtLeast(role, 'manager');
  const [vocabulary, setVocabulary] = useState<Vocabulary | null>(null);
  const [period, setPeriod] = useState<PeriodValue>(() => initialPeriod(month));
  const [category, setCategory] = useState('');
  const [unitType, setUnitType] = useState<RankUnitType | ''>('');
  const [runs, setRuns] = useState<RankingRunSummary[]>([]);
  const [bulletins, setBulletins] = useState<BulletinSummary[]>([]);
  const [run, setRun] = useState<RankingRun | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<'approve' | 'discard' | null>(null);
  const [searchText, setSearchText] = useState('');
  const [statementRow, setStatementRow] = useState<RankingRow | null>(null);
  const gridApi = useRef<GridApi<RankingRow> | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const periodText = periodString(period);

  useEffect(() => {
    void call('ranking.vocabulary', {}).then((r) => {
      if (r.ok) {
        setVocabulary(r.data);
        setCategory((c) => c || Object.keys(r.data.categories)[0]);
      }
    });
  }, []);

  const loadRuns = useCallback(async () => {
    const [list, bl] = await Promise.all([call('ranking.list', {}), call('bulletins.list', {})]);
    if (list.ok) setRuns(list.data);
    else status.notify('error', `排名列表读取失败:${list.error.message}`);
    if (bl.ok) setBulletins(bl.data);
  }, []);

  const openRunById = useCallback(async (id: number) => {
    const result = await call('ranking.get', { id });
    if (!result.ok) {
      status.notify('error', result.error.message);
      return;
    }
    setRun(result.data);
    // The history beside it lists the run's period.
    setPeriod((p) => periodValueOf(result.data.period, p));
    setError(null);
  }, []);

  useEffect(() => {
    void loadRuns();
    const pending = takeRun();
    if (pending) void openRunById(pending);
  }, [loadRuns, openRunById]);

  useEffect(() => () => status.setRows(null), []);

  const periodRuns = useMemo(() => runs.filter((r) => r.period === periodText), [runs, periodText]);
  const summary = run ? runs.find((r) => r.id === run.id) ?? run : null;

  const compute = async () => {
    if (!category) return;
    setBusy('compute');
    setError(null);
    const result = await status.track('ranking.compute', '计算排名', () =>
      call('ranking.compute', { period: periodText, category, ...(unitType ? { unitType } : {}) }),
    );
    setBusy(null);
    if (!result.ok) {
      setError(result.error.message);
      status.notify('error', `排名未计算:${result.error.message}`);
      return;
    }
    setRun(result.data);
    status.notify('info', `已计算排名草稿(编号 ${result.data.id}):${result.data.rows.length} 个单位,请分管领导审核批准`);
    void loadRuns();
  };

  const approve = async () => {
    if (!run) return;
    setBusy('approve');
    const result = await call('ranking.approve', { id: run.id });
    setBusy(null);
    setConfirm(null);
    if (!result.ok) {
      setError(result.error.message);
      status.notify('error', `未批准:${result.error.message}`);
      return;
    }
    setRun(result.data);
    status.notify('info', `已批准排名(编号 ${result.data.id}),可据此生成通报`);
    void loadRuns();
  };

  const discard = async () => {
    if (!run) return;
    setBusy('discard');
    const result = await call('ranking.discard', { id: run.id });
    setBusy(null);
    setConfirm(null);
    if (!result.ok) {
      status.notify('error', result.error.message);
      return;
    }
    status.notify('info', `已删除排名草稿(编号 ${run.id})`);
    setRun(null);
    void loadRuns();
  };

  /** The bulletin of this run, and the issued bulletin a correction of it must cite. */
  const { own, corrects } = useMemo(() => (run ? runBulletinState(run, runs, bulletins) : { own: null, corrects: null }), [run, runs, bulletins]);

  const createBulletin = async () => {
    if (!run) return;
    setBusy('bulletin');
    const result = await call('bulletins.create', { runId: run.id, ...(corrects ? { correctsId: corrects.id } : {}) });
    setBusy(null);
    if (!result.ok) {
      status.notify('error', `未生成通报:${result.error.message}`);
      setError(result.error.message);
      return;
    }
    status.notify('info', `已生成${result.data.kind === 'correction' ? '更正通报' : '通报'}草稿,请填写文号并核对内容`);
    openBulletin(result.data.id);
  };

  const print = useCallback(() => {
    const api = gridApi.current;
    if (!api || api.isDestroyed() || !run) return;
    const columns = api.getAllDisplayedColumns().filter((c) => c.getColId() !== 'actions');
    const rows: string[][] = [];
    api.forEachNodeAfterFilterAndSort((node) => {
      if (node.data) rows.push(columns.map((c) => String(api.getCellValue({ rowNode: node, colKey: c, useFormatter: true }) ?? '')));
    });
    printTable({
      title: `${run.period} ${run.categoryLabel}排名(${vocabulary?.unitTypes[run.unitType] ?? run.unitType})`,
      subtitle: `${vocabulary?.statuses[run.status] ?? run.status} · 编号 ${run.id} · 计算 ${formatDateTime(run.computedAt)} ${run.computedBy}${run.approvedAt ? ` · 批准 ${formatDateTime(run.approvedAt)} ${run.approvedBy}` : ''}`,
      headers: columns.map((c) => c.getColDef().headerName ?? ''),
      numeric: columns.map((c) => c.getColDef().type === 'rightAligned'),
      rows,
    });
  }, [run, vocabulary]);
  useSearchPrintKeys(searchRef, print);

  const statementFor = run && run.periodKind === 'month' && (run.unitType === 'contractor' || run.unitType === 'section') && run.source === 'internal';

  return (
    <section className="ledger-page ranking-page" aria-label="月度排名">
      <div className="ledger-page-title-row">
        <h1 className="page-title">月度排名</h1>
        <span className="muted">按已锁定月份的成绩排名:得分四舍五入到两位小数,相同得分名次并列,其后名次顺延;未检查的单位不排名</span>
      </div>
      <div className="ranking-controls">
        <PeriodPicker value={period} onChange={setPeriod} />
        <label className="inline-field">
          <span className="form-label">考核类别</span>
          <select className="input input-inline" value={category} onChange={(e) => setCategory(e.target.value)} data-testid="ranking-category">
            {vocabulary &&
              Object.entries(vocabulary.categories).map(([key, label]) => (
                <option key={key} value={key}>
                  {label}
                </option>
              ))}
          </select>
        </label>
        <label className="inline-field">
          <span className="form-label">排名对象</span>
          <select className="input input-inline" value={unitType} onChange={(e) => setUnitType(e.target.value as RankUnitType | '')} data-testid="ranking-unit-type">
            <option value="">按考核细则</option>
            {vocabulary &&
              Object.entries(vocabulary.unitTypes).map(([key, label]) => (
                <option key={key} value={key}>
                  {label}
                </option>
              ))}
          </select>
        </label>
        {canCompute ? (
          <button type="button" className="button button-primary" onClick={() => void compute()} disabled={!!busy || !category} data-testid="btn-compute">
            计算排名
          </button>
        ) : (
          <span className="muted role-tag">计算排名需审核员</span>
        )}
      </div>
      {error && (
        <p className="form-error" role="alert" data-testid="ranking-error">
          {error}
        </p>
      )}
      <div className="ranking-body">
        <aside className="ranking-history" aria-label="排名记录">
          <div className="ranking-history-head">
            <strong>{periodText} 的排名</strong>
            <span className="muted">{periodRuns.length} 份</span>
          </div>
          {periodRuns.length === 0 && <p className="muted ranking-history-empty">本期间还没有排名。选择考核类别后点“计算排名”;外部成绩表在“外部成绩导入”中导入。</p>}
          <ul>
            {periodRuns.map((r) => (
              <li key={r.id}>
                <button
                  type="button"
                  className={`ranking-history-item${run?.id === r.id ? ' ranking-history-current' : ''}`}
                  onClick={() => void openRunById(r.id)}
                  data-testid={`run-${r.id}`}
                >
                  <span className="ranking-history-line">
                    <span>{r.categoryLabel}</span>
                    <span className={`badge ${STATUS_CLASS[r.status] ?? ''}`}>{vocabulary?.statuses[r.status] ?? r.status}</span>
                  </span>
                  <span className="ranking-history-sub muted">
                    {vocabulary?.unitTypes[r.unitType] ?? r.unitType} · {r.rowCount} 个 · {r.source === 'external' ? '外部' : '系统'} · 编号 {r.id}
                  </span>
                  <span className="ranking-history-sub muted">
                    {formatDateTime(r.computedAt)} {r.computedBy}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {runs.length > periodRuns.length && (
            <details className="ranking-history-other">
              <summary>其他期间({runs.length - periodRuns.length})</summary>
              <ul>
                {runs
                  .filter((r) => r.period !== periodText)
                  .slice(0, 40)
                  .map((r) => (
                    <li key={r.id}>
                      <button type="button" className="ranking-history-item" onClick={() => void openRunById(r.id)} data-testid={`run-${r.id}`}>
                        <span className="ranking-history-line">
                          <span>
                            {r.period} {r.categoryLabel}
                          </span>
                          <span className={`badge ${STATUS_CLASS[r.status] ?? ''}`}>{vocabulary?.statuses[r.status] ?? r.status}</span>
                        </span>
                      </button>
                    </li>
                  ))}
              </ul>
            </details>
          )}
        </aside>
        <div className="ranking-main">
          {!run ? (
            <div className="empty-panel" data-testid="ranking-empty">
              <h2>选择或计算一份排名</h2>
              <p>
                排名只用<strong>已锁定</strong>月份的成绩:先在“月度成绩”中锁定月份,再选择期间和考核类别点<strong>计算排名</strong>(审核员)。草稿经
                <strong>分管领导批准</strong>后,即可生成通报。
              </p>
            </div>
          ) : (
            <>
              <div className="ranking-run-bar" data-testid="run-bar">
                <div className="ranking-run-title">
                  <strong>
                    {run.period} {run.categoryLabel}({vocabulary?.unitTypes[run.unitType] ?? run.unitType})
                  </strong>
                  <span className={`badge ${STATUS_CLASS[run.status] ?? ''}`} data-testid="run-status">
                    {vocabulary?.statuses[run.status] ?? run.status}
                  </span>
                  <span className="muted">
                    编号 {run.id} · {run.source === 'external' ? `外部成绩表 ${run.fileName ?? ''}` : run.schemeName ?? ''} · 计算 {formatDateTime(run.computedAt)} {run.computedBy}
                    {run.approvedAt && ` · 批准 ${formatDateTime(run.approvedAt)} ${run.approvedBy}`}
                    {run.supersededById && ` · 已被编号 ${run.supersededById} 取代`}
                  </span>
                </div>
                <div className="ranking-run-facts muted">
                  排名 {run.counts.ranked} · 不排名 {run.counts.unranked} · 未检查 {run.counts.notInspected}
                  {run.average != null && ` · 平均 ${fmtScore(run.average)} 分`}
                  {run.scoreFormula && ` · ${run.scoreFormula}`}
                  {run.gradeCounts.filter((g) => g.count > 0).map((g) => ` · ${g.grade} ${g.count}`)}
                  {run.counts.rankMismatches > 0 && <span className="ranking-warn"> · 公布名次不符 {run.counts.rankMismatches} 行</span>}
                  {run.counts.componentSumMismatches > 0 && <span className="ranking-warn"> · 分项合计不符 {run.counts.componentSumMismatches} 行</span>}
                </div>
              </div>
              <div className="toolbar" role="toolbar">
                {run.status === 'draft' &&
                  (canApprove ? (
                    <button type="button" className="button button-primary" onClick={() => setConfirm('approve')} disabled={!!busy} data-testid="btn-approve">
                      批准
                    </button>
                  ) : (
                    <span className="muted role-tag">批准需分管领导</span>
                  ))}
                {run.status === 'draft' && canCompute && (
                  <button type="button" className="button" onClick={() => setConfirm('discard')} disabled={!!busy} data-testid="btn-discard">
                    删除草稿
                  </button>
                )}
                {run.status === 'approved' &&
                  (own ? (
                    <button type="button" className="button button-primary" onClick={() => openBulletin(own.id)} data-testid="btn-open-bulletin">
                      {own.status === 'issued' ? `查看通报 ${own.docNumber}` : '打开通报草稿'}
                    </button>
                  ) : canCompute ? (
                    <button type="button" className="button button-primary" onClick={() => void createBulletin()} disabled={!!busy} data-testid="btn-create-bulletin">
                      {corrects ? `生成更正通报(更正 ${corrects.docNumber})` : '生成通报'}
                    </button>
                  ) : null)}
                <button type="button" className="button" onClick={print} title="打印当前表格(Ctrl+P)">
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
                />
              </div>
              <div className="grid-area">
                <RankingGrid
                  key={run.id}
                  run={run}
                  consequenceLabels={vocabulary?.consequences ?? {}}
                  quickFilter={searchText}
                  apiRef={gridApi}
                  onStatement={statementFor ? setStatementRow : undefined}
                />
              </div>
            </>
          )}
        </div>
      </div>
      {confirm === 'approve' && run && (
        <ConfirmDialog title="批准排名" confirmLabel="批准" busy={busy === 'approve'} onConfirm={() => void approve()} onCancel={() => setConfirm(null)}>
          <p>
            批准 {run.period} {run.categoryLabel}排名(编号 {run.id},{run.rows.length} 个单位)?批准后可据此生成通报;
            {summary && runs.some((r) => r.status === 'approved' && r.period === run.period && r.category === run.category && r.unitType === run.unitType && r.id !== run.id)
              ? '原先批准的同期排名将被取代(更正)。'
              : '批准后不能修改,如有错误须重新计算并批准新的排名。'}
          </p>
          <ul className="ranking-confirm-top">
            {run.rows
              .filter((r) => r.status === 'ranked')
              .slice(0, 5)
              .map((r) => (
                <li key={r.seq}>
                  {rankCellText(r)} {r.unitName} {fmtScore(r.score)}
                </li>
              ))}
          </ul>
        </ConfirmDialog>
      )}
      {confirm === 'discard' && run && (
        <ConfirmDialog title="删除排名草稿" confirmLabel="删除" danger busy={busy === 'discard'} onConfirm={() => void discard()} onCancel={() => setConfirm(null)}>
          <p>删除排名草稿(编号 {run.id})?已批准的排名不受影响。</p>
        </ConfirmDialog>
      )}
      {statementRow && run && (
        <StatementDialog month={run.period} unitType={run.unitType} unitId={statementRow.unitId!} unitName={statementRow.unitName} onClose={() => setStatementRow(null)} />
      )}
    </section>
  );
}
