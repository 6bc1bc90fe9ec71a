/**
 * The demo district (示例区): a deterministic generator (fixed seed) for one district with 8 streets/towns,
 * 60 communities/villages and 150 public toilets with plausible names, addresses and a realistic class mix
 * (about 6 % class 1, 46 % class 2, 48 % class 3, as in Shaoxing's 790 = 44/364/382, DOMAIN §2.7).
 * The same seed always gives the same rows, so tests and screenshots can rely on them.
 */
import { ApiError } from '../errors';
import type { Ctx } from '../context';
import { insertGeoBulk, type NewCommunity, type NewStreet } from '../geo/geo';
import type { SourcedValues } from '../ledger/service';
import { toilets as toiletLedger } from '../toilets/service';
import { DEMO_META } from '../workspace/workspace';
import { loadDemoEstates } from '../estates/demo';
import { demoToiletLinks, loadDemoContracts } from '../contracts/demo';
import { demoPasswordHashes, loadDemoUsers } from '../users/demo';
import { loadDemoIndicators } from '../indicators/demo';
import { loadDemoDisposal } from '../disposal/demo';

/** mulberry32: small, fast, and the same sequence on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const DEMO_SEED = 20251103;
const COUNTY = '330199';

const STREETS: Array<{ name: string; short: string; kind: NewStreet['kind']; communities: number; population: number }> = [
  { name: '城关街道', short: '城关', kind: 'subdistrict', communities: 9, population: 86_000 },
  { name: '新华路街道', short: '新华', kind: 'subdistrict', communities: 8, population: 74_000 },
  { name: '东湖街道', short: '东湖', kind: 'subdistrict', communities: 8, population: 69_000 },
  { name: '滨江街道', short: '滨江', kind: 'subdistrict', communities: 7, population: 58_000 },
  { name: '南门街道', short: '南门', kind: 'subdistrict', communities: 7, population: 52_000 },
  { name: '丰乐镇', short: '丰乐', kind: 'town', communities: 8, population: 41_000 },
  { name: '桃源镇', short: '桃源', kind: 'town', communities: 7, population: 36_000 },
  { name: '高新开发区', short: '高新', kind: 'zone', communities: 6, population: 28_000 },
];

const COMMUNITY_WORDS = [
  '和平', '解放', '人民', '建设', '光明', '胜利', '朝阳', '幸福', '文化', '健康', '长春', '振兴', '团结', '友谊', '青年',
  '东风', '红旗', '向阳', '新村', '春晖', '锦绣', '翠苑', '紫荆', '金桥', '银河', '玉泉', '秀水', '清波', '百合', '桂花',
  '梅园', '竹林', '松涛', '荷塘', '枫林', '柳岸', '明珠', '星光', '望江', '临湖', '双桥', '石桥', '大井', '小河', '观山',
  '龙潭', '凤鸣', '麒麟', '白鹭', '燕子', '天宁', '永安', '长乐', '太平', '兴隆', '丰收', '稻香', '桑园', '茶山', '梨花',
];
const ROADS = [
  '人民路', '解放路', '中山路', '建设路', '文化路', '体育路', '环城东路', '环城西路', '湖滨路', '滨江大道', '南门街', '北大街',
  '新华路', '东湖路', '学院路', '工业路', '站前路', '健康路', '长春路', '朝阳路', '兴业路', '科技大道', '创新路', '丰乐大道',
  '桃源路', '沿河路', '公园路', '市场街', '通江路', '望湖路',
];
const PLACES = ['公园', '广场', '农贸市场', '汽车站', '菜场', '体育馆', '文化中心', '滨河绿地', '商业街', '医院', '景区'];

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)];
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export interface DemoDistrict {
  streets: NewStreet[];
  communities: NewCommunity[];
  toilets: SourcedValues[];
}

export function generateDemoDistrict(seed = DEMO_SEED, toiletCount = 150): DemoDistrict {
  const rand = seededRandom(seed);
  const streets: NewStreet[] = STREETS.map((s, i) => ({
    code: `${COUNTY}${pad(i + 1, 3)}`,
    name: s.name,
    kind: s.kind,
    shortName: s.short,
    population: s.population,
    areaKm2: Math.round((4 + rand() * 30) * 100) / 100,
    sortOrder: i + 1,
    aliases: s.kind === 'zone' ? ['高新区', '高新技术产业开发区'] : [],
  }));
  const communities: NewCommunity[] = [];
  let word = 0;
  STREETS.forEach((s, i) => {
    for (let j = 0; j < s.communities; j += 1) {
      const village = s.kind === 'town' && j >= 2;
      const base = COMMUNITY_WORDS[word % COMMUNITY_WORDS.length];
      word += 1;
      communities.push({
        code: `${streets[i].code}${pad(j + 1, 3)}`,
        name: village ? `${base}村` : `${base}社区`,
        kind: village ? 'village' : 'community',
        streetCode: streets[i].code,
        households: Math.round(800 + rand() * 4200),
        sortOrder: j + 1,
      });
    }
  });

  const toilets: SourcedValues[] = [];
  for (let n = 0; n < toiletCount; n += 1) {
    const community = communities[Math.floor(rand() * communities.length)];
    const street = streets.find((s) => s.code === community.streetCode)!;
    const roll = rand();
    const type = roll < 0.72 ? 'standalone' : roll < 0.9 ? 'attached' : 'mobile';
    const classRoll = rand();
    let cls: number | null = classRoll < 0.06 ? 1 : classRoll < 0.52 ? 2 : 3;
    if (type === 'attached' && cls === 3) cls = 2;
    if (type === 'mobile') cls = rand() < 0.5 ? 3 : null;
    const road = pick(rand, ROADS);
    const place = rand() < 0.35 ? pick(rand, PLACES) : null;
    const name = place ? `${street.shortName}${place}公厕` : `${road}${type === 'mobile' ? '移动' : ''}公厕`;
    const big = cls === 1;
    const maleSquat = big ? 4 + Math.floor(rand() * 4) : 1 + Math.floor(rand() * 4);
    const urinals = big ? 4 + Math.floor(rand() * 4) : 1 + Math.floor(rand() * 3);
    const commissionedYear = 2008 + Math.floor(rand() * 17);
    const newBuild = commissionedYear >= 2017;
    const femaleSquat = Math.max(1, Math.ceil((maleSquat + urinals) * (newBuild ? 1.5 : 0.9)) + (rand() < 0.1 ? 1 : 0));
    const allDay = big || rand() < 0.25;
    const seasonal = !allDay && rand() < 0.3;
    toilets.push({
      sourceRow: n + 1,
      values: {
        code: `GC-${pad(n + 1, 3)}`,
        name: toilets.some((t) => t.values.name === name) ? `${name}(${pad(n + 1, 3)})` : name,
        streetId: street.name,
        communityId: community.name,
        address: `${street.name}${road}${1 + Math.floor(rand() * 398)}号${place ? `(${place}旁)` : ''}`,
        type,
        mobileSubtype: type === 'mobile' ? pick(rand, ['assembled', 'unit', 'vehicle', 'towed']) : null,
        class: cls,
        structure: type === 'mobile' ? 'prefab' : rand() < 0.85 ? 'cast' : 'prefab',
        ownership: place === '公园' ? 'park' : place === '农贸市场' ? 'market' : place === '景区' ? 'scenic' : place === '汽车站' ? 'transport' : 'sanitation',
        status: rand() < 0.94 ? 'inUse' : pick(rand, ['closed', 'underRenovation']),
        openHours: allDay ? '24小时' : seasonal ? '夏季06:00-22:00;冬季06:00-20:00' : pick(rand, ['06:00-22:00', '06:00-20:00', '05:30-22:30']),
        free: true,
        floorAreaM2: Math.round((big ? 90 + rand() * 80 : type === 'mobile' ? 8 + rand() * 10 : 30 + rand() * 60) * 10) / 10,
        maleSquat,
        maleSit: big ? 1 : rand() < 0.4 ? 1 : 0,
        urinals,
        femaleSquat,
        femaleSit: big ? 2 : rand() < 0.4 ? 1 : 0,
        universalStalls: rand() < 0.3 ? 1 : 0,
        accessibleStalls: big ? 1 + Math.floor(rand() * 2) : rand() < 0.55 ? 1 : 0,
        familyRestroom: big ? rand() < 0.85 : rand() < 0.15,
        babyCare: big ? rand() < 0.7 : rand() < 0.1,
        hasAC: big || rand() < 0.2,
        smartSystem: big ? rand() < 0.6 : rand() < 0.1,
        starRating: big ? 4 + Math.floor(rand() * 2) : cls === 2 ? 2 + Math.floor(rand() * 2) : null,
        attachedFunctions: rand() < 0.2 ? pick(rand, [['驿站'], ['环卫管理用房'], ['垃圾站'], ['驿站', '环卫管理用房']]) : [],
        lat: Math.round((30.2 + rand() * 0.12) * 1e6) / 1e6,
        lng: Math.round((120.08 + rand() * 0.16) * 1e6) / 1e6,
        coordSystem: 'GCJ02',
        supervisionPhone: '0571-8800' + pad(1000 + Math.floor(rand() * 8999), 4),
        constructionMonth: `${commissionedYear - 1}-${pad(3 + Math.floor(rand() * 9), 2)}`,
        commissionedMonth: `${commissionedYear}-${pad(1 + Math.floor(rand() * 12), 2)}`,
        remarks: null,
      },
    });
  }
  return { streets, communities, toilets };
}

/**
 * Loads the demo district into an empty workspace and badges it as demo data. One transaction. It also gives
 * the workspace one user per role with the documented password `demo1234` (db/users/demo.ts).
 */
