/**
 * Monthly scores (DOMAIN §3.6–§3.9) and pay-by-quality (按质核拨, §3.7).
 *
 * A unit is one target under one scheme family in one month. Its score combines the scheme's components:
 * the month's approved inspections (mean, or every finding deducted from one full score), rectification on
 * time, and scores entered by hand; a scheme may then take points off for orders overdue at the previous month's
 * lock (逾期整改扣分, overdue.ts). A contract's month is the mean of its units under the scheme family that
 * carries the money rule; the rule then gives the money withheld and the amount payable.
 *
 * An open month is computed live from the records; locking stores the result (monthly_results,
 * monthly_payments) and from then on the stored rows are the month's scores. A correction adds new rows
 * and marks the old ones superseded.
 */
import { appendAudit } from '../audit/audit';
import type { Ctx } from '../context';
import { ApiError, validationError } from '../errors';
import type { Tx } from '../sqlite';
import { normalizeOptionalText } from '../text';
import { computeMoney, type MoneyResult } from './money';
import { assertMonthOpen, monthLock, type MonthLock } from './month-lock';
import { overdueAtPreviousLock, overduePenaltyOf, scoreAfterPenalty, type OverduePenalty } from './overdue';
import { rectificationCounts } from './rectifications';
import { gradeOf } from './scheme';
import { aggregateOnSite, combineComponents, rectificationScore } from './scoring';
import type { SchemeComponent, SchemeDefinition, TargetType } from './types';

export interface ComponentScore {
  key: string;
  label: string;
  weight: number;
  source: SchemeComponent['source'];
  /** Out of the scheme's full score; null when not available (a manual score not yet entered). */
  value: number | null;
  weighted: number | null;
}

export interface UnitScore {
  familyId: number;
  schemeId: number;
  schemeName: string;
  category: SchemeDefinition['category'];
  targetType: TargetType;
  targetId: number;
  targetName: string;
  contractId: number | null;
  contractNo: string | null;
  contractorId: number | null;
  contractorName: string | null;
  /** Approved (or locked) inspections counted. */
  inspections: number;
  /** Inspections of the month still in draft, submitted or returned (not counted yet). */
  pending: number;
  components: ComponentScore[];
  /**
   * 逾期整改扣分 (scheme rule `overduePenalty`): orders overdue when the previous month was locked, and the points
   * taken off after the weighted components. Absent when the unit's scheme has no such rule (and in results
   * stored before the rule existed).
   */
  overdue?: OverduePenalty;
  /** Full precision (Σ weighted components − the overdue penalty, not below 0); null while a component is missing. */
  score: number | null;
  grade: string | null;
}

export interface PaymentRow {
  contractId: number;
  contractNo: string;
  projectName: string;
  contractorName: string;
  familyId: number;
  schemeId: number;
  schemeName: string;
  units: number;
  /** Mean of the units' scores (full precision); null when none is complete. */
  score: number | null;
  grade: string | null;
  feeFen: number;
  events: Record<string, number>;
  eventLabels: Record<string, string>;
  rate: number | null;
  rateLabel: string | null;
  subFeeFen: number | null;
  subFeeLabel: string | null;
  money: MoneyResult | null;
  note: string | null;
}

export interface MonthScores {
  month: string;
  /** 'locked': the stored result of the lock (or of the latest correction); 'live': computed now. */
  source: 'live' | 'locked';
  lock: MonthLock | null;
  units: UnitScore[];
  payments: PaymentRow[];
}

interface CountedInspection {
  id: number;
  schemeId: number;
  familyId: number;
  targetType: TargetType;
  targetId: number;
  contractId: number | null;
  contractorId: number | null;
  date: string;
  status: string;
  score: number;
  vetoed: number;
  /** JSON: raw points per item code (inspections.item_raw). */
  itemRaw: string;
}

function unitKey(familyId: number, targetType: string, targetId: number): string {
  return `${familyId}:${targetType}:${targetId}`;
}

async function schemeDefinitions(tx: Tx, ids: number[]): Promise<Map<number, { name: string; familyId: number; def: SchemeDefinition }>> {
  if (!ids.length) return new Map();
  const rows = await tx.all<{ id: number; name: string; familyId: number; definition: string }>(
    `SELECT id, name, family_id AS familyId, definition FROM assessment_schemes WHERE id IN (${ids.map(() => '?').join(',')})`,
    ids,
  );
  return new Map(rows.map((r) => [r.id, { name: r.name, familyId: r.familyId, def: JSON.parse(r.definition) as SchemeDefinition }]));
}

