/**
 * 打印细则: the checklist as the paper form inspectors carry — A4 portrait, one table (分类, 编号, 考核内容, 分值,
 * 扣分标准, and empty 扣分 / 问题记录 columns to fill in by hand), the grades, the monthly rule, the overdue penalty,
 * the money rule and the ranking rule under it, signature lines at the foot. Built with DOM text nodes (escaped by construction) in a `.print-view`
 * that only the print stylesheet shows, removed after printing.
 */
import type { SchemeDefinition } from '../../../../../db/api';
import type { Vocabulary } from '../shared/useVocabulary';
import { fmtNum, itemsSum, overdueRuleText, rankingParts, ruleText, sortedBands } from './model';
import { printElement } from '../../../components/ledger/printView';

export interface PrintMeta {
  version: number | null;
  /** The definition on screen differs from the stored one. */
  unsaved: boolean;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

/** The page as a detached element (tests and the print call share it). */
export function buildSchemePrint(def: SchemeDefinition, vocab: Vocabulary | null, meta: PrintMeta): HTMLElement {
  const root = el('div', undefined, 'print-view scheme-print');
  root.dataset.testid = 'scheme-printout';
  root.append(el('h1', def.name));
  const facts = [
    meta.version ? `第 ${meta.version} 版` : '未保存的新细则',
    `考核对象:${vocab?.scheme.targetType[def.targetType] ?? def.targetType}`,
    `满分 ${fmtNum(def.fullScore)} 分`,
    `${def.effectiveFrom} 起施行${def.effectiveTo ? `,至 ${def.effectiveTo}` : ''}`,
  ];
  if (meta.unsaved) facts.push('含未保存的修改');
  root.append(el('p', facts.join(' · '), 'scheme-print-facts'));
  root.append(el('p', '检查对象:________________  检查日期:_____年___月___日 ___时___分  检查方式:________  检查人员:________________', 'scheme-print-fill'));

  const table = el('table');
  const head = table.createTHead().insertRow();
  const headers: Array<[string, string?]> = [['分类'], ['编号'], ['考核内容'], ['分值', 'num'], ['扣分标准'], ['扣分', 'num'], ['问题记录']];
  for (const [text, cls] of headers) head.append(el('th', text, cls));
  const body = table.createTBody();
  def.items.forEach((item, i) => {
    const tr = body.insertRow();
    // Consecutive items of one section share the section cell.
    if (i === 0 || def.items[i - 1].section !== item.section) {
      let span = 1;
      while (i + span < def.items.length && def.items[i + span].section === item.section) span += 1;
      const td = el('td', item.section, 'scheme-print-section');
      td.rowSpan = span;
      tr.append(td);
    }
    tr.append(el('td', item.code), el('td', `${item.title}${item.bonus ? '(加分项)' : ''}`), el('td', fmtNum(item.maxPoints), 'num'), el('td', ruleText(item, vocab)));
    tr.append(el('td', '', 'num scheme-print-blank'), el('td', '', 'scheme-print-blank'));
  });
  const foot = table.createTFoot().insertRow();
  const total = el('td', '合计');
  total.colSpan = 3;
  const sum = itemsSum(def.items);
  foot.append(total, el('td', sum === null ? '' : fmtNum(sum), 'num'), el('td', `得分 = ${fmtNum(def.fullScore)} − 各项扣分(各项扣分不超过其上限)`), el('td', '', 'num'), el('td', '得分:'));
  root.append(table);

  const rules = el('ul', undefined, 'scheme-print-rules');
  rules.append(el('li', `等级:${sortedBands(def.gradeBands).map((b) => `${b.grade} ≥${fmtNum(b.min)}`).join(';')}`));
  rules.append(el('li', `月度汇总:${vocab?.scheme.aggregation[def.aggregation] ?? def.aggregation}`));
  if (def.components.length > 1) {
    rules.append(el('li', `月度得分:${def.components.map((c) => `${c.label} ${fmtNum(c.weight)}%`).join(' + ')}`));
  }
  if (def.overduePenalty) {
    rules.append(el('li', `${vocab?.scheme.overduePenalty.title ?? '逾期整改扣分'}:${overdueRuleText(def.overduePenalty)}`));
  }
  if (def.bonusCap > 0) rules.append(el('li', `加分项合计最多加 ${fmtNum(def.bonusCap)} 分,总分不超过满分`));
  const m = def.money;
  if (m) {
    const mode = vocab?.scheme.shortfallMode[m.shortfallMode] ?? m.shortfallMode;
    const parts = [`${fmtNum(m.passMark)} 分合格,每低 1 分扣当月服务费 ${fmtNum(m.pctPerPoint)}%(${mode})`];
    if (m.events.length) parts.push(m.events.map((e) => `${e.label}每次 ${fmtNum(e.pct)}%`).join('、'));
    if (m.rateTiers) {
      parts.push(`${m.rateTiers.metricLabel}${[...m.rateTiers.tiers].sort((a, b) => b.below - a.below).map((t) => `低于 ${fmtNum(t.below)}% 扣${m.rateTiers!.subFeeLabel} ${fmtNum(t.pct)}%`).join('、')}`);
    }
    parts.push(`当月扣款不超过 ${fmtNum(m.capPct)}%`);
    rules.append(el('li', `按质核拨:${parts.join(';')}`));
  }
  const ranking = def.ranking ?? vocab?.defaultRanking;
  if (ranking) rules.append(el('li', `排名${def.ranking ? '' : '(默认规则)'}:${rankingParts(ranking, def.gradeBands, vocab).join(';')}`));
  root.append(rules);
  root.append(el('p', '检查人员(签字):________________    被检查单位(签字):________________', 'scheme-print-sign'));
  return root;
}

export function printScheme(def: SchemeDefinition, vocab: Vocabulary | null, meta: PrintMeta): void {
  document.querySelectorAll('.print-view').forEach((node) => node.remove());
  const root = buildSchemePrint(def, vocab, meta);
  printElement(root);
}
