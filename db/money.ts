/**
 * Money as procurement notices and ledgers write it (DOMAIN §2.4, §7 E9): 2800000, 2,800,000.00元, 387万元,
 * 9580.08万元/年, ￥1,234.5, and upper-case Chinese (贰佰捌拾万元整, 壹仟贰佰叁拾肆元伍角陆分). Stored as integer fen.
 * A bare number is read in the unit the field states (元 unless a column says 万元).
 */
export type MoneyUnit = 'yuan' | 'wan';

const DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 壹: 1, 一: 1, 贰: 2, 二: 2, 两: 2, 叁: 3, 三: 3, 肆: 4, 四: 4, 伍: 5, 五: 5,
  陆: 6, 六: 6, 柒: 7, 七: 7, 捌: 8, 八: 8, 玖: 9, 九: 9,
};
const SMALL_UNITS: Record<string, number> = { 拾: 10, 十: 10, 佰: 100, 百: 100, 仟: 1000, 千: 1000 };

/** An upper-case (or lower-case) Chinese integer such as 壹亿肆仟叁佰柒拾万零壹拾贰 → 143700012. */
function chineseInteger(text: string): number | null {
  let yi = 0; // the part already multiplied by 亿
  let wan = 0; // the part already multiplied by 万
  let section = 0; // below 万, built from 拾/佰/仟
  let digit = 0;
  for (const ch of text) {
    if (ch in DIGITS) digit = DIGITS[ch];
    else if (ch in SMALL_UNITS) {
      section += (digit || 1) * SMALL_UNITS[ch];
      digit = 0;
    } else if (ch === '万' || ch === '萬') {
      wan = (section + digit) * 10_000;
      section = 0;
      digit = 0;
    } else if (ch === '亿') {
      yi = (yi + wan + section + digit) * 100_000_000;
      wan = 0;
      section = 0;
      digit = 0;
    } else return null;
  }
  return yi + wan + section + digit;
}

function parseChineseAmount(text: string): number | null {
  const m = /^(?:人民币)?(.*?)(?:元|圆)(?:(.)角)?(?:(.)分)?整?$/.exec(text);
  if (!m) return null;
  const yuan = m[1] ? chineseInteger(m[1]) : 0;
  const jiao = m[2] ? DIGITS[m[2]] : 0;
  const fen = m[3] ? DIGITS[m[3]] : 0;
  if (yuan == null || jiao === undefined || fen === undefined) return null;
  return yuan * 100 + jiao * 10 + fen;
}

export type MoneyParse = { ok: true; fen: number } | { ok: false; message: string };

/** Parses an amount into fen. `defaultUnit` applies to bare numbers only. */
export function parseMoney(raw: string | number, defaultUnit: MoneyUnit = 'yuan'): MoneyParse {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return { ok: false, message: '金额不是有效数字' };
    return { ok: true, fen: Math.round(raw * (defaultUnit === 'wan' ? 1_000_000 : 100)) };
  }
  const text = raw.normalize('NFKC').replace(/[\s,¥￥]/g, '').replace(/\/(年|月)$/, '');
  if (!text) return { ok: false, message: '金额不能为空' };
  if (/[零〇壹贰叁肆伍陆柒捌玖拾佰仟一二两三四五六七八九十百千]/.test(text)) {
    const fen = parseChineseAmount(text);
    return fen == null ? { ok: false, message: `无法识别大写金额“${raw}”,如 贰佰捌拾万元整` } : { ok: true, fen };
  }
  const m = /^(-?\d+(?:\.\d+)?)(万元|万|元)?$/.exec(text);
  if (!m) return { ok: false, message: `无法识别金额“${raw}”,请写成 2800000、387万元 或 贰佰捌拾万元整` };
  const unit = m[2] ? (m[2].startsWith('万') ? 'wan' : 'yuan') : defaultUnit;
  const fen = Math.round(Number(m[1]) * (unit === 'wan' ? 1_000_000 : 100));
  if (!Number.isSafeInteger(fen)) return { ok: false, message: '金额过大' };
  return { ok: true, fen };
}

/** Fen as 元 with thousands separators and 2 decimals: 280000000 → 2,800,000.00 */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}${yuan}.${String(abs % 100).padStart(2, '0')}`;
}
