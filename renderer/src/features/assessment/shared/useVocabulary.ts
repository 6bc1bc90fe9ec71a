/**
 * The Chinese labels of the assessment vocabulary (`schemes.vocabulary`): target types, deduction units,
 * inspection modes and statuses, rectification statuses, correction reasons. Loaded once per page load and
 * shared by every assessment screen; `null` until it arrives.
 */
import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../../../../db/api';
import { call } from '../../../api';

export type Vocabulary = MethodOutput<'schemes.vocabulary'>;

let cached: Vocabulary | null = null;
let pending: Promise<Vocabulary | null> | null = null;

/** Loads the vocabulary once (a failed load is retried by the next caller). */
export function loadVocabulary(): Promise<Vocabulary | null> {
  if (cached) return Promise.resolve(cached);
  if (!pending) {
    pending = call('schemes.vocabulary', {}).then((result) => {
      pending = null;
      if (!result.ok) return null;
      cached = result.data;
      return cached;
    });
  }
  return pending;
}

export function useVocabulary(): Vocabulary | null {
  const [vocabulary, setVocabulary] = useState<Vocabulary | null>(cached);
  useEffect(() => {
    if (vocabulary) return;
    let alive = true;
    void loadVocabulary().then((v) => {
      if (alive && v) setVocabulary(v);
    });
    return () => {
      alive = false;
    };
  }, [vocabulary]);
  return vocabulary;
}

/** A label from one of the vocabulary's tables, or the key itself while the vocabulary loads. */
export function vocabLabel(table: Record<string, string> | undefined, key: string | null | undefined): string {
  if (!key) return '';
  return table?.[key] ?? key;
}
