/**
 * 系统 → 设置 → 资源化利用率系数: the k coefficients of 生活垃圾资源化利用率 (DOMAIN §6.1) for incineration, kitchen-
 * waste processing and landfill. They are fixed by the province (or nationally) and SaniDesk does not know them,
 * so the administrator types in what the province publishes, with a reason for the audit log. A blank field is
 * "not set": until all three are set the rate shows no value instead of a guess (db/dashboard/kpis.ts).
 */
import { useEffect, useState } from 'react';
import type { MethodOutput, ResourceCoefficients as Coefficients } from '../../../../db/api';
import { call } from '../../api';
import { status } from '../../app/status';

type Settings = MethodOutput<'settings.get'>;
type Key = keyof Coefficients;

const FIELDS: Array<{ key: Key; label: string; hint: string }> = [
  { key: 'incineration', label: '焚烧系数', hint: '焚烧量按此比例计入资源化利用量' },
  { key: 'kitchen', label: '厨余处理系数', hint: '厨余处理量按此比例计入' },
  { key: 'landfill', label: '填埋系数', hint: '填埋量按此比例计入(通常为 0)' },
];

const text = {
  title: '资源化利用率系数',
  formula: '生活垃圾资源化利用率 =(可回收物回收量 + 焚烧量 × 焚烧系数 + 厨余处理量 × 厨余处理系数 + 填埋量 × 填埋系数)÷(可回收物回收量 + 生活垃圾清运量)',
  who: '系数由省级(或国家)主管部门规定,本系统不预设。请按本省最新文件填写 0 到 1 之间的小数(如 0.8);留空表示未设置。三项都设置后,统计看板和指标表才显示资源化利用率;处置量在“台账 → 清运处置”中按月填报。',
  reason: '修改原因(必填,记入审计日志)',
  reasonPlaceholder: '例如:按省厅 2025 年统计口径文件设置',
  reasonNeeded: '请填写修改原因',
  save: '保存系数',
  saving: '保存中…',
  saved: '已保存:资源化利用率系数',
  unchanged: '系数没有变化',
  bad: (label: string) => `${label}应为 0 到 1 之间的数字,或留空表示未设置`,
};

const shown = (v: number | null) => (v == null ? '' : String(v));

export function ResourceCoefficients({ value, onSaved }: { value: Coefficients; onSaved(settings: Settings): void }) {
  const [draft, setDraft] = useState<Record<Key, string>>({ incineration: shown(value.incineration), kitchen: shown(value.kitchen), landfill: shown(value.landfill) });
  const [reason, setReason] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setDraft({ incineration: shown(value.incineration), kitchen: shown(value.kitchen), landfill: shown(value.landfill) });
  }, [value]);

  const save = async () => {
    const next = {} as Coefficients;
    for (const f of FIELDS) {
      const raw = draft[f.key].normalize('NFKC').trim();
      const n = raw === '' ? null : Number(raw);
      if (n != null && (!Number.isFinite(n) || n < 0 || n > 1)) return setError(text.bad(f.label));
      next[f.key] = n;
    }
    if (FIELDS.every((f) => next[f.key] === value[f.key])) return setError(text.unchanged);
    const why = reason.trim();
    if (!why) return setError(text.reasonNeeded);
    setSaving(true);
    setError(null);
    const result = await call('settings.update', { resourceCoefficients: next, reason: why });
    setSaving(false);
    if (!result.ok) {
      setError(result.error.message);
      status.notify('error', result.error.message);
      return;
    }
    setReason('');
    status.notify('info', text.saved);
    onSaved(result.data);
  };

  return (
    <section className="settings-section" data-testid="settings-coefficients">
      <h2 className="settings-title">{text.title}</h2>
      <p className="muted">{text.formula}</p>
      <p>{text.who}</p>
      <div className="settings-coefficients">
        {FIELDS.map((f) => (
          <label key={f.key} className="settings-coefficient">
            <span className="form-label">{f.label}</span>
            <input
              className="input"
              inputMode="decimal"
              placeholder="未设置"
              value={draft[f.key]}
              title={f.hint}
              onChange={(e) => setDraft((d) => ({ ...d, [f.key]: e.target.value }))}
              data-testid={`settings-k-${f.key}`}
            />
          </label>
        ))}
      </div>
      <label className="form-label" htmlFor="settings-k-reason">
        {text.reason}
      </label>
      <input
        id="settings-k-reason"
        className="input"
        maxLength={200}
        placeholder={text.reasonPlaceholder}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        data-testid="settings-k-reason"
      />
      {error && (
        <p className="form-error" role="alert" data-testid="settings-k-error">
          {error}
        </p>
      )}
      <div>
        <button type="button" className="button button-primary" disabled={saving} onClick={() => void save()} data-testid="settings-k-save">
          {saving ? text.saving : text.save}
        </button>
      </div>
    </section>
  );
}
