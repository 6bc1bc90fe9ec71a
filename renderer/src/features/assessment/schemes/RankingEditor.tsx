/**
 * 排名规则 of a scheme (DOMAIN §3.7–3.10): the exposure line, the consequences over months (不合格 two months
 * running → 约谈 …), composite groups, targets left out of the rank and the year's extras. A scheme without the
 * block ranks by the defaults (shown in words); 自定义 starts from a copy of them.
 */
import { useRef } from 'react';
import type { CompositeGroup, ConsequenceRule, GradeBand, RankingRule } from '../../../../../db/api';
import { CheckField, FormRow, GroupErrors, IdsField, NumberField, SelectField, TextField, useForm } from './fields';
import { fmtNum, rankingParts, sortedBands, weightsSum } from './model';

export function RankingEditor({ ranking, bands, onChange }: { ranking: RankingRule | undefined; bands: GradeBand[]; onChange(r: RankingRule | undefined): void }) {
  const { vocab } = useForm();
  // Back to the defaults and custom again within one edit: the custom rule comes back as it was.
  const lastRef = useRef<RankingRule | undefined>(ranking);
  if (ranking) lastRef.current = ranking;
  // The default rule comes from the host (schemes.vocabulary), so the editor and the ranking never disagree.
  const defaults = vocab?.defaultRanking;
  const toggle = (
    <CheckField
      checked={!ranking}
      onChange={(useDefault) => {
        if (useDefault) onChange(undefined);
        else if (lastRef.current ?? defaults) onChange(lastRef.current ?? structuredClone(defaults));
      }}
      path="ranking"
      label="使用默认规则"
      testId="ranking-default"
    >
      使用默认规则
    </CheckField>
  );
  const summary = (
    <p className="scheme-example" data-testid="ranking-summary">
      <span className="scheme-example-label">{ranking ? '规则' : '默认规则'}</span>
      {ranking ? rankingParts(ranking, bands, vocab).join(';') : defaults ? rankingParts(defaults, bands, vocab).join(';') : '读取中…'}
    </p>
  );
  if (!ranking) {
    return (
      <div className="scheme-money-off">
        {toggle}
        {summary}
        <p className="muted">默认:不设曝光线;后果按本细则最低的等级计;单位得分取各对象平均;全部对象参与排名;年度得分取各季度平均。</p>
      </div>
    );
  }
  const set = <K extends keyof RankingRule>(key: K, value: RankingRule[K]) => onChange({ ...ranking, [key]: value });
  return (
    <div className="scheme-money">
      {toggle}
      <div className="form-grid scheme-money-grid">
        <FormRow label="曝光线(分)" path="ranking.exposureBelow" hint={ranking.exposureBelow === null ? '留空:不设曝光线。' : `低于 ${fmtNum(ranking.exposureBelow)} 分的在通报中点名。`}>
          <NumberField value={ranking.exposureBelow} nullable onChange={(v) => set('exposureBelow', v)} path="ranking.exposureBelow" label="曝光线" placeholder="不设" testId="ranking-exposureBelow" />
        </FormRow>
        <FormRow label="年度加分项权重(%)" path="ranking.yearExtrasWeight" hint="年度得分 = 季度平均 ×(100 − 权重)% + 加分项 × 权重%;不计加分项填 0。">
          <NumberField value={ranking.yearExtrasWeight} onChange={(v) => set('yearExtrasWeight', v ?? NaN)} path="ranking.yearExtrasWeight" label="年度加分项权重" testId="ranking-yearExtrasWeight" />
        </FormRow>
        <FormRow label="年度加分项名称" htmlFor="ranking-extras-label" path="ranking.yearExtrasLabel">
          <TextField id="ranking-extras-label" value={ranking.yearExtrasLabel} onChange={(v) => set('yearExtrasLabel', v)} path="ranking.yearExtrasLabel" label="年度加分项名称" placeholder="如 创新、荣誉及宣传" />
        </FormRow>
      </div>
      {summary}

      <h4 className="scheme-subtitle">连续或累计的后果</h4>
      <ConsequencesTable rules={ranking.consequences} bands={bands} onChange={(c) => set('consequences', c)} />

      <h4 className="scheme-subtitle">综合得分分组(单位由多个对象组成时加权)</h4>
      <CompositeTable groups={ranking.composite} onChange={(g) => set('composite', g)} />

      <div className="form-grid scheme-money-grid">
        <FormRow label="不参与排名的对象(编号)" path="ranking.unrankedTargetIds" long hint="这些对象在排名表中只列得分、不排名次(如 村排名中的干线道路)。编号用逗号分隔。">
          <IdsField value={ranking.unrankedTargetIds} onChange={(ids) => set('unrankedTargetIds', ids)} path="ranking.unrankedTargetIds" label="不参与排名的对象" testId="ranking-unranked" />
        </FormRow>
      </div>
    </div>
  );
}

