/**
 * Bulletins (db/bulletins, DOMAIN §2.9, §4.2–4.3, §5.1): the 通报 drafted from an approved ranking run, and the
 * 更正通报 that cites an issued one after a correction. A draft keeps the editable fields and a snapshot of its run;
 * issuing freezes the printed content (fields + run) and stores the PDF bytes with their sha256 in the workspace
 * file, so every backup carries the archive. An issued row never changes again: the triggers refuse it even to a
 * hand-written UPDATE, so the archive is what was sent out.
 */
export const sql = `
CREATE TABLE bulletins (
  id           INTEGER PRIMARY KEY,
  kind         TEXT NOT NULL CHECK (kind IN ('bulletin', 'correction')),
  status       TEXT NOT NULL CHECK (status IN ('draft', 'issued')),
  -- The ranking run printed (ranking_runs.id; a correction bulletin prints the superseding run).
  run_id       INTEGER NOT NULL REFERENCES ranking_runs(id),
  period       TEXT NOT NULL,
  category     TEXT NOT NULL,
  unit_type    TEXT NOT NULL,
  -- A correction bulletin: the issued bulletin it corrects.
  corrects_id  INTEGER REFERENCES bulletins(id),
  title        TEXT NOT NULL,
  doc_number   TEXT,
  fields       TEXT NOT NULL CHECK (json_valid(fields)),
  -- The run as it was when the draft was made (drafts) and as printed (issued).
  run          TEXT NOT NULL CHECK (json_valid(run)),
  version      INTEGER NOT NULL DEFAULT 1,
  created_at   TEXT NOT NULL,
  created_by   INTEGER NOT NULL REFERENCES users(id),
  updated_at   TEXT NOT NULL,
  updated_by   INTEGER NOT NULL REFERENCES users(id),
  issued_at    TEXT,
  issued_by    INTEGER REFERENCES users(id),
  pdf          BLOB,
  pdf_sha256   TEXT,
  pdf_size     INTEGER,
  pdf_pages    INTEGER,
  CHECK (kind = 'bulletin' OR corrects_id IS NOT NULL),
  CHECK (status = 'draft' OR (doc_number IS NOT NULL AND issued_at IS NOT NULL AND issued_by IS NOT NULL
                              AND pdf IS NOT NULL AND length(pdf_sha256) = 64 AND pdf_size = length(pdf)))
);
-- A document number names one issued document.
CREATE UNIQUE INDEX bulletins_doc_number ON bulletins(doc_number) WHERE status = 'issued';
CREATE INDEX bulletins_run ON bulletins(run_id);
CREATE INDEX bulletins_status ON bulletins(status, issued_at);

CREATE TRIGGER bulletins_issued_no_update BEFORE UPDATE ON bulletins WHEN OLD.status = 'issued'
BEGIN SELECT RAISE(ABORT, 'an issued bulletin is archived as issued; a correction bulletin is the way to change it'); END;
CREATE TRIGGER bulletins_issued_no_delete BEFORE DELETE ON bulletins WHEN OLD.status = 'issued'
BEGIN SELECT RAISE(ABORT, 'an issued bulletin stays in the archive'); END;
`;
