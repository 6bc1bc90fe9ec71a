/**
 * Demo garbage-sorting estates for the demo district: about 80 estates spread over the communities with a
 * plausible status mix (about 10 % not started, 25 % pilot, 40 % compliant, 18 % demonstration, 7 % provincial
 * high-standard), the decisions that brought each one to its status (a few with a revocation), and twelve months
 * of four-category tonnage ending last month. The same `rand` sequence (and day) always gives the same rows.
 */
import type { Ctx } from '../context';
import type { SourcedValues } from '../ledger/service';
import type { Tx } from '../sqlite';
import { insertDecisionsBulk, type NewDecision } from './decide';
import { STATUS_RANK, type EstateStatus, type StatusLevel } from './fields';
import { localToday } from './rules';
import { estates as estateLedger } from './service';
import { daysInMonth, tonnage as tonnageLedger } from './tonnage';

export interface DemoCommunity {
  code: string;
  name: string;
  streetCode: string;
  households: number | null;
}

export interface DemoEstates {
  estates: SourcedValues[];
  decisions: NewDecision[];
  tonnage: SourcedValues[];
}

export const DEMO_ESTATE_COUNT = 80;
const MONTHS = 12;

const NAME_HEADS = [
  '阳光', '锦绣', '翠苑', '金桂', '银杏', '和美', '春江', '东方', '南湖', '北辰', '星河', '悦澜', '云栖', '望江', '新城', '丽景',
  '嘉园', '海棠', '紫薇', '枫丹', '香樟', '绿洲', '君悦', '润泽',
];
const NAME_TAILS = ['花园', '苑', '小区', '新村', '家园', '公寓', '雅居', '府'];
const BLOCK_ESTATES = ['化工新村', '机械厂宿舍', '纺织新村', '供电局宿舍', '粮站新村'];
const ROADS = ['人民路', '解放路', '中山路', '建设路', '文化路', '湖滨路', '学院路', '工业路', '朝阳路', '兴业路', '沿河路', '公园路'];
const PROPERTY_COMPANIES = [
  '绿城物业服务集团有限公司',
  '万科物业发展股份有限公司',
  '滨江物业管理有限公司',
  '示例区房管物业有限公司',
  '金辉物业服务有限公司',
  '东湖物业管理有限公司',
];
const STATUS_PATH: EstateStatus[] = ['none', 'pilot', 'compliant', 'demonstration', 'provincialHighStandard'];
/** Share of kitchen waste in kitchen + residual by status: better-run estates separate more. */
const KITCHEN_SHARE: Record<EstateStatus, number> = { none: 0.14, pilot: 0.22, compliant: 0.28, demonstration: 0.33, provincialHighStandard: 0.37 };

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)];
}

