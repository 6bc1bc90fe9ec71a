/**
 * Sanitation contracts (合同) and their bid sections (标段), db/contracts, DOMAIN §2.4.
 *
 * Consortium members and the streets a section covers are written by the ledgers as lists of names (what a
 * clerk reads, pastes and exports); triggers keep the id tables `contract_contractors` and
 * `bid_section_streets` in step with those lists, and follow a contractor's or a street's rename into them,
 * so that queries join on ids while the grid and the audit log read names. The CHECKs repeat
 * db/contracts/rules.ts as a last line of defence.
 */
export const sql = `
CREATE TABLE contracts (
  id                   INTEGER PRIMARY KEY,
  contract_no          TEXT NOT NULL CHECK (length(contract_no) > 0),
  project_name         TEXT NOT NULL,
  purchaser            TEXT NOT NULL,
  lead_contractor_id   INTEGER NOT NULL REFERENCES contractors(id),
  consortium_members   TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(consortium_members) AND json_type(consortium_members) = 'array'),
  procurement_method   TEXT NOT NULL CHECK (procurement_method IN ('openTender', 'competitiveConsultation', 'competitiveNegotiation', 'singleSource', 'inquiry', 'franchise')),
  award_date           TEXT NOT NULL CHECK (award_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  sign_date            TEXT NOT NULL CHECK (sign_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  start_date           TEXT NOT NULL CHECK (start_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  end_date             TEXT NOT NULL CHECK (end_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  annual_amount_fen    INTEGER NOT NULL CHECK (annual_amount_fen > 0),
  total_amount_fen     INTEGER NOT NULL CHECK (total_amount_fen > 0),
  payment_cycle        TEXT NOT NULL CHECK (payment_cycle IN ('monthly', 'quarterly')),
  monthly_fee_fen      INTEGER CHECK (monthly_fee_fen >= 0),
  performance_bond_fen INTEGER CHECK (performance_bond_fen >= 0),
  status               TEXT NOT NULL CHECK (status IN ('draft', 'active', 'expired', 'terminated', 'renewed')),
  remarks              TEXT,
  version              INTEGER NOT NULL DEFAULT 1,
  created_at           TEXT NOT NULL,
  created_by           INTEGER NOT NULL REFERENCES users(id),
  updated_at           TEXT NOT NULL,
  updated_by           INTEGER NOT NULL REFERENCES users(id),
  deleted_at           TEXT,
  deleted_by           INTEGER REFERENCES users(id),
  CHECK (sign_date >= award_date),
  CHECK (end_date > start_date)
);
CREATE UNIQUE INDEX contracts_no_live ON contracts(contract_no) WHERE deleted_at IS NULL;
CREATE INDEX contracts_lead ON contracts(lead_contractor_id);

-- Every contractor of a contract by id: the lead and the consortium members.
CREATE TABLE contract_contractors (
  contract_id   INTEGER NOT NULL REFERENCES contracts(id),
  contractor_id INTEGER NOT NULL REFERENCES contractors(id),
  role          TEXT NOT NULL CHECK (role IN ('lead', 'member')),
  PRIMARY KEY (contract_id, contractor_id)
) WITHOUT ROWID;
CREATE INDEX contract_contractors_contractor ON contract_contractors(contractor_id, contract_id);

CREATE TRIGGER contracts_members_insert AFTER INSERT ON contracts
BEGIN
  INSERT INTO contract_contractors (contract_id, contractor_id, role) VALUES (NEW.id, NEW.lead_contractor_id, 'lead');
  INSERT OR IGNORE INTO contract_contractors (contract_id, contractor_id, role)
    SELECT NEW.id, c.id, 'member' FROM json_each(NEW.consortium_members) j
      JOIN contractors c ON c.name = j.value AND c.deleted_at IS NULL;
END;
CREATE TRIGGER contracts_members_update AFTER UPDATE OF lead_contractor_id, consortium_members ON contracts
BEGIN
  DELETE FROM contract_contractors WHERE contract_id = NEW.id;
  INSERT INTO contract_contractors (contract_id, contractor_id, role) VALUES (NEW.id, NEW.lead_contractor_id, 'lead');
  INSERT OR IGNORE INTO contract_contractors (contract_id, contractor_id, role)
    SELECT NEW.id, c.id, 'member' FROM json_each(NEW.consortium_members) j
      JOIN contractors c ON c.name = j.value AND c.deleted_at IS NULL;
END;
-- A renamed contractor keeps its place in the member lists (the rename itself is in the audit log).
CREATE TRIGGER contractors_rename_in_contracts AFTER UPDATE OF name ON contractors
BEGIN
  UPDATE contracts
     SET consortium_members = (SELECT json_group_array(CASE WHEN j.value = OLD.name THEN NEW.name ELSE j.value END)
                                 FROM json_each(contracts.consortium_members) j)
   WHERE id IN (SELECT contract_id FROM contract_contractors WHERE contractor_id = NEW.id AND role = 'member');
END;

CREATE TABLE bid_sections (
  id                 INTEGER PRIMARY KEY,
  contract_id        INTEGER NOT NULL REFERENCES contracts(id),
  section_no         TEXT NOT NULL CHECK (length(section_no) > 0),
  name               TEXT NOT NULL,
  street_names       TEXT NOT NULL CHECK (json_valid(street_names) AND json_array_length(street_names) >= 1),
  scope_types        TEXT NOT NULL CHECK (json_valid(scope_types) AND json_array_length(scope_types) >= 1),
  cleaning_area_m2   REAL CHECK (cleaning_area_m2 >= 0),
  road_length_km     REAL CHECK (road_length_km >= 0),
  road_count         INTEGER CHECK (road_count >= 0),
  unit_price         REAL CHECK (unit_price >= 0),
  workers            INTEGER NOT NULL CHECK (workers >= 0),
  sweepers           INTEGER NOT NULL DEFAULT 0 CHECK (sweepers >= 0),
  washers            INTEGER NOT NULL DEFAULT 0 CHECK (washers >= 0),
  compactors         INTEGER NOT NULL DEFAULT 0 CHECK (compactors >= 0),
  hook_lifts         INTEGER NOT NULL DEFAULT 0 CHECK (hook_lifts >= 0),
  electric_units     INTEGER NOT NULL DEFAULT 0 CHECK (electric_units >= 0),
  mechanized_area_m2 REAL CHECK (mechanized_area_m2 >= 0),
  sweep_freq_trunk   INTEGER CHECK (sweep_freq_trunk >= 0),
  sweep_freq_other   INTEGER CHECK (sweep_freq_other >= 0),
  patrol_hours       INTEGER CHECK (patrol_hours BETWEEN 0 AND 24),
  toilets_count      INTEGER CHECK (toilets_count >= 0),
  transfer_stations  INTEGER CHECK (transfer_stations >= 0),
  green_area_m2      REAL CHECK (green_area_m2 >= 0),
  trees              INTEGER CHECK (trees >= 0),
  annual_tonnage     REAL CHECK (annual_tonnage >= 0),
  remarks            TEXT,
  version            INTEGER NOT NULL DEFAULT 1,
  created_at         TEXT NOT NULL,
  created_by         INTEGER NOT NULL REFERENCES users(id),
  updated_at         TEXT NOT NULL,
  updated_by         INTEGER NOT NULL REFERENCES users(id),
  deleted_at         TEXT,
  deleted_by         INTEGER REFERENCES users(id),
  CHECK (mechanized_area_m2 IS NULL OR mechanized_area_m2 <= coalesce(cleaning_area_m2, 0))
);
-- Section numbers are unique within their contract (一标段 and 第1标段 being one number is db/contracts/rules.ts's).
CREATE UNIQUE INDEX bid_sections_no_live ON bid_sections(contract_id, section_no) WHERE deleted_at IS NULL;

-- The streets a section covers, by id.
CREATE TABLE bid_section_streets (
  section_id INTEGER NOT NULL REFERENCES bid_sections(id),
  street_id  INTEGER NOT NULL REFERENCES streets(id),
  PRIMARY KEY (section_id, street_id)
) WITHOUT ROWID;
CREATE INDEX bid_section_streets_street ON bid_section_streets(street_id, section_id);

CREATE TRIGGER bid_sections_streets_insert AFTER INSERT ON bid_sections
BEGIN
  INSERT OR IGNORE INTO bid_section_streets (section_id, street_id)
    SELECT NEW.id, s.id FROM json_each(NEW.street_names) j JOIN streets s ON s.name = j.value AND s.deleted_at IS NULL;
END;
CREATE TRIGGER bid_sections_streets_update AFTER UPDATE OF street_names ON bid_sections
BEGIN
  DELETE FROM bid_section_streets WHERE section_id = NEW.id;
  INSERT OR IGNORE INTO bid_section_streets (section_id, street_id)
    SELECT NEW.id, s.id FROM json_each(NEW.street_names) j JOIN streets s ON s.name = j.value AND s.deleted_at IS NULL;
END;
CREATE TRIGGER streets_rename_in_sections AFTER UPDATE OF name ON streets
BEGIN
  UPDATE bid_sections
     SET street_names = (SELECT json_group_array(CASE WHEN j.value = OLD.name THEN NEW.name ELSE j.value END)
                           FROM json_each(bid_sections.street_names) j)
   WHERE id IN (SELECT section_id FROM bid_section_streets WHERE street_id = NEW.id);
END;
`;
