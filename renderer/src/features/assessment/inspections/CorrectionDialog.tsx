/**
 * 发起更正(分管领导): a correction of one inspection of a locked month (DOMAIN §4.3). The manager names the
 * reason kind and writes the reason, may attach the appeal letter or evidence (photos or PDF), and either
 * corrects the findings in the same item layout as the entry form (with the running score) or excludes the
 * inspection from the month. `corrections.open` makes a new revision and stores the month's scores again.
 */
import { useMemo, useState } from 'react';
import type { InspectionDetail, MethodOutput } from '../../../../../db/api';
import { call } from '../../../api';
import { status } from '../../../app/status';
import { PhotoPicker } from '../shared/PhotoPicker';
import type { Vocabulary } from '../shared/useVocabulary';
import { Checklist } from './Checklist';
import { findingsOf, fmt2, linesFor, splitErrors, type Line } from './model';
import { usePreview } from './usePreview';
import { Modal } from '../../../components/Modal';

export type CorrectionResult = MethodOutput<'corrections.open'>;

type ReasonKind = 'dataEntryError' | 'appealUpheld' | 'recount' | 'targetMisassigned';

export interface CorrectionDialogProps {
  detail: InspectionDetail;
  vocabulary: Vocabulary | null;
  onCancel(): void;
  onDone(result: CorrectionResult): void;
}

