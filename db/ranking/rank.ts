/**
 * Ranking rules (DOMAIN §3.10): standard competition ranking ("1224") on the score rounded half-up to
 * 2 decimals; tied rows share the rank and keep the official sort order; rows printed but not ranked (a trunk
 * road in a village table) keep their place by score without a rank; units without inspections (未检查) go
 * last, unranked. Published ranks are written any way bulletins write them (3, 第3名, 第三名, 并列第三); the
 * system computes its own and flags every difference.
 */
import { round2 } from '../assessment/scoring';

export interface RankInput {
  /** Full-precision score; null for a unit that was not inspected. */
  score: number | null;
  /** false: printed in the table at its score, without a rank. */
  ranked: boolean;
  /** The official order (streets, villages): breaks ties for printing, never for the rank itself. */
  sortOrder: number;
}

export interface RankResult {
  scoreRounded: number | null;
  rank: number | null;
  tied: boolean;
  status: 'ranked' | 'unranked' | 'notInspected';
}

/** Ranks rows; returns them in print order with their rank, each keeping the fields it came with. */
export function rankRows<T extends RankInput>(rows: readonly T[]): Array<T & RankResult> {
  // Many rows share a score (ties, means of the same few values): round each distinct score once.
  const memo = new Map<number, number>();
  const rounded = rows.map((r) => {
    if (r.score == null) return null;
    let x = memo.get(r.score);
    if (x === undefined) memo.set(r.score, (x = round2(r.score)));
    return x;
  });
  // Competition rank of a rounded score = 1 + how many ranked rows score higher: one sort, then one pass.
  const rankedScores = rows.flatMap((r, i) => (r.ranked && rounded[i] != null ? [rounded[i]!] : [])).sort((a, b) => b - a);
  const rankOf = new Map<number, { rank: number; count: number }>();
  rankedScores.forEach((s, i) => {
    const seen = rankOf.get(s);
    if (seen) seen.count += 1;
    else rankOf.set(s, { rank: i + 1, count: 1 });
  });
  const out = rows.map((row, i): T & RankResult => {
    const scoreRounded = rounded[i];
    if (scoreRounded == null) return { ...row, scoreRounded: null, rank: null, tied: false, status: 'notInspected' };
    if (!row.ranked) return { ...row, scoreRounded, rank: null, tied: false, status: 'unranked' };
    const { rank, count } = rankOf.get(scoreRounded)!;
    return { ...row, scoreRounded, rank, tied: count > 1, status: 'ranked' };
  });
  return out.sort((a, b) => {
    if (a.scoreRounded == null || b.scoreRounded == null) {
      if (a.scoreRounded == null && b.scoreRounded == null) return a.sortOrder - b.sortOrder;
      return a.scoreRounded == null ? 1 : -1;
    }
    return b.scoreRounded - a.scoreRounded || a.sortOrder - b.sortOrder;
  });
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 13 → 十三, 21 → 二十一, 105 → 一百零五, 110 → 一百一十 (as bulletins write ranks). */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 9999) return String(n);
  if (n < 10) return DIGITS[n];
  if (n < 20) return `十${n % 10 ? DIGITS[n % 10] : ''}`;
  const units: Array<[number, string]> = [
    [1000, '千'],
    [100, '百'],
    [10, '十'],
  ];
  let out = '';
  let rest = n;
  let zero = false;
  for (const [size, name] of units) {
    const d = Math.floor(rest / size);
    rest %= size;
    if (d) {
      if (zero) out += '零';
      out += DIGITS[d] + name;
      zero = false;
    } else if (out) zero = true;
  }
  if (rest) out += (zero ? '零' : '') + DIGITS[rest];
  return out;
}

/** 第一名 … 第十三名. */
export function chineseOrdinal(rank: number): string {
  return `第${chineseNumber(rank)}名`;
}

function parseChineseNumber(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  let total = 0;
  let digit = 0;
  let seen = false;
  for (const ch of text) {
    const d = DIGITS.indexOf(ch);
    if (d >= 0) {
      digit = d;
      seen = true;
      continue;
    }
    const size = ch === '十' ? 10 : ch === '百' ? 100 : ch === '千' ? 1000 : 0;
    if (!size) return null;
    total += (seen ? digit : 1) * size;
    digit = 0;
    seen = false;
  }
  return total + digit || null;
}

/** A published rank as written in a bulletin or a score table, or null when the text is not a rank. */
export function parsePublishedRank(raw: string | number | null | undefined): { rank: number; tied: boolean } | null {
  if (raw == null) return null;
  if (typeof raw === 'number') return Number.isInteger(raw) && raw > 0 ? { rank: raw, tied: false } : null;
  const text = raw.normalize('NFKC').replace(/\s+/g, '');
  if (!text) return null;
  const m = /^(并列)?第?([0-9一二三四五六七八九十百千零]+)名?(\(并列\))?$/.exec(text);
  if (!m) return null;
  const rank = parseChineseNumber(m[2]);
  return rank && rank > 0 ? { rank, tied: !!m[1] || !!m[3] } : null;
}
