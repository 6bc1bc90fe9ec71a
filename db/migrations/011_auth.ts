/**
 * Users: login with password (scrypt, db/users/password.ts), lock-out after failed attempts, optimistic
 * versions for the user screen. Sessions live in the host's memory, not here.
 *
 * Existing workspaces keep their administrator (id 1) without a password: the first start after this step asks
 * for one (auth.setup), exactly as a new workspace does.
 */
export const sql = `
ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0);
ALTER TABLE users ADD COLUMN locked_until TEXT;
ALTER TABLE users ADD COLUMN password_changed_at TEXT;
ALTER TABLE users ADD COLUMN last_login_at TEXT;
ALTER TABLE users ADD COLUMN updated_at TEXT;
ALTER TABLE users ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
UPDATE users SET updated_at = created_at;
-- Login names are stored in lower case; one spelling per user whatever the case typed.
CREATE UNIQUE INDEX users_login_nocase ON users (lower(login));
`;
