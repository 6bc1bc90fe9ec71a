/**
 * Findings (扣分项) as typed from a paper checklist: checked against the scheme version they are scored under,
 * turned into stored rows, and scored. Shared by inspection entry and by corrections after lock.
 */
import { addDays } from '../dates';
import type { FieldErrors } from '../errors';
import type { Tx } from '../sqlite';
import { normalizeOptionalText } from '../text';
import { checkFinding, findingPoints, scoreInspection, type InspectionScore } from './scoring';
import type { SchemeDefinition, SchemeItem } from './types';

export interface FindingInput {
  itemCode: string;
  occurrences: number;
  /** Points per occurrence; defaults to the item's unit deduction. Items with a range need the inspector's value. */
  pointsEach?: number | null;
  location?: string | null;
  description?: string | null;
  responsible?: string | null;
  /** Attachment ids (photos) from attachments.upload. */
  photos?: number[];
  /** Issue a rectification order when the inspection is approved; defaults to the item's rule. */
  rectify?: boolean | null;
  /** The order's deadline; defaults to the inspection date + the item's days. */
  rectifyDeadline?: string | null;
}

export interface PreparedFinding {
  seq: number;
  itemCode: string;
  occurrences: number;
  pointsEach: number;
  points: number;
  location: string | null;
  description: string | null;
  responsible: string | null;
  photos: number[];
  rectify: boolean;
  rectifyDeadline: string | null;
}

/** Default days for a rectification order when the item names none (DOMAIN §2.8: 3 days for facility damage). */
const DEFAULT_RECTIFY_DAYS = 3;

function itemLabel(item: SchemeItem): string {
  return `${item.code}“${item.title}”`;
}

/**
 * Checks findings against the scheme and fills in defaults. Errors are keyed `findings.<n>.<field>` with the
 * item named in the message, so a form can mark the line and a CLI user can read it.
 */
export async function prepareFindings(
  tx: Tx,
  def: SchemeDefinition,
  inputs: FindingInput[],
  inspectionDate: string,
): Promise<{ findings: PreparedFinding[]; errors: FieldErrors }> {
  const errors: FieldErrors = {};
  const items = new Map(def.items.map((item) => [item.code, item]));
  const photoIds = [...new Set(inputs.flatMap((f) => f.photos ?? []))];
  const known = new Set(
    photoIds.length
      ? (await tx.all<{ id: number }>(`SELECT id FROM attachments WHERE id IN (${photoIds.map(() => '?').join(',')})`, photoIds)).map((r) => r.id)
      : [],
  );
  const findings: PreparedFinding[] = [];
  inputs.forEach((input, i) => {
    const at = (field: string, message: string) => {
      errors[`findings.${i}.${field}`] ??= `第 ${i + 1} 条扣分:${message}`;
    };
    const item = items.get(input.itemCode.trim().toUpperCase()) ?? items.get(input.itemCode.trim());
    if (!item) return at('itemCode', `细则中没有编号为“${input.itemCode}”的检查项,请从细则中选择`);
    const pointsEach = input.pointsEach ?? (item.tiers.length ? null : item.unitDeduction);
    if (pointsEach == null) return at('pointsEach', `${itemLabel(item)}分档扣分,请填写每处扣分`);
    const problem = checkFinding(item, { occurrences: input.occurrences, pointsEach });
    if (problem) return at(input.occurrences < 1 || !Number.isInteger(input.occurrences) ? 'occurrences' : 'pointsEach', problem);
    const missing = (input.photos ?? []).filter((id) => !known.has(id));
    if (missing.length) at('photos', `照片(附件编号 ${missing.join('、')})不存在,请重新上传`);
    const rectify = input.rectify ?? item.rectifyDays != null;
    let deadline: string | null = null;
    if (rectify) {
      deadline = input.rectifyDeadline ?? addDays(inspectionDate, item.rectifyDays ?? DEFAULT_RECTIFY_DAYS);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(deadline) || Number.isNaN(Date.parse(deadline))) at('rectifyDeadline', '整改期限应为日期,如 2025-10-15');
      else if (deadline < inspectionDate) at('rectifyDeadline', `整改期限 ${deadline} 早于检查日期 ${inspectionDate}`);
    }
    findings.push({
      seq: i + 1,
      itemCode: item.code,
      occurrences: input.occurrences,
      pointsEach,
      points: findingPoints(item, input.occurrences, pointsEach),
      location: normalizeOptionalText(input.location),
      description: normalizeOptionalText(input.description),
      responsible: normalizeOptionalText(input.responsible),
      photos: [...new Set(input.photos ?? [])],
      rectify,
      rectifyDeadline: deadline,
    });
  });
  return { findings, errors };
}

