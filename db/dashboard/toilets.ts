/**
 * 公厕 charts (DOMAIN §6.3): toilets by class, type and ownership, the share with a family restroom and with
 * accessible stalls, and population per toilet by street against the 2 500 norm. They count live ledger rows
 * (deleted_at IS NULL) that serve the public now: status 使用中 or 改造中 (a toilet under renovation is still
 * the district's; closed and demolished ones are not). The street filter applies to the toilet's street, the
 * contractor filter to the contractor that manages it; the scheme category does not apply.
 */
import { TOILET_CLASSES, TOILET_FIELDS, TOILET_TYPES } from '../toilets/fields';
import type { SqlValue } from '../sqlite';
import { andEq, chartOf, Env, FactIndex, num, pctText, series, streetsOf, type ChartSpec, type Fact } from './facts';
import { percent, POPULATION_PER_TOILET_NORM, populationPerToilet } from './formulas';

export interface ToiletRow {
  id: number;
  streetId: number;
  cls: number | null;
  type: string;
  ownership: string;
  familyRestroom: number;
  accessibleStalls: number;
}

/** The statuses counted (see the module comment), in words for the charts' formulas. */
export const COUNTED_TOILETS = "status IN ('inUse', 'underRenovation')";
const COUNTED_TEXT = '在册且状态为使用中或改造中的公厕(停用、已拆除的不计)';

/** Counted toilets; `withContractor: false` ignores the contractor filter (population per toilet is per street). */
export function toiletRows(env: Env, withContractor = true): Promise<ToiletRow[]> {
  return env.once(`toilets:${withContractor}`, () => {
    const params: SqlValue[] = [];
    const where = `${andEq('street_id', env.f.streetId, params)}${withContractor ? andEq('manager_contractor_id', env.f.contractorId, params) : ''}`;
    return env.read.all<ToiletRow>(
      `SELECT id, street_id AS streetId, class AS cls, type, ownership, family_restroom AS familyRestroom, accessible_stalls AS accessibleStalls
         FROM toilets WHERE deleted_at IS NULL AND ${COUNTED_TOILETS}${where} ORDER BY id`,
      params,
    );
  });
}

const OWNERSHIPS = TOILET_FIELDS.find((f) => f.key === 'ownership')!.options as Array<{ value: string; label: string }>;
const EMPTY = '没有符合条件的在用公厕';

/** A count chart of toilets grouped by one key, every option listed (zero bars included, in ledger order). */
function countChart(key: 'toiletsByClass' | 'toiletsByType' | 'toiletsByOwnership', title: string, kind: 'bar' | 'pie', options: Array<{ value: string; label: string }>, keyOf: (t: ToiletRow) => string, what: string): ChartSpec {
  return {
    key,
    section: 'toilets',
    async build(env) {
      const rows = await toiletRows(env);
      const facts: Fact[] = rows.map((t) => ({ id: t.id, cat: keyOf(t), s: 'count', v: 1 }));
      const idx = new FactIndex(facts);
      return {
        facts,
        chart: chartOf(
          this,
          {
            title,
            kind,
            categories: options.map((o) => o.label),
            categoryKeys: options.map((o) => o.value),
            series: [series('count', '公厕数', options.map((o) => idx.count(o.value, 'count')), '座')],
            headline: rows.length ? `共 ${num(rows.length)} 座` : '',
            formula: `按${what}统计的${COUNTED_TEXT}座数`,
            drillTarget: 'toilets',
          },
          EMPTY,
        ),
      };
    },
  };
}

const toiletsByClass = countChart(
  'toiletsByClass',
  '公厕类别',
  'bar',
  [...TOILET_CLASSES.map((c) => ({ value: String(c.value), label: c.label })), { value: 'none', label: '无类别(活动厕所)' }],
  (t) => (t.cls == null ? 'none' : String(t.cls)),
  '类别(一类、二类、三类;活动厕所不分类别)',
);
const toiletsByType = countChart('toiletsByType', '公厕建筑形式', 'bar', TOILET_TYPES, (t) => t.type, '建筑形式');
const toiletsByOwnership = countChart('toiletsByOwnership', '公厕权属', 'pie', OWNERSHIPS, (t) => t.ownership, '权属');

