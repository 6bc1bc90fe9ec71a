/**
 * The indicator table (规划关键指标表, db/indicators, DOMAIN §6.2): baseline and target kept as the plan
 * writes them. The CHECKs repeat db/indicators/rules.ts and fields.ts as a last line of defence.
 */
export const sql = `
CREATE TABLE indicator_targets (
  id             INTEGER PRIMARY KEY,
  category       TEXT NOT NULL CHECK (length(category) > 0),
  seq            INTEGER CHECK (seq BETWEEN 1 AND 9999),
  name           TEXT NOT NULL CHECK (length(name) > 0),
  baseline_text  TEXT,
  target_text    TEXT NOT NULL CHECK (length(target_text) > 0 AND trim(target_text) NOT IN ('/', '-', '—')),
  binding        TEXT CHECK (binding IN ('binding', 'expected')),
  kpi_key        TEXT CHECK (kpi_key IN (
                   'sortingCoverageRate', 'sortingCoverageByHouseholds', 'compliantCoverageRate', 'recyclingRate',
                   'kitchenSeparationRate', 'mechanizationRate', 'toiletFamilyRestroomShare', 'toiletAccessibleShare',
                   'populationPerToilet', 'rectificationOnTimeRate', 'averageScore', 'excellentRate')),
  remarks        TEXT,
  version        INTEGER NOT NULL DEFAULT 1,
  created_at     TEXT NOT NULL,
  created_by     INTEGER NOT NULL REFERENCES users(id),
  updated_at     TEXT NOT NULL,
  updated_by     INTEGER NOT NULL REFERENCES users(id),
  deleted_at     TEXT,
  deleted_by     INTEGER REFERENCES users(id)
);
CREATE UNIQUE INDEX indicator_targets_name_live ON indicator_targets(name) WHERE deleted_at IS NULL;
`;
