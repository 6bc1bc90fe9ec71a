/** The month's scores as sheets: the units (月度成绩) and the pay-by-quality sheet for finance (按质核拨). */
import type { Ctx } from '../context';
import { exportTable, type ExportColumn, type ExportedFile } from '../io/export';
import { round2 } from './scoring';
import { monthScores, type PaymentRow, type UnitScore } from './monthly';
import { targetLabel } from './targets';

const yuan = (fen: number | null | undefined) => (fen == null ? null : fen / 100);
const score2 = (value: number | null) => (value == null ? null : round2(value));

type Cell = string | number | null;
const unit = (f: (u: UnitScore) => Cell) => (r: Record<string, unknown>) => f(r as unknown as UnitScore);
const pay = (f: (p: PaymentRow) => Cell) => (r: Record<string, unknown>) => f(r as unknown as PaymentRow);

const UNIT_COLUMNS: ExportColumn[] = [
  { header: '考核细则', value: unit((u) => u.schemeName), width: 26 },
  { header: '对象类型', value: unit((u) => targetLabel(u.targetType)), width: 10 },
  { header: '考核对象', value: unit((u) => u.targetName), width: 28 },
  { header: '作业单位', value: unit((u) => u.contractorName ?? ''), width: 28 },
  { header: '合同编号', value: unit((u) => u.contractNo ?? ''), width: 18 },
  { header: '检查次数', value: unit((u) => u.inspections), numeric: true, width: 10 },
  {
    header: '分项得分',
    value: unit((u) =>
      u.components.map((c) => `${c.label}${c.weight}%:${c.value == null ? '未录入' : round2(c.value)}`).join(';'),
    ),
    width: 40,
  },
  // 逾期整改扣分 (scheme rule overduePenalty): the stored line in words; empty for schemes without the rule.
  { header: '逾期整改扣分', value: unit((u) => u.overdue?.text ?? ''), width: 30 },
  { header: '月度得分', value: unit((u) => score2(u.score)), numeric: true, width: 10 },
  { header: '等级', value: unit((u) => u.grade ?? ''), width: 8 },
];

const PAYMENT_COLUMNS: ExportColumn[] = [
  { header: '合同编号', value: pay((p) => p.contractNo), width: 18 },
  { header: '项目名称', value: pay((p) => p.projectName), width: 30 },
  { header: '作业单位', value: pay((p) => p.contractorName), width: 28 },
  { header: '考核细则', value: pay((p) => p.schemeName), width: 24 },
  { header: '考核对象数', value: pay((p) => p.units), numeric: true, width: 10 },
  { header: '考核得分', value: pay((p) => score2(p.score)), numeric: true, width: 10 },
  { header: '等级', value: pay((p) => p.grade ?? ''), width: 8 },
  { header: '月服务费(元)', value: pay((p) => yuan(p.feeFen)), numeric: true, width: 14 },
  { header: '低于合格线(分)', value: pay((p) => p.money?.shortfall ?? null), numeric: true, width: 12 },
  { header: '质量扣款(元)', value: pay((p) => yuan(p.money?.qualityFen)), numeric: true, width: 14 },
  { header: '事件扣款(元)', value: pay((p) => yuan(p.money?.eventFen)), numeric: true, width: 14 },
  { header: '比率扣款(元)', value: pay((p) => yuan(p.money?.rateFen)), numeric: true, width: 14 },
  { header: '扣款合计(元)', value: pay((p) => yuan(p.money?.totalFen)), numeric: true, width: 14 },
  { header: '是否封顶', value: pay((p) => (p.money?.capped ? '是' : '否')), width: 8 },
  { header: '应付金额(元)', value: pay((p) => yuan(p.money?.payableFen ?? p.feeFen)), numeric: true, width: 16 },
  { header: '备注', value: pay((p) => (p.score == null ? '得分不完整,暂不核拨' : (p.note ?? ''))), width: 24 },
];

export async function exportMonthScores(ctx: Ctx, input: { month: string; sheet: 'units' | 'payments' }): Promise<ExportedFile & { locked: boolean }> {
  const scores = await monthScores(ctx.ws.db.read, input.month);
  const state = scores.lock ? '' : '(未锁定,仅供核对)';
  const file =
    input.sheet === 'payments'
      ? await exportTable(scores.payments as unknown as Record<string, unknown>[], PAYMENT_COLUMNS, {
          title: `${input.month}月按质核拨表${state}`,
          district: ctx.ws.name,
          format: 'xlsx',
        })
      : await exportTable(scores.units as unknown as Record<string, unknown>[], UNIT_COLUMNS, {
          title: `${input.month}月考核成绩${state}`,
          district: ctx.ws.name,
          format: 'xlsx',
        });
  return { ...file, locked: scores.lock != null };
}
