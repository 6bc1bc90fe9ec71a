/**
 * The numbered, append-only list of schema steps. `PRAGMA user_version` holds the number of the last step
 * applied. Never edit or reorder a step that has shipped: add a new one.
 */
import { sql as core } from './001_core';
import { sql as geo } from './002_geo';
import { sql as toilets } from './003_toilets';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'core: meta, users, audit log', sql: core },
  { version: 2, name: 'geo: streets and communities', sql: geo },
  { version: 3, name: 'toilets: public toilet ledger', sql: toilets },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
