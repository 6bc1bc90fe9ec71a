/**
 * What a ledger screen hands the generic grid: its field table, how to reach its API methods, and the
 * choices for its reference fields. Streets, estates, contractors and contracts plug in the same way.
 */
import type { ReactNode } from 'react';
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

/** A pasted block, a fill down or a clear: rows changed in place and new rows past the end, saved all or nothing. */
export interface BatchInput {
  updates: Array<{ sourceRow: number; id: number; version: number; patch: Patch }>;
  creates: Array<{ sourceRow: number; values: Patch }>;
  /** Undo of a block: the rows it added, removed in the same batch. */
  deletes?: Array<{ sourceRow: number; id: number; version?: number; reason?: string }>;
  /** Redo of a block: those rows brought back in the same batch. */
  restores?: Array<{ sourceRow: number; id: number }>;
}

export interface BatchSaved<R> {
  rows: R[];
  created: number[];
  updated: number[];
  warnings: Array<Warning & { sourceRow: number }>;
  restored: number[];
  deleted: number[];
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

/**
 * A refusal that a written reason overrides (a credit code whose check character fails but matches the
 * business licence): the grid asks for the reason and sends the value again with it.
 */
export interface ReasonOverride {
  field: string;
  reasonField: string;
  /** Whether a refusal message of `field` is the one a reason overrides. */
  matches(message: string): boolean;
  title: string;
  explain: string;
  label: string;
  confirm: string;
  needed: string;
}

/** What a ledger's own toolbar action gets from the grid. */
export interface ToolbarExtraContext<R> {
  fields: FieldDef[];
  /** The row the clerk selected, or the row of the focused cell. */
  selected(): R | undefined;
  /** Reads a row again after a change made outside the grid (e.g. a status decision). */
  reloadRow(id: number): Promise<void>;
}

export interface LedgerAdapter<R extends LedgerRow> {
  /** Key of the grid's remembered layout and of the export job. */
  gridName: string;
  /** 公厕 — used in titles and messages. */
  entityLabel: string;
  /** 公厕台账 — the printed view's title. */
  title: string;
  /** The ledger's name for import and templates (`toilets`); without it the grid offers no 导入 or 模板. */
  importName?: string;
  emptyTitle: string;
  emptyText: string;
  fields: FieldDef[];
  /** Choices per referenced ledger (FieldDef.ref → options). */
  refOptions: Record<string, RefOption[]>;
  /** Reference fields limited by another field of the row: `{ communityId: 'streetId' }`. */
  refScopes?: Record<string, string>;
  /**
   * Fields set when a row is created and changed afterwards only by a dedicated action (an estate's status by a
   * decision): key → why, shown when a clerk tries. Read-only in the grid and in the drawer of an existing row.
   */
  lockedFields?: Record<string, string>;
  reasonOverride?: ReasonOverride;
  /** Values a new row starts with in the form. */
  newRowDefaults: Patch;
  /** How a row is named in messages and titles, e.g. `G0012 多伦路公厕`. */
  describeRow(row: R): string;
  /** The rows in the ledger's order; a slice when given (the grid paints the first rows, then loads the rest). */
  list(slice?: { offset: number; limit: number }): Promise<ApiResult<R[]>>;
  get(id: number): Promise<ApiResult<R>>;
  create(values: Patch): Promise<ApiResult<SavedRow<R>>>;
  update(id: number, version: number, patch: Patch): Promise<ApiResult<SavedRow<R>>>;
  remove(id: number, version: number | undefined, reason: string | undefined): Promise<ApiResult<R>>;
  restore(id: number): Promise<ApiResult<R>>;
  batch(input: BatchInput): Promise<ApiResult<BatchSaved<R>>>;
  history(id: number): Promise<ApiResult<HistoryEntry[]>>;
  exportFile(format: 'xlsx' | 'csv'): Promise<ApiResult<ExportedFile>>;
  /** A ledger's own action after the standard toolbar (生活小区: 状态变更). */
  toolbarExtra?(ctx: ToolbarExtraContext<R>): ReactNode;
  /** A ledger's own section in the row drawer, above the history (状态变更记录, 信用记录). */
  drawerExtra?(row: R, fields: FieldDef[]): ReactNode;
}
