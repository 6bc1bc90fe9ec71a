import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi } from '../api';
import { loadDemoAssessment } from '../assessment/demo';
import type { Ctx } from '../context';
import { previousMonth } from '../dates';
import { localToday } from '../estates/rules';
import { ctxAs, testWorkspace, type TestWorkspace } from '../testing';
import { computeKpis } from './kpis';
import type { ChartData, ChartKey, DashboardData, DashboardFilters, DashboardSection, DrillResult, KpiKey } from './types';

/** Every chart key with its section (a Record over ChartKey: the compiler refuses one missing). */
const SECTIONS: Record<ChartKey, DashboardSection> = {
  estatesByStatus: 'sorting',
  sortingCoverage: 'sorting',
  tonnageByMonth: 'sorting',
  kitchenSeparation: 'sorting',
  toiletsByClass: 'toilets',
  toiletsByType: 'toilets',
  toiletsByOwnership: 'toilets',
  toiletFacilities: 'toilets',
  toiletsPerPopulation: 'toilets',
  contractorAreaMoney: 'contracts',
  mechanization: 'contracts',
  contractsExpiring: 'contracts',
  scoreByMonth: 'assessment',
  gradeDistribution: 'assessment',
  rankingMovement: 'assessment',
  deductionPareto: 'assessment',
  rectificationOnTime: 'assessment',
  moneyWithheld: 'assessment',
};
const ALL_KPIS: KpiKey[] = [
  'sortingCoverageRate',
  'sortingCoverageByHouseholds',
  'compliantCoverageRate',
  'recyclingRate',
  'resourceUtilizationRate',
  'safeDisposalRate',
  'kitchenSeparationRate',
  'mechanizationRate',
  'toiletFamilyRestroomShare',
  'toiletAccessibleShare',
  'populationPerToilet',
  'rectificationOnTimeRate',
  'averageScore',
  'excellentRate',
];

/** Series whose value is a count of the rows the drill-down opens: the drill must give exactly that many ids. */
const COUNT_SERIES: Partial<Record<ChartKey, string[]>> = {
  estatesByStatus: ['count'],
  toiletsByClass: ['count'],
  toiletsByType: ['count'],
  toiletsByOwnership: ['count'],
  toiletFacilities: ['count'],
  contractsExpiring: ['count'],
  rectificationOnTime: ['onTime', 'late'],
};

let t: TestWorkspace;
let reader: Ctx;
let filters: DashboardFilters;
let data: DashboardData;

async function sql<T>(query: string, params: Array<string | number> = []): Promise<T[]> {
  return t.ctx.ws.db.read.all<T>(query, params);
}

async function drill(chart: ChartKey, categoryKey: string, seriesKey: string | undefined, f: DashboardFilters = filters): Promise<DrillResult> {
  const result = await callApi(reader, 'dashboard.drill', { chart, categoryKey, seriesKey, filters: f });
  if (!result.ok) throw new Error(`${chart} ${categoryKey} ${seriesKey}: ${result.error.message}`);
  return result.data as DrillResult;
}

const chartOf = (key: ChartKey, d: DashboardData = data): ChartData => d.charts.find((c) => c.key === key)!;
const inList = (ids: number[]) => `(${ids.length ? ids.join(',') : 'NULL'})`;

beforeAll(async () => {
  t = await testWorkspace({ demo: true });
  await loadDemoAssessment(t.ctx);
  reader = await ctxAs(t.ctx, 'clerk');
  // The resource-use coefficients are the province's (DOMAIN §6.1): unset, that KPI has no value.
  await callApi(t.ctx, 'settings.update', { resourceCoefficients: { incineration: 0.9, kitchen: 0.6, landfill: 0 }, reason: '测试' });
  // The year up to last month: the demo's tonnage covers it, its inspections are the last three months.
  const to = previousMonth(localToday().slice(0, 7));
  let from = to;
  for (let i = 0; i < 11; i += 1) from = previousMonth(from);
  filters = { from, to };
  const result = await callApi(reader, 'dashboard.data', filters);
  if (!result.ok) throw new Error(result.error.message);
  data = result.data as DashboardData;
}, 60_000);

