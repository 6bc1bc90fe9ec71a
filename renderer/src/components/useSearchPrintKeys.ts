/**
 * Ctrl+F focuses the screen's search box and Ctrl+P prints the current view (UX.md "Keyboard like a
 * spreadsheet"), the same on every list screen. `onOther` sees the remaining Ctrl-keys (the ledger grid's undo).
 */
import { useEffect, type RefObject } from 'react';

export function useSearchPrintKeys(
  searchRef: RefObject<HTMLInputElement | null>,
  onPrint: () => void,
  onOther?: (key: string, event: KeyboardEvent) => void,
): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const key = e.key.toLowerCase();
      if (key === 'f') {
        e.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      } else if (key === 'p') {
        e.preventDefault();
        onPrint();
      } else onOther?.(key, e);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [searchRef, onPrint, onOther]);
}
