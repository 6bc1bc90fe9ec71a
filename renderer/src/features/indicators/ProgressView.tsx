/**
 * 指标 → 进度: every indicator in the plan's order, laid out like the plan's own table (category cells merged
 * down the group), with baseline and target as written, the current value where SaniDesk computes it and a bar
 * against the target. The numbers come from `targets.progress`; this view only lays them out, so what the bar
 * says is what db/ decided (met or not, the text).
 */
import { useCallback, useEffect, useState } from 'react';
import type { KpiValue } from '../../../../db/api';
import { status } from '../../app/status';
import { downloadBase64 } from '../../components/download';
import { ImportDialog } from '../import/ImportDialog';
import { indicatorsApi, type IndicatorProgress, type IndicatorRow } from './indicatorsApi';
import { indicatorsText as tx } from './strings';
import { formatMeasure } from '../../format';

interface Line extends IndicatorRow {
  state: IndicatorProgress | undefined;
}

interface Group {
  category: string;
  lines: Line[];
}

type Load = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; groups: Group[]; total: number; computed: number };

/** Groups in the order the list gives them (the plan's order); a category met again later joins its group. */
function groupByCategory(rows: IndicatorRow[], progress: IndicatorProgress[]): Group[] {
  const byId = new Map(progress.map((p) => [p.id, p]));
  const groups = new Map<string, Group>();
  for (const row of rows) {
    let group = groups.get(row.category);
    if (!group) {
      group = { category: row.category, lines: [] };
      groups.set(row.category, group);
    }
    group.lines.push({ ...row, state: byId.get(row.id) });
  }
  return [...groups.values()];
}

function kpiText(kpi: KpiValue): string {
  if (kpi.value === null) return tx.noValue;
  return formatMeasure(kpi.value, kpi.unit);
}

function CurrentCell({ line }: { line: Line }) {
  if (!line.kpiKey) {
    return (
      <td className="indicator-current muted" data-col="current">
        {tx.notComputed}
      </td>
    );
  }
  const current = line.state?.current ?? null;
  return (
    <td className="indicator-current num" data-col="current" title={current?.detail || undefined}>
      {current ? kpiText(current) : <span className="muted">{tx.noValue}</span>}
    </td>
  );
}

function ProgressCell({ state }: { state: IndicatorProgress | undefined }) {
  // Not computed here: the current-value cell already says so; the sentence stays in the tooltip.
  if (!state || !state.kpiKey) return <td className="indicator-progress" data-col="progress" title={state?.text} />;
  if (state.progress === null) {
    return (
      <td className="indicator-progress muted" data-col="progress">
        {state.text}
      </td>
    );
  }
  // progress is the share of the target reached (1 = reached); the bar stops at full width.
  const width = Math.max(0, Math.min(1, state.progress)) * 100;
  const tone = state.met ? 'indicator-bar-met' : 'indicator-bar-open';
  return (
    <td className="indicator-progress" data-col="progress">
      <div
        className={`indicator-bar ${tone}`}
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(width)}
        aria-valuetext={state.text}
        title={state.met ? tx.met : tx.notMet}
        data-met={state.met ? 'true' : 'false'}
      >
        <span className="indicator-bar-fill" style={{ width: `${width}%` }} />
        <span className="indicator-bar-text">{state.text}</span>
      </div>
    </td>
  );
}

export interface ProgressViewProps {
  /** 新增 in the empty state: the grid tab's form does it. */
  onAdd(): void;
}

