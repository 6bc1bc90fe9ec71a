/**
 * The entry form of one inspection (UX.md "Assessment entry"): the header (scheme, target, date, time, mode,
 * inspectors, remarks), the scheme's checklist, the running score always visible at the top, and the workflow
 * buttons with the role that may press them. A saved record shows who made and approved it, the return
 * reason, the rectification orders it issued, its revisions and its history. Read-only unless it is new, a
 * draft or returned in an open month. Ctrl+S saves the draft, Ctrl+Enter submits it.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { InspectionDetail, Rectification, SchemeVersion, TargetType } from '../../../../../db/api';
import { call } from '../../../api';
import { status } from '../../../app/status';
import { roleAtLeast } from '../../../app/roles';
import { useWorkspace } from '../../../app/workspace';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import type { Vocabulary } from '../shared/useVocabulary';
import { Checklist } from './Checklist';
import { CorrectionDialog, type CorrectionResult } from './CorrectionDialog';
import { HistoryPanel } from './HistoryPanel';
import {
  defaultDate,
  editable,
  findingsOf,
  fmt,
  fmt2,
  formatTime,
  linesFor,
  MODES,
  splitErrors,
  STATUS_TEXT,
  splitInspectors,
  type Line,
  type Mode,
} from './model';
import { ReasonDialog } from './ReasonDialog';
import { TargetPicker, type TargetValue } from './TargetPicker';
import { usePreview } from './usePreview';

type MonthLock = NonNullable<InspectionDetail['lock']>;

interface Header {
  schemeId: number | null;
  target: TargetValue | null;
  date: string;
  time: string;
  mode: Mode;
  inspectors: string;
  remarks: string;
  typedScore: string;
  overrideReason: string;
}

export interface InspectionFormProps {
  /** null: a new inspection. */
  detail: InspectionDetail | null;
  month: string;
  /** The lock of the working month (for a new inspection); a saved one carries its own. */
  monthLock: MonthLock | null;
  schemes: SchemeVersion[];
  vocabulary: Vocabulary | null;
  /** A step changed the record (saved, submitted …): the page reloads its list and shows it. */
  onChanged(detail: InspectionDetail): void;
  onDeleted(id: number): void;
  onOpen(id: number): void;
  onCorrected(result: CorrectionResult): void;
  onDirtyChange(dirty: boolean): void;
  /** The outcome of the latest correction of this record, shown above the form. */
  correctionNote: CorrectionResult | null;
}

type Dialog = null | 'return' | 'exclude' | 'include' | 'delete' | 'correct';

function headerOf(detail: InspectionDetail | null, month: string, userName: string, schemes: SchemeVersion[]): Header {
  if (detail) {
    return {
      schemeId: detail.schemeId,
      target: { id: detail.targetId, name: detail.targetName },
      date: detail.date,
      time: detail.time ?? '',
      mode: detail.mode,
      inspectors: detail.inspectors.join('、'),
      remarks: detail.remarks ?? '',
      typedScore: detail.typedScore != null ? fmt(detail.typedScore) : '',
      overrideReason: detail.overrideReason ?? '',
    };
  }
  return {
    schemeId: schemes.length === 1 ? schemes[0].id : null,
    target: null,
    date: defaultDate(month),
    time: '',
    mode: 'routine',
    inspectors: userName,
    remarks: '',
    typedScore: '',
    overrideReason: '',
  };
}

