/**
 * Workspace settings (db/settings/settings.ts): one row per key, the value as JSON. A key without a row has its
 * default, so a workspace from before this step behaves exactly as before (LAN access not allowed, the default
 * backup retention). Every change is made by an administrator through `settings.update` and is in the audit log.
 */
export const sql = `
CREATE TABLE settings (
  key         TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 60),
  value       TEXT NOT NULL CHECK (json_valid(value)),
  updated_at  TEXT NOT NULL,
  updated_by  INTEGER NOT NULL REFERENCES users(id)
);
`;
