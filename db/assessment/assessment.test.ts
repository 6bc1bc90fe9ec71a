/**
 * The assessment workflow end to end on a real workspace with the demo district: a toilet inspection typed
 * from a paper checklist, submitted, approved, the month locked, a manager's correction; and the refusals
 * (wrong dates, inactive targets, locked months, incomplete months) that must leave nothing behind.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callApi } from '../api';
import type { Ctx } from '../context';
import { previousMonth } from '../dates';
import { localToday } from '../estates/rules';
import { testWorkspace, type TestWorkspace } from '../testing';
import type { Role } from '../users/roles';
import type { InspectionDetail } from './inspections';
import type { MonthScores } from './monthly';
import type { SchemeDefinition } from './types';

/** A 1×1 PNG: the smallest real photo. */
const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const TOILET_SCHEME = 2;
const ROAD_SCHEME = 1;

let t: TestWorkspace;
let month: string;
const ctxFor: Partial<Record<Role, Ctx>> = {};

async function as(role: Role): Promise<Ctx> {
  if (ctxFor[role]) return ctxFor[role]!;
  const login = `test-${role}`;
  await t.ctx.ws.db.write((tx) =>
    tx.run("INSERT INTO users (login, name, role, created_at) VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))", [login, `测试${role}`, role]),
  );
  const user = await t.ctx.ws.db.read.get<Ctx['user']>('SELECT id, login, name, role FROM users WHERE login = ?', [login]);
  ctxFor[role] = { ...t.ctx, user: user! };
  return ctxFor[role]!;
}

