/**
 * The four editable default assessment schemes seeded with migration 12 (DOMAIN §3). Frozen data: never edit a
 * shipped default here; later changes are new scheme versions made in the app (or a new migration).
 * Every default passes `checkScheme` (db/assessment/scheme.test.ts).
 */
import type { GradeBand, MoneyEventKind, SchemeComponent, SchemeDefinition, SchemeItem } from '../assessment/types';

/** 优秀 ≥90 / 良好 ≥80 / 合格 ≥60 / 不合格 ≥0 (DOMAIN §3.8 [D]). */
const GRADE_BANDS: GradeBand[] = [
  { grade: '优秀', min: 90 },
  { grade: '良好', min: 80 },
  { grade: '合格', min: 60 },
  { grade: '不合格', min: 0 },
];

/** DOMAIN §3.7 rule 1 [S:W6]. */
const EVENTS: MoneyEventKind[] = [
  { kind: 'complaintUnfixed', label: '投诉未按时整改', pct: 2 },
  { kind: 'countyCritic', label: '县级通报批评或媒体曝光', pct: 10 },
  { kind: 'cityCritic', label: '市级及以上通报批评或媒体曝光', pct: 20 },
];

const ON_SITE_90_RECTIFICATION_10: SchemeComponent[] = [
  { key: 'onSite', label: '现场检查', weight: 90, source: 'inspections' },
  { key: 'rectification', label: '整改反馈', weight: 10, source: 'rectification' },
];

const ON_SITE_100: SchemeComponent[] = [{ key: 'onSite', label: '现场检查', weight: 100, source: 'inspections' }];

type ItemInput = Pick<SchemeItem, 'code' | 'section' | 'title' | 'maxPoints' | 'unitDeduction' | 'deductionUnit'> &
  Partial<Omit<SchemeItem, 'code' | 'section' | 'title' | 'maxPoints' | 'unitDeduction' | 'deductionUnit'>>;

