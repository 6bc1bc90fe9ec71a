/**
 * 考核扣款明细表 (DOMAIN §5.2): one contract's month on one sheet for both parties to sign — every finding of the
 * month's counted inspections, the subtotal per checklist item, the units' scores and the contract's score and
 * grade, the money withheld part by part as the month's pay-by-quality result states it (monthly_payments, the
 * stored result of a locked month), the amount payable, and signature lines for 甲方 and 乙方. An open month prints
 * the live computation marked 未锁定,仅供核对.
 */
import { monthScores, type PaymentRow, type UnitScore } from '../assessment/monthly';
import type { SchemeDefinition } from '../assessment/types';
import { ApiError } from '../errors';
import { localToday } from '../estates/rules';
import type { Database } from '../sqlite';
import { chineseDate, formatYuan, monthTitle, printedScore } from './format';
import { esc, FONT_HEITI, htmlDocument, pageCss } from './page';
import type { PrintableDocument } from './types';

export interface StatementFinding {
  inspectionId: number;
  date: string;
  targetName: string;
  itemCode: string;
  itemTitle: string;
  location: string | null;
  description: string | null;
  occurrences: number;
  points: number;
}

export interface StatementData {
  month: string;
  locked: boolean;
  payment: PaymentRow;
  units: UnitScore[];
  inspections: Array<{ id: number; date: string; targetName: string; score: number }>;
  findings: StatementFinding[];
  items: Array<{ itemCode: string; itemTitle: string; occurrences: number; points: number }>;
  passMark: number | null;
  pctPerPoint: number | null;
  capPct: number | null;
}

function noPayment(month: string, contractId: number): ApiError {
  return new ApiError(
    'not_found',
    `合同(编号 ${contractId})在${monthTitle(month)}没有按质核拨结果:该月没有计入成绩的检查,或所用考核细则没有扣款规则。请在“月度成绩 → 按质核拨”中查看。`,
  );
}

export async function statementData(db: Database, month: string, contractId: number): Promise<StatementData> {
  const read = db.read;
  const scores = await monthScores(read, month);
  const payment = scores.payments.find((p) => p.contractId === contractId);
  if (!payment) throw noPayment(month, contractId);
  const units = scores.units.filter((u) => u.contractId === contractId && u.familyId === payment.familyId);
  const inspections = await read.all<{ id: number; date: string; targetName: string; score: number; schemeId: number }>(
    `SELECT i.id, i.date, i.target_name AS targetName, i.score, i.scheme_id AS schemeId
       FROM inspections i JOIN assessment_schemes s ON s.id = i.scheme_id
      WHERE i.month = ? AND i.contract_id = ? AND s.family_id = ? AND i.superseded_by IS NULL AND i.excluded = 0
        AND i.status IN ('approved', 'locked')
      ORDER BY i.date, i.id`,
    [month, contractId, payment.familyId],
  );
  const schemeIds = [...new Set([...inspections.map((i) => i.schemeId), payment.schemeId])];
  const defs = new Map(
    (
      await read.all<{ id: number; definition: string }>(
        `SELECT id, definition FROM assessment_schemes WHERE id IN (${schemeIds.map(() => '?').join(',')})`,
        schemeIds,
      )
    ).map((r) => [r.id, JSON.parse(r.definition) as SchemeDefinition]),
  );
  const byId = new Map(inspections.map((i) => [i.id, i]));
  const rows = inspections.length
    ? await read.all<{ inspectionId: number; itemCode: string; occurrences: number; points: number; location: string | null; description: string | null }>(
        `SELECT inspection_id AS inspectionId, item_code AS itemCode, occurrences, points, location, description
           FROM findings WHERE inspection_id IN (SELECT value FROM json_each(?)) ORDER BY inspection_id, seq`,
        [JSON.stringify(inspections.map((i) => i.id))],
      )
    : [];
  const findings: StatementFinding[] = rows.map((f) => {
    const inspection = byId.get(f.inspectionId)!;
    const item = defs.get(inspection.schemeId)?.items.find((x) => x.code === f.itemCode);
    return { ...f, date: inspection.date, targetName: inspection.targetName, itemTitle: item?.title ?? f.itemCode };
  });
  findings.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.inspectionId - b.inspectionId));
  const items = new Map<string, StatementData['items'][number]>();
  for (const f of findings) {
    const item = items.get(f.itemCode) ?? { itemCode: f.itemCode, itemTitle: f.itemTitle, occurrences: 0, points: 0 };
    item.occurrences += f.occurrences;
    item.points += f.points;
    items.set(f.itemCode, item);
  }
  const rule = defs.get(payment.schemeId)?.money ?? null;
  return {
    month,
    locked: scores.source === 'locked',
    payment,
    units,
    inspections: inspections.map(({ schemeId: _s, ...i }) => i),
    findings,
    items: [...items.values()].sort((a, b) => a.itemCode.localeCompare(b.itemCode, 'zh-CN', { numeric: true })),
    passMark: rule?.passMark ?? null,
    pctPerPoint: rule?.pctPerPoint ?? null,
    capPct: rule?.capPct ?? null,
  };
}

