/**
 * Roles as the UI needs them (labels, the order, "at least this role"). The same order as db/users/roles.ts,
 * which the renderer may not import at runtime (types only from db/); the hosts enforce the real rule.
 */
import type { Role } from '../../../db/api';

export type { Role };

export const ROLE_ORDER: readonly Role[] = ['clerk', 'supervisor', 'manager', 'admin'];

export const ROLE_LABEL: Record<Role, string> = {
  clerk: '录入员',
  supervisor: '审核员',
  manager: '分管领导',
  admin: '系统管理员',
};

/** True when a user of `role` may use what needs at least `least` (no `least`: every logged-in user). */
export function roleAtLeast(role: Role, least: Role | undefined): boolean {
  return !least || ROLE_ORDER.indexOf(role) >= ROLE_ORDER.indexOf(least);
}
