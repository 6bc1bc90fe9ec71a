/**
 * The sections of one scheme version: 基本信息, 检查项, 分项权重, 逾期整改扣分, 等级, 扣款规则 (按质核拨), 排名规则. Edits go to `onChange`
 * as a whole new definition; errors and read-only come from FormContext.
 */
import { useRef, type ReactNode } from 'react';
import type { GradeBand, MoneyRule, RateTierRule, SchemeComponent, SchemeDefinition } from '../../../../../db/api';
import { CheckField, ExampleLine, FormRow, GroupErrors, NumberField, SelectField, TextField, useForm } from './fields';
import { ItemsTable } from './ItemsTable';
import { OverdueEditor } from './OverdueEditor';
import { RankingEditor } from './RankingEditor';
import { DEFAULT_MONEY, fmtNum, moneyExampleText, nextKey, sortedBands, weightsSum } from './model';

export interface SchemeEditorProps {
  def: SchemeDefinition;
  onChange(def: SchemeDefinition): void;
  /** The family exists: its target type is fixed (inspections were scored on that kind of target). */
  targetFixed: boolean;
}

export const SECTIONS = [
  { id: 'basic', label: '基本信息' },
  { id: 'items', label: '检查项' },
  { id: 'components', label: '分项权重' },
  { id: 'overdue', label: '逾期扣分' },
  { id: 'grades', label: '等级' },
  { id: 'money', label: '扣款规则' },
  { id: 'ranking', label: '排名规则' },
] as const;

export function Section({ id, title, extra, children }: { id: string; title: string; extra?: ReactNode; children: ReactNode }) {
  return (
    <section className="scheme-section" id={`scheme-${id}`} data-testid={`section-${id}`}>
      <div className="scheme-section-head">
        <h3 className="scheme-section-title">{title}</h3>
        {extra}
      </div>
      {children}
    </section>
  );
}

const AGGREGATION_HINT = {
  meanOfInspections: '一个对象当月被检查多次时,月度得分取各次检查得分的平均值。',
  deductAllFromFull: '当月各次检查发现的问题合在一起,从一个满分中扣除(各项仍按扣分上限封顶)。',
} as const;