export function CorrectionDialog({ detail, vocabulary, onCancel, onDone }: CorrectionDialogProps) {
  const items = detail.scheme.definition.items;
  const initial = useMemo(() => linesFor(items, detail.findings), [items, detail.findings]);
  const [lines, setLines] = useState<Line[]>(initial.lines);
  const [reasonKind, setReasonKind] = useState<ReasonKind | ''>('');
  const [reasonText, setReasonText] = useState('');
  const [attachments, setAttachments] = useState<number[]>([]);
  const [mode, setMode] = useState<'findings' | 'exclude' | 'include'>(detail.excluded ? 'include' : 'findings');
  const [excludeReason, setExcludeReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [lineErrors, setLineErrors] = useState<Record<string, Record<string, string>>>({});

  const { findings, lineKeys } = useMemo(() => findingsOf(items, lines), [items, lines]);
  const { preview } = usePreview(mode === 'findings' ? detail.schemeId : null, detail.date, findings);
  const previewErrors = useMemo(() => splitErrors(preview?.errors, lineKeys).lines, [preview, lineKeys]);
  const reasons = (vocabulary?.correctionReasons ?? {}) as Record<string, string>;

  async function submit() {
    const errors: Record<string, string> = {};
    if (!reasonKind) errors.reasonKind = '请选择更正原因类别';
    if (!reasonText.trim()) errors.reasonText = '须写明更正的具体原因(如申诉函文号、复核情况)';
    if (mode === 'exclude' && !excludeReason.trim()) errors.excludeReason = '排除出本月考核须写明原因';
    setFieldErrors(errors);
    if (Object.keys(errors).length || !reasonKind) {
      setError('请补全带 * 的内容');
      return;
    }
    setBusy(true);
    setError(null);
    const change =
      mode === 'findings'
        ? { inspectionId: detail.id, findings }
        : mode === 'exclude'
          ? { inspectionId: detail.id, excluded: true, excludeReason: excludeReason.trim() }
          : { inspectionId: detail.id, excluded: false };
    const result = await call('corrections.open', { month: detail.month, reasonKind, reasonText: reasonText.trim(), attachments, changes: [change] });
    setBusy(false);
    if (!result.ok) {
      const split = splitErrors(result.error.fields, lineKeys, 'changes.0.findings.');
      setLineErrors(split.lines);
      const header: Record<string, string> = {};
      for (const [k, v] of Object.entries(split.header)) header[k.replace(/^changes\.0\./, '')] = v;
      setFieldErrors(header);
      setError(result.error.message);
      status.notify('error', result.error.message);
      return;
    }
    onDone(result.data);
  }

  const mergedLineErrors: Record<string, Record<string, string>> = {};
  for (const [k, v] of Object.entries(previewErrors)) mergedLineErrors[k] = { ...v };
  for (const [k, v] of Object.entries(lineErrors)) mergedLineErrors[k] = { ...(mergedLineErrors[k] ?? {}), ...v };

  return (
    <Modal
      title={`发起更正(分管领导):${detail.date} ${detail.targetName} · 第 ${detail.revision} 版 · 得分 ${fmt2(detail.score)}`}
      testId="correction-dialog"
      className="modal-wide correction-dialog"
      onClose={onCancel}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          void submit();
        }
      }}
    >
      <div className="correction-body">
        <p className="form-notice">
          {detail.month} 月已锁定。更正不会改动锁定时保存的记录:将生成该检查的第 {detail.revision + 1} 版,原记录标为“已被更正”,并重新计算当月成绩;更正前后均记入审计日志。
        </p>
        <div className="form-grid correction-grid">
          <label className="form-row">
            <span className="form-label">
              更正原因类别<span className="required">*</span>
            </span>
            <select
              className={`input${fieldErrors.reasonKind ? ' input-error' : ''}`}
              value={reasonKind}
              autoFocus
              onChange={(e) => setReasonKind(e.currentTarget.value as ReasonKind)}
              data-testid="correction-kind"
            >
              <option value="">请选择</option>
              {Object.entries(reasons).map(([k, label]) => (
                <option key={k} value={k}>
                  {label}
                </option>
              ))}
            </select>
            {fieldErrors.reasonKind && <span className="field-error">{fieldErrors.reasonKind}</span>}
          </label>
          <div className="form-row">
            <span className="form-label">附件(申诉函、复核材料:照片或 PDF)</span>
            <PhotoPicker value={attachments} onChange={setAttachments} allowPdf label="附件" testId="correction-attachments" />
            {fieldErrors.attachments && <span className="field-error">{fieldErrors.attachments}</span>}
          </div>
          <label className="form-row form-row-long">
            <span className="form-label">
              具体原因<span className="required">*</span>
            </span>
            <textarea
              className={`input${fieldErrors.reasonText ? ' input-error' : ''}`}
              rows={2}
              maxLength={500}
              placeholder="如:作业单位申诉函(X城管函〔2025〕12号)经复核成立,T1 实为 1 处"
              value={reasonText}
              onChange={(e) => setReasonText(e.currentTarget.value)}
              data-testid="correction-reason"
            />
            {fieldErrors.reasonText && <span className="field-error">{fieldErrors.reasonText}</span>}
          </label>
        </div>
        <div className="correction-mode" role="radiogroup" aria-label="更正内容">
          {!detail.excluded ? (
            <>
              <label className="check-label">
                <input type="radio" name="correction-mode" checked={mode === 'findings'} onChange={() => setMode('findings')} data-testid="correction-mode-findings" />
                更正扣分项
              </label>
              <label className="check-label">
                <input type="radio" name="correction-mode" checked={mode === 'exclude'} onChange={() => setMode('exclude')} data-testid="correction-mode-exclude" />
                排除出本月考核
              </label>
            </>
          ) : (
            <>
              <label className="check-label">
                <input type="radio" name="correction-mode" checked={mode === 'include'} onChange={() => setMode('include')} />
                恢复计入本月考核
              </label>
              <label className="check-label">
                <input type="radio" name="correction-mode" checked={mode === 'findings'} onChange={() => setMode('findings')} />
                更正扣分项(仍排除)
              </label>
            </>
          )}
          {mode === 'findings' && preview && (
            <span className={`correction-score${preview.vetoed ? ' is-veto' : ''}`} data-testid="correction-score">
              得分 {fmt2(detail.score)} → <strong>{fmt2(preview.score)}</strong>
              {preview.vetoed && ' (一票否决)'}
            </span>
          )}
        </div>
        {mode === 'exclude' && (
          <label className="form-row">
            <span className="form-label">
              排除原因<span className="required">*</span>
            </span>
            <input
              className={`input${fieldErrors.excludeReason ? ' input-error' : ''}`}
              maxLength={500}
              value={excludeReason}
              onChange={(e) => setExcludeReason(e.currentTarget.value)}
              data-testid="correction-exclude-reason"
            />
            {fieldErrors.excludeReason && <span className="field-error">{fieldErrors.excludeReason}</span>}
          </label>
        )}
        {mode === 'findings' && (
          <Checklist
            items={items}
            lines={lines}
            onChange={setLines}
            readOnly={false}
            date={detail.date}
            preview={preview}
            lineErrors={mergedLineErrors}
            vocabulary={vocabulary}
            testId="correction-checklist"
          />
        )}
      </div>
      {error && (
        <p className="form-error correction-error" role="alert" data-testid="correction-error">
          {error}
        </p>
      )}
      <div className="modal-actions">
        <button type="button" className="button" onClick={onCancel}>
          取消
        </button>
        <button type="button" className="button button-primary" disabled={busy} onClick={() => void submit()} data-testid="correction-save">
          {busy ? '正在更正…' : '保存更正(分管领导)'}
        </button>
      </div>
    </Modal>
  );
}
