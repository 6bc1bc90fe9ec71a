/**
 * Column headers as clerks write them (DOMAIN §5.3, §7 E5): the field's label, the label with its unit
 * (建筑面积(㎡)), the field's header aliases, loose variants (是否安装空调 for 空调, 男蹲位数量 for 男蹲位), and
 * two-level merged headers flattened to `parent:child` — where the child may name an option of the parent's
 * enum field (建筑形式:独立 is the 独立式 box of 建筑形式). A saved template maps its own header texts first.
 */
import type { FieldDef, FieldOption } from '../../fields';
import type { MoneyUnit } from '../../money';

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
/** Bracketed parts: units (㎡, 万元) and notes (驿站、垃圾站等). NFKC has already made （） into (). */
const BRACKETS = /[(\[【〔]([^)\]】〕]*)[)\]】〕]/g;
const LOOSE_PREFIXES = ['是否安装', '是否设置', '是否配备', '是否有', '是否', '有无', '所属'];
const LOOSE_SUFFIXES = ['数量', '个数', '名称', '数'];

/** NFKC, no blanks or zero-width characters, no required-field stars, lower case. */
export function compactText(text: string): string {
  if (/^[\x21-\x7e]*$/.test(text)) return text.replace(/^\*+|\*+$/g, '').toLowerCase();
  return text.normalize('NFKC').replace(ZERO_WIDTH, '').replace(/\s+/g, '').replace(/^[*※★]+|[*※★]+$/g, '').toLowerCase();
}

export interface HeaderParts {
  /** Without bracketed parts: 建筑面积(㎡) → 建筑面积. */
  name: string;
  /** The last bracketed part, e.g. m2 (NFKC of ㎡) or 万元; null without brackets. */
  unit: string | null;
}

export function headerParts(text: string): HeaderParts {
  const compact = compactText(text);
  let unit: string | null = null;
  const name = compact.replace(BRACKETS, (_, inner: string) => {
    unit = inner;
    return '';
  });
  return { name: name || compact, unit };
}

function looseName(name: string): string {
  let out = name;
  const prefix = LOOSE_PREFIXES.find((p) => out.startsWith(p) && out.length > p.length);
  if (prefix) out = out.slice(prefix.length);
  const suffix = LOOSE_SUFFIXES.find((s) => out.endsWith(s) && out.length > s.length + 1);
  if (suffix) out = out.slice(0, -suffix.length);
  return out;
}

/**
 * The option of an enum field a text names: its code, label or one of its aliases exactly, else the one label
 * that starts with the text or that the text starts with (独立 → 独立式). Null when none or more than one fit.
 */
export function optionNamed(field: FieldDef, text: string): FieldOption | null {
  const t = compactText(text);
  if (!t || !field.options) return null;
  const exact = field.options.find((o) => [o.label, String(o.value), ...(o.aliases ?? [])].some((name) => compactText(name) === t));
  if (exact) return exact;
  if (t.length < 2) return null;
  const near = field.options.filter((o) => {
    const label = compactText(o.label);
    return label.length >= 2 && (label.startsWith(t) || t.startsWith(label));
  });
  return near.length === 1 ? near[0] : null;
}

/** The lower part of a flattened two-level header (`建筑形式:独立` → 独立); a one-level header is its own. */
export function childPart(header: string): string {
  return header.slice(header.lastIndexOf(':') + 1);
}

/** What a header names: a field (with the option its box stands for), or a known column the import leaves out. */
export interface HeaderHit {
  /** Null: a column the ledger knows but does not import (derived values such as 合计 or 女男厕位比). */
  field: FieldDef | null;
  option?: FieldOption;
  /** The unit written in the header, if any. */
  unit: string | null;
}

const AMBIGUOUS = Symbol('ambiguous');
type Entry = FieldDef | null | typeof AMBIGUOUS;

/** A template's mapping key: the header text as written, compared without blanks and width differences. */
export function templateKey(header: string): string {
  return compactText(header);
}

/** Header names → fields for one ledger, plus a template's own header texts when one is applied. */
export class HeaderIndex {
  private readonly exact = new Map<string, Entry>();
  private readonly loose = new Map<string, Entry>();
  private readonly template = new Map<string, string | null>();
  private readonly byKey: Map<string, FieldDef>;

