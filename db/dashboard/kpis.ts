/**
 * The indicators SaniDesk computes from its own data (DOMAIN §6.1, §6.3): the dashboard's KPI cards and the
 * current values of the 指标 table. Same facts and formulas as the charts; tonnage-based indicators are over
 * the filter's months, the ledger ones are the state now.
 *
 * Resource use and safe disposal come from the district's monthly disposal report (db/disposal), summed over the
 * filter's months that have a row. The report is district-wide, so with a street filter they are not computed.
 *
 * The recycling rate stays on the estates' tonnage sheet for both its numerator and its denominator, also in months
 * with a disposal row: the sheet covers the estates, the report the whole district (markets, shops, streets), and
 * dividing the estates' recyclables and kitchen waste by the district's collected quantity would mix the two scopes
 * and understate the rate by about a third. A district-wide recycling rate would need the report's own figures
 * (可回收物回收量 + 厨余处理量) ÷ (可回收物回收量 + 清运量); that is a change of definition for the plans to decide.
 */
import type { Tx } from '../sqlite';
import { assessmentData, excellentOf, rectificationFacts } from './assessment';
import { activeSections } from './contracts';
import { resourceCoefficients } from '../settings/settings';
import { Env, num, streetsOf, type Resolved } from './facts';
import { resolveFilters } from './filters';
import {
  average,
  coverage,
  disposalTotals,
  kitchenSeparationRate,
  mechanizationRate,
  percent,
  POPULATION_PER_TOILET_NORM,
  populationPerToilet,
  rectificationCounted,
  rectificationOnTime,
  recyclingRate,
  resourceUtilizationRate,
  safeDisposalRate,
  sortingCompliant,
  tonnageTotals,
} from './formulas';
import { estateRows, tonnageRows } from './sorting';
import { toiletRows } from './toilets';
import type { DisposalFact, ResourceCoefficients } from './formulas';
import type { DashboardFilters, KpiKey, KpiValue } from './types';

/** The indicators SaniDesk computes, by the names the dashboard's cards and the 指标 table's link show. */
export const KPI_LABELS: Record<KpiKey, string> = {
  sortingCoverageRate: '生活垃圾分类覆盖率',
  sortingCoverageByHouseholds: '生活垃圾分类覆盖率(按户)',
  compliantCoverageRate: '达标小区覆盖率',
  recyclingRate: '生活垃圾回收利用率',
  resourceUtilizationRate: '生活垃圾资源化利用率',
  safeDisposalRate: '生活垃圾无害化处理率',
  kitchenSeparationRate: '厨余垃圾分出率',
  mechanizationRate: '道路机械化作业率',
  toiletFamilyRestroomShare: '设第三卫生间的公厕占比',
  toiletAccessibleShare: '设无障碍厕位的公厕占比',
  populationPerToilet: '每座公厕服务人口',
  rectificationOnTimeRate: '整改按时完成率',
  averageScore: '考核平均得分',
  excellentRate: '考核优秀率',
};

const kpi = (key: KpiKey, value: number | null, unit: string, detail: string): KpiValue => ({ key, label: KPI_LABELS[key], value, unit, detail });

/** Live disposal-report months in the period (db/disposal); none with a street filter (the report is district-wide). */
function disposalRows(env: Env): Promise<DisposalFact[]> {
  return env.once('disposal', () =>
    env.read.all<DisposalFact>(
      `SELECT collected_t AS collectedT, incinerated_t AS incineratedT, landfilled_t AS landfilledT,
              kitchen_processed_t AS kitchenProcessedT, recyclables_t AS recyclablesT, other_safe_t AS otherSafeT
         FROM disposal_months WHERE deleted_at IS NULL AND month BETWEEN ? AND ? ORDER BY month`,
      [env.f.from, env.f.to],
    ),
  );
}

/** The two disposal-report KPIs (DOMAIN §6.1), with why there is no value in words when there is none. */
async function disposalKpis(env: Env, period: string): Promise<KpiValue[]> {
  if (env.f.streetId != null) {
    const why = '处置量按全区填报,按街道筛选时不计算';
    return [kpi('resourceUtilizationRate', null, '%', why), kpi('safeDisposalRate', null, '%', why)];
  }
  const t = disposalTotals(await disposalRows(env));
  if (t.months === 0) {
    const why = `${period}:无处置量数据(台账 → 清运处置)`;
    return [kpi('resourceUtilizationRate', null, '%', why), kpi('safeDisposalRate', null, '%', why)];
  }
  const months = `${period} 共 ${t.months} 个月`;
  const c: ResourceCoefficients = await resourceCoefficients(env.read);
  const resource = resourceUtilizationRate(t, c);
  const resourceDetail =
    c.incineration == null || c.kitchen == null || c.landfill == null
      ? '未设置资源化系数(系统 → 设置 → 资源化利用率系数,三项都要填写)'
      : `${months}:(可回收物 ${num(t.recyclables)} 吨 + 焚烧 ${num(t.incinerated)} 吨 × ${num(c.incineration, 4)} + 厨余处理 ${num(t.kitchenProcessed)} 吨 × ${num(c.kitchen, 4)} + 填埋 ${num(t.landfilled)} 吨 × ${num(c.landfill, 4)}) ÷ (可回收物 ${num(t.recyclables)} 吨 + 清运量 ${num(t.collected)} 吨)`;
  // 无害化处理量 [D]: incinerated + landfilled + kitchen processed + other safe (db/dashboard/formulas.ts safeDisposalOf).
  const capped = t.safe > t.collected ? ',处置量多于清运量,按 100% 计' : '';
  const safeDetail = `${months}:无害化处理 ${num(t.safe)} 吨(焚烧 + 填埋 + 厨余处理 + 其他无害化)÷ 清运量 ${num(t.collected)} 吨${capped}`;
  return [kpi('resourceUtilizationRate', resource, '%', resourceDetail), kpi('safeDisposalRate', safeDisposalRate(t), '%', safeDetail)];
}

