/**
 * Roles (DOMAIN §4.1, ARCHITECTURE Security). Each API method names the least role that may call it; the
 * roles are ordered, so a supervisor may do what a clerk may, and the administrator may call every method.
 * Rules that forbid even an administrator (changing scores without a correction) live in those services.
 */
export type Role = 'clerk' | 'supervisor' | 'manager' | 'admin';
/**
 * `reader` is any logged-in user: reading ledgers needs no particular role. `public` needs no login at all:
 * only the few methods that lead to a login (auth.status, auth.login, auth.setup).
 */
export type RequiredRole = 'public' | 'reader' | Role;
/** The roles a method for logged-in callers may name (everything but `public`). */
export type LoginRole = Exclude<RequiredRole, 'public'>;

/** The roles in ascending order (a user of a later role may do what an earlier one may). */
export const ROLES: readonly Role[] = ['clerk', 'supervisor', 'manager', 'admin'];

export const ROLE_LABELS: Record<Role, string> = {
  clerk: '录入员',
  supervisor: '审核员',
  manager: '分管领导',
  admin: '系统管理员',
};

const RANK: Record<RequiredRole, number> = { public: -1, reader: 0, clerk: 1, supervisor: 2, manager: 3, admin: 4 };

export function roleAllows(userRole: Role, required: RequiredRole): boolean {
  return RANK[userRole] >= RANK[required];
}

export function requiredRoleLabel(required: RequiredRole): string {
  if (required === 'public') return '无需登录';
  return required === 'reader' ? '任何已登录用户' : ROLE_LABELS[required];
}

/** The role just below `role` (the highest role a method of `role` refuses), or null for the lowest. */
export function roleBelow(role: Role): Role | null {
  const i = ROLES.indexOf(role);
  return i > 0 ? ROLES[i - 1] : null;
}
