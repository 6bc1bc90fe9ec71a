/**
 * A blank workbook per ledger for clerks to fill in and import back: a title row, a notes row explaining the
 * formats (dates, 是/否, money units, what is skipped), the header row with Chinese labels and units (* for the
 * fields that must be filled), a note on every header cell, and drop-down lists for option, 是/否 and reference
 * columns (from a hidden 选项 sheet, so long lists and commas inside labels are no problem).
 */
import ExcelJS from 'exceljs';
import type { Ctx } from '../../context';
import type { FieldDef } from '../../fields';
import { ledgerByName } from '../../ledgers';
import { headerWithUnit } from '../export';
import { importableLedger } from './registry';
import { columnLetter } from './sheet';

/** Rows the drop-down lists and number checks cover below the header. */
const FILL_ROWS = 2000;
const FIRST_DATA_ROW = 4;

/** exceljs keeps data validations by address, ranges included (`K4:K2003`); its typings leave the property out. */
interface RangeValidations {
  dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void };
}

export interface BlankTemplate {
  fileName: string;
  mimeType: string;
  content: Buffer;
}

function mustFill(field: FieldDef): boolean {
  return !!field.required && field.default === undefined;
}

function headerNote(field: FieldDef, refNoun: string | undefined): string {
  const lines: string[] = [];
  if (field.hint) lines.push(field.hint);
  switch (field.kind) {
    case 'enum':
      lines.push(`可选:${(field.options ?? []).map((o) => o.label).join('、')}`);
      break;
    case 'bool':
      lines.push('填 是 或 否(也可用 ✓、√、1、Y)');
      break;
    case 'date':
      lines.push('日期,如 2023-04-01(也可写 2023.4.1、2023年4月1日)');
      break;
    case 'month':
      lines.push('年月,如 2023-04(也可写 2023.4、2023年4月)');
      break;
    case 'money':
      lines.push(`金额,单位${field.unit ?? '元'};也可写“387万元”或“贰佰捌拾万元整”`);
      break;
    case 'list':
      lines.push('多项用“、”分隔');
      break;
    case 'ref':
      lines.push(`填${refNoun ?? field.label}的名称(简称、别名也可)`);
      break;
    case 'int':
    case 'decimal':
      if (field.min != null || field.max != null) lines.push(`数值范围 ${field.min ?? '—'} 至 ${field.max ?? '—'}${field.unit ? ` ${field.unit}` : ''}`);
      break;
    default:
      break;
  }
  if (mustFill(field)) lines.push('必填');
  return lines.join('\n');
}

function notesText(fields: FieldDef[], noun: string, keyLabel: string): string {
  const kinds = new Set(fields.map((f) => f.kind));
  const notes = [
    `第 3 行是列名,请勿修改;从第 ${FIRST_DATA_ROW} 行起每行填一条${noun}`,
    `带 * 的列必填;“${keyLabel}”用来识别记录:已有的${noun}按它更新,没有的新增`,
  ];
  if (kinds.has('date') || kinds.has('month')) notes.push('日期写成 2023-04-01(也可写 2023.4.1 或 2023年4月1日),年月写成 2023-04');
  if (kinds.has('bool')) notes.push('“是/否”列填 是 或 否(也可用 ✓、√、1、Y)');
  if (kinds.has('enum') || kinds.has('ref')) notes.push('有下拉箭头的列请从列表中选择');
  if (kinds.has('money')) notes.push('金额按列名中的单位填写,也可直接写“387万元”或“贰佰捌拾万元整”');
  notes.push('表末的合计行和“填表人:”“注:”等说明行导入时自动跳过;鼠标停在列名上可看到该列的填写说明');
  return `填表说明:${notes.map((n, i) => `${String.fromCharCode(0x2460 + i)} ${n}`).join(';')}。`;
}