/** Every KpiKey, in card order, from one request's facts. */
export async function kpisOf(env: Env): Promise<KpiValue[]> {
  const { f } = env;
  const estates = await estateRows(env);
  const started = coverage(estates);
  const compliant = coverage(estates, sortingCompliant);
  const tonnage = tonnageTotals(await tonnageRows(env));
  const period = `${f.from} 至 ${f.to}`;
  const mech = mechanizationRate(await activeSections(env));
  const toilets = await toiletRows(env);
  const family = toilets.filter((t) => t.familyRestroom === 1).length;
  const accessible = toilets.filter((t) => t.accessibleStalls >= 1).length;
  // Population per toilet: streets with a population figure and their toilets, whoever manages them.
  const streets = (await streetsOf(env)).filter((s) => s.population != null);
  const streetIds = new Set(streets.map((s) => s.id));
  const population = streets.reduce((s, x) => s + x.population!, 0);
  const streetToilets = (await toiletRows(env, false)).filter((t) => streetIds.has(t.streetId)).length;
  const data = await assessmentData(env);
  const orders = await rectificationFacts(env);
  const counted = orders.filter((o) => rectificationCounted(o, f.asOf));
  const onTime = counted.filter(rectificationOnTime).length;
  const scored = data.units.filter((u) => u.score != null);
  const avg = average(scored.map((u) => u.score));
  const ex = excellentOf(data, data.units);
  const disposal = await disposalKpis(env, period);
  return [
    kpi('sortingCoverageRate', started.byCount, '%', `已开展分类 ${num(started.count)} 个 ÷ 小区 ${num(started.total)} 个`),
    kpi('sortingCoverageByHouseholds', started.byHouseholds, '%', `已开展分类小区 ${num(started.households)} 户 ÷ 全部小区 ${num(started.totalHouseholds)} 户`),
    kpi('compliantCoverageRate', compliant.byCount, '%', `达标及以上 ${num(compliant.count)} 个 ÷ 小区 ${num(compliant.total)} 个`),
    kpi('recyclingRate', recyclingRate(tonnage), '%', `${period}:(可回收物 ${num(tonnage.recyclable)} 吨 + 厨余垃圾 ${num(tonnage.kitchen)} 吨) ÷ 清运量 ${num(tonnage.total)} 吨`),
    ...disposal,
    kpi('kitchenSeparationRate', kitchenSeparationRate(tonnage), '%', `${period}:厨余垃圾 ${num(tonnage.kitchen)} 吨 ÷ (厨余 + 其他垃圾 ${num(tonnage.kitchen + tonnage.residual)} 吨)`),
    kpi('mechanizationRate', mech.rate, '%', `机械化作业面积 ${num(mech.mechanized)} ㎡ ÷ 保洁面积 ${num(mech.cleaning)} ㎡`),
    kpi('toiletFamilyRestroomShare', percent(family, toilets.length), '%', `设第三卫生间 ${num(family)} 座 ÷ 在用公厕 ${num(toilets.length)} 座`),
    kpi('toiletAccessibleShare', percent(accessible, toilets.length), '%', `设无障碍厕位 ${num(accessible)} 座 ÷ 在用公厕 ${num(toilets.length)} 座`),
    kpi('populationPerToilet', populationPerToilet(streets.length ? population : null, streetToilets), '人/座', `常住人口 ${num(population)} 人 ÷ 在用公厕 ${num(streetToilets)} 座(标准 ≤ ${num(POPULATION_PER_TOILET_NORM)} 人/座)`),
    kpi('rectificationOnTimeRate', percent(onTime, counted.length), '%', `${period}:按时完成 ${num(onTime)} 件 ÷ 已到期或已整改 ${num(counted.length)} 件`),
    kpi('averageScore', avg, '分', `${period}:${num(scored.length)} 个单位·月的平均`),
    kpi('excellentRate', ex.rate, '%', `${period}:优秀 ${num(ex.excellent)} 个 ÷ 有等级 ${num(ex.graded)} 个单位·月`),
  ];
}

/** The KPI values for the filters (the 指标 table calls this for the current values). */
export async function computeKpis(read: Tx, filters: DashboardFilters): Promise<KpiValue[]> {
  const f: Resolved = await resolveFilters(read, filters);
  return kpisOf(new Env(read, f));
}
