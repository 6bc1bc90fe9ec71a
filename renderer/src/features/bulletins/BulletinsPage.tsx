/**
 * 排名通报 → 通报 (DOMAIN §2.9, §5.1): the drafts, and the approved runs still waiting for one (生成通报, or
 * 生成更正通报 after a correction of an issued bulletin's run). A draft opens in the editor beside its print
 * preview: every field saves as soon as it is left (like the grids), the preview is the page the PDF is made
 * from. 下载 PDF and 打印 work on drafts (marked 草稿(未签发)); 签发 (分管领导) checks the number, renders the PDF
 * and archives it with the frozen content — an issued bulletin opens read-only, as in 已发通报.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { RankingRunSummary } from '../../../../db/api';
import type { Bulletin, BulletinFields, BulletinSummary } from '../../../../db/bulletins/types';
import { call } from '../../api';
import { roleAtLeast } from '../../app/roles';
import { navigate } from '../../app/router';
import { status } from '../../app/status';
import { useWorkspace } from '../../app/workspace';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { downloadBase64 } from '../../components/download';
import { formatDateTime } from '../../format';
import { DocumentFrame, type DocumentFrameHandle } from './DocumentFrame';
import { BulletinEditor } from './BulletinEditor';
import { openRun, takeBulletin } from './handoff';
import { runBulletinState } from './runBulletins';

export function BulletinsPage() {
  const { info } = useWorkspace();
  const canEdit = roleAtLeast(info.user.role, 'supervisor');
  const canIssue = roleAtLeast(info.user.role, 'manager');
  const [bulletins, setBulletins] = useState<BulletinSummary[]>([]);
  const [runs, setRuns] = useState<RankingRunSummary[]>([]);
  const [current, setCurrent] = useState<Bulletin | null>(null);
  const [html, setHtml] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [issueError, setIssueError] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<'issue' | 'delete' | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const frame = useRef<DocumentFrameHandle>(null);

  const loadLists = useCallback(async () => {
    const [bl, rl] = await Promise.all([call('bulletins.list', {}), call('ranking.list', { status: 'approved' })]);
    if (bl.ok) setBulletins(bl.data);
    else status.notify('error', `通报列表读取失败:${bl.error.message}`);
    if (rl.ok) setRuns(rl.data);
  }, []);

  const refreshPreview = useCallback(async (id: number) => {
    const r = await call('bulletins.html', { id });
    if (r.ok) setHtml(r.data.html);
  }, []);

  const open = useCallback(
    async (id: number) => {
      const r = await call('bulletins.get', { id });
      if (!r.ok) {
        status.notify('error', r.error.message);
        return;
      }
      setCurrent(r.data);
      setFieldErrors({});
      setIssueError(null);
      setHtml(null);
      void refreshPreview(id);
    },
    [refreshPreview],
  );

  useEffect(() => {
    void loadLists();
    const pending = takeBulletin();
    if (pending) void open(pending);
  }, [loadLists, open]);

  const drafts = bulletins.filter((b) => b.status === 'draft');
  const waiting = useMemo(
    () =>
      runs
        .map((run) => ({ run, ...runBulletinState(run, runs, bulletins) }))
        .filter((x) => !x.own)
        .sort((a, b) => b.run.id - a.run.id),
    [runs, bulletins],
  );

  const create = async (run: RankingRunSummary, correctsId: number | null) => {
    setBusy(`create-${run.id}`);
    const r = await call('bulletins.create', { runId: run.id, ...(correctsId ? { correctsId } : {}) });
    setBusy(null);
    if (!r.ok) {
      status.notify('error', `未生成通报:${r.error.message}`);
      return;
    }
    status.notify('info', `已生成${r.data.kind === 'correction' ? '更正通报' : '通报'}草稿,请填写文号并核对内容`);
    void loadLists();
    void open(r.data.id);
  };

  const currentRef = useRef<Bulletin | null>(null);
  currentRef.current = current;
  /** Saves run one after another, each with the version the previous one returned. */
  const saveQueue = useRef<Promise<void>>(Promise.resolve());
  const save = (patch: Partial<BulletinFields>) => {
    saveQueue.current = saveQueue.current.then(() => saveNow(patch));
  };

  /** One field left after a change: saved at once (like a grid cell); a refusal marks the field and keeps the typed text. */
  const saveNow = async (patch: Partial<BulletinFields>) => {
    const current = currentRef.current;
    if (!current || current.status !== 'draft') return;
    status.saveStarted();
    const r = await call('bulletins.update', { id: current.id, version: current.version, fields: patch });
    status.saveFinished(r.ok);
    const keys = Object.keys(patch);
    if (!r.ok) {
      const messages = Object.fromEntries(keys.map((k) => [k, r.error.fields?.[k] ?? r.error.message]));
      setFieldErrors((prev) => ({ ...prev, ...messages }));
      status.notify('error', `未保存:${r.error.message}`);
      return;
    }
    setFieldErrors((prev) => Object.fromEntries(Object.entries(prev).filter(([k]) => !keys.includes(k))));
    currentRef.current = r.data;
    setCurrent(r.data);
    setBulletins((prev) => prev.map((b) => (b.id === r.data.id ? { ...b, title: r.data.title, version: r.data.version } : b)));
    void refreshPreview(r.data.id);
  };

  const downloadPdf = async () => {
    setBusy('pdf');
    await saveQueue.current;
    const current = currentRef.current;
    if (!current) return setBusy(null);
    const r = await status.track('bulletins.pdf', '生成通报 PDF', () => call('bulletins.pdf', { id: current.id }));
    setBusy(null);
    if (!r.ok) {
      status.notify('error', `PDF 未生成:${r.error.message}`);
      return;
    }
    downloadBase64(r.data.fileName, r.data.mimeType, r.data.base64);
    status.notify('info', `${r.data.archived ? '已取出存档的' : '已生成'} ${r.data.fileName}(${r.data.pages ?? '?'} 页)`);
  };

  const issue = async () => {
    setBusy('issue');
    // A field left by clicking 签发 is saved first: what is issued is what is on screen.
    await saveQueue.current;
    const current = currentRef.current;
    if (!current) return setBusy(null);
    const r = await status.track('bulletins.issue', '签发通报', () => call('bulletins.issue', { id: current.id, version: current.version }));
    setBusy(null);
    setConfirm(null);
    if (!r.ok) {
      setIssueError(r.error.message);
      if (r.error.fields) setFieldErrors(r.error.fields);
      status.notify('error', `未签发:${r.error.message}`);
      return;
    }
    setCurrent(r.data);
    setIssueError(null);
    void refreshPreview(r.data.id);
    void loadLists();
    status.notify('info', `已签发 ${r.data.docNumber},PDF 已存档(sha256 ${r.data.pdfSha256?.slice(0, 12)}…)`);
  };

  const remove = async () => {
    setBusy('delete');
    await saveQueue.current;
    const current = currentRef.current;
    if (!current) return setBusy(null);
    const r = await call('bulletins.delete', { id: current.id, version: current.version });
    setBusy(null);
    setConfirm(null);
    if (!r.ok) {
      status.notify('error', r.error.message);
      return;
    }
    status.notify('info', '已删除通报草稿');
    setCurrent(null);
    setHtml(null);
    void loadLists();
  };

  const issued = current?.status === 'issued';
  return (
    <section className="ledger-page bulletins-page" aria-label="通报">
      <div className="ledger-page-title-row">
        <h1 className="page-title">通报</h1>
        <span className="muted">按已批准的排名生成通报,核对修改后由分管领导签发;签发后 PDF 存档,不能再修改</span>
      </div>
      <div className="bulletins-body">
        <aside className="bulletins-list" aria-label="通报草稿和待生成的排名">
          <div className="bulletins-list-head">
            <strong>草稿</strong>
            <span className="muted">{drafts.length}</span>
          </div>
          {drafts.length === 0 && <p className="muted bulletins-list-empty">没有通报草稿。</p>}
          <ul>
            {drafts.map((b) => (
              <li key={b.id}>
                <button type="button" className={`bulletins-item${current?.id === b.id ? ' bulletins-item-current' : ''}`} onClick={() => void open(b.id)} data-testid={`draft-${b.id}`}>
                  <span className="bulletins-item-title">
                    {b.kind === 'correction' && <span className="badge badge-correction">更正</span>} {b.title}
                  </span>
                  <span className="muted bulletins-item-sub">
                    {b.periodLabel} · 修改于 {formatDateTime(b.updatedAt)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          <div className="bulletins-list-head">
            <strong>待生成通报的排名</strong>
            <span className="muted">{waiting.length}</span>
          </div>
          {waiting.length === 0 && <p className="muted bulletins-list-empty">已批准的排名都已生成通报。新的排名在“月度排名”中计算并由分管领导批准。</p>}
          <ul>
            {waiting.map(({ run, corrects }) => (
              <li key={run.id} className="bulletins-run">
                <span className="bulletins-item-title">
                  {run.period} {run.categoryLabel}
                </span>
                <span className="muted bulletins-item-sub">
                  排名编号 {run.id} · {run.rowCount} 个单位{corrects ? ` · 更正了 ${corrects.docNumber} 所依据的排名` : ''}
                </span>
                {canEdit && (
                  <button
                    type="button"
                    className="button"
                    disabled={busy === `create-${run.id}`}
                    onClick={() => void create(run, corrects?.id ?? null)}
                    data-testid={`create-bulletin-${run.id}`}
                  >
                    {corrects ? '生成更正通报' : '生成通报'}
                  </button>
                )}
              </li>
            ))}
          </ul>
          <button type="button" className="link-button bulletins-archive-link" onClick={() => navigate('/bulletins/archive')}>
            已发通报 →
          </button>
        </aside>
        {!current ? (
          <div className="empty-panel" data-testid="bulletins-empty">
            <h2>选择一份通报草稿,或按已批准的排名生成通报</h2>
            <p>通报由审核员生成和修改,分管领导签发。生成时按排名写好标题、主送、总体情况(各等级数量和占比)、排名表(第一名……,并列同名次)、存在问题和工作要求;文号在签发前填写。</p>
          </div>
        ) : (
          <div className="bulletin-workspace">
            <div className="bulletin-bar" data-testid="bulletin-bar">
              <div className="bulletin-bar-title">
                {current.kind === 'correction' && <span className="badge badge-correction">更正通报</span>}
                <strong>{current.title}</strong>
                <span className={`badge ${issued ? 'badge-status-approved' : 'badge-status-draft'}`} data-testid="bulletin-status">
                  {issued ? `已签发 ${current.docNumber}` : '草稿'}
                </span>
              </div>
              <div className="toolbar" role="toolbar">
                <button type="button" className="button" onClick={() => frame.current?.print()} disabled={!html} data-testid="btn-print">
                  打印
                </button>
                <button type="button" className="button" onClick={() => void downloadPdf()} disabled={busy === 'pdf'} data-testid="btn-pdf">
                  {issued ? '打开存档 PDF' : '下载 PDF'}
                </button>
                <button type="button" className="button" onClick={() => openRun(current.runId)}>
                  查看排名
                </button>
                {!issued && canEdit && (
                  <button type="button" className="button" onClick={() => setConfirm('delete')} disabled={!!busy} data-testid="btn-delete">
                    删除草稿
                  </button>
                )}
                {!issued &&
                  (canIssue ? (
                    <button type="button" className="button button-primary" onClick={() => setConfirm('issue')} disabled={!!busy} data-testid="btn-issue">
                      签发
                    </button>
                  ) : (
                    <span className="muted role-tag">签发需分管领导</span>
                  ))}
              </div>
            </div>
            {!current.runCurrent && !issued && (
              <p className="form-error" role="alert">
                此草稿所依据的排名(编号 {current.runId})已被更正后的排名取代,不能再签发。请删除草稿,按新排名生成通报。
              </p>
            )}
            {issueError && (
              <p className="form-error" role="alert" data-testid="issue-error">
                {issueError}
              </p>
            )}
            {issued && (
              <p className="bulletin-archived muted" data-testid="bulletin-archived">
                {current.issuedBy} 于 {formatDateTime(current.issuedAt!)} 签发 · PDF {current.pdfPages ?? '?'} 页,{Math.round((current.pdfSize ?? 0) / 1024)} KB · sha256{' '}
                {current.pdfSha256}
                {current.correctedBy && ` · 已由 ${current.correctedBy.docNumber} 更正`}
              </p>
            )}
            <div className="bulletin-split">
              <BulletinEditor
                key={`${current.id}:${current.status}`}
                bulletin={current}
                readOnly={issued || !canEdit}
                errors={fieldErrors}
                onSave={save}
              />
              <div className="bulletin-preview" aria-label="打印预览">
                <DocumentFrame ref={frame} html={html} title={`${current.title} 打印预览`} testId="bulletin-frame" />
              </div>
            </div>
          </div>
        )}
      </div>
      {confirm === 'issue' && current && (
        <ConfirmDialog title="签发通报" confirmLabel="签发" busy={busy === 'issue'} onConfirm={() => void issue()} onCancel={() => setConfirm(null)}>
          <p>
            签发《{current.title}》{current.fields.docNumber ? `(${current.fields.docNumber})` : ''}?
          </p>
          <p className="muted">签发时生成 PDF,连同校验值(sha256)和通报内容一起存档;签发后不能修改或删除,如有错误须在排名更正后发更正通报。</p>
        </ConfirmDialog>
      )}
      {confirm === 'delete' && current && (
        <ConfirmDialog title="删除通报草稿" confirmLabel="删除" danger busy={busy === 'delete'} onConfirm={() => void remove()} onCancel={() => setConfirm(null)}>
          <p>删除草稿《{current.title}》?排名不受影响,可以重新生成。</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
