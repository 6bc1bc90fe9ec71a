/**
 * The 通报 as printed (DOMAIN §5.1, GB/T 9704-2012): 发文机关标志 in red, 发文字号 with 〔〕, the red rule, the title
 * in 2号小标宋, 主送, the body in 3号仿宋 with 一、 headings in 黑体, the ranking table with Chinese ordinals (tied rows
 * print the same ordinal), 存在的主要问题, 下一步工作要求, 附件, 署名 and 成文日期, 附注, and the 版记 (抄送, 印发)
 * in 4号仿宋 between rules. A 更正通报 cites the original by title, number and date, lists what changed and prints the
 * corrected ranking.
 */
import { chineseNumber } from '../ranking/rank';
import type { RankingRow, RankingRun, RankUnitType } from '../ranking/types';
import { chineseDate, printedRank, printedScore } from './format';
import { esc, FONT_HEITI, htmlDocument, LINE, pageCss, paragraphs } from './page';
import type { BulletinFields, BulletinKind, BulletinStatus, CorrectionCitation, TieStyle } from './types';

/** The unit column's header per unit type (the source bulletins' wording). */
export const UNIT_COLUMN: Record<RankUnitType, string> = {
  contractor: '作业单位',
  section: '标段',
  street: '镇(街道)',
  community: '村(社区)',
  toilet: '公厕',
  estate: '生活小区',
};

export interface BulletinPrint {
  kind: BulletinKind;
  status: BulletinStatus;
  fields: BulletinFields;
  run: RankingRun;
  correction: CorrectionCitation | null;
}

const BULLETIN_CSS = `
.org { margin-top: 35mm; text-align: center; color: #d40000; line-height: 1.15; letter-spacing: 0.04em; }
.docno { margin-top: calc(2 * ${LINE}); text-align: center; }
.red-rule { margin-top: 4mm; border-top: 1.2pt solid #d40000; }
.title { margin: calc(2 * ${LINE}) 0 ${LINE}; text-align: center; font-size: 22pt; line-height: 1.45; text-wrap: balance; }
.recipients { text-align: left; }
.ranking { margin: 6pt 0 4pt; font-size: 12pt; line-height: 1.45; }
.ranking th, .ranking td { border: 0.75pt solid #000; padding: 2.5pt 4pt; vertical-align: middle; }
.ranking th { font-family: ${FONT_HEITI}; font-weight: normal; text-align: center; }
.ranking .rank { width: 5.6em; text-align: center; white-space: nowrap; }
.ranking .unit { min-width: 7.5em; max-width: 11em; }
.ranking .num { text-align: right; white-space: nowrap; }
.ranking .grade { width: 3.5em; text-align: center; white-space: nowrap; }
.ranking .muted { color: #444; }
.note { font-size: 12pt; line-height: 1.5; text-indent: 2em; }
.attachments { margin-top: ${LINE}; padding-left: 5em; }
.attachments p { text-indent: -1.5em; padding-left: 1.5em; }
.attachments p:first-child { text-indent: -4.5em; }
.sign { margin: calc(2 * ${LINE}) 4em 0 auto; width: max-content; text-align: center; }
.disclosure { text-indent: 2em; }
.record { margin-top: calc(2 * ${LINE}); break-inside: avoid; font-size: 14pt; line-height: 1.9;
          border-top: 0.35mm solid #000; border-bottom: 0.35mm solid #000; }
.record .cc { padding: 0 1em 0 4em; text-indent: -3em; border-bottom: 0.25mm solid #000; }
.record .printed { display: flex; justify-content: space-between; padding: 0 1em; }
`;

/** 一、二、三 … for the section headings that are printed (empty sections are left out). */
function heading(n: number, text: string): string {
  return `<p class="h1">${chineseNumber(n)}、${esc(text)}</p>`;
}

function withColon(text: string): string {
  const t = text.trim();
  return /[::]$/.test(t) ? `${t.slice(0, -1)}:` : `${t}:`;
}

function withFullStop(text: string): string {
  const t = text.trim();
  return /[。.]$/.test(t) ? `${t.slice(0, -1)}。` : `${t}。`;
}

