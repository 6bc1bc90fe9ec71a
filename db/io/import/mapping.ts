/**
 * Column → field mapping: automatic by header names, then a saved template's header texts, then the clerk's
 * own choices by column; and the plan of each mapped column (which field, which option its ✓ stands for, the
 * unit factor or money unit its header states). A mapping that cannot work (two columns for one field, a field
 * that does not exist or is computed) is refused before any row is read.
 */
import { ApiError } from '../../errors';
import type { FieldDef, FieldOption } from '../../fields';
import type { MoneyUnit } from '../../money';
import { headerMoneyUnit, unitFactor, type HeaderIndex } from './headers';
import type { HeaderColumn } from './layout';

/** Column index (as text, JSON object keys) → field key, or null for a column left out. */
export type ColumnMapping = Record<string, string | null>;

export interface ColumnPlan {
  index: number;
  letter: string;
  header: string;
  field: FieldDef;
  /** A ✓ box: the cell ticked means the field takes this option (建筑形式:独立 → 独立式). */
  option?: FieldOption;
  /** Numbers in this column × factor = numbers in the field's unit (kg in a tonnes column: 0.001). */
  factor: number;
  /** Money: the unit bare numbers in this column are in, from the header (年度金额(万元)). */
  moneyUnit?: MoneyUnit;
}

/** The automatic mapping: every column whose header names an importable field; one column per field. */
export function autoMapping(columns: HeaderColumn[], index: HeaderIndex): ColumnMapping {
  const mapping: ColumnMapping = {};
  const single = new Set<string>();
  const boxes = new Map<string, Set<string>>();
  for (const column of columns) {
    const hit = index.match(column.header);
    const field = hit?.field;
    let key: string | null = null;
    if (field && !single.has(field.key)) {
      const option = hit.option ? String(hit.option.value) : null;
      const ticked = boxes.get(field.key);
      if (option == null && !ticked) {
        single.add(field.key);
        key = field.key;
      } else if (option != null && !ticked?.has(option)) {
        boxes.set(field.key, (ticked ?? new Set()).add(option));
        key = field.key;
      }
    }
    mapping[String(column.index)] = key;
  }
  return mapping;
}

/** Turns a mapping into column plans; refuses keys that are unknown, computed, or claimed twice. */
export function planColumns(columns: HeaderColumn[], mapping: ColumnMapping, index: HeaderIndex, ledgerTitle: string): ColumnPlan[] {
  const byIndex = new Map(columns.map((c) => [String(c.index), c]));
  const plans: ColumnPlan[] = [];
  const problems: string[] = [];
  for (const [col, key] of Object.entries(mapping)) {
    if (key == null) continue;
    const column = byIndex.get(col);
    if (!column) {
      problems.push(`第 ${Number(col) + 1} 列没有列名,不能对应字段`);
      continue;
    }
    const field = index.field(key);
    if (!field) {
      problems.push(`${column.letter} 列(${column.header})对应的字段“${key}”不是${ledgerTitle}的字段`);
      continue;
    }
    if (field.derived) {
      problems.push(`${column.letter} 列(${column.header})对应的“${field.label}”由系统计算,不能导入`);
      continue;
    }
    const hit = index.match(column.header);
    const option = index.boxOption(field, column.header) ?? undefined;
    plans.push({
      index: column.index,
      letter: column.letter,
      header: column.header,
      field,
      option,
      factor: field.kind === 'int' || field.kind === 'decimal' ? unitFactor(hit?.unit ?? null, field.unit) : 1,
      moneyUnit: field.kind === 'money' ? headerMoneyUnit(hit?.unit ?? null) : undefined,
    });
  }
  const byField = new Map<string, ColumnPlan[]>();
  for (const p of plans) byField.set(p.field.key, [...(byField.get(p.field.key) ?? []), p]);
  for (const [, group] of byField) {
    if (group.length < 2) continue;
    const boxes = group.filter((p) => p.option);
    const options = new Set(boxes.map((p) => String(p.option!.value)));
    if (boxes.length !== group.length || options.size !== boxes.length) {
      problems.push(`${group.map((p) => `${p.letter} 列(${p.header})`).join('和')}都对应“${group[0].field.label}”,请只保留一列`);
    }
  }
  if (problems.length) throw new ApiError('validation', `列的对应关系有误:${problems.join(';')}。请调整列的对应关系后重试。`);
  return plans.sort((a, b) => a.index - b.index);
}