/** The month's scores computed from the records as they are now. */
export async function computeMonth(tx: Tx, month: string): Promise<{ units: UnitScore[]; payments: PaymentRow[] }> {
  // One pass over the month's inspections; names are read for the units' latest inspections only.
  const all = await tx.all<CountedInspection>(
    `SELECT i.id, i.scheme_id AS schemeId, i.target_type AS targetType, i.target_id AS targetId, i.contract_id AS contractId,
            i.contractor_id AS contractorId, i.date, i.status, i.score, i.vetoed, i.item_raw AS itemRaw
       FROM inspections i
      WHERE i.month = ? AND i.superseded_by IS NULL AND i.excluded = 0`,
    [month],
  );
  all.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id - b.id));
  const schemes = await schemeDefinitions(tx, [...new Set(all.map((i) => i.schemeId))]);
  for (const i of all) i.familyId = schemes.get(i.schemeId)!.familyId;

  // Per unit: the counted inspections, in date order (the last one names the scheme version and the contract).
  const groups = new Map<string, { counted: CountedInspection[]; pending: number; latest: CountedInspection }>();
  for (const i of all) {
    const key = unitKey(i.familyId, i.targetType, i.targetId);
    const group = groups.get(key) ?? { counted: [], pending: 0, latest: i };
    if (i.status === 'approved' || i.status === 'locked') {
      group.counted.push(i);
      group.latest = i;
    } else group.pending += 1;
    groups.set(key, group);
  }

  const latestIds = [...groups.values()].map((g) => g.latest.id);
  const names = new Map(
    (latestIds.length
      ? await tx.all<{ id: number; targetName: string; contractorName: string | null }>(
          `SELECT id, target_name AS targetName, contractor_name AS contractorName FROM inspections WHERE id IN (SELECT value FROM json_each(?))`,
          [JSON.stringify(latestIds)],
        )
      : []
    ).map((r) => [r.id, r]),
  );
  const rectification = await rectificationCounts(tx, month);
  // Read only when a scheme of the month has the rule: the shipped defaults do not.
  const overdueAtLock = [...schemes.values()].some((s) => s.def.overduePenalty) ? await overdueAtPreviousLock(tx, month) : null;
  const manual = new Map<string, number>();
  for (const r of await tx.all<{ familyId: number; targetType: string; targetId: number; component: string; score: number }>(
    `SELECT family_id AS familyId, target_type AS targetType, target_id AS targetId, component, score FROM component_inputs WHERE month = ?`,
    [month],
  )) {
    manual.set(`${unitKey(r.familyId, r.targetType, r.targetId)}:${r.component}`, r.score);
  }
  const contractIds = [...new Set(all.map((i) => i.contractId).filter((id): id is number => id != null))];
  const contracts = new Map(
    (contractIds.length
      ? await tx.all<{ id: number; contractNo: string; projectName: string; contractorName: string; monthlyFeeFen: number | null; annualFen: number }>(
          `SELECT c.id, c.contract_no AS contractNo, c.project_name AS projectName, k.name AS contractorName, c.monthly_fee_fen AS monthlyFeeFen,
                  c.annual_amount_fen AS annualFen
             FROM contracts c JOIN contractors k ON k.id = c.lead_contractor_id WHERE c.id IN (${contractIds.map(() => '?').join(',')})`,
          contractIds,
        )
      : []
    ).map((c) => [c.id, c]),
  );

  const units: UnitScore[] = [];
  for (const [key, group] of groups) {
    const latest = group.latest;
    const scheme = schemes.get(latest.schemeId)!;
    const def = scheme.def;
    // Item sums matter only when the whole month is deducted from one full score.
    const deductAll = def.aggregation === 'deductAllFromFull';
    const onSite = aggregateOnSite(
      def,
      group.counted.map((i) => ({ score: i.score, vetoed: i.vetoed === 1, itemRaw: deductAll ? (JSON.parse(i.itemRaw) as Record<string, number>) : {} })),
    );
    const values: Record<string, number | null> = {};
    for (const c of def.components) {
      if (c.source === 'inspections') values[c.key] = onSite;
      else if (c.source === 'rectification') {
        const counts = rectification.get(key) ?? { due: 0, onTime: 0 };
        values[c.key] = group.counted.length ? rectificationScore(def.fullScore, counts.due, counts.onTime) : null;
      } else values[c.key] = manual.get(`${key}:${c.key}`) ?? null;
    }
    const combined = group.counted.length ? combineComponents(def, values) : { score: null, weighted: {} as Record<string, number | null> };
    const overdue = def.overduePenalty && overdueAtLock ? overduePenaltyOf(def.overduePenalty, overdueAtLock, key) : null;
    const score = scoreAfterPenalty(combined.score, overdue);
    units.push({
      familyId: scheme.familyId,
      schemeId: latest.schemeId,
      schemeName: scheme.name,
      category: def.category,
      targetType: latest.targetType,
      targetId: latest.targetId,
      targetName: names.get(latest.id)!.targetName,
      contractId: latest.contractId,
      contractNo: latest.contractId ? (contracts.get(latest.contractId)?.contractNo ?? null) : null,
      contractorId: latest.contractorId,
      contractorName: names.get(latest.id)!.contractorName,
      inspections: group.counted.length,
      pending: group.pending,
      components: def.components.map((c) => ({
        key: c.key,
        label: c.label,
        weight: c.weight,
        source: c.source,
        value: values[c.key] ?? null,
        weighted: combined.weighted[c.key] ?? null,
      })),
      ...(overdue ? { overdue } : {}),
      score,
      grade: score == null ? null : gradeOf(def.gradeBands, score),
    });
  }
  units.sort((a, b) => a.familyId - b.familyId || a.targetName.localeCompare(b.targetName, 'zh-CN'));

  const payments = await computePayments(tx, month, units, schemes, contracts);
  return { units, payments };
}

