/** Toilets gain the contractor that manages them and the bid section that cleans them (DOMAIN §2.7). */
export const sql = `
ALTER TABLE toilets ADD COLUMN manager_contractor_id INTEGER REFERENCES contractors(id);
ALTER TABLE toilets ADD COLUMN bid_section_id INTEGER REFERENCES bid_sections(id);
CREATE INDEX toilets_manager_contractor ON toilets(manager_contractor_id);
CREATE INDEX toilets_bid_section ON toilets(bid_section_id);
`;
