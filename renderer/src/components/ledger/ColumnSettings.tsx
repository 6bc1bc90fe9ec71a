/** 列设置: which columns the grid shows, and a way back to the default layout. */
import { useEffect, useRef } from 'react';
import type { FieldDef } from '../../../../db/api';
import { t } from '../../i18n/zh-CN';
import { headerName } from './values';

export interface ColumnSettingsProps {
  fields: FieldDef[];
  isVisible(key: string): boolean;
  onToggle(key: string, visible: boolean): void;
  onReset(): void;
  onClose(): void;
}

export function ColumnSettings({ fields, isVisible, onToggle, onReset, onClose }: ColumnSettingsProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const onPointer = (e: MouseEvent) => {
      const target = e.target as Node;
      if (ref.current && !ref.current.contains(target) && !(target as Element).closest?.('[data-testid="btn-columns"]')) onClose();
    };
    document.addEventListener('mousedown', onPointer);
    ref.current?.querySelector<HTMLInputElement>('input')?.focus();
    return () => document.removeEventListener('mousedown', onPointer);
  }, [onClose]);
  return (
    <div
      className="popover column-settings"
      ref={ref}
      role="dialog"
      aria-label={t.grid.columnsTitle}
      data-testid="columns-panel"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <div className="popover-title">{t.grid.columnsTitle}</div>
      <div className="column-list">
        {fields.map((field) => (
          <label key={field.key} className="column-option">
            <input type="checkbox" checked={isVisible(field.key)} onChange={(e) => onToggle(field.key, e.target.checked)} data-column={field.key} />
            {headerName(field)}
          </label>
        ))}
      </div>
      <div className="popover-actions">
        <button type="button" className="button" onClick={onReset} data-testid="columns-reset">
          {t.grid.columnsReset}
        </button>
      </div>
    </div>
  );
}
