/**
 * Monthly four-category tonnage per estate (生活小区月度分类量, db/estates/tonnage.ts), DOMAIN §2.2. One live
 * row per estate and month; quantities never negative. The CHECKs repeat db/estates/tonnage.ts's rules.
 */
export const sql = `
CREATE TABLE estate_tonnage (
  id            INTEGER PRIMARY KEY,
  estate_id     INTEGER NOT NULL REFERENCES estates(id),
  month         TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]' AND substr(month, 6, 2) BETWEEN '01' AND '12'),
  recyclable_t  REAL NOT NULL CHECK (recyclable_t >= 0),
  hazardous_kg  REAL NOT NULL CHECK (hazardous_kg >= 0),
  kitchen_t     REAL NOT NULL CHECK (kitchen_t >= 0),
  residual_t    REAL NOT NULL CHECK (residual_t >= 0),
  source        TEXT NOT NULL CHECK (source IN ('weighed', 'estimated', 'vehicleAllocated')),
  remarks       TEXT,
  version       INTEGER NOT NULL DEFAULT 1,
  created_at    TEXT NOT NULL,
  created_by    INTEGER NOT NULL REFERENCES users(id),
  updated_at    TEXT NOT NULL,
  updated_by    INTEGER NOT NULL REFERENCES users(id),
  deleted_at    TEXT,
  deleted_by    INTEGER REFERENCES users(id)
);
CREATE UNIQUE INDEX estate_tonnage_live ON estate_tonnage(estate_id, month) WHERE deleted_at IS NULL;
CREATE INDEX estate_tonnage_month ON estate_tonnage(month);
`;
