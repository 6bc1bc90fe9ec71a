/**
 * 打印整改通知书 (DOMAIN §5.2): notice number, contractor, target and location, the problem with its photos,
 * the basis, the deadline, signature lines and a return slip, on A4 portrait. Built from DOM text nodes (escaped
 * by construction) in the print-only layer the print stylesheet shows, removed after printing.
 */
import type { Rectification } from '../../../../../db/api';
import { localToday } from './rectFormat';
import { printElement } from '../../../components/ledger/printView';

export interface NoticeInput {
  row: Rectification;
  itemTitle: string | null;
  schemeName: string | null;
  district: string;
  /** data: URLs of the finding's photos (at most a few). */
  photos: string[];
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

function cn(date: string): string {
  const [y, m, d] = date.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

export function printNotice({ row, itemTitle, schemeName, district, photos }: NoticeInput): void {
  document.querySelectorAll('.print-view').forEach((n) => n.remove());
  const root = el('div', 'print-view rect-notice');
  root.append(el('h1', undefined, '整改通知书'), el('p', 'notice-no', `编号:${row.noticeNo}`));
  root.append(el('p', 'notice-to', `${row.contractorName ?? '作业单位'}:`));
  root.append(
    el(
      'p',
      'notice-text',
      `${cn(row.inspectionDate)},我单位对你单位负责的“${row.targetName}”进行检查,发现下列问题,依据《${schemeName ?? '考核细则'}》扣 ${row.points} 分,现通知你单位限期整改:`,
    ),
  );
  const table = el('table');
  const rows: Array<[string, string]> = [
    ['检查项', `${row.itemCode} ${itemTitle ?? ''}`.trim()],
    ['位置', row.location || '—'],
    ['问题描述', row.description || '—'],
    ['整改期限', `${cn(row.deadline)}前`],
  ];
  for (const [k, v] of rows) {
    const tr = table.insertRow();
    tr.append(el('th', undefined, k), el('td', undefined, v));
  }
  root.append(table);
  if (photos.length) {
    const box = el('div', 'notice-photos');
    for (const src of photos) {
      const img = el('img');
      img.src = src;
      img.alt = '现场照片';
      box.append(img);
    }
    root.append(box);
  }
  root.append(
    el(
      'p',
      'notice-text',
      `请于${cn(row.deadline)}前整改完毕,并将整改情况(附整改后照片)报送我单位复核。逾期未整改的,按考核细则及合同约定处理。`,
    ),
  );
  const sign = el('div', 'notice-sign');
  sign.append(el('span', undefined, '检查人员(签字):'), el('span', undefined, '作业单位签收人(签字):'), el('span', undefined, '签收日期:'));
  root.append(sign);
  const issuer = el('div', 'notice-issuer');
  issuer.append(el('div', undefined, `${district}环境卫生管理部门(盖章)`), el('div', undefined, cn(localToday())));
  root.append(issuer);
  root.append(el('div', 'notice-cut', '✂ - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - -'));
  root.append(el('h2', undefined, '整改回执'));
  root.append(el('p', 'notice-text', `通知书编号 ${row.noticeNo} 所列问题已于 ____年____月____日整改完毕,整改情况及照片附后。`));
  const back = el('div', 'notice-sign');
  back.append(el('span', undefined, '作业单位(盖章):'), el('span', undefined, '经办人:'), el('span', undefined, '日期:'));
  root.append(back);
  printElement(root);
}
