/**
 * The demo district's contractors, contracts, bid sections and credit records: a deterministic generator
 * (given the demo district's random source and streets) and a loader that writes them through the ledgers'
 * bulk paths, so the demo data passes the same rules as a clerk's. Every street gets a road-cleaning section;
 * credit codes are valid (computed with the GB 32100 check), except one that fails the check and carries the
 * override reason a clerk would write.
 */
import type { Ctx } from '../context';
import { creditRecords, contractors } from '../contractors/service';
import { USCC_ALPHABET, usccCheckChar } from '../contractors/uscc';
import type { SourcedValues } from '../ledger/service';
import type { Tx } from '../sqlite';
import { contracts, sections } from './service';

export interface DemoStreet {
  code: string;
  name: string;
}

export interface DemoContracts {
  contractors: SourcedValues[];
  contracts: SourcedValues[];
  sections: SourcedValues[];
  creditRecords: SourcedValues[];
}

interface DemoCompany {
  name: string;
  short: string;
  aliases?: string[];
  scope: string[];
  person: string;
  status?: 'active' | 'suspended' | 'blacklisted';
  /** The registered code fails the check character (real codes like this exist, DOMAIN §2.6). */
  failingCode?: boolean;
}

const COMPANIES: DemoCompany[] = [
  { name: '浙江绿源环境卫生服务有限公司', short: '绿源', aliases: ['绿源环卫'], scope: ['roadCleaning', 'wasteCollection', 'toiletCleaning'], person: '陈立新' },
  { name: '杭州城洁环境服务有限公司', short: '城洁', scope: ['roadCleaning', 'toiletCleaning', 'sortingSupervision'], person: '周海燕' },
  { name: '示例区东湖保洁服务有限公司', short: '东湖保洁', scope: ['roadCleaning', 'toiletCleaning'], person: '吴国强' },
  { name: '浙江康洁环境科技有限公司', short: '康洁', scope: ['roadCleaning', 'wasteCollection', 'waterSurface'], person: '郑晓东' },
  { name: '金桥物业管理有限公司', short: '金桥物业', scope: ['toiletCleaning', 'greenMaintenance'], person: '孙丽华', failingCode: true },
  { name: '华清环境集团有限公司', short: '华清', aliases: ['华清环境'], scope: ['roadCleaning', 'wasteCollection', 'greenMaintenance'], person: '冯志刚' },
  { name: '示例区顺达清运有限公司', short: '顺达清运', scope: ['wasteCollection'], person: '何建平', status: 'blacklisted' },
];

const PURCHASER_SUFFIX: Record<string, string> = { 街道: '办事处', 镇: '人民政府', 开发区: '管理委员会' };

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)];
}

function between(rand: () => number, lo: number, hi: number): number {
  return lo + rand() * (hi - lo);
}

/** A credit code for the demo county: 91 (enterprise) + 6-digit division + 9 random characters + check. */
function demoUscc(rand: () => number, division: string, failing: boolean): string {
  let organisation = '';
  for (let i = 0; i < 9; i += 1) organisation += USCC_ALPHABET[Math.floor(rand() * (i < 8 ? 31 : 10))];
  const first17 = `91${division}${organisation}`;
  const check = usccCheckChar(first17);
  if (!failing) return first17 + check;
  // The next character of the alphabet: a code that looks real but fails the check.
  return first17 + USCC_ALPHABET[(USCC_ALPHABET.indexOf(check) + 1) % 31];
}

function purchaserOf(street: string): string {
  const suffix = Object.entries(PURCHASER_SUFFIX).find(([end]) => street.endsWith(end));
  return suffix ? `${street}${suffix[1]}` : `${street}管理机构`;
}

function wan(yuan: number): string {
  return `${(yuan / 10_000).toFixed(2)}万元`;
}

/**
 * Contractors, 8 contracts (one per street, the last a 15-year franchise of the development zone, one a
 * consortium) with 1–2 sections each, and a few credit records. Deterministic for a given `rand` and streets.
 */
