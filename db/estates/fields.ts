/**
 * The garbage-sorting estate ledger's fields (生活小区垃圾分类台账, DOMAIN §2.2, Excel layout §5.3), in the grid's
 * column order. Header aliases are the column names clerks' sheets use.
 */
import type { FieldDef } from '../fields';
import { COORD_SYSTEMS } from '../geo/coords';

export type EstateStatus = 'none' | 'pilot' | 'compliant' | 'demonstration' | 'provincialHighStandard';
export type StatusLevel = 'district' | 'city' | 'province';
export type SortingMode = 'scheduled' | 'consolidated' | 'floorBins' | 'smartBins' | 'none';

export const ESTATE_STATUSES: Array<{ value: EstateStatus; label: string; aliases?: string[] }> = [
  { value: 'none', label: '未开展', aliases: ['无', '未分类'] },
  { value: 'pilot', label: '试点', aliases: ['试点小区'] },
  { value: 'compliant', label: '达标', aliases: ['达标小区'] },
  { value: 'demonstration', label: '示范', aliases: ['示范小区'] },
  { value: 'provincialHighStandard', label: '省级高标准示范', aliases: ['省级高标准', '省级高标准示范小区', '高标准示范小区'] },
];

/** Statuses in their order: a decision moves up through an evaluation, down only as a revocation. */
export const STATUS_RANK: Record<EstateStatus, number> = { none: 0, pilot: 1, compliant: 2, demonstration: 3, provincialHighStandard: 4 };

export const STATUS_LEVELS: Array<{ value: StatusLevel; label: string }> = [
  { value: 'district', label: '区级' },
  { value: 'city', label: '市级' },
  { value: 'province', label: '省级' },
];

export const LEVEL_RANK: Record<StatusLevel, number> = { district: 1, city: 2, province: 3 };

export const SORTING_MODES: Array<{ value: SortingMode; label: string }> = [
  { value: 'scheduled', label: '定时定点' },
  { value: 'consolidated', label: '撤桶并点' },
  { value: 'floorBins', label: '楼层桶' },
  { value: 'smartBins', label: '智能回收箱' },
  { value: 'none', label: '无' },
];

export const QUALITY_GRADES = [
  { value: 'A', label: 'A(优)', aliases: ['优', 'A级'] },
  { value: 'B', label: 'B(良)', aliases: ['良', 'B级'] },
  { value: 'C', label: 'C(差)', aliases: ['差', 'C级'] },
];

export const statusLabel = (status: string): string => ESTATE_STATUSES.find((s) => s.value === status)?.label ?? status;
export const levelLabel = (level: string | null): string => STATUS_LEVELS.find((l) => l.value === level)?.label ?? '';

const STATUS_HINT = '只能通过“评定”记录变更(写明文号和日期);新建小区时可填现有等级';

