/**
 * 统计看板 (issue 6, DOMAIN §6.3): KPI cards, then the charts of four sections, all from one
 * `dashboard.data` answer for the filters in the route's query. A click on a bar, slice or point opens the
 * grid of exactly the rows behind it (drill.ts); the back button returns to the same filtered view.
 *
 * Readiness for tests and the bench: the root has `data-testid="dashboard"` and `data-ready="true"` once every
 * chart with data has drawn it (ECharts 'finished'); each card has `data-testid="chart-<key>"` and `data-count`
 * (data points drawn); the ECharts instances are on `window.__saniCharts[<key>]` (Chart.tsx).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ChartData, DashboardData, DashboardFilters } from '../../../../db/dashboard/types';
import { call } from '../../api';
import { MonthPicker } from '../../app/MonthPicker';
import { navigate } from '../../app/router';
import { status } from '../../app/status';
import { useWorkspace } from '../../app/workspace';
import { downloadBase64 } from '../../components/download';
import { ledgerCalls } from '../../components/ledger/ledgerApi';
import type { LedgerRow } from '../../components/ledger/types';
import { useSearchPrintKeys } from '../../components/useSearchPrintKeys';
import { useVocabulary } from '../assessment/shared/useVocabulary';
import { drillPath } from '../drill/drill';
import { Chart, chartImage } from './Chart';
import { filtersFromQuery, hashQuery, queryOf, writeQuery, DASHBOARD_PATH } from './filters';
import { formatMeasure } from '../../format';
import { chartDrillable, isDrillable, pointCount } from './options';
import { printDashboard, SECTIONS } from './print';
import { dashboardText as text } from './strings';

interface Option {
  id: number;
  name: string;
}

type Load = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready' };

/** Street and contractor choices for the filter bar (the selects stay usable if a list fails to load). */
function useChoices(): { streets: Option[]; contractors: Option[] } {
  const [streets, setStreets] = useState<Option[]>([]);
  const [contractors, setContractors] = useState<Option[]>([]);
  useEffect(() => {
    let alive = true;
    void call('geo.streets', {}).then((r) => alive && r.ok && setStreets(r.data.map((s) => ({ id: s.id, name: s.name }))));
    void ledgerCalls<LedgerRow & { name: string }>('contractors')
      .list()
      .then((r) => alive && r.ok && setContractors(r.data.map((c) => ({ id: c.id, name: c.name }))));
    return () => {
      alive = false;
    };
  }, []);
  return { streets, contractors };
}

