/**
 * Hostile inputs for every method of the contract, generated from the method's own input schema (its JSON
 * Schema form, `z.toJSONSchema`), so methods added later are fuzzed without touching this file. A seeded
 * generator: the same seed gives the same inputs, so a failure reproduces (the test prints the seed and the
 * input's number).
 *
 * Half the inputs are shaped like valid ones, filled with hostile content (SQL and HTML fragments, full-width
 * and zero-width text, invalid dates and months, ids that do not exist) so that they reach the handlers; the
 * others break the shape (wrong types, missing and extra fields, huge strings, NaN and Infinity, deep
 * nesting, bodies that are not objects or not JSON at all).
 */
import { seededRandom } from '../../db/demo/demo';

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
};

/** JSON text spliced into the body as it is: numbers JSON.stringify cannot write (1e309 → Infinity), deep nesting. */
class RawJson {
  constructor(readonly text: string) {}
}

export interface FuzzInput {
  method: string;
  /** What the generator meant: `valid-shape` or the mutation applied. */
  kind: string;
  body: string;
}

export const HOSTILE_STRINGS = [
  "'; DROP TABLE toilets; --",
  '" OR 1=1 --',
  "1' UNION SELECT hash FROM audit_log --",
  '%',
  '_',
  '\\',
  '%%_\\%',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  '=cmd|\' /C calc\'!A0',
  '=HYPERLINK("http://example.invalid","点")',
  '@SUM(A1:A9)',
  '+86 138 0000 0000',
  'ＧＣ－００１',
  '１２３４５',
  '新华路街道',
  '人民公园公厕',
  'GC-001',
  'GC-002',
  '公\u200b厕',
  '\u200b\u200c\u200d\ufeff',
  '\u202e\u202dRTL',
  '　　全角空格　　',
  '😀🚽',
  '\ud800',
  '\u0000',
  'a\u0000b',
  '\u0007\u001b[31m',
  '\r\n\t',
  '',
  ' ',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-Infinity',
  '-1',
  '0',
  '1e309',
  '9007199254740993',
  '0x10',
  '2025-02-30',
  '2025-13-01',
  '0000-00-00',
  '９９９９-99-99',
  '2025-10-15',
  '2024-02-29',
  '2025-10-15T25:61:00Z',
  '2025-00',
  '2025-13',
  '2025-1',
  '2025年10月',
  '2025-10',
  '2025-09',
  '../../etc/passwd',
  '..\\..\\sanidesk.db',
  'C:\\Windows\\win.ini',
  'CON',
  '/dev/zero',
  '__proto__',
  'constructor',
  'admin',
  'luru',
  'demo1234',
  '一类',
  'standalone',
  'toilets',
  '{"a":1}',
  '[1,2]',
  'x'.repeat(300),
  '字'.repeat(2001),
];

export const HOSTILE_NUMBERS = [0, -0, -1, 1, 2, 3, 5, 7, 10, 150, 151, 999_999, 2 ** 31, 2 ** 31 - 1, 2 ** 53 - 1, 2 ** 53 + 2, -(2 ** 53), 1e308, -1e308, 1.5, 0.1 + 0.2, 1e-7, 100, 1000];

/** Keys that names of fields, filters and options often take, and keys that poison careless code. */
export const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', ' ', 'id', 'version', 'a'.repeat(64), 'a'.repeat(65), '0', '999', '1e3'];

const SPECIAL_NUMBERS = ['1e309', '-1e309', '1e-400', '-0', '123456789012345678901234567890', '0.0000000000000000000001'];

export class Generator {
  private readonly rand: () => number;

  /** Record keys for the method being generated: its own ledger's fields when it has one. */
  private knownKeys: string[];

  constructor(
    seed: number,
    /** Field keys of every ledger, for record keys (a patch, a pasted row's values). */
    private readonly allKeys: string[],
    /** Method prefix (`toilets`) → that ledger's field keys, so that patches name real fields and reach the rules. */
    private readonly keysByPrefix: Record<string, string[]> = {},
  ) {
    this.rand = seededRandom(seed);
    this.knownKeys = allKeys;
  }

