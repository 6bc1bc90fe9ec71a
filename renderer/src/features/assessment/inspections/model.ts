/**
 * The checklist as the entry form holds it: one or more lines per scheme item (in the scheme's order), each
 * line a possible finding typed as text. A line with blank occurrences is "no finding". Conversion to and
 * from the API's findings, and the mapping of API field errors (`findings.3.pointsEach`) back onto lines.
 */
import type { FindingInput, InspectionDetail, InspectionStatus, SchemeItem, SchemeTier, StoredFinding } from '../../../../../db/api';

export interface Line {
  /** Stable React key and focus address. */
  key: string;
  itemCode: string;
  /** Digits only; '' = no finding. */
  occurrences: string;
  /** Index of the chosen tier (items with tiers), as text for the <select>. */
  tier: string;
  /** Points per occurrence typed for a ranged tier. */
  pointsEach: string;
  location: string;
  description: string;
  photos: number[];
  rectify: boolean;
  /** '' = the default (inspection date + the item's days). */
  rectifyDeadline: string;
}

export const MODES = ['routine', 'unannounced', 'night', 'offHours', 'special', 'joint', 'thirdParty'] as const;
export type Mode = (typeof MODES)[number];

export const STATUS_TEXT: Record<InspectionStatus, string> = {
  draft: '草稿',
  submitted: '待审核',
  returned: '已退回',
  approved: '已审核',
  locked: '已锁定',
};

let keySeq = 0;
export function newKey(): string {
  keySeq += 1;
  return `l${keySeq}`;
}

export function isRanged(tier: SchemeTier | undefined): boolean {
  return !!tier && tier.points == null && tier.pointsMin != null && tier.pointsMax != null;
}

export function fmt(n: number): string {
  return String(Number(n.toPrecision(12)));
}

export function fmt2(n: number | null | undefined): string {
  return n == null ? '' : n.toFixed(2);
}

export function emptyLine(item: SchemeItem): Line {
  return {
    key: newKey(),
    itemCode: item.code,
    occurrences: '',
    tier: item.tiers.length ? '0' : '',
    pointsEach: '',
    location: '',
    description: '',
    photos: [],
    rectify: item.rectifyDays != null,
    rectifyDeadline: '',
  };
}

/** The tier a stored finding used: the fixed tier with its points, else the range holding it. */
function tierOf(item: SchemeItem, pointsEach: number): number {
  const fixed = item.tiers.findIndex((t) => t.points != null && Math.abs(t.points - pointsEach) < 1e-9);
  if (fixed >= 0) return fixed;
  const ranged = item.tiers.findIndex((t) => isRanged(t) && t.pointsMin! - 1e-9 <= pointsEach && pointsEach <= t.pointsMax! + 1e-9);
  return ranged >= 0 ? ranged : Math.max(0, item.tiers.findIndex((t) => isRanged(t)));
}

export function lineFromFinding(item: SchemeItem, f: Pick<StoredFinding, 'occurrences' | 'pointsEach' | 'location' | 'description' | 'photos' | 'rectify' | 'rectifyDeadline'>): Line {
  const tier = item.tiers.length ? tierOf(item, f.pointsEach) : -1;
  return {
    key: newKey(),
    itemCode: item.code,
    occurrences: String(f.occurrences),
    tier: tier >= 0 ? String(tier) : '',
    pointsEach: tier >= 0 && isRanged(item.tiers[tier]) ? fmt(f.pointsEach) : '',
    location: f.location ?? '',
    description: f.description ?? '',
    photos: [...f.photos],
    rectify: f.rectify,
    rectifyDeadline: f.rectify ? (f.rectifyDeadline ?? '') : '',
  };
}

/**
 * Every item of the scheme in order, with the stored findings on their items (several lines for an item when it
 * had several findings). `findingKeys[i]` is the line of stored finding i, for errors keyed by finding index.
 */
export function linesFor(items: SchemeItem[], findings: StoredFinding[] = []): { lines: Line[]; findingKeys: string[] } {
  const lines: Line[] = [];
  const findingKeys: string[] = [];
  for (const item of items) {
    const own = findings.map((f, i) => [f, i] as const).filter(([f]) => f.itemCode === item.code);
    if (!own.length) lines.push(emptyLine(item));
    for (const [f, i] of own) {
      const line = lineFromFinding(item, f);
      findingKeys[i] = line.key;
      lines.push(line);
    }
  }
  return { lines, findingKeys };
}

export function hasFinding(line: Line): boolean {
  return line.occurrences.trim() !== '';
}

function parseNumber(text: string): number | null {
  const t = text.normalize('NFKC').trim();
  if (!t) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : NaN;
}

