/**
 * Our own undo/redo: AG Grid's undo only knows cell edits, ours must also undo deletes and creates, and
 * every step is a call to db/ that may be refused. A command runs its inverse through the API; if that
 * fails it is dropped (the message says why) rather than left to fail again.
 */
import { useCallback, useMemo, useRef, useState } from 'react';

export interface Command {
  /** What the clerk did, in words: 修改 G0012 的公厕名称. */
  label: string;
  /** Each returns null on success or the Chinese reason it could not be done. */
  undo(): Promise<string | null>;
  redo(): Promise<string | null>;
}

const MAX_DEPTH = 200;

export interface CommandStack {
  push(command: Command): void;
  undo(): Promise<{ label: string; error: string | null } | null>;
  redo(): Promise<{ label: string; error: string | null } | null>;
  undoLabel: string | null;
  redoLabel: string | null;
}

export function useCommandStack(): CommandStack {
  const undoStack = useRef<Command[]>([]);
  const redoStack = useRef<Command[]>([]);
  const busy = useRef(false);
  // Only the two labels are React state: the buttons' tooltips and disabled state follow them.
  const [labels, setLabels] = useState<{ undo: string | null; redo: string | null }>({ undo: null, redo: null });
  const sync = useCallback(() => {
    setLabels({ undo: undoStack.current.at(-1)?.label ?? null, redo: redoStack.current.at(-1)?.label ?? null });
  }, []);

  const push = useCallback(
    (command: Command) => {
      undoStack.current.push(command);
      if (undoStack.current.length > MAX_DEPTH) undoStack.current.shift();
      redoStack.current = [];
      sync();
    },
    [sync],
  );

  const step = useCallback(
    async (from: Command[], to: Command[], run: (c: Command) => Promise<string | null>) => {
      if (busy.current) return null;
      const command = from.pop();
      if (!command) return null;
      busy.current = true;
      try {
        const error = await run(command);
        if (!error) to.push(command);
        return { label: command.label, error };
      } finally {
        busy.current = false;
        sync();
      }
    },
    [sync],
  );

  const undo = useCallback(() => step(undoStack.current, redoStack.current, (c) => c.undo()), [step]);
  const redo = useCallback(() => step(redoStack.current, undoStack.current, (c) => c.redo()), [step]);

  return useMemo(() => ({ push, undo, redo, undoLabel: labels.undo, redoLabel: labels.redo }), [push, undo, redo, labels]);
}

/** Runs writes one after another, so each reads the row version the previous write left behind. */
export function createSerialQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  return function enqueue<T>(task: () => Promise<T>): Promise<T> {
    const result = tail.then(task, task);
    tail = result.catch(() => undefined);
    return result;
  };
}
