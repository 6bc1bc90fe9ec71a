/**
 * 逾期整改扣分 of a scheme (DOMAIN §2.8 [D]): orders still overdue when a month is locked take points off the
 * unit's score the month after. Off by default (the block is absent from the definition); 启用 starts from
 * DEFAULT_OVERDUE, or from the numbers this edit had before it was switched off.
 */
import { useRef } from 'react';
import { CheckField, ExampleLine, FormRow, NumberField, useForm } from './fields';
import { DEFAULT_OVERDUE, overdueExampleText, overdueRuleText, type OverduePenaltyRule } from './model';

export function OverdueEditor({ rule, onChange }: { rule: OverduePenaltyRule | undefined; onChange(r: OverduePenaltyRule | undefined): void }) {
  const { vocab } = useForm();
  const lastRef = useRef<OverduePenaltyRule | undefined>(rule);
  if (rule) lastRef.current = rule;
  const words = vocab?.scheme.overduePenalty ?? { title: '逾期整改扣分', pointsPerOrder: '每件扣分', cap: '最多扣分' };
  const toggle = (
    <CheckField
      checked={rule !== undefined}
      onChange={(on) => onChange(on ? (lastRef.current ?? { ...DEFAULT_OVERDUE }) : undefined)}
      path="overduePenalty"
      label={`启用${words.title}`}
      testId="overdue-enabled"
    >
      启用:上月锁定时逾期未整改的整改单,在本月得分中扣分
    </CheckField>
  );
  if (!rule) {
    return (
      <div className="scheme-money-off">
        {toggle}
        <p className="muted">未启用:逾期未整改只影响“整改反馈”分项(如细则设有该分项),不另扣分。</p>
      </div>
    );
  }
  const set = <K extends keyof OverduePenaltyRule>(key: K, value: OverduePenaltyRule[K]) => onChange({ ...rule, [key]: value });
  return (
    <div className="scheme-money" data-path-group="overduePenalty">
      {toggle}
      <div className="form-grid scheme-money-grid">
        <FormRow label={`${words.pointsPerOrder}(分)`} path="overduePenalty.pointsPerOrder" hint="每件逾期未整改的整改单扣的分。">
          <NumberField
            value={rule.pointsPerOrder}
            onChange={(v) => set('pointsPerOrder', v ?? NaN)}
            path="overduePenalty.pointsPerOrder"
            label={words.pointsPerOrder}
            testId="overdue-pointsPerOrder"
          />
        </FormRow>
        <FormRow label={`${words.cap}(分)`} path="overduePenalty.cap" hint="一个月最多扣的分;留空不设上限(得分最低为 0)。">
          <NumberField value={rule.cap} nullable onChange={(v) => set('cap', v)} path="overduePenalty.cap" label={words.cap} placeholder="不设上限" testId="overdue-cap" />
        </FormRow>
      </div>
      <ExampleLine testId="overdue-example">{overdueExampleText(rule)}</ExampleLine>
      <p className="muted">
        {overdueRuleText(rule) ? `${overdueRuleText(rule)}。` : ''}按上月锁定的日期判断:期限早于锁定日、到锁定日仍未登记整改完成的计入;已免除的不计。扣分单列在月度得分中,不改变各分项得分。
      </p>
    </div>
  );
}
