/**
 * The disposal report's rules: no future month, and a warning (not a refusal) when the month's disposal adds up
 * to more than what was collected. Quantities are never negative (the fields' `min: 0`, and the table's CHECKs).
 * One row per month is the natural key (db/disposal/service.ts).
 */
import type { FieldErrors } from '../errors';
import { localToday } from '../estates/rules';
import type { Values, Warning } from '../ledger/record';
import type { RuleOutcome } from '../ledger/service';

/**
 * How far the disposed quantity may exceed the collected one before the row is questioned. Disposal facilities
 * weigh on their own weighbridges, an incinerator burns from a pit that carries waste over the month's end, and
 * a kitchen-waste plant may take a market's waste the sanitation fleet did not collect: a month a little over
 * 100 % is real and must be recordable as reported. More than 5 % over is usually a typo or a figure in the
 * wrong column, so the clerk is asked to look, but a true report is never blocked.
 */
export const DISPOSAL_OVER_COLLECTED_TOLERANCE = 1.05;

export interface DisposalContext {
  /** This month, YYYY-MM (the office's calendar). */
  thisMonth: string;
}

export async function loadDisposalContext(): Promise<DisposalContext> {
  return { thisMonth: localToday().slice(0, 7) };
}

const tonnes = (n: number) => n.toLocaleString('zh-CN', { maximumFractionDigits: 3 });

export function checkDisposalRecord(v: Values, context: DisposalContext): RuleOutcome {
  const errors: FieldErrors = {};
  const warnings: Warning[] = [];
  if (typeof v.month === 'string' && v.month > context.thisMonth) {
    errors.month = `月份 ${v.month} 还没到(本月是 ${context.thisMonth}),不能填报未来月份`;
  }
  const n = (k: string) => (typeof v[k] === 'number' ? (v[k] as number) : null);
  const collected = n('collectedT');
  const parts = [n('incineratedT'), n('landfilledT'), n('kitchenProcessedT')];
  if (collected != null && parts.every((p) => p != null)) {
    const disposed = parts.reduce<number>((s, p) => s + p!, 0) + (n('otherSafeT') ?? 0);
    if (disposed > collected * DISPOSAL_OVER_COLLECTED_TOLERANCE) {
      const over = collected > 0 ? `,超出 ${(((disposed - collected) / collected) * 100).toFixed(1)}%` : '';
      warnings.push({
        field: 'collectedT',
        message: `焚烧量 + 填埋量 + 厨余处理量 + 其他无害化处理量 共 ${tonnes(disposed)} 吨,多于清运量 ${tonnes(collected)} 吨的 105%${over}。已保存;请核对是否填错列或单位(千克/吨)`,
      });
    }
  }
  return { errors, warnings };
}