export const ESTATE_FIELDS: FieldDef[] = [
  {
    key: 'code',
    column: 'code',
    label: '小区编号',
    kind: 'code',
    hint: '全区唯一,大写字母、数字和“-”,如 XH-JC-0012;大小写、全角半角视为同一编号;新建时不填则按社区自动编号,如 XQ-001002-01',
    headerAliases: ['编号', '小区代码', '小区编码'],
  },
  {
    key: 'name',
    column: 'name',
    label: '小区名称',
    kind: 'text',
    required: true,
    hint: '同一社区(村)内唯一;一个小区可以是一段楼栋,如 化工新村28-31栋',
    headerAliases: ['小区', '小区名', '小区(楼栋)名称', '小区名称(楼栋)', '住宅小区', '名称'],
  },
  { key: 'aliases', column: 'aliases', label: '别名', kind: 'list', hint: '曾用名、俗称,用“、”分隔;导入分类量时也按这些名字识别', headerAliases: ['曾用名', '别称', '俗称'] },
  {
    key: 'communityId',
    column: 'community_id',
    label: '社区(村)',
    kind: 'ref',
    ref: 'communities',
    required: true,
    hint: '社区名在全区重名时写成“街道/社区”',
    headerAliases: ['社区', '社区(村)', '村(居)', '村(社区)', '所属社区', '所属社区(村)', '社区/村', '社区名称'],
  },
  { key: 'streetName', column: '', label: '街道', kind: 'text', derived: true, hint: '所属社区(村)的街道', headerAliases: ['所属街道', '街道(镇)', '街道/镇', '镇街'] },
  { key: 'address', column: 'address', label: '地址', kind: 'text', required: true, long: true, headerAliases: ['小区地址', '详细地址', '地点'] },
  {
    key: 'households',
    column: 'households',
    label: '户数',
    unit: '户',
    kind: 'int',
    required: true,
    min: 1,
    max: 20000,
    headerAliases: ['住户数', '总户数', '居民户数', '户数(户)'],
  },
  { key: 'buildings', column: 'buildings', label: '楼栋数', unit: '栋', kind: 'int', required: true, min: 1, max: 2000, headerAliases: ['楼栋', '栋数', '幢数', '楼栋数(栋)'] },
  { key: 'residents', column: 'residents', label: '人口', unit: '人', kind: 'int', min: 0, max: 100_000, headerAliases: ['居民人数', '常住人口', '人数', '人口数'] },
  { key: 'completionYear', column: 'completion_year', label: '建成年份', kind: 'int', min: 1900, max: 2100, headerAliases: ['竣工年份', '建成年代', '建成时间'] },
  { key: 'managed', column: 'managed', label: '物业小区', kind: 'bool', required: true, hint: '有物业服务的小区填“是”,并填写物业公司', headerAliases: ['是否物业小区', '有无物业', '是否有物业'] },
  {
    key: 'propertyCompanyName',
    column: 'property_company',
    label: '物业公司',
    kind: 'text',
    hint: '物业小区必填',
    headerAliases: ['物业服务企业', '物业单位', '物业管理单位', '物业名称'],
  },
  {
    key: 'propertyCompanyUscc',
    column: 'property_company_uscc',
    label: '物业公司信用代码',
    kind: 'code',
    hint: '18 位统一社会信用代码,可不填',
    headerAliases: ['物业公司统一社会信用代码', '统一社会信用代码', '信用代码'],
  },
  { key: 'sortingStartDate', column: 'sorting_start_date', label: '开展分类时间', kind: 'date', headerAliases: ['分类开始时间', '开始分类日期', '开展时间'] },
  { key: 'sortingMode', column: 'sorting_mode', label: '分类模式', kind: 'enum', required: true, options: SORTING_MODES, headerAliases: ['投放模式', '分类方式'] },
  {
    key: 'status',
    column: 'status',
    label: '创建等级',
    kind: 'enum',
    required: true,
    default: 'none',
    options: ESTATE_STATUSES,
    hint: STATUS_HINT,
    headerAliases: ['创建等级(试点/达标/示范/省级高标准)', '等级', '创建类型', '小区等级'],
  },
  { key: 'statusLevel', column: 'status_level', label: '命名级别', kind: 'enum', options: STATUS_LEVELS, hint: `示范小区必填;${STATUS_HINT}`, headerAliases: ['级别', '示范级别'] },
  { key: 'statusSince', column: 'status_since', label: '命名时间', kind: 'date', hint: `试点及以上必填;${STATUS_HINT}`, headerAliases: ['命名日期', '评定时间', '创建时间'] },
  { key: 'qualityGrade', column: 'quality_grade', label: '评价等级', kind: 'enum', options: QUALITY_GRADES, headerAliases: ['评价等级(A/B/C)', '分类质量等级', '质量等级'] },
  { key: 'dropOffPoints', column: 'drop_off_points', label: '投放点', unit: '个', kind: 'int', required: true, default: 0, min: 0, max: 1000, headerAliases: ['投放点(个)', '投放点数', '投放点数量', '定时定点投放点'] },
  { key: 'householdsPerPoint', column: '', label: '每投放点户数', unit: '户', kind: 'decimal', derived: true, hint: '户数 ÷ 投放点;宜在 300–500 户以内' },
  { key: 'offHoursPoints', column: 'off_hours_points', label: '误时投放点', unit: '个', kind: 'int', min: 0, max: 1000, headerAliases: ['误时投放点(个)', '误时投放点数'] },
  { key: 'consolidationPoints', column: 'consolidation_points', label: '集置点', unit: '个', kind: 'int', min: 0, max: 1000, headerAliases: ['集置点(个)', '集置点数', '大件垃圾集置点'] },
  { key: 'supervisors', column: 'supervisors', label: '督导员', unit: '人', kind: 'int', min: 0, max: 1000, headerAliases: ['督导员(人)', '督导员人数', '桶边督导员'] },
  { key: 'dropOffHours', column: 'drop_off_hours', label: '投放时间', kind: 'hours', hint: '如 07:00-09:00;18:00-20:00', headerAliases: ['定时投放时间', '投放时段'] },
  { key: 'binsRecyclable', column: 'bins_recyclable', label: '可回收物桶', unit: '只', kind: 'int', min: 0, max: 10000, hint: '240 升蓝色桶', headerAliases: ['可回收物桶(只)', '蓝桶'] },
  { key: 'binsHazardous', column: 'bins_hazardous', label: '有害垃圾桶', unit: '只', kind: 'int', min: 0, max: 10000, hint: '红色桶', headerAliases: ['有害垃圾桶(只)', '红桶'] },
  { key: 'binsKitchen', column: 'bins_kitchen', label: '厨余垃圾桶', unit: '只', kind: 'int', min: 0, max: 10000, hint: '绿色桶', headerAliases: ['厨余垃圾桶(只)', '绿桶', '易腐垃圾桶'] },
  { key: 'binsResidual', column: 'bins_residual', label: '其他垃圾桶', unit: '只', kind: 'int', min: 0, max: 10000, hint: '灰色桶', headerAliases: ['其他垃圾桶(只)', '灰桶', '干垃圾桶'] },
  { key: 'lng', column: 'lng', label: '经度', kind: 'decimal', scale: 6, headerAliases: ['经度(E)', 'lng', '东经'] },
  { key: 'lat', column: 'lat', label: '纬度', kind: 'decimal', scale: 6, headerAliases: ['纬度(N)', 'lat', '北纬'] },
  { key: 'coordSystem', column: 'coord_system', label: '坐标系', kind: 'enum', options: COORD_SYSTEMS, headerAliases: ['坐标系统'] },
  { key: 'remarks', column: 'remarks', label: '备注', kind: 'text', long: true, headerAliases: ['说明', '备注说明'] },
];