/**
 * The findings to send, in line order, and for each finding the line it came from (errors come back keyed by
 * finding index). A deadline equal to the default is not sent, so the server keeps computing it from the date.
 */
export function findingsOf(items: SchemeItem[], lines: Line[]): { findings: FindingInput[]; lineKeys: string[] } {
  const byCode = new Map(items.map((i) => [i.code, i]));
  const findings: FindingInput[] = [];
  const lineKeys: string[] = [];
  for (const line of lines) {
    if (!hasFinding(line)) continue;
    const item = byCode.get(line.itemCode);
    if (!item) continue;
    let pointsEach: number | null = null;
    if (item.tiers.length) {
      const tier = item.tiers[Number(line.tier || 0)];
      if (tier?.points != null) pointsEach = tier.points;
      else pointsEach = parseNumber(line.pointsEach);
    }
    findings.push({
      itemCode: item.code,
      occurrences: Number(line.occurrences),
      pointsEach: pointsEach === null || Number.isNaN(pointsEach) ? (pointsEach === null ? null : -1) : pointsEach,
      location: line.location.trim() || null,
      description: line.description.trim() || null,
      photos: line.photos,
      rectify: line.rectify,
      rectifyDeadline: line.rectify && line.rectifyDeadline.trim() ? line.rectifyDeadline.trim() : null,
    });
    lineKeys.push(line.key);
  }
  return { findings, lineKeys };
}

/** Field errors of the API split into header fields and per-line messages (several per line joined). */
export function splitErrors(fields: Record<string, string> | undefined, lineKeys: string[], prefix = 'findings.'): { header: Record<string, string>; lines: Record<string, Record<string, string>> } {
  const header: Record<string, string> = {};
  const lines: Record<string, Record<string, string>> = {};
  for (const [key, message] of Object.entries(fields ?? {})) {
    const m = new RegExp(`^${prefix.replace('.', '\\.')}(\\d+)\\.(\\w+)$`).exec(key) ?? /(?:^|\.)findings\.(\d+)\.(\w+)$/.exec(key);
    if (m) {
      const lineKey = lineKeys[Number(m[1])];
      if (lineKey) {
        (lines[lineKey] ??= {})[m[2]] = message;
        continue;
      }
    }
    header[key] = message;
  }
  return { header, lines };
}

export function addDays(iso: string, days: number): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return '';
  const t = Date.parse(`${iso}T00:00:00Z`);
  if (Number.isNaN(t)) return '';
  return new Date(t + days * 86_400_000).toISOString().slice(0, 10);
}

const pad = (n: number) => String(n).padStart(2, '0');
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Today when it falls in the working month, else the month's first day. */
export function defaultDate(month: string): string {
  const t = today();
  return t.startsWith(month) ? t : `${month}-01`;
}

export function splitInspectors(text: string): string[] {
  return text
    .split(/[,,、;;\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The rule of an item as the paper checklist prints it: "每处扣 5 分,扣完为止" and its tiers. */
export function ruleText(item: SchemeItem, unitLabels: Record<string, string> | undefined): string {
  const verb = item.bonus ? '加' : '扣';
  const parts: string[] = [];
  if (item.tiers.length) {
    parts.push(
      item.tiers
        .map((t) => (t.points != null ? `${t.label}${verb}${fmt(t.points)}` : `${t.label}${verb}${fmt(t.pointsMin ?? 0)}~${fmt(t.pointsMax ?? 0)}`))
        .join(';'),
    );
  } else if (item.deductionUnit === 'fixed') {
    parts.push(`发现即${verb} ${fmt(item.unitDeduction)} 分(次数填 1)`);
  } else {
    parts.push(`${unitLabels?.[item.deductionUnit] ?? ''}${verb} ${fmt(item.unitDeduction)} 分`);
  }
  if (item.cap != null && item.cap !== item.maxPoints) parts.push(`最多${verb} ${fmt(item.cap)} 分`);
  else if (!item.bonus && item.deductionUnit !== 'fixed') parts.push('扣完为止');
  if (item.veto) parts.push('一票否决');
  if (item.evidence === 'photo') parts.push('须附照片');
  if (item.evidence === 'photo+location') parts.push('须附照片和位置');
  return parts.join(',');
}

export type Detail = InspectionDetail;

/** Whether the form may be edited: new, or a draft / returned record of an open month. */
export function editable(detail: Detail | null, locked: boolean): boolean {
  if (locked) return false;
  if (!detail) return true;
  return !detail.supersededBy && (detail.status === 'draft' || detail.status === 'returned');
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