  chance(p: number): boolean {
    return this.rand() < p;
  }

  int(n: number): number {
    return Math.floor(this.rand() * n);
  }

  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)];
  }

  /** A value of the schema's shape, its contents drawn from the hostile pools where the schema allows. */
  shaped(schema: JsonSchema, depth = 0): unknown {
    if (schema.const !== undefined) return schema.const;
    if (schema.enum) return this.pick(schema.enum);
    const options = schema.anyOf ?? schema.oneOf;
    if (options) return this.shaped(this.pick(options), depth);
    if (schema.allOf?.length) return this.shaped(schema.allOf[0], depth);
    const type = Array.isArray(schema.type) ? this.pick(schema.type) : schema.type;
    switch (type) {
      case 'object':
        return this.object(schema, depth);
      case 'array': {
        const min = schema.minItems ?? 0;
        const max = Math.min(schema.maxItems ?? 4, min + 3);
        const n = min + this.int(max - min + 1);
        if (schema.prefixItems) return schema.prefixItems.map((s) => this.shaped(s, depth + 1));
        return Array.from({ length: n }, () => this.shaped(schema.items ?? {}, depth + 1));
      }
      case 'string':
        return this.string(schema);
      case 'integer':
      case 'number':
        return this.number(schema, type === 'integer');
      case 'boolean':
        return this.chance(0.5);
      case 'null':
        return null;
      default:
        return this.anyValue(depth);
    }
  }

  private object(schema: JsonSchema, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const required = new Set(schema.required ?? []);
    for (const [key, sub] of Object.entries(schema.properties ?? {})) {
      if (required.has(key) || this.chance(0.5)) out[key] = this.shaped(sub, depth + 1);
    }
    if (!schema.properties && schema.additionalProperties && typeof schema.additionalProperties === 'object') {
      const n = this.int(4);
      for (let i = 0; i < n; i += 1) {
        const key = schema.propertyNames?.pattern ? this.matching(schema.propertyNames.pattern) ?? String(this.int(40)) : this.pick(this.knownKeys);
        out[key] = this.shaped(schema.additionalProperties, depth + 1);
      }
    }
    return out;
  }

  /** A string the schema accepts when one of the pools has it: patterns (dates, months, digits) first. */
  private string(schema: JsonSchema): string {
    if (schema.pattern) {
      const hit = this.matching(schema.pattern);
      if (hit != null && this.chance(0.85)) return hit;
    }
    const max = schema.maxLength ?? Infinity;
    const min = schema.minLength ?? 0;
    for (let attempt = 0; attempt < 8; attempt += 1) {
      const s = this.pick(HOSTILE_STRINGS);
      if (s.length >= min && s.length <= max) return s;
    }
    return 'x'.repeat(Math.max(min, Math.min(max, 1 + this.int(20))));
  }

  private matching(pattern: string): string | null {
    let re: RegExp;
    try {
      re = new RegExp(pattern, 'u'); // JSON Schema patterns are ECMA-262 with Unicode semantics
    } catch {
      return null; // a pattern this engine cannot compile: the pools' strings are then as good as any
    }
    const candidates = [
      ...HOSTILE_STRINGS,
      ...Array.from({ length: 6 }, () => String(this.int(1000))),
      `20${10 + this.int(20)}-${String(1 + this.int(12)).padStart(2, '0')}`,
      `20${10 + this.int(20)}-${String(1 + this.int(12)).padStart(2, '0')}-${String(1 + this.int(31)).padStart(2, '0')}`,
      `${String(this.int(24)).padStart(2, '0')}:${String(this.int(60)).padStart(2, '0')}`,
    ].filter((s) => re.test(s));
    return candidates.length ? this.pick(candidates) : null;
  }

  private number(schema: JsonSchema, integer: boolean): number {
    const low = schema.minimum ?? (schema.exclusiveMinimum != null ? schema.exclusiveMinimum + (integer ? 1 : 1e-9) : -Infinity);
    const high = schema.maximum ?? (schema.exclusiveMaximum != null ? schema.exclusiveMaximum - (integer ? 1 : 1e-9) : Infinity);
    const fits = HOSTILE_NUMBERS.filter((n) => n >= low && n <= high && (!integer || Number.isInteger(n)));
    // Small ids are the rows that exist; the rest probe edges and rows that do not.
    if (fits.length && this.chance(0.9)) return this.chance(0.6) ? (fits.find((n) => n >= 1 && n <= 10 && this.chance(0.4)) ?? this.pick(fits)) : this.pick(fits);
    const a = Number.isFinite(low) ? low : -1000;
    const b = Number.isFinite(high) ? Math.min(high, a + 1_000_000) : a + 2000;
    const n = a + this.rand() * (b - a);
    return integer ? Math.round(n) : n;
  }

  anyValue(depth = 0): unknown {
    switch (this.int(depth > 3 ? 4 : 6)) {
      case 0:
        return this.pick(HOSTILE_STRINGS);
      case 1:
        return this.pick(HOSTILE_NUMBERS);
      case 2:
        return this.chance(0.5);
      case 3:
        return null;
      case 4:
        return [this.anyValue(depth + 1), this.anyValue(depth + 1)];
      default:
        return { [this.pick(HOSTILE_KEYS)]: this.anyValue(depth + 1) };
    }
  }

  /** A value of another JSON type than `value`. */
  private wrongType(value: unknown): unknown {
    const choices: unknown[] = ['文字', 12, true, null, [], {}, [1, '2'], { nested: { deeper: [] } }, new RawJson(this.pick(SPECIAL_NUMBERS)), 'NaN'];
    const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
    const other = choices.filter((c) => c instanceof RawJson || kind(c) !== kind(value));
    return this.pick(other);
  }

  private hugeString(): RawJson | string {
    // Mostly 1–3 MB; now and then 20 MB (within the host's 32 MB body limit) of one character or a pattern.
    const size = this.chance(0.1) ? 20 * 1024 * 1024 : (1 + this.int(3)) * 1024 * 1024;
    const unit = this.pick(['A', '字', '\u200b', "'; --", '<b>']);
    return unit.repeat(Math.ceil(size / unit.length));
  }

  private deep(): RawJson {
    const depth = this.pick([100, 1000, 10_000, 100_000]);
    const open = this.chance(0.5) ? '[' : '{"a":';
    const close = open === '[' ? ']' : '}';
    return new RawJson(`${open.repeat(depth)}1${close.repeat(depth)}`);
  }

  /** Paths into a value (object keys and array indexes), the root included as []. */
  private paths(value: unknown, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
    out.push(prefix);
    if (prefix.length > 6) return out;
    if (Array.isArray(value)) value.forEach((v, i) => this.paths(v, [...prefix, i], out));
    else if (value && typeof value === 'object' && !(value instanceof RawJson)) {
      for (const [k, v] of Object.entries(value)) this.paths(v, [...prefix, k], out);
    }
    return out;
  }

  private setAt(root: unknown, path: Array<string | number>, next: unknown): unknown {
    if (!path.length) return next;
    const [head, ...rest] = path;
    const copy = (Array.isArray(root) ? [...(root as unknown[])] : { ...(root as Record<string, unknown>) }) as Record<string | number, unknown>;
    // defineProperty: a key named __proto__ must become an own field of the JSON, not the copy's prototype.
    Object.defineProperty(copy, head, { value: this.setAt(copy[head], rest, next), enumerable: true, writable: true, configurable: true });
    return copy;
  }

  private removeAt(root: unknown, path: Array<string | number>): unknown {
    if (!path.length) return root;
    if (path.length === 1) {
      if (Array.isArray(root)) return root.filter((_, i) => i !== path[0]);
      const { [path[0]]: _dropped, ...rest } = root as Record<string, unknown>;
      return rest;
    }
    const [head, ...rest] = path;
    const copy = (Array.isArray(root) ? [...(root as unknown[])] : { ...(root as Record<string, unknown>) }) as Record<string | number, unknown>;
    copy[head] = this.removeAt(copy[head], rest);
    return copy;
  }

  /** One input for the method: shaped like a valid one, or broken in one to three ways. */
  input(method: string, schema: JsonSchema): FuzzInput {
    const own = this.keysByPrefix[method.split('.')[0]];
    this.knownKeys = own && this.chance(0.8) ? own : this.allKeys;
    const base = this.shaped(schema);
    if (this.chance(0.45)) return { method, kind: 'valid-shape', body: toJsonText(base) };
    const whole = this.int(20);
    if (whole === 0) {
      const body = this.pick(['', 'null', '[]', '"x"', '12', 'true', '{', '{"a":}', '[1,2', '\u0000', '{"__proto__":{"admin":true}}', 'NaN', '1e309', '{}'.repeat(3)]);
      return { method, kind: 'not-an-object', body };
    }
    let value: unknown = base;
    const kinds: string[] = [];
    const steps = 1 + this.int(3);
    for (let s = 0; s < steps; s += 1) {
      const paths = this.paths(value);
      const path = this.pick(paths);
      switch (this.int(8)) {
        case 0:
          // The root cannot be removed: an empty path breaks nothing.
          if (path.length) {
            value = this.removeAt(value, path);
            kinds.push('missing');
          }
          break;
        case 1: {
          const objects = paths.filter((p) => {
            const v = p.reduce<unknown>((node, k) => (node as Record<string | number, unknown>)?.[k], value);
            return v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof RawJson);
          });
          if (objects.length) {
            const at = this.pick(objects);
            value = this.setAt(value, [...at, this.chance(0.5) ? this.pick(HOSTILE_KEYS) : this.pick(this.knownKeys)], this.anyValue());
            kinds.push('extra');
          }
          break;
        }
        case 2:
          value = this.setAt(value, path, this.wrongType(path.reduce<unknown>((node, k) => (node as Record<string | number, unknown>)?.[k], value)));
          kinds.push('wrong-type');
          break;
        case 3:
          if (this.chance(0.15)) {
            value = this.setAt(value, path, this.hugeString());
            kinds.push('huge-string');
          } else {
            value = this.setAt(value, path, this.pick(HOSTILE_STRINGS));
            kinds.push('hostile-string');
          }
          break;
        case 4:
          value = this.setAt(value, path, this.chance(0.5) ? new RawJson(this.pick(SPECIAL_NUMBERS)) : this.pick(['NaN', 'Infinity', '-1', -1, 0, 2 ** 53 + 2, 1.5, -1e308]));
          kinds.push('bad-number');
          break;
        case 5:
          if (this.chance(0.2)) {
            value = this.setAt(value, path, this.deep());
            kinds.push('deep-nesting');
          } else {
            value = this.setAt(value, path, this.pick([999_999, 2 ** 53 - 1, 0, -5]));
            kinds.push('missing-id');
          }
          break;
        case 6:
          value = this.setAt(value, path, this.pick(['2025-02-30', '2025-13', '2025-00', '0000-00-00', '99999-01', '2025-1-1', '２０２５-１０', '2025-10-15T00:00:00Z']));
          kinds.push('bad-date');
          break;
        default:
          value = this.setAt(value, path, this.anyValue());
          kinds.push('any');
      }
    }
    return { method, kind: kinds.join('+') || 'valid-shape', body: toJsonText(value) };
  }
}

/** JSON text with RawJson parts spliced in as they are. */
export function toJsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof RawJson) {
      raws.push(v.text);
      return `\u0001raw${raws.length - 1}\u0001`;
    }
    return v;
  });
  if (text === undefined) return '';
  if (!raws.length) return text;
  return text.replace(/"\\u0001raw(\d+)\\u0001"/g, (_m, i: string) => raws[Number(i)]);
}
