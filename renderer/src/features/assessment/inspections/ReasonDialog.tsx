/** A modal that asks for a reason before a step that needs one (退回, 排除出本月考核). Ctrl+Enter confirms. */
import { useState } from 'react';
import { Modal } from '../../../components/Modal';

export interface ReasonDialogProps {
  title: string;
  label: string;
  hint?: string;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  /** A refusal from the API, shown above the buttons. */
  error?: string | null;
  onConfirm(reason: string): void;
  onCancel(): void;
}

export function ReasonDialog({ title, label, hint, confirmLabel, danger, busy, error, onConfirm, onCancel }: ReasonDialogProps) {
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const submit = () => {
    if (!reason.trim()) {
      setMissing(true);
      return;
    }
    onConfirm(reason.trim());
  };
  return (
    <Modal title={title} testId="reason-dialog" onClose={onCancel}>
      <div className="modal-body">
        <label className="form-row">
          <span className="form-label">
            {label}
            <span className="required">*</span>
          </span>
          <textarea
            className={`input${missing ? ' input-error' : ''}`}
            rows={3}
            autoFocus
            maxLength={500}
            value={reason}
            onChange={(e) => {
              setReason(e.currentTarget.value);
              setMissing(false);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                submit();
              }
            }}
            data-testid="reason-input"
          />
        </label>
        {missing && <div className="field-error">请写明{label}</div>}
        {hint && <div className="field-hint">{hint}</div>}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </div>
      <div className="modal-actions">
        <button type="button" className="button" onClick={onCancel}>
          取消
        </button>
        <button type="button" className={danger ? 'button button-danger' : 'button button-primary'} disabled={busy} onClick={submit} data-testid="reason-ok">
          {confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
