/**
 * The demo district's users: one per role, all with the documented password `demo1234` (README, user guide),
 * so that anyone trying the console can see what each role sees. Never used outside the demo workspace.
 */
import { appendAudit } from '../audit/audit';
import type { Ctx } from '../context';
import type { Tx } from '../sqlite';
import { hashPassword } from './password';
import type { Role } from './roles';
import { insertUsers } from './service';
import { DEFAULT_OPERATOR_ID } from './users';

export const DEMO_PASSWORD = 'demo1234';

export const DEMO_USERS: ReadonlyArray<{ login: string; name: string; role: Role }> = [
  { login: 'admin', name: '系统管理员', role: 'admin' },
  { login: 'luru', name: '张录入', role: 'clerk' },
  { login: 'shenhe', name: '李审核', role: 'supervisor' },
  { login: 'lingdao', name: '王领导', role: 'manager' },
];

/** The demo login of each role. */
export const DEMO_LOGIN_BY_ROLE: Record<Role, string> = Object.fromEntries(DEMO_USERS.map((u) => [u.role, u.login])) as Record<Role, string>;

/** Hashes computed before the demo's transaction (scrypt takes a moment; the write queue should not wait for it). */
export async function demoPasswordHashes(): Promise<string[]> {
  return Promise.all(DEMO_USERS.map(() => hashPassword(DEMO_PASSWORD)));
}

/**
 * Inside the demo load's transaction: gives the built-in administrator the demo password (unless one is set
 * already) and adds the other demo users (unless their login is taken).
 */
export async function loadDemoUsers(ctx: Ctx, tx: Tx, hashes: string[]): Promise<number> {
  let added = 0;
  for (const [i, user] of DEMO_USERS.entries()) {
    if (user.login === 'admin') {
      const now = new Date().toISOString();
      const { changes } = await tx.run(
        'UPDATE users SET password_hash = ?, password_changed_at = ?, updated_at = ? WHERE id = ? AND password_hash IS NULL',
        [hashes[i], now, now, DEFAULT_OPERATOR_ID],
      );
      if (changes) {
        await appendAudit(tx, ctx.user, { method: 'demo.load', entity: 'user', entityId: DEFAULT_OPERATOR_ID, after: { passwordSet: true } });
      }
      continue;
    }
    const taken = await tx.get('SELECT 1 FROM users WHERE lower(login) = ?', [user.login]);
    if (taken) continue;
    await insertUsers(ctx, tx, [{ ...user, passwordHash: hashes[i] }], 'demo.load');
    added += 1;
  }
  return added;
}
