import type { Database } from '../sqlite';
import type { Role } from './roles';

export interface User {
  id: number;
  login: string;
  name: string;
  role: Role;
}

/** The default administrator created with every workspace (id 1): the operator until login exists. */
export const DEFAULT_OPERATOR_ID = 1;

export async function getUser(db: Database, id: number): Promise<User | undefined> {
  return db.read.get<User>('SELECT id, login, name, role FROM users WHERE id = ? AND active = 1', [id]);
}

export async function defaultOperator(db: Database): Promise<User> {
  const user = await getUser(db, DEFAULT_OPERATOR_ID);
  if (!user) throw new Error('workspace has no default administrator');
  return user;
}