function item(i: ItemInput): SchemeItem {
  return {
    tiers: [],
    cap: null,
    veto: false,
    bonus: false,
    evidence: 'none',
    rectifyDays: null,
    ...i,
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

const COMMON = {
  fullScore: 100,
  effectiveFrom: '2025-01-01',
  effectiveTo: null,
  bonusCap: 0,
} as const;

const roadCleaning: SchemeDefinition = {
  ...COMMON,
  name: '道路清扫保洁月度考核细则',
  targetType: 'section',
  category: 'roadCleaning',
  aggregation: 'meanOfInspections',
  items: [
    item({ code: 'R1', section: '作业管理', title: '首遍清扫按时完成(每条道路)', maxPoints: 10, unitDeduction: 1, deductionUnit: 'perItem' }),
    item({
      code: 'R2',
      section: '保洁质量',
      title: '车行道、人行道保洁(漏扫、果皮纸屑、烟头、泥沙)',
      maxPoints: 25,
      unitDeduction: 2,
      deductionUnit: 'perOccurrence',
      tiers: [
        { label: '每处', points: 2 },
        { label: '连续≥50米', points: 3 },
        { label: '整段', points: 5 },
      ],
      evidence: 'photo',
      rectifyDays: 1,
    }),
    item({
      code: 'R3',
      section: '保洁质量',
      title: '暴露垃圾、垃圾堆积、滞留袋装垃圾、乱倒垃圾',
      maxPoints: 15,
      unitDeduction: 1,
      deductionUnit: 'perOccurrence',
      tiers: [
        { label: '暴露垃圾', points: 1 },
        { label: '垃圾堆积', points: 2 },
        { label: '散落袋装垃圾≤3袋', points: 0.1 },
        { label: '散落袋装垃圾>3袋', pointsMin: 0.2, pointsMax: 0.5 },
      ],
      evidence: 'photo',
      rectifyDays: 1,
    }),
    item({
      code: 'R4',
      section: '保洁质量',
      title: '积水、泥浆、雨水口',
      maxPoints: 10,
      unitDeduction: 1,
      deductionUnit: 'perOccurrence',
      tiers: [
        { label: '积水或泥浆(每处)', points: 1 },
        { label: '垃圾扫入雨水口(每次)', points: 2 },
      ],
      evidence: 'photo',
      rectifyDays: 1,
    }),
    item({
      code: 'R5',
      section: '保洁质量',
      title: '果皮箱(满溢、脏污、破损)',
      maxPoints: 10,
      unitDeduction: 1,
      deductionUnit: 'perItem',
      evidence: 'photo',
      rectifyDays: 3,
    }),
    item({
      code: 'R6',
      section: '保洁质量',
      title: '绿化带、树穴杂物及人行道、边沟、墙根杂草',
      maxPoints: 10,
      unitDeduction: 1,
      deductionUnit: 'perOccurrence',
      evidence: 'photo',
      rectifyDays: 3,
    }),
    item({
      code: 'R7',
      section: '保洁质量',
      title: '以克论净(每个抽检点尘土残留量)',
      maxPoints: 10,
      unitDeduction: 2,
      deductionUnit: 'perOccurrence',
      tiers: [
        { label: '超过限值', points: 2 },
        { label: '超过限值2倍', points: 5 },
      ],
    }),
    item({
      code: 'R8',
      section: '保洁质量',
      title: '责任区内牛皮癣(小广告)',
      maxPoints: 5,
      unitDeduction: 1,
      deductionUnit: 'perOccurrence',
      evidence: 'photo',
      rectifyDays: 1,
    }),
    item({
      code: 'R9',
      section: '作业管理',
      title: '作业人员和设备在岗(统一着装、合同所列车辆)',
      maxPoints: 5,
      unitDeduction: 1,
      deductionUnit: 'perItem',
    }),
  ],
  components: ON_SITE_90_RECTIFICATION_10,
  gradeBands: GRADE_BANDS,
  money: { passMark: 90, pctPerPoint: 5, shortfallMode: 'exact', events: EVENTS, rateTiers: null, capPct: 30 },
  notes:
    '依据:DOMAIN §3.2 道路清扫保洁百分制建议模板 [D];单项扣分取自 [S:W5](首遍清扫、袋装垃圾 0.1/0.2~0.5)、' +
    '[S:W41](连续≥50米、整段、暴露垃圾、堆积)、[S:W42](每处 2 分、积水、雨水口);以克论净见 §3.3 [D];' +
    '月度得分 = 现场检查 90% + 整改反馈 10%(翔安 [S:W3,W4]);按质核拨:90 分合格,每低 1 分扣当月服务费 5%,' +
    '投诉未按时整改每件 2%、县级通报 10%、市级及以上 20% [S:W6],当月扣款不超过 30% [D]。',
};

const toilet: SchemeDefinition = {
  ...COMMON,
  name: '公共厕所月度考核细则',
  targetType: 'toilet',
  category: 'toilet',
  aggregation: 'meanOfInspections',
  items: [
    item({
      code: 'T1',
      section: '环境卫生',
      title: '地面(干燥、清洁,无明显污渍和异味,纸篓及时清理)',
      maxPoints: 15,
      unitDeduction: 5,
      deductionUnit: 'perOccurrence',
      evidence: 'photo',
      rectifyDays: 1,
    }),
    item({
      code: 'T2',
      section: '环境卫生',
      title: '墙面、顶棚、隔板(无污渍、积灰、蛛网)',
      maxPoints: 15,
      unitDeduction: 5,
      deductionUnit: 'perOccurrence',
      evidence: 'photo',
      rectifyDays: 1,
    }),
    item({
      code: 'T3',
      section: '环境卫生',
      title: '蹲便器、坐便器、小便器(无尿垢、污渍、堵塞)',
      maxPoints: 15,
      unitDeduction: 5,
      deductionUnit: 'perOccurrence',
      evidence: 'photo',
      rectifyDays: 1,
    }),
    item({
      code: 'T4',
      section: '环境卫生',
      title: '异味、蚊蝇、蛆虫',
      maxPoints: 10,
      unitDeduction: 5,
      deductionUnit: 'perOccurrence',
      evidence: 'photo',
      rectifyDays: 1,
    }),
    item({
      code: 'T5',
      section: '环境卫生',
      title: '周边 5 米范围(垃圾、污水)',
      maxPoints: 5,
      unitDeduction: 1,
      deductionUnit: 'perOccurrence',
      evidence: 'photo',
      rectifyDays: 1,
    }),
    item({
      code: 'T6',
      section: '设施设备',
      title: '门、锁、灯、水箱、水龙头、干手器、无障碍设施完好',
      maxPoints: 15,
      unitDeduction: 1,
      deductionUnit: 'perItem',
      rectifyDays: 3,
    }),
    item({
      code: 'T7',
      section: '设施设备',
      title: '厕纸、洗手液等耗材(一类、二类公厕)',
      maxPoints: 5,
      unitDeduction: 2.5,
      deductionUnit: 'perItem',
      rectifyDays: 1,
    }),
    item({
      code: 'T8',
      section: '管理服务',
      title: '标识齐全(监督电话、开放时间、"免费如厕"、导向牌)',
      maxPoints: 10,
      unitDeduction: 2.5,
      deductionUnit: 'perItem',
      rectifyDays: 3,
    }),
    item({ code: 'T9', section: '管理服务', title: '按时开放(开放时间内关闭)', maxPoints: 5, unitDeduction: 5, deductionUnit: 'fixed' }),
    item({
      code: 'T10',
      section: '管理服务',
      title: '保洁员在岗、保洁记录及时填写',
      maxPoints: 5,
      unitDeduction: 2.5,
      deductionUnit: 'perItem',
    }),
  ],
  components: ON_SITE_100,
  gradeBands: GRADE_BANDS,
  money: { passMark: 90, pctPerPoint: 5, shortfallMode: 'exact', events: EVENTS, rateTiers: null, capPct: 30 },
  notes:
    '依据:DOMAIN §3.4 公厕百分制建议模板 [D];T1~T3 分值和每处扣 5 分取自"公共厕所检查评分表" [S:W18];' +
    '环境卫生/设施设备/管理服务三类检查内容见 [S:W30];其余扣分为建议值 [D]。' +
    '按质核拨:90 分合格,每低 1 分扣当月服务费 5%,投诉未按时整改每件 2%、县级通报 10%、市级及以上 20% [S:W6],' +
    '当月扣款不超过 30% [D]。',
};

const estateSorting: SchemeDefinition = {
  ...COMMON,
  name: '生活小区垃圾分类考核评价表',
  targetType: 'estate',
  category: 'wasteSorting',
  aggregation: 'meanOfInspections',
  items: [
    item({
      code: 'E1.1',
      section: '宣传公示',
      title: '小区入口设置垃圾分类公示栏(未设置)',
      maxPoints: 5,
      unitDeduction: 5,
      deductionUnit: 'fixed',
      evidence: 'photo',
      rectifyDays: 3,
    }),
    item({
      code: 'E1.2',
      section: '宣传公示',
      title: '公示栏破损、内容未及时更新、未公示管理责任人信息(每项)',
      maxPoints: 5,
      unitDeduction: 2,
      deductionUnit: 'perItem',
      evidence: 'photo',
      rectifyDays: 3,
    }),
    item({
      code: 'E2.1',
      section: '设施配置',
      title: '四类垃圾收集容器配置齐全(每缺一类)',
      maxPoints: 5,
      unitDeduction: 2.5,
      deductionUnit: 'perItem',
      evidence: 'photo',
      rectifyDays: 3,
    }),
    item({
      code: 'E2.2',
      section: '设施配置',
      title: '收集容器分类成组设置(未成组,每处)',
      maxPoints: 5,
      unitDeduction: 2,
      deductionUnit: 'perOccurrence',
      evidence: 'photo',
      rectifyDays: 3,
    }),
    item({
      code: 'E2.3',
      section: '设施配置',
      title: '容器标识、颜色规范(不规范,每个)',
      maxPoints: 5,
      unitDeduction: 1,
      deductionUnit: 'perItem',
      evidence: 'photo',
      rectifyDays: 3,
    }),
    item({
      code: 'E2.4',
      section: '设施配置',
      title: '容器整洁完好(脏污、破损、未加盖、满溢)',
      maxPoints: 5,
      unitDeduction: 1,
      deductionUnit: 'perItem',
      tiers: [
        { label: '脏污、破损或未加盖(每个)', points: 1 },
        { label: '满溢(每个)', points: 2 },
      ],
      evidence: 'photo',
      rectifyDays: 1,
    }),
    item({
      code: 'E3.1',
      section: '中低价值可回收物',
      title: '设置中低价值可回收物投放点(未设置)',
      maxPoints: 5,
      unitDeduction: 5,
      deductionUnit: 'fixed',
      evidence: 'photo',
      rectifyDays: 3,
    }),
    item({
      code: 'E3.2',
      section: '中低价值可回收物',
      title: '投放点公示牌(回收品类和回收电话)',
      maxPoints: 5,
      unitDeduction: 3,
      deductionUnit: 'fixed',
      tiers: [
        { label: '未设置公示牌', points: 3 },
        { label: '公示牌不规范', points: 2 },
      ],
      evidence: 'photo',
      rectifyDays: 3,
    }),
    item({
      code: 'E4.1',
      section: '集置点设置',
      title: '装修垃圾、大件垃圾、园林垃圾集置点(每缺一类)',
      maxPoints: 10,
      unitDeduction: 4,
      deductionUnit: 'perItem',
      evidence: 'photo',
      rectifyDays: 7,
    }),
    item({
      code: 'E4.2',
      section: '集置点设置',
      title: '集置点设置围挡,堆放高度不超过围挡(每处不符合)',
      maxPoints: 5,
      unitDeduction: 2.5,
      deductionUnit: 'perOccurrence',
      evidence: 'photo',
      rectifyDays: 3,
    }),
    item({
      code: 'E4.3',
      section: '集置点设置',
      title: '交接点设置满足收运要求(不满足)',
      maxPoints: 5,
      unitDeduction: 5,
      deductionUnit: 'fixed',
      evidence: 'photo',
      rectifyDays: 7,
    }),
    item({
      code: 'E5.1',
      section: '分类质量',
      title: '分类准确率:抽查 5 个投放点(每个混投点)',
      maxPoints: 15,
      unitDeduction: 1,
      deductionUnit: 'perOccurrence',
      evidence: 'photo',
    }),
    item({
      code: 'E5.2',
      section: '分类质量',
      title: '居民参与率和满意度:抽样调查 ≥90% 不扣分(每低 10 个百分点计 1 处)',
      maxPoints: 10,
      unitDeduction: 1,
      deductionUnit: 'perOccurrence',
    }),
    item({
      code: 'E7.1',
      section: '长效机制',
      title: '楼道长、物业人员、志愿者、督导员每周现场指导',
      maxPoints: 5,
      unitDeduction: 5,
      deductionUnit: 'fixed',
      tiers: [
        { label: '部分落实', points: 2 },
        { label: '未落实', points: 5 },
      ],
    }),
    item({
      code: 'E7.2',
      section: '长效机制',
      title: '入户宣传培训',
      maxPoints: 5,
      unitDeduction: 5,
      deductionUnit: 'fixed',
      tiers: [
        { label: '部分落实', points: 2 },
        { label: '未落实', points: 5 },
      ],
    }),
    item({
      code: 'E7.3',
      section: '长效机制',
      title: '每月开展自评并公示结果',
      maxPoints: 5,
      unitDeduction: 5,
      deductionUnit: 'fixed',
      tiers: [
        { label: '部分落实', points: 2 },
        { label: '未落实', points: 5 },
      ],
    }),
  ],
  components: ON_SITE_100,
  gradeBands: GRADE_BANDS,
  money: {
    passMark: 90,
    pctPerPoint: 5,
    shortfallMode: 'exact',
    events: EVENTS,
    rateTiers: {
      metricLabel: '厨余垃圾分出率',
      subFeeLabel: '分类督导及宣传费',
      tiers: [
        { below: 25, pct: 10 },
        { below: 24, pct: 20 },
        { below: 23, pct: 30 },
        { below: 22, pct: 40 },
        { below: 21, pct: 50 },
      ],
    },
    capPct: 30,
  },
  notes:
    '依据:DOMAIN §3.5"住宅小区垃圾分类现场考核评价表" [S:W19](原文提取自乱码文档,分值为近似值),编号沿用原表序号。' +
    '原表标"−?"的扣分为建议值 [D]:未设公示栏 5 分、公示栏问题每项 2 分、每缺一类容器 2.5 分、容器满溢每个 2 分、' +
    '未设可回收物投放点 5 分、每缺一类集置点 4 分、围挡不符合每处 2.5 分、交接点不满足 5 分、长效机制部分落实 2 分/未落实 5 分。' +
    '原表第 6 项"垃圾收运"(5 分,括注分值)计入后合计为 105 分,且收运由《垃圾收运作业月度考核细则》考核,本表不设此项 [D]。' +
    '按质核拨:90 分合格,每低 1 分扣当月服务费 5% [S:W6];厨余垃圾分出率低于 25%/24%/23%/22%/21% 分别扣当月' +
    '分类督导及宣传费 10%/20%/30%/40%/50% [S:W7];当月扣款不超过 30% [D]。',
};

const wasteCollection: SchemeDefinition = {
  ...COMMON,
  name: '垃圾收运作业月度考核细则',
  targetType: 'section',
  category: 'wasteCollection',
  aggregation: 'deductAllFromFull',
  items: [
    item({
      code: 'C1',
      section: '收运作业',
      title: '未按时收运或漏收(每点次)',
      maxPoints: 20,
      unitDeduction: 2,
      deductionUnit: 'perOccurrence',
      evidence: 'photo',
      rectifyDays: 1,
    }),
    item({
      code: 'C2',
      section: '收运作业',
      title: '混装混运(分类收集的垃圾混合装运)',
      maxPoints: 15,
      unitDeduction: 5,
      deductionUnit: 'perEvent',
      evidence: 'photo',
      rectifyDays: 1,
    }),
    item({
      code: 'C3',
      section: '收运作业',
      title: '跑冒滴漏、沿途撒落',
      maxPoints: 15,
      unitDeduction: 2,
      deductionUnit: 'perOccurrence',
      evidence: 'photo',
      rectifyDays: 1,
    }),
    item({
      code: 'C4',
      section: '收运作业',
      title: '收集点满溢、周边散落垃圾未清理',
      maxPoints: 15,
      unitDeduction: 2,
      deductionUnit: 'perOccurrence',
      evidence: 'photo',
      rectifyDays: 1,
    }),
    item({
      code: 'C5',
      section: '车辆设施',
      title: '车容车貌及密闭(车身不洁、破损、未密闭,每车)',
      maxPoints: 10,
      unitDeduction: 2,
      deductionUnit: 'perItem',
      evidence: 'photo',
      rectifyDays: 3,
    }),
    item({
      code: 'C6',
      section: '作业管理',
      title: '作业人员和车辆在岗(合同所列人员、车辆,每缺一人或一车)',
      maxPoints: 10,
      unitDeduction: 1,
      deductionUnit: 'perItem',
    }),
    item({
      code: 'C7',
      section: '车辆设施',
      title: '转运站(点)环境卫生(地面、污水、异味、蚊蝇)',
      maxPoints: 10,
      unitDeduction: 2,
      deductionUnit: 'perOccurrence',
      evidence: 'photo',
      rectifyDays: 1,
    }),
    item({
      code: 'C8',
      section: '作业管理',
      title: '收运台账(收运记录、称重数据、转运联单)及时完整(每项缺失)',
      maxPoints: 5,
      unitDeduction: 1,
      deductionUnit: 'perItem',
      rectifyDays: 3,
    }),
  ],
  components: ON_SITE_90_RECTIFICATION_10,
  gradeBands: GRADE_BANDS,
  money: { passMark: 90, pctPerPoint: 5, shortfallMode: 'exact', events: EVENTS, rateTiers: null, capPct: 30 },
  notes:
    '依据:DOMAIN §3.1 通用模型(各项扣完为止 [S:W8]),收运考核项及分值为建议值 [D];' +
    '月度现场得分采用"当月所有扣分从满分中扣除"(DOMAIN §3.9 第 2 条备选规则 [K]);' +
    '月度得分 = 现场检查 90% + 整改反馈 10%(翔安 [S:W3,W4]);按质核拨:90 分合格,每低 1 分扣当月服务费 5%,' +
    '投诉未按时整改每件 2%、县级通报 10%、市级及以上 20% [S:W6],当月扣款不超过 30% [D]。',
};

export const DEFAULT_SCHEMES: SchemeDefinition[] = deepFreeze([roadCleaning, toilet, estateSorting, wasteCollection]);
