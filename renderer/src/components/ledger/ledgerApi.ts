/**
 * Every ledger speaks the same generated methods (`<prefix>.fields/list/get/create/update/delete/restore/
 * history/batch/export`, db/ledger/methods.ts), so one function turns a prefix into the calls a ledger grid
 * needs. Only the method name is assembled at run time; inputs and outputs keep the contract's shapes.
 */
import type { ApiResult, FieldDef, HistoryEntry, MethodName } from '../../../../db/api';
import { call } from '../../api';
import type { LedgerAdapter, LedgerRow } from './types';

/** The prefixes of the ledgers in the contract: every method family that has a `.batch`. */
export type LedgerPrefix = { [M in MethodName]: M extends `${infer P}.batch` ? P : never }[MethodName];

export type LedgerCalls<R extends LedgerRow> = Pick<
  LedgerAdapter<R>,
  'list' | 'get' | 'create' | 'update' | 'remove' | 'restore' | 'history' | 'batch' | 'exportFile'
>;

/** One call whose method name is built from the prefix; the result is typed by the caller. */
function callAs<T>(prefix: LedgerPrefix, verb: string, input: unknown): Promise<ApiResult<T>> {
  return call(`${prefix}.${verb}` as MethodName, input as never) as Promise<ApiResult<T>>;
}

export function ledgerFields(prefix: LedgerPrefix): Promise<ApiResult<FieldDef[]>> {
  return callAs<FieldDef[]>(prefix, 'fields', {});
}

/** `filter` is sent with every list and export (e.g. the month of the tonnage sheet). */
export function ledgerCalls<R extends LedgerRow>(prefix: LedgerPrefix, filter: Record<string, unknown> = {}): LedgerCalls<R> {
  return {
    list: (slice) => callAs(prefix, 'list', slice ? { ...filter, ...slice } : filter),
    get: (id) => callAs(prefix, 'get', { id }),
    create: (values) => callAs(prefix, 'create', { values }),
    update: (id, version, patch) => callAs(prefix, 'update', { id, version, patch }),
    remove: (id, version, reason) => callAs(prefix, 'delete', { id, version, reason }),
    restore: (id) => callAs(prefix, 'restore', { id }),
    history: (id) => callAs<HistoryEntry[]>(prefix, 'history', { id }),
    batch: (input) => callAs(prefix, 'batch', input),
    exportFile: (format) => callAs(prefix, 'export', Object.keys(filter).length ? { format, filter } : { format }),
  };
}

