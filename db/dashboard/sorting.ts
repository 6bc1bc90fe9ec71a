/**
 * 垃圾分类 charts (DOMAIN §6.1, §6.3): estates by status, sorting coverage by street (by count and by
 * households), monthly tonnage stacked by the four categories, and the kitchen separation (and recycling)
 * rate by month. Estates and tonnage have no scheme category and no contractor: those filters do not apply
 * here (the filter text says so); the street filter applies through the estate's community.
 */
import { ESTATE_STATUSES } from '../estates/fields';
import type { SqlValue } from '../sqlite';
import { andEq, chartOf, Env, FactIndex, monthText, num, pctText, series, streetsOf, WASTE_COLORS, type ChartSpec, type Fact } from './facts';
import { coverage, kitchenSeparationRate, recyclingRate, sortingStarted, tonnageTotals, type EstateFact, type TonnageFact } from './formulas';

export interface EstateRow extends EstateFact {
  id: number;
  streetId: number;
}

/** Live estates (the filter's street only). */
export function estateRows(env: Env): Promise<EstateRow[]> {
  return env.once('estates', () => {
    const params: SqlValue[] = [];
    return env.read.all<EstateRow>(
      `SELECT e.id, e.status, e.households, c.street_id AS streetId
         FROM estates e JOIN communities c ON c.id = e.community_id
        WHERE e.deleted_at IS NULL${andEq('c.street_id', env.f.streetId, params)}
        ORDER BY e.id`,
      params,
    );
  });
}

export interface TonnageRow extends TonnageFact {
  id: number;
  month: string;
}

/** Live tonnage rows of live estates in the period's months (the filter's street only). */
export function tonnageRows(env: Env): Promise<TonnageRow[]> {
  return env.once('tonnage', () => {
    const params: SqlValue[] = [env.f.from, env.f.to];
    return env.read.all<TonnageRow>(
      `SELECT t.id, t.month, t.recyclable_t AS recyclableT, t.hazardous_kg AS hazardousKg, t.kitchen_t AS kitchenT, t.residual_t AS residualT
         FROM estate_tonnage t JOIN estates e ON e.id = t.estate_id JOIN communities c ON c.id = e.community_id
        WHERE t.deleted_at IS NULL AND e.deleted_at IS NULL AND t.month BETWEEN ? AND ?${andEq('c.street_id', env.f.streetId, params)}
        ORDER BY t.id`,
      params,
    );
  });
}

const STATUS_LABEL = new Map(ESTATE_STATUSES.map((s) => [s.value, s.label]));

const estatesByStatus: ChartSpec = {
  key: 'estatesByStatus',
  section: 'sorting',
  async build(env) {
    const estates = await estateRows(env);
    const facts: Fact[] = estates.map((e) => ({ id: e.id, cat: e.status, s: 'count', v: 1 }));
    const idx = new FactIndex(facts);
    const statuses = ESTATE_STATUSES.map((s) => s.value);
    const cov = coverage(estates);
    return {
      facts,
      chart: chartOf(
        this,
        {
          title: '生活小区分类状态',
          kind: 'pie',
          categories: statuses.map((s) => STATUS_LABEL.get(s)!),
          categoryKeys: statuses,
          series: [series('count', '小区数', statuses.map((s) => idx.count(s, 'count')), '个')],
          headline: estates.length ? `共 ${num(estates.length)} 个小区,已开展分类 ${num(cov.count)} 个` : '',
          formula: '各分类状态(未开展、试点、达标、示范、省级高标准示范)的在册生活小区个数',
          drillTarget: 'estates',
        },
        '没有在册的生活小区',
      ),
    };
  },
};

const sortingCoverage: ChartSpec = {
  key: 'sortingCoverage',
  section: 'sorting',
  async build(env) {
    const estates = await estateRows(env);
    const streets = (await streetsOf(env)).filter((s) => estates.some((e) => e.streetId === s.id));
    // 'covered' facts are the numerator of both series (and what a click opens); 'other' the rest of the street.
    const facts: Fact[] = estates.map((e) => ({ id: e.id, cat: String(e.streetId), s: sortingStarted(e.status) ? 'covered' : 'other', v: e.households }));
    const per = streets.map((s) => coverage(estates.filter((e) => e.streetId === s.id)));
    const all = coverage(estates);
    return {
      facts,
      chart: chartOf(
        this,
        {
          title: '垃圾分类覆盖率(按街道)',
          kind: 'bar',
          categories: streets.map((s) => s.name),
          categoryKeys: streets.map((s) => String(s.id)),
          series: [series('count', '按小区个数', per.map((c) => c.byCount), '%'), series('households', '按户数', per.map((c) => c.byHouseholds), '%')],
          headline: all.total ? `覆盖率 ${pctText(all.byCount)}(按户 ${pctText(all.byHouseholds)})` : '',
          formula:
            '覆盖率 = 已开展分类(状态不是“未开展”)的小区数 ÷ 在册小区总数 × 100%;按户覆盖率 = 已开展分类小区的户数之和 ÷ 全部小区户数之和 × 100%。点击打开该街道已开展分类的小区',
          drillTarget: 'estates',
        },
        '没有在册的生活小区',
      ),
    };
  },
  drillSeries: () => ['covered'],
};

