/**
 * 合同标段 charts (DOMAIN §6.3): cleaning area and annual contract money by contractor, the mechanisation rate
 * by contractor, and the contracts expiring within 90 days. "Active" is a live contract with status 履行中
 * whose term covers the as-of day, and its live sections. A contract or section counts for the contractor that
 * leads the contract (a consortium is not counted twice); the contractor filter keeps the contracts the
 * contractor is a party to (lead or member). The street filter keeps sections covering the street (and
 * contracts with such a section); the category filter keeps sections whose scope includes the category's work
 * (SCOPE_FOR_CATEGORY; 综合 keeps all).
 */
import { addDays } from '../dates';
import { SCOPE_FOR_CATEGORY } from '../assessment/targets';
import type { SqlValue } from '../sqlite';
import { chartOf, contractorNames, Env, FactIndex, monthRange, monthText, num, pctText, series, type ChartSpec, type Fact } from './facts';
import { mechanizationRate, percent } from './formulas';

/** SQL conditions on a section `b` (and its contract `c`) for the street, category and contractor filters. */
function sectionFilters(env: Env, params: SqlValue[]): string {
  let sql = '';
  if (env.f.streetId !== undefined) {
    sql += ' AND EXISTS (SELECT 1 FROM bid_section_streets bs WHERE bs.section_id = b.id AND bs.street_id = ?)';
    params.push(env.f.streetId);
  }
  const scope = env.f.category ? SCOPE_FOR_CATEGORY[env.f.category] : null;
  if (scope) {
    sql += ' AND EXISTS (SELECT 1 FROM json_each(b.scope_types) j WHERE j.value = ?)';
    params.push(scope);
  }
  if (env.f.contractorId !== undefined) {
    sql += ' AND EXISTS (SELECT 1 FROM contract_contractors cc WHERE cc.contract_id = c.id AND cc.contractor_id = ?)';
    params.push(env.f.contractorId);
  }
  return sql;
}

interface SectionRow {
  id: number;
  contractId: number;
  lead: number;
  cleaningArea: number | null;
  mechanizedArea: number | null;
}

interface ContractRow {
  id: number;
  lead: number;
  annualFen: number;
  endDate: string;
}

/** Live sections of active contracts (see the module comment), filtered. */
export function activeSections(env: Env): Promise<SectionRow[]> {
  return env.once('sections', () => {
    const params: SqlValue[] = [env.f.asOf, env.f.asOf];
    return env.read.all<SectionRow>(
      `SELECT b.id, c.id AS contractId, c.lead_contractor_id AS lead, b.cleaning_area_m2 AS cleaningArea, b.mechanized_area_m2 AS mechanizedArea
         FROM bid_sections b JOIN contracts c ON c.id = b.contract_id
        WHERE b.deleted_at IS NULL AND c.deleted_at IS NULL AND c.status = 'active' AND c.start_date <= ? AND c.end_date >= ?${sectionFilters(env, params)}
        ORDER BY b.id`,
      params,
    );
  });
}

/** Live contracts with status 履行中 that have a live section passing the filters, `where` narrowing further. */
function contractRows(env: Env, key: string, where: string, whereParams: SqlValue[]): Promise<ContractRow[]> {
  return env.once(`contracts:${key}`, () => {
    const params: SqlValue[] = [...whereParams];
    const sections = sectionFilters(env, params);
    return env.read.all<ContractRow>(
      `SELECT c.id, c.lead_contractor_id AS lead, c.annual_amount_fen AS annualFen, c.end_date AS endDate
         FROM contracts c
        WHERE c.deleted_at IS NULL AND c.status = 'active' AND ${where}
          AND EXISTS (SELECT 1 FROM bid_sections b WHERE b.contract_id = c.id AND b.deleted_at IS NULL${sections})
        ORDER BY c.id`,
      params,
    );
  });
}

