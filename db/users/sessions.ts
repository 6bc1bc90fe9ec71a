/**
 * Login sessions, in memory, owned by one host (the HTTP host, the Electron main process) for as long as it
 * runs: a restart logs everyone out. A session id is 32 random bytes (base64url). `resolve` re-reads the user
 * from the database on every call, so a deactivation or a role change takes effect at the next call; a session
 * idle for longer than the timeout (8 hours) is gone.
 */
import { randomBytes } from 'node:crypto';
import type { Database } from '../sqlite';
import { getUser, type User } from './users';

export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;

interface Session {
  userId: number;
  createdAt: number;
  lastSeen: number;
}

export interface SessionStoreOptions {
  idleMs?: number;
  /** The clock (tests move it forward). */
  now?: () => number;
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly idleMs: number;
  private readonly now: () => number;

  /** `db` is the workspace's database, or a getter for it (the Electron main opens it after creating the store). */
  constructor(
    private readonly db: Database | (() => Database | null),
    options: SessionStoreOptions = {},
  ) {
    this.idleMs = options.idleMs ?? SESSION_IDLE_MS;
    this.now = options.now ?? Date.now;
  }

  /** Starts a session for the user and returns its id (what the client sends back with every call). */
  open(userId: number): string {
    this.sweep();
    const id = randomBytes(32).toString('base64url');
    const now = this.now();
    this.sessions.set(id, { userId, createdAt: now, lastSeen: now });
    return id;
  }

  /** The session's user as stored now, or null (unknown, expired, user deactivated or gone). Touches the session. */
  async resolve(id: string | null | undefined): Promise<User | null> {
    if (!id || typeof id !== 'string' || id.length > 100) return null;
    const session = this.sessions.get(id);
    if (!session) return null;
    const now = this.now();
    if (now - session.lastSeen > this.idleMs) {
      this.sessions.delete(id);
      return null;
    }
    const db = typeof this.db === 'function' ? this.db() : this.db;
    if (!db) return null;
    const user = await getUser(db, session.userId);
    if (!user) {
      this.sessions.delete(id);
      return null;
    }
    session.lastSeen = now;
    return user;
  }

  /**
   * Whether the session is still open (known and not idle past the timeout), without touching it: the HTTP
   * host's event streams check their session with this, so an open tab does not keep its login alive.
   */
  isOpen(id: string | null | undefined): boolean {
    const session = id ? this.sessions.get(id) : undefined;
    return session !== undefined && this.now() - session.lastSeen <= this.idleMs;
  }

  close(id: string | null | undefined): void {
    if (id) this.sessions.delete(id);
  }

  /** Ends every session of a user (deactivated, password reset), except `keep` (the caller's own, after a change). */
  closeAllFor(userId: number, keep?: string | null): number {
    let closed = 0;
    for (const [id, session] of this.sessions) {
      if (session.userId === userId && id !== keep) {
        this.sessions.delete(id);
        closed += 1;
      }
    }
    return closed;
  }

  /** Sessions still open (not counting idle ones past the timeout). */
  get size(): number {
    this.sweep();
    return this.sessions.size;
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, session] of this.sessions) if (now - session.lastSeen > this.idleMs) this.sessions.delete(id);
  }
}