function ConsequencesTable({ rules, bands, onChange }: { rules: ConsequenceRule[]; bands: GradeBand[]; onChange(r: ConsequenceRule[]): void }) {
  const { readOnly, vocab, errors } = useForm();
  const setR = (i: number, patch: Partial<ConsequenceRule>) => onChange(rules.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const bandGrades = [...new Set(sortedBands(bands).map((b) => b.grade.trim()).filter(Boolean))];
  const lowest = bandGrades[bandGrades.length - 1] ?? '最低等级';
  const fieldErrors = Object.keys(errors).filter((k) => k.startsWith('ranking.consequences.'));
  return (
    <div data-path-group="ranking.consequences">
      <table className="scheme-table scheme-small-table" data-testid="consequences-table">
        <colgroup>
          <col style={{ width: 130 }} />
          <col style={{ width: 80 }} />
          <col style={{ width: 300 }} />
          <col style={{ width: 130 }} />
          {!readOnly && <col style={{ width: 40 }} />}
        </colgroup>
        <thead>
          <tr>
            <th>计算方式</th>
            <th className="num">月数</th>
            <th title="不勾选:按本细则最低的等级计">等级</th>
            <th>后果</th>
            {!readOnly && <th />}
          </tr>
        </thead>
        <tbody>
          {rules.map((r, i) => {
            const p = `ranking.consequences.${i}`;
            const name = `第 ${i + 1} 条`;
            // A grade renamed since the rule was written stays listed, so that it can be unticked.
            const options = [...bandGrades, ...r.grades.filter((g) => !bandGrades.includes(g.trim()))];
            return (
              <tr key={i} data-testid={`consequence-${i}`}>
                <td>
                  <SelectField value={r.window} onChange={(v) => setR(i, { window: v })} options={vocab?.scheme.consequenceWindow} path={`${p}.window`} label={`${name} 计算方式`} />
                </td>
                <td>
                  <NumberField value={r.months} onChange={(v) => setR(i, { months: v ?? NaN })} path={`${p}.months`} label={`${name} 月数`} />
                </td>
                <td>
                  {readOnly ? (
                    <span className="scheme-static" data-path={`${p}.grades`}>
                      {r.grades.length ? r.grades.join('、') : `${lowest}(最低等级)`}
                    </span>
                  ) : (
                    <div className="scheme-grade-checks" data-path={`${p}.grades`} role="group" aria-label={`${name} 等级`}>
                      {options.map((g) => (
                        <CheckField
                          key={g}
                          checked={r.grades.some((x) => x.trim() === g.trim())}
                          onChange={(on) => setR(i, { grades: on ? [...r.grades, g] : r.grades.filter((x) => x.trim() !== g.trim()) })}
                          path={`${p}.grades`}
                          label={`${name} ${g}`}
                        >
                          {g}
                        </CheckField>
                      ))}
                      {r.grades.length === 0 && <span className="muted">未勾选:按{lowest}</span>}
                    </div>
                  )}
                </td>
                <td>
                  <SelectField value={r.consequence} onChange={(v) => setR(i, { consequence: v })} options={vocab?.scheme.consequence} path={`${p}.consequence`} label={`${name} 后果`} />
                </td>
                {!readOnly && (
                  <td className="scheme-row-actions">
                    <button type="button" className="icon-button" aria-label={`${name}后果规则 删除`} title="删除" onClick={() => onChange(rules.filter((_, j) => j !== i))}>
                      ×
                    </button>
                  </td>
                )}
              </tr>
            );
          })}
          {rules.length === 0 && (
            <tr>
              <td colSpan={readOnly ? 4 : 5} className="scheme-empty">
                没有后果规则。
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <GroupErrors paths={fieldErrors} />
      {!readOnly && (
        <div className="scheme-table-actions">
          <button
            type="button"
            className="button"
            disabled={rules.length >= 10}
            onClick={() => onChange([...rules, { consequence: 'summoned', grades: [], months: 2, window: 'consecutive' }])}
          >
            添加后果规则
          </button>
          <span className="muted">如 连续 2 个月不合格约谈、一年内累计 3 个月不合格解约审查;月数含当月。</span>
        </div>
      )}
    </div>
  );
}

function CompositeTable({ groups, onChange }: { groups: CompositeGroup[]; onChange(g: CompositeGroup[]): void }) {
  const { readOnly, vocab, errors } = useForm();
  const fieldErrors = Object.keys(errors).filter((k) => k.startsWith('ranking.composite.'));
  const setG = (i: number, patch: Partial<CompositeGroup>) => onChange(groups.map((g, j) => (j === i ? { ...g, ...patch } : g)));
  const typeOptions: Record<string, string> = { '': '不限(其余对象)', ...(vocab?.scheme.targetType ?? {}) };
  const sum = weightsSum(groups);
  const ok = sum === 100;
  return (
    <div data-path-group="ranking.composite">
      <table className="scheme-table scheme-small-table" data-testid="composite-table">
        <colgroup>
          <col style={{ width: 160 }} />
          <col style={{ width: 90 }} />
          <col style={{ width: 150 }} />
          <col style={{ width: 220 }} />
          {!readOnly && <col style={{ width: 40 }} />}
        </colgroup>
        <thead>
          <tr>
            <th>分组名称</th>
            <th className="num">权重(%)</th>
            <th>对象类型</th>
            <th title="高级:指定对象编号,优先于对象类型">对象编号</th>
            {!readOnly && <th />}
          </tr>
        </thead>
        <tbody>
          {groups.map((g, i) => {
            const p = `ranking.composite.${i}`;
            const name = g.label.trim() || `第 ${i + 1} 组`;
            return (
              <tr key={i}>
                <td>
                  <TextField value={g.label} onChange={(v) => setG(i, { label: v })} path={`${p}.label`} label={`第 ${i + 1} 组 名称`} placeholder="如 村" />
                </td>
                <td>
                  <NumberField value={g.weight} onChange={(v) => setG(i, { weight: v ?? NaN })} path={`${p}.weight`} label={`${name} 权重`} />
                </td>
                <td>
                  <SelectField<string>
                    value={g.targetType ?? ''}
                    onChange={(v) => setG(i, { targetType: v === '' ? null : (v as CompositeGroup['targetType']) })}
                    options={typeOptions}
                    path={`${p}.targetType`}
                    label={`${name} 对象类型`}
                  />
                </td>
                <td>
                  <IdsField value={g.targetIds} onChange={(ids) => setG(i, { targetIds: ids })} path={`${p}.targetIds`} label={`${name} 对象编号`} />
                </td>
                {!readOnly && (
                  <td className="scheme-row-actions">
                    <button type="button" className="icon-button" aria-label={`${name} 删除`} title="删除" onClick={() => onChange(groups.filter((_, j) => j !== i))}>
                      ×
                    </button>
                  </td>
                )}
              </tr>
            );
          })}
          {groups.length === 0 && (
            <tr>
              <td colSpan={readOnly ? 4 : 5} className="scheme-empty">
                不分组:单位得分取各对象平均。
              </td>
            </tr>
          )}
        </tbody>
        {groups.length > 0 && (
          <tfoot>
            <tr>
              <td className={ok ? 'scheme-sum' : 'scheme-sum scheme-sum-bad'} data-testid="composite-sum">
                {sum === null ? '权重有误,暂不能合计' : ok ? '权重合计 100%' : `权重合计 ${fmtNum(sum)}%,应为 100%`}
              </td>
              <td className="num scheme-sum-value">{sum === null ? '' : `${fmtNum(sum)}%`}</td>
              <td colSpan={readOnly ? 2 : 3} />
            </tr>
          </tfoot>
        )}
      </table>
      <GroupErrors paths={[...fieldErrors, 'ranking.composite']} />
      {!readOnly && (
        <div className="scheme-table-actions">
          <button
            type="button"
            className="button"
            disabled={groups.length >= 8}
            onClick={() => onChange([...groups, { label: '', weight: groups.length === 0 ? 100 : 0, targetType: null, targetIds: [] }])}
          >
            添加分组
          </button>
          <span className="muted">如 作业单位得分 = 村 70% + 干线道路 30%。对象先归入列出其编号的分组,再归入其对象类型的分组,其余归入不限类型的分组。</span>
        </div>
      )}
    </div>
  );
}