const FACILITIES = [
  { key: 'familyRestroom', label: '设第三卫生间(家庭卫生间)', has: (t: ToiletRow) => t.familyRestroom === 1 },
  { key: 'accessible', label: '设无障碍厕位', has: (t: ToiletRow) => t.accessibleStalls >= 1 },
];

const toiletFacilities: ChartSpec = {
  key: 'toiletFacilities',
  section: 'toilets',
  async build(env) {
    const rows = await toiletRows(env);
    // A toilet with the facility counts in both series: the count bar and the share line open the same rows.
    const facts: Fact[] = rows.flatMap((t) => FACILITIES.filter((f) => f.has(t)).map((f) => ({ id: t.id, cat: f.key, s: 'count', v: 1 })));
    const idx = new FactIndex(facts);
    const counts = FACILITIES.map((f) => idx.count(f.key, 'count'));
    const shares = counts.map((n) => percent(n, rows.length));
    return {
      facts,
      chart: chartOf(
        this,
        {
          title: '第三卫生间与无障碍设施',
          kind: 'barLine',
          categories: FACILITIES.map((f) => f.label),
          categoryKeys: FACILITIES.map((f) => f.key),
          series: [series('count', '公厕数', counts, '座', { axis: 'left' }), series('share', '占比', shares, '%', { axis: 'right' })],
          headline: rows.length ? `第三卫生间 ${pctText(shares[0])},无障碍 ${pctText(shares[1])}(共 ${num(rows.length)} 座)` : '',
          formula: `占比 = 设有该设施的公厕座数 ÷ ${COUNTED_TEXT}座数 × 100%;无障碍指无障碍厕位 ≥ 1 个`,
          drillTarget: 'toilets',
        },
        EMPTY,
      ),
    };
  },
  drillSeries: () => ['count'],
};

const toiletsPerPopulation: ChartSpec = {
  key: 'toiletsPerPopulation',
  section: 'toilets',
  async build(env) {
    // Per street: people per toilet is about the street's population, whoever manages the toilets.
    const rows = await toiletRows(env, false);
    const streets = await streetsOf(env);
    const facts: Fact[] = rows.map((t) => ({ id: t.id, cat: String(t.streetId), s: 'perToilet', v: 1 }));
    const idx = new FactIndex(facts);
    const values = streets.map((s) => populationPerToilet(s.population, idx.count(String(s.id), 'perToilet')));
    const counted = streets.filter((s) => s.population != null);
    const population = counted.reduce((sum, s) => sum + s.population!, 0);
    const toilets = counted.reduce((sum, s) => sum + idx.count(String(s.id), 'perToilet'), 0);
    const overall = populationPerToilet(counted.length ? population : null, toilets);
    const note = env.f.contractorId !== undefined ? '(不按作业单位筛选)' : '';
    return {
      facts,
      chart: chartOf(
        this,
        {
          title: '每座公厕服务人口(按街道)',
          kind: 'barLine',
          categories: streets.map((s) => s.name),
          categoryKeys: streets.map((s) => String(s.id)),
          series: [
            series('perToilet', '每座服务人口', values, '人/座', { axis: 'left' }),
            series('norm', `标准 ${num(POPULATION_PER_TOILET_NORM)} 人/座`, streets.map(() => POPULATION_PER_TOILET_NORM), '人/座', { axis: 'right', drillable: false }),
          ],
          headline: overall != null ? `${num(overall)} 人/座(标准 ≤ ${num(POPULATION_PER_TOILET_NORM)} 人/座)${note}` : note,
          formula: `每座服务人口 = 街道常住人口 ÷ 该街道${COUNTED_TEXT}座数;标准线 ${num(POPULATION_PER_TOILET_NORM)} 人/座。未填人口的街道无数值。点击打开该街道的公厕`,
          drillTarget: 'toilets',
        },
        '没有街道人口或在用公厕的数据',
      ),
    };
  },
};

export const TOILET_CHARTS: ChartSpec[] = [toiletsByClass, toiletsByType, toiletsByOwnership, toiletFacilities, toiletsPerPopulation];