export function ProgressView({ onAdd }: ProgressViewProps) {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [importing, setImporting] = useState(false);
  const [exporting, setExporting] = useState(false);

  const reload = useCallback(async () => {
    setLoad((prev) => (prev.state === 'ready' ? prev : { state: 'loading' }));
    const [rows, progress] = await Promise.all([indicatorsApi.list(), indicatorsApi.progress()]);
    if (!rows.ok) return setLoad({ state: 'failed', message: rows.error.message });
    if (!progress.ok) return setLoad({ state: 'failed', message: progress.error.message });
    setLoad({
      state: 'ready',
      groups: groupByCategory(rows.data, progress.data),
      total: rows.data.length,
      computed: rows.data.filter((r) => r.kpiKey).length,
    });
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  const exportPlan = async () => {
    setExporting(true);
    const result = await status.track('targets.exportPlan', tx.exporting, () => indicatorsApi.exportPlan());
    setExporting(false);
    if (!result.ok) {
      status.notify('error', result.error.message);
      return;
    }
    downloadBase64(result.data.fileName, result.data.mimeType, result.data.base64);
    status.notify('info', tx.exported(result.data.fileName));
  };

  if (load.state === 'loading') return <p className="muted">{tx.loading}</p>;
  if (load.state === 'failed') {
    return (
      <div className="indicators-empty" role="alert">
        <h2>{tx.loadFailed}</h2>
        <p className="text-error">{load.message}</p>
        <button type="button" className="button" onClick={() => void reload()}>
          {tx.retry}
        </button>
      </div>
    );
  }

  const empty = load.total === 0;
  return (
    <div className="indicators-progress">
      <div className="toolbar">
        <button type="button" className="button" onClick={() => void reload()} data-testid="indicators-refresh">
          {tx.refresh}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => void exportPlan()}
          disabled={empty || exporting}
          title={tx.exportPlanTitle}
          data-testid="indicators-export-plan"
        >
          {tx.exportPlan}
        </button>
        {!empty && (
          <span className="muted indicators-count" data-testid="indicators-count">
            {tx.count(load.total, load.computed)}
          </span>
        )}
      </div>
      {empty ? (
        <div className="indicators-empty" data-testid="indicators-empty">
          <h2>{tx.emptyTitle}</h2>
          <p>{tx.emptyText}</p>
          <div className="empty-actions">
            <button type="button" className="button" onClick={() => setImporting(true)} data-testid="indicators-empty-import">
              {tx.importButton}
            </button>
            <button type="button" className="button button-primary" onClick={onAdd} data-testid="indicators-empty-add">
              {tx.addButton}
            </button>
          </div>
        </div>
      ) : (
        <div className="indicator-table-wrap">
          <table className="indicator-table" data-testid="indicator-progress">
            <thead>
              <tr>
                <th className="indicator-category">类别</th>
                <th className="num">{tx.columns.seq}</th>
                <th>{tx.columns.name}</th>
                <th>{tx.columns.baseline}</th>
                <th>{tx.columns.target}</th>
                <th className="num">{tx.columns.current}</th>
                <th className="indicator-progress">{tx.columns.progress}</th>
              </tr>
            </thead>
            {load.groups.map((group) => (
              <tbody key={group.category} data-category={group.category}>
                {group.lines.map((line, i) => (
                  <tr key={line.id} data-testid={`indicator-${line.id}`} data-name={line.name}>
                    {i === 0 && (
                      <th scope="rowgroup" className="indicator-category" rowSpan={group.lines.length}>
                        {group.category}
                      </th>
                    )}
                    <td className="num muted">{line.seq ?? ''}</td>
                    <td className="indicator-name">{line.name}</td>
                    <td data-col="baseline">{line.baselineText ?? ''}</td>
                    <td data-col="target">
                      <span className="indicator-target">{line.targetText}</span>
                      {line.binding && (
                        <span className={`badge indicator-kind indicator-kind-${line.binding}`} data-col="binding">
                          {line.binding === 'binding' ? tx.binding : tx.expected}
                        </span>
                      )}
                    </td>
                    <CurrentCell line={line} />
                    <ProgressCell state={line.state} />
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
        </div>
      )}
      {importing && (
        <ImportDialog
          ledger="targets"
          title={tx.gridTitle}
          fields={[]}
          onClose={() => setImporting(false)}
          onImported={() => void reload()}
        />
      )}
    </div>
  );
}
