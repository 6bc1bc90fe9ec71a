/**
 * Streets and communities become full ledgers (db/geo/streets.ts, communities.ts). Step 2 made codes and names
 * unique over every row, deleted ones included; ledgers with soft delete need uniqueness among live rows only
 * (a code or name freed by deleting a mistaken row must be usable again), as toilets have it. SQLite cannot drop
 * a table constraint, so both tables are rebuilt with the same columns and ids. Foreign keys stay on: checks are
 * deferred to the commit, when every child row (communities, toilets) finds its parent again under the same id;
 * a lost parent would still fail the whole migration.
 */
export const sql = `
PRAGMA defer_foreign_keys = ON;

CREATE TABLE streets_v4_copy AS SELECT * FROM streets;
DROP TABLE streets;
CREATE TABLE streets (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL CHECK (length(code) = 9 AND code NOT GLOB '*[^0-9]*'),
  name        TEXT NOT NULL CHECK (length(name) > 0),
  kind        TEXT NOT NULL CHECK (kind IN ('subdistrict', 'town', 'township', 'zone')),
  short_name  TEXT,
  population  INTEGER CHECK (population >= 0),
  area_km2    REAL CHECK (area_km2 > 0),
  sort_order  INTEGER NOT NULL CHECK (sort_order >= 1),
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  aliases     TEXT NOT NULL DEFAULT '[]',
  version     INTEGER NOT NULL DEFAULT 1,
  created_at  TEXT NOT NULL,
  created_by  INTEGER NOT NULL REFERENCES users(id),
  updated_at  TEXT NOT NULL,
  updated_by  INTEGER NOT NULL REFERENCES users(id),
  deleted_at  TEXT,
  deleted_by  INTEGER REFERENCES users(id)
);
INSERT INTO streets (id, code, name, kind, short_name, population, area_km2, sort_order, active, aliases, version,
                     created_at, created_by, updated_at, updated_by, deleted_at, deleted_by)
SELECT id, code, name, kind, short_name, population, area_km2, sort_order, active, aliases, version,
       created_at, created_by, updated_at, updated_by, deleted_at, deleted_by
  FROM streets_v4_copy;
DROP TABLE streets_v4_copy;
CREATE UNIQUE INDEX streets_code_live ON streets(code) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX streets_name_live ON streets(name) WHERE deleted_at IS NULL;

CREATE TABLE communities_v4_copy AS SELECT * FROM communities;
DROP TABLE communities;
CREATE TABLE communities (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL CHECK (length(code) = 12 AND code NOT GLOB '*[^0-9]*'),
  name        TEXT NOT NULL CHECK (length(name) > 0),
  kind        TEXT NOT NULL CHECK (kind IN ('community', 'village')),
  street_id   INTEGER NOT NULL REFERENCES streets(id),
  households  INTEGER CHECK (households >= 0),
  sort_order  INTEGER NOT NULL CHECK (sort_order >= 1),
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  aliases     TEXT NOT NULL DEFAULT '[]',
  version     INTEGER NOT NULL DEFAULT 1,
  created_at  TEXT NOT NULL,
  created_by  INTEGER NOT NULL REFERENCES users(id),
  updated_at  TEXT NOT NULL,
  updated_by  INTEGER NOT NULL REFERENCES users(id),
  deleted_at  TEXT,
  deleted_by  INTEGER REFERENCES users(id)
);
INSERT INTO communities (id, code, name, kind, street_id, households, sort_order, active, aliases, version,
                         created_at, created_by, updated_at, updated_by, deleted_at, deleted_by)
SELECT id, code, name, kind, street_id, households, sort_order, active, aliases, version,
       created_at, created_by, updated_at, updated_by, deleted_at, deleted_by
  FROM communities_v4_copy;
DROP TABLE communities_v4_copy;
CREATE UNIQUE INDEX communities_code_live ON communities(code) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX communities_name_live ON communities(street_id, name) WHERE deleted_at IS NULL;
CREATE INDEX communities_street ON communities(street_id, sort_order);

PRAGMA defer_foreign_keys = OFF;
`;
