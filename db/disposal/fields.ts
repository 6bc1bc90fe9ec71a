/**
 * The monthly disposal report's fields (生活垃圾清运处置月报, DOMAIN §6.1): what the district collected in a month
 * and where it went, in tonnes, with the headers clerks' monthly reports use. The two derived columns
 * (无害化处理量, 无害化处理率) are computed on every read by db/disposal/service.ts, never stored.
 */
import type { FieldDef, FieldOption } from '../fields';

export type DisposalSource = 'weighbridge' | 'report' | 'estimate';

export const DISPOSAL_SOURCES: FieldOption[] = [
  { value: 'weighbridge', label: '地磅称重', aliases: ['称重', '地磅', '过磅'] },
  { value: 'report', label: '处置单位报表', aliases: ['报表', '处置单位', '台账', '上报'] },
  { value: 'estimate', label: '估算', aliases: ['测算', '推算'] },
];

/** A tonnage column: tonnes with three decimals (kilogram precision), never negative. */
function tonnes(key: string, column: string, label: string, required: boolean, hint: string, headerAliases: string[]): FieldDef {
  return { key, column, label, unit: '吨', kind: 'decimal', required, min: 0, max: 10_000_000, scale: 3, hint, headerAliases };
}

export const DISPOSAL_FIELDS: FieldDef[] = [
  { key: 'month', column: 'month', label: '月份', kind: 'month', required: true, hint: '如 2025-10;每月一行,不能填报未来月份', headerAliases: ['统计月份', '年月', '月度', '报表月份'] },
  tonnes('collectedT', 'collected_t', '清运量', true, '当月全区生活垃圾清运量(不含单独回收的可回收物)', ['清运量(吨)', '生活垃圾清运量', '生活垃圾清运量(吨)', '清运总量', '收运量']),
  tonnes('incineratedT', 'incinerated_t', '焚烧量', true, '进入焚烧发电厂的量;没有填 0', ['焚烧量(吨)', '焚烧处理量', '焚烧发电量', '焚烧处置量']),
  tonnes('landfilledT', 'landfilled_t', '填埋量', true, '进入卫生填埋场的量;没有填 0', ['填埋量(吨)', '卫生填埋量', '填埋处理量', '填埋处置量']),
  tonnes('kitchenProcessedT', 'kitchen_processed_t', '厨余处理量', true, '厨余(易腐)垃圾资源化处理厂的处理量;没有填 0', ['厨余处理量(吨)', '厨余垃圾处理量', '易腐垃圾处理量', '餐厨垃圾处理量']),
  tonnes('recyclablesT', 'recyclables_t', '可回收物回收量', true, '再生资源回收体系回收的可回收物;没有填 0', ['可回收物回收量(吨)', '可回收物', '再生资源回收量', '回收量']),
  tonnes('otherSafeT', 'other_safe_t', '其他无害化处理量', false, '其他无害化方式(如水泥窑协同处置)的量;可不填', ['其他无害化处理量(吨)', '其他处理量', '协同处置量']),
  {
    key: 'safeDisposalT',
    column: '',
    label: '无害化处理量',
    unit: '吨',
    kind: 'decimal',
    derived: true,
    hint: '焚烧量 + 填埋量 + 厨余处理量 + 其他无害化处理量',
  },
  {
    key: 'safeDisposalRate',
    column: '',
    label: '无害化处理率',
    unit: '%',
    kind: 'decimal',
    derived: true,
    hint: '无害化处理量 ÷ 清运量(超过 100% 按 100% 计)',
  },
  { key: 'source', column: 'source', label: '数据来源', kind: 'enum', required: true, options: DISPOSAL_SOURCES, default: 'weighbridge', headerAliases: ['来源', '计量方式'] },
  { key: 'remarks', column: 'remarks', label: '备注', kind: 'text', long: true, headerAliases: ['说明'] },
];
