/**
 * The monthly disposal report (生活垃圾清运处置月报, db/disposal, DOMAIN §6.1): one live row per month for the
 * district, the quantities the resource-use and safe-disposal rates are computed from. The CHECKs repeat
 * db/disposal/fields.ts and rules.ts as a last line of defence.
 *
 * The indicator table's link (`kpi_key`) gains the two indicators these rows give (resourceUtilizationRate,
 * safeDisposalRate). SQLite cannot change a CHECK, so `indicator_targets` is rebuilt with the same columns and
 * ids (nothing references it). Rows already in the table keep the link they have: an indicator of an older
 * workspace named 生活垃圾资源化利用率 is linked by the clerk on 指标 (计算指标), as every edit is audited.
 */
export const sql = `
CREATE TABLE disposal_months (
  id                  INTEGER PRIMARY KEY,
  month               TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]' AND substr(month, 6, 2) BETWEEN '01' AND '12'),
  collected_t         REAL NOT NULL CHECK (collected_t >= 0),
  incinerated_t       REAL NOT NULL CHECK (incinerated_t >= 0),
  landfilled_t        REAL NOT NULL CHECK (landfilled_t >= 0),
  kitchen_processed_t REAL NOT NULL CHECK (kitchen_processed_t >= 0),
  recyclables_t       REAL NOT NULL CHECK (recyclables_t >= 0),
  other_safe_t        REAL CHECK (other_safe_t >= 0),
  source              TEXT NOT NULL CHECK (source IN ('weighbridge', 'report', 'estimate')),
  remarks             TEXT,
  version             INTEGER NOT NULL DEFAULT 1,
  created_at          TEXT NOT NULL,
  created_by          INTEGER NOT NULL REFERENCES users(id),
  updated_at          TEXT NOT NULL,
  updated_by          INTEGER NOT NULL REFERENCES users(id),
  deleted_at          TEXT,
  deleted_by          INTEGER REFERENCES users(id)
);
CREATE UNIQUE INDEX disposal_months_live ON disposal_months(month) WHERE deleted_at IS NULL;

CREATE TABLE indicator_targets_v17_copy AS SELECT * FROM indicator_targets;
DROP TABLE indicator_targets;
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
                   'resourceUtilizationRate', 'safeDisposalRate',
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
INSERT INTO indicator_targets (id, category, seq, name, baseline_text, target_text, binding, kpi_key, remarks, version,
                               created_at, created_by, updated_at, updated_by, deleted_at, deleted_by)
SELECT id, category, seq, name, baseline_text, target_text, binding, kpi_key, remarks, version,
       created_at, created_by, updated_at, updated_by, deleted_at, deleted_by
  FROM indicator_targets_v17_copy;
DROP TABLE indicator_targets_v17_copy;
CREATE UNIQUE INDEX indicator_targets_name_live ON indicator_targets(name) WHERE deleted_at IS NULL;
`;
