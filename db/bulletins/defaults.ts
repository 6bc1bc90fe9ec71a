/**
 * The first draft of a bulletin, written from its run the way the office writes it (DOMAIN §5.1): the title
 * 关于{期间}{类别}考核情况的通报, 主送 by the kind of unit ranked, an introduction with the scope, 考核总体情况 with the
 * counts and grade shares from the run (占25.00%), the ranking lead, 存在的主要问题 from each unit's findings,
 * 下一步工作要求 with a deadline, and the header and record lines of the last bulletin of the office (the number
 * is left empty: it is given when the bulletin is issued). Everything here is editable before issue.
 */
import { addDays } from '../dates';
import { parsePeriod } from '../ranking/period';
import type { RankingRun, RankUnitType } from '../ranking/types';
import { CONSEQUENCE_LABELS, UNIT_TYPE_LABELS } from '../ranking/vocabulary';
import { chineseDate, printedScore, printedShare } from './format';
import type { BulletinFields, CorrectionCitation } from './types';

const RECIPIENTS: Record<RankUnitType, string> = {
  contractor: '各环卫作业单位',
  section: '各环卫作业单位',
  street: '各街道办事处、镇人民政府',
  community: '各村(居)委会',
  toilet: '各公厕管理单位',
  estate: '各街道办事处、各物业服务企业',
};

/** Names an office keeps from one bulletin to the next. */
export type HeaderFields = Pick<BulletinFields, 'orgName' | 'recipients' | 'issuer' | 'cc' | 'printedBy' | 'disclosure'>;

