/**
 * A modal confirmation in the console's own style (window.confirm cannot be styled, shows the host's name
 * and blocks the page). Focus starts on 取消 so an accidental Enter does not destroy anything.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { t } from '../i18n/zh-CN';
import { Modal } from './Modal';

export interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  /** Off when the dialog asks for text first: its input takes the focus (autoFocus) instead of 取消. */
  focusCancel?: boolean;
  onConfirm(): void;
  onCancel(): void;
}

export function ConfirmDialog({ title, children, confirmLabel, danger, busy, focusCancel = true, onConfirm, onCancel }: ConfirmDialogProps) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (focusCancel) cancelRef.current?.focus();
  }, [focusCancel]);
  return (
    <Modal title={title} testId="confirm-dialog" onClose={onCancel}>
      <div className="modal-body">{children}</div>
      <div className="modal-actions">
        <button type="button" className="button" ref={cancelRef} onClick={onCancel} data-testid="confirm-cancel">
          {t.grid.cancel}
        </button>
        <button type="button" className={danger ? 'button button-danger' : 'button button-primary'} disabled={busy} onClick={onConfirm} data-testid="confirm-ok">
          {confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
