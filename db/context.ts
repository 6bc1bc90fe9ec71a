import type { SessionStore } from './users/sessions';
import type { User } from './users/users';
import type { Workspace } from './workspace/workspace';

/** Progress of a long job, sent to the caller as events (IPC webContents.send / HTTP server-sent events). */
export interface ProgressEvent {
  job: string;
  label: string;
  done: number;
  total: number;
}

/**
 * The caller's login session, supplied by the host that owns the sessions (HTTP host, Electron main). Only the
 * auth and user-management handlers use it: to open a session at login, close it at logout, and end every
 * session of a user who was deactivated or whose password was reset.
 */
export interface SessionContext {
  store: SessionStore;
  /** The session the call came with, or null (not logged in). */
  id: string | null;
}

/** What every service call gets: the open workspace, the caller, and a way to report progress. */
export interface Ctx {
  ws: Workspace;
  /** The logged-in user the call runs as (hosts resolve it from the session; the CLI names it). */
  user: User;
  progress?: (event: ProgressEvent) => void;
  session?: SessionContext;
}

/**
 * What a host hands to callApi: the same as Ctx, but the caller may be nobody (no session, or an expired one).
 * callApi refuses every method but the `public` ones without a user, so ordinary handlers always get a Ctx.
 */
export interface CallerCtx extends Omit<Ctx, 'user'> {
  user: User | null;
}
