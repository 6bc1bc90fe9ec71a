/** The column names of clerks' sheets (DOMAIN §5.3) find their fields, and no name points at two fields. */
import { describe, expect, it } from 'vitest';
import type { FieldDef } from '../fields';
import { COMMUNITY_FIELDS } from '../geo/communities';
import { STREET_FIELDS } from '../geo/streets';
import { ESTATE_FIELDS } from './fields';
import { TONNAGE_FIELDS } from './tonnage';

/** Header text as the importer compares it: width-insensitive, no blanks, a trailing (unit) taken off. */
const key = (header: string) => header.normalize('NFKC').replace(/\s/g, '').replace(/\([^()]*\)$/, '');

function fieldFor(fields: FieldDef[], header: string): string[] {
  return fields.filter((f) => [f.label, ...(f.headerAliases ?? [])].some((n) => key(n) === key(header))).map((f) => f.key);
}

const LEDGERS: Record<string, FieldDef[]> = {
  streets: STREET_FIELDS,
  communities: COMMUNITY_FIELDS,
  estates: ESTATE_FIELDS,
  tonnage: TONNAGE_FIELDS,
};

describe('header aliases', () => {
  it.each(Object.entries(LEDGERS))('%s: every header name points at one field only', (_, fields) => {
    const owners = new Map<string, Set<string>>();
    for (const f of fields) for (const n of [f.label, ...(f.headerAliases ?? [])]) owners.set(key(n), (owners.get(key(n)) ?? new Set()).add(f.key));
    expect([...owners].filter(([, keys]) => keys.size > 1)).toEqual([]);
  });

  it('maps the 生活小区垃圾分类台账 columns of §5.3', () => {
    const sheet: Array<[string, string]> = [
      ['街道', 'streetName'],
      ['社区', 'communityId'],
      ['小区名称', 'name'],
      ['地址', 'address'],
      ['户数', 'households'],
      ['楼栋数', 'buildings'],
      ['物业公司', 'propertyCompanyName'],
      ['是否物业小区', 'managed'],
      ['开展分类时间', 'sortingStartDate'],
      ['分类模式', 'sortingMode'],
      ['投放点(个)', 'dropOffPoints'],
      ['误时投放点(个)', 'offHoursPoints'],
      ['集置点(个)', 'consolidationPoints'],
      ['督导员(人)', 'supervisors'],
      ['投放时间', 'dropOffHours'],
      ['创建等级(试点/达标/示范/省级高标准)', 'status'],
      ['命名时间', 'statusSince'],
      ['评价等级(A/B/C)', 'qualityGrade'],
      ['备注', 'remarks'],
      ['住户数', 'households'],
      ['小区', 'name'],
      ['社区(村)', 'communityId'],
      ['村(居)', 'communityId'],
    ];
    for (const [header, field] of sheet) expect([header, fieldFor(ESTATE_FIELDS, header)]).toEqual([header, [field]]);
  });

  it('maps the 生活小区月度分类量报表 columns of §5.3 and their variants', () => {
    const sheet: Array<[string, string]> = [
      ['月份', 'month'],
      ['统计月份', 'month'],
      ['街道', 'streetName'],
      ['所属街道', 'streetName'],
      ['小区', 'estateId'],
      ['小区名称', 'estateId'],
      ['小区编号', 'estateId'],
      ['可回收物(吨)', 'recyclableT'],
      ['有害垃圾(千克)', 'hazardousKg'],
      ['有害垃圾(kg)', 'hazardousKg'],
      ['厨余垃圾(吨)', 'kitchenT'],
      ['湿垃圾', 'kitchenT'],
      ['易腐垃圾', 'kitchenT'],
      ['其他垃圾(吨)', 'residualT'],
      ['干垃圾', 'residualT'],
      ['合计(吨)', 'totalT'],
      ['厨余分出率(%)', 'kitchenSeparationRate'],
      ['数据来源', 'source'],
    ];
    for (const [header, field] of sheet) expect([header, fieldFor(TONNAGE_FIELDS, header)]).toEqual([header, [field]]);
  });

  it('maps street and community columns as clerks name them', () => {
    expect(fieldFor(STREET_FIELDS, '街道(镇)')).toEqual(['name']);
    expect(fieldFor(COMMUNITY_FIELDS, '街道(镇)')).toEqual(['streetId']);
    expect(fieldFor(COMMUNITY_FIELDS, '所属街道')).toEqual(['streetId']);
    expect(fieldFor(COMMUNITY_FIELDS, '社区(村)')).toEqual(['name']);
  });
});
