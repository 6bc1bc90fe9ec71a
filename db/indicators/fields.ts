/**
 * The indicator table's fields (规划关键指标表, DOMAIN §6.2), with the headers plans print them under:
 * 类别 / 序号 / 指标名称 / “十三五”末 / “十四五”目标 / 指标属性. Baseline and target are kept as written; their
 * reading (`baseline`, `target`) is added to every row by the service, not stored.
 */
import { KPI_LABELS } from '../dashboard/kpis';
import type { KpiKey } from '../dashboard/types';
import type { FieldDef, FieldOption } from '../fields';
import { KPI_NAME_ALIASES } from './aliases';

export const BINDING_OPTIONS: FieldOption[] = [
  { value: 'binding', label: '约束性', aliases: ['约束', '约束性指标'] },
  { value: 'expected', label: '预期性', aliases: ['预期', '预期性指标'] },
];

/** The link may also be written as any name the table links by (db/indicators/rules.ts KPI_NAME_ALIASES). */
export const KPI_OPTIONS: FieldOption[] = (Object.keys(KPI_LABELS) as KpiKey[]).map((value) => ({
  value,
  label: KPI_LABELS[value],
  aliases: KPI_NAME_ALIASES[value].filter((name) => name !== KPI_LABELS[value]),
}));

export const INDICATOR_FIELDS: FieldDef[] = [
  {
    key: 'category',
    column: 'category',
    label: '类别',
    kind: 'text',
    required: true,
    fillDownBlank: true,
    hint: '如 环境卫生、节约用水;导入时合并或留空的类别单元格沿用上一行',
    headerAliases: ['指标类别', '领域', '分类', '类型'],
  },
  { key: 'seq', column: 'seq', label: '指标序号', kind: 'int', min: 1, max: 9999, headerAliases: ['序号', '编号', '#', '序'] },
  {
    key: 'name',
    column: 'name',
    label: '指标名称',
    kind: 'text',
    required: true,
    hint: '规划原文的指标名称,全表唯一;系统能统计的指标按名称自动关联“计算指标”',
    headerAliases: ['指标', '指标名', '主要指标', '关键指标', '指标内容'],
  },
  {
    key: 'baselineText',
    column: 'baseline_text',
    label: '基期值',
    kind: 'text',
    hint: '按规划原文填写,如 88.2%、14.6;没有基期数据写“/”或留空',
    headerAliases: [
      '基期',
      '现状值',
      '现状',
      '基准值',
      '基年值',
      '“十三五”末',
      '"十三五"末',
      '十三五末',
      '“十三五”期末',
      '十三五期末',
      '2020年',
      '2020年现状',
      '“十四五”末',
      '"十四五"末',
      '十四五末',
      '2025年',
      '2025年现状',
    ],
  },
  {
    key: 'targetText',
    column: 'target_text',
    label: '目标值',
    kind: 'text',
    required: true,
    hint: '按规划原文填写,如 100%、≥98%、≤8%、>90%、16.9平方米',
    headerAliases: [
      '目标',
      '规划目标',
      '“十四五”目标',
      '"十四五"目标',
      '十四五目标',
      '“十四五”末目标',
      '2025年目标',
      '“十五五”目标',
      '"十五五"目标',
      '十五五目标',
      '2030年目标',
      '目标值(2025年)',
    ],
  },
  {
    key: 'binding',
    column: 'binding',
    label: '指标属性',
    kind: 'enum',
    options: BINDING_OPTIONS,
    hint: '约束性 或 预期性',
    headerAliases: ['属性', '指标性质', '性质', '约束性/预期性'],
  },
  {
    key: 'kpiKey',
    column: 'kpi_key',
    label: '计算指标',
    kind: 'enum',
    options: KPI_OPTIONS,
    hint: '本系统据台账统计的指标,用于显示当前值和进度;新增时留空则按指标名称自动关联',
    headerAliases: ['关联指标', '系统指标', '统计指标'],
  },
  { key: 'remarks', column: 'remarks', label: '备注', kind: 'text', long: true, headerAliases: ['说明'] },
];