/** 20.5pt for a 15-character name, up to 44pt for a short one: the mark always fits the 156 mm type area. */
function orgFontSize(name: string): number {
  const chars = [...name].length || 1;
  return Math.max(20, Math.min(44, Math.floor(420 / chars)));
}

function scoreCell(row: RankingRow): string {
  if (row.status === 'notInspected') return '<td class="num muted">未检查</td>';
  return `<td class="num">${esc(printedScore(row.score))}</td>`;
}

function rankCell(row: RankingRow, tieStyle: TieStyle): string {
  if (row.status === 'notInspected') return '<td class="rank muted">—</td>';
  return `<td class="rank">${esc(printedRank(row, tieStyle))}</td>`;
}

/** The component labels in the order the rows first name them. */
function componentLabels(run: RankingRun): string[] {
  const seen: string[] = [];
  for (const row of run.rows) for (const key of Object.keys(row.componentScores)) if (!seen.includes(key)) seen.push(key);
  return seen;
}

/** The ranking table: 排名 | 单位 | 存在问题 | 得分 [| 等级], or with components 排名 | 单位 | 分项… | 总分 [| 等级]. */
export function rankingTable(run: RankingRun, fields: Pick<BulletinFields, 'showComponents' | 'showGrade' | 'tieStyle' | 'listNotInspected'>): string {
  const components = fields.showComponents ? componentLabels(run) : [];
  const withComponents = components.length > 0;
  const head = [
    '<th class="rank">排名</th>',
    `<th class="unit">${esc(UNIT_COLUMN[run.unitType] ?? '单位')}</th>`,
    ...(withComponents ? components.map((c) => `<th>${esc(c)}</th>`) : ['<th>存在问题</th>']),
    `<th class="num">${withComponents ? '总分' : '得分'}</th>`,
    ...(fields.showGrade ? ['<th class="grade">等级</th>'] : []),
  ];
  const rows = fields.listNotInspected ? run.rows : run.rows.filter((r) => r.status !== 'notInspected');
  const body = rows.map((row) => {
    const cells = [
      rankCell(row, fields.tieStyle),
      `<td class="unit">${esc(row.unitName)}</td>`,
      ...(withComponents
        ? components.map((c) => `<td class="num">${row.componentScores[c] == null ? '' : esc(printedScore(row.componentScores[c]))}</td>`)
        : [`<td>${esc(row.problemsText)}</td>`]),
      scoreCell(row),
      ...(fields.showGrade ? [`<td class="grade">${esc(row.grade ?? '')}</td>`] : []),
    ];
    return `<tr>${cells.join('')}</tr>`;
  });
  const notes: string[] = [];
  const unranked = run.rows.filter((r) => r.status === 'unranked').map((r) => r.unitName);
  if (unranked.length) notes.push(`${unranked.join('、')}的得分列入表中,不参与排名。`);
  const notInspected = run.rows.filter((r) => r.status === 'notInspected').length;
  if (notInspected) notes.push(fields.listNotInspected ? '本期未检查的单位列在表末,不参与排名。' : `另有${notInspected}个单位本期未检查,未列入本表。`);
  return `<table class="ranking"><thead><tr>${head.join('')}</tr></thead><tbody>
${body.join('\n')}
</tbody></table>
${notes.length ? `<p class="note">注:${esc(notes.join(''))}</p>` : ''}`;
}

function changesTable(citation: CorrectionCitation, unitType: RankUnitType): string {
  const rows = citation.changes.map(
    (c) =>
      `<tr><td class="unit">${esc(c.unitName)}</td><td class="num">${esc(c.before.score == null ? '未检查' : printedScore(c.before.score))}</td>` +
      `<td class="rank">${esc(c.before.rankText ?? '—')}</td><td class="num">${esc(c.after.score == null ? '未检查' : printedScore(c.after.score))}</td>` +
      `<td class="rank">${esc(c.after.rankText ?? '—')}</td></tr>`,
  );
  return `<table class="ranking"><thead><tr><th class="unit">${esc(UNIT_COLUMN[unitType] ?? '单位')}</th><th class="num">原得分</th><th class="rank">原排名</th>` +
    `<th class="num">更正后得分</th><th class="rank">更正后排名</th></tr></thead><tbody>
${rows.join('\n') || '<tr><td colspan="5">各单位得分和名次均无变化。</td></tr>'}
</tbody></table>`;
}