const STATEMENT_CSS = `
body { font-size: 12pt; line-height: 1.6; }
h1 { margin: 0 0 6pt; text-align: center; font-size: 22pt; line-height: 1.4; }
.subtitle { text-align: center; font-size: 12pt; margin-bottom: 10pt; }
.subtitle.warn { color: #a15c00; }
h2 { margin: 12pt 0 4pt; font-family: ${FONT_HEITI}; font-size: 14pt; font-weight: normal; }
.form th, .form td { border: 0.75pt solid #000; padding: 2pt 5pt; vertical-align: top; }
.form th { font-family: ${FONT_HEITI}; font-weight: normal; text-align: center; background: #f2f2f2; white-space: nowrap; }
.form .num { text-align: right; white-space: nowrap; }
.form .c { text-align: center; white-space: nowrap; }
.form .label { width: 7em; font-family: ${FONT_HEITI}; text-align: center; background: #f2f2f2; }
.form .total td { font-family: ${FONT_HEITI}; }
.sign { display: flex; justify-content: space-between; margin-top: 28pt; font-size: 14pt; line-height: 2.4; break-inside: avoid; }
.sign div { width: 46%; }
`;

const fmtPoints = (x: number) => String(Number(x.toFixed(2)));

function moneyRows(d: StatementData): string[][] {
  const p = d.payment;
  const m = p.money;
  const rows: string[][] = [['月服务费', '', `${formatYuan(p.feeFen)}`]];
  if (!m || p.score == null) {
    rows.push(['扣款', '得分不完整,本月暂不核拨', '—'], ['应付金额', '', formatYuan(p.feeFen)]);
    return rows;
  }
  const score = printedScore(p.score);
  rows.push([
    '质量扣款',
    m.shortfall > 0
      ? `合格线 ${d.passMark ?? ''} 分,得分 ${score},差 ${fmtPoints(m.shortfall)} 分 × ${d.pctPerPoint ?? ''}% = ${fmtPoints(m.qualityPct)}%`
      : `得分 ${score},不低于合格线${d.passMark != null ? ` ${d.passMark} 分` : ''},不扣`,
    formatYuan(m.qualityFen),
  ]);
  const events = Object.entries(p.events).filter(([, n]) => n > 0);
  rows.push([
    '事件扣款',
    events.length ? `${events.map(([kind, n]) => `${p.eventLabels[kind] ?? kind} ${n} 次`).join(';')},合计 ${fmtPoints(m.eventPct)}%` : '本月无扣款事件',
    formatYuan(m.eventFen),
  ]);
  if (p.rateLabel) {
    rows.push([
      '比率扣款',
      p.rate == null || p.subFeeFen == null
        ? `${p.rateLabel}未录入,不扣`
        : `${p.rateLabel} ${fmtPoints(p.rate)}%,扣${p.subFeeLabel ?? '分项费用'} ${formatYuan(p.subFeeFen)} 元的 ${fmtPoints(m.ratePct)}%`,
      formatYuan(m.rateFen),
    ]);
  }
  rows.push([
    '扣款合计',
    m.capped
      ? `各项合计 ${formatYuan(m.uncappedFen)} 元,超过封顶${d.capPct != null ? ` ${d.capPct}%` : ''}(${formatYuan(m.capFen)} 元),按封顶扣`
      : `封顶${d.capPct != null ? ` ${d.capPct}%` : ''} 即 ${formatYuan(m.capFen)} 元,未超过`,
    formatYuan(m.totalFen),
  ]);
  rows.push(['应付金额', `月服务费 − 扣款合计`, formatYuan(m.payableFen)]);
  return rows;
}

