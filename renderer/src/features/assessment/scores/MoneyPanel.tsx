/**
 * A contract's month in the 按质核拨 tab: the formula in words (what the score, the events and the rate tiers
 * withhold, the cap, the amount payable) and the month's money inputs a supervisor enters in an open month —
 * cases per event kind of the scheme's money rule, the rate metric and its sub-fee when the rule has rate
 * tiers, a note (scores.setMoneyInputs). The result comes back at once and the formula follows it.
 */
import { useEffect, useRef, useState } from 'react';
import type { MonthScores, MoneyRule, PaymentRow } from '../../../../../db/api';
import { call } from '../../../api';
import { status } from '../../../app/status';
import { fmtNum, fmtScore, formulaLines, parseNumber, parseYuan, yuan } from './scoreFormat';

export interface MoneyPanelProps {
  month: string;
  row: PaymentRow;
  rule: MoneyRule | null;
  /** Why the inputs cannot be changed (locked month, role), or null when they can. */
  readOnlyReason: string | null;
  onScores(next: MonthScores): void;
  onClose(): void;
}

interface Form {
  events: Record<string, string>;
  rate: string;
  subFee: string;
  note: string;
}

function formOf(row: PaymentRow): Form {
  return {
    events: Object.fromEntries(Object.keys(row.eventLabels).map((k) => [k, row.events[k] ? String(row.events[k]) : ''])),
    rate: row.rate == null ? '' : fmtNum(row.rate),
    subFee: row.subFeeFen == null ? '' : yuan(row.subFeeFen).replace(/,/g, ''),
    note: row.note ?? '',
  };
}

