/**
 * The target of an inspection (a toilet, a bid section, an estate …): type part of the name, code or address,
 * pick with ↑/↓ and Enter (or the mouse). Searches `inspections.targets` for the scheme's target type.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { TargetType } from '../../../../../db/api';
import { call } from '../../../api';

export interface TargetValue {
  id: number;
  name: string;
}

interface Option {
  id: number;
  name: string;
  detail: string;
}

export interface TargetPickerProps {
  targetType: TargetType | null;
  typeLabel: string;
  value: TargetValue | null;
  onChange(value: TargetValue | null): void;
  readOnly: boolean;
  invalid?: boolean;
  /** Enter after a pick (move on to the next field). */
  onPicked?(): void;
}

export function TargetPicker({ targetType, typeLabel, value, onChange, readOnly, invalid, onPicked }: TargetPickerProps) {
  const listId = useId();
  const [text, setText] = useState(value?.name ?? '');
  const [open, setOpen] = useState(false);
  const [options, setOptions] = useState<Option[]>([]);
  const [active, setActive] = useState(0);
  const [loading, setLoading] = useState(false);
  /** The text the options were found for: Enter picks only from an answer to what is typed now. */
  const [optionsFor, setOptionsFor] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => setText(value?.name ?? ''), [value?.id, value?.name]);

  useEffect(() => {
    if (!open || !targetType) return;
    let alive = true;
    setLoading(true);
    const timer = setTimeout(() => {
      void call('inspections.targets', { targetType, search: text === value?.name ? '' : text.trim().slice(0, 50), limit: 30 }).then((r) => {
        if (!alive) return;
        setLoading(false);
        setOptions(r.ok ? r.data : []);
        setOptionsFor(text);
        setActive(0);
      });
    }, 150);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [open, text, targetType, value?.name]);

  function pick(option: Option) {
    onChange({ id: option.id, name: option.name });
    setText(option.name);
    setOpen(false);
  }

  return (
    <div className="target-picker">
      <input
        ref={inputRef}
        className={`input${invalid ? ' input-error' : ''}`}
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-label="考核对象"
        aria-activedescendant={open && options[active] ? `${listId}-${active}` : undefined}
        placeholder={targetType ? `输入${typeLabel}名称、编号或地址查找` : '请先选择考核细则'}
        value={text}
        readOnly={readOnly}
        disabled={!targetType && !readOnly}
        onChange={(e) => {
          setText(e.currentTarget.value);
          setOpen(true);
          if (value && e.currentTarget.value !== value.name) onChange(null);
        }}
        onFocus={() => {
          if (!readOnly && !value) setOpen(true);
        }}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (readOnly) return;
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            if (!open) setOpen(true);
            else setActive((a) => Math.min(options.length - 1, a + 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(0, a - 1));
          } else if (e.key === 'Enter') {
            if (open && (loading || optionsFor !== text)) {
              e.preventDefault();
            } else if (open && options[active]) {
              e.preventDefault();
              pick(options[active]);
              onPicked?.();
            } else if (value) {
              e.preventDefault();
              onPicked?.();
            }
          } else if (e.key === 'Escape' && open) {
            e.stopPropagation();
            setOpen(false);
          }
        }}
        data-testid="target-input"
      />
      {open && !readOnly && targetType && (
        <ul className="target-options" id={listId} role="listbox" aria-label={`可选的${typeLabel}`} data-testid="target-options">
          {options.map((o, i) => (
            <li
              key={o.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'target-option is-active' : 'target-option'}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(o);
              }}
              onMouseEnter={() => setActive(i)}
            >
              <span className="target-option-name">{o.name}</span>
              <span className="target-option-detail">{o.detail}</span>
            </li>
          ))}
          {!options.length && <li className="target-option muted">{loading ? '查找中…' : `没有找到匹配的${typeLabel}`}</li>}
        </ul>
      )}
    </div>
  );
}
