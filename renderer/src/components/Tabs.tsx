/**
 * Tabs for a screen holding two related ledgers (街道 | 社区, 生活小区 | 月度分类量): one grid mounted at a
 * time, so the grid's keyboard shortcuts (Ctrl+Z, Ctrl+F, Ctrl+P) always mean the grid on screen.
 * Arrow keys move between tabs (WAI-ARIA tabs pattern).
 */
import { useRef, type ReactNode } from 'react';

export interface TabDef {
  key: string;
  label: string;
}

export interface TabsProps {
  tabs: TabDef[];
  current: string;
  onChange(key: string): void;
  label: string;
  /** Controls beside the tabs (a month filter). */
  extra?: ReactNode;
}

export function Tabs({ tabs, current, onChange, label, extra }: TabsProps) {
  const listRef = useRef<HTMLDivElement>(null);
  const move = (by: number) => {
    const i = tabs.findIndex((t) => t.key === current);
    const next = tabs[(i + by + tabs.length) % tabs.length];
    onChange(next.key);
    requestAnimationFrame(() => listRef.current?.querySelector<HTMLElement>(`[data-tab="${next.key}"]`)?.focus());
  };
  return (
    <div className="tabs-bar">
      <div className="tabs" role="tablist" aria-label={label} ref={listRef}>
        {tabs.map((tab) => (
          <button
            key={tab.key}
            type="button"
            role="tab"
            className={tab.key === current ? 'tab tab-current' : 'tab'}
            aria-selected={tab.key === current}
            tabIndex={tab.key === current ? 0 : -1}
            data-tab={tab.key}
            data-testid={`tab-${tab.key}`}
            onClick={() => onChange(tab.key)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowRight') move(1);
              else if (e.key === 'ArrowLeft') move(-1);
            }}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {extra}
    </div>
  );
}
