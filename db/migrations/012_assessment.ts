/**
 * Assessment (db/assessment, DOMAIN §2.8, §3, §4): scheme versions, inspections with findings, photos,
 * rectification orders, the month lock, corrections after lock and the monthly results kept at lock.
 *
 * Records that a locked month scored are never edited: a correction inserts new inspection rows (revision + 1,
 * supersedes_id) and new result rows, and marks the old ones superseded. The default schemes shipped with the
 * console are inserted here from frozen data (012_default_schemes.ts); edits to them create new versions.
 */
import { DEFAULT_SCHEMES } from './012_default_schemes';

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;

const defaultSchemeRows = DEFAULT_SCHEMES.map(
  (def, i) =>
    `(${i + 1}, ${i + 1}, 1, ${quote(def.name)}, ${quote(def.targetType)}, ${quote(def.category)}, ${quote(def.effectiveFrom)}, NULL, ${quote(JSON.stringify(def))}, 'active', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 1)`,
).join(',\n  ');

export const sql = `
CREATE TABLE assessment_schemes (
  id             INTEGER PRIMARY KEY,
  family_id      INTEGER NOT NULL,
  version        INTEGER NOT NULL CHECK (version >= 1),
  name           TEXT NOT NULL CHECK (length(name) > 0),
  target_type    TEXT NOT NULL CHECK (target_type IN ('section', 'toilet', 'estate', 'community', 'street')),
  category       TEXT NOT NULL CHECK (category IN ('roadCleaning', 'wasteCollection', 'toilet', 'wasteSorting', 'greenMaintenance', 'composite')),
  effective_from TEXT NOT NULL CHECK (effective_from GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  effective_to   TEXT CHECK (effective_to GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  definition     TEXT NOT NULL CHECK (json_valid(definition)),
  status         TEXT NOT NULL CHECK (status IN ('active', 'retired')),
  -- Bumped on every rewrite of an unused version: two administrators editing at once cannot overwrite each other.
  revision       INTEGER NOT NULL DEFAULT 1,
  created_at     TEXT NOT NULL,
  created_by     INTEGER NOT NULL REFERENCES users(id),
  UNIQUE (family_id, version)
);

INSERT INTO assessment_schemes (id, family_id, version, name, target_type, category, effective_from, effective_to, definition, status, created_at, created_by)
VALUES
  ${defaultSchemeRows};

-- Photos and other evidence, inside the workspace file: a transaction and a backup cover them with the rows
-- that cite them. The same bytes are stored once (sha256).
CREATE TABLE attachments (
  id         INTEGER PRIMARY KEY,
  sha256     TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
  file_name  TEXT NOT NULL,
  mime       TEXT NOT NULL,
  size       INTEGER NOT NULL CHECK (size > 0),
  data       BLOB NOT NULL,
  created_at TEXT NOT NULL,
  created_by INTEGER NOT NULL REFERENCES users(id)
);

CREATE TABLE corrections (
  id          INTEGER PRIMARY KEY,
  month       TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  reason_kind TEXT NOT NULL CHECK (reason_kind IN ('dataEntryError', 'appealUpheld', 'recount', 'targetMisassigned')),
  reason_text TEXT NOT NULL CHECK (length(reason_text) > 0),
  attachments TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(attachments)),
  created_at  TEXT NOT NULL,
  created_by  INTEGER NOT NULL REFERENCES users(id)
);
CREATE INDEX corrections_month ON corrections(month);

CREATE TABLE inspections (
  id              INTEGER PRIMARY KEY,
  -- The first version's id: every revision of one inspection shares it.
  root_id         INTEGER NOT NULL,
  revision        INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),
  supersedes_id   INTEGER REFERENCES inspections(id),
  superseded_by   INTEGER REFERENCES inspections(id),
  correction_id   INTEGER REFERENCES corrections(id),
  scheme_id       INTEGER NOT NULL REFERENCES assessment_schemes(id),
  month           TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  date            TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  time            TEXT CHECK (time GLOB '[0-2][0-9]:[0-5][0-9]'),
  mode            TEXT NOT NULL CHECK (mode IN ('routine', 'unannounced', 'night', 'offHours', 'special', 'joint', 'thirdParty')),
  inspectors      TEXT NOT NULL CHECK (json_valid(inspectors) AND json_array_length(inspectors) >= 1),
  target_type     TEXT NOT NULL CHECK (target_type IN ('section', 'toilet', 'estate', 'community', 'street')),
  target_id       INTEGER NOT NULL,
  -- Snapshots as of the inspection date: the name to print, and who was responsible under which contract.
  target_name     TEXT NOT NULL,
  section_id      INTEGER REFERENCES bid_sections(id),
  contract_id     INTEGER REFERENCES contracts(id),
  contractor_id   INTEGER REFERENCES contractors(id),
  contractor_name TEXT,
  status          TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'returned', 'approved', 'locked')),
  excluded        INTEGER NOT NULL DEFAULT 0 CHECK (excluded IN (0, 1)),
  exclude_reason  TEXT,
  return_reason   TEXT,
  remarks         TEXT,
  raw_deduction   REAL NOT NULL DEFAULT 0,
  deduction       REAL NOT NULL DEFAULT 0,
  bonus           REAL NOT NULL DEFAULT 0,
  score           REAL NOT NULL,
  vetoed          INTEGER NOT NULL DEFAULT 0 CHECK (vetoed IN (0, 1)),
  -- The findings' raw points per item code (derived, written with the findings): a month that deducts every
  -- finding from one full score sums these instead of reading every finding again.
  item_raw        TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(item_raw)),
  typed_score     REAL,
  override_reason TEXT,
  version         INTEGER NOT NULL DEFAULT 1,
  created_at      TEXT NOT NULL,
  created_by      INTEGER NOT NULL REFERENCES users(id),
  updated_at      TEXT NOT NULL,
  updated_by      INTEGER NOT NULL REFERENCES users(id),
  submitted_at    TEXT,
  submitted_by    INTEGER REFERENCES users(id),
  approved_at     TEXT,
  approved_by     INTEGER REFERENCES users(id),
  CHECK (excluded = 0 OR exclude_reason IS NOT NULL),
  CHECK (typed_score IS NULL OR override_reason IS NOT NULL),
  CHECK (score >= 0),
  CHECK (substr(date, 1, 7) = month)
);
CREATE INDEX inspections_month ON inspections(month, status) WHERE superseded_by IS NULL;
CREATE INDEX inspections_target ON inspections(target_type, target_id, month);
CREATE INDEX inspections_root ON inspections(root_id, revision);

CREATE TABLE findings (
  id            INTEGER PRIMARY KEY,
  inspection_id INTEGER NOT NULL REFERENCES inspections(id),
  seq           INTEGER NOT NULL,
  item_code     TEXT NOT NULL,
  occurrences   INTEGER NOT NULL CHECK (occurrences >= 1),
  points_each   REAL NOT NULL CHECK (points_each >= 0),
  points        REAL NOT NULL CHECK (points >= 0),
  location      TEXT,
  description   TEXT,
  responsible   TEXT,
  photos        TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(photos)),
  -- Whether approval issues a rectification order for this finding, and its deadline.
  rectify       INTEGER NOT NULL DEFAULT 0 CHECK (rectify IN (0, 1)),
  rectify_deadline TEXT CHECK (rectify_deadline GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  UNIQUE (inspection_id, seq),
  CHECK (rectify = 0 OR rectify_deadline IS NOT NULL)
);
CREATE INDEX findings_item ON findings(inspection_id, item_code);

-- 整改: a rectification order on a finding. 'overdue' is not stored: it is an open order past its deadline.
CREATE TABLE rectifications (
  id             INTEGER PRIMARY KEY,
  finding_id     INTEGER NOT NULL UNIQUE REFERENCES findings(id),
  inspection_id  INTEGER NOT NULL REFERENCES inspections(id),
  notice_no      TEXT NOT NULL,
  deadline       TEXT NOT NULL CHECK (deadline GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  status         TEXT NOT NULL CHECK (status IN ('open', 'fixed', 'closed', 'waived')),
  fixed_at       TEXT,
  fixed_note     TEXT,
  evidence       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(evidence)),
  verified_by    INTEGER REFERENCES users(id),
  verified_at    TEXT,
  verify_note    TEXT,
  waive_reason   TEXT,
  version        INTEGER NOT NULL DEFAULT 1,
  created_at     TEXT NOT NULL,
  created_by     INTEGER NOT NULL REFERENCES users(id),
  updated_at     TEXT NOT NULL,
  updated_by     INTEGER NOT NULL REFERENCES users(id),
  CHECK (status <> 'waived' OR waive_reason IS NOT NULL),
  CHECK (status NOT IN ('fixed', 'closed') OR fixed_at IS NOT NULL)
);
CREATE UNIQUE INDEX rectifications_notice ON rectifications(notice_no);
CREATE INDEX rectifications_status ON rectifications(status, deadline);

CREATE TABLE month_locks (
  month      TEXT PRIMARY KEY CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  locked_at  TEXT NOT NULL,
  locked_by  INTEGER NOT NULL REFERENCES users(id),
  early      INTEGER NOT NULL CHECK (early IN (0, 1))
) WITHOUT ROWID;
CREATE TRIGGER month_locks_no_delete BEFORE DELETE ON month_locks
BEGIN SELECT RAISE(ABORT, 'a locked month stays locked; corrections create new versions'); END;

-- Per unit and month: the scores entered by hand for 'manual' components (e.g. a public survey).
CREATE TABLE component_inputs (
  month       TEXT NOT NULL,
  family_id   INTEGER NOT NULL,
  target_type TEXT NOT NULL,
  target_id   INTEGER NOT NULL,
  component   TEXT NOT NULL,
  score       REAL NOT NULL CHECK (score >= 0),
  note        TEXT,
  updated_at  TEXT NOT NULL,
  updated_by  INTEGER NOT NULL REFERENCES users(id),
  PRIMARY KEY (month, family_id, target_type, target_id, component)
) WITHOUT ROWID;

-- Per contract and month: events that withhold money and the metric of the rate tiers (DOMAIN §3.7).
CREATE TABLE money_inputs (
  month       TEXT NOT NULL,
  contract_id INTEGER NOT NULL REFERENCES contracts(id),
  events      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(events)),
  rate        REAL CHECK (rate BETWEEN 0 AND 100),
  sub_fee_fen INTEGER CHECK (sub_fee_fen >= 0),
  note        TEXT,
  updated_at  TEXT NOT NULL,
  updated_by  INTEGER NOT NULL REFERENCES users(id),
  PRIMARY KEY (month, contract_id)
) WITHOUT ROWID;

-- What a locked month scored, kept as it was; a correction adds rows and marks these superseded.
CREATE TABLE monthly_results (
  id              INTEGER PRIMARY KEY,
  month           TEXT NOT NULL,
  scheme_id       INTEGER NOT NULL REFERENCES assessment_schemes(id),
  family_id       INTEGER NOT NULL,
  category        TEXT NOT NULL,
  target_type     TEXT NOT NULL,
  target_id       INTEGER NOT NULL,
  target_name     TEXT NOT NULL,
  contract_id     INTEGER REFERENCES contracts(id),
  contractor_id   INTEGER REFERENCES contractors(id),
  contractor_name TEXT,
  inspections     INTEGER NOT NULL,
  components      TEXT NOT NULL CHECK (json_valid(components)),
  score           REAL,
  grade           TEXT,
  status          TEXT NOT NULL CHECK (status IN ('current', 'superseded')),
  correction_id   INTEGER REFERENCES corrections(id),
  computed_at     TEXT NOT NULL,
  computed_by     INTEGER NOT NULL REFERENCES users(id)
);
CREATE INDEX monthly_results_month ON monthly_results(month, status);

CREATE TABLE monthly_payments (
  id              INTEGER PRIMARY KEY,
  month           TEXT NOT NULL,
  contract_id     INTEGER NOT NULL REFERENCES contracts(id),
  scheme_id       INTEGER NOT NULL REFERENCES assessment_schemes(id),
  detail          TEXT NOT NULL CHECK (json_valid(detail)),
  fee_fen         INTEGER NOT NULL,
  total_fen       INTEGER NOT NULL,
  payable_fen     INTEGER NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('current', 'superseded')),
  correction_id   INTEGER REFERENCES corrections(id),
  computed_at     TEXT NOT NULL,
  computed_by     INTEGER NOT NULL REFERENCES users(id)
);
CREATE INDEX monthly_payments_month ON monthly_payments(month, status);
`;
