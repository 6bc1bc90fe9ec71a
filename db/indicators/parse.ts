/**
 * Baselines and targets as planning documents write them (DOMAIN §6.2, issue 6 item 3): `100%`, `≥98%`, `≤8%`,
 * `>90%`, `16.9平方米`, `14.6`, `/`, full-width `≥９８％`, ASCII `>=98%`, and the words plans use instead of signs
 * (`不低于98%`, `98%以上`, `达到100%`). The text as written is what the ledger stores; this reading of it sits
 * beside it (`baseline`, `target`) so that progress can be computed, and a text it cannot read stays as written.
 */

export type TargetOp = '=' | '≥' | '≤' | '>' | '<';

export interface ParsedTarget {
  op: TargetOp;
  /** The number as written, in `unit` (98 for 98%; 1.5 for 1.5万户). */
  value: number;
  /** Normalised unit: '%', '㎡', '人/座', '万户'; '' when the text has none. */
  unit: string;
}

/** Texts that mean "no value" in a plan's table (no baseline for a new indicator). */
const NONE = new Set(['/', '\\', '-', '--', '—', '——', '无', '暂无', '空', 'n/a', 'na']);

/** Words before the number: longest first, so 不低于 wins over 低于 and 大于等于 over 大于. */
const PREFIXES: Array<[string, TargetOp]> = (
  [
    ['大于或等于', '≥'],
    ['大于等于', '≥'],
    ['小于或等于', '≤'],
    ['小于等于', '≤'],
    ['力争达到', '='],
    ['不低于', '≥'],
    ['不少于', '≥'],
    ['不小于', '≥'],
    ['至少', '≥'],
    ['不高于', '≤'],
    ['不超过', '≤'],
    ['不大于', '≤'],
    ['不多于', '≤'],
    ['控制在', '≤'],
    ['稳定在', '='],
    ['保持在', '='],
    ['大于', '>'],
    ['高于', '>'],
    ['超过', '>'],
    ['小于', '<'],
    ['低于', '<'],
    ['达到', '='],
    ['力争', '='],
    ['保持', '='],
    ['实现', '='],
    ['约', '='],
  ] as Array<[string, TargetOp]>
).sort((a, b) => b[0].length - a[0].length);

/** Words after the number and unit: 98%以上 (≥), 8%以下 / 以内 (≤); Chinese usage includes the number itself. */
const SUFFIXES: Array<[string, TargetOp]> = [
  ['及以上', '≥'],
  ['以上', '≥'],
  ['及以下', '≤'],
  ['以下', '≤'],
  ['以内', '≤'],
  ['左右', '='],
];

/** Unit spellings → one form (NFKC has already turned ％ into %). */
const UNIT_SPELLINGS: Record<string, string> = {
  m2: '㎡',
  'm^2': '㎡',
  平方米: '㎡',
  平米: '㎡',
  百分比: '%',
  '人/座': '人/座',
};

export function normalizeUnit(unit: string): string {
  const u = unit.normalize('NFKC').replace(/\s+/g, '');
  if (UNIT_SPELLINGS[u] !== undefined) return UNIT_SPELLINGS[u];
  // 平方米/人 and the like keep their tail: only the area part has another spelling.
  return u.replace(/^(平方米|平米|m2)(?=\/)/, '㎡');
}

/**
 * Text → one plain form: NFKC (full-width digits and signs, ㎡ → m2), no blanks, the sign spellings
 * >= <= ≧ ≦ ⩾ ⩽ as ≥ ≤, and thousands separators out of numbers.
 */
function canonical(text: string): string {
  return text
    // Area first: NFKC would make ㎡ and m² into "m2", whose digit the number would swallow.
    .replace(/㎡|[mM][²2](?![\d.])|[mM]\^2/g, '平方米')
    .normalize('NFKC')
    .replace(/[\s\u200B-\u200D\u2060\uFEFF]+/g, '')
    .replace(/>=|=>|≧|⩾/g, '≥')
    .replace(/<=|=<|≦|⩽/g, '≤')
    .replace(/(\d),(?=\d{3}(?!\d))/g, '$1');
}

/** True when the text says there is no value ("/", "—", "无", blank). */
export function isNoValue(text: string | null | undefined): boolean {
  if (text == null) return true;
  const t = canonical(text);
  return t === '' || NONE.has(t.toLowerCase());
}

const NUMBER_AND_UNIT = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))([^\d]*)$/;

/**
 * Reads one baseline or target text. Null when the text is "no value" ("/", blank) or when it cannot be read
 * (a range 90%-95%, words without a number): the caller tells the two apart with `isNoValue`.
 */
export function parseTarget(text: string | null | undefined): ParsedTarget | null {
  if (isNoValue(text)) return null;
  let t = canonical(text!);
  let op: TargetOp | null = null;
  const sign = /^(≥|≤|>|<|=)/.exec(t);
  if (sign) {
    op = sign[1] as TargetOp;
    t = t.slice(1);
  }
  const prefix = PREFIXES.find(([word]) => t.startsWith(word));
  if (prefix) {
    if (op && op !== '=' && prefix[1] !== '=') return null; // "≥不低于98%": two directions, no reading
    if (!op || op === '=') op = prefix[1] === '=' ? (op ?? '=') : prefix[1];
    t = t.slice(prefix[0].length);
    // 达到≥98% and the like: a sign after the word.
    const inner = /^(≥|≤|>|<)/.exec(t);
    if (inner && op === '=') {
      op = inner[1] as TargetOp;
      t = t.slice(1);
    }
  }
  const suffix = SUFFIXES.find(([word]) => t.endsWith(word));
  if (suffix) {
    if (op && op !== '=' && op !== suffix[1] && suffix[1] !== '=') return null;
    if (!op || op === '=') op = suffix[1];
    t = t.slice(0, -suffix[0].length);
  }
  const m = NUMBER_AND_UNIT.exec(t);
  if (!m) return null;
  const value = Number(m[1]);
  if (!Number.isFinite(value)) return null;
  const unit = normalizeUnit(m[2]);
  // A unit is a short word (%, ㎡, 人/座, 万户, 分); anything longer or with brackets is prose we do not guess at.
  if (unit.length > 6 || /[()[\]【】,,;;。::~]/.test(unit)) return null;
  return { op: op ?? '=', value, unit };
}

/** A parsed target as a short text again: `≥98%`, `16.9㎡`, `100%`. */
export function formatTarget(t: ParsedTarget): string {
  return `${t.op === '=' ? '' : t.op}${t.value}${t.unit}`;
}
