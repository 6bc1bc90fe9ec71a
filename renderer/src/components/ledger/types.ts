/**
 * What a ledger screen hands the generic grid: its field table, how to reach its API methods, and the
 * choices for its reference fields. Streets, estates, contractors and contracts plug in the same way.
 */
import type { ApiResult, FieldDef, HistoryEntry, Warning } from '../../../../db/api';

/** Columns every ledger row carries besides its fields (db/ledger.ts RowMeta). */
export interface LedgerRow {
  id: number;
  version: number;
  updatedAt: string;
  updatedBy: string | null;
  deletedAt: string | null;
}

export interface SavedRow<R> {
  row: R;
  warnings: Warning[];
}

export interface ExportedFile {
  fileName: string;
  mimeType: string;
  base64: string;
  rows: number;
}

/** A value the API accepts for a field (codes, ids, numbers, 是/否 as booleans, loose text). */
export type PatchValue = string | number | boolean | null | string[];
export type Patch = Record<string, PatchValue>;

/** One choice of a reference field; `parentId` links it to the field it is scoped by (community → street). */
export interface RefOption {
  value: number;
  label: string;
  parentId?: number;
}

export interface LedgerAdapter<R extends LedgerRow> {
  /** Key of the grid's remembered layout and of the export job. */
  gridName: string;
  /** 公厕 — used in titles and messages. */
  entityLabel: string;
  emptyTitle: string;
  emptyText: string;
  fields: FieldDef[];
  /** Choices per referenced ledger (FieldDef.ref → options). */
  refOptions: Record<string, RefOption[]>;
  /** Reference fields limited by another field of the row: `{ communityId: 'streetId' }`. */
  refScopes?: Record<string, string>;
  /** Values a new row starts with in the form. */
  newRowDefaults: Patch;
  /** How a row is named in messages and titles, e.g. `G0012 多伦路公厕`. */
  describeRow(row: R): string;
  list(): Promise<ApiResult<R[]>>;
  get(id: number): Promise<ApiResult<R>>;
  create(values: Patch): Promise<ApiResult<SavedRow<R>>>;
  update(id: number, version: number, patch: Patch): Promise<ApiResult<SavedRow<R>>>;
  remove(id: number, version: number | undefined, reason: string | undefined): Promise<ApiResult<R>>;
  restore(id: number): Promise<ApiResult<R>>;
  history(id: number): Promise<ApiResult<HistoryEntry[]>>;
  exportFile(format: 'xlsx' | 'csv'): Promise<ApiResult<ExportedFile>>;
}
