/**
 * The printed dashboard (A4 landscape, `@page dashboard` in styles.css): a heading with the filters in words
 * and the print date, the KPIs, then each section's charts two per row as images. Images, not the live
 * canvases: a canvas keeps its screen size on paper, an <img> scales to the column. Built with DOM text nodes
 * (escaped by construction) and printed through printElement, which shows only `.print-view` on paper.
 */
import type { ChartData, DashboardData, DashboardSection } from '../../../../db/dashboard/types';
import { printElement } from '../../components/ledger/printView';
import { formatDateTime } from '../../format';
import { chartImage } from './Chart';
import { formatMeasure } from '../../format';
import { dashboardText as text } from './strings';

export const SECTIONS: DashboardSection[] = ['sorting', 'toilets', 'contracts', 'assessment'];

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string | null, content?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (content !== undefined) node.textContent = content;
  return node;
}

function figure(chart: ChartData, images: Promise<void>[]): HTMLElement {
  const fig = el('figure', 'dash-print-chart');
  const head = el('figcaption', null);
  head.append(el('strong', null, chart.title));
  if (chart.headline) head.append(el('span', null, chart.headline));
  fig.append(head);
  const url = chart.emptyReason === null ? chartImage(chart.key, chart, false) : null;
  if (url) {
    const img = el('img', null);
    img.alt = chart.title;
    img.src = url;
    // Printing starts only once every image is decoded, or the page would print blank boxes.
    images.push(img.decode().catch(() => undefined));
    fig.append(img);
  } else fig.append(el('p', 'dash-print-empty', chart.emptyReason ?? ''));
  return fig;
}

/** Builds the print view and opens the browser's print dialog (the view is removed after printing). */
export async function printDashboard(data: DashboardData): Promise<void> {
  const root = el('div', 'print-view dash-print');
  root.dataset.testid = 'dashboard-print-view';
  root.append(el('h1', null, text.title));
  root.append(el('p', 'dash-print-sub', `${data.filterText} · ${text.printedOn(formatDateTime(new Date().toISOString()).slice(0, 10))}`));
  if (data.kpis.length > 0) {
    const kpis = el('div', 'dash-print-kpis');
    for (const kpi of data.kpis) {
      const box = el('div', null);
      box.append(el('span', null, kpi.label), el('strong', null, formatMeasure(kpi.value, kpi.unit)));
      kpis.append(box);
    }
    root.append(kpis);
  }
  const images: Promise<void>[] = [];
  for (const section of SECTIONS) {
    const charts = data.charts.filter((c) => c.section === section);
    if (charts.length === 0) continue;
    const block = el('section', 'dash-print-section');
    block.append(el('h2', null, text.sections[section]));
    const grid = el('div', 'dash-print-grid');
    for (const chart of charts) grid.append(figure(chart, images));
    block.append(grid);
    root.append(block);
  }
  await Promise.all(images);
  printElement(root);
}
