/**
 * The scheme's items in order, grouped by section, as a paper checklist to type from: occurrences (digits),
 * the tier or points for tiered items, the deduction applied (from the running preview), and for a line with
 * a finding its location, description, photos and rectification order. Enter (or ↓) moves to the next item's
 * occurrences, ↑ to the previous one; Tab walks through the line's own fields first (fields of a line without
 * a finding are not shown, so Tab on a blank line goes straight on).
 */
import { Fragment, useRef, type KeyboardEvent } from 'react';
import type { SchemeItem } from '../../../../../db/api';
import { PhotoPicker } from '../shared/PhotoPicker';
import type { Vocabulary } from '../shared/useVocabulary';
import { addDays, emptyLine, fmt, fmt2, hasFinding, isRanged, ruleText, type Line } from './model';

export interface PreviewResult {
  score: number;
  rawDeduction: number;
  deduction: number;
  bonus: number;
  vetoed: boolean;
  items: Record<string, { raw: number; applied: number }>;
  errors: Record<string, string>;
}

export interface ChecklistProps {
  items: SchemeItem[];
  lines: Line[];
  onChange(lines: Line[]): void;
  readOnly: boolean;
  /** The inspection date, for the default rectification deadline. */
  date: string;
  preview: PreviewResult | null;
  /** Messages per line key and field (itemCode, occurrences, pointsEach, photos, location, rectifyDeadline). */
  lineErrors: Record<string, Record<string, string>>;
  vocabulary: Vocabulary | null;
  /** Enter on the last line. */
  onPastLast?(): void;
  testId?: string;
}

/** The deduction shown in an item's column: applied points, and 已扣完 when the item's cap is reached. */
function itemDeduction(item: SchemeItem, preview: PreviewResult | null): { text: string; capped: boolean } | null {
  const p = preview?.items[item.code];
  if (!p) return null;
  const cap = item.cap ?? item.maxPoints;
  const capped = item.deductionUnit !== 'fixed' && p.applied >= cap - 1e-9 && p.raw >= cap - 1e-9;
  const sign = item.bonus ? '+' : '−';
  return { text: `${sign}${fmt2(p.applied)}`, capped };
}

