/**
 * ECharts for the dashboard, from `echarts/core` with only what the charts use: the full `echarts` entry
 * would add every chart type and both renderers to the one renderer chunk. Canvas, not SVG: the PNG export
 * and the printed page take `getDataURL` images from it. The Chinese locale (ZH) is built into echarts/core
 * (lib/core/locale.js registers it), so `init(…, { locale: 'ZH' })` needs no extra import.
 */
import { BarChart, LineChart, PieChart, type BarSeriesOption, type LineSeriesOption, type PieSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type MarkLineComponentOption,
  type TitleComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { init, use, type ComposeOption, type EChartsType } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | PieSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | TitleComponentOption
  | TooltipComponentOption
>;

export type { EChartsType };

export function initChart(el: HTMLElement): EChartsType {
  return init(el, null, { renderer: 'canvas', locale: 'ZH' });
}
