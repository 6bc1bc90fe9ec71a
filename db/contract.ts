/**
 * The machinery behind db/api.ts: how a method is declared, and the four steps every host runs for a call:
 * find the method, check the caller's role, validate the input against the method's schema, run the handler.
 * Hosts authenticate the caller (IPC sender, HTTP token or session, CLI user) before calling `callApi`.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { CallerCtx, Ctx } from './context';
import { ApiError, type ApiErrorBody, type ErrorCode, type FieldErrors } from './errors';
import { roleAllows, requiredRoleLabel, type LoginRole, type RequiredRole } from './users/roles';

export interface MethodDef<S extends z.ZodType = z.ZodType, O = unknown> {
  summary: string;
  /** The least role that may call the method; `public` methods are the only ones callable without a login. */
  role: RequiredRole;
  input: S;
  /** One line for docs/API.md: what `data` holds on success. */
  output: string;
  /** Error codes the handler itself may return, besides the ones every call may get. */
  errors: ErrorCode[];
  /** Writes something (the fuzz and contract tests check that refused writes leave no trace). */
  writes: boolean;
  handler: (ctx: Ctx, input: z.output<S>) => Promise<O>;
}

/** A method for logged-in callers: its handler always gets a user (`ctx.user`). */
export function method<S extends z.ZodType, O>(def: MethodDef<S, O> & { role: LoginRole }): MethodDef<S, O> {
  return def;
}

/**
 * A method callable without a login (`role: 'public'`): its handler gets the caller as `User | null`.
 * Only what leads to a login belongs here (auth.status, auth.login, auth.setup).
 */
export function publicMethod<S extends z.ZodType, O>(
  def: Omit<MethodDef<S, O>, 'role' | 'handler'> & { handler: (ctx: CallerCtx, input: z.output<S>) => Promise<O> },
): MethodDef<S, O> {
  // A handler that accepts a CallerCtx accepts every Ctx; callApi hands it the CallerCtx as it is.
  return { ...def, role: 'public', handler: def.handler };
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiErrorBody };

/**
 * JSON text built elsewhere (by SQLite's json functions, for large lists) that hosts splice into the result
 * as it is, instead of parsing and re-serialising it. Typed as the value it encodes.
 */
export class RawJson<T = unknown> {
  declare readonly __type?: T;
  constructor(readonly text: string) {}
}

/** Serialises a result for the HTTP host and the CLI, splicing RawJson parts in without re-encoding them. */
export function serializeResult(result: ApiResult<unknown>, space?: number): string {
  const raws: string[] = [];
  // A fresh nonce per call: no string in the data can impersonate a splice mark.
  const nonce = randomBytes(8).toString('hex');
  const text = JSON.stringify(
    result,
    (_key, value: unknown) => {
      if (value instanceof RawJson) {
        raws.push(value.text);
        return `raw-${nonce}-${raws.length - 1}`;
      }
      return value;
    },
    space,
  );
  if (!raws.length) return text;
  return text.replace(new RegExp(`"raw-${nonce}-(\\d+)"`, 'g'), (_m, i: string) => raws[Number(i)]);
}

/** The same result as plain values (for IPC's structured clone, which cannot carry raw JSON text). */
export function materializeResult<T>(result: ApiResult<T>): ApiResult<T> {
  return JSON.parse(serializeResult(result)) as ApiResult<T>;
}

const TYPE_NAMES: Record<string, string> = {
  number: '数字',
  int: '整数',
  string: '文字',
  boolean: '是/否',
  object: '对象',
  array: '列表',
  null: '空值',
};