export function SchemeEditor({ def, onChange, targetFixed }: SchemeEditorProps) {
  const { readOnly, vocab } = useForm();
  const set = <K extends keyof SchemeDefinition>(key: K, value: SchemeDefinition[K]) => onChange({ ...def, [key]: value });
  return (
    <>
      <Section id="basic" title="基本信息">
        <div className="form-grid scheme-basic">
          <FormRow label="细则名称" htmlFor="scheme-name" path="name" long>
            <TextField id="scheme-name" value={def.name} onChange={(v) => set('name', v)} path="name" label="细则名称" placeholder="如 公共厕所月度考核细则" />
          </FormRow>
          <FormRow
            label="考核对象"
            htmlFor="scheme-target"
            path="targetType"
            hint={targetFixed ? '已建立的细则不能改考核对象(已有检查按原对象评分);需要时请复制为新细则。' : undefined}
          >
            <SelectField id="scheme-target" value={def.targetType} onChange={(v) => set('targetType', v)} options={vocab?.scheme.targetType} path="targetType" label="考核对象" disabled={targetFixed} />
          </FormRow>
          <FormRow label="行业类别" htmlFor="scheme-category" path="category">
            <SelectField id="scheme-category" value={def.category} onChange={(v) => set('category', v)} options={vocab?.scheme.category} path="category" label="行业类别" />
          </FormRow>
          <FormRow label="满分" path="fullScore">
            <NumberField value={def.fullScore} onChange={(v) => set('fullScore', v ?? NaN)} path="fullScore" label="满分" />
          </FormRow>
          <FormRow label="加分上限" path="bonusCap" hint="加分项一次检查最多加的分;没有加分项填 0。">
            <NumberField value={def.bonusCap} onChange={(v) => set('bonusCap', v ?? NaN)} path="bonusCap" label="加分上限" />
          </FormRow>
          <FormRow label="生效日期" htmlFor="scheme-from" path="effectiveFrom">
            <TextField id="scheme-from" value={def.effectiveFrom} onChange={(v) => set('effectiveFrom', v)} path="effectiveFrom" label="生效日期" placeholder="YYYY-MM-DD" />
          </FormRow>
          <FormRow label="截止日期" htmlFor="scheme-to" path="effectiveTo" hint="留空表示长期有效。">
            <TextField
              id="scheme-to"
              value={def.effectiveTo ?? ''}
              onChange={(v) => set('effectiveTo', v.trim() === '' ? null : v)}
              path="effectiveTo"
              label="截止日期"
              placeholder="长期有效"
            />
          </FormRow>
          <FormRow label="月度汇总" path="aggregation" long>
            <div className="scheme-radios" role="radiogroup" aria-label="月度汇总" data-path="aggregation">
              {(['meanOfInspections', 'deductAllFromFull'] as const).map((rule) => (
                <label key={rule} className="scheme-radio">
                  <input type="radio" name="scheme-aggregation" checked={def.aggregation === rule} disabled={readOnly} onChange={() => set('aggregation', rule)} />
                  <span className="scheme-radio-label">{vocab?.scheme.aggregation[rule] ?? rule}</span>
                  <span className="muted">{AGGREGATION_HINT[rule]}</span>
                </label>
              ))}
            </div>
          </FormRow>
          <FormRow label="说明(依据文件、备注)" htmlFor="scheme-notes" path="notes" long>
            <textarea
              id="scheme-notes"
              className="input scheme-notes"
              rows={readOnly ? 3 : 2}
              value={def.notes}
              readOnly={readOnly}
              data-path="notes"
              onChange={(e) => set('notes', e.target.value)}
            />
          </FormRow>
        </div>
      </Section>

      <Section id="items" title={`检查项(${def.items.length} 项)`}>
        <ItemsTable items={def.items} fullScore={def.fullScore} onChange={(items) => set('items', items)} />
      </Section>

      <Section id="components" title="分项权重">
        <ComponentsTable components={def.components} onChange={(c) => set('components', c)} />
      </Section>

      <Section id="overdue" title="逾期整改扣分">
        <OverdueEditor
          rule={def.overduePenalty}
          onChange={(overduePenalty) => {
            // Absent when off (as the shipped defaults): an existing scheme saved unchanged keeps its exact definition.
            const { overduePenalty: _old, ...rest } = def;
            onChange(overduePenalty ? { ...rest, overduePenalty } : rest);
          }}
        />
      </Section>

      <Section id="grades" title="等级">
        <GradeBandsTable bands={def.gradeBands} onChange={(b) => set('gradeBands', b)} />
      </Section>

      <Section id="money" title="扣款规则(按质核拨)">
        <MoneyEditor money={def.money} fullScore={def.fullScore} onChange={(m) => set('money', m)} />
      </Section>

      <Section id="ranking" title="排名规则">
        <RankingEditor
          ranking={def.ranking}
          bands={def.gradeBands}
          onChange={(ranking) => {
            // Absent, not undefined: a scheme on the defaults stores no ranking block at all.
            const { ranking: _old, ...rest } = def;
            onChange(ranking ? { ...rest, ranking } : rest);
          }}
        />
      </Section>
    </>
  );
}

