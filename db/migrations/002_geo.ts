/** Streets/towns and communities/villages (db/geo), DOMAIN §2.1. */
export const sql = `
CREATE TABLE streets (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE CHECK (length(code) = 9 AND code NOT GLOB '*[^0-9]*'),
  name        TEXT NOT NULL UNIQUE,
  kind        TEXT NOT NULL CHECK (kind IN ('subdistrict', 'town', 'township', 'zone')),
  short_name  TEXT,
  population  INTEGER CHECK (population >= 0),
  area_km2    REAL CHECK (area_km2 > 0),
  sort_order  INTEGER NOT NULL,
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

CREATE TABLE communities (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE CHECK (length(code) = 12 AND code NOT GLOB '*[^0-9]*'),
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('community', 'village')),
  street_id   INTEGER NOT NULL REFERENCES streets(id),
  households  INTEGER CHECK (households >= 0),
  sort_order  INTEGER NOT NULL,
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  aliases     TEXT NOT NULL DEFAULT '[]',
  version     INTEGER NOT NULL DEFAULT 1,
  created_at  TEXT NOT NULL,
  created_by  INTEGER NOT NULL REFERENCES users(id),
  updated_at  TEXT NOT NULL,
  updated_by  INTEGER NOT NULL REFERENCES users(id),
  deleted_at  TEXT,
  deleted_by  INTEGER REFERENCES users(id),
  UNIQUE (street_id, name)
);
CREATE INDEX communities_street ON communities(street_id, sort_order);
`;
