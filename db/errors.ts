/**
 * The one error type services throw on purpose. Hosts turn it into `{ ok: false, error }`; anything else
 * thrown is a bug and becomes `code: 'internal'` with no stack trace.
 */
export type ErrorCode =
  | 'unknown_method' // no such method in the contract
  | 'unauthenticated' // no token or session
  | 'forbidden' // the caller's role may not call the method
  | 'invalid_input' // the input does not match the method's schema
  | 'validation' // the input is well-formed but breaks a business rule
  | 'not_found' // the row does not exist (or was deleted)
  | 'conflict' // the row changed since the caller read it
  | 'workspace' // the workspace cannot be opened or used
  | 'internal'; // a bug

/** Field name → Chinese message saying what to fix. */
export type FieldErrors = Record<string, string>;

/** One refused row of an import (by its original sheet row) or of a pasted block (by its grid row). */
export interface RowError {
  row: number;
  /** The column as the clerk sees it: the sheet's header or the grid's column label. */
  column?: string;
  /** The field key, so a grid can mark the cell. */
  field?: string;
  message: string;
}

export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
  fields?: FieldErrors;
  rows?: RowError[];
}

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldErrors,
    readonly rows?: RowError[],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): ApiErrorBody {
    const body: ApiErrorBody = { code: this.code, message: this.message };
    if (this.fields && Object.keys(this.fields).length) body.fields = this.fields;
    if (this.rows?.length) body.rows = this.rows;
    return body;
  }
}

/** A business-rule failure on named fields; the message lists them so a CLI user sees everything. */
export function validationError(fields: FieldErrors, labels: Record<string, string> = {}): ApiError {
  // A nested key (findings.3.pointsEach) has no label a clerk would know; its message names the line itself.
  const parts = Object.entries(fields).map(([field, msg]) => (labels[field] || !field.includes('.') ? `${labels[field] ?? field}:${msg}` : msg));
  return new ApiError('validation', `保存失败,请修改后重试。${parts.join(';')}`, fields);
}