function ComponentsTable({ components, onChange }: { components: SchemeComponent[]; onChange(c: SchemeComponent[]): void }) {
  const { readOnly, vocab } = useForm();
  const setC = (i: number, patch: Partial<SchemeComponent>) => onChange(components.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  const sum = weightsSum(components);
  const ok = sum === 100;
  return (
    <div data-path-group="components">
      <table className="scheme-table scheme-small-table" data-testid="components-table">
        <colgroup>
          <col style={{ width: 130 }} />
          <col style={{ width: 200 }} />
          <col style={{ width: 90 }} />
          <col style={{ width: 130 }} />
          {!readOnly && <col style={{ width: 40 }} />}
        </colgroup>
        <thead>
          <tr>
            <th title="英文标识,月度成绩和导出用">标识</th>
            <th>名称</th>
            <th className="num">权重(%)</th>
            <th>来源</th>
            {!readOnly && <th />}
          </tr>
        </thead>
        <tbody>
          {components.map((c, i) => {
            const p = `components.${i}`;
            const name = c.label.trim() || `第 ${i + 1} 部分`;
            return (
              <tr key={i}>
                <td>
                  <TextField value={c.key} onChange={(v) => setC(i, { key: v })} path={`${p}.key`} label={`${name} 标识`} />
                </td>
                <td>
                  <TextField value={c.label} onChange={(v) => setC(i, { label: v })} path={`${p}.label`} label={`第 ${i + 1} 部分 名称`} />
                </td>
                <td>
                  <NumberField value={c.weight} onChange={(v) => setC(i, { weight: v ?? NaN })} path={`${p}.weight`} label={`${name} 权重`} />
                </td>
                <td>
                  <SelectField value={c.source} onChange={(v) => setC(i, { source: v })} options={vocab?.scheme.componentSource} path={`${p}.source`} label={`${name} 来源`} />
                </td>
                {!readOnly && (
                  <td className="scheme-row-actions">
                    <button type="button" className="icon-button" aria-label={`${name} 删除`} title="删除" onClick={() => onChange(components.filter((_, j) => j !== i))}>
                      ×
                    </button>
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={2} className={ok ? 'scheme-sum' : 'scheme-sum scheme-sum-bad'} data-testid="weights-sum">
              {sum === null ? '权重有误,暂不能合计' : ok ? '权重合计 100%' : `权重合计 ${fmtNum(sum)}%,应为 100%`}
            </td>
            <td className="num scheme-sum-value">{sum === null ? '' : `${fmtNum(sum)}%`}</td>
            <td colSpan={readOnly ? 1 : 2} />
          </tr>
        </tfoot>
      </table>
      <PerComponentErrors count={components.length} />
      <GroupErrors paths={['components']} />
      {!readOnly && (
        <div className="scheme-table-actions">
          <button
            type="button"
            className="button"
            disabled={components.length >= 8}
            onClick={() => onChange([...components, { key: nextKey('part', components.map((c) => c.key)), label: '', weight: 0, source: 'manual' }])}
          >
            添加组成部分
          </button>
          <span className="muted">月度得分 = Σ 各部分得分 × 权重。现场检查按月度汇总规则取分;整改反馈 = 满分 × 按期整改数 ÷ 到期整改数;人工录入由审核员按月填写(如群众满意度)。</span>
        </div>
      )}
    </div>
  );
}

/** Field errors of the small tables, listed under them (the cell only turns red). */
function PerComponentErrors({ count }: { count: number }) {
  const { errors } = useForm();
  const paths = Object.keys(errors).filter((k) => /^components\.\d+\./.test(k) && Number(k.split('.')[1]) < count);
  return <GroupErrors paths={paths} />;
}

function GradeBandsTable({ bands, onChange }: { bands: GradeBand[]; onChange(b: GradeBand[]): void }) {
  const { readOnly, errors } = useForm();
  const tableRef = useRef<HTMLTableElement>(null);
  const setB = (i: number, patch: Partial<GradeBand>) => onChange(bands.map((b, j) => (j === i ? { ...b, ...patch } : b)));
  // Sorted when the lower bound is left (sorting while typing would move the row under the cursor).
  const sortIfNeeded = () => {
    const sorted = sortedBands(bands);
    if (sorted.some((b, i) => b !== bands[i])) onChange(sorted);
  };
  const fieldErrors = Object.keys(errors).filter((k) => /^gradeBands\.\d+\./.test(k));
  return (
    <div data-path-group="gradeBands">
      <table className="scheme-table scheme-small-table" ref={tableRef} data-testid="grades-table">
        <colgroup>
          <col style={{ width: 160 }} />
          <col style={{ width: 110 }} />
          <col style={{ width: 200 }} />
          {!readOnly && <col style={{ width: 40 }} />}
        </colgroup>
        <thead>
          <tr>
            <th>等级</th>
            <th className="num">下限(分)</th>
            <th>得分范围</th>
            {!readOnly && <th />}
          </tr>
        </thead>
        <tbody
          onBlur={(e) => {
            if (!e.currentTarget.contains(e.relatedTarget as Node | null)) sortIfNeeded();
          }}
        >
          {bands.map((b, i) => {
            const sorted = sortedBands(bands);
            const k = sorted.indexOf(b);
            const upper = k > 0 ? sorted[k - 1].min : null;
            const range = !Number.isFinite(b.min) ? '' : upper === null ? `≥ ${fmtNum(b.min)}` : `${fmtNum(b.min)} ≤ 得分 < ${fmtNum(upper)}`;
            const name = b.grade.trim() || `第 ${i + 1} 个等级`;
            return (
              <tr key={i}>
                <td>
                  <TextField value={b.grade} onChange={(v) => setB(i, { grade: v })} path={`gradeBands.${i}.grade`} label={`第 ${i + 1} 个等级 名称`} />
                </td>
                <td>
                  <NumberField value={b.min} onChange={(v) => setB(i, { min: v ?? NaN })} path={`gradeBands.${i}.min`} label={`${name} 下限`} />
                </td>
                <td className="muted">{range}</td>
                {!readOnly && (
                  <td className="scheme-row-actions">
                    <button type="button" className="icon-button" aria-label={`${name} 删除`} title="删除" onClick={() => onChange(bands.filter((_, j) => j !== i))}>
                      ×
                    </button>
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      <GroupErrors paths={[...fieldErrors, 'gradeBands']} />
      {!readOnly && (
        <div className="scheme-table-actions">
          <button type="button" className="button" disabled={bands.length >= 10} onClick={() => onChange([...bands, { grade: '', min: 0 }])}>
            添加等级
          </button>
          <span className="muted">下限含本数,按四舍五入到两位小数的得分评定;离开下限栏后按分数从高到低排列。</span>
        </div>
      )}
    </div>
  );
}

function MoneyEditor({ money, fullScore, onChange }: { money: MoneyRule | null; fullScore: number; onChange(m: MoneyRule | null): void }) {
  const { readOnly, vocab, errors } = useForm();
  // The rule switched off and on again within one edit comes back as it was.
  const lastRef = useRef<MoneyRule | null>(money);
  if (money) lastRef.current = money;
  const set = <K extends keyof MoneyRule>(key: K, value: MoneyRule[K]) => money && onChange({ ...money, [key]: value });
  const toggle = (
    <CheckField
      checked={money !== null}
      onChange={(on) => onChange(on ? (lastRef.current ?? { ...DEFAULT_MONEY, passMark: Math.min(DEFAULT_MONEY.passMark, Number.isFinite(fullScore) ? fullScore : 100) }) : null)}
      path="money"
      label="按质核拨扣款"
      testId="money-enabled"
    >
      按得分从月服务费中扣款
    </CheckField>
  );
  if (!money) {
    return (
      <div className="scheme-money-off">
        {toggle}
        <p className="muted">不按质核拨:月度成绩只用于排名和等级,不计算扣款。</p>
      </div>
    );
  }
  const eventErrors = Object.keys(errors).filter((k) => k.startsWith('money.events.'));
  const tierErrors = Object.keys(errors).filter((k) => k.startsWith('money.rateTiers'));
  return (
    <div className="scheme-money">
      {toggle}
      <div className="form-grid scheme-money-grid">
        <FormRow label="合格线(分)" path="money.passMark" hint="得分不低于合格线不扣款(含本数)。">
          <NumberField value={money.passMark} onChange={(v) => set('passMark', v ?? NaN)} path="money.passMark" label="合格线" testId="money-passMark" />
        </FormRow>
        <FormRow label="每低 1 分扣(% 月服务费)" path="money.pctPerPoint">
          <NumberField value={money.pctPerPoint} onChange={(v) => set('pctPerPoint', v ?? NaN)} path="money.pctPerPoint" label="每低 1 分扣款比例" testId="money-pctPerPoint" />
        </FormRow>
        <FormRow label="月扣款上限(% 月服务费)" path="money.capPct" hint="质量、事件和比率扣款合计不超过此比例。">
          <NumberField value={money.capPct} onChange={(v) => set('capPct', v ?? NaN)} path="money.capPct" label="月扣款上限" testId="money-capPct" />
        </FormRow>
        <FormRow label="分差计算" path="money.shortfallMode" long>
          <div className="scheme-radios scheme-radios-inline" role="radiogroup" aria-label="分差计算" data-path="money.shortfallMode">
            {(['exact', 'ceil', 'floor'] as const).map((mode) => (
              <label key={mode} className="scheme-radio">
                <input type="radio" name="scheme-shortfall" checked={money.shortfallMode === mode} disabled={readOnly} onChange={() => set('shortfallMode', mode)} />
                <span>{vocab?.scheme.shortfallMode[mode] ?? mode}</span>
              </label>
            ))}
          </div>
        </FormRow>
      </div>
      <ExampleLine testId="money-example">{moneyExampleText(money)}</ExampleLine>

      <h4 className="scheme-subtitle">事件扣款(每次扣月服务费的百分比)</h4>
      <table className="scheme-table scheme-small-table" data-testid="events-table" data-path-group="money.events">
        <colgroup>
          <col style={{ width: 150 }} />
          <col style={{ width: 300 }} />
          <col style={{ width: 90 }} />
          {!readOnly && <col style={{ width: 40 }} />}
        </colgroup>
        <thead>
          <tr>
            <th>标识</th>
            <th>事件</th>
            <th className="num">每次扣(%)</th>
            {!readOnly && <th />}
          </tr>
        </thead>
        <tbody>
          {money.events.map((e, i) => {
            const p = `money.events.${i}`;
            const name = e.label.trim() || `第 ${i + 1} 类事件`;
            const setE = (patch: Partial<typeof e>) => set('events', money.events.map((x, j) => (j === i ? { ...x, ...patch } : x)));
            return (
              <tr key={i}>
                <td>
                  <TextField value={e.kind} onChange={(v) => setE({ kind: v })} path={`${p}.kind`} label={`${name} 标识`} />
                </td>
                <td>
                  <TextField value={e.label} onChange={(v) => setE({ label: v })} path={`${p}.label`} label={`第 ${i + 1} 类事件 名称`} placeholder="如 投诉未按时整改" />
                </td>
                <td>
                  <NumberField value={e.pct} onChange={(v) => setE({ pct: v ?? NaN })} path={`${p}.pct`} label={`${name} 每次扣款比例`} />
                </td>
                {!readOnly && (
                  <td className="scheme-row-actions">
                    <button type="button" className="icon-button" aria-label={`${name} 删除`} title="删除" onClick={() => set('events', money.events.filter((_, j) => j !== i))}>
                      ×
                    </button>
                  </td>
                )}
              </tr>
            );
          })}
          {money.events.length === 0 && (
            <tr>
              <td colSpan={readOnly ? 3 : 4} className="scheme-empty">
                没有事件扣款。
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <GroupErrors paths={eventErrors} />
      {!readOnly && (
        <div className="scheme-table-actions">
          <button
            type="button"
            className="button"
            disabled={money.events.length >= 20}
            onClick={() => set('events', [...money.events, { kind: nextKey('event', money.events.map((e) => e.kind)), label: '', pct: 0 }])}
          >
            添加事件
          </button>
          <span className="muted">如 投诉未按时整改每件 2%、县级通报批评 10%、市级及以上 20%。</span>
        </div>
      )}

      <h4 className="scheme-subtitle">按比率分档扣款</h4>
      <RateTiersEditor rule={money.rateTiers} onChange={(r) => set('rateTiers', r)} />
      <GroupErrors paths={tierErrors} />
    </div>
  );
}

function RateTiersEditor({ rule, onChange }: { rule: RateTierRule | null; onChange(r: RateTierRule | null): void }) {
  const { readOnly } = useForm();
  const lastRef = useRef<RateTierRule | null>(rule);
  if (rule) lastRef.current = rule;
  const toggle = (
    <CheckField
      checked={rule !== null}
      onChange={(on) =>
        onChange(on ? (lastRef.current ?? { metricLabel: '厨余垃圾分出率', subFeeLabel: '分类督导及宣传费', tiers: [{ below: 25, pct: 10 }] }) : null)
      }
      path="money.rateTiers"
      label="按比率分档扣款"
      testId="rate-tiers-enabled"
    >
      按某项比率(如 厨余垃圾分出率)分档扣一项分项费用
    </CheckField>
  );
  if (!rule) return toggle;
  const setTier = (i: number, patch: Partial<RateTierRule['tiers'][number]>) => onChange({ ...rule, tiers: rule.tiers.map((t, j) => (j === i ? { ...t, ...patch } : t)) });
  return (
    <div className="scheme-rate-tiers" data-path-group="money.rateTiers.tiers">
      {toggle}
      <div className="form-grid scheme-money-grid">
        <FormRow label="考核指标" htmlFor="rate-metric" path="money.rateTiers.metricLabel">
          <TextField id="rate-metric" value={rule.metricLabel} onChange={(v) => onChange({ ...rule, metricLabel: v })} path="money.rateTiers.metricLabel" label="考核指标" />
        </FormRow>
        <FormRow label="扣款的分项费用" htmlFor="rate-subfee" path="money.rateTiers.subFeeLabel">
          <TextField id="rate-subfee" value={rule.subFeeLabel} onChange={(v) => onChange({ ...rule, subFeeLabel: v })} path="money.rateTiers.subFeeLabel" label="扣款的分项费用" />
        </FormRow>
      </div>
      <table className="scheme-table scheme-small-table">
        <colgroup>
          <col style={{ width: 150 }} />
          <col style={{ width: 180 }} />
          {!readOnly && <col style={{ width: 40 }} />}
        </colgroup>
        <thead>
          <tr>
            <th className="num">{rule.metricLabel || '比率'}低于(%)</th>
            <th className="num">扣{rule.subFeeLabel || '分项费用'}(%)</th>
            {!readOnly && <th />}
          </tr>
        </thead>
        <tbody>
          {rule.tiers.map((t, i) => (
            <tr key={i}>
              <td>
                <NumberField value={t.below} onChange={(v) => setTier(i, { below: v ?? NaN })} path={`money.rateTiers.tiers.${i}.below`} label={`第 ${i + 1} 档 比率界限`} />
              </td>
              <td>
                <NumberField value={t.pct} onChange={(v) => setTier(i, { pct: v ?? NaN })} path={`money.rateTiers.tiers.${i}.pct`} label={`第 ${i + 1} 档 扣款比例`} />
              </td>
              {!readOnly && (
                <td className="scheme-row-actions">
                  <button type="button" className="icon-button" aria-label={`删除第 ${i + 1} 档`} title="删除" onClick={() => onChange({ ...rule, tiers: rule.tiers.filter((_, j) => j !== i) })}>
                    ×
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {!readOnly && (
        <div className="scheme-table-actions">
          <button type="button" className="button" disabled={rule.tiers.length >= 10} onClick={() => onChange({ ...rule, tiers: [...rule.tiers, { below: 0, pct: 0 }] })}>
            添加一档
          </button>
          <span className="muted">比率低于多档界限时取界限最低的一档,如 低于 25% 扣 10%、低于 24% 扣 20%……</span>
        </div>
      )}
    </div>
  );
}
