/**
 * The dashboard's filters: the schema hosts validate against (shape and formats, Chinese messages) and the
 * rules checked after it (from ≤ to, at most 36 months, the street and contractor exist), with the defaults
 * filled in (asOf = the host's date).
 */
import { z } from 'zod';
import { SCHEME_VOCABULARY } from '../assessment/scheme';
import type { SchemeCategory } from '../assessment/types';
import { localToday } from '../estates/rules';
import { ApiError } from '../errors';
import { rowId } from '../schemas';
import type { Tx } from '../sqlite';
import { monthRange, monthSpan, monthText, type Resolved } from './facts';
import type { DashboardFilters } from './types';

/** The longest range the dashboard draws. */
export const MAX_MONTHS = 36;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export const filtersSchema = z.strictObject({
  from: z.string().trim().regex(MONTH, '开始月份应为 YYYY-MM,如 2025-01'),
  to: z.string().trim().regex(MONTH, '结束月份应为 YYYY-MM,如 2025-12'),
  streetId: rowId.optional(),
  // A string checked by resolveFilters, so that an unknown category is refused by name.
  category: z.string().trim().max(50).optional(),
  contractorId: rowId.optional(),
  asOf: z.string().trim().regex(DAY, '统计日应为 YYYY-MM-DD,如 2025-10-31').optional(),
});

const CATEGORY_KEYS = Object.keys(SCHEME_VOCABULARY.category) as SchemeCategory[];

function refuse(field: string, message: string): ApiError {
  return new ApiError('validation', `统计看板的筛选条件有误:${message}`, { [field]: message });
}

/** The filters checked and completed; refuses what no chart could draw, naming the field in Chinese. */
export async function resolveFilters(read: Tx, raw: DashboardFilters): Promise<Resolved> {
  const input = filtersSchema.safeParse(raw);
  if (!input.success) {
    const issue = input.error.issues[0];
    throw refuse(String(issue.path[0] ?? 'filters'), /[\u4e00-\u9fff]/.test(issue.message) ? issue.message : '格式不正确');
  }
  const f = input.data;
  if (f.from > f.to) throw refuse('to', `结束月份 ${f.to} 早于开始月份 ${f.from},请调换或重选`);
  const span = monthSpan(f.from, f.to);
  if (span > MAX_MONTHS) throw refuse('to', `${monthText(f.from)}至${monthText(f.to)}共 ${span} 个月,最多 ${MAX_MONTHS} 个月,请缩小范围`);
  let category: SchemeCategory | undefined;
  if (f.category !== undefined) {
    const byKey = CATEGORY_KEYS.find((k) => k === f.category);
    const byLabel = CATEGORY_KEYS.find((k) => SCHEME_VOCABULARY.category[k] === f.category);
    category = byKey ?? byLabel;
    if (!category) throw refuse('category', `考核类别“${f.category}”不存在,可选:${CATEGORY_KEYS.map((k) => SCHEME_VOCABULARY.category[k]).join('、')}`);
  }
  if (f.streetId !== undefined && !(await read.get('SELECT 1 FROM streets WHERE id = ? AND deleted_at IS NULL', [f.streetId]))) {
    throw refuse('streetId', `街道(编号 ${f.streetId})不存在或已删除`);
  }
  if (f.contractorId !== undefined && !(await read.get('SELECT 1 FROM contractors WHERE id = ?', [f.contractorId]))) {
    throw refuse('contractorId', `作业单位(编号 ${f.contractorId})不存在`);
  }
  const out: Resolved = { from: f.from, to: f.to, asOf: f.asOf ?? localToday(), months: monthRange(f.from, f.to) };
  if (f.streetId !== undefined) out.streetId = f.streetId;
  if (category !== undefined) out.category = category;
  if (f.contractorId !== undefined) out.contractorId = f.contractorId;
  return out;
}

/** "2025-01 至 2025-12 · 街道:城关街道 · 类别:公厕保洁 · 作业单位:… · 统计日 2025-12-31", and what a filter does not apply to. */
export async function filterText(read: Tx, f: Resolved): Promise<string> {
  const parts = [`${f.from} 至 ${f.to}`];
  if (f.streetId !== undefined) {
    const s = await read.get<{ name: string }>('SELECT name FROM streets WHERE id = ?', [f.streetId]);
    parts.push(`街道:${s?.name ?? f.streetId}`);
  }
  if (f.category) parts.push(`类别:${SCHEME_VOCABULARY.category[f.category]}(用于考核和合同标段图表)`);
  if (f.contractorId !== undefined) {
    const c = await read.get<{ name: string }>('SELECT name FROM contractors WHERE id = ?', [f.contractorId]);
    parts.push(`作业单位:${c?.name ?? f.contractorId}(不适用于垃圾分类图表)`);
  }
  parts.push(`统计日 ${f.asOf}`);
  return parts.join(' · ');
}