/** Evidence the scheme asks for, checked when an inspection is submitted (drafts may still lack photos). */
export function missingEvidence(def: SchemeDefinition, findings: PreparedFinding[]): FieldErrors {
  const errors: FieldErrors = {};
  const items = new Map(def.items.map((item) => [item.code, item]));
  findings.forEach((f, i) => {
    const item = items.get(f.itemCode);
    if (!item || item.evidence === 'none') return;
    if (!f.photos.length) errors[`findings.${i}.photos`] = `第 ${i + 1} 条扣分:${itemLabel(item)}须附现场照片,请上传后再提交`;
    else if (item.evidence === 'photo+location' && !f.location) {
      errors[`findings.${i}.location`] = `第 ${i + 1} 条扣分:${itemLabel(item)}须注明位置,请填写后再提交`;
    }
  });
  return errors;
}

/** The raw points per item code, as stored in inspections.item_raw. */
export function itemRawJson(score: InspectionScore): string {
  return JSON.stringify(Object.fromEntries(Object.entries(score.items).map(([code, v]) => [code, v.raw])));
}

export function scorePrepared(def: SchemeDefinition, findings: PreparedFinding[]): InspectionScore {
  return scoreInspection(
    def,
    findings.map((f) => ({ itemCode: f.itemCode, occurrences: f.occurrences, pointsEach: f.pointsEach })),
  );
}

export async function insertFindings(tx: Tx, inspectionId: number, findings: PreparedFinding[]): Promise<void> {
  if (!findings.length) return;
  await tx.run(
    `INSERT INTO findings (inspection_id, seq, item_code, occurrences, points_each, points, location, description, responsible, photos, rectify, rectify_deadline)
     SELECT ?, j.value ->> '$.seq', j.value ->> '$.itemCode', j.value ->> '$.occurrences', j.value ->> '$.pointsEach', j.value ->> '$.points',
            j.value ->> '$.location', j.value ->> '$.description', j.value ->> '$.responsible', json(j.value -> '$.photos'),
            j.value ->> '$.rectify', j.value ->> '$.rectifyDeadline'
       FROM json_each(?) j`,
    [inspectionId, JSON.stringify(findings.map((f) => ({ ...f, rectify: f.rectify ? 1 : 0 })))],
  );
}

export interface StoredFinding extends PreparedFinding {
  id: number;
  itemTitle: string;
  section: string;
}

export async function loadFindings(tx: Tx, inspectionId: number, def: SchemeDefinition): Promise<StoredFinding[]> {
  const rows = await tx.all<Omit<StoredFinding, 'photos' | 'rectify' | 'itemTitle' | 'section'> & { photos: string; rectify: number }>(
    `SELECT id, seq, item_code AS itemCode, occurrences, points_each AS pointsEach, points, location, description, responsible, photos,
            rectify, rectify_deadline AS rectifyDeadline
       FROM findings WHERE inspection_id = ? ORDER BY seq`,
    [inspectionId],
  );
  const items = new Map(def.items.map((item) => [item.code, item]));
  return rows.map((r) => ({
    ...r,
    photos: JSON.parse(r.photos) as number[],
    rectify: r.rectify === 1,
    itemTitle: items.get(r.itemCode)?.title ?? r.itemCode,
    section: items.get(r.itemCode)?.section ?? '',
  }));
}
