/** Saved import mappings (db/io/import/templates.ts): per ledger, header text → field key, under a name. */
export const sql = `
CREATE TABLE import_templates (
  id          INTEGER PRIMARY KEY,
  ledger      TEXT NOT NULL,
  name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  mapping     TEXT NOT NULL CHECK (json_valid(mapping)),
  created_at  TEXT NOT NULL,
  created_by  INTEGER NOT NULL REFERENCES users(id),
  updated_at  TEXT NOT NULL,
  updated_by  INTEGER NOT NULL REFERENCES users(id)
);
CREATE UNIQUE INDEX import_templates_name ON import_templates(ledger, name);
`;