/** 示例区(演示数据) → 示例区城市管理局; a workspace name that is not a district gets a blank to fill in. */
export function headerDefaults(workspaceName: string, unitType: RankUnitType): HeaderFields {
  const district = workspaceName.replace(/[((].*$/, '').trim();
  const orgName = /[区县市旗]$/.test(district) ? `${district}城市管理局` : '××区城市管理局';
  return {
    orgName,
    recipients: RECIPIENTS[unitType],
    issuer: orgName,
    cc: '区城市管理委员会各成员单位,各街道办事处、镇人民政府',
    printedBy: `${orgName}办公室`,
    disclosure: '此件公开发布',
  };
}

/** The title's period: a month reads 2025年10月份, the rest as the ranking labels them (2025年第四季度). */
export function periodTitle(period: string): string {
  const parsed = parsePeriod(period);
  return parsed.kind === 'month' ? `${parsed.label}份` : parsed.label;
}

/** 道路清扫保洁 → 道路清扫保洁考核; 市级考核 stays 市级考核 (an external table's label often says it already). */
function assessmentOf(categoryLabel: string): string {
  return /考[核评]$/.test(categoryLabel) ? categoryLabel : `${categoryLabel}考核`;
}

function overviewText(run: RankingRun): string {
  const unit = UNIT_TYPE_LABELS[run.unitType];
  const scored = run.rows.filter((r) => r.status !== 'notInspected').length;
  const total = run.gradeCounts.reduce((s, g) => s + g.count, 0);
  const shares = run.gradeCounts
    .filter((g) => g.count > 0)
    .map((g) => `${g.grade}${g.count}个(占${printedShare(total ? (g.count / total) * 100 : 0)})`)
    .join(',');
  const parts = [`本次共考核${scored}个${unit}`];
  if (shares) parts[0] += `,其中${shares}`;
  const notInspected = run.counts.notInspected;
  const unranked = run.counts.unranked;
  let text = `${parts.join('')}。`;
  if (notInspected) text += `另有${notInspected}个${unit}本期未检查,不参与排名。`;
  if (unranked) text += `${unranked}个单位的得分列入表中,不参与排名。`;
  // A formula worth printing names weighted parts (现场检查90%+整改反馈10%), not just 得分=现场检查得分.
  const formula = /[%+\uFF05\uFF0B]/.test(run.scoreFormula) ? `(分数构成:${run.scoreFormula.replace(/^[^=]*=/, '')})` : '';
  if (run.average != null) text += `总平均成绩${printedScore(run.average)}分${formula}。`;
  return text;
}

function problemsText(run: RankingRun): string {
  const lines: string[] = [];
  for (const row of run.rows) {
    if (!row.problemsText.trim()) continue;
    const exposed = row.exposed && run.exposureLine != null ? `得分低于${run.exposureLine}分,予以通报曝光。` : '';
    lines.push(`${lines.length + 1}.${row.unitName}(${printedScore(row.score)}分):${row.problemsText.trim().replace(/[。;;,,]$/, '')}。${exposed}`);
  }
  return lines.join('\n');
}

function requirementsText(run: RankingRun, today: string): string {
  const deadline = chineseDate(addDays(today, 10));
  const lines = [
    `各单位要对照本通报指出的问题,举一反三,立即整改,于${deadline}前整改到位,并将整改情况书面报送区环境卫生管理所。`,
    '各单位要加强日常作业管理和自查巡查,严格落实作业标准和规范,确保作业质量稳步提升。',
    '考核结果与作业服务费拨付挂钩;对整改不力、问题反复出现的单位,将依据合同约定严肃处理。',
  ];
  const byConsequence = new Map<string, string[]>();
  for (const row of run.rows) {
    for (const c of row.consequences) {
      if (c === 'none' || c === 'exposure') continue;
      byConsequence.set(c, [...(byConsequence.get(c) ?? []), row.unitName]);
    }
  }
  for (const [c, units] of byConsequence) {
    lines.push(`对${units.join('、')}予以${CONSEQUENCE_LABELS[c as keyof typeof CONSEQUENCE_LABELS]}。`);
  }
  return lines.map((l, i) => `${i + 1}.${l}`).join('\n');
}

/** The first draft of a bulletin printed from `run`. */
export function bulletinDefaults(run: RankingRun, header: HeaderFields, today: string): BulletinFields {
  const parsed = parsePeriod(run.period);
  const unit = UNIT_TYPE_LABELS[run.unitType];
  const inspections = run.rows.reduce((s, r) => s + r.inspections, 0);
  const intro =
    run.source === 'external'
      ? `根据${parsed.label}${assessmentOf(run.categoryLabel)}结果${run.fileName ? `(${run.fileName.replace(/\.[a-z]+$/i, '')})` : ''},现将考核情况通报如下:`
      : `为进一步提升全区${run.categoryLabel}工作水平,${run.schemeName ? `根据《${run.schemeName}》,` : ''}${parsed.label},我局组织人员对全区${run.rows.length}个${unit}的${run.categoryLabel}工作开展了检查考核${inspections ? `,共检查${inspections}次` : ''}。现将考核情况通报如下:`;
  return {
    ...header,
    docNumber: '',
    title: `关于${periodTitle(run.period)}${assessmentOf(run.categoryLabel)}情况的通报`,
    intro,
    overview: overviewText(run),
    rankingLead: `各${unit}考核得分及排名如下(得分相同的名次并列):`,
    showComponents: false,
    showGrade: true,
    // A handful of 未检查 rows belong in the table; a hundred toilets nobody visited this month do not.
    listNotInspected: run.counts.notInspected <= 10,
    tieStyle: 'same',
    problems: problemsText(run),
    requirements: requirementsText(run, today),
    attachments: [],
    issueDate: today,
    printDate: today,
  };
}

/** The first draft of a 更正通报: it cites the original and prints the corrected ranking. */
export function correctionDefaults(run: RankingRun, original: BulletinFields, citation: CorrectionCitation, reason: string, today: string): BulletinFields {
  const unit = UNIT_TYPE_LABELS[run.unitType];
  return {
    orgName: original.orgName,
    recipients: original.recipients,
    issuer: original.issuer,
    cc: original.cc,
    printedBy: original.printedBy,
    disclosure: original.disclosure,
    docNumber: '',
    title: `关于更正《${citation.title}》的通报`,
    intro: `${chineseDate(citation.issueDate)},我局印发了《${citation.title}》(${citation.docNumber})。经复核,${reason.replace(/[。.]$/, '')},现将有关更正情况通报如下:`,
    overview: '',
    rankingLead: `更正后各${unit}考核得分及排名如下:`,
    showComponents: original.showComponents,
    showGrade: original.showGrade,
    listNotInspected: original.listNotInspected,
    tieStyle: original.tieStyle,
    problems: '',
    requirements: '原通报其他内容不变。特此更正。',
    attachments: [],
    issueDate: today,
    printDate: today,
  };
}