async function computePayments(
  tx: Tx,
  month: string,
  units: UnitScore[],
  schemes: Map<number, { name: string; familyId: number; def: SchemeDefinition }>,
  contracts: Map<number, { id: number; contractNo: string; projectName: string; contractorName: string; monthlyFeeFen: number | null; annualFen: number }>,
): Promise<PaymentRow[]> {
  const inputs = new Map(
    (
      await tx.all<{ contractId: number; events: string; rate: number | null; subFeeFen: number | null; note: string | null }>(
        'SELECT contract_id AS contractId, events, rate, sub_fee_fen AS subFeeFen, note FROM money_inputs WHERE month = ?',
        [month],
      )
    ).map((r) => [r.contractId, r]),
  );
  // Per contract, the family with a money rule that scored the most of its units (ties: the older family).
  const byContract = new Map<number, Map<number, UnitScore[]>>();
  for (const u of units) {
    if (u.contractId == null || !schemes.get(u.schemeId)?.def.money) continue;
    const families = byContract.get(u.contractId) ?? new Map<number, UnitScore[]>();
    families.set(u.familyId, [...(families.get(u.familyId) ?? []), u]);
    byContract.set(u.contractId, families);
  }
  const payments: PaymentRow[] = [];
  for (const [contractId, families] of byContract) {
    const [familyId, familyUnits] = [...families].sort((a, b) => b[1].length - a[1].length || a[0] - b[0])[0];
    const latest = familyUnits.reduce((a, b) => (b.schemeId > a.schemeId ? b : a));
    const def = schemes.get(latest.schemeId)!.def;
    const rule = def.money!;
    const contract = contracts.get(contractId)!;
    const scored = familyUnits.filter((u) => u.score != null);
    const score = scored.length === familyUnits.length && scored.length ? scored.reduce((s, u) => s + u.score!, 0) / scored.length : null;
    const input = inputs.get(contractId);
    const events = input ? (JSON.parse(input.events) as Record<string, number>) : {};
    const feeFen = contract.monthlyFeeFen ?? Math.round(contract.annualFen / 12);
    const money =
      score == null
        ? null
        : computeMoney(rule, { monthlyFeeFen: feeFen, score, events, rate: input?.rate ?? null, subFeeFen: input?.subFeeFen ?? null });
    payments.push({
      contractId,
      contractNo: contract.contractNo,
      projectName: contract.projectName,
      contractorName: contract.contractorName,
      familyId,
      schemeId: latest.schemeId,
      schemeName: latest.schemeName,
      units: familyUnits.length,
      score,
      grade: score == null ? null : gradeOf(def.gradeBands, score),
      feeFen,
      events,
      eventLabels: Object.fromEntries(rule.events.map((e) => [e.kind, `${e.label}(${e.pct}%/次)`])),
      rate: input?.rate ?? null,
      rateLabel: rule.rateTiers?.metricLabel ?? null,
      subFeeFen: input?.subFeeFen ?? null,
      subFeeLabel: rule.rateTiers?.subFeeLabel ?? null,
      money,
      note: input?.note ?? null,
    });
  }
  payments.sort((a, b) => a.contractNo.localeCompare(b.contractNo, 'zh-CN'));
  return payments;
}

