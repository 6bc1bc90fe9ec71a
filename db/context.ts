import type { User } from './users/users';
import type { Workspace } from './workspace/workspace';

/** Progress of a long job, sent to the caller as events (IPC webContents.send / HTTP server-sent events). */
export interface ProgressEvent {
  job: string;
  label: string;
  done: number;
  total: number;
}

/** What every service call gets: the open workspace, the caller, and a way to report progress. */
export interface Ctx {
  ws: Workspace;
  user: User;
  progress?: (event: ProgressEvent) => void;
}
