/** The contractor (作业单位) and credit-record (信用记录) ledgers' fields, DOMAIN §2.3, in the grid's column order. */
import type { FieldDef } from '../fields';
import { CONTRACTOR_STATUSES } from './lookup';

/** Trades a contractor is registered for (Shenzhen ranked companies in 4 trades, DOMAIN §2.3). */
export const BUSINESS_SCOPES = [
  { value: 'roadCleaning', label: '道路清扫保洁' },
  { value: 'wasteCollection', label: '垃圾收集清运' },
  { value: 'toiletCleaning', label: '公厕保洁' },
  { value: 'greenMaintenance', label: '绿化养护' },
  { value: 'waterSurface', label: '河道水域保洁' },
  { value: 'sortingSupervision', label: '垃圾分类督导' },
  { value: 'streetLighting', label: '路灯维护' },
];

export const CONTRACTOR_FIELDS: FieldDef[] = [
  {
    key: 'name',
    column: 'name',
    label: '单位名称',
    kind: 'text',
    required: true,
    hint: '营业执照上的全称,全区唯一',
    headerAliases: ['作业单位', '单位名称', '单位全称', '企业名称', '公司名称', '中标单位', '服务单位', '保洁公司', '作业公司'],
  },
  { key: 'shortName', column: 'short_name', label: '简称', kind: 'text', hint: '如“东联”;导入和录入时可用简称指代本单位', headerAliases: ['单位简称'] },
  {
    key: 'aliases',
    column: 'aliases',
    label: '曾用名/别名',
    kind: 'list',
    hint: '曾用名和表格里常见的其他写法,用“、”分隔;导入时按这些名称匹配本单位',
    headerAliases: ['别名', '曾用名', '其他名称'],
  },
  {
    key: 'uscc',
    column: 'uscc',
    label: '统一社会信用代码',
    kind: 'code',
    required: true,
    hint: '18 位,不含 I、O、S、V、Z;校验位不符时须填写“校验不符说明”才能保存',
    headerAliases: ['信用代码', '社会信用代码', '统一信用代码', '统一代码', '信用代码证号', 'USCC'],
  },
  {
    key: 'usccOverrideReason',
    column: 'uscc_override_reason',
    label: '校验不符说明',
    kind: 'text',
    long: true,
    hint: '信用代码校验位不符、但与营业执照一致时,写明核实情况(如“已核对营业执照原件,代码无误”)',
    headerAliases: ['信用代码说明', '代码校验说明'],
  },
  { key: 'usccValid', column: '', label: '代码校验', kind: 'bool', derived: true, hint: '信用代码的校验位是否相符(GB 32100)' },
  { key: 'legalRepresentative', column: 'legal_representative', label: '法定代表人', kind: 'text', personal: true, hint: '个人信息,默认不随台账导出', headerAliases: ['法人', '法人代表'] },
  { key: 'address', column: 'address', label: '地址', kind: 'text', long: true, headerAliases: ['单位地址', '注册地址', '办公地址'] },
  { key: 'contactPerson', column: 'contact_person', label: '联系人', kind: 'text', required: true, headerAliases: ['项目负责人', '负责人'] },
  {
    key: 'contactPhone',
    column: 'contact_phone',
    label: '联系电话',
    kind: 'text',
    required: true,
    hint: '手机号 11 位,或固定电话如 0571-88001234',
    headerAliases: ['电话', '手机', '联系方式', '手机号码'],
  },
  {
    key: 'businessScope',
    column: 'business_scope',
    label: '业务范围',
    kind: 'list',
    options: BUSINESS_SCOPES,
    hint: `可多选,用“、”分隔:${BUSINESS_SCOPES.map((o) => o.label).join('、')}`,
    headerAliases: ['经营范围', '作业类别', '服务类别'],
  },
  { key: 'status', column: 'status', label: '状态', kind: 'enum', required: true, default: 'active', options: CONTRACTOR_STATUSES, headerAliases: ['单位状态'] },
  { key: 'remarks', column: 'remarks', label: '备注', kind: 'text', long: true },
];

export const CREDIT_KINDS = [
  { value: 'praise', label: '表扬' },
  { value: 'bulletinCriticism', label: '通报批评' },
  { value: 'mediaExposure', label: '媒体曝光' },
  { value: 'summoned', label: '约谈' },
  { value: 'moneyDeduction', label: '扣款' },
  { value: 'cardSuspension', label: '停卡' },
  { value: 'contractTermination', label: '解除合同' },
];

export const CREDIT_LEVELS = [
  { value: 'district', label: '区级' },
  { value: 'city', label: '市级' },
  { value: 'province', label: '省级' },
];

export const CREDIT_RECORD_FIELDS: FieldDef[] = [
  {
    key: 'recordNo',
    column: 'record_no',
    label: '登记编号',
    kind: 'code',
    hint: '留空时自动编号(XY年份-序号)',
    headerAliases: ['编号', '记录编号'],
  },
  {
    key: 'contractorId',
    column: 'contractor_id',
    label: '作业单位',
    kind: 'ref',
    ref: 'contractors',
    required: true,
    hint: '单位全称、简称或统一社会信用代码',
    headerAliases: ['单位名称', '被处理单位', '中标单位', '服务单位', '保洁公司'],
  },
  { key: 'date', column: 'date', label: '日期', kind: 'date', required: true, headerAliases: ['发生日期', '处理日期', '发文日期'] },
  { key: 'kind', column: 'kind', label: '类别', kind: 'enum', required: true, options: CREDIT_KINDS, headerAliases: ['记录类别', '处理类别', '类型'] },
  { key: 'level', column: 'level', label: '层级', kind: 'enum', required: true, default: 'district', options: CREDIT_LEVELS, headerAliases: ['级别', '发文层级'] },
  { key: 'sourceDoc', column: 'source_doc', label: '依据文件', kind: 'text', hint: '文号或出处,如 某环卫〔2025〕12号', headerAliases: ['文号', '来源', '出处', '依据'] },
  {
    key: 'amountFen',
    column: 'amount_fen',
    label: '金额',
    unit: '元',
    kind: 'money',
    min: 0,
    hint: '扣款时必填;可写 5000、0.5万元 或 伍仟元整',
    headerAliases: ['扣款金额', '金额(元)', '扣款(元)', '金额(万元)', '扣款金额(万元)'],
  },
  { key: 'description', column: 'description', label: '事由', kind: 'text', long: true, headerAliases: ['说明', '内容', '主要问题', '情况说明'] },
];