export async function blankTemplate(ctx: Ctx, ledgerName: string): Promise<BlankTemplate> {
  const ledger = importableLedger(ledgerName);
  const { title, noun } = ledger.def;
  const fields = ledger.writable;
  const keyLabel = ledger.naturalKey.fields.map((f) => f.label).join('+');
  const book = new ExcelJS.Workbook();
  book.creator = 'SaniDesk 环卫台账与考评';
  const sheet = book.addWorksheet(title, { views: [{ state: 'frozen', ySplit: 3 }] });
  const lists = book.addWorksheet('选项', { state: 'hidden' });
  sheet.columns = fields.map((f) => ({ width: f.long ? 36 : Math.max(12, headerWithUnit(f).length * 2 + 4) }));
  const last = Math.max(1, fields.length);
  const validations = (sheet as unknown as RangeValidations).dataValidations;

  sheet.mergeCells(1, 1, 1, last);
  const titleCell = sheet.getCell(1, 1);
  titleCell.value = `${ctx.ws.name}${title}(导入模板)`;
  titleCell.font = { bold: true, size: 16 };
  titleCell.alignment = { horizontal: 'center', vertical: 'middle' };
  sheet.getRow(1).height = 28;

  sheet.mergeCells(2, 1, 2, last);
  const notes = sheet.getCell(2, 1);
  notes.value = notesText(fields, noun, keyLabel);
  notes.font = { size: 10, color: { argb: 'FF555555' } };
  notes.alignment = { wrapText: true, vertical: 'top' };
  sheet.getRow(2).height = 66;

  let listColumn = 0;
  const addList = (values: string[]): string => {
    listColumn += 1;
    const letter = columnLetter(listColumn - 1);
    values.forEach((v, i) => {
      lists.getCell(i + 1, listColumn).value = v;
    });
    return `'选项'!$${letter}$1:$${letter}$${Math.max(1, values.length)}`;
  };

  for (let i = 0; i < fields.length; i += 1) {
    const field = fields[i];
    const refLedger = field.kind === 'ref' && field.ref ? ledgerByName(field.ref) : undefined;
    const cell = sheet.getCell(3, i + 1);
    cell.value = `${mustFill(field) ? '*' : ''}${headerWithUnit(field)}`;
    cell.font = { bold: true, color: mustFill(field) ? { argb: 'FFC00000' } : undefined };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFF3F8' } };
    cell.border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
    const note = headerNote(field, refLedger?.def.noun);
    if (note) cell.note = note;

    const letter = columnLetter(i);
    const range = `${letter}${FIRST_DATA_ROW}:${letter}${FIRST_DATA_ROW + FILL_ROWS - 1}`;
    const common = { allowBlank: true, showErrorMessage: true, errorTitle: field.label };
    if (field.kind === 'enum') {
      validations.add(range, {
        ...common,
        type: 'list',
        formulae: [addList((field.options ?? []).map((o) => o.label))],
        error: `请从列表中选择:${(field.options ?? []).map((o) => o.label).join('、')}`,
      });
    } else if (field.kind === 'bool') {
      validations.add(range, { ...common, type: 'list', formulae: ['"是,否"'], error: '请填 是 或 否' });
    } else if (refLedger) {
      const names = ((await refLedger.list(ctx.ws.db)) as unknown as Array<Record<string, unknown>>)
        .map((r) => r.name)
        .filter((n): n is string => typeof n === 'string');
      if (names.length) {
        validations.add(range, {
          ...common,
          type: 'list',
          formulae: [addList(names)],
          errorStyle: 'warning',
          error: `不在${refLedger.def.noun}列表中;简称或别名也可以,导入时会核对`,
        });
      }
    } else if ((field.kind === 'int' || field.kind === 'decimal') && (field.min != null || field.max != null)) {
      validations.add(range, {
        ...common,
        type: field.kind === 'int' ? 'whole' : 'decimal',
        operator: 'between',
        formulae: [field.min ?? -1e12, field.max ?? 1e12],
        errorStyle: 'warning',
        error: `应为 ${field.min ?? '—'} 至 ${field.max ?? '—'} 之间的${field.kind === 'int' ? '整数' : '数'}`,
      });
    }
  }
  return {
    fileName: `${title}_导入模板.xlsx`,
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    content: Buffer.from(await book.xlsx.writeBuffer()),
  };
}