/** The filters in the route's query, and a setter that writes them back there. */
function useDashboardFilters(): [DashboardFilters, (patch: Partial<DashboardFilters> | null) => void] {
  const { month } = useWorkspace();
  const [query, setQuery] = useState(() => hashQuery().toString());
  useEffect(() => {
    // The nav entry or the back button can change the query under a mounted page.
    const onHash = () => {
      if (window.location.hash.replace(/^#/, '').split('?')[0] === DASHBOARD_PATH) setQuery(hashQuery().toString());
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const filters = useMemo(() => filtersFromQuery(new URLSearchParams(query), month), [query, month]);
  const update = useCallback(
    (patch: Partial<DashboardFilters> | null) => {
      const current = new URLSearchParams(query);
      const next = patch ? { ...filters, ...patch } : null;
      const choosePeriod = current.has('from') || (patch !== null && ('from' in patch || 'to' in patch));
      const q = next ? queryOf(next, choosePeriod) : '';
      writeQuery(q);
      setQuery(q);
    },
    [query, filters],
  );
  return [filters, update];
}

/** One select of the filter bar: 全部 (no filter) first, then the choices as [value, label]. */
function FilterSelect(props: { label: string; testId: string; value: string | number | undefined; choices: Array<[string, string]>; wide?: boolean; onChange(value: string): void }) {
  return (
    <label className="inline-field">
      <span className="form-label">{props.label}</span>
      <select className={props.wide ? 'input input-inline dash-filter-wide' : 'input input-inline'} data-testid={props.testId} value={props.value ?? ''} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">{text.all}</option>
        {props.choices.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </label>
  );
}

function FilterBar({ filters, onChange }: { filters: DashboardFilters; onChange(patch: Partial<DashboardFilters> | null): void }) {
  const vocabulary = useVocabulary();
  const { streets, contractors } = useChoices();
  // The five assessed trades; 综合 (composite) schemes are not a category of their own on the dashboard.
  const categories = Object.entries(vocabulary?.scheme.category ?? {}).filter(([key]) => key !== 'composite');
  return (
    <div className="dash-filters" data-testid="dashboard-filters">
      <MonthPicker
        label={`${text.period} ${text.from}`}
        testId="dashboard-from"
        value={filters.from}
        onChange={(from) => onChange(from > filters.to ? { from, to: from } : { from })}
      />
      <MonthPicker label={text.to} testId="dashboard-to" value={filters.to} onChange={(to) => onChange(to < filters.from ? { from: to, to } : { to })} />
      <FilterSelect label={text.street} testId="dashboard-street" value={filters.streetId} choices={streets.map((s) => [String(s.id), s.name])} onChange={(v) => onChange({ streetId: v ? Number(v) : undefined })} />
      <FilterSelect label={text.category} testId="dashboard-category" value={filters.category} choices={categories} onChange={(v) => onChange({ category: (v || undefined) as DashboardFilters['category'] })} />
      <FilterSelect
        label={text.contractor}
        testId="dashboard-contractor"
        wide
        value={filters.contractorId}
        choices={contractors.map((c) => [String(c.id), c.name])}
        onChange={(v) => onChange({ contractorId: v ? Number(v) : undefined })}
      />
      <button type="button" className="button" data-testid="dashboard-clear" onClick={() => onChange(null)}>
        {text.clearFilters}
      </button>
    </div>
  );
}

function KpiCards({ data }: { data: DashboardData }) {
  if (data.kpis.length === 0) return null;
  return (
    <div className="dash-kpis" aria-label={text.kpis}>
      {data.kpis.map((kpi) => (
        <div key={kpi.key} className="dash-kpi" data-testid={`kpi-${kpi.key}`} title={kpi.detail}>
          <span className="dash-kpi-label">{kpi.label}</span>
          <span className="dash-kpi-value">{formatMeasure(kpi.value, kpi.unit)}</span>
        </div>
      ))}
    </div>
  );
}

/** The file name of an exported chart: its title, without characters Windows refuses in names. */
function pngName(title: string): string {
  return `${title.replace(/[\\/:*?"<>|]/g, '_')}.png`;
}

function ChartCard({ chart, onDrill, onRendered }: { chart: ChartData; onDrill(chart: ChartData, seriesIndex: number, categoryIndex: number): void; onRendered(chart: ChartData): void }) {
  const exportPng = () => {
    const url = chartImage(chart.key, chart, true);
    if (!url) return status.notify('warning', text.exportFailed);
    downloadBase64(pngName(chart.title), 'image/png', url.slice(url.indexOf(',') + 1));
  };
  const empty = chart.emptyReason !== null;
  return (
    <article className="dash-card" data-testid={`chart-${chart.key}`} data-count={empty ? 0 : pointCount(chart)} data-kind={chart.kind}>
      <header className="dash-card-head">
        <h3 className="dash-card-title">{chart.title}</h3>
        {chart.formula && (
          <span className="dash-help" tabIndex={0} title={chart.formula} aria-label={`${text.formula}:${chart.formula}`}>
            ?
          </span>
        )}
        <span className="dash-card-spacer" />
        <button type="button" className="dash-card-button" data-testid="chart-export" disabled={empty} onClick={exportPng}>
          {text.exportPng}
        </button>
      </header>
      {chart.headline && <div className="dash-headline">{chart.headline}</div>}
      {empty ? (
        <p className="dash-empty" data-testid="chart-empty">
          {chart.emptyReason}
        </p>
      ) : (
        <Chart data={chart} onElementClick={(s, c) => onDrill(chart, s, c)} onRendered={onRendered} />
      )}
      {chartDrillable(chart) && <div className="dash-hint">{text.drillHint}</div>}
    </article>
  );
}

export function DashboardPage() {
  const [filters, setFilters] = useDashboardFilters();
  const [data, setData] = useState<DashboardData | null>(null);
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [rendered, setRendered] = useState<ReadonlySet<ChartData>>(new Set());
  const [attempt, setAttempt] = useState(0);
  const filterKey = JSON.stringify(filters);

  useEffect(() => {
    let alive = true;
    setLoad({ state: 'loading' });
    void call('dashboard.data', JSON.parse(filterKey) as DashboardFilters).then((r) => {
      if (!alive) return;
      if (!r.ok) return setLoad({ state: 'failed', message: r.error.message });
      setRendered(new Set());
      setData(r.data);
      setLoad({ state: 'ready' });
    });
    return () => {
      alive = false;
    };
  }, [filterKey, attempt]);

  const onRendered = useCallback((chart: ChartData) => setRendered((prev) => new Set(prev).add(chart)), []);

  const onDrill = useCallback(
    (chart: ChartData, seriesIndex: number, categoryIndex: number) => {
      const series = chart.series[seriesIndex];
      const categoryKey = chart.categoryKeys[categoryIndex];
      if (!data || !isDrillable(series) || categoryKey === undefined) return;
      // The whole view goes into this history entry first, so the back button returns to exactly it.
      writeQuery(queryOf(data.filters, true));
      navigate(drillPath(series.drillTarget ?? chart.drillTarget, { chart: chart.key, categoryKey, seriesKey: series.key, filters: data.filters }));
    },
    [data],
  );

  const print = useCallback(() => {
    if (data) void printDashboard(data);
  }, [data]);
  const noSearch = useRef<HTMLInputElement>(null);
  useSearchPrintKeys(noSearch, print);

  const ready = load.state === 'ready' && data !== null && data.charts.every((c) => c.emptyReason !== null || rendered.has(c));

  return (
    <section className="dash-page" data-testid="dashboard" data-ready={ready ? 'true' : 'false'} aria-label={text.title}>
      <div className="ledger-page-title-row">
        <h1 className="page-title">{text.title}</h1>
        <span className="muted">{text.intro}</span>
        <span className="dash-card-spacer" />
        <button type="button" className="button" data-testid="dashboard-print" disabled={!data} onClick={print}>
          {text.print}
        </button>
      </div>
      <FilterBar filters={filters} onChange={setFilters} />
      <div className="dash-status" data-testid="dashboard-status">
        {load.state === 'loading' && <span>{text.loading}</span>}
        {load.state === 'failed' && (
          <span className="text-error" role="alert">
            {text.loadFailed}:{load.message}{' '}
            <button type="button" className="link-button" onClick={() => setAttempt((n) => n + 1)}>
              {text.retry}
            </button>
          </span>
        )}
        {load.state === 'ready' && data && (
          <>
            <span data-testid="dashboard-elapsed">{text.elapsed(data.elapsedMs)}</span>
            <span className="muted">{data.filterText}</span>
            <span className="muted">{text.lockedMonths(data.lockedMonths.length)}</span>
          </>
        )}
      </div>
      {data && (
        <>
          <KpiCards data={data} />
          {SECTIONS.map((section) => {
            const charts = data.charts.filter((c) => c.section === section);
            if (charts.length === 0) return null;
            return (
              <section key={section} className="dash-section" data-testid={`dashboard-section-${section}`}>
                <h2 className="dash-section-title">{text.sections[section]}</h2>
                <div className="dash-grid">
                  {charts.map((chart) => (
                    <ChartCard key={chart.key} chart={chart} onDrill={onDrill} onRendered={onRendered} />
                  ))}
                </div>
              </section>
            );
          })}
        </>
      )}
    </section>
  );
}
