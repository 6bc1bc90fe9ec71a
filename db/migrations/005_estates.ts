/**
 * Garbage-sorting estates (生活小区, db/estates), DOMAIN §2.2, and their status decisions. The CHECKs repeat
 * db/estates/rules.ts as a last line of defence. Decisions are append-only: a wrong one is corrected by a
 * later decision with its reason, never edited away.
 */
export const sql = `
CREATE TABLE estates (
  id                    INTEGER PRIMARY KEY,
  code                  TEXT NOT NULL CHECK (length(code) BETWEEN 2 AND 32 AND code NOT GLOB '*[^A-Z0-9-]*'),
  name                  TEXT NOT NULL CHECK (length(name) > 0),
  aliases               TEXT NOT NULL DEFAULT '[]',
  community_id          INTEGER NOT NULL REFERENCES communities(id),
  address               TEXT NOT NULL,
  lat                   REAL CHECK (lat BETWEEN 3.8 AND 53.6),
  lng                   REAL CHECK (lng BETWEEN 73.5 AND 135.1),
  coord_system          TEXT CHECK (coord_system IN ('WGS84', 'GCJ02', 'BD09')),
  households            INTEGER NOT NULL CHECK (households BETWEEN 1 AND 20000),
  buildings             INTEGER NOT NULL CHECK (buildings >= 1),
  residents             INTEGER CHECK (residents >= 0),
  completion_year       INTEGER CHECK (completion_year BETWEEN 1900 AND 2100),
  managed               INTEGER NOT NULL CHECK (managed IN (0, 1)),
  property_company      TEXT,
  property_company_uscc TEXT CHECK (length(property_company_uscc) = 18),
  sorting_start_date    TEXT CHECK (sorting_start_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  sorting_mode          TEXT NOT NULL CHECK (sorting_mode IN ('scheduled', 'consolidated', 'floorBins', 'smartBins', 'none')),
  status                TEXT NOT NULL DEFAULT 'none'
                          CHECK (status IN ('none', 'pilot', 'compliant', 'demonstration', 'provincialHighStandard')),
  status_level          TEXT CHECK (status_level IN ('district', 'city', 'province')),
  status_since          TEXT CHECK (status_since GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  quality_grade         TEXT CHECK (quality_grade IN ('A', 'B', 'C')),
  drop_off_points       INTEGER NOT NULL CHECK (drop_off_points >= 0),
  off_hours_points      INTEGER CHECK (off_hours_points >= 0),
  consolidation_points  INTEGER CHECK (consolidation_points >= 0),
  supervisors           INTEGER CHECK (supervisors >= 0),
  drop_off_hours        TEXT,
  bins_recyclable       INTEGER CHECK (bins_recyclable >= 0),
  bins_hazardous        INTEGER CHECK (bins_hazardous >= 0),
  bins_kitchen          INTEGER CHECK (bins_kitchen >= 0),
  bins_residual         INTEGER CHECK (bins_residual >= 0),
  remarks               TEXT,
  version               INTEGER NOT NULL DEFAULT 1,
  created_at            TEXT NOT NULL,
  created_by            INTEGER NOT NULL REFERENCES users(id),
  updated_at            TEXT NOT NULL,
  updated_by            INTEGER NOT NULL REFERENCES users(id),
  deleted_at            TEXT,
  deleted_by            INTEGER REFERENCES users(id),
  CHECK (managed = 0 OR property_company IS NOT NULL),
  CHECK (off_hours_points IS NULL OR off_hours_points <= drop_off_points),
  CHECK (status = 'none' OR (drop_off_points >= 1 AND sorting_mode <> 'none' AND status_since IS NOT NULL)),
  CHECK (status <> 'none' OR status_level IS NULL),
  CHECK (status <> 'demonstration' OR status_level IS NOT NULL),
  CHECK (status <> 'provincialHighStandard' OR status_level = 'province')
);
-- Codes are stored normalised (upper case, half width), so equality here is the rule of DOMAIN E1.
CREATE UNIQUE INDEX estates_code_live ON estates(code) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX estates_name_live ON estates(community_id, name) WHERE deleted_at IS NULL;
CREATE INDEX estates_status ON estates(status);

CREATE TABLE estate_status_decisions (
  id               INTEGER PRIMARY KEY,
  estate_id        INTEGER NOT NULL REFERENCES estates(id),
  from_status      TEXT NOT NULL CHECK (from_status IN ('none', 'pilot', 'compliant', 'demonstration', 'provincialHighStandard')),
  to_status        TEXT NOT NULL CHECK (to_status IN ('none', 'pilot', 'compliant', 'demonstration', 'provincialHighStandard')),
  level            TEXT CHECK (level IN ('district', 'city', 'province')),
  decision_doc     TEXT NOT NULL CHECK (length(decision_doc) > 0),
  decided_at       TEXT NOT NULL CHECK (decided_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  evaluation_score REAL CHECK (evaluation_score BETWEEN 0 AND 100),
  remarks          TEXT,
  created_at       TEXT NOT NULL,
  created_by       INTEGER NOT NULL REFERENCES users(id),
  CHECK (to_status <> 'none' OR level IS NULL)
);
CREATE INDEX estate_status_decisions_estate ON estate_status_decisions(estate_id, decided_at, id);
CREATE TRIGGER estate_status_decisions_no_update BEFORE UPDATE ON estate_status_decisions
BEGIN SELECT RAISE(ABORT, 'estate_status_decisions is append-only'); END;
CREATE TRIGGER estate_status_decisions_no_delete BEFORE DELETE ON estate_status_decisions
BEGIN SELECT RAISE(ABORT, 'estate_status_decisions is append-only'); END;
`;
