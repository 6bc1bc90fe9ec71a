/**
 * How the monthly scores read on screen and on paper: scores half-up to 2 decimals (DOMAIN §3.9 rule 7), money
 * in 元 with thousands separators, and the pay-by-quality formula of one contract in words (DOMAIN §3.7).
 */
import type { MoneyRule, PaymentRow } from '../../../../../db/api';
import { formatYuan } from '../../../components/ledger/values';

/** Half-up to 2 decimals on the decimal value (87.625 → 87.63), like db/assessment/scoring.ts round2. */
export function round2(x: number): number {
  if (!Number.isFinite(x)) return x;
  if (x < 0) return -round2(-x) || 0;
  if (x >= 1e15) return x;
  const s = x.toPrecision(15);
  if (s.includes('e')) return 0;
  const [intPart, frac = ''] = s.split('.');
  const digits = (frac + '000').slice(0, 3);
  let hundredths = BigInt(intPart + digits.slice(0, 2));
  if (digits[2] >= '5') hundredths += 1n;
  return Number(hundredths) / 100;
}

/** A score as published: 2 decimals (87.62), empty for null. */
export function fmtScore(x: number | null | undefined): string {
  return x == null ? '' : round2(x).toFixed(2);
}

/** A plain number without binary noise or trailing zeros: 11.9, 2.38, 5. */
export function fmtNum(x: number): string {
  return String(Number(x.toPrecision(12)));
}

export function yuan(fen: number | null | undefined): string {
  return fen == null ? '' : formatYuan(fen);
}

/** 2025-10 → 2025年10月 */
export function monthTitle(month: string): string {
  const [y, m] = month.split('-');
  return `${y}年${Number(m)}月`;
}

/** The district's name for printed titles: 示例区(演示数据) → 示例区. */
export function districtName(workspaceName: string): string {
  return workspaceName.replace(/[((].*$/, '').trim() || workspaceName;
}


/** Whether the user's role reaches `needed` (each role may do what the lower ones may). */

/** A text a clerk typed as 元 → fen, exactly (no float): "12,500.5" → 1250050; null when empty; NaN when not a number. */
export function parseYuan(text: string): number | null {
  const t = text.replace(/[,,\s]/g, '').replace(/元$/, '');
  if (!t) return null;
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return Number.NaN;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** A number a clerk typed: "87.5", "87.5分", "23.5%" → 87.5; null when empty; NaN when not a number. */
export function parseNumber(text: string): number | null {
  const t = text.trim().replace(/[分%%]$/, '').trim();
  if (!t) return null;
  return /^[+-]?\d+(\.\d+)?$/.test(t) ? Number(t) : Number.NaN;
}

const MODE_NOTE: Record<MoneyRule['shortfallMode'], string> = { exact: '', ceil: '(不足 1 分按 1 分计)', floor: '(不足 1 分不计)' };

/**
 * The contract's month in words, one line per part (quality, events, rate, total, payable), e.g.
 * "质量扣款:合格线 90 分,得分 87.62,差 2.38 分 × 5% = 11.9% × 月服务费 100,000.00 元 = 11,900.00 元".
 * `rule` is the money rule of the row's scheme version (schemes.get); without it the pass mark and the
 * percent per point are derived from the stored result.
 */
export function formulaLines(p: PaymentRow, rule: MoneyRule | null): string[] {
  if (p.score == null || !p.money) {
    return ['得分不完整(考核对象中有人工分项未录入,或没有已审核的检查),本月暂不核拨,应付按月服务费全额列示。'];
  }
  const m = p.money;
  const fee = `月服务费 ${yuan(p.feeFen)} 元`;
  const score = fmtScore(p.score);
  const lines: string[] = [];

  const pass = rule?.passMark ?? (m.shortfall > 0 ? round2(round2(p.score) + m.shortfall) : null);
  if (m.shortfall > 0) {
    const perPoint = rule?.pctPerPoint ?? m.qualityPct / m.shortfall;
    lines.push(
      `质量扣款:合格线 ${pass} 分,得分 ${score},差 ${fmtNum(m.shortfall)} 分${rule ? MODE_NOTE[rule.shortfallMode] : ''} × ${fmtNum(perPoint)}% = ${fmtNum(m.qualityPct)}% × ${fee} = ${yuan(m.qualityFen)} 元`,
    );
  } else {
    lines.push(`质量扣款:得分 ${score}${pass != null ? ` 不低于合格线 ${pass} 分` : ' 未低于合格线'},不扣`);
  }

  const events = Object.entries(p.events).filter(([, n]) => n > 0);
  if (events.length) {
    const parts = events.map(([kind, n]) => {
      const e = rule?.events.find((x) => x.kind === kind);
      return e ? `${e.label} ${n} 次 × ${fmtNum(e.pct)}%` : `${p.eventLabels[kind] ?? kind} ${n} 次`;
    });
    lines.push(`事件扣款:${parts.join(' + ')} = ${fmtNum(m.eventPct)}% × ${fee} = ${yuan(m.eventFen)} 元`);
  } else {
    lines.push('事件扣款:本月未登记扣款事件,不扣');
  }

  if (p.rateLabel) {
    const sub = p.subFeeLabel ?? '分项费用';
    if (p.rate == null || p.subFeeFen == null) {
      lines.push(`比率扣款:${p.rateLabel}或${sub}未录入,不扣`);
    } else if (m.ratePct > 0) {
      const tier = rule?.rateTiers?.tiers.filter((t) => p.rate! < t.below).sort((a, b) => a.below - b.below)[0];
      lines.push(
        `比率扣款:${p.rateLabel} ${fmtNum(p.rate)}%${tier ? `,低于 ${fmtNum(tier.below)}%` : ''},扣${sub} ${yuan(p.subFeeFen)} 元 × ${fmtNum(m.ratePct)}% = ${yuan(m.rateFen)} 元`,
      );
    } else {
      lines.push(`比率扣款:${p.rateLabel} ${fmtNum(p.rate)}%,达到要求,不扣`);
    }
  }

  const capPct = rule?.capPct;
  if (m.capped) {
    lines.push(
      `扣款合计:${yuan(m.uncappedFen)} 元,超过封顶${capPct != null ? ` ${fmtNum(capPct)}%` : ''}(${yuan(m.capFen)} 元),按封顶扣 ${yuan(m.totalFen)} 元`,
    );
  } else {
    lines.push(`扣款合计:${yuan(m.totalFen)} 元${capPct != null ? `(封顶 ${fmtNum(capPct)}% 即 ${yuan(m.capFen)} 元,未超过)` : ''}`);
  }
  lines.push(`应付金额:${fee} − 扣款 ${yuan(m.totalFen)} 元 = ${yuan(m.payableFen)} 元`);
  return lines;
}