afterAll(async () => {
  await t?.close();
});

describe('dashboard.data on the demo district', () => {
  it('draws every chart with data, every KPI with a value, and names the locked months', () => {
    expect(Object.fromEntries(data.charts.map((c) => [c.key, c.section]))).toEqual(SECTIONS);
    expect(data.charts).toHaveLength(18);
    for (const c of data.charts) {
      expect(c.emptyReason, c.key).toBeNull();
      expect(c.categories.length, c.key).toBeGreaterThan(0);
      expect(c.categoryKeys.length, c.key).toBe(c.categories.length);
      for (const s of c.series) expect(s.values.length, `${c.key}.${s.key}`).toBe(c.categories.length);
      expect(c.series.some((s) => s.values.some((v) => v != null && v > 0)), c.key).toBe(true);
      expect(c.title).toMatch(/[\u4e00-\u9fff]/);
      expect(c.formula).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(data.kpis.map((k) => k.key)).toEqual(ALL_KPIS);
    for (const k of data.kpis) expect(k.value, k.key).not.toBeNull();
    expect(data.months).toHaveLength(12);
    expect(data.lockedMonths).toHaveLength(2);
    expect(data.filters.asOf).toBe(localToday());
    // The month computed live is marked as such on the score chart.
    expect(chartOf('scoreByMonth').categories.at(-1)).toMatch(/未锁定/);
    // The waste categories keep their official colours.
    expect(chartOf('tonnageByMonth').series.map((s) => s.name)).toEqual(['可回收物', '有害垃圾', '厨余垃圾', '其他垃圾']);
    expect(chartOf('tonnageByMonth').series.every((s) => /^#[0-9a-f]{6}$/.test(s.color ?? ''))).toBe(true);
  });

  it('the KPIs of computeKpis are those of the dashboard', async () => {
    const kpis = await computeKpis(t.ctx.ws.db.read, filters);
    expect(kpis).toEqual(data.kpis);
    const byKey = new Map(kpis.map((k) => [k.key, k.value]));
    const [estates] = await sql<{ all: number; sorting: number }>(
      "SELECT count(*) AS 'all', sum(status <> 'none') AS sorting FROM estates WHERE deleted_at IS NULL",
    );
    expect(byKey.get('sortingCoverageRate')).toBeCloseTo((estates.sorting * 100) / estates.all, 10);
  });
});

describe('dashboard.drill gives exactly the rows behind every number', () => {
  it('a count gives that many ids, for every category × series of every count chart', async () => {
    let points = 0;
    for (const [key, seriesKeys] of Object.entries(COUNT_SERIES) as Array<[ChartKey, string[]]>) {
      const chart = chartOf(key);
      for (const s of chart.series.filter((x) => seriesKeys.includes(x.key))) {
        for (const [i, categoryKey] of chart.categoryKeys.entries()) {
          const result = await drill(key, categoryKey, s.key);
          expect(result.target).toBe(chart.drillTarget);
          expect(result.ids.length, `${key} ${categoryKey} ${s.key}`).toBe(s.values[i] ?? 0);
          expect(new Set(result.ids).size).toBe(result.ids.length);
          points += 1;
        }
      }
    }
    expect(points).toBeGreaterThan(30);
  });

  it('toilets by class: the ids are the live, in-use or renovating toilets of that class', async () => {
    const chart = chartOf('toiletsByClass');
    for (const categoryKey of chart.categoryKeys) {
      const result = await drill('toiletsByClass', categoryKey, 'count');
      const expected = await sql<{ id: number }>(
        `SELECT id FROM toilets WHERE deleted_at IS NULL AND status IN ('inUse', 'underRenovation') AND ${categoryKey === 'none' ? 'class IS NULL' : `class = ${Number(categoryKey)}`} ORDER BY id`,
      );
      expect(result.ids, categoryKey).toEqual(expected.map((r) => r.id));
      expect(result.label).toContain('统计看板');
    }
    expect((await drill('toiletsByClass', '2', 'count')).ids.length).toBeGreaterThan(10);
  });

  it('tonnage: the ids of a bar sum to the bar, and a separation point is the rate of its rows', async () => {
    const stacked = chartOf('tonnageByMonth');
    const columns: Record<string, string> = { recyclable: 'recyclable_t', hazardous: 'hazardous_kg / 1000.0', kitchen: 'kitchen_t', residual: 'residual_t' };
    for (const s of stacked.series) {
      for (const [i, month] of stacked.categoryKeys.entries()) {
        const result = await drill('tonnageByMonth', month, s.key);
        expect(result.target).toBe('tonnage');
        const [sum] = await sql<{ v: number | null }>(`SELECT sum(${columns[s.key]}) AS v FROM estate_tonnage WHERE id IN ${inList(result.ids)}`);
        expect(sum.v ?? null, `${month} ${s.key}`).toBeCloseTo(s.values[i] ?? 0, 9);
      }
    }
    const line = chartOf('kitchenSeparation');
    const kitchen = line.series.find((s) => s.key === 'kitchen')!;
    for (const [i, month] of line.categoryKeys.entries()) {
      const result = await drill('kitchenSeparation', month, 'kitchen');
      const [r] = await sql<{ k: number; res: number }>(`SELECT sum(kitchen_t) AS k, sum(residual_t) AS res FROM estate_tonnage WHERE id IN ${inList(result.ids)}`);
      expect((r.k * 100) / (r.k + r.res)).toBeCloseTo(kitchen.values[i]!, 9);
    }
  });

  it('rates and sums: coverage, people per toilet, area, money and mechanisation come back from their ids', async () => {
    const cov = chartOf('sortingCoverage');
    for (const [i, streetId] of cov.categoryKeys.entries()) {
      const ids = (await drill('sortingCoverage', streetId, 'count')).ids;
      const [all] = await sql<{ n: number; hh: number }>(
        'SELECT count(*) AS n, sum(e.households) AS hh FROM estates e JOIN communities c ON c.id = e.community_id WHERE e.deleted_at IS NULL AND c.street_id = ?',
        [Number(streetId)],
      );
      const [sorting] = await sql<{ n: number; hh: number; none: number }>(
        `SELECT count(*) AS n, sum(households) AS hh, sum(status = 'none') AS none FROM estates WHERE id IN ${inList(ids)}`,
      );
      expect(sorting.none ?? 0).toBe(0);
      expect(cov.series[0].values[i]).toBeCloseTo((sorting.n * 100) / all.n, 10);
      expect(cov.series[1].values[i]).toBeCloseTo(((sorting.hh ?? 0) * 100) / all.hh, 10);
    }
    const perPop = chartOf('toiletsPerPopulation');
    for (const [i, streetId] of perPop.categoryKeys.entries()) {
      const ids = (await drill('toiletsPerPopulation', streetId, 'perToilet')).ids;
      const [street] = await sql<{ population: number }>('SELECT population FROM streets WHERE id = ?', [Number(streetId)]);
      expect(perPop.series[0].values[i]).toBeCloseTo(street.population / ids.length, 9);
    }
    const areaMoney = chartOf('contractorAreaMoney');
    for (const [i, contractorId] of areaMoney.categoryKeys.entries()) {
      const sections = await drill('contractorAreaMoney', contractorId, 'area');
      expect(sections.target).toBe('sections');
      const [area] = await sql<{ v: number }>(`SELECT sum(cleaning_area_m2) AS v FROM bid_sections WHERE id IN ${inList(sections.ids)}`);
      expect(area.v).toBeCloseTo(areaMoney.series[0].values[i]!, 6);
      const contracts = await drill('contractorAreaMoney', contractorId, 'money');
      expect(contracts.target).toBe('contracts');
      const [money] = await sql<{ v: number; other: number }>(
        `SELECT sum(annual_amount_fen) AS v, sum(lead_contractor_id <> ?) AS other FROM contracts WHERE id IN ${inList(contracts.ids)}`,
        [Number(contractorId)],
      );
      expect(money.other).toBe(0);
      expect(money.v / 1_000_000).toBeCloseTo(areaMoney.series[1].values[i]!, 9);
    }
    const mech = chartOf('mechanization');
    for (const [i, contractorId] of mech.categoryKeys.entries()) {
      const ids = (await drill('mechanization', contractorId, 'rate')).ids;
      const [r] = await sql<{ m: number; c: number }>(`SELECT sum(mechanized_area_m2) AS m, sum(cleaning_area_m2) AS c FROM bid_sections WHERE id IN ${inList(ids)}`);
      expect(mech.series[0].values[i]).toBeCloseTo((r.m * 100) / r.c, 9);
    }
  });

  it('assessment: a month × category of the score chart opens exactly its counted inspections', async () => {
    const chart = chartOf('scoreByMonth');
    let opened = 0;
    for (const s of chart.series) {
      for (const [i, month] of chart.categoryKeys.entries()) {
        const result = await drill('scoreByMonth', month, s.key);
        expect(result.target).toBe('inspections');
        const expected = await sql<{ id: number }>(
          `SELECT i.id FROM inspections i JOIN assessment_schemes s ON s.id = i.scheme_id
            WHERE i.month = ? AND s.category = ? AND i.superseded_by IS NULL AND i.excluded = 0 AND i.status IN ('approved', 'locked') ORDER BY i.id`,
          [month, s.key],
        );
        expect(result.ids, `${month} ${s.key}`).toEqual(expected.map((r) => r.id));
        expect(result.ids.length > 0).toBe(s.values[i] != null);
        opened += result.ids.length;
      }
    }
    expect(opened).toBeGreaterThan(100);
  });

  it('assessment: Pareto items, ranks, grades and money open inspections that carry them', async () => {
    const pareto = chartOf('deductionPareto');
    const points = pareto.series[0];
    for (const [i, key] of pareto.categoryKeys.entries()) {
      if (key === 'other') continue;
      const result = await drill('deductionPareto', key, 'points');
      const [familyId, code] = [Number(key.split(':')[0]), key.slice(key.indexOf(':') + 1)];
      const [sum] = await sql<{ v: number; wrong: number }>(
        `SELECT sum(f.points) AS v, sum(s.family_id <> ?) AS wrong FROM findings f JOIN inspections i ON i.id = f.inspection_id JOIN assessment_schemes s ON s.id = i.scheme_id
          WHERE f.inspection_id IN ${inList(result.ids)} AND f.item_code = ?`,
        [familyId, code],
      );
      expect(sum.wrong).toBe(0);
      expect(sum.v).toBeCloseTo(points.values[i]!, 9);
    }
    // Pareto order and the cumulative line reaching 100 %.
    const values = points.values as number[];
    expect([...values.slice(0, 20)].sort((a, b) => b - a)).toEqual(values.slice(0, 20));
    expect(pareto.series[1].values.at(-1)).toBeCloseTo(100, 9);
    await expect(drill('deductionPareto', pareto.categoryKeys[0], 'cumulative')).rejects.toThrow(/cumulative/);

    const ranks = chartOf('rankingMovement');
    expect(ranks.kind).toBe('rankLine');
    for (const s of ranks.series) {
      for (const [i, month] of ranks.categoryKeys.entries()) {
        if (s.values[i] == null) continue;
        const result = await drill('rankingMovement', month, s.key);
        expect(result.ids.length).toBeGreaterThan(0);
        const [wrong] = await sql<{ n: number }>(`SELECT count(*) AS n FROM inspections WHERE id IN ${inList(result.ids)} AND (month <> ? OR contractor_id <> ?)`, [month, Number(s.key)]);
        expect(wrong.n).toBe(0);
      }
    }

    const money = chartOf('moneyWithheld');
    for (const contractorId of money.categoryKeys) {
      const result = await drill('moneyWithheld', contractorId, 'money');
      const [wrong] = await sql<{ n: number }>(
        `SELECT count(*) AS n FROM inspections i JOIN contracts c ON c.id = i.contract_id WHERE i.id IN ${inList(result.ids)} AND (c.lead_contractor_id <> ? OR i.month NOT IN (SELECT month FROM month_locks))`,
        [Number(contractorId)],
      );
      expect(result.ids.length).toBeGreaterThan(0);
      expect(wrong.n).toBe(0);
    }
    const [paid] = await sql<{ v: number }>("SELECT sum(total_fen) AS v FROM monthly_payments WHERE status = 'current'");
    expect((money.series[0].values as number[]).reduce((s, x) => s + x, 0)).toBeCloseTo(paid.v / 100, 6);

    const grades = chartOf('gradeDistribution');
    for (const s of grades.series) {
      for (const [i, grade] of grades.categoryKeys.entries()) {
        const result = await drill('gradeDistribution', grade, s.key);
        // Each unit counted brings at least one inspection.
        expect(result.ids.length).toBeGreaterThanOrEqual(s.values[i] ?? 0);
      }
    }
  });
});

describe('dashboard filters', () => {
  it('a street narrows the toilet and estate charts to that street', async () => {
    const street = (await sql<{ id: number }>('SELECT street_id AS id FROM toilets WHERE deleted_at IS NULL GROUP BY street_id ORDER BY count(*) DESC LIMIT 1'))[0].id;
    const result = await callApi(reader, 'dashboard.data', { ...filters, streetId: street });
    expect(result.ok).toBe(true);
    const narrowed = result.ok ? (result.data as DashboardData) : data;
    const [toilets] = await sql<{ n: number }>("SELECT count(*) AS n FROM toilets WHERE deleted_at IS NULL AND status IN ('inUse', 'underRenovation') AND street_id = ?", [street]);
    const sum = (c: ChartData) => (c.series[0].values as number[]).reduce((s, x) => s + x, 0);
    expect(sum(chartOf('toiletsByClass', narrowed))).toBe(toilets.n);
    expect(sum(chartOf('toiletsByClass', narrowed))).toBeLessThan(sum(chartOf('toiletsByClass')));
    const [estates] = await sql<{ n: number }>('SELECT count(*) AS n FROM estates e JOIN communities c ON c.id = e.community_id WHERE e.deleted_at IS NULL AND c.street_id = ?', [street]);
    expect(sum(chartOf('estatesByStatus', narrowed))).toBe(estates.n);
    expect(narrowed.filterText).toContain('街道:');
    // The drill-down honours the same filter.
    const drilled = await drill('toiletsByClass', '2', 'count', { ...filters, streetId: street });
    const [class2] = await sql<{ n: number }>("SELECT count(*) AS n FROM toilets WHERE deleted_at IS NULL AND status IN ('inUse', 'underRenovation') AND street_id = ? AND class = 2", [street]);
    expect(drilled.ids.length).toBe(class2.n);
  });

  it('a contractor narrows toilets to those it manages, and a category the assessment charts to its schemes', async () => {
    const contractor = (await sql<{ id: number }>('SELECT manager_contractor_id AS id FROM toilets WHERE manager_contractor_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1'))[0].id;
    const result = await callApi(reader, 'dashboard.data', { ...filters, contractorId: contractor, category: 'toilet' });
    if (!result.ok) throw new Error(result.error.message);
    const d = result.data as DashboardData;
    const [managed] = await sql<{ n: number }>(
      "SELECT count(*) AS n FROM toilets WHERE deleted_at IS NULL AND status IN ('inUse', 'underRenovation') AND manager_contractor_id = ?",
      [contractor],
    );
    expect((chartOf('toiletsByType', d).series[0].values as number[]).reduce((s, x) => s + x, 0)).toBe(managed.n);
    expect(chartOf('scoreByMonth', d).series.map((s) => s.key)).toEqual(['toilet']);
    expect(d.filterText).toContain('类别:公厕保洁');
  });

  it('a street keeps whole contracts in the money chart: every counted inspection of a paid contract is behind its bar', async () => {
    // A toilet inspected under a paid contract stands in another street than the contract's sections: its
    // inspection is still behind the contract's money when the chart is filtered to the contract's street.
    const [moved] = await sql<{ toiletId: number; street: number; contractStreet: number; inspectionId: number }>(
      `SELECT t.id AS toiletId, t.street_id AS street, bs.street_id AS contractStreet, i.id AS inspectionId
         FROM inspections i JOIN toilets t ON t.id = i.target_id
         JOIN monthly_payments p ON p.contract_id = i.contract_id AND p.month = i.month AND p.status = 'current'
         JOIN bid_sections b ON b.contract_id = i.contract_id JOIN bid_section_streets bs ON bs.section_id = b.id
        WHERE i.target_type = 'toilet' AND i.superseded_by IS NULL AND i.excluded = 0 AND i.status IN ('approved', 'locked') AND i.month BETWEEN ? AND ?
        LIMIT 1`,
      [filters.from, filters.to],
    );
    const [elsewhere] = await sql<{ id: number }>(
      `SELECT id FROM streets WHERE id <> ? AND id NOT IN (SELECT bs.street_id FROM inspections i JOIN bid_sections b ON b.contract_id = i.contract_id
         JOIN bid_section_streets bs ON bs.section_id = b.id WHERE i.id = ?) LIMIT 1`,
      [moved.contractStreet, moved.inspectionId],
    );
    const setStreet = (street: number) => t.ctx.ws.db.write((tx) => tx.run('UPDATE toilets SET street_id = ? WHERE id = ?', [street, moved.toiletId]));
    await setStreet(elsewhere.id);
    try {
      const f = { ...filters, streetId: moved.contractStreet };
      const result = await callApi(reader, 'dashboard.data', f);
      const money = chartOf('moneyWithheld', (result as { data: DashboardData }).data);
      const behind: number[] = [];
      for (const lead of money.categoryKeys) {
        const drilled = await drill('moneyWithheld', lead, 'money', f);
        behind.push(...drilled.ids);
        const expected = await sql<{ id: number }>(
          `SELECT i.id FROM inspections i JOIN contracts c ON c.id = i.contract_id JOIN assessment_schemes s ON s.id = i.scheme_id
            WHERE i.superseded_by IS NULL AND i.excluded = 0 AND i.status IN ('approved', 'locked') AND i.month IN (SELECT month FROM month_locks)
              AND i.month BETWEEN ? AND ? AND c.lead_contractor_id = ?
              AND EXISTS (SELECT 1 FROM bid_sections b JOIN bid_section_streets bs ON bs.section_id = b.id WHERE b.contract_id = c.id AND bs.street_id = ?)
              AND EXISTS (SELECT 1 FROM monthly_payments p JOIN assessment_schemes ps ON ps.id = p.scheme_id
                           WHERE p.status = 'current' AND p.month = i.month AND p.contract_id = i.contract_id AND ps.family_id = s.family_id)
            ORDER BY i.id`,
          [f.from, f.to, Number(lead), f.streetId],
        );
        expect([...drilled.ids].sort((a, b) => a - b)).toEqual(expected.map((r) => r.id));
      }
      expect(behind).toContain(moved.inspectionId);
    } finally {
      await setStreet(moved.street);
    }
  });

  it('the Pareto ranks deductions only: a bonus item (加分) is not among them', async () => {
    const top = chartOf('deductionPareto').categoryKeys[0];
    const [familyId, code] = [Number(top.split(':')[0]), top.slice(top.indexOf(':') + 1)];
    const setBonus = (bonus: boolean) =>
      t.ctx.ws.db.write((tx) =>
        tx.run(
          `UPDATE assessment_schemes SET definition = json_set(definition, '$.items[' || (
             SELECT key FROM json_each(definition, '$.items') WHERE json_extract(value, '$.code') = ?) || '].bonus', json(?))
            WHERE family_id = ?`,
          [code, bonus ? 'true' : 'false', familyId],
        ),
      );
    await setBonus(true);
    try {
      const result = await callApi(reader, 'dashboard.data', filters);
      expect(chartOf('deductionPareto', (result as { data: DashboardData }).data).categoryKeys).not.toContain(top);
    } finally {
      await setBonus(false);
    }
  });

  it('refuses bad filters and unknown keys with Chinese messages naming them', async () => {
    const refused = async (method: string, input: unknown, pattern: RegExp) => {
      const result = await callApi(reader, method, input);
      expect(result.ok, JSON.stringify(input)).toBe(false);
      if (!result.ok) expect(result.error.message).toMatch(pattern);
    };
    await refused('dashboard.data', { from: '2025-13', to: '2025-12' }, /开始月份应为 YYYY-MM/);
    await refused('dashboard.data', { from: '2025/01', to: '2025-12' }, /YYYY-MM/);
    await refused('dashboard.data', { from: '2025-06', to: '2025-01' }, /早于开始月份/);
    await refused('dashboard.data', { from: '2022-01', to: '2025-01' }, /共 37 个月,最多 36 个月/);
    await refused('dashboard.data', { from: '2025-01', to: '2025-12', category: '马路' }, /考核类别“马路”不存在/);
    await refused('dashboard.data', { from: '2025-01', to: '2025-12', streetId: 9999 }, /街道\(编号 9999\)不存在/);
    await refused('dashboard.data', { from: '2025-01', to: '2025-12', asOf: '2025-02-30x' }, /统计日应为 YYYY-MM-DD/);
    await refused('dashboard.drill', { chart: 'toiletsByColour', categoryKey: '1', filters }, /图表“toiletsByColour”不存在/);
    await refused('dashboard.drill', { chart: 'toiletsByClass', categoryKey: '7', filters }, /分类“7”不存在/);
    await refused('dashboard.drill', { chart: 'toiletsByClass', categoryKey: '1', seriesKey: 'tons', filters }, /系列“tons”不存在/);
    // 36 months is the most and is drawn; a label (公厕保洁) is accepted for the category.
    const longest = await callApi(reader, 'dashboard.data', { from: '2023-11', to: '2026-10', category: '公厕保洁' });
    expect(longest.ok).toBe(true);
  });
});

describe('an empty workspace', () => {
  it('draws nothing and says why, chart by chart, with no KPI value made up', async () => {
    const empty = await testWorkspace();
    try {
      const result = await callApi(await ctxAs(empty.ctx, 'clerk'), 'dashboard.data', { from: '2025-01', to: '2025-12', asOf: '2025-12-31' });
      if (!result.ok) throw new Error(result.error.message);
      const d = result.data as DashboardData;
      expect(d.charts).toHaveLength(18);
      for (const c of d.charts) expect(c.emptyReason, c.key).toMatch(/[\u4e00-\u9fff]/);
      expect(d.kpis.every((k) => k.value === null)).toBe(true);
      expect(d.lockedMonths).toEqual([]);
      expect(d.filters.asOf).toBe('2025-12-31');
    } finally {
      await empty.close();
    }
  });
});
