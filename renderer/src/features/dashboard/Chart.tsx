/**
 * One ECharts chart: created on mount, given its option whenever the data changes, resized with its box,
 * disposed on unmount. A click on a bar, slice or point reports (series index, category index) to the card,
 * which turns it into a drill-down. After each new option the first 'finished' event reports the chart as
 * drawn (the page's `data-ready` mark for tests and the bench).
 *
 * For tests and the bench the live instances are on `window.__saniCharts[<chart key>]` (only the ECharts
 * instance, e.g. for `convertToPixel`); an entry is removed when its chart is disposed.
 */
import { useEffect, useRef } from 'react';
import type { ChartData, ChartKey } from '../../../../db/dashboard/types';
import { initChart, type EChartsType } from './echarts';
import { buildOption, clickedCategory } from './options';

declare global {
  interface Window {
    __saniCharts?: Partial<Record<ChartKey, EChartsType>>;
  }
}

/** The page's own handle on every live chart (PNG export, print images). */
export const liveCharts = new Map<ChartKey, EChartsType>();

export interface ChartProps {
  data: ChartData;
  onElementClick(seriesIndex: number, categoryIndex: number): void;
  /** Once per new `data`, with that data, when ECharts has finished drawing it. */
  onRendered(drawn: ChartData): void;
}

export function Chart({ data, onElementClick, onRendered }: ChartProps) {
  const boxRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<EChartsType | null>(null);
  // The newest callbacks without re-creating the chart when the parent re-renders.
  const callbacks = useRef({ onElementClick, onRendered });
  const pendingReport = useRef<ChartData | null>(null);
  useEffect(() => {
    callbacks.current = { onElementClick, onRendered };
  });

  const key = data.key;
  useEffect(() => {
    const box = boxRef.current!;
    const chart = initChart(box);
    chartRef.current = chart;
    liveCharts.set(key, chart);
    window.__saniCharts = { ...window.__saniCharts, [key]: chart };
    chart.on('click', (params) => {
      if (params.componentType !== 'series' || params.value === null || params.value === undefined) return;
      callbacks.current.onElementClick(params.seriesIndex ?? 0, clickedCategory(params));
    });
    chart.on('finished', () => {
      const drawn = pendingReport.current;
      if (!drawn) return;
      pendingReport.current = null;
      callbacks.current.onRendered(drawn);
    });
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(box);
    return () => {
      observer.disconnect();
      chart.dispose();
      chartRef.current = null;
      if (liveCharts.get(key) === chart) liveCharts.delete(key);
      if (window.__saniCharts?.[key] === chart) delete window.__saniCharts[key];
    };
  }, [key]);

  useEffect(() => {
    const chart = chartRef.current;
    if (!chart) return;
    pendingReport.current = data;
    chart.setOption(buildOption(data), { notMerge: true });
  }, [data]);

  return <div ref={boxRef} className="dash-chart-canvas" />;
}

/** The chart as a PNG data URL, white background, twice the screen resolution; with the title and headline
 *  drawn into the image when `withTitle` (a downloaded file has no card around it). */
export function chartImage(key: ChartKey, data: ChartData, withTitle: boolean): string | null {
  const chart = liveCharts.get(key);
  if (!chart) return null;
  if (!withTitle) return chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' });
  // Animation is off, so both option changes draw synchronously within this task: the screen never shows the
  // titled version.
  chart.setOption(buildOption(data, data.title), { notMerge: true });
  const url = chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' });
  chart.setOption(buildOption(data), { notMerge: true });
  return url;
}