export async function loadDemoDistrict(ctx: Ctx, seed = DEMO_SEED): Promise<{ streets: number; communities: number; toilets: number }> {
  const demo = generateDemoDistrict(seed);
  const hashes = await demoPasswordHashes();
  await ctx.ws.db.write(async (tx) => {
    const { n } = (await tx.get<{ n: number }>('SELECT (SELECT count(*) FROM streets) + (SELECT count(*) FROM toilets) AS n'))!;
    if (n > 0) throw new ApiError('workspace', '此工作区已有数据,示例数据只能载入空的工作区。请换一个新的文件夹。');
    await loadDemoUsers(ctx, tx, hashes);
    await insertGeoBulk(ctx, tx, demo.streets, demo.communities, 'demo.load');
    const contracts = await loadDemoContracts(ctx, tx, seededRandom(seed + 2));
    // Toilets run by the sanitation system are cleaned under their street's section; park, scenic-area and
    // market toilets keep their own staff, as in a real district.
    const linked = demo.toilets.map((t) => {
      const links = t.values.ownership === 'sanitation' ? demoToiletLinks(contracts, String(t.values.streetId)) : null;
      return links ? { ...t, values: { ...t.values, ...links } } : t;
    });
    await toiletLedger.insertBulk(ctx, tx, linked, 'demo.load');
    await loadDemoIndicators(ctx, tx);
    await loadDemoDisposal(ctx, tx, seededRandom(seed + 3));
    await loadDemoEstates(ctx, tx, seededRandom(seed + 1));
    await tx.run("UPDATE meta SET value = ? WHERE key = 'kind'", [DEMO_META.kind]);
    await tx.run("UPDATE meta SET value = ? WHERE key = 'name'", [DEMO_META.name]);
  });
  ctx.ws.kind = 'demo';
  ctx.ws.name = DEMO_META.name;
  return { streets: demo.streets.length, communities: demo.communities.length, toilets: demo.toilets.length };
}
