/**
 * Roles (DOMAIN §4.1, ARCHITECTURE Security). Each API method names the least role that may call it; the
 * roles are ordered, so a supervisor may do what a clerk may, and the administrator may call every method.
 * Rules that forbid even an administrator (changing scores without a correction) live in those services.
 */
export type Role = 'clerk' | 'supervisor' | 'manager' | 'admin';
/** `reader` is any logged-in user: reading ledgers needs no particular role. */
export type RequiredRole = 'reader' | Role;

export const ROLE_LABELS: Record<Role, string> = {
  clerk: '录入员',
  supervisor: '审核员',
  manager: '分管领导',
  admin: '系统管理员',
};

const RANK: Record<RequiredRole, number> = { reader: 0, clerk: 1, supervisor: 2, manager: 3, admin: 4 };

export function roleAllows(userRole: Role, required: RequiredRole): boolean {
  return RANK[userRole] >= RANK[required];
}

export function requiredRoleLabel(required: RequiredRole): string {
  return required === 'reader' ? '任何已登录用户' : ROLE_LABELS[required];
}