function attachmentsBlock(attachments: string[]): string {
  const items = attachments.map((a) => a.trim()).filter(Boolean);
  if (!items.length) return '';
  const lines = items.map((item, i) => {
    const text = items.length > 1 ? `${i + 1}.${item}` : item;
    return `<p>${i === 0 ? '附件:' : ''}${esc(text)}</p>`;
  });
  return `<div class="attachments">${lines.join('')}</div>`;
}

function recordBlock(fields: BulletinFields): string {
  const cc = fields.cc.trim() ? `<div class="cc">抄送:${esc(withFullStop(fields.cc.replace(/^抄送[::]/, '')))}</div>` : '';
  return `<div class="record">${cc}<div class="printed"><span>${esc(fields.printedBy)}</span><span>${esc(chineseDate(fields.printDate))}印发</span></div></div>`;
}

/** The ordinal a row had, as the tables print it (for the correction's before/after). */
export function rankTextOf(row: RankingRow | undefined, style: TieStyle): string | null {
  if (!row || row.rank == null) return null;
  return printedRank(row, style);
}

export function bulletinBody(doc: BulletinPrint): string {
  const { fields, run } = doc;
  const parts: string[] = [];
  parts.push(`<div class="org xbs" style="font-size:${orgFontSize(fields.orgName)}pt">${esc(fields.orgName)}</div>`);
  parts.push(`<div class="docno">${esc(fields.docNumber || '〔  〕号')}</div>`);
  parts.push('<div class="red-rule"></div>');
  parts.push(`<h1 class="title xbs">${esc(fields.title)}</h1>`);
  parts.push(`<p class="recipients">${esc(withColon(fields.recipients))}</p>`);
  parts.push(paragraphs(fields.intro));
  let n = 0;
  if (doc.kind === 'correction' && doc.correction) {
    parts.push(heading(++n, '更正内容'));
    parts.push(changesTable(doc.correction, run.unitType));
    parts.push(heading(++n, '更正后的考核排名'));
    if (fields.rankingLead.trim()) parts.push(paragraphs(fields.rankingLead));
    parts.push(rankingTable(run, fields));
    parts.push(paragraphs(fields.requirements));
  } else {
    if (fields.overview.trim()) {
      parts.push(heading(++n, '考核总体情况'));
      parts.push(paragraphs(fields.overview));
    }
    parts.push(heading(++n, '考核排名'));
    if (fields.rankingLead.trim()) parts.push(paragraphs(fields.rankingLead));
    parts.push(rankingTable(run, fields));
    if (fields.problems.trim()) {
      parts.push(heading(++n, '存在的主要问题'));
      parts.push(paragraphs(fields.problems));
    }
    if (fields.requirements.trim()) {
      parts.push(heading(++n, '下一步工作要求'));
      parts.push(paragraphs(fields.requirements));
    }
  }
  parts.push(attachmentsBlock(fields.attachments));
  parts.push(`<div class="sign"><p>${esc(fields.issuer)}</p><p>${esc(chineseDate(fields.issueDate))}</p></div>`);
  if (fields.disclosure.trim()) parts.push(`<p class="disclosure">(${esc(fields.disclosure.trim().replace(/^[((]|[))]$/g, ''))})</p>`);
  parts.push(recordBlock(fields));
  return parts.join('\n');
}

/** The whole printable HTML of a bulletin (draft: every page marked 草稿(未签发)). */
export function bulletinHtml(doc: BulletinPrint): string {
  return htmlDocument(doc.fields.title, pageCss({ mark: doc.status === 'draft' ? '草稿(未签发)' : null, pageNumbers: true }) + BULLETIN_CSS, bulletinBody(doc));
}