/** "至少 3 个字" / "最多 50 项" / "不能小于 0": the bound in the words of what was measured. */
function boundMessage(origin: string, side: 'min' | 'max', bound: unknown): string {
  const n = String(bound);
  if (origin === 'string') return side === 'min' ? `至少 ${n} 个字` : `最多 ${n} 个字`;
  if (origin === 'array') return side === 'min' ? `至少 ${n} 项` : `最多 ${n} 项`;
  return side === 'min' ? `不能小于 ${n}` : `不能大于 ${n}`;
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let node = input;
  for (const key of path) {
    if (node == null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/** Zod issues → Chinese messages per field path (`patch.class`, `id`, …). */
export function schemaErrors(issues: z.core.$ZodIssue[], input: unknown): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of issues) {
    const path = issue.path.map(String).join('.');
    const at = (key: string, message: string) => {
      if (!fields[key]) fields[key] = message;
    };
    switch (issue.code) {
      case 'invalid_type': {
        const missing = valueAt(input, issue.path) === undefined;
        at(path || '(输入)', missing ? '必填' : `应为${TYPE_NAMES[issue.expected] ?? issue.expected}`);
        break;
      }
      case 'unrecognized_keys':
        for (const key of issue.keys) at(path ? `${path}.${key}` : key, '不认识的字段,请删除');
        break;
      case 'too_small':
        at(path, boundMessage(issue.origin, 'min', issue.minimum));
        break;
      case 'too_big':
        at(path, boundMessage(issue.origin, 'max', issue.maximum));
        break;
      case 'invalid_value':
        at(path, `只能是 ${issue.values.map(String).join('、')} 之一`);
        break;
      case 'invalid_format':
        // A schema's own Chinese message ("应为日期,如 2025-10-15") says more than the generic one.
        at(path, /[\u4e00-\u9fff]/.test(issue.message) ? issue.message : '格式不正确');
        break;
      default:
        at(path || '(输入)', '格式不正确');
    }
  }
  return fields;
}

export type MethodTable = Record<string, MethodDef<z.ZodType, unknown>>;

function logInternal(methodName: string, err: unknown) {
  // The UI gets no stack trace; the operator's console keeps it for the bug report.
  console.error(`[sanidesk] internal error in ${methodName}:`, err);
}

export const UNAUTHENTICATED_MESSAGE = '请先登录:此操作需要登录后才能使用,请用您的用户名和密码登录。';

/**
 * Runs one call through the contract. Never throws: every outcome is an ApiResult.
 * The host passes the caller it authenticated (`ctx.user`, null when nobody is logged in): every method but the
 * `public` ones refuses a call without a user (`unauthenticated`), and one whose role the user lacks (`forbidden`).
 */
export async function callApi(table: MethodTable, ctx: CallerCtx, methodName: string, rawInput: unknown): Promise<ApiResult<unknown>> {
  const def = Object.prototype.hasOwnProperty.call(table, methodName) ? table[methodName] : undefined;
  if (!def) {
    return { ok: false, error: { code: 'unknown_method', message: `没有名为“${String(methodName).slice(0, 100)}”的接口方法` } };
  }
  if (def.role !== 'public') {
    if (!ctx.user) return { ok: false, error: { code: 'unauthenticated', message: UNAUTHENTICATED_MESSAGE } };
    if (!roleAllows(ctx.user.role, def.role)) {
      return {
        ok: false,
        error: {
          code: 'forbidden',
          message: `当前用户(${ctx.user.name})没有权限执行此操作,需要${requiredRoleLabel(def.role)}角色。请由${requiredRoleLabel(def.role)}登录后办理,或请系统管理员调整您的角色。`,
        },
      };
    }
  }
  const parsed = def.input.safeParse(rawInput === undefined ? {} : rawInput);
  if (!parsed.success) {
    const fields = schemaErrors(parsed.error.issues, rawInput);
    const list = Object.entries(fields)
      .slice(0, 8)
      .map(([k, m]) => `${k}:${m}`)
      .join(';');
    return { ok: false, error: { code: 'invalid_input', message: `请求参数有误:${list}`, fields } };
  }
  try {
    // A non-public method reaches here only with a user; a public handler is typed for a missing one.
    return { ok: true, data: await def.handler(ctx as Ctx, parsed.data) };
  } catch (err) {
    if (err instanceof ApiError) return { ok: false, error: err.toBody() };
    logInternal(methodName, err);
    return { ok: false, error: { code: 'internal', message: '程序内部错误,操作没有完成。请重试;如果问题持续,请把当时的操作告诉系统管理员。' } };
  }
}
