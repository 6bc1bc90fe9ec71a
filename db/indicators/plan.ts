/**
 * The indicator table as the plan prints it (DOMAIN §6.2): a title row, the header 类别 / 序号 / 指标 / 基期 /
 * 目标 / 属性 / 当前值 / 进度, each category's cell merged down over its rows, and a note naming the period the
 * current values cover. The importer reads the file back to the same rows (merged cells filled down, the two
 * computed columns left out, the note skipped), so the sheet a manager hands on can come back in unchanged.
 */
import ExcelJS from 'exceljs';
import { round2 } from '../assessment/scoring';
import type { Ctx } from '../context';
import { optionLabel } from '../fields';
import { INDICATOR_FIELDS } from './fields';
import type { IndicatorProgress } from './progress';
import { indicatorProgress, progressPeriod } from './report';
import { indicatorTargets, type IndicatorTarget } from './service';

export const PLAN_HEADERS = ['类别', '序号', '指标', '基期', '目标', '属性', '当前值', '进度'] as const;

const BINDING_FIELD = INDICATOR_FIELDS.find((f) => f.key === 'binding')!;
const THIN = { style: 'thin' } as const;
const BORDER = { top: THIN, bottom: THIN, left: THIN, right: THIN };

function stamp(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/** Rows grouped by category in the order each category first appears, the table's order kept inside a group. */
export function groupByCategory(rows: IndicatorTarget[]): Array<{ category: string; rows: IndicatorTarget[] }> {
  const groups = new Map<string, IndicatorTarget[]>();
  for (const row of rows) groups.set(row.category, [...(groups.get(row.category) ?? []), row]);
  return [...groups].map(([category, members]) => ({ category, rows: members }));
}

function currentText(p: IndicatorProgress | undefined): string {
  const v = p?.current;
  if (!p?.kpiKey) return '—';
  if (!v || v.value == null) return '暂无数据';
  const n = round2(v.value).toFixed(2);
  return v.unit === '%' ? `${n}%` : `${n}${v.unit}`;
}

function progressText(p: IndicatorProgress | undefined): string {
  if (!p || p.met == null) return '—';
  if (p.met) return '已达标';
  return `完成 ${round2((p.progress ?? 0) * 100).toFixed(2)}%`;
}

export interface PlanFile {
  fileName: string;
  mimeType: string;
  content: Buffer;
  rows: number;
}

export async function exportPlan(ctx: Ctx, date = new Date()): Promise<PlanFile> {
  const period = progressPeriod({}, date);
  const rows = await indicatorTargets.list(ctx.ws.db);
  const progress = new Map((await indicatorProgress(ctx, period)).map((p) => [p.id, p]));
  const title = indicatorTargets.def.title;

  const book = new ExcelJS.Workbook();
  book.creator = 'SaniDesk 环卫台账与考评';
  book.created = date;
  const sheet = book.addWorksheet(title, {
    views: [{ state: 'frozen', ySplit: 2 }],
    pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.columns = [12, 6, 34, 12, 12, 10, 12, 14].map((width) => ({ width }));
  const width = PLAN_HEADERS.length;

  sheet.mergeCells(1, 1, 1, width);
  const head = sheet.getCell(1, 1);
  head.value = `${ctx.ws.name}${title}`;
  head.font = { bold: true, size: 16 };
  head.alignment = { horizontal: 'center', vertical: 'middle' };
  sheet.getRow(1).height = 28;

  PLAN_HEADERS.forEach((text, i) => {
    const cell = sheet.getCell(2, i + 1);
    cell.value = text;
    cell.font = { bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = BORDER;
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFF3F8' } };
  });

  let r = 3;
  for (const group of groupByCategory(rows)) {
    const top = r;
    for (const row of group.rows) {
      const p = progress.get(row.id);
      const values = [
        group.category,
        row.seq,
        row.name,
        row.baselineText ?? '',
        row.targetText,
        row.binding ? optionLabel(BINDING_FIELD, row.binding) : '',
        currentText(p),
        progressText(p),
      ];
      values.forEach((value, i) => {
        const cell = sheet.getCell(r, i + 1);
        cell.value = value;
        cell.border = BORDER;
        cell.alignment = { vertical: 'middle', horizontal: i === 2 ? 'left' : 'center', wrapText: i === 2 };
      });
      r += 1;
    }
    if (r - 1 > top) sheet.mergeCells(top, 1, r - 1, 1);
  }
  const note = sheet.getCell(r + 1, 1);
  note.value = `注:当前值和进度按 ${period.from} 至 ${period.to} 的台账数据统计,“—”为非本系统统计的指标;基期“/”表示无基期数据。导出日期 ${stamp(date)}。`;
  sheet.mergeCells(r + 1, 1, r + 1, width);
  note.alignment = { wrapText: true };

  return {
    fileName: `${title}_${stamp(date)}.xlsx`,
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    content: Buffer.from(await book.xlsx.writeBuffer()),
    rows: rows.length,
  };
}