export function statementHtml(d: StatementData, orgName: string, today: string): string {
  const p = d.payment;
  const head = [
    ['作业单位', p.contractorName, '合同编号', p.contractNo],
    ['项目名称', p.projectName, '考核月份', monthTitle(d.month).replace(/份$/, '')],
    ['考核细则', p.schemeName, '考核得分', p.score == null ? '—' : `${printedScore(p.score)} 分${p.grade ? `(${p.grade})` : ''}`],
  ];
  const parts: string[] = [];
  parts.push(`<h1 class="xbs">考核扣款明细表</h1>`);
  parts.push(
    `<p class="subtitle${d.locked ? '' : ' warn'}">${esc(monthTitle(d.month))} · ${d.locked ? '本月已锁定,按锁定(含更正)结果' : '本月未锁定,仅供核对'} · 金额单位:元</p>`,
  );
  parts.push(
    `<table class="form">${head.map((r) => `<tr><td class="label">${esc(r[0])}</td><td>${esc(r[1])}</td><td class="label">${esc(r[2])}</td><td>${esc(r[3])}</td></tr>`).join('')}</table>`,
  );

  parts.push('<h2>一、检查扣分明细</h2>');
  const findingRows = d.findings.map(
    (f, i) =>
      `<tr><td class="c">${i + 1}</td><td class="c">${esc(f.date.slice(5))}</td><td>${esc(f.targetName)}</td><td>${esc(`${f.itemCode} ${f.itemTitle}`)}</td>` +
      `<td>${esc([f.location, f.description].filter(Boolean).join(':'))}</td><td class="num">${f.occurrences}</td><td class="num">${fmtPoints(f.points)}</td></tr>`,
  );
  parts.push(
    `<table class="form"><thead><tr><th>序号</th><th>日期</th><th>考核对象</th><th>检查项</th><th>位置及问题</th><th>次数</th><th>扣分</th></tr></thead><tbody>${
      findingRows.join('') || '<tr><td colspan="7" class="c">本月检查未发现扣分问题</td></tr>'
    }</tbody></table>`,
  );

  parts.push('<h2>二、分项扣分小计</h2>');
  const itemRows = d.items.map(
    (it) => `<tr><td>${esc(`${it.itemCode} ${it.itemTitle}`)}</td><td class="num">${it.occurrences}</td><td class="num">${fmtPoints(it.points)}</td></tr>`,
  );
  const totalPoints = d.items.reduce((s, it) => s + it.points, 0);
  parts.push(
    `<table class="form"><thead><tr><th>检查项</th><th>次数</th><th>扣分合计</th></tr></thead><tbody>${itemRows.join('')}` +
      `<tr class="total"><td>合计(检查 ${d.inspections.length} 次)</td><td class="num">${d.items.reduce((s, it) => s + it.occurrences, 0)}</td><td class="num">${fmtPoints(totalPoints)}</td></tr></tbody></table>`,
  );

  parts.push('<h2>三、考核得分</h2>');
  const unitRows = d.units.map(
    (u) => `<tr><td>${esc(u.targetName)}</td><td class="num">${u.inspections}</td><td class="num">${esc(printedScore(u.score))}</td><td class="c">${esc(u.grade ?? '')}</td></tr>`,
  );
  parts.push(
    `<table class="form"><thead><tr><th>考核对象</th><th>检查次数</th><th>月度得分</th><th>等级</th></tr></thead><tbody>${unitRows.join('')}` +
      `<tr class="total"><td>合同考核得分(各考核对象平均)</td><td class="num">${d.inspections.length}</td><td class="num">${esc(printedScore(p.score))}</td><td class="c">${esc(p.grade ?? '')}</td></tr></tbody></table>`,
  );

  parts.push('<h2>四、扣款计算</h2>');
  parts.push(
    `<table class="form"><thead><tr><th>项目</th><th>计算</th><th>金额(元)</th></tr></thead><tbody>${moneyRows(d)
      .map((r, i, all) => `<tr${i === all.length - 1 ? ' class="total"' : ''}><td class="c">${esc(r[0])}</td><td>${esc(r[1])}</td><td class="num">${esc(r[2])}</td></tr>`)
      .join('')}</tbody></table>`,
  );

  parts.push(
    `<div class="sign"><div>甲方(考核单位):${esc(orgName)}<br>经办人:<br>负责人:<br>日期:</div>` +
      `<div>乙方(作业单位):${esc(p.contractorName)}<br>项目负责人:<br>签收人:<br>日期:</div></div>`,
  );
  parts.push(`<p class="subtitle">打印日期:${esc(chineseDate(today))}</p>`);
  return htmlDocument(`考核扣款明细表 ${p.contractNo} ${monthTitle(d.month)}`, pageCss({ mark: d.locked ? null : '未锁定,仅供核对', pageNumbers: true }) + STATEMENT_CSS, parts.join('\n'));
}

export async function statementDocument(db: Database, orgName: string, month: string, contractId: number): Promise<PrintableDocument> {
  const data = await statementData(db, month, contractId);
  const title = `考核扣款明细表 ${data.payment.contractorName} ${monthTitle(month)}`;
  return {
    title,
    fileName: `${title.replace(/[\\/:*?"<>|]/g, '_')}.pdf`,
    html: statementHtml(data, orgName, localToday()),
  };
}