  constructor(readonly fields: FieldDef[], template?: Record<string, string | null>) {
    this.byKey = new Map(fields.map((f) => [f.key, f]));
    for (const field of fields) {
      const target = field.derived ? null : field;
      const names = [field.label, field.unit ? `${field.label}(${field.unit})` : '', ...(field.headerAliases ?? [])];
      for (const n of names) {
        if (!n) continue;
        const { name } = headerParts(n);
        this.add(this.exact, name, target);
        this.add(this.loose, looseName(name), target);
      }
    }
    for (const [header, key] of Object.entries(template ?? {})) this.template.set(templateKey(header), key);
  }

  private add(map: Map<string, Entry>, name: string, target: FieldDef | null) {
    const seen = map.get(name);
    if (seen === undefined) map.set(name, target);
    else if (seen !== target) map.set(name, AMBIGUOUS);
  }

  private lookup(name: string): FieldDef | null | undefined {
    const exact = this.exact.get(name);
    const hit = exact !== undefined ? exact : this.loose.get(looseName(name));
    return hit === AMBIGUOUS ? undefined : hit;
  }

  field(key: string): FieldDef | undefined {
    return this.byKey.get(key);
  }

  /** The field a (possibly flattened `parent:child`) header names, or undefined for an unknown header. */
  match(header: string): HeaderHit | undefined {
    const own = headerParts(childPart(header));
    const tkey = templateKey(header);
    if (this.template.has(tkey)) {
      const key = this.template.get(tkey);
      const field = key == null ? null : this.byKey.get(key) ?? null;
      return { field, unit: own.unit, option: field ? this.boxOption(field, header) ?? undefined : undefined };
    }
    const split = header.indexOf(':');
    if (split < 0) {
      const field = this.lookup(own.name);
      return field === undefined ? undefined : { field, unit: own.unit };
    }
    const parent = headerParts(header.slice(0, split)).name;
    const child = own.name;
    const byChild = this.lookup(child);
    if (byChild !== undefined) return { field: byChild, unit: own.unit };
    const byParent = this.lookup(parent);
    if (byParent && byParent.kind === 'enum') {
      const option = optionNamed(byParent, child);
      if (option) return { field: byParent, option, unit: own.unit };
    }
    const joined = this.lookup(parent + child);
    if (joined !== undefined) return { field: joined, unit: own.unit };
    return undefined;
  }

  /** For an enum column: the option its header's child part (or whole header) names — then it is a ✓ box. */
  boxOption(field: FieldDef, header: string): FieldOption | null {
    if (field.kind !== 'enum') return null;
    return optionNamed(field, headerParts(childPart(header)).name);
  }
}

/**
 * Units a header may state, by kind of quantity, with the factor to a common base. Names are as NFKC and
 * `compactText` leave them (㎡ → m2, ％ → %).
 */
const UNIT_GROUPS: Array<Record<string, number>> = [
  { t: 1000, 吨: 1000, kg: 1, 千克: 1, 公斤: 1, g: 0.001, 克: 0.001 },
  { km: 1000, 公里: 1000, 千米: 1000, m: 1, 米: 1 },
  { m2: 1, 平方米: 1, 平米: 1, 万m2: 10_000, 万平方米: 10_000, km2: 1_000_000, 平方公里: 1_000_000 },
];

/** The factor that turns a number in the header's unit into the field's unit: 1 when equal or unknown. */
export function unitFactor(headerUnit: string | null, fieldUnit: string | undefined): number {
  if (!headerUnit || !fieldUnit) return 1;
  const from = compactText(headerUnit);
  const to = compactText(fieldUnit);
  if (from === to) return 1;
  const group = UNIT_GROUPS.find((g) => g[from] !== undefined && g[to] !== undefined);
  return group ? group[from] / group[to] : 1;
}

/** 年度金额(万元) → wan, 合同总额(元) → yuan; undefined when the header names no money unit. */
export function headerMoneyUnit(headerUnit: string | null): MoneyUnit | undefined {
  if (!headerUnit) return undefined;
  const unit = compactText(headerUnit);
  if (unit.startsWith('万元')) return 'wan';
  if (unit.startsWith('元')) return 'yuan';
  return undefined;
}
