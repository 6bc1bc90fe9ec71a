/**
 * Ranking runs and their rows (db/ranking, DOMAIN §2.9, §3.10), and the units known only from external score
 * tables. A run is a draft until a manager approves it; a later run for the same period × category × unit type
 * supersedes it. Approved and superseded runs are what bulletins were printed from: the triggers refuse to
 * delete them or to change their rows, even to a hand-written statement. Only a draft may be deleted.
 */
export const sql = `
-- Units an external table named that the workspace does not know (a city-level table's other districts):
-- created only on the clerk's confirmation, never as contractors or communities with made-up codes.
CREATE TABLE external_units (
  id          INTEGER PRIMARY KEY,
  unit_type   TEXT NOT NULL CHECK (unit_type IN ('contractor', 'section', 'street', 'community', 'toilet', 'estate')),
  name        TEXT NOT NULL CHECK (length(name) > 0),
  aliases     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(aliases) AND json_type(aliases) = 'array'),
  source_file TEXT,
  created_at  TEXT NOT NULL,
  created_by  INTEGER NOT NULL REFERENCES users(id)
);
CREATE UNIQUE INDEX external_units_name ON external_units(unit_type, name);

CREATE TABLE ranking_runs (
  id               INTEGER PRIMARY KEY,
  period           TEXT NOT NULL CHECK (length(period) BETWEEN 4 AND 15),
  period_kind      TEXT NOT NULL CHECK (period_kind IN ('month', 'round', 'quarter', 'year')),
  category         TEXT NOT NULL CHECK (length(category) > 0),
  category_label   TEXT NOT NULL,
  unit_type        TEXT NOT NULL CHECK (unit_type IN ('contractor', 'section', 'street', 'community', 'toilet', 'estate')),
  source           TEXT NOT NULL CHECK (source IN ('internal', 'external')),
  scheme_family_id INTEGER,
  scheme_name      TEXT,
  status           TEXT NOT NULL CHECK (status IN ('draft', 'approved', 'superseded')),
  supersedes_id    INTEGER REFERENCES ranking_runs(id),
  superseded_by_id INTEGER REFERENCES ranking_runs(id),
  -- gradeCounts, average, scoreFormula, exposureLine, counts: what the bulletin's introduction prints.
  summary          TEXT NOT NULL CHECK (json_valid(summary)),
  file_name        TEXT,
  note             TEXT,
  row_count        INTEGER NOT NULL CHECK (row_count >= 0),
  computed_at      TEXT NOT NULL,
  computed_by      INTEGER NOT NULL REFERENCES users(id),
  approved_at      TEXT,
  approved_by      INTEGER REFERENCES users(id),
  CHECK (status = 'draft' OR approved_at IS NOT NULL OR superseded_by_id IS NOT NULL),
  CHECK (status <> 'superseded' OR superseded_by_id IS NOT NULL)
);
CREATE INDEX ranking_runs_key ON ranking_runs(period, category, unit_type, source, status);
-- One approved run per period × category × unit type and source: approving a correction supersedes the old one.
CREATE UNIQUE INDEX ranking_runs_approved ON ranking_runs(period, category, unit_type, source) WHERE status = 'approved';

CREATE TABLE ranking_rows (
  run_id           INTEGER NOT NULL REFERENCES ranking_runs(id),
  seq              INTEGER NOT NULL CHECK (seq >= 1),
  unit_type        TEXT NOT NULL,
  unit_id          INTEGER,
  external_unit_id INTEGER REFERENCES external_units(id),
  unit_name        TEXT NOT NULL,
  score            REAL,
  score_rounded    REAL,
  rank             INTEGER CHECK (rank >= 1),
  status           TEXT NOT NULL CHECK (status IN ('ranked', 'unranked', 'notInspected')),
  grade            TEXT,
  -- The whole RankingRow as the service returns it (components, problems, consequences, published rank).
  detail           TEXT NOT NULL CHECK (json_valid(detail)),
  PRIMARY KEY (run_id, seq),
  CHECK (status <> 'ranked' OR rank IS NOT NULL),
  CHECK (status = 'notInspected' OR score IS NOT NULL)
) WITHOUT ROWID;
CREATE INDEX ranking_rows_unit ON ranking_rows(unit_type, unit_id);

CREATE TRIGGER ranking_runs_keep BEFORE DELETE ON ranking_runs WHEN OLD.status <> 'draft'
BEGIN SELECT RAISE(ABORT, 'an approved or superseded ranking run is kept: a correction creates a new run'); END;
CREATE TRIGGER ranking_runs_frozen BEFORE UPDATE OF period, period_kind, category, unit_type, source, summary, row_count, computed_at, computed_by
  ON ranking_runs WHEN OLD.status <> 'draft'
BEGIN SELECT RAISE(ABORT, 'an approved or superseded ranking run does not change'); END;
CREATE TRIGGER ranking_rows_frozen BEFORE UPDATE ON ranking_rows
BEGIN SELECT RAISE(ABORT, 'ranking rows do not change: compute a new run'); END;
CREATE TRIGGER ranking_rows_keep BEFORE DELETE ON ranking_rows
  WHEN (SELECT status FROM ranking_runs WHERE id = OLD.run_id) <> 'draft'
BEGIN SELECT RAISE(ABORT, 'the rows of an approved or superseded ranking run are kept'); END;
`;
