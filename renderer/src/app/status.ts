/**
 * What the status bar shows: the current grid's row counts, the save state, the last message and the
 * background jobs. A tiny external store (useSyncExternalStore) rather than React context, so a save in a
 * grid re-renders the status bar only, never the page holding the grid.
 */
import { useSyncExternalStore } from 'react';
import type { ProgressEvent } from '../../../db/api';

export type SaveState = 'saved' | 'saving' | 'failed';
export type MessageKind = 'info' | 'warning' | 'error';

export interface StatusMessage {
  kind: MessageKind;
  text: string;
}

export interface StatusSnapshot {
  rows: { total: number; shown: number } | null;
  save: SaveState;
  message: StatusMessage | null;
  jobs: ProgressEvent[];
}

let snapshot: StatusSnapshot = { rows: null, save: 'saved', message: null, jobs: [] };
let pendingSaves = 0;
const listeners = new Set<() => void>();
/** Finished jobs stay visible for a moment so a fast job is still noticed. */
const JOB_LINGER_MS = 1500;

function update(patch: Partial<StatusSnapshot>) {
  snapshot = { ...snapshot, ...patch };
  for (const listener of listeners) listener();
}

export const status = {
  setRows(rows: StatusSnapshot['rows']) {
    const current = snapshot.rows;
    if (current === rows || (current && rows && current.total === rows.total && current.shown === rows.shown)) return;
    update({ rows });
  },
  saveStarted() {
    pendingSaves += 1;
    update({ save: 'saving' });
  },
  /** `failed` sticks until the next successful save, so a refused edit is not hidden by a later read. */
  saveFinished(ok: boolean) {
    pendingSaves = Math.max(0, pendingSaves - 1);
    if (!ok) update({ save: 'failed' });
    else if (pendingSaves === 0) update({ save: 'saved' });
  },
  notify(kind: MessageKind, text: string) {
    update({ message: { kind, text } });
  },
  progress(event: ProgressEvent) {
    const others = snapshot.jobs.filter((j) => j.job !== event.job);
    update({ jobs: [...others, event] });
    if (event.total > 0 && event.done >= event.total) {
      setTimeout(() => update({ jobs: snapshot.jobs.filter((j) => j !== event) }), JOB_LINGER_MS);
    }
  },
  /** A job the renderer itself waits on (an export): shown without a known total until it ends. */
  async track<T>(job: string, label: string, work: () => Promise<T>): Promise<T> {
    update({ jobs: [...snapshot.jobs.filter((j) => j.job !== job), { job, label, done: 0, total: 0 }] });
    try {
      return await work();
    } finally {
      update({ jobs: snapshot.jobs.filter((j) => j.job !== job) });
    }
  },
};

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useStatus(): StatusSnapshot {
  return useSyncExternalStore(subscribe, () => snapshot);
}
