/**
 * The console's modal dialog shell: backdrop, Esc closes, a titled dialog labelled for screen readers; with
 * `onSubmit` it is a form, so Enter in a field submits. Every dialog of the console is built on it, so they
 * all close, focus and read the same way.
 */
import type { KeyboardEvent, ReactNode } from 'react';

export interface ModalProps {
  title: ReactNode;
  /** data-testid of the dialog; its title gets `${testId}-title`. */
  testId: string;
  /** Extra classes after `modal` (e.g. `modal-wide`). */
  className?: string;
  onClose(): void;
  onSubmit?: () => void;
  /** Keys other than Esc (e.g. Ctrl+Enter to submit a dialog without a form). */
  onKeyDown?: (event: KeyboardEvent<HTMLDivElement>) => void;
  children: ReactNode;
}

export function Modal({ title, testId, className, onClose, onSubmit, onKeyDown, children }: ModalProps) {
  const titleId = `${testId}-title`;
  const dialog = {
    className: className ? `modal ${className}` : 'modal',
    role: 'dialog',
    'aria-modal': true,
    'aria-labelledby': titleId,
    'data-testid': testId,
  } as const;
  const content = (
    <>
      <h2 id={titleId} className="modal-title">
        {title}
      </h2>
      {children}
    </>
  );
  return (
    <div
      className="modal-backdrop"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        } else onKeyDown?.(e);
      }}
    >
      {onSubmit ? (
        <form
          {...dialog}
          onSubmit={(e) => {
            e.preventDefault();
            onSubmit();
          }}
        >
          {content}
        </form>
      ) : (
        <div {...dialog}>{content}</div>
      )}
    </div>
  );
}