export function InspectionForm({ detail, month, monthLock, schemes, vocabulary, onChanged, onDeleted, onOpen, onCorrected, onDirtyChange, correctionNote }: InspectionFormProps) {
  const { info } = useWorkspace();
  const role = info.user.role;
  const [header, setHeader] = useState<Header>(() => headerOf(detail, month, info.user.name, schemes));
  const initialLines = useMemo(() => {
    const def = detail?.scheme.definition ?? schemes.find((s) => s.id === header.schemeId)?.definition;
    return def ? linesFor(def.items, detail?.findings ?? []) : { lines: [], findingKeys: [] };
    // Only when another record is loaded; the scheme of a new record is handled in setScheme.
  }, [detail]);
  const [lines, setLines] = useState<Line[]>(initialLines.lines);
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [headerErrors, setHeaderErrors] = useState<Record<string, string>>({});
  const [saveLineErrors, setSaveLineErrors] = useState<Record<string, Record<string, string>>>({});
  const [dialog, setDialog] = useState<Dialog>(null);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const [orders, setOrders] = useState<Rectification[] | null>(null);
  /** Finding index → line key of what is stored now (submit errors are keyed by stored finding). */
  const storedKeys = useRef<string[]>(initialLines.findingKeys);
  const rootRef = useRef<HTMLElement>(null);

  // Another record (or a new version of this one) loaded: the form shows it as stored.
  useEffect(() => {
    setHeader(headerOf(detail, month, info.user.name, schemes));
    setLines(initialLines.lines);
    storedKeys.current = initialLines.findingKeys;
    setDirty(false);
    setFormError(null);
    setHeaderErrors({});
    setSaveLineErrors({});
    setDialog(null);
  }, [initialLines]);

  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);

  const scheme = detail?.scheme ?? schemes.find((s) => s.id === header.schemeId) ?? null;
  const def = scheme?.definition ?? null;
  const items = useMemo(() => def?.items ?? [], [def]);
  const targetType: TargetType | null = def?.targetType ?? null;
  const lock = detail ? detail.lock : monthLock;
  const canEdit = editable(detail, !!lock) && !busy;
  const { findings, lineKeys } = useMemo(() => findingsOf(items, lines), [items, lines]);
  const { preview } = usePreview(scheme?.id ?? null, header.date, findings);
  const previewLineErrors = useMemo(() => (canEdit ? splitErrors(preview?.errors, lineKeys).lines : {}), [preview, lineKeys, canEdit]);

  // The rectification orders this inspection issued (approved records only).
  useEffect(() => {
    setOrders(null);
    if (!detail || !['approved', 'locked'].includes(detail.status)) return;
    let alive = true;
    void Promise.all(detail.revisions.map((rev) => call('rectifications.list', { inspectionId: rev.id }))).then((results) => {
      if (alive) setOrders(results.flatMap((r) => (r.ok ? r.data : [])));
    });
    return () => {
      alive = false;
    };
  }, [detail]);

  function change<K extends keyof Header>(key: K, value: Header[K]) {
    setHeader((h) => ({ ...h, [key]: value }));
    setDirty(true);
    const field = key === 'target' ? 'targetId' : key;
    setHeaderErrors((errors) => {
      if (!(field in errors)) return errors;
      const { [field]: _dropped, ...rest } = errors;
      return rest;
    });
  }

  function setScheme(id: number | null) {
    const next = schemes.find((s) => s.id === id) ?? null;
    const prevType = def?.targetType;
    setHeader((h) => ({ ...h, schemeId: id, target: next && next.definition.targetType === prevType ? h.target : null }));
    setLines(next ? linesFor(next.definition.items).lines : []);
    setSaveLineErrors({});
    setDirty(true);
  }

  function changeLines(next: Line[]) {
    // A refusal from the last save is about the line as it was: editing the line takes its message away.
    const edited = next.filter((l) => !lines.includes(l)).map((l) => l.key);
    setSaveLineErrors((errors) => {
      if (!edited.some((k) => k in errors)) return errors;
      const rest = { ...errors };
      for (const k of edited) delete rest[k];
      return rest;
    });
    setLines(next);
    setDirty(true);
  }

  const showError = useCallback((message: string, fields?: Record<string, string>, keys?: string[], verb = '保存') => {
    const split = splitErrors(fields, keys ?? []);
    setHeaderErrors(split.header);
    setSaveLineErrors(split.lines);
    // The API's message names fields by their keys (findings.0.pointsEach); the lines are marked, so say it plainly.
    const messages = [...new Set(Object.values(fields ?? {}))];
    const text = messages.length ? `${verb}失败,请修改标红的内容后重试:${messages.join(';')}` : message;
    setFormError(text);
    status.notify('error', text);
  }, []);

  /** Saves the form as a draft; the saved record, or null when refused. */
  async function save(quiet = false): Promise<InspectionDetail | null> {
    const errors: Record<string, string> = {};
    if (!scheme) errors.schemeId = '请选择考核细则';
    if (!header.target) errors.targetId = '请选择考核对象(输入名称查找,回车选定)';
    const inspectors = splitInspectors(header.inspectors);
    if (!inspectors.length) errors.inspectors = '至少填写一名检查人员';
    if (inspectors.length > 10) errors.inspectors = '检查人员最多 10 名';
    const typedText = header.typedScore.normalize('NFKC').trim();
    const typed = typedText ? Number(typedText) : null;
    if (typed !== null && !Number.isFinite(typed)) errors.typedScore = '手填得分应为数字';
    if (Object.keys(errors).length || !scheme || !header.target) {
      showError('请补全带 * 的内容后再保存', errors);
      return null;
    }
    setBusy('save');
    status.saveStarted();
    const result = await call('inspections.save', {
      ...(detail ? { id: detail.id, version: detail.version } : {}),
      // The working month: a date typed into another month is refused with the reason (DOMAIN E4).
      month: detail?.month ?? month,
      schemeId: scheme.id,
      date: header.date.normalize('NFKC').trim(),
      time: header.time.trim() || null,
      mode: header.mode,
      inspectors,
      targetType: def!.targetType,
      targetId: header.target.id,
      remarks: header.remarks.trim() || null,
      typedScore: typed,
      overrideReason: header.overrideReason.trim() || null,
      findings,
    });
    status.saveFinished(result.ok);
    setBusy(null);
    if (!result.ok) {
      showError(result.error.message, result.error.fields, lineKeys);
      return null;
    }
    setFormError(null);
    setHeaderErrors({});
    setSaveLineErrors({});
    setDirty(false);
    if (!quiet) status.notify('info', `已保存草稿:${result.data.date} ${result.data.targetName},得分 ${fmt2(result.data.score)}`);
    onChanged(result.data);
    return result.data;
  }

  type Step = 'inspections.submit' | 'inspections.approve';
  async function step(method: Step, label: string) {
    let current = detail;
    if (method === 'inspections.submit' && (!current || dirty)) {
      current = await save(true);
      if (!current) return;
    }
    if (!current) return;
    setBusy(method);
    const result = await call(method, { id: current.id, version: current.version });
    setBusy(null);
    if (!result.ok) {
      // Errors are keyed by the stored findings: after a save the form shows the saved record, whose lines these are.
      showError(result.error.message, result.error.fields, storedKeys.current, label.replace(/^已/, ''));
      return;
    }
    setFormError(null);
    status.notify('info', `${label}:${result.data.date} ${result.data.targetName},得分 ${fmt2(result.data.score)}`);
    onChanged(result.data);
  }

  async function withReason(kind: 'return' | 'exclude' | 'include', reason: string | null) {
    if (!detail) return;
    setBusy(kind);
    setDialogError(null);
    const result =
      kind === 'return'
        ? await call('inspections.return', { id: detail.id, version: detail.version, reason: reason ?? '' })
        : await call('inspections.exclude', { id: detail.id, version: detail.version, excluded: kind === 'exclude', reason });
    setBusy(null);
    if (!result.ok) {
      setDialogError(result.error.message);
      status.notify('error', result.error.message);
      if (kind === 'include') {
        setDialog(null);
        setFormError(result.error.message);
      }
      return;
    }
    setDialog(null);
    status.notify('info', kind === 'return' ? '已退回,录入员修改后可重新提交' : kind === 'exclude' ? '已排除出本月考核' : '已恢复计入本月考核');
    onChanged(result.data);
  }

  async function remove() {
    if (!detail) return;
    setBusy('delete');
    const result = await call('inspections.delete', { id: detail.id, version: detail.version });
    setBusy(null);
    setDialog(null);
    if (!result.ok) {
      showError(result.error.message);
      return;
    }
    status.notify('info', `已删除检查记录:${detail.date} ${detail.targetName}`);
    onDeleted(detail.id);
  }

  // Ctrl+S saves the draft, Ctrl+Enter submits: anywhere on the page, unless a dialog is open.
  const keyRef = useRef<(e: KeyboardEvent) => void>(() => undefined);
  keyRef.current = (e: KeyboardEvent) => {
    if (dialog || !(e.ctrlKey || e.metaKey)) return;
    if (e.key === 's' || e.key === 'S') {
      e.preventDefault();
      if (canEdit) void save();
      else status.notify('warning', readOnlyReason ?? '该检查记录不能修改');
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (canEdit) void step('inspections.submit', '已提交审核');
    }
  };
  useEffect(() => {
    const listener = (e: KeyboardEvent) => keyRef.current(e);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  const st = detail?.status ?? null;
  const superseded = !!detail?.supersededBy;
  const isSupervisor = roleAtLeast(role, 'supervisor');
  const isManager = roleAtLeast(role, 'manager');
  const open = !lock && !superseded;
  const canSave = open && (!detail || st === 'draft' || st === 'returned');
  const canSubmit = canSave;
  const canApprove = open && st === 'submitted';
  const canReturn = open && (st === 'submitted' || st === 'approved');
  const canExclude = open && !!detail && st !== 'locked';
  const canDelete = open && (st === 'draft' || st === 'returned');
  const canCorrect = !!detail && !!lock && !superseded && (st === 'locked' || detail.excluded);

  let readOnlyReason: string | null = null;
  if (superseded) readOnlyReason = `这是第 ${detail!.revision} 版,已被更正后的新版本取代,仅供查看。`;
  else if (lock) readOnlyReason = `${lock.month} 月已于 ${formatTime(lock.lockedAt)} 由 ${lock.lockedBy} 锁定,不能再修改。${isManager ? '如需更正,请点“发起更正(分管领导)”。' : '如需更正,请分管领导发起更正。'}`;
  else if (st === 'submitted') readOnlyReason = '已提交待审核,不能修改;如需修改,请审核员退回。';
  else if (st === 'approved') readOnlyReason = '已审核通过,不能修改;如需修改,请审核员退回(已下发整改通知的须排除后重新录入)。';

  const vetoed = preview?.vetoed ?? detail?.vetoed ?? false;
  const liveScore = canEdit ? (preview?.score ?? detail?.score) : (detail?.score ?? preview?.score);
  const typedNumber = header.typedScore.trim() ? Number(header.typedScore) : null;
  const typedDiffers = typedNumber != null && preview != null && Number.isFinite(typedNumber) && Math.abs(typedNumber - preview.score) >= 0.005;
  const itemChips = Object.entries(preview?.items ?? {});
  const typeLabel = targetType ? (vocabulary?.scheme.targetType[targetType] ?? targetType) : '考核对象';
  const mergedLineErrors: Record<string, Record<string, string>> = {};
  for (const [k, v] of Object.entries(previewLineErrors)) mergedLineErrors[k] = { ...v };
  for (const [k, v] of Object.entries(saveLineErrors)) mergedLineErrors[k] = { ...(mergedLineErrors[k] ?? {}), ...v };

  const focusFirstItem = () => {
    const first = rootRef.current?.querySelector<HTMLInputElement>('input[data-occ]');
    first?.focus();
  };

  const roleNote = !isSupervisor && (st === 'submitted' || st === 'approved') && open ? '审核通过、退回和排除需要审核员角色,当前用户为录入员,不能办理。' : null;

  return (
    <section className="insp-editor" ref={rootRef} aria-label="检查录入表" data-testid="inspection-form">
      <div className="insp-editor-top">
        <div className="insp-title-row">
          <h2 className="insp-title" data-testid="form-title">
            {detail ? `检查记录 ${detail.date} ${detail.targetName}` : '新建检查'}
          </h2>
          {detail && detail.revision > 1 && <span className="badge badge-revision">第 {detail.revision} 版</span>}
          {st && <StatusBadge status={st} excluded={detail?.excluded ?? false} superseded={superseded} />}
          {lock && (
            <span className="badge badge-lock" data-testid="form-lock" title={`${lock.month} 月已锁定`}>
              <span className="insp-lock-icon" aria-hidden="true" />
              已锁定(由 {lock.lockedBy} 于 {formatTime(lock.lockedAt)} 锁定)
            </span>
          )}
          {dirty && canEdit && <span className="insp-dirty">未保存</span>}
        </div>
        <div className="insp-actions" role="toolbar" aria-label="检查记录操作">
          {canCorrect && (
            <>
              <button
                type="button"
                className="button button-primary"
                disabled={!isManager || !!busy}
                title={isManager ? '锁定后更正:生成新版本并重新计算当月成绩' : '需要分管领导角色'}
                onClick={() => setDialog('correct')}
                data-testid="btn-correct"
              >
                发起更正(分管领导)
              </button>
              <span className="toolbar-separator" />
            </>
          )}
          <button type="button" className="button" disabled={!canSave || !!busy} onClick={() => void save()} title="Ctrl+S" data-testid="btn-save">
            保存草稿(录入员)
          </button>
          <button type="button" className="button button-primary" disabled={!canSubmit || !!busy} onClick={() => void step('inspections.submit', '已提交审核')} title="Ctrl+Enter" data-testid="btn-submit">
            提交审核(录入员)
          </button>
          <span className="toolbar-separator" />
          <button
            type="button"
            className="button button-primary"
            disabled={!canApprove || !isSupervisor || !!busy}
            title={isSupervisor ? '审核通过,并按扣分项下发整改通知' : '需要审核员角色'}
            onClick={() => void step('inspections.approve', '已审核通过')}
            data-testid="btn-approve"
          >
            审核通过(审核员)
          </button>
          <button
            type="button"
            className="button"
            disabled={!canReturn || !isSupervisor || !!busy}
            title={isSupervisor ? '退回录入员修改(须写明原因)' : '需要审核员角色'}
            onClick={() => {
              setDialogError(null);
              setDialog('return');
            }}
            data-testid="btn-return"
          >
            退回(审核员)
          </button>
          <button
            type="button"
            className="button"
            disabled={!canExclude || !isSupervisor || !!busy}
            title={isSupervisor ? (detail?.excluded ? '恢复计入本月考核' : '排除出本月考核(须写明原因)') : '需要审核员角色'}
            onClick={() => {
              setDialogError(null);
              setDialog(detail?.excluded ? 'include' : 'exclude');
            }}
            data-testid="btn-exclude"
          >
            {detail?.excluded ? '取消排除(审核员)' : '排除(审核员)'}
          </button>
          <button type="button" className="button" disabled={!canDelete || !!busy} onClick={() => setDialog('delete')} data-testid="btn-delete">
            删除(录入员)
          </button>
        </div>
        {roleNote && (
          <p className="insp-role-note" data-testid="role-note">
            {roleNote}
          </p>
        )}
        <div className={`score-bar${vetoed ? ' is-veto' : ''}`} data-testid="score-bar" aria-live="polite">
          <span className="score-bar-label">得分</span>
          <strong className="score-bar-score" data-testid="running-score">
            {liveScore != null ? fmt2(liveScore) : def ? '…' : '—'}
          </strong>
          {def && <span className="muted">/ {fmt(def.fullScore)}</span>}
          {preview && <span className="score-bar-deduction">扣 {fmt2(preview.deduction)}</span>}
          {preview && preview.bonus > 0 && <span className="score-bar-deduction">加 {fmt2(preview.bonus)}</span>}
          {vetoed && <span className="score-bar-veto">一票否决:得分为 0</span>}
          {detail?.typedScore != null && !canEdit && <span className="muted">(手填得分,原因:{detail.overrideReason})</span>}
          <span className="score-bar-items" data-testid="score-items">
            {itemChips.map(([code, p]) => {
              const item = items.find((i) => i.code === code);
              const cap = item ? (item.cap ?? item.maxPoints) : Infinity;
              const capped = item?.deductionUnit !== 'fixed' && p.applied >= cap - 1e-9 && p.raw >= cap - 1e-9;
              return (
                <span key={code} className={`score-chip${capped ? ' is-capped' : ''}${item?.veto ? ' is-veto' : ''}`}>
                  {code} {item?.bonus ? '+' : '−'}
                  {fmt2(p.applied)}
                  {capped && ' 已扣完'}
                </span>
              );
            })}
          </span>
        </div>
      </div>

      <div className="insp-editor-body">
        {correctionNote && detail && correctionNote.correction.revisions.some((r) => r.toId === detail.id) && <CorrectionNote result={correctionNote} detail={detail} />}
        {formError && (
          <p className="form-error" role="alert" data-testid="form-error">
            {formError}
          </p>
        )}
        {superseded && (
          <p className="form-notice insp-superseded" data-testid="superseded-note">
            已被更正:这是第 {detail!.revision} 版,已被更正后的新版本取代。
            <button type="button" className="link-button" onClick={() => onOpen(detail!.supersededBy!)} data-testid="open-newer">
              打开最新版本
            </button>
          </p>
        )}
        {st === 'returned' && detail?.returnReason && (
          <p className="insp-returned" role="note" data-testid="return-reason">
            <strong>已退回,原因:</strong>
            {detail.returnReason}
          </p>
        )}
        {detail?.excluded && (
          <p className="form-notice" data-testid="exclude-reason">
            已排除出本月考核,原因:{detail.excludeReason}
          </p>
        )}
        {readOnlyReason && !superseded && (
          <p className="insp-readonly" data-testid="readonly-note">
            {lock && <span className="insp-lock-icon" aria-hidden="true" />}
            {readOnlyReason}
          </p>
        )}

        <div className="insp-header-grid">
          <label className="form-row insp-scheme">
            <span className="form-label">
              考核细则<span className="required">*</span>
            </span>
            {detail ? (
              <span className="derived-value" data-testid="scheme-fixed">
                {detail.scheme.name}(第 {detail.scheme.version} 版)
              </span>
            ) : (
              <select
                className={`input${headerErrors.schemeId ? ' input-error' : ''}`}
                value={header.schemeId ?? ''}
                disabled={!canEdit}
                onChange={(e) => setScheme(e.currentTarget.value ? Number(e.currentTarget.value) : null)}
                data-testid="scheme-select"
              >
                <option value="">请选择细则</option>
                {schemes.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}({vocabulary?.scheme.targetType[s.targetType] ?? s.targetType})
                  </option>
                ))}
              </select>
            )}
            {headerErrors.schemeId && <span className="field-error">{headerErrors.schemeId}</span>}
          </label>
          <div className="form-row insp-target">
            <span className="form-label">
              考核对象({typeLabel})<span className="required">*</span>
            </span>
            <TargetPicker
              targetType={targetType}
              typeLabel={typeLabel}
              value={header.target}
              onChange={(v) => change('target', v)}
              readOnly={!canEdit}
              invalid={!!headerErrors.targetId}
            />
            {detail?.contractorName && (
              <span className="field-hint">
                作业单位:{detail.contractorName}
                {detail.contractNo ? ` · 合同 ${detail.contractNo}` : ''}
              </span>
            )}
            {headerErrors.targetId && <span className="field-error">{headerErrors.targetId}</span>}
          </div>
          <label className="form-row">
            <span className="form-label">
              检查日期<span className="required">*</span>
            </span>
            <input
              className={`input${headerErrors.date ? ' input-error' : ''}`}
              value={header.date}
              readOnly={!canEdit}
              placeholder="YYYY-MM-DD"
              maxLength={10}
              onChange={(e) => change('date', e.currentTarget.value)}
              data-testid="date-input"
            />
            {headerErrors.date && <span className="field-error">{headerErrors.date}</span>}
          </label>
          <label className="form-row">
            <span className="form-label">时间</span>
            <input
              className={`input${headerErrors.time ? ' input-error' : ''}`}
              value={header.time}
              readOnly={!canEdit}
              placeholder="如 09:30"
              maxLength={5}
              onChange={(e) => change('time', e.currentTarget.value)}
              data-testid="time-input"
            />
            {headerErrors.time && <span className="field-error">{headerErrors.time}</span>}
          </label>
          <label className="form-row">
            <span className="form-label">检查方式</span>
            <select className="input" value={header.mode} disabled={!canEdit} onChange={(e) => change('mode', e.currentTarget.value as Mode)} data-testid="mode-select">
              {MODES.map((m) => (
                <option key={m} value={m}>
                  {vocabulary?.modes[m] ?? m}
                </option>
              ))}
            </select>
          </label>
          <label className="form-row insp-inspectors">
            <span className="form-label">
              检查人员<span className="required">*</span>
            </span>
            <input
              className={`input${headerErrors.inspectors ? ' input-error' : ''}`}
              value={header.inspectors}
              readOnly={!canEdit}
              placeholder="多人用顿号或逗号分隔"
              onChange={(e) => change('inspectors', e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  focusFirstItem();
                }
              }}
              data-testid="inspectors-input"
            />
            {headerErrors.inspectors && <span className="field-error">{headerErrors.inspectors}</span>}
          </label>
          <label className="form-row insp-remarks">
            <span className="form-label">备注</span>
            <input
              className="input"
              value={header.remarks}
              readOnly={!canEdit}
              maxLength={2000}
              onChange={(e) => change('remarks', e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  focusFirstItem();
                }
              }}
              data-testid="remarks-input"
            />
          </label>
        </div>

        {def ? (
          <Checklist
            items={items}
            lines={lines}
            onChange={changeLines}
            readOnly={!canEdit}
            date={header.date}
            preview={preview}
            lineErrors={mergedLineErrors}
            vocabulary={vocabulary}
            onPastLast={() => rootRef.current?.querySelector<HTMLInputElement>('[data-testid="typed-score"]')?.focus()}
          />
        ) : (
          <p className="insp-empty-checklist muted">选择考核细则后,这里按细则顺序列出全部检查项,逐项填写发现问题的次数即可。</p>
        )}

        {def && (
          <div className="insp-typed">
            <label className="form-row">
              <span className="form-label">手填总分(可选,与计算得分不同时须写改分原因)</span>
              <input
                className={`input num${headerErrors.typedScore ? ' input-error' : ''}`}
                value={header.typedScore}
                readOnly={!canEdit}
                inputMode="decimal"
                placeholder={preview ? fmt2(preview.score) : ''}
                onChange={(e) => change('typedScore', e.currentTarget.value.normalize('NFKC').replace(/[^\d.]/g, ''))}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && !e.ctrlKey) {
                    e.preventDefault();
                    rootRef.current?.querySelector<HTMLInputElement>('[data-testid="override-reason"]')?.focus();
                  }
                }}
                data-testid="typed-score"
              />
              {headerErrors.typedScore && <span className="field-error">{headerErrors.typedScore}</span>}
            </label>
            <label className="form-row insp-override">
              <span className="form-label">改分原因{typedDiffers && <span className="required">*</span>}</span>
              <input
                className={`input${headerErrors.overrideReason ? ' input-error' : ''}`}
                value={header.overrideReason}
                readOnly={!canEdit}
                maxLength={500}
                onChange={(e) => change('overrideReason', e.currentTarget.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && !e.ctrlKey) {
                    e.preventDefault();
                    rootRef.current?.querySelector<HTMLButtonElement>('[data-testid="btn-save"]')?.focus();
                  }
                }}
                data-testid="override-reason"
              />
              {headerErrors.overrideReason && <span className="field-error">{headerErrors.overrideReason}</span>}
            </label>
          </div>
        )}

        {detail && (
          <>
            <section className="insp-section insp-meta" data-testid="inspection-meta">
              <h3 className="section-title">记录信息</h3>
              <dl className="insp-facts">
                <dt>录入</dt>
                <dd>
                  {detail.createdBy} · {formatTime(detail.createdAt)}
                </dd>
                <dt>最后修改</dt>
                <dd>
                  {detail.updatedBy} · {formatTime(detail.updatedAt)}
                </dd>
                <dt>审核</dt>
                <dd data-testid="approved-by">{detail.approvedBy ? `${detail.approvedBy} · ${formatTime(detail.approvedAt)}` : '未审核'}</dd>
                <dt>扣分项</dt>
                <dd>{detail.findingsCount} 条</dd>
              </dl>
            </section>
            {orders && orders.length > 0 && (
              <section className="insp-section" data-testid="rectification-orders">
                <h3 className="section-title">整改通知({orders.length} 份)</h3>
                <table className="insp-orders">
                  <thead>
                    <tr>
                      <th>通知编号</th>
                      <th>检查项</th>
                      <th>位置</th>
                      <th>期限</th>
                      <th>状态</th>
                    </tr>
                  </thead>
                  <tbody>
                    {orders.map((o) => (
                      <tr key={o.id}>
                        <td>{o.noticeNo}</td>
                        <td>{o.itemCode}</td>
                        <td>{o.location ?? ''}</td>
                        <td>{o.deadline}</td>
                        <td className={o.overdue ? 'text-error' : undefined}>
                          {o.overdue ? (vocabulary?.rectificationStatuses.overdue ?? '逾期未整改') : (vocabulary?.rectificationStatuses[o.status] ?? o.status)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            )}
            <HistoryPanel detail={detail} onOpen={onOpen} />
          </>
        )}
      </div>

      {(dialog === 'return' || dialog === 'exclude') && (
        <ReasonDialog
          title={dialog === 'return' ? `退回:${detail?.date} ${detail?.targetName}` : `排除出本月考核:${detail?.date} ${detail?.targetName}`}
          label={dialog === 'return' ? '退回原因' : '排除原因'}
          hint={dialog === 'return' ? '录入员将看到这段原因,据此修改后重新提交。' : '排除的检查不计入本月成绩,也不妨碍锁定本月。'}
          confirmLabel={dialog === 'return' ? '退回(审核员)' : '排除(审核员)'}
          danger={dialog === 'exclude'}
          busy={!!busy}
          error={dialogError}
          onCancel={() => setDialog(null)}
          onConfirm={(reason) => void withReason(dialog, reason)}
        />
      )}
      {dialog === 'include' && (
        <ConfirmDialog title="取消排除" confirmLabel="取消排除(审核员)" busy={!!busy} onCancel={() => setDialog(null)} onConfirm={() => void withReason('include', null)}>
          <p>
            把 {detail?.date} {detail?.targetName} 的检查恢复计入本月考核?
          </p>
        </ConfirmDialog>
      )}
      {dialog === 'delete' && detail && (
        <ConfirmDialog title="删除检查记录" confirmLabel="删除" danger busy={!!busy} onCancel={() => setDialog(null)} onConfirm={() => void remove()}>
          <p>
            删除 {detail.date} {detail.targetName} 的检查记录({STATUS_TEXT[detail.status]},{detail.findingsCount} 条扣分项)?删除后不能恢复,审计日志保留删除前的内容。
          </p>
        </ConfirmDialog>
      )}
      {dialog === 'correct' && detail && (
        <CorrectionDialog
          detail={detail}
          vocabulary={vocabulary}
          onCancel={() => setDialog(null)}
          onDone={(result) => {
            setDialog(null);
            const rev = result.correction.revisions.find((r) => r.fromId === detail.id);
            status.notify('info', rev ? `已更正:${rev.targetName} 得分 ${fmt2(rev.scoreBefore)} → ${fmt2(rev.scoreAfter)}(第 ${detail.revision + 1} 版)` : '已更正');
            onCorrected(result);
          }}
        />
      )}
    </section>
  );
}

export function StatusBadge({ status: st, excluded, superseded, testId = 'status-badge' }: { status: keyof typeof STATUS_TEXT; excluded: boolean; superseded: boolean; testId?: string }) {
  return (
    <span className="status-badges" data-testid={testId}>
      {superseded ? <span className="badge badge-superseded">已更正</span> : <span className={`badge badge-status-${st}`}>{STATUS_TEXT[st]}</span>}
      {excluded && <span className="badge badge-excluded">已排除</span>}
    </span>
  );
}

function CorrectionNote({ result, detail }: { result: CorrectionResult; detail: InspectionDetail }) {
  const rev = result.correction.revisions.find((r) => r.toId === detail.id);
  const unit = result.scores.units.find((u) => u.targetType === detail.targetType && u.targetId === detail.targetId && u.familyId === detail.familyId);
  const payment = detail.contractId ? result.scores.payments.find((p) => p.contractId === detail.contractId && p.familyId === detail.familyId) : undefined;
  return (
    <div className="insp-correction-note" role="status" data-testid="correction-note">
      <div>
        <strong>已更正</strong>(更正单 {result.correction.id},{result.correction.reasonLabel}:{result.correction.reasonText})
      </div>
      {rev && (
        <div>
          本次检查得分 {fmt2(rev.scoreBefore)} → <strong data-testid="correction-new-score">{fmt2(rev.scoreAfter)}</strong>,现为第 {detail.revision} 版。
        </div>
      )}
      {unit && (
        <div data-testid="correction-month-score">
          {result.scores.month} 月 {unit.targetName} 月度成绩:{unit.score != null ? fmt2(unit.score) : '—'}
          {unit.grade ? `(${unit.grade})` : ''},计 {unit.inspections} 次检查
        </div>
      )}
      {payment && (
        <div>
          合同 {payment.contractNo}({payment.contractorName})当月考核得分 {payment.score != null ? fmt2(payment.score) : '—'}
          {payment.grade ? `(${payment.grade})` : ''}
          {payment.money ? `,扣款 ${yuan(payment.money.totalFen)} 元,应付 ${yuan(payment.money.payableFen)} 元` : ''}
        </div>
      )}
    </div>
  );
}

function yuan(fen: number): string {
  return (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}
