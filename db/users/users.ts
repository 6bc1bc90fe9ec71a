import type { Database } from '../sqlite';
import type { Role } from './roles';

export interface User {
  id: number;
  login: string;
  name: string;
  role: Role;
}

/**
 * The built-in administrator created with every workspace (id 1, login `admin`). Until it has a password the
 * workspace asks for one on first start (auth.setup). The CLI runs as this user unless `--user` names another.
 */
export const DEFAULT_OPERATOR_ID = 1;

/** An active user by id, or undefined (unknown or deactivated). */
export async function getUser(db: Database, id: number): Promise<User | undefined> {
  return db.read.get<User>('SELECT id, login, name, role FROM users WHERE id = ? AND active = 1', [id]);
}

/** An active user by login name (case-insensitive), or undefined. */
export async function getUserByLogin(db: Database, login: string): Promise<User | undefined> {
  return db.read.get<User>('SELECT id, login, name, role FROM users WHERE lower(login) = lower(?) AND active = 1', [login.trim()]);
}

/** The built-in administrator: the CLI's operator, and the actor of jobs no user started (restore of a damaged file). */
export async function defaultOperator(db: Database): Promise<User> {
  const user = await getUser(db, DEFAULT_OPERATOR_ID);
  if (!user) throw new Error('workspace has no default administrator');
  return user;
}