/** The stored scores of a locked month (the current rows: the lock's, or the latest correction's). */
async function storedMonth(tx: Tx, month: string): Promise<{ units: UnitScore[]; payments: PaymentRow[] }> {
  const units = await tx.all<{ detail: string }>(
    "SELECT components AS detail FROM monthly_results WHERE month = ? AND status = 'current' ORDER BY id",
    [month],
  );
  const payments = await tx.all<{ detail: string }>("SELECT detail FROM monthly_payments WHERE month = ? AND status = 'current' ORDER BY id", [month]);
  return { units: units.map((u) => JSON.parse(u.detail) as UnitScore), payments: payments.map((p) => JSON.parse(p.detail) as PaymentRow) };
}

export async function monthScores(tx: Tx, month: string): Promise<MonthScores> {
  const lock = await monthLock(tx, month);
  if (lock) return { month, source: 'locked', lock, ...(await storedMonth(tx, month)) };
  return { month, source: 'live', lock: null, ...(await computeMonth(tx, month)) };
}

/**
 * Stores a month's scores as computed now. With `correctionId`, the rows they replace are marked superseded.
 * Returns how many unit and contract rows were written.
 */
export async function storeMonthScores(ctx: Ctx, tx: Tx, month: string, correctionId: number | null): Promise<{ units: number; payments: number; scores: { units: UnitScore[]; payments: PaymentRow[] } }> {
  const scores = await computeMonth(tx, month);
  const now = new Date().toISOString();
  if (correctionId != null) {
    await tx.run("UPDATE monthly_results SET status = 'superseded' WHERE month = ? AND status = 'current'", [month]);
    await tx.run("UPDATE monthly_payments SET status = 'superseded' WHERE month = ? AND status = 'current'", [month]);
  }
  await tx.run(
    `INSERT INTO monthly_results (month, scheme_id, family_id, category, target_type, target_id, target_name, contract_id, contractor_id,
                                  contractor_name, inspections, components, score, grade, status, correction_id, computed_at, computed_by)
     SELECT ?1, j.value ->> '$.schemeId', j.value ->> '$.familyId', j.value ->> '$.category', j.value ->> '$.targetType', j.value ->> '$.targetId',
            j.value ->> '$.targetName', j.value ->> '$.contractId', j.value ->> '$.contractorId', j.value ->> '$.contractorName',
            j.value ->> '$.inspections', json(j.value), j.value ->> '$.score', j.value ->> '$.grade', 'current', ?2, ?3, ?4
       FROM json_each(?5) j`,
    [month, correctionId, now, ctx.user.id, JSON.stringify(scores.units)],
  );
  await tx.run(
    `INSERT INTO monthly_payments (month, contract_id, scheme_id, detail, fee_fen, total_fen, payable_fen, status, correction_id, computed_at, computed_by)
     SELECT ?1, j.value ->> '$.contractId', j.value ->> '$.schemeId', json(j.value), j.value ->> '$.feeFen',
            coalesce(j.value ->> '$.money.totalFen', 0), coalesce(j.value ->> '$.money.payableFen', j.value ->> '$.feeFen'), 'current', ?2, ?3, ?4
       FROM json_each(?5) j`,
    [month, correctionId, now, ctx.user.id, JSON.stringify(scores.payments)],
  );
  return { units: scores.units.length, payments: scores.payments.length, scores };
}