export function generateDemoContracts(rand: () => number, streets: DemoStreet[]): DemoContracts {
  const division = streets[0]?.code.slice(0, 6) ?? '330100';
  const contractorRows: SourcedValues[] = COMPANIES.map((c, i) => ({
    sourceRow: i + 1,
    values: {
      name: c.name,
      shortName: c.short,
      aliases: c.aliases ?? [],
      uscc: demoUscc(rand, division, !!c.failingCode),
      usccOverrideReason: c.failingCode ? '已与营业执照原件和国家企业信用信息公示系统核对,登记代码如此,校验位不符属实' : null,
      legalRepresentative: `${c.person.slice(0, 1)}${pick(rand, ['建华', '永明', '秀英', '志强', '桂兰'])}`,
      address: `${pick(rand, streets).name}${pick(rand, ['工业路', '兴业路', '创新路', '科技大道'])}${10 + Math.floor(rand() * 190)}号`,
      contactPerson: c.person,
      contactPhone: `13${5 + Math.floor(rand() * 5)}${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`,
      businessScope: c.scope,
      status: c.status ?? 'active',
    },
  }));
  const active = COMPANIES.filter((c) => (c.status ?? 'active') === 'active' && c.scope.includes('roadCleaning'));

  const contractRows: SourcedValues[] = [];
  const sectionRows: SourcedValues[] = [];
  // Contracts run now, whenever the demo is made: inspections of this month and last year find a running contract.
  const thisYear = new Date().getFullYear();
  streets.forEach((street, i) => {
    const franchise = i === streets.length - 1;
    const lead = active[i % active.length];
    const startYear = franchise ? thisYear - 6 : thisYear - 2 + (i % 2);
    const years = franchise ? 15 : 3;
    const startDate = `${startYear}-${franchise ? '01' : pick(rand, ['01', '04', '07'])}-01`;
    const end = new Date(Date.UTC(startYear + years, Number(startDate.slice(5, 7)) - 1, 1) - 86_400_000);
    const endDate = end.toISOString().slice(0, 10);
    const awardDate = `${startYear - 1}-${franchise ? '11' : '12'}-${String(5 + Math.floor(rand() * 15)).padStart(2, '0')}`;
    const signDate = `${startYear - 1}-12-${String(20 + Math.floor(rand() * 8)).padStart(2, '0')}`;
    const contractNo = franchise ? `SLTJ-${startYear - 1}-0001` : `SLCG-GK-${startYear - 1}12${String(i + 1).padStart(4, '0')}-1`;

    const two = franchise || rand() < 0.5;
    const area = Math.round(between(rand, franchise ? 1_500_000 : 350_000, franchise ? 2_500_000 : 1_200_000) / 1000) * 1000;
    const price = Math.round(between(rand, 8, 16) * 100) / 100;
    const roadYuan = area * price;
    const extraYuan = two ? Math.round(between(rand, 600_000, 1_800_000)) : 0;
    const annualYuan = Math.round((roadYuan + extraYuan) / 100) * 100;
    const consortium = i === 2 ? [COMPANIES[4].name] : [];
    contractRows.push({
      sourceRow: i + 1,
      values: {
        contractNo,
        projectName: franchise ? `${street.name}环卫一体化特许经营项目` : `${street.name}道路清扫保洁及公厕管养服务项目`,
        purchaser: purchaserOf(street.name),
        leadContractorId: lead.name,
        consortiumMembers: consortium,
        procurementMethod: franchise ? 'franchise' : pick(rand, ['openTender', 'openTender', 'competitiveConsultation']),
        awardDate,
        signDate,
        startDate,
        endDate,
        annualAmountFen: i % 2 ? wan(annualYuan) : annualYuan,
        totalAmountFen: wan(annualYuan * years),
        paymentCycle: i % 3 === 0 ? 'quarterly' : 'monthly',
        performanceBondFen: Math.round((annualYuan * 0.05) / 100) * 100,
        status: 'active',
      },
    });
    const workers = Math.round(area / between(rand, 5_500, 9_000));
    sectionRows.push({
      sourceRow: sectionRows.length + 1,
      values: {
        contractId: contractNo,
        sectionNo: `一标段:${street.name}主次干道及背街小巷`,
        streetNames: [street.name],
        scopeTypes: ['roadCleaning', 'toiletCleaning', 'litterBins', ...(i % 3 === 1 ? ['sortingSupervision'] : [])],
        cleaningAreaM2: area,
        roadLengthKm: Math.round((area / between(rand, 14_000, 22_000)) * 10) / 10,
        roadCount: 20 + Math.floor(rand() * 60),
        unitPrice: price,
        workers,
        sweepers: 2 + Math.floor(rand() * 5),
        washers: 2 + Math.floor(rand() * 4),
        compactors: Math.floor(rand() * 3),
        hookLifts: Math.floor(rand() * 2),
        electricUnits: 8 + Math.floor(rand() * 20),
        mechanizedAreaM2: Math.round(area * between(rand, 0.72, 0.95)),
        sweepFreqTrunk: 2,
        sweepFreqOther: 1,
        patrolHours: pick(rand, [12, 14, 16]),
        toiletsCount: 10 + Math.floor(rand() * 15),
        annualTonnage: Math.round(area * between(rand, 0.02, 0.05)),
      },
    });
    if (two) {
      sectionRows.push({
        sourceRow: sectionRows.length + 1,
        values: {
          contractId: contractNo,
          sectionNo: '二标段',
          name: franchise ? `${street.name}垃圾收运及中转站` : `${street.name}垃圾收集清运`,
          streetNames: [street.name],
          scopeTypes: franchise ? ['wasteCollection', 'transferStation', 'greenMaintenance'] : ['wasteCollection', 'bulkyWaste'],
          workers: 10 + Math.floor(rand() * 25),
          compactors: 3 + Math.floor(rand() * 5),
          hookLifts: 1 + Math.floor(rand() * 3),
          transferStations: franchise ? 2 : null,
          greenAreaM2: franchise ? Math.round(between(rand, 60_000, 90_000)) : null,
          trees: franchise ? 6000 + Math.floor(rand() * 5000) : null,
          annualTonnage: Math.round(between(rand, 15_000, 40_000)),
        },
      });
    }
  });

  const records: Array<{ kind: string; level: string; company: number; date: string; doc: string; text: string; amount?: string }> = [
    { kind: 'praise', level: 'district', company: 0, date: '2024-06-18', doc: '示例环卫〔2024〕21号', text: '端午期间保障到位,主干道保洁质量连续三个月排名第一' },
    { kind: 'bulletinCriticism', level: 'district', company: 1, date: '2024-09-03', doc: '示例环卫〔2024〕35号', text: '8月月度考核排名末位,背街小巷积存垃圾未及时清理' },
    { kind: 'moneyDeduction', level: 'district', company: 1, date: '2024-09-03', doc: '示例环卫〔2024〕35号', text: '按合同约定考核不合格扣减当月服务费', amount: '12000' },
    { kind: 'summoned', level: 'city', company: 3, date: '2025-03-12', doc: '市城管〔2025〕7号', text: '公厕保洁频次不足被市民投诉,约谈项目负责人' },
    { kind: 'mediaExposure', level: 'city', company: 6, date: '2024-04-22', doc: '市电视台《问政》栏目', text: '清运车辆沿途撒漏被媒体曝光' },
    { kind: 'contractTermination', level: 'district', company: 6, date: '2024-05-10', doc: '示例环卫〔2024〕12号', text: '多次违规倾倒垃圾,解除清运合同并列入黑名单' },
  ];
  const recordRows: SourcedValues[] = records.map((r, i) => ({
    sourceRow: i + 1,
    values: {
      contractorId: COMPANIES[r.company].name,
      date: r.date,
      kind: r.kind,
      level: r.level,
      sourceDoc: r.doc,
      amountFen: r.amount ?? null,
      description: r.text,
    },
  }));

  return { contractors: contractorRows, contracts: contractRows, sections: sectionRows, creditRecords: recordRows };
}

