/**
 * The open workspace and the working month (考核月份) every screen defaults to, shared through context.
 * Loaded once at start; screens read it with useWorkspace().
 */
import { createContext, useContext } from 'react';
import type { MethodOutput } from '../../../db/api';

export type WorkspaceInfo = MethodOutput<'workspace.info'>;

export interface WorkspaceState {
  info: WorkspaceInfo;
  month: string;
  setMonth(month: string): void;
}

export const WorkspaceContext = createContext<WorkspaceState | null>(null);

export function useWorkspace(): WorkspaceState {
  const state = useContext(WorkspaceContext);
  if (!state) throw new Error('useWorkspace outside WorkspaceContext');
  return state;
}

/** Storage scope for per-user settings (grid layouts): the same PC may open several workspaces and users. */
export function userScope(info: WorkspaceInfo): string {
  return `${info.id}.${info.user.id}`;
}