function between(rand: () => number, lo: number, hi: number): number {
  return lo + rand() * (hi - lo);
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function addDays(iso: string, days: number): string {
  return isoDay(new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000));
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The twelve months ending with the month before `today`, oldest first. */
export function demoMonths(today: string, count = MONTHS): string[] {
  let [y, m] = today.slice(0, 7).split('-').map(Number);
  const months: string[] = [];
  for (let i = 0; i < count; i += 1) {
    m -= 1;
    if (m === 0) {
      m = 12;
      y -= 1;
    }
    months.unshift(`${y}-${pad(m, 2)}`);
  }
  return months;
}

function rollStatus(rand: () => number): EstateStatus {
  const r = rand();
  return r < 0.1 ? 'none' : r < 0.35 ? 'pilot' : r < 0.75 ? 'compliant' : r < 0.93 ? 'demonstration' : 'provincialHighStandard';
}

function levelFor(status: EstateStatus, rand: () => number): StatusLevel | null {
  if (status === 'provincialHighStandard') return 'province';
  if (status === 'demonstration') return rand() < 0.6 ? 'district' : 'city';
  return null;
}

export function demoEstates(communities: DemoCommunity[], rand: () => number, today = localToday()): DemoEstates {
  const estates: SourcedValues[] = [];
  const decisions: NewDecision[] = [];
  const tonnage: SourcedValues[] = [];
  if (!communities.length) return { estates, decisions, tonnage };

  // Every community gets one estate, the rest go to communities drawn at random.
  const homes = communities.map((_, i) => i);
  while (homes.length < DEMO_ESTATE_COUNT) homes.push(Math.floor(rand() * communities.length));
  homes.length = DEMO_ESTATE_COUNT;
  const perCommunity = new Map<number, number>();
  for (const h of homes) perCommunity.set(h, (perCommunity.get(h) ?? 0) + 1);

  const usedNames = new Set<string>();
  const latestStart = addDays(today, -365 * 2);
  let docNo = 0;
  const months = demoMonths(today);

  homes.forEach((home, n) => {
    const community = communities[home];
    const code = `SL-J${community.streetCode.slice(-2)}-${pad(n + 1, 4)}`;
    let name = '';
    while (!name || usedNames.has(name)) {
      name = rand() < 0.1 ? `${pick(rand, BLOCK_ESTATES)}${1 + Math.floor(rand() * 20)}-${21 + Math.floor(rand() * 20)}栋` : `${pick(rand, NAME_HEADS)}${pick(rand, NAME_TAILS)}`;
    }
    usedNames.add(name);
    const share = community.households ? community.households / perCommunity.get(home)! : 1200;
    const households = Math.max(120, Math.round(share * between(rand, 0.35, 0.85)));
    const buildings = Math.max(1, Math.ceil(households / between(rand, 40, 120)));
    const status = rollStatus(rand);
    const sorting = STATUS_RANK[status] >= STATUS_RANK.pilot;
    const managed = rand() < 0.85;
    const sortingMode = sorting
      ? pick(rand, ['scheduled', 'scheduled', 'scheduled', 'scheduled', 'consolidated', 'smartBins', 'floorBins'] as const)
      : rand() < 0.6
        ? 'none'
        : 'scheduled';
    const points = sorting || sortingMode !== 'none' ? Math.max(1, Math.ceil(households / between(rand, 250, 450))) : 0;
    const sortingStartDate = sortingMode === 'none' ? null : addDays('2019-07-01', Math.floor(rand() * daysBetween('2019-07-01', latestStart)));

    // The way up, one decision per step from the start of sorting to a month ago; some pilots fell back once.
    const target = STATUS_RANK[status];
    const revoked = status === 'pilot' && rand() < 0.15;
    const path: EstateStatus[] = STATUS_PATH.slice(1, target + 1);
    if (revoked) path.push('compliant', 'pilot');
    const level = levelFor(status, rand);
    let statusSince: string | null = null;
    if (path.length && sortingStartDate) {
      const first = addDays(sortingStartDate, 60);
      const span = Math.max(path.length, daysBetween(first, addDays(today, -30)));
      let from: EstateStatus = 'none';
      path.forEach((to, i) => {
        const decidedAt = addDays(first, Math.floor((span * i) / path.length + rand() * (span / path.length / 2)));
        const down = STATUS_RANK[to] < STATUS_RANK[from];
        docNo += 1;
        decisions.push({
          estateCode: code,
          fromStatus: from,
          toStatus: to,
          level: to === status ? level : to === 'provincialHighStandard' ? 'province' : to === 'demonstration' ? 'district' : null,
          decisionDoc: `示环分办〔${decidedAt.slice(0, 4)}〕${docNo}号`,
          decidedAt,
          evaluationScore: down ? round(between(rand, 62, 74), 1) : round(between(rand, 80, 97), 1),
          remarks: down ? '复查不合格,撤销达标命名' : null,
        });
        from = to;
        statusSince = decidedAt;
      });
    }
    const scheduled = sortingMode === 'scheduled';
    estates.push({
      sourceRow: n + 1,
      values: {
        code,
        name,
        communityId: community.code,
        address: `${community.name}${pick(rand, ROADS)}${1 + Math.floor(rand() * 300)}号`,
        households,
        buildings,
        residents: Math.round(households * between(rand, 2.3, 3.1)),
        completionYear: 1985 + Math.floor(rand() * 36),
        managed,
        propertyCompanyName: managed ? pick(rand, PROPERTY_COMPANIES) : null,
        sortingStartDate,
        sortingMode,
        status,
        statusLevel: level,
        statusSince,
        qualityGrade: sorting ? pick(rand, ['A', 'A', 'B', 'B', 'B', 'C']) : null,
        dropOffPoints: points,
        offHoursPoints: points ? Math.min(points, 1 + Math.floor(rand() * 2)) : null,
        consolidationPoints: sorting ? 1 + Math.floor(rand() * 3) : null,
        supervisors: scheduled ? points + Math.floor(rand() * 2) : points ? Math.ceil(points / 2) : null,
        dropOffHours: scheduled ? pick(rand, ['07:00-09:00;18:00-20:00', '06:30-08:30;18:30-20:30', '07:00-09:00;17:30-19:30']) : null,
        binsRecyclable: points || null,
        binsHazardous: points ? Math.max(1, Math.ceil(points / 3)) : null,
        binsKitchen: points ? points * 2 : null,
        binsResidual: points ? points * 2 : null,
        lat: round(30.2 + rand() * 0.12, 6),
        lng: round(120.08 + rand() * 0.16, 6),
        coordSystem: 'GCJ02',
        remarks: null,
      },
    });

    // Kilograms per household and day around 0.8–1.3, a little higher in summer; kitchen share by status.
    const base = between(rand, 0.8, 1.3);
    const kitchenShare = KITCHEN_SHARE[status] + between(rand, -0.03, 0.03);
    const recyclableShare = between(rand, 0.08, 0.15);
    const source = rand() < 0.6 ? 'weighed' : rand() < 0.75 ? 'vehicleAllocated' : 'estimated';
    months.forEach((month, i) => {
      const days = daysInMonth(month);
      const seasonal = 1 + 0.08 * Math.sin(((Number(month.slice(5)) - 4) / 12) * 2 * Math.PI);
      const totalT = (households * days * base * seasonal * between(rand, 0.95, 1.05)) / 1000;
      const recyclableT = totalT * recyclableShare;
      const sortedT = totalT - recyclableT;
      tonnage.push({
        sourceRow: n * MONTHS + i + 1,
        values: {
          estateId: code,
          month,
          recyclableT: round(recyclableT, 3),
          hazardousKg: round(households * days * between(rand, 0.0005, 0.002), 2),
          kitchenT: round(sortedT * kitchenShare, 3),
          residualT: round(sortedT * (1 - kitchenShare), 3),
          source,
          remarks: null,
        },
      });
    });
  });
  return { estates, decisions, tonnage };
}

/**
 * Loads the demo estates, their decisions and tonnage into the caller's transaction (after the demo district's
 * streets and communities) through the ledgers' bulk paths: one audit entry per table.
 */
export async function loadDemoEstates(
  ctx: Ctx,
  tx: Tx,
  rand: () => number,
): Promise<{ estates: number; decisions: number; tonnage: number }> {
  const communities = await tx.all<DemoCommunity>(
    `SELECT c.code, c.name, s.code AS streetCode, c.households
       FROM communities c JOIN streets s ON s.id = c.street_id
      WHERE c.deleted_at IS NULL AND c.active = 1
      ORDER BY s.sort_order, c.sort_order, c.id`,
  );
  const demo = demoEstates(communities, rand);
  await estateLedger.insertBulk(ctx, tx, demo.estates, 'demo.load');
  const decisions = await insertDecisionsBulk(ctx, tx, demo.decisions, 'demo.load');
  await tonnageLedger.insertBulk(ctx, tx, demo.tonnage, 'demo.load');
  return { estates: demo.estates.length, decisions, tonnage: demo.tonnage.length };
}