const contractorAreaMoney: ChartSpec = {
  key: 'contractorAreaMoney',
  section: 'contracts',
  async build(env) {
    const sections = await activeSections(env);
    const contracts = await contractRows(env, 'active', 'c.start_date <= ? AND c.end_date >= ?', [env.f.asOf, env.f.asOf]);
    const names = await contractorNames(env);
    const facts: Fact[] = [
      ...sections.map((s): Fact => ({ id: s.id, cat: String(s.lead), s: 'area', v: s.cleaningArea ?? 0, target: 'sections' })),
      ...contracts.map((c): Fact => ({ id: c.id, cat: String(c.lead), s: 'money', v: c.annualFen, target: 'contracts' })),
    ];
    const idx = new FactIndex(facts);
    const leads = [...new Set(facts.map((f) => Number(f.cat)))].sort((a, b) => idx.sum(String(b), 'area') - idx.sum(String(a), 'area') || a - b);
    const area = sections.reduce((s, x) => s + (x.cleaningArea ?? 0), 0);
    const money = contracts.reduce((s, x) => s + x.annualFen, 0);
    return {
      facts,
      chart: chartOf(
        this,
        {
          title: '作业单位保洁面积与合同年金额',
          kind: 'barLine',
          categories: leads.map((id) => names.get(id) ?? `作业单位${id}`),
          categoryKeys: leads.map(String),
          series: [
            series('area', '保洁面积', leads.map((id) => (idx.has(String(id), 'area') ? idx.sum(String(id), 'area') : null)), '㎡', { axis: 'left', drillTarget: 'sections' }),
            series('money', '合同年金额', leads.map((id) => (idx.has(String(id), 'money') ? idx.sum(String(id), 'money') / 1_000_000 : null)), '万元', { axis: 'right', drillTarget: 'contracts' }),
          ],
          headline: facts.length ? `保洁面积 ${num(area / 10_000)} 万㎡,合同年金额 ${num(money / 1_000_000)} 万元` : '',
          formula:
            '按牵头作业单位:履行中合同(期限覆盖统计日)在册标段的保洁面积之和(㎡),及这些合同的年度金额之和(万元,按街道或类别筛选时,合同有一个标段符合即计全额)。点击面积打开标段,点击金额打开合同',
          drillTarget: 'sections',
        },
        '没有履行中的合同标段',
      ),
    };
  },
};

const mechanization: ChartSpec = {
  key: 'mechanization',
  section: 'contracts',
  async build(env) {
    const sections = await activeSections(env);
    const names = await contractorNames(env);
    const facts: Fact[] = sections.map((s) => ({ id: s.id, cat: String(s.lead), s: 'rate', v: s.cleaningArea ?? 0, w: s.mechanizedArea ?? 0 }));
    const idx = new FactIndex(facts);
    const leads = [...new Set(sections.map((s) => s.lead))].sort((a, b) => a - b);
    const all = mechanizationRate(sections);
    return {
      facts,
      chart: chartOf(
        this,
        {
          title: '机械化作业率(按作业单位)',
          kind: 'bar',
          categories: leads.map((id) => names.get(id) ?? `作业单位${id}`),
          categoryKeys: leads.map(String),
          series: [series('rate', '机械化作业率', leads.map((id) => percent(idx.sumW(String(id), 'rate'), idx.sum(String(id), 'rate'))), '%')],
          headline: all.rate != null ? `全区 ${pctText(all.rate)}(机扫 ${num(all.mechanized / 10_000)} 万㎡ ÷ 保洁 ${num(all.cleaning / 10_000)} 万㎡)` : '',
          formula: '机械化作业率 = 履行中合同在册标段的机械化作业面积之和 ÷ 保洁面积之和 × 100%(按牵头作业单位)。点击打开这些标段',
          drillTarget: 'sections',
        },
        '没有履行中的合同标段',
      ),
    };
  },
};

/** Days ahead that count as "expiring soon". */
export const EXPIRY_DAYS = 90;

const contractsExpiring: ChartSpec = {
  key: 'contractsExpiring',
  section: 'contracts',
  async build(env) {
    const until = addDays(env.f.asOf, EXPIRY_DAYS);
    const contracts = await contractRows(env, 'expiring', 'c.end_date >= ? AND c.end_date <= ?', [env.f.asOf, until]);
    const facts: Fact[] = contracts.map((c) => ({ id: c.id, cat: c.endDate.slice(0, 7), s: 'count', v: 1 }));
    const idx = new FactIndex(facts);
    const months = monthRange(env.f.asOf.slice(0, 7), until.slice(0, 7));
    const total = contracts.reduce((s, c) => s + c.annualFen, 0);
    return {
      facts,
      chart: chartOf(
        this,
        {
          title: `${EXPIRY_DAYS} 天内到期的合同`,
          kind: 'bar',
          categories: months.map(monthText),
          categoryKeys: months,
          series: [series('count', '到期合同', months.map((m) => idx.count(m, 'count')), '份')],
          headline: contracts.length ? `${num(contracts.length)} 份,年金额 ${num(total / 1_000_000)} 万元` : '',
          formula: `履行中的合同中,结束日期在统计日 ${env.f.asOf} 至 ${until}(${EXPIRY_DAYS} 天)之间的份数,按到期月份。点击打开这些合同`,
          drillTarget: 'contracts',
        },
        `${EXPIRY_DAYS} 天内没有到期的履行中合同`,
      ),
    };
  },
};

export const CONTRACT_CHARTS: ChartSpec[] = [contractorAreaMoney, mechanization, contractsExpiring];
