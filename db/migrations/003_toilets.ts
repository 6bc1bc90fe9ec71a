/** Public toilets (db/toilets), DOMAIN §2.7. The CHECKs repeat db/toilets/rules.ts as a last line of defence. */
export const sql = `
CREATE TABLE toilets (
  id                 INTEGER PRIMARY KEY,
  code               TEXT NOT NULL,
  name               TEXT NOT NULL,
  address            TEXT NOT NULL,
  street_id          INTEGER NOT NULL REFERENCES streets(id),
  community_id       INTEGER REFERENCES communities(id),
  lat                REAL CHECK (lat BETWEEN 3.8 AND 53.6),
  lng                REAL CHECK (lng BETWEEN 73.5 AND 135.1),
  coord_system       TEXT CHECK (coord_system IN ('WGS84', 'GCJ02', 'BD09')),
  type               TEXT NOT NULL CHECK (type IN ('standalone', 'attached', 'mobile')),
  mobile_subtype     TEXT CHECK (mobile_subtype IN ('assembled', 'unit', 'vehicle', 'towed', 'accessible')),
  structure          TEXT CHECK (structure IN ('cast', 'prefab')),
  class              INTEGER CHECK (class IN (1, 2, 3)),
  ownership          TEXT NOT NULL CHECK (ownership IN ('sanitation', 'park', 'scenic', 'transport', 'market', 'gasStation', 'unitOpen', 'other')),
  open_hours         TEXT NOT NULL,
  free               INTEGER NOT NULL CHECK (free IN (0, 1)),
  floor_area_m2      REAL CHECK (floor_area_m2 > 0),
  male_squat         INTEGER NOT NULL CHECK (male_squat >= 0),
  male_sit           INTEGER NOT NULL CHECK (male_sit >= 0),
  urinals            INTEGER NOT NULL CHECK (urinals >= 0),
  female_squat       INTEGER NOT NULL CHECK (female_squat >= 0),
  female_sit         INTEGER NOT NULL CHECK (female_sit >= 0),
  universal_stalls   INTEGER CHECK (universal_stalls >= 0),
  accessible_stalls  INTEGER NOT NULL CHECK (accessible_stalls >= 0),
  family_restroom    INTEGER NOT NULL CHECK (family_restroom IN (0, 1)),
  baby_care          INTEGER CHECK (baby_care IN (0, 1)),
  star_rating        INTEGER CHECK (star_rating BETWEEN 0 AND 5),
  has_ac             INTEGER CHECK (has_ac IN (0, 1)),
  smart_system       INTEGER CHECK (smart_system IN (0, 1)),
  attached_functions TEXT NOT NULL DEFAULT '[]',
  supervision_phone  TEXT,
  commissioned_month TEXT CHECK (commissioned_month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  construction_month TEXT CHECK (construction_month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  status             TEXT NOT NULL CHECK (status IN ('inUse', 'closed', 'underRenovation', 'demolished')),
  remarks            TEXT,
  version            INTEGER NOT NULL DEFAULT 1,
  created_at         TEXT NOT NULL,
  created_by         INTEGER NOT NULL REFERENCES users(id),
  updated_at         TEXT NOT NULL,
  updated_by         INTEGER NOT NULL REFERENCES users(id),
  deleted_at         TEXT,
  deleted_by         INTEGER REFERENCES users(id),
  CHECK (class IS NOT NULL OR type = 'mobile'),
  CHECK (type <> 'attached' OR class IN (1, 2)),
  CHECK (mobile_subtype IS NULL OR type = 'mobile')
);
-- Codes are stored normalised, so equality here is the case- and width-insensitive rule of DOMAIN E1.
CREATE UNIQUE INDEX toilets_code_live ON toilets(code) WHERE deleted_at IS NULL;
CREATE INDEX toilets_street ON toilets(street_id);
CREATE INDEX toilets_community ON toilets(community_id, name);
CREATE INDEX toilets_position ON toilets(lat, lng);
`;
