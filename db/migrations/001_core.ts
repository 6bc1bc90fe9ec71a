/** Workspace metadata, users (db/users) and the audit log (db/audit). */
export const sql = `
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  login         TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor', 'manager', 'admin')),
  password_hash TEXT,
  active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at    TEXT NOT NULL
);
-- The default administrator is the operator until login arrives; every audit entry names a user.
INSERT INTO users (id, login, name, role, created_at)
VALUES (1, 'admin', '系统管理员', 'admin', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

CREATE TABLE audit_log (
  id        INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  user_id   INTEGER NOT NULL REFERENCES users(id),
  user_name TEXT NOT NULL,
  method    TEXT NOT NULL,
  entity    TEXT NOT NULL,
  entity_id INTEGER,
  before    TEXT,
  after     TEXT,
  reason    TEXT,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);

-- Which rows an entry touched; item is the row's index in a bulk entry's after array.
CREATE TABLE audit_refs (
  entity    TEXT NOT NULL,
  entity_id INTEGER NOT NULL,
  audit_id  INTEGER NOT NULL REFERENCES audit_log(id),
  item      INTEGER,
  PRIMARY KEY (entity, entity_id, audit_id)
) WITHOUT ROWID;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_refs_no_update BEFORE UPDATE ON audit_refs
BEGIN SELECT RAISE(ABORT, 'audit_refs is append-only'); END;
CREATE TRIGGER audit_refs_no_delete BEFORE DELETE ON audit_refs
BEGIN SELECT RAISE(ABORT, 'audit_refs is append-only'); END;
`;