/**
 * The section that cleans a demo toilet in `streetName` and its contractor, as names the toilet ledger
 * resolves (管理单位, 保洁标段): the road-cleaning section of the street's contract.
 */
export function demoToiletLinks(demo: DemoContracts, streetName: string): { managerContractorId: string; bidSectionId: string } | null {
  const section = demo.sections.find((s) => (s.values.streetNames as string[]).includes(streetName) && (s.values.scopeTypes as string[]).includes('toiletCleaning'));
  if (!section) return null;
  const contract = demo.contracts.find((c) => c.values.contractNo === section.values.contractId)!;
  return {
    managerContractorId: String(contract.values.leadContractorId),
    bidSectionId: `${String(contract.values.contractNo)} ${String(section.values.sectionNo)}`,
  };
}

/**
 * Writes the demo contractors, contracts, sections and credit records in the caller's transaction (the
 * demo district's), one audit entry per ledger. The streets must already be loaded.
 */
export async function loadDemoContracts(ctx: Ctx, tx: Tx, rand: () => number): Promise<DemoContracts> {
  const streets = await tx.all<DemoStreet>('SELECT code, name FROM streets WHERE deleted_at IS NULL ORDER BY sort_order, id');
  const demo = generateDemoContracts(rand, streets);
  await contractors.insertBulk(ctx, tx, demo.contractors, 'demo.load');
  await contracts.insertBulk(ctx, tx, demo.contracts, 'demo.load');
  await sections.insertBulk(ctx, tx, demo.sections, 'demo.load');
  await creditRecords.insertBulk(ctx, tx, demo.creditRecords, 'demo.load');
  return demo;
}