const WASTE = [
  { key: 'recyclable', name: '可回收物', pick: (t: TonnageFact) => t.recyclableT },
  { key: 'hazardous', name: '有害垃圾', pick: (t: TonnageFact) => t.hazardousKg / 1000 },
  { key: 'kitchen', name: '厨余垃圾', pick: (t: TonnageFact) => t.kitchenT },
  { key: 'residual', name: '其他垃圾', pick: (t: TonnageFact) => t.residualT },
] as const;

const tonnageByMonth: ChartSpec = {
  key: 'tonnageByMonth',
  section: 'sorting',
  async build(env) {
    const rows = await tonnageRows(env);
    const facts: Fact[] = rows.flatMap((r) => WASTE.map((w) => ({ id: r.id, cat: r.month, s: w.key, v: w.pick(r) })));
    const idx = new FactIndex(facts);
    const months = env.f.months;
    const totals = tonnageTotals(rows);
    return {
      facts,
      chart: chartOf(
        this,
        {
          title: '月度分类量',
          kind: 'stackedBar',
          categories: months.map(monthText),
          categoryKeys: months,
          series: WASTE.map((w) => series(w.key, w.name, months.map((m) => (idx.has(m, w.key) ? idx.sum(m, w.key) : null)), '吨', { color: WASTE_COLORS[w.key] })),
          headline: rows.length ? `合计 ${num(totals.total)} 吨(厨余 ${num(totals.kitchen)} 吨)` : '',
          formula: '各月生活小区分类量之和,按可回收物、有害垃圾、厨余垃圾、其他垃圾堆叠(有害垃圾由千克折算为吨)。点击打开该月的分类量记录',
          drillTarget: 'tonnage',
        },
        '所选期间没有分类量记录',
      ),
    };
  },
};

const kitchenSeparation: ChartSpec = {
  key: 'kitchenSeparation',
  section: 'sorting',
  async build(env) {
    const rows = await tonnageRows(env);
    const months = env.f.months;
    const byMonth = new Map<string, TonnageRow[]>();
    for (const r of rows) {
      const list = byMonth.get(r.month);
      if (list) list.push(r);
      else byMonth.set(r.month, [r]);
    }
    // Both lines are rates of the month's rows: a click on either opens the rows of that month.
    const facts: Fact[] = rows.flatMap((r) => [
      { id: r.id, cat: r.month, s: 'kitchen', v: 1 },
      { id: r.id, cat: r.month, s: 'recycling', v: 1 },
    ]);
    const rate = (m: string, f: typeof kitchenSeparationRate) => {
      const list = byMonth.get(m);
      return list ? f(tonnageTotals(list)) : null;
    };
    const totals = tonnageTotals(rows);
    return {
      facts,
      chart: chartOf(
        this,
        {
          title: '厨余垃圾分出率',
          kind: 'line',
          categories: months.map(monthText),
          categoryKeys: months,
          series: [
            series('kitchen', '厨余垃圾分出率', months.map((m) => rate(m, kitchenSeparationRate)), '%', { color: WASTE_COLORS.kitchen }),
            series('recycling', '回收利用率', months.map((m) => rate(m, recyclingRate)), '%', { color: WASTE_COLORS.recyclable }),
          ],
          headline: rows.length ? `期间分出率 ${pctText(kitchenSeparationRate(totals))},回收利用率 ${pctText(recyclingRate(totals))}` : '',
          formula:
            '厨余垃圾分出率 = 厨余垃圾 ÷ (厨余垃圾 + 其他垃圾) × 100%;回收利用率 = (可回收物 + 厨余垃圾) ÷ 四类清运量之和 × 100%(以清运量代替产生量,有害垃圾由千克折算为吨)。点击打开该月的分类量记录',
          drillTarget: 'tonnage',
        },
        '所选期间没有分类量记录',
      ),
    };
  },
};

export const SORTING_CHARTS: ChartSpec[] = [estatesByStatus, sortingCoverage, tonnageByMonth, kitchenSeparation];