export function MoneyPanel({ month, row, rule, readOnlyReason, onScores, onClose }: MoneyPanelProps) {
  const [form, setForm] = useState<Form>(() => formOf(row));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const firstRef = useRef<HTMLInputElement>(null);
  const readOnly = readOnlyReason != null;

  useEffect(() => {
    if (!readOnly) firstRef.current?.focus();
  }, [readOnly]);

  const lines = formulaLines(row, rule);
  const kinds = Object.keys(row.eventLabels);

  const setEvent = (kind: string, value: string) => {
    setForm({ ...form, events: { ...form.events, [kind]: value } });
    if (errors[`events.${kind}`]) setErrors({ ...errors, [`events.${kind}`]: '' });
  };
  const setField = (key: 'rate' | 'subFee' | 'note', value: string) => {
    setForm({ ...form, [key]: value });
    const errorKey = key === 'subFee' ? 'subFeeFen' : key;
    if (errors[errorKey]) setErrors({ ...errors, [errorKey]: '' });
  };

  const submit = async () => {
    if (saving || readOnly) return;
    const found: Record<string, string> = {};
    const events: Record<string, number> = {};
    for (const kind of kinds) {
      const text = form.events[kind].trim().replace(/次$/, '');
      if (!text) continue;
      if (!/^\d+$/.test(text) || Number(text) > 99) found[`events.${kind}`] = `“${form.events[kind]}”不是次数:请填 0~99 的整数`;
      else events[kind] = Number(text);
    }
    const rate = row.rateLabel ? parseNumber(form.rate) : null;
    if (rate != null && Number.isNaN(rate)) found.rate = `“${form.rate}”不是比率:请填 0~100 之间的数字,如 23.5`;
    const subFeeFen = row.rateLabel ? parseYuan(form.subFee) : null;
    if (subFeeFen != null && Number.isNaN(subFeeFen)) found.subFeeFen = `“${form.subFee}”不是金额:请填元,最多两位小数,如 12500.00`;
    if (Object.keys(found).length) {
      setErrors(found);
      setFormError('有几项填写不正确,请按红字修改后再保存');
      return;
    }
    setSaving(true);
    setFormError(null);
    status.saveStarted();
    const result = await call('scores.setMoneyInputs', {
      month,
      contractId: row.contractId,
      events,
      rate,
      subFeeFen,
      note: form.note.trim() || null,
    });
    status.saveFinished(result.ok);
    setSaving(false);
    if (result.ok) {
      setErrors({});
      onScores(result.data);
      const after = result.data.payments.find((p) => p.contractId === row.contractId);
      status.notify(
        'info',
        `已保存 ${row.contractNo} 的扣款录入${after?.money ? `:扣款合计 ${yuan(after.money.totalFen)} 元,应付 ${yuan(after.money.payableFen)} 元` : ''}`,
      );
      return;
    }
    setErrors(result.error.fields ?? {});
    setFormError(result.error.message);
    status.notify('error', `${row.contractNo} 的扣款录入未保存:${result.error.message}`);
  };

  const fieldError = (key: string) =>
    errors[key] ? (
      <div className="field-error" data-testid={`money-error-${key}`}>
        {errors[key]}
      </div>
    ) : null;

  return (
    <aside
      className="drawer money-panel"
      aria-label={`按质核拨 ${row.contractNo}`}
      data-testid="money-panel"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <header className="drawer-header">
        <h2 className="drawer-title" title={row.projectName}>
          按质核拨 · {row.contractNo}
        </h2>
        <button type="button" className="icon-button drawer-close" onClick={onClose} title="关闭(Esc)" aria-label="关闭" data-testid="money-close">
          ×
        </button>
      </header>
      <form
        className="drawer-body"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <dl className="facts">
          <dt>项目</dt>
          <dd>{row.projectName}</dd>
          <dt>作业单位</dt>
          <dd>{row.contractorName}</dd>
          <dt>考核细则</dt>
          <dd>{row.schemeName}</dd>
          <dt>考核得分</dt>
          <dd>
            {row.score == null ? '—' : fmtScore(row.score)}
            {row.grade && <span className={row.grade === '优秀' ? ' grade-excellent' : row.grade === '不合格' ? ' grade-fail' : ''}> {row.grade}</span>}
            <span className="muted">(按 {row.units} 个考核对象平均)</span>
          </dd>
        </dl>
        <div className="money-summary" data-testid="money-summary">
          <div>
            <span className="muted">月服务费</span>
            <strong>{yuan(row.feeFen)}</strong>
          </div>
          <div>
            <span className="muted">扣款合计{row.money?.capped ? '(封顶)' : ''}</span>
            <strong className={row.money && row.money.totalFen > 0 ? 'text-error' : ''} data-testid="money-total">
              {yuan(row.money?.totalFen ?? 0)}
            </strong>
          </div>
          <div>
            <span className="muted">应付金额</span>
            <strong data-testid="money-payable">{yuan(row.money?.payableFen ?? row.feeFen)}</strong>
          </div>
        </div>
        <h3 className="section-title">计算过程</h3>
        <ol className="formula" data-testid="money-formula">
          {lines.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ol>

        <h3 className="section-title">本月扣款录入</h3>
        {readOnlyReason && (
          <p className="form-notice" data-testid="money-readonly">
            {readOnlyReason}
          </p>
        )}
        {formError && (
          <p className="form-error" role="alert" data-testid="money-error">
            {formError}
          </p>
        )}
        <fieldset className="plain-fieldset" disabled={readOnly}>
          <div className="form-grid">
            {kinds.map((kind, i) => (
              <div key={kind} className="form-row form-row-long money-event-row">
                <label className="form-label" htmlFor={`money-event-${kind}`}>
                  {row.eventLabels[kind]}
                </label>
                <div className="input-with-unit">
                  <input
                    id={`money-event-${kind}`}
                    ref={i === 0 ? firstRef : undefined}
                    className={errors[`events.${kind}`] ? 'input input-error' : 'input'}
                    inputMode="numeric"
                    value={form.events[kind]}
                    placeholder="0"
                    onChange={(e) => setEvent(kind, e.target.value)}
                    data-testid={`money-event-${kind}`}
                  />
                  <span className="unit">次</span>
                </div>
                {fieldError(`events.${kind}`)}
              </div>
            ))}
            {row.rateLabel && (
              <>
                <div className="form-row">
                  <label className="form-label" htmlFor="money-rate">
                    {row.rateLabel}(%)
                  </label>
                  <input
                    id="money-rate"
                    className={errors.rate ? 'input input-error' : 'input'}
                    inputMode="decimal"
                    value={form.rate}
                    onChange={(e) => setField('rate', e.target.value)}
                    data-testid="money-rate"
                  />
                  {fieldError('rate')}
                </div>
                <div className="form-row">
                  <label className="form-label" htmlFor="money-subfee">
                    {row.subFeeLabel ?? '分项费用'}(元)
                  </label>
                  <input
                    id="money-subfee"
                    className={errors.subFeeFen ? 'input input-error' : 'input'}
                    inputMode="decimal"
                    value={form.subFee}
                    onChange={(e) => setField('subFee', e.target.value)}
                    data-testid="money-subfee"
                  />
                  {fieldError('subFeeFen')}
                </div>
                {rule?.rateTiers && (
                  <div className="form-row form-row-long field-hint">
                    {rule.rateTiers.metricLabel}低于{' '}
                    {[...rule.rateTiers.tiers]
                      .sort((a, b) => b.below - a.below)
                      .map((t) => `${fmtNum(t.below)}% 扣 ${fmtNum(t.pct)}%`)
                      .join(',')}
                    (取最低一档)
                  </div>
                )}
              </>
            )}
            <div className="form-row form-row-long">
              <label className="form-label" htmlFor="money-note">
                备注(事件经过、文号)
              </label>
              <textarea
                id="money-note"
                className="input"
                rows={2}
                maxLength={500}
                value={form.note}
                onChange={(e) => setField('note', e.target.value)}
                data-testid="money-note"
              />
            </div>
          </div>
        </fieldset>
        <div className="drawer-actions">
          <button type="submit" className="button button-primary" disabled={readOnly || saving} data-testid="money-save">
            {saving ? '保存中…' : '保存(审核员)'}
          </button>
          <button type="button" className="button" onClick={onClose}>
            关闭
          </button>
        </div>
      </form>
    </aside>
  );
}
