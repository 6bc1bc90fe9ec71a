/**
 * 检查项: the scheme's items in order, as a dense form table typed like a spreadsheet (↑/↓ and Enter move
 * between rows in the same column, Alt+↑/↓ moves the row, Ctrl+Enter inserts a row below). Each item's tiers
 * open in a sub-table under it. The footer adds up the items' points live against the full score.
 */
import { Fragment, useState, type KeyboardEvent } from 'react';
import type { SchemeItem, SchemeTier } from '../../../../../db/api';
import { CheckField, GroupErrors, NumberField, SelectField, TextField, useForm } from './fields';
import { blankItem, fmtNum, itemsSum, nextCode, ruleText } from './model';

export interface ItemsTableProps {
  items: SchemeItem[];
  fullScore: number;
  onChange(items: SchemeItem[]): void;
}

function focusCell(table: HTMLElement | null, row: number, col: string) {
  requestAnimationFrame(() => {
    const el = table?.querySelector<HTMLElement>(`tr[data-row="${row}"] [data-col="${col}"]`);
    el?.focus();
    if (el instanceof HTMLInputElement && el.type !== 'checkbox') el.select();
  });
}

export function ItemsTable({ items, fullScore, onChange }: ItemsTableProps) {
  const { errors, readOnly, vocab } = useForm();
  const [open, setOpen] = useState<Set<number>>(new Set());
  const colCount = readOnly ? 12 : 13;

  const setItem = (i: number, patch: Partial<SchemeItem>) => onChange(items.map((it, j) => (j === i ? { ...it, ...patch } : it)));

  const insertAfter = (i: number) => {
    const above = items[i];
    const item = { ...blankItem(nextCode(items.map((it) => it.code), above?.code)), section: above?.section ?? '' };
    onChange([...items.slice(0, i + 1), item, ...items.slice(i + 1)]);
    setOpen((s) => new Set([...s].map((k) => (k > i ? k + 1 : k))));
    return i + 1;
  };
  const remove = (i: number) => {
    onChange(items.filter((_, j) => j !== i));
    setOpen((s) => new Set([...s].filter((k) => k !== i).map((k) => (k > i ? k - 1 : k))));
  };
  const move = (i: number, by: -1 | 1) => {
    const j = i + by;
    if (j < 0 || j >= items.length) return false;
    const next = [...items];
    [next[i], next[j]] = [next[j], next[i]];
    onChange(next);
    setOpen((s) => new Set([...s].map((k) => (k === i ? j : k === j ? i : k))));
    return true;
  };
  const toggle = (i: number) =>
    setOpen((s) => {
      const next = new Set(s);
      if (next.has(i)) next.delete(i);
      else next.add(i);
      return next;
    });

  const onKeyDown = (e: KeyboardEvent<HTMLTableElement>) => {
    const target = e.target as HTMLElement;
    const col = target.dataset.col;
    const rowEl = target.closest<HTMLElement>('tr[data-row]');
    if (!col || !rowEl) return;
    const row = Number(rowEl.dataset.row);
    const table = e.currentTarget;
    const isSelect = target instanceof HTMLSelectElement;
    if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
      if (readOnly) return;
      e.preventDefault();
      const by = e.key === 'ArrowUp' ? -1 : 1;
      if (move(row, by)) focusCell(table, row + by, col);
    } else if (e.ctrlKey && e.key === 'Enter') {
      if (readOnly) return;
      e.preventDefault();
      focusCell(table, insertAfter(row), 'title');
    } else if ((e.key === 'ArrowDown' && !isSelect) || (e.key === 'Enter' && !e.shiftKey && !e.ctrlKey)) {
      if (row + 1 < items.length) {
        e.preventDefault();
        focusCell(table, row + 1, col);
      }
    } else if ((e.key === 'ArrowUp' && !isSelect) || (e.key === 'Enter' && e.shiftKey)) {
      if (row > 0) {
        e.preventDefault();
        focusCell(table, row - 1, col);
      }
    }
  };

  const sum = itemsSum(items);
  const sumOk = sum !== null && Number.isFinite(fullScore) && Math.round(sum * 100) === Math.round(fullScore * 100);
  const bonusCount = items.filter((it) => it.bonus).length;

  return (
    <div className="scheme-items" data-path-group="items">
      <div className="scheme-table-wrap">
        <table className="scheme-table scheme-items-table" onKeyDown={onKeyDown} data-testid="items-table">
          <colgroup>
            <col style={{ width: 60 }} />
            <col style={{ width: 76 }} />
            <col />
            <col style={{ width: 50 }} />
            <col style={{ width: 50 }} />
            <col style={{ width: 92 }} />
            <col style={{ width: 64 }} />
            <col style={{ width: 38 }} />
            <col style={{ width: 38 }} />
            <col style={{ width: 100 }} />
            <col style={{ width: 50 }} />
            <col style={{ width: 56 }} />
            {!readOnly && <col style={{ width: 72 }} />}
          </colgroup>
          <thead>
            <tr>
              <th>编号</th>
              <th>分类</th>
              <th>考核内容</th>
              <th className="num">分值</th>
              <th className="num" title="每处/每座(条)/每次的扣分;固定扣分项为一次扣的分">单次扣分</th>
              <th>扣分方式</th>
              <th className="num" title="一次检查中该项最多扣的分;留空 = 扣完为止(即该项分值)">扣分上限</th>
              <th title="一票否决:发现即得 0 分">否决</th>
              <th title="加分项:不计入分值合计,受加分上限限制">加分</th>
              <th>证据</th>
              <th className="num" title="下发整改通知的默认期限;留空 = 不下发整改">整改(天)</th>
              <th>档位</th>
              {!readOnly && <th>操作</th>}
            </tr>
          </thead>
          <tbody>
            {items.map((item, i) => {
              const p = `items.${i}`;
              const name = item.code.trim() || `第 ${i + 1} 项`;
              const rowErrors = Object.entries(errors).filter(([k]) => k.startsWith(`${p}.`));
              const tierErrors = rowErrors.some(([k]) => k.startsWith(`${p}.tiers`));
              const expanded = open.has(i) || tierErrors;
              return (
                <Fragment key={i}>
                  <tr data-row={i} data-testid={`item-row-${i}`} className={rowErrors.length ? 'scheme-row-invalid' : undefined} title={readOnly ? ruleText(item, vocab) : undefined}>
                    <td>
                      <TextField value={item.code} onChange={(v) => setItem(i, { code: v })} path={`${p}.code`} label={`第 ${i + 1} 项 编号`} col="code" />
                    </td>
                    <td>
                      <TextField value={item.section} onChange={(v) => setItem(i, { section: v })} path={`${p}.section`} label={`${name} 分类`} col="section" />
                    </td>
                    <td>
                      <TextField value={item.title} onChange={(v) => setItem(i, { title: v })} path={`${p}.title`} label={`${name} 考核内容`} col="title" />
                    </td>
                    <td>
                      <NumberField value={item.maxPoints} onChange={(v) => setItem(i, { maxPoints: v ?? NaN })} path={`${p}.maxPoints`} label={`${name} 分值`} col="maxPoints" />
                    </td>
                    <td>
                      <NumberField
                        value={item.unitDeduction}
                        onChange={(v) => setItem(i, { unitDeduction: v ?? NaN })}
                        path={`${p}.unitDeduction`}
                        label={`${name} 单次扣分`}
                        col="unitDeduction"
                      />
                    </td>
                    <td>
                      <SelectField
                        value={item.deductionUnit}
                        onChange={(v) => setItem(i, { deductionUnit: v })}
                        options={vocab?.scheme.deductionUnit}
                        path={`${p}.deductionUnit`}
                        label={`${name} 扣分方式`}
                        col="deductionUnit"
                      />
                    </td>
                    <td>
                      <NumberField
                        value={item.cap}
                        nullable
                        onChange={(v) => setItem(i, { cap: v })}
                        path={`${p}.cap`}
                        label={`${name} 扣分上限`}
                        placeholder="扣完为止"
                        col="cap"
                      />
                    </td>
                    <td className="center">
                      <CheckField checked={item.veto} onChange={(v) => setItem(i, { veto: v })} path={`${p}.veto`} label={`${name} 一票否决`} col="veto" />
                    </td>
                    <td className="center">
                      <CheckField checked={item.bonus} onChange={(v) => setItem(i, { bonus: v })} path={`${p}.bonus`} label={`${name} 加分项`} col="bonus" />
                    </td>
                    <td>
                      <SelectField
                        value={item.evidence}
                        onChange={(v) => setItem(i, { evidence: v })}
                        options={vocab?.scheme.evidence}
                        path={`${p}.evidence`}
                        label={`${name} 证据要求`}
                        col="evidence"
                      />
                    </td>
                    <td>
                      <NumberField
                        value={item.rectifyDays}
                        nullable
                        onChange={(v) => setItem(i, { rectifyDays: v })}
                        path={`${p}.rectifyDays`}
                        label={`${name} 整改天数`}
                        placeholder="不整改"
                        col="rectifyDays"
                      />
                    </td>
                    <td>
                      <button
                        type="button"
                        className={`scheme-tier-toggle ${item.tiers.length ? 'scheme-tier-toggle-has' : ''}`}
                        aria-expanded={expanded}
                        aria-label={`${name} 档位`}
                        data-testid={`item-tiers-${i}`}
                        disabled={readOnly && item.tiers.length === 0}
                        onClick={() => toggle(i)}
                      >
                        {item.tiers.length ? `${item.tiers.length} 档 ${expanded ? '▾' : '▸'}` : readOnly ? '—' : `无 ${expanded ? '▾' : '▸'}`}
                      </button>
                    </td>
                    {!readOnly && (
                      <td className="scheme-row-actions">
                        <button type="button" className="icon-button" title="上移(Alt+↑)" aria-label={`${name} 上移`} disabled={i === 0} onClick={() => move(i, -1)}>
                          ↑
                        </button>
                        <button type="button" className="icon-button" title="下移(Alt+↓)" aria-label={`${name} 下移`} disabled={i === items.length - 1} onClick={() => move(i, 1)}>
                          ↓
                        </button>
                        <button type="button" className="icon-button" title="删除该项" aria-label={`${name} 删除`} onClick={() => remove(i)}>
                          ×
                        </button>
                      </td>
                    )}
                  </tr>
                  {expanded && (
                    <tr className="scheme-tiers-row">
                      <td colSpan={colCount}>
                        <TiersEditor item={item} path={p} name={name} onChange={(tiers) => setItem(i, { tiers })} />
                      </td>
                    </tr>
                  )}
                  {rowErrors.length > 0 && (
                    <tr className="scheme-row-errors" data-testid={`item-errors-${i}`}>
                      <td colSpan={colCount}>
                        {rowErrors.map(([k, m]) => (
                          <div key={k}>{m}</div>
                        ))}
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
            {items.length === 0 && (
              <tr>
                <td colSpan={colCount} className="scheme-empty">
                  还没有检查项。{readOnly ? '' : '点「添加检查项」逐项录入纸质评分表的内容。'}
                </td>
              </tr>
            )}
          </tbody>
          <tfoot>
            <tr>
              <td colSpan={3} className={sumOk ? 'scheme-sum' : 'scheme-sum scheme-sum-bad'} data-testid="items-sum">
                {sum === null
                  ? '分值有误,暂不能合计'
                  : sumOk
                    ? `各项分值合计 ${fmtNum(sum)} 分,等于满分 ${fmtNum(fullScore)} 分`
                    : `各项分值合计 ${fmtNum(sum)} 分,应等于满分 ${fmtNum(fullScore)} 分`}
                {bonusCount > 0 && <span className="muted">(加分项 {bonusCount} 项不计入)</span>}
              </td>
              <td className="num scheme-sum-value">{sum === null ? '' : fmtNum(sum)}</td>
              <td colSpan={colCount - 4} />
            </tr>
          </tfoot>
        </table>
      </div>
      {/* The sum message is the footer's; other group errors (no items at all) are listed here. */}
      {errors.items && !errors.items.startsWith('各项分值合计') && <GroupErrors paths={['items']} />}
      {!readOnly && (
        <div className="scheme-table-actions">
          <button type="button" className="button" data-testid="item-add" onClick={() => focusCell(document.querySelector('[data-testid="items-table"]'), insertAfter(items.length - 1), 'title')}>
            添加检查项
          </button>
          <span className="muted">↑↓ 或 Enter 在行间移动 · Alt+↑/↓ 上移/下移 · Ctrl+Enter 在下方插入一行 · 扣分上限留空即“扣完为止”</span>
        </div>
      )}
    </div>
  );
}

type TierKind = 'fixed' | 'range';

function TiersEditor({ item, path, name, onChange }: { item: SchemeItem; path: string; name: string; onChange(tiers: SchemeTier[]): void }) {
  const { readOnly, errors } = useForm();
  const word = item.bonus ? '加分' : '扣分';
  const setTier = (j: number, tier: SchemeTier) => onChange(item.tiers.map((t, k) => (k === j ? tier : t)));
  const kindOf = (t: SchemeTier): TierKind => (t.points === undefined && (t.pointsMin !== undefined || t.pointsMax !== undefined) ? 'range' : 'fixed');
  const setKind = (j: number, kind: TierKind) => {
    const t = item.tiers[j];
    if (kind === 'fixed') setTier(j, { label: t.label, points: t.pointsMin ?? item.unitDeduction });
    else setTier(j, { label: t.label, pointsMin: t.points ?? item.unitDeduction, pointsMax: t.points ?? item.unitDeduction });
  };
  return (
    <div className="scheme-tiers" data-testid={`tiers-${path}`}>
      <table className="scheme-table scheme-tiers-table">
        <thead>
          <tr>
            <th>档位名称</th>
            <th>取值</th>
            <th className="num">{word}</th>
            <th className="num">最低</th>
            <th className="num">最高</th>
            {!readOnly && <th />}
          </tr>
        </thead>
        <tbody>
          {item.tiers.map((t, j) => {
            const tp = `${path}.tiers.${j}`;
            const kind = kindOf(t);
            return (
              <tr key={j} className={errors[tp] ? 'scheme-row-invalid' : undefined}>
                <td>
                  <TextField value={t.label} onChange={(v) => setTier(j, { ...t, label: v })} path={tp} label={`${name} 第 ${j + 1} 档 名称`} placeholder="如 连续≥50米" />
                </td>
                <td>
                  <SelectField<TierKind>
                    value={kind}
                    onChange={(v) => setKind(j, v)}
                    options={{ fixed: `固定${word}`, range: '范围取值' }}
                    path={`${tp}.kind`}
                    label={`${name} 第 ${j + 1} 档 取值方式`}
                  />
                </td>
                <td>
                  {kind === 'fixed' && (
                    <NumberField value={t.points ?? NaN} onChange={(v) => setTier(j, { label: t.label, points: v ?? NaN })} path={`${tp}.points`} label={`${name} 第 ${j + 1} 档 ${word}`} />
                  )}
                </td>
                <td>
                  {kind === 'range' && (
                    <NumberField
                      value={t.pointsMin ?? NaN}
                      onChange={(v) => setTier(j, { ...t, pointsMin: v ?? NaN })}
                      path={`${tp}.pointsMin`}
                      label={`${name} 第 ${j + 1} 档 最低${word}`}
                    />
                  )}
                </td>
                <td>
                  {kind === 'range' && (
                    <NumberField
                      value={t.pointsMax ?? NaN}
                      onChange={(v) => setTier(j, { ...t, pointsMax: v ?? NaN })}
                      path={`${tp}.pointsMax`}
                      label={`${name} 第 ${j + 1} 档 最高${word}`}
                    />
                  )}
                </td>
                {!readOnly && (
                  <td className="scheme-row-actions">
                    <button type="button" className="icon-button" aria-label={`${name} 删除第 ${j + 1} 档`} title="删除该档" onClick={() => onChange(item.tiers.filter((_, k) => k !== j))}>
                      ×
                    </button>
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      {!readOnly && (
        <div className="scheme-table-actions">
          <button
            type="button"
            className="button"
            data-testid={`tier-add-${path}`}
            disabled={item.tiers.length >= 10}
            onClick={() => onChange([...item.tiers, { label: '', points: item.unitDeduction }])}
          >
            添加档位
          </button>
          <span className="muted">有档位时,录入检查按档位取分(如 每处 2 分、连续≥50米 3 分、整段 5 分);范围档由检查员在范围内取值。没有档位时按“单次扣分”计。</span>
        </div>
      )}
      {readOnly && item.tiers.length === 0 && <span className="muted">没有档位,按单次扣分计。</span>}
    </div>
  );
}
