/** The public-toilet ledger's fields (DOMAIN §2.7, Excel layout §5.3), in the grid's column order. */
import type { FieldDef } from '../fields';
import { COORD_SYSTEMS } from '../geo/coords';

export const TOILET_TYPES = [
  { value: 'standalone', label: '独立式' },
  { value: 'attached', label: '附属式' },
  { value: 'mobile', label: '活动式' },
];

export const TOILET_CLASSES = [
  { value: 1, label: '一类' },
  { value: 2, label: '二类' },
  { value: 3, label: '三类' },
];

export const TOILET_FIELDS: FieldDef[] = [
  { key: 'code', column: 'code', label: '公厕编号', kind: 'code', required: true, hint: '全区唯一;大小写、全角半角视为同一编号', headerAliases: ['公厕编码', '编号'] },
  { key: 'name', column: 'name', label: '公厕名称', kind: 'text', required: true, headerAliases: ['名称'] },
  { key: 'streetId', column: 'street_id', label: '所属街道', kind: 'ref', ref: 'streets', required: true, headerAliases: ['街道', '街道(镇)', '镇(街道)', '所属街道(镇)'] },
  { key: 'communityId', column: 'community_id', label: '社区(村)', kind: 'ref', ref: 'communities', headerAliases: ['社区', '村(居)', '所属社区'] },
  { key: 'address', column: 'address', label: '地址', kind: 'text', required: true, long: true, headerAliases: ['公厕地址', '详细地址'] },
  { key: 'type', column: 'type', label: '建筑形式', kind: 'enum', required: true, options: TOILET_TYPES, headerAliases: ['公厕类型', '建筑形式'] },
  {
    key: 'mobileSubtype',
    column: 'mobile_subtype',
    label: '活动式类型',
    kind: 'enum',
    options: [
      { value: 'assembled', label: '组装式' },
      { value: 'unit', label: '单体式' },
      { value: 'vehicle', label: '汽车式' },
      { value: 'towed', label: '拖动式' },
      { value: 'accessible', label: '无障碍' },
    ],
    hint: '仅活动式公厕填写',
  },
  { key: 'class', column: 'class', label: '公厕类别', kind: 'enum', options: TOILET_CLASSES, hint: '附属式只能是一类或二类;活动式可不填', headerAliases: ['公厕等级', '等级'] },
  {
    key: 'structure',
    column: 'structure',
    label: '结构',
    kind: 'enum',
    options: [
      { value: 'cast', label: '土建式' },
      { value: 'prefab', label: '装配式' },
    ],
  },
  {
    key: 'ownership',
    column: 'ownership',
    label: '权属',
    kind: 'enum',
    default: 'sanitation',
    required: true,
    options: [
      { value: 'sanitation', label: '环卫(市政)' },
      { value: 'park', label: '公园' },
      { value: 'scenic', label: '景区' },
      { value: 'transport', label: '交通场站' },
      { value: 'market', label: '农贸市场' },
      { value: 'gasStation', label: '加油站' },
      { value: 'unitOpen', label: '单位/社会开放' },
      { value: 'other', label: '其他' },
    ],
  },
  {
    key: 'status',
    column: 'status',
    label: '状态',
    kind: 'enum',
    default: 'inUse',
    required: true,
    options: [
      { value: 'inUse', label: '使用中' },
      { value: 'closed', label: '停用' },
      { value: 'underRenovation', label: '改造中' },
      { value: 'demolished', label: '已拆除' },
    ],
  },
  { key: 'openHours', column: 'open_hours', label: '开放时间', kind: 'hours', required: true, hint: '如 06:00-22:00、24小时、夏季06:00-22:00;冬季06:00-20:00', headerAliases: ['开放时间段'] },
  { key: 'free', column: 'free', label: '免费开放', kind: 'bool', default: true, required: true },
  { key: 'floorAreaM2', column: 'floor_area_m2', label: '建筑面积', unit: '㎡', kind: 'decimal', min: 0.01, max: 100000, scale: 2, headerAliases: ['建筑面积(㎡)', '建筑面积(平方米)', '面积'] },
  { key: 'maleSquat', column: 'male_squat', label: '男蹲位', unit: '个', kind: 'int', default: 0, required: true, min: 0, max: 500, headerAliases: ['男蹲位数量', '男厕蹲位'] },
  { key: 'maleSit', column: 'male_sit', label: '男坐位', unit: '个', kind: 'int', default: 0, required: true, min: 0, max: 500 },
  { key: 'urinals', column: 'urinals', label: '小便斗', unit: '个', kind: 'int', default: 0, required: true, min: 0, max: 500, headerAliases: ['小便斗数量', '小便站位', '小便器'] },
  { key: 'femaleSquat', column: 'female_squat', label: '女蹲位', unit: '个', kind: 'int', default: 0, required: true, min: 0, max: 500, headerAliases: ['女蹲位数量', '女厕蹲位'] },
  { key: 'femaleSit', column: 'female_sit', label: '女坐位', unit: '个', kind: 'int', default: 0, required: true, min: 0, max: 500 },
  { key: 'universalStalls', column: 'universal_stalls', label: '通用蹲位', unit: '个', kind: 'int', min: 0, max: 500, headerAliases: ['通用蹲位数量'] },
  { key: 'accessibleStalls', column: 'accessible_stalls', label: '无障碍厕位', unit: '个', kind: 'int', default: 0, required: true, min: 0, max: 100, headerAliases: ['无障碍蹲位数量', '无障碍蹲位', '无障碍厕位数'] },
  {
    key: 'femaleToMaleRatio',
    column: '',
    label: '女男厕位比',
    kind: 'decimal',
    derived: true,
    hint: '女厕位 ÷(男厕位 + 小便斗);新建公厕应不低于 1.5',
  },
  { key: 'familyRestroom', column: 'family_restroom', label: '第三卫生间', kind: 'bool', default: false, required: true, headerAliases: ['第三卫生间(有/无)', '是否有第三卫生间'] },
  { key: 'babyCare', column: 'baby_care', label: '母婴室', kind: 'bool' },
  { key: 'hasAC', column: 'has_ac', label: '空调', kind: 'bool', headerAliases: ['是否安装空调'] },
  { key: 'smartSystem', column: 'smart_system', label: '智慧系统', kind: 'bool', headerAliases: ['是否安装智慧系统'] },
  { key: 'starRating', column: 'star_rating', label: '星级', unit: '星', kind: 'int', min: 0, max: 5 },
  { key: 'attachedFunctions', column: 'attached_functions', label: '附设功能', kind: 'list', hint: '驿站、垃圾站、环卫管理用房等,用“、”分隔', headerAliases: ['附设功能(驿站、垃圾站、环卫管理用房等)'] },
  { key: 'lng', column: 'lng', label: '经度', kind: 'decimal', scale: 6 },
  { key: 'lat', column: 'lat', label: '纬度', kind: 'decimal', scale: 6 },
  {
    key: 'coordSystem',
    column: 'coord_system',
    label: '坐标系',
    kind: 'enum',
    options: COORD_SYSTEMS,
  },
  { key: 'supervisionPhone', column: 'supervision_phone', label: '监督电话', kind: 'text' },
  { key: 'constructionMonth', column: 'construction_month', label: '开工年月', kind: 'month', headerAliases: ['开工时间'] },
  { key: 'commissionedMonth', column: 'commissioned_month', label: '启用年月', kind: 'month', headerAliases: ['启用时间', '投入使用时间'] },
  {
    key: 'managerContractorId',
    column: 'manager_contractor_id',
    label: '管理单位',
    kind: 'ref',
    ref: 'contractors',
    hint: '负责保洁的作业单位(须为正常状态);由环卫所自管的留空',
    headerAliases: ['保洁单位', '作业单位', '管养单位', '运营单位'],
  },
  {
    key: 'bidSectionId',
    column: 'bid_section_id',
    label: '保洁标段',
    kind: 'ref',
    ref: 'sections',
    hint: '写“合同编号 标段”,如 HJ-2024-001 一标段;须是管理单位的合同下的标段',
    headerAliases: ['标段', '所属标段', '作业标段'],
  },
  { key: 'remarks', column: 'remarks', label: '备注', kind: 'text', long: true, headerAliases: ['备注(进展情况)'] },
];

/** Fields a client may write (everything but derived values). */
export const TOILET_WRITABLE = TOILET_FIELDS.filter((f) => !f.derived);

export const TOILET_LABELS: Record<string, string> = Object.fromEntries(TOILET_FIELDS.map((f) => [f.key, f.label]));
