/**
 * The numbered, append-only list of schema steps. `PRAGMA user_version` holds the number of the last step
 * applied. Never edit or reorder a step that has shipped: add a new one.
 */
import { sql as core } from './001_core';
import { sql as geo } from './002_geo';
import { sql as toilets } from './003_toilets';
import { sql as geoLedgers } from './004_geo_ledgers';
import { sql as estates } from './005_estates';
import { sql as tonnage } from './006_tonnage';
import { sql as contractors } from './007_contractors';
import { sql as contracts } from './008_contracts';
import { sql as toiletLinks } from './009_toilet_links';
import { sql as importTemplates } from './010_import_templates';
import { sql as auth } from './011_auth';
import { sql as assessment } from './012_assessment';
import { sql as ranking } from './013_ranking';
import { sql as bulletins } from './014_bulletins';
import { sql as settings } from './015_settings';
import { sql as indicators } from './016_indicators';
import { sql as disposal } from './017_disposal';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'core: meta, users, audit log', sql: core },
  { version: 2, name: 'geo: streets and communities', sql: geo },
  { version: 3, name: 'toilets: public toilet ledger', sql: toilets },
  { version: 4, name: 'geo ledgers: codes and names unique among live rows', sql: geoLedgers },
  { version: 5, name: 'estates: garbage-sorting estates and status decisions', sql: estates },
  { version: 6, name: 'tonnage: monthly four-category tonnage per estate', sql: tonnage },
  { version: 7, name: 'contractors: contractor ledger and credit records', sql: contractors },
  { version: 8, name: 'contracts: contracts, consortium members, bid sections and their streets', sql: contracts },
  { version: 9, name: 'toilet links: managing contractor and cleaning bid section', sql: toiletLinks },
  { version: 10, name: 'import templates: saved column mappings per ledger', sql: importTemplates },
  { version: 11, name: 'auth: passwords and login', sql: auth },
  { version: 12, name: 'assessment: schemes, inspections, findings, rectification, month lock, corrections, monthly results', sql: assessment },
  { version: 13, name: 'ranking: runs and rows, external score tables', sql: ranking },
  { version: 14, name: 'bulletins: drafts, issued PDFs, correction bulletins', sql: bulletins },
  { version: 15, name: 'settings: workspace settings', sql: settings },
  { version: 16, name: 'indicators: the plan\'s key indicator table (targets)', sql: indicators },
  { version: 17, name: 'disposal: monthly collection and disposal report; the indicator link gains resource use and safe disposal', sql: disposal },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
