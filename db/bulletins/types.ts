/**
 * The bulletin (通报, DOMAIN §2.9, §5.1) as the office edits it before issue, and as the archive keeps it.
 * Multi-paragraph texts are plain text with one paragraph per line; the document layout (GB/T 9704) is applied
 * when it is printed (document.ts), never stored in the text.
 */
import type { RankingRun } from '../ranking/types';

export type BulletinKind = 'bulletin' | 'correction';
export type BulletinStatus = 'draft' | 'issued';

/** 第四名, 第四名 (as the source bulletins print ties) or 并列第四名, 并列第四名. */
export type TieStyle = 'same' | 'parallel';

export interface BulletinFields {
  /** 发文机关标志, printed in red above the document number: 示例区城市管理局. */
  orgName: string;
  /** 发文字号 with 〔〕 brackets: 示城管〔2025〕12号. Required to issue. */
  docNumber: string;
  title: string;
  /** 主送: 各作业单位 (printed with a full-width colon). */
  recipients: string;
  /** The opening paragraph(s); for a correction bulletin, the paragraph that cites the original. */
  intro: string;
  /** 一、考核总体情况: counts and grade shares (占25.00%), the average and how the score is made. */
  overview: string;
  /** The sentence above the ranking table. */
  rankingLead: string;
  /** Print the component scores as columns of the ranking table (清扫保洁质量状况50% …). */
  showComponents: boolean;
  /** Print the grade column. */
  showGrade: boolean;
  /** Print the units not inspected (未检查) at the end of the table; off: the overview only counts them. */
  listNotInspected: boolean;
  tieStyle: TieStyle;
  /** 三、存在的主要问题: one paragraph per line. */
  problems: string;
  /** 四、下一步工作要求 (a correction bulletin: its closing paragraph). */
  requirements: string;
  /** 附件:1.… 2.… */
  attachments: string[];
  /** 发文机关署名. */
  issuer: string;
  /** 成文日期, YYYY-MM-DD (printed 2025年11月3日). */
  issueDate: string;
  /** 附注 under the date, e.g. 此件公开发布 (printed in parentheses); empty: none. */
  disclosure: string;
  /** 抄送 (版记); empty: no 抄送 line. */
  cc: string;
  /** 印发机关 (版记). */
  printedBy: string;
  /** 印发日期, YYYY-MM-DD. */
  printDate: string;
}

/** What a correction bulletin cites: the original's number, title and date, and the rows whose result changed. */
export interface CorrectionCitation {
  bulletinId: number;
  docNumber: string;
  title: string;
  issueDate: string;
  runId: number;
  changes: Array<{
    unitName: string;
    before: { score: number | null; rankText: string | null };
    after: { score: number | null; rankText: string | null };
  }>;
}

export interface BulletinSummary {
  id: number;
  kind: BulletinKind;
  status: BulletinStatus;
  runId: number;
  period: string;
  periodLabel: string;
  category: string;
  categoryLabel: string;
  unitType: string;
  title: string;
  docNumber: string | null;
  correctsId: number | null;
  /** The original's number, for a correction bulletin. */
  correctsDocNumber: string | null;
  /** An issued correction bulletin that corrects this one (the original stays in the archive). */
  correctedBy: { id: number; docNumber: string } | null;
  version: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  issuedAt: string | null;
  issuedBy: string | null;
  pdfSha256: string | null;
  pdfSize: number | null;
  pdfPages: number | null;
}

export interface Bulletin extends BulletinSummary {
  fields: BulletinFields;
  /** The run printed: the snapshot taken when the draft was made, frozen at issue. */
  run: RankingRun;
  correction: CorrectionCitation | null;
  /** Whether the run it was drafted from is still the approved one (false: it was superseded by a correction). */
  runCurrent: boolean;
  /** A draft: the next number after the office's last issued one (示城管〔2025〕12号 → 13号), to offer, never filled in. */
  suggestedDocNumber: string | null;
}

/** A printable document: the HTML the PDF is made from (also shown as the print preview). */
export interface PrintableDocument {
  title: string;
  fileName: string;
  html: string;
}
