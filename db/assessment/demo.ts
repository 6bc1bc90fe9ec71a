/**
 * Three months of assessment in the demo district, typed and approved through the same services a clerk and
 * a supervisor use (so every rule holds): toilets, road and collection sections, and sorting estates. The two
 * older months are locked with their rectification orders followed up; the last month is approved but left
 * open, so the month lock can be tried. Deterministic (seeded) like the rest of the demo.
 *
 * Loaded when the console creates its demo workspace on first start (and by `cli demo`), not by
 * loadDemoDistrict: tests start from a district without inspections.
 */
import type { Ctx } from '../context';
import { addDays, previousMonth } from '../dates';
import { seededRandom } from '../demo/demo';
import { localToday } from '../estates/rules';
import type { User } from '../users/users';
import { uploadAttachment } from './attachments';
import type { FindingInput } from './findings';
import { approveInspection, saveInspection, submitInspection, type InspectionMode } from './inspections';
import { lockMonth } from './months';
import { actOnRectification, listRectifications } from './rectifications';
import { listSchemes } from './schemes';
import type { SchemeDefinition, TargetType } from './types';

/** A 2×2 grey PNG standing in for the site photos the schemes ask for. */
const DEMO_PHOTO_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR42mNgYGD4z8DAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==';

const INSPECTORS = [['赵检查', '钱考评'], ['孙督查'], ['李审核', '周检查'], ['吴考评']];
const MODES: InspectionMode[] = ['routine', 'routine', 'routine', 'unannounced', 'night', 'offHours'];
const LOCATIONS = ['东侧入口', '男厕', '女厕', '北侧人行道', '转角处', '收集点旁', '3号楼下', '主干道中段'];

async function userByLogin(ctx: Ctx, login: string): Promise<User> {
  const user = await ctx.ws.db.read.get<User>('SELECT id, login, name, role FROM users WHERE login = ? AND active = 1', [login]);
  return user ?? ctx.user;
}

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)];
}

function sample<T>(rand: () => number, items: readonly T[], count: number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rand() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, count);
}

/** A few findings as an inspector would record them: most items clean, some deducted once or twice. */
function demoFindings(rand: () => number, def: SchemeDefinition, photo: number): FindingInput[] {
  const usable = def.items.filter((i) => !i.bonus && !i.veto);
  const count = Math.floor(rand() * 6);
  return sample(rand, usable, count).map((item) => {
    const tier = item.tiers.length ? pick(rand, item.tiers) : null;
    const pointsEach = tier ? (tier.points ?? Math.round(((tier.pointsMin! + tier.pointsMax!) / 2) * 10) / 10) : item.unitDeduction;
    return {
      itemCode: item.code,
      occurrences: item.deductionUnit === 'fixed' ? 1 : 1 + Math.floor(rand() * 3),
      pointsEach,
      location: pick(rand, LOCATIONS),
      description: item.title.replace(/[((].*$/, ''),
      photos: item.evidence === 'none' ? [] : [photo],
    };
  });
}

interface DemoTarget {
  familyId: number;
  targetType: TargetType;
  targetId: number;
}

async function demoTargets(ctx: Ctx, rand: () => number): Promise<DemoTarget[]> {
  const read = ctx.ws.db.read;
  const schemes = await listSchemes(ctx.ws.db);
  const family = (category: string) => schemes.find((s) => s.category === category)!.familyId;
  const toilets = await read.all<{ id: number }>("SELECT id FROM toilets WHERE status = 'inUse' AND deleted_at IS NULL AND bid_section_id IS NOT NULL ORDER BY id");
  const sectionsWith = (scope: string) =>
    read.all<{ id: number }>(
      `SELECT b.id FROM bid_sections b WHERE b.deleted_at IS NULL AND EXISTS (SELECT 1 FROM json_each(b.scope_types) WHERE value = ?) ORDER BY b.id`,
      [scope],
    );
  const estates = await read.all<{ id: number }>('SELECT id FROM estates WHERE deleted_at IS NULL ORDER BY id');
  const targets: DemoTarget[] = [];
  for (const t of sample(rand, toilets, 20)) targets.push({ familyId: family('toilet'), targetType: 'toilet', targetId: t.id });
  for (const s of await sectionsWith('roadCleaning')) {
    for (let k = 0; k < 2; k += 1) targets.push({ familyId: family('roadCleaning'), targetType: 'section', targetId: s.id });
  }
  for (const s of await sectionsWith('wasteCollection')) {
    for (let k = 0; k < 2; k += 1) targets.push({ familyId: family('wasteCollection'), targetType: 'section', targetId: s.id });
  }
  for (const e of sample(rand, estates, 10)) targets.push({ familyId: family('wasteSorting'), targetType: 'estate', targetId: e.id });
  return targets;
}

/**
 * `months`: how many months end at last month (3 by default; the dashboard bench asks for 12). Every month but
 * the last is locked, its orders followed up first.
 */
export async function loadDemoAssessment(ctx: Ctx, seed = 20251104, months = 3): Promise<{ inspections: number; lockedMonths: string[] }> {
  const rand = seededRandom(seed);
  const clerk: Ctx = { ...ctx, user: await userByLogin(ctx, 'luru') };
  const supervisor: Ctx = { ...ctx, user: await userByLogin(ctx, 'shenhe') };
  const photo = (await uploadAttachment(clerk, { fileName: '现场照片.png', dataBase64: DEMO_PHOTO_PNG })).id;
  const schemes = new Map((await listSchemes(ctx.ws.db)).map((s) => [s.familyId, s]));
  const latest = previousMonth(localToday().slice(0, 7));
  const monthList = [latest];
  while (monthList.length < Math.max(1, months)) monthList.unshift(previousMonth(monthList[0]));
  let inspections = 0;
  for (const month of monthList) {
    for (const target of await demoTargets(ctx, rand)) {
      const scheme = schemes.get(target.familyId)!;
      const saved = await saveInspection(clerk, {
        schemeId: scheme.id,
        date: `${month}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`,
        time: `${String(7 + Math.floor(rand() * 12)).padStart(2, '0')}:${pick(rand, ['00', '15', '30', '45'])}`,
        mode: pick(rand, MODES),
        inspectors: pick(rand, INSPECTORS),
        targetType: target.targetType,
        targetId: target.targetId,
        findings: demoFindings(rand, scheme.definition, photo),
      });
      const submitted = await submitInspection(clerk, { id: saved.id, version: saved.version });
      await approveInspection(supervisor, { id: submitted.id, version: submitted.version });
      inspections += 1;
    }
  }
  // Orders of the older months: most fixed in time and closed out, a few late, some still open (overdue).
  const lockedMonths = monthList.slice(0, -1);
  for (const month of lockedMonths) {
    for (const order of await listRectifications(ctx.ws.db.read, { month })) {
      const roll = rand();
      if (roll < 0.15) continue;
      const fixedAt = roll < 0.85 ? order.deadline : addDays(order.deadline, 2);
      const fixed = await actOnRectification(clerk, order, { kind: 'reportFixed', fixedAt: fixedAt > localToday() ? localToday() : fixedAt, note: '已按要求整改' });
      await actOnRectification(supervisor, fixed, { kind: 'close', note: '复核属实' });
    }
    await lockMonth(supervisor, { month });
  }
  return { inspections, lockedMonths };
}
