/**
 * Contractors (作业单位) and their credit records (信用记录), db/contractors, DOMAIN §2.3.
 * The CHECKs repeat db/contractors/rules.ts as a last line of defence.
 */
export const sql = `
CREATE TABLE contractors (
  id                    INTEGER PRIMARY KEY,
  name                  TEXT NOT NULL CHECK (length(name) > 0),
  short_name            TEXT,
  aliases               TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(aliases) AND json_type(aliases) = 'array'),
  uscc                  TEXT NOT NULL CHECK (
                          length(uscc) = 18
                          AND uscc NOT GLOB '*[^0-9A-HJ-NPQRTUWXY]*'
                          AND substr(uscc, 3, 6) NOT GLOB '*[^0-9]*'
                        ),
  uscc_override_reason  TEXT,
  legal_representative  TEXT,
  address               TEXT,
  contact_person        TEXT NOT NULL,
  contact_phone         TEXT NOT NULL,
  business_scope        TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(business_scope) AND json_type(business_scope) = 'array'),
  status                TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'blacklisted')),
  remarks               TEXT,
  version               INTEGER NOT NULL DEFAULT 1,
  created_at            TEXT NOT NULL,
  created_by            INTEGER NOT NULL REFERENCES users(id),
  updated_at            TEXT NOT NULL,
  updated_by            INTEGER NOT NULL REFERENCES users(id),
  deleted_at            TEXT,
  deleted_by            INTEGER REFERENCES users(id)
);
CREATE UNIQUE INDEX contractors_name_live ON contractors(name) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX contractors_uscc_live ON contractors(uscc) WHERE deleted_at IS NULL;

CREATE TABLE credit_records (
  id             INTEGER PRIMARY KEY,
  record_no      TEXT NOT NULL,
  contractor_id  INTEGER NOT NULL REFERENCES contractors(id),
  date           TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  kind           TEXT NOT NULL CHECK (kind IN ('praise', 'bulletinCriticism', 'mediaExposure', 'summoned', 'moneyDeduction', 'cardSuspension', 'contractTermination')),
  level          TEXT NOT NULL CHECK (level IN ('district', 'city', 'province')),
  source_doc     TEXT,
  amount_fen     INTEGER CHECK (amount_fen >= 0),
  description    TEXT,
  version        INTEGER NOT NULL DEFAULT 1,
  created_at     TEXT NOT NULL,
  created_by     INTEGER NOT NULL REFERENCES users(id),
  updated_at     TEXT NOT NULL,
  updated_by     INTEGER NOT NULL REFERENCES users(id),
  deleted_at     TEXT,
  deleted_by     INTEGER REFERENCES users(id),
  CHECK (kind <> 'moneyDeduction' OR amount_fen > 0)
);
CREATE UNIQUE INDEX credit_records_no_live ON credit_records(record_no) WHERE deleted_at IS NULL;
CREATE INDEX credit_records_contractor ON credit_records(contractor_id, date);
`;