/** A manual component's score for one unit and month (e.g. a public survey); null clears it. */
export async function setComponentScore(
  ctx: Ctx,
  input: { month: string; familyId: number; targetType: TargetType; targetId: number; component: string; score: number | null; note?: string | null },
): Promise<MonthScores> {
  await ctx.ws.db.write(async (tx) => {
    await assertMonthOpen(tx, input.month);
    const scheme = await tx.get<{ definition: string; name: string }>(
      "SELECT definition, name FROM assessment_schemes WHERE family_id = ? ORDER BY version DESC LIMIT 1",
      [input.familyId],
    );
    if (!scheme) throw new ApiError('not_found', `考核细则(编号 ${input.familyId})不存在`);
    const def = JSON.parse(scheme.definition) as SchemeDefinition;
    const component = def.components.find((c) => c.key === input.component);
    if (!component || component.source !== 'manual') {
      throw validationError({ component: `细则“${scheme.name}”没有需要人工录入的分项“${input.component}”` }, { component: '分项' });
    }
    if (input.score != null && (input.score < 0 || input.score > def.fullScore)) {
      throw validationError({ score: `${component.label}的得分只能在 0~${def.fullScore} 之间(按满分计,权重由系统折算)` }, { score: '得分' });
    }
    const keyParams = [input.month, input.familyId, input.targetType, input.targetId, input.component];
    const before = await tx.get<{ score: number }>(
      'SELECT score FROM component_inputs WHERE month = ? AND family_id = ? AND target_type = ? AND target_id = ? AND component = ?',
      keyParams,
    );
    if (input.score == null) {
      await tx.run('DELETE FROM component_inputs WHERE month = ? AND family_id = ? AND target_type = ? AND target_id = ? AND component = ?', keyParams);
    } else {
      await tx.run(
        `INSERT INTO component_inputs (month, family_id, target_type, target_id, component, score, note, updated_at, updated_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (month, family_id, target_type, target_id, component) DO UPDATE SET score = excluded.score, note = excluded.note,
           updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
        [...keyParams, input.score, normalizeOptionalText(input.note), new Date().toISOString(), ctx.user.id],
      );
    }
    await appendAudit(tx, ctx.user, {
      method: 'scores.setComponent',
      entity: 'component_input',
      entityId: null,
      before: before ? { ...input, score: before.score } : undefined,
      after: input,
    });
  });
  return monthScores(ctx.ws.db.read, input.month);
}

/** A contract's money inputs for the month: event counts, the metric of the rate tiers, and the sub-fee. */
export async function setMoneyInputs(
  ctx: Ctx,
  input: { month: string; contractId: number; events: Record<string, number>; rate: number | null; subFeeFen: number | null; note?: string | null },
): Promise<MonthScores> {
  await ctx.ws.db.write(async (tx) => {
    await assertMonthOpen(tx, input.month);
    const contract = await tx.get<{ contractNo: string }>('SELECT contract_no AS contractNo FROM contracts WHERE id = ? AND deleted_at IS NULL', [
      input.contractId,
    ]);
    if (!contract) throw new ApiError('not_found', `合同(编号 ${input.contractId})不存在或已删除`);
    const errors: Record<string, string> = {};
    for (const [kind, count] of Object.entries(input.events)) {
      if (!Number.isInteger(count) || count < 0 || count > 99) errors[`events.${kind}`] = '次数应为 0~99 的整数';
    }
    if (input.rate != null && (input.rate < 0 || input.rate > 100)) errors.rate = '比率应在 0~100(%)之间';
    if (Object.keys(errors).length) throw validationError(errors, { rate: '比率', subFeeFen: '分项费用' });
    const events = Object.fromEntries(Object.entries(input.events).filter(([, n]) => n > 0));
    const before = await tx.get('SELECT events, rate, sub_fee_fen AS subFeeFen, note FROM money_inputs WHERE month = ? AND contract_id = ?', [
      input.month,
      input.contractId,
    ]);
    await tx.run(
      `INSERT INTO money_inputs (month, contract_id, events, rate, sub_fee_fen, note, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (month, contract_id) DO UPDATE SET events = excluded.events, rate = excluded.rate, sub_fee_fen = excluded.sub_fee_fen,
         note = excluded.note, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      [input.month, input.contractId, JSON.stringify(events), input.rate, input.subFeeFen, normalizeOptionalText(input.note), new Date().toISOString(), ctx.user.id],
    );
    await appendAudit(tx, ctx.user, {
      method: 'scores.setMoneyInputs',
      entity: 'contract',
      entityId: input.contractId,
      before,
      after: { month: input.month, events, rate: input.rate, subFeeFen: input.subFeeFen, note: input.note ?? null },
    });
  });
  return monthScores(ctx.ws.db.read, input.month);
}