export function Checklist({ items, lines, onChange, readOnly, date, preview, lineErrors, vocabulary, onPastLast, testId = 'checklist' }: ChecklistProps) {
  const root = useRef<HTMLDivElement>(null);
  const byCode = new Map(items.map((i) => [i.code, i]));

  function update(key: string, patch: Partial<Line>) {
    onChange(lines.map((l) => (l.key === key ? { ...l, ...patch } : l)));
  }

  function focusOcc(index: number): boolean {
    const inputs = root.current?.querySelectorAll<HTMLInputElement>('input[data-occ]');
    const target = inputs?.[index];
    if (!target) return false;
    target.focus();
    target.select();
    return true;
  }

  function onLineKey(e: KeyboardEvent<HTMLElement>, index: number, isOcc: boolean) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === 'Enter' && !(e.target instanceof HTMLTextAreaElement)) {
      e.preventDefault();
      if (!focusOcc(index + 1)) onPastLast?.();
    } else if (isOcc && e.key === 'ArrowDown') {
      e.preventDefault();
      focusOcc(index + 1);
    } else if (isOcc && e.key === 'ArrowUp') {
      e.preventDefault();
      focusOcc(index - 1);
    }
  }

  const sectionTotals = new Map<string, number>();
  for (const item of items) if (!item.bonus) sectionTotals.set(item.section, (sectionTotals.get(item.section) ?? 0) + item.maxPoints);

  let lastSection: string | null = null;
  return (
    <div className="checklist" ref={root} data-testid={testId} role="table" aria-label="检查项">
      <div className="checklist-head" role="row">
        <span role="columnheader">编号</span>
        <span role="columnheader">检查内容与扣分标准</span>
        <span role="columnheader" className="num">分值</span>
        <span role="columnheader" className="num">次数</span>
        <span role="columnheader">档次 / 每处扣分</span>
        <span role="columnheader" className="num">扣分</span>
      </div>
      {lines.map((line, index) => {
        const item = byCode.get(line.itemCode);
        if (!item) return null;
        const first = index === 0 || lines[index - 1].itemCode !== line.itemCode;
        const extra = !first;
        const section = first && item.section !== lastSection ? item.section : null;
        if (first) lastSection = item.section;
        const errors = lineErrors[line.key] ?? {};
        const finding = hasFinding(line);
        const tier = item.tiers[Number(line.tier || 0)];
        const ranged = isRanged(tier);
        const deduction = first ? itemDeduction(item, preview) : null;
        const lineTestId = `line-${item.code}${extra ? `-${lines.slice(0, index).filter((l) => l.itemCode === item.code).length + 1}` : ''}`;
        const messages = Object.values(errors);
        const defaultDeadline = item.rectifyDays != null ? addDays(date, item.rectifyDays) : addDays(date, 3);
        return (
          <Fragment key={line.key}>
            {section && (
              <div className="checklist-section" role="row">
                <span role="cell">
                  {section}
                  {sectionTotals.get(section) ? <span className="muted">(满分 {fmt(sectionTotals.get(section)!)})</span> : null}
                </span>
              </div>
            )}
            <div
              className={`checklist-line${finding ? ' has-finding' : ''}${messages.length ? ' has-error' : ''}${item.veto ? ' is-veto' : ''}`}
              role="row"
              data-testid={lineTestId}
              data-item={item.code}
            >
              <div className="checklist-main">
                <span className="checklist-code" role="cell">
                  {extra ? '' : item.code}
                </span>
                <span className="checklist-title" role="cell">
                  {extra ? (
                    <span className="muted">同上,另一处</span>
                  ) : (
                    <>
                      <span className="checklist-item-title">{item.title}</span>
                      {item.veto && <span className="badge badge-veto">一票否决</span>}
                      {item.bonus && <span className="badge badge-bonus">加分项</span>}
                      <span className="checklist-rule">{ruleText(item, vocabulary?.scheme.deductionUnit)}</span>
                    </>
                  )}
                </span>
                <span className="checklist-max num" role="cell">
                  {extra ? '' : fmt(item.maxPoints)}
                </span>
                <span className="checklist-occ" role="cell">
                  <input
                    className={`input num${errors.occurrences || errors.itemCode ? ' input-error' : ''}`}
                    data-occ={index}
                    inputMode="numeric"
                    aria-label={`${item.code} 次数`}
                    value={line.occurrences}
                    readOnly={readOnly}
                    maxLength={3}
                    onChange={(e) => update(line.key, { occurrences: e.currentTarget.value.normalize('NFKC').replace(/\D/g, '').replace(/^0+/, '') })}
                    onKeyDown={(e) => onLineKey(e, index, true)}
                    onFocus={(e) => e.currentTarget.select()}
                    data-testid={`occ-${item.code}`}
                  />
                </span>
                <span className="checklist-tier" role="cell">
                  {item.tiers.length > 0 && (finding || !readOnly) ? (
                    <>
                      <select
                        className="input"
                        aria-label={`${item.code} 档次`}
                        value={line.tier || '0'}
                        disabled={readOnly || !finding}
                        onChange={(e) => update(line.key, { tier: e.currentTarget.value, pointsEach: '' })}
                        onKeyDown={(e) => onLineKey(e, index, false)}
                        data-testid={`tier-${item.code}`}
                      >
                        {item.tiers.map((t, i) => (
                          <option key={i} value={String(i)}>
                            {t.label} {t.points != null ? fmt(t.points) : `${fmt(t.pointsMin ?? 0)}~${fmt(t.pointsMax ?? 0)}`}
                          </option>
                        ))}
                      </select>
                      {ranged && (
                        <input
                          className={`input num checklist-points${errors.pointsEach ? ' input-error' : ''}`}
                          aria-label={`${item.code} 每处扣分`}
                          inputMode="decimal"
                          placeholder={`${fmt(tier.pointsMin ?? 0)}~${fmt(tier.pointsMax ?? 0)}`}
                          value={line.pointsEach}
                          readOnly={readOnly}
                          disabled={!finding}
                          onChange={(e) => update(line.key, { pointsEach: e.currentTarget.value.normalize('NFKC').replace(/[^\d.]/g, '') })}
                          onKeyDown={(e) => onLineKey(e, index, false)}
                          data-testid={`points-${item.code}`}
                        />
                      )}
                    </>
                  ) : (
                    <span className="muted">{item.tiers.length ? '' : `${item.bonus ? '+' : '−'}${fmt(item.unitDeduction)}`}</span>
                  )}
                </span>
                <span className={`checklist-deduction num${deduction?.capped ? ' is-capped' : ''}`} role="cell" data-testid={extra ? undefined : `deduction-${item.code}`}>
                  {deduction ? (
                    <>
                      {deduction.text}
                      {deduction.capped && <span className="capped-note">已扣完</span>}
                    </>
                  ) : (
                    ''
                  )}
                </span>
              </div>
              {finding && (
                <div className="checklist-detail">
                  <input
                    className={`input${errors.location ? ' input-error' : ''}`}
                    aria-label={`${item.code} 位置`}
                    placeholder={item.evidence === 'photo+location' ? '位置(必填)' : '位置'}
                    value={line.location}
                    readOnly={readOnly}
                    maxLength={200}
                    onChange={(e) => update(line.key, { location: e.currentTarget.value })}
                    onKeyDown={(e) => onLineKey(e, index, false)}
                    data-testid={`location-${item.code}`}
                  />
                  <input
                    className="input"
                    aria-label={`${item.code} 问题描述`}
                    placeholder="问题描述"
                    value={line.description}
                    readOnly={readOnly}
                    maxLength={1000}
                    onChange={(e) => update(line.key, { description: e.currentTarget.value })}
                    onKeyDown={(e) => onLineKey(e, index, false)}
                    data-testid={`description-${item.code}`}
                  />
                  <span className={errors.photos ? 'checklist-photos has-error' : 'checklist-photos'}>
                    <PhotoPicker
                      value={line.photos}
                      onChange={(photos) => update(line.key, { photos })}
                      readOnly={readOnly}
                      label={item.evidence === 'none' ? '照片' : '照片*'}
                      testId={`photos-${item.code}`}
                    />
                  </span>
                  <label className="check-label checklist-rectify">
                    <input
                      type="checkbox"
                      checked={line.rectify}
                      disabled={readOnly}
                      onChange={(e) => update(line.key, { rectify: e.currentTarget.checked })}
                      onKeyDown={(e) => onLineKey(e, index, false)}
                      data-testid={`rectify-${item.code}`}
                    />
                    整改
                  </label>
                  <input
                    className={`input checklist-deadline${errors.rectifyDeadline ? ' input-error' : ''}`}
                    aria-label={`${item.code} 整改期限`}
                    placeholder={defaultDeadline || '整改期限'}
                    title="整改期限(留空则按细则:检查日期加整改天数)"
                    value={line.rectifyDeadline}
                    readOnly={readOnly}
                    disabled={!line.rectify}
                    maxLength={10}
                    onChange={(e) => update(line.key, { rectifyDeadline: e.currentTarget.value })}
                    onKeyDown={(e) => onLineKey(e, index, false)}
                    data-testid={`deadline-${item.code}`}
                  />
                  {!readOnly && (
                    <span className="checklist-line-actions">
                      <button
                        type="button"
                        className="link-button"
                        tabIndex={-1}
                        title="同一检查项在另一位置或另一档次的问题,另记一行"
                        onClick={() => {
                          const next = [...lines];
                          next.splice(index + 1, 0, emptyLine(item));
                          onChange(next);
                        }}
                      >
                        另记一处
                      </button>
                      {extra && (
                        <button type="button" className="link-button" tabIndex={-1} onClick={() => onChange(lines.filter((l) => l.key !== line.key))}>
                          删去此行
                        </button>
                      )}
                    </span>
                  )}
                </div>
              )}
              {messages.length > 0 && (
                <div className="checklist-errors field-error" role="alert" data-testid={`error-${item.code}`}>
                  {[...new Set(messages)].join(';')}
                </div>
              )}
            </div>
          </Fragment>
        );
      })}
    </div>
  );
}