async function ok<T>(role: Role, method: string, input: unknown): Promise<T> {
  const result = await callApi(await as(role), method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.data as T;
}

async function refused(role: Role, method: string, input: unknown) {
  const result = await callApi(await as(role), method, input);
  if (result.ok) throw new Error(`${method} should have been refused`);
  return result.error;
}

async function auditCount(): Promise<number> {
  return (await t.ctx.ws.db.read.get<{ n: number }>('SELECT count(*) AS n FROM audit_log'))!.n;
}

/** A toilet in use whose cleaning section's contract runs in the test month. */
async function toiletInService(): Promise<{ id: number; name: string; contractId: number }> {
  const row = await t.ctx.ws.db.read.get<{ id: number; name: string; contractId: number }>(
    `SELECT t.id, t.name, b.contract_id AS contractId FROM toilets t JOIN bid_sections b ON b.id = t.bid_section_id
      WHERE t.status = 'inUse' AND t.deleted_at IS NULL ORDER BY t.id LIMIT 1`,
  );
  return row!;
}

function toiletInspection(targetId: number, date: string, findings: unknown[]) {
  return { schemeId: TOILET_SCHEME, date, time: '09:30', mode: 'unannounced', inspectors: ['李审核', '赵检查'], targetType: 'toilet', targetId, findings };
}

beforeEach(async () => {
  t = await testWorkspace({ demo: true });
  month = previousMonth(localToday().slice(0, 7));
  for (const key of Object.keys(ctxFor)) delete ctxFor[key as Role];
});
afterEach(async () => {
  await t.close();
});

describe('a toilet inspection from entry to a locked month', () => {
  it('scores the findings, asks for the photo, approves, issues the rectification order and locks', async () => {
    const toilet = await toiletInService();
    const photo = await ok<{ id: number; sha256: string }>('clerk', 'attachments.upload', { fileName: '地面.png', dataBase64: PNG_1PX });
    expect(photo.sha256).toMatch(/^[0-9a-f]{64}$/);

    // T1 floor −5 per non-conformity, 2 occurrences; T8 signs −2.5, 1 missing.
    const draft = await ok<InspectionDetail>(
      'clerk',
      'inspections.save',
      toiletInspection(toilet.id, `${month}-15`, [
        { itemCode: 'T1', occurrences: 2, location: '男厕', description: '地面积水、有纸屑' },
        { itemCode: 'T8', occurrences: 1, description: '缺少免费如厕标识' },
      ]),
    );
    expect(draft.status).toBe('draft');
    expect(draft.score).toBe(87.5);
    expect(draft.contractId).toBe(toilet.contractId);
    expect(draft.contractorName).toBeTruthy();

    // T1 needs a photo (环境卫生 items are evidence: photo): submit is refused and names the item.
    const noPhoto = await refused('clerk', 'inspections.submit', { id: draft.id, version: draft.version });
    expect(noPhoto.message).toContain('T1');
    const withPhoto = await ok<InspectionDetail>('clerk', 'inspections.save', {
      ...toiletInspection(toilet.id, `${month}-15`, [
        { itemCode: 'T1', occurrences: 2, location: '男厕', description: '地面积水、有纸屑', photos: [photo.id] },
        { itemCode: 'T8', occurrences: 1, description: '缺少免费如厕标识' },
      ]),
      id: draft.id,
      version: draft.version,
    });
    const submitted = await ok<InspectionDetail>('clerk', 'inspections.submit', { id: withPhoto.id, version: withPhoto.version });
    expect(submitted.status).toBe('submitted');

    // A clerk cannot approve.
    const forbidden = await refused('clerk', 'inspections.approve', { id: submitted.id, version: submitted.version });
    expect(forbidden.code).toBe('forbidden');
    expect(forbidden.message).toContain('审核员');

    const approved = await ok<InspectionDetail>('supervisor', 'inspections.approve', { id: submitted.id, version: submitted.version });
    expect(approved.status).toBe('approved');
    const orders = await ok<Array<{ noticeNo: string; itemCode: string; deadline: string }>>('clerk', 'rectifications.list', { month });
    expect(orders.map((o) => o.itemCode)).toContain('T1');
    expect(orders[0].noticeNo).toMatch(/^ZG\d{6}-\d{4}$/);

    const status = await ok<{ lock: { lockedBy: string } | null; counts: { locked: number } }>('supervisor', 'months.lock', { month });
    expect(status.lock?.lockedBy).toBe('测试supervisor');
    expect(status.counts.locked).toBe(1);

    const scores = await ok<MonthScores>('clerk', 'scores.monthly', { month });
    expect(scores.source).toBe('locked');
    const unit = scores.units.find((u) => u.targetType === 'toilet' && u.targetId === toilet.id)!;
    expect(unit.score).toBe(87.5);
    expect(unit.grade).toBe('良好');
    const payment = scores.payments.find((p) => p.contractId === toilet.contractId)!;
    expect(payment.money).not.toBeNull();
    // Below the pass mark 90 by 2.5 points at 5 % a point: 12.5 % of the monthly fee.
    expect(payment.money!.qualityFen).toBe(Math.round(payment.feeFen * 0.125));
    expect(payment.money!.payableFen).toBe(payment.feeFen - payment.money!.totalFen);

    // Locked: the clerk's edit is refused and names who locked it; nothing is written.
    const before = await auditCount();
    const lockedEdit = await refused('clerk', 'inspections.save', {
      ...toiletInspection(toilet.id, `${month}-16`, []),
    });
    expect(lockedEdit.message).toContain('锁定');
    expect(await auditCount()).toBe(before);
  });

  it('stops deductions at the item maximum (扣完为止) and keeps the score inside 0…100', async () => {
    const toilet = await toiletInService();
    const saved = await ok<InspectionDetail>(
      'clerk',
      'inspections.save',
      toiletInspection(toilet.id, `${month}-10`, [{ itemCode: 'T1', occurrences: 4 }]),
    );
    expect(saved.rawDeduction).toBe(20);
    expect(saved.deduction).toBe(15);
    expect(saved.score).toBe(85);
  });

  it('refuses a typed total that differs from the findings unless a reason is given', async () => {
    const toilet = await toiletInService();
    const input = toiletInspection(toilet.id, `${month}-10`, [{ itemCode: 'T5', occurrences: 2 }]);
    const error = await refused('clerk', 'inspections.save', { ...input, typedScore: 95 });
    expect(error.fields?.overrideReason).toContain('98');
    const saved = await ok<InspectionDetail>('clerk', 'inspections.save', { ...input, typedScore: 95, overrideReason: '现场复核后加扣一处' });
    expect(saved.score).toBe(95);
    expect(saved.typedScore).toBe(95);
  });
});

describe('refusals that leave nothing behind', () => {
  it('refuses a date outside the month being entered, a future date, an inactive toilet and a contract not yet running', async () => {
    const before = await auditCount();
    const toilet = await toiletInService();
    const future = await refused('clerk', 'inspections.save', toiletInspection(toilet.id, '2099-01-05', []));
    expect(future.message).toContain('晚于今天');
    // E4: a check of the 30th typed while entering the next month's sheets.
    const otherMonth = await refused('clerk', 'inspections.save', { ...toiletInspection(toilet.id, `${month}-28`, []), month: localToday().slice(0, 7) });
    expect(otherMonth.fields?.date).toContain(`不在考核月份 ${localToday().slice(0, 7)} 内`);

    const closed = await t.ctx.ws.db.read.get<{ id: number }>("SELECT id FROM toilets WHERE status = 'closed' LIMIT 1");
    const closedError = await refused('clerk', 'inspections.save', toiletInspection(closed!.id, `${month}-03`, []));
    expect(closedError.message).toContain('已关闭');

    const section = await t.ctx.ws.db.read.get<{ id: number; start: string }>(
      'SELECT b.id, c.start_date AS start FROM bid_sections b JOIN contracts c ON c.id = b.contract_id ORDER BY c.start_date DESC LIMIT 1',
    );
    const early = await refused('clerk', 'inspections.save', {
      schemeId: ROAD_SCHEME,
      date: '2025-01-02' < section!.start ? '2025-01-02' : '2020-01-02',
      mode: 'routine',
      inspectors: ['赵检查'],
      targetType: 'section',
      targetId: section!.id,
      findings: [],
    });
    expect(early.message).toMatch(/服务期|有效期/);
    expect(await auditCount()).toBe(before);
  });

  it('refuses a ranged tier value outside its range and an unknown item', async () => {
    const section = await t.ctx.ws.db.read.get<{ id: number }>(
      `SELECT b.id FROM bid_sections b JOIN contracts c ON c.id = b.contract_id
        WHERE EXISTS (SELECT 1 FROM json_each(b.scope_types) WHERE value = 'roadCleaning') AND c.start_date <= ? ORDER BY b.id LIMIT 1`,
      [`${month}-01`],
    );
    const road = (findings: unknown[]) => ({ schemeId: ROAD_SCHEME, date: `${month}-08`, mode: 'routine', inspectors: ['赵检查'], targetType: 'section', targetId: section!.id, findings });
    const scheme = await ok<{ definition: SchemeDefinition }>('clerk', 'schemes.get', { id: ROAD_SCHEME });
    const ranged = scheme.definition.items.find((i) => i.tiers.some((tier) => tier.pointsMin != null))!;
    const tier = ranged.tiers.find((x) => x.pointsMin != null)!;
    const outside = await refused('clerk', 'inspections.save', road([{ itemCode: ranged.code, occurrences: 1, pointsEach: tier.pointsMax! + 0.1 }]));
    expect(outside.fields?.['findings.0.pointsEach']).toContain(ranged.code);
    const inside = await ok<InspectionDetail>('clerk', 'inspections.save', road([{ itemCode: ranged.code, occurrences: 2, pointsEach: tier.pointsMin! + 0.1 }]));
    expect(inside.rawDeduction).toBeCloseTo(2 * (tier.pointsMin! + 0.1), 10);
    const unknown = await refused('clerk', 'inspections.save', road([{ itemCode: 'ZZ9', occurrences: 1 }]));
    expect(unknown.fields?.['findings.0.itemCode']).toContain('ZZ9');
  });

  it('will not lock a month with an inspection still in draft, until it is excluded with a reason', async () => {
    const toilet = await toiletInService();
    const draft = await ok<InspectionDetail>('clerk', 'inspections.save', toiletInspection(toilet.id, `${month}-12`, []));
    const error = await refused('supervisor', 'months.lock', { month });
    expect(error.message).toContain('未审核通过');
    expect(error.message).toContain(draft.targetName);
    const noReason = await refused('supervisor', 'inspections.exclude', { id: draft.id, version: draft.version, excluded: true });
    expect(noReason.message).toContain('原因');
    await ok('supervisor', 'inspections.exclude', { id: draft.id, version: draft.version, excluded: true, reason: '重复录入' });
    const locked = await ok<{ lock: unknown; counts: { excluded: number } }>('supervisor', 'months.lock', { month });
    expect(locked.lock).not.toBeNull();
    expect(locked.counts.excluded).toBe(1);
  });

  it('asks for confirmation before locking the current month early', async () => {
    const current = localToday().slice(0, 7);
    const error = await refused('supervisor', 'months.lock', { month: current });
    expect(error.message).toContain('提前锁定');
    const status = await ok<{ lock: { early: boolean } }>('supervisor', 'months.lock', { month: current, confirmEarly: true });
    expect(status.lock.early).toBe(true);
  });
});

describe('corrections after lock', () => {
  it('creates a new revision, supersedes the old one and the stored scores, and the audit keeps both', async () => {
    const toilet = await toiletInService();
    const saved = await ok<InspectionDetail>('clerk', 'inspections.save', toiletInspection(toilet.id, `${month}-20`, [{ itemCode: 'T8', occurrences: 3 }]));
    const submitted = await ok<InspectionDetail>('clerk', 'inspections.submit', { id: saved.id, version: saved.version });
    await ok('supervisor', 'inspections.approve', { id: submitted.id, version: submitted.version });
    await ok('supervisor', 'months.lock', { month });

    const notManager = await refused('supervisor', 'corrections.open', {
      month,
      reasonKind: 'appealUpheld',
      reasonText: '申诉',
      changes: [{ inspectionId: saved.id, findings: [] }],
    });
    expect(notManager.code).toBe('forbidden');

    const result = await ok<{ correction: { id: number; revisions: Array<{ fromId: number; toId: number; scoreBefore: number; scoreAfter: number }> }; scores: MonthScores }>(
      'manager',
      'corrections.open',
      {
        month,
        reasonKind: 'appealUpheld',
        reasonText: '作业单位申诉:其中两处为施工方遗留,经复核属实',
        changes: [{ inspectionId: saved.id, findings: [{ itemCode: 'T8', occurrences: 1 }] }],
      },
    );
    const [revision] = result.correction.revisions;
    expect(revision).toMatchObject({ fromId: saved.id, scoreBefore: 92.5, scoreAfter: 97.5 });
    expect(result.scores.units.find((u) => u.targetId === toilet.id)!.score).toBe(97.5);

    const stored = await t.ctx.ws.db.read.all<{ status: string; score: number }>(
      "SELECT status, score FROM monthly_results WHERE month = ? AND target_type = 'toilet' AND target_id = ? ORDER BY id",
      [month, toilet.id],
    );
    expect(stored).toEqual([
      { status: 'superseded', score: 92.5 },
      { status: 'current', score: 97.5 },
    ]);
    const old = await ok<InspectionDetail>('clerk', 'inspections.get', { id: saved.id });
    expect(old.supersededBy).toBe(revision.toId);
    expect(old.score).toBe(92.5);
    const fresh = await ok<InspectionDetail>('clerk', 'inspections.get', { id: revision.toId });
    expect(fresh.revision).toBe(2);
    expect(fresh.revisions.map((r) => r.score)).toEqual([92.5, 97.5]);
    const correctionEntry = fresh.history.find((h) => h.method === 'corrections.open')!;
    expect(correctionEntry.before).toMatchObject({ score: 92.5 });
    expect(correctionEntry.after).toMatchObject({ score: 97.5 });
    expect(fresh.history.some((h) => h.method === 'inspections.approve')).toBe(true);

    // The superseded revision can no longer be corrected; the new one can.
    const again = await refused('manager', 'corrections.open', {
      month,
      reasonKind: 'recount',
      reasonText: '再次复核',
      changes: [{ inspectionId: saved.id, findings: [] }],
    });
    expect(again.message).toContain('已被第 2 版取代');
  });
});

describe('rectification orders', () => {
  it('follows an order from issue to close-out and lists overdue ones', async () => {
    const toilet = await toiletInService();
    const saved = await ok<InspectionDetail>('clerk', 'inspections.save', toiletInspection(toilet.id, `${month}-02`, [{ itemCode: 'T6', occurrences: 2, rectify: true, rectifyDeadline: `${month}-05` }]));
    const submitted = await ok<InspectionDetail>('clerk', 'inspections.submit', { id: saved.id, version: saved.version });
    await ok('supervisor', 'inspections.approve', { id: submitted.id, version: submitted.version });
    const [order] = await ok<Array<{ id: number; version: number; overdue: boolean; status: string }>>('clerk', 'rectifications.list', { status: 'overdue' });
    expect(order.overdue).toBe(true);

    const fixed = await ok<{ id: number; version: number; status: string; daysLate: number }>('clerk', 'rectifications.reportFixed', {
      id: order.id,
      version: order.version,
      fixedAt: `${month}-04`,
      note: '已更换门锁',
    });
    expect(fixed.status).toBe('fixed');
    expect(fixed.daysLate).toBe(0);
    const clerkClose = await refused('clerk', 'rectifications.close', { id: fixed.id, version: fixed.version });
    expect(clerkClose.code).toBe('forbidden');
    const closed = await ok<{ status: string; verifiedBy: string }>('supervisor', 'rectifications.close', { id: fixed.id, version: fixed.version, note: '复核属实' });
    expect(closed).toMatchObject({ status: 'closed', verifiedBy: '测试supervisor' });
    expect(await ok<unknown[]>('clerk', 'rectifications.list', { status: 'overdue' })).toEqual([]);
  });
});

describe('schemes as versioned data', () => {
  it('refuses a scheme whose items do not add up to the full score, and versions a scheme already used', async () => {
    const scheme = await ok<{ familyId: number; version: number; definition: SchemeDefinition }>('admin', 'schemes.get', { id: TOILET_SCHEME });
    const broken = structuredClone(scheme.definition);
    broken.items[0].maxPoints -= 5;
    const before = await auditCount();
    const error = await refused('admin', 'schemes.save', { familyId: scheme.familyId, definition: broken });
    expect(error.code).toBe('validation');
    expect(error.message).toContain('95');
    expect(await auditCount()).toBe(before);
    expect((await refused('supervisor', 'schemes.save', { familyId: scheme.familyId, definition: scheme.definition })).code).toBe('forbidden');

    // Unused: rewritten in place.
    const renamed = { ...scheme.definition, notes: '第一次修改' };
    const same = await ok<{ id: number; version: number }>('admin', 'schemes.save', { familyId: scheme.familyId, definition: renamed });
    expect(same).toMatchObject({ id: TOILET_SCHEME, version: 1 });

    // Used by an inspection: a new version; the inspection keeps version 1.
    const toilet = await toiletInService();
    const inspection = await ok<InspectionDetail>('clerk', 'inspections.save', toiletInspection(toilet.id, `${month}-03`, []));
    const next = await ok<{ id: number; version: number }>('admin', 'schemes.save', { familyId: scheme.familyId, definition: { ...renamed, notes: '第二次修改' } });
    expect(next.version).toBe(2);
    expect(next.id).not.toBe(TOILET_SCHEME);
    expect((await ok<InspectionDetail>('clerk', 'inspections.get', { id: inspection.id })).scheme.version).toBe(1);
  });
});

describe('money inputs and the finance export', () => {
  it('adds event deductions to a contract and exports the pay-by-quality sheet', async () => {
    const toilet = await toiletInService();
    const saved = await ok<InspectionDetail>('clerk', 'inspections.save', toiletInspection(toilet.id, `${month}-07`, []));
    const submitted = await ok<InspectionDetail>('clerk', 'inspections.submit', { id: saved.id, version: saved.version });
    await ok('supervisor', 'inspections.approve', { id: submitted.id, version: submitted.version });
    const scores = await ok<MonthScores>('supervisor', 'scores.setMoneyInputs', {
      month,
      contractId: toilet.contractId,
      events: { complaintUnfixed: 1 },
      rate: null,
      subFeeFen: null,
    });
    const payment = scores.payments.find((p) => p.contractId === toilet.contractId)!;
    expect(payment.money!.qualityFen).toBe(0);
    expect(payment.money!.eventFen).toBe(Math.round(payment.feeFen * 0.02));
    const file = await ok<{ fileName: string; base64: string; rows: number }>('clerk', 'scores.export', { month, sheet: 'payments' });
    expect(file.fileName).toMatch(/按质核拨表.*\.xlsx$/);
    expect(file.rows).toBe(scores.payments.length);
    expect(Buffer.from(file.base64, 'base64').subarray(0, 2).toString()).toBe('PK');
  });
});

describe('monthly aggregation rules', () => {
  it('deducts every finding of the month from one full score when the scheme says so (垃圾收运, caps on the month)', async () => {
    const section = await t.ctx.ws.db.read.get<{ id: number }>(
      `SELECT b.id FROM bid_sections b JOIN contracts c ON c.id = b.contract_id
        WHERE EXISTS (SELECT 1 FROM json_each(b.scope_types) WHERE value = 'wasteCollection') AND c.start_date <= ? ORDER BY b.id LIMIT 1`,
      [`${month}-01`],
    );
    for (const day of ['05', '19']) {
      const saved = await ok<InspectionDetail>('clerk', 'inspections.save', {
        schemeId: 4,
        date: `${month}-${day}`,
        mode: 'routine',
        inspectors: ['赵检查'],
        targetType: 'section',
        targetId: section!.id,
        findings: [{ itemCode: 'C6', occurrences: 6 }],
      });
      expect(saved.score).toBe(94);
      const submitted = await ok<InspectionDetail>('clerk', 'inspections.submit', { id: saved.id, version: saved.version });
      await ok('supervisor', 'inspections.approve', { id: submitted.id, version: submitted.version });
    }
    const scores = await ok<MonthScores>('clerk', 'scores.monthly', { month });
    const unit = scores.units.find((u) => u.targetType === 'section' && u.targetId === section!.id)!;
    // Month: C6 raw 12 points, capped at its 10 → on-site 90 (the mean rule would give 94); no orders due → rectification 100.
    expect(unit.inspections).toBe(2);
    expect(unit.components.map((c) => [c.key, c.value])).toEqual([
      [unit.components[0].key, 90],
      [unit.components[1].key, 100],
    ]);
    expect(unit.score).toBeCloseTo(91, 10);
  });
});

describe('two administrators editing one scheme', () => {
  it('refuses the save of an editor that opened an older state', async () => {
    const opened = await ok<{ id: number; familyId: number; revision: number; definition: SchemeDefinition }>('admin', 'schemes.get', { id: TOILET_SCHEME });
    const expected = { id: opened.id, revision: opened.revision };
    await ok('admin', 'schemes.save', { familyId: opened.familyId, definition: { ...opened.definition, notes: '甲的修改' }, expected });
    const stale = await refused('admin', 'schemes.save', { familyId: opened.familyId, definition: { ...opened.definition, notes: '乙的修改' }, expected });
    expect(stale.code).toBe('conflict');
    expect((await ok<{ definition: SchemeDefinition }>('admin', 'schemes.get', { id: TOILET_SCHEME })).definition.notes).toBe('甲的修改');
  });
});
