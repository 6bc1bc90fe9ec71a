/**
 * The running score of a checklist being typed: `inspections.preview`, debounced, for the findings as they
 * stand. Keeps the last answer while a new one is on its way, so the number on screen does not flicker.
 */
import { useEffect, useState } from 'react';
import type { FindingInput } from '../../../../../db/api';
import { call } from '../../../api';
import type { PreviewResult } from './Checklist';

export function usePreview(schemeId: number | null, date: string, findings: FindingInput[]): { preview: PreviewResult | null; pending: boolean } {
  const [preview, setPreview] = useState<PreviewResult | null>(null);
  const [pending, setPending] = useState(false);
  const key = JSON.stringify([schemeId, date, findings]);
  useEffect(() => {
    if (!schemeId) {
      setPreview(null);
      return;
    }
    let alive = true;
    setPending(true);
    const validDate = /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : null;
    // Out-of-range numbers would be refused by the input schema as a whole; the line shows its own message.
    const safe = findings.map((f) => ({
      ...f,
      occurrences: Math.min(999, Math.max(1, f.occurrences || 1)),
      pointsEach: f.pointsEach == null || f.pointsEach < 0 ? null : Math.min(1000, f.pointsEach),
      rectifyDeadline: f.rectifyDeadline && /^\d{4}-\d{2}-\d{2}$/.test(f.rectifyDeadline) ? f.rectifyDeadline : null,
    }));
    const timer = setTimeout(() => {
      void call('inspections.preview', { schemeId, date: validDate, findings: safe }).then((r) => {
        if (!alive) return;
        setPending(false);
        if (r.ok) setPreview(r.data);
      });
    }, 200);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [key]);
  return { preview, pending };
}
