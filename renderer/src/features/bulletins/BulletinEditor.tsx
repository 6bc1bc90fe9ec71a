/**
 * The bulletin's editable fields in the order the document prints them (版头 · 正文 · 落款 · 版记). A text saves
 * when it is left, a switch when it changes; a refused value keeps what was typed and shows the message under
 * the field. Multi-paragraph texts take one paragraph per line.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { Bulletin, BulletinFields } from '../../../../db/bulletins/types';
import { fmtScore } from '../assessment/scores/scoreFormat';

type TextKey = Exclude<keyof BulletinFields, 'showComponents' | 'showGrade' | 'listNotInspected' | 'tieStyle' | 'attachments'>;

export interface BulletinEditorProps {
  bulletin: Bulletin;
  readOnly: boolean;
  errors: Record<string, string>;
  onSave(patch: Partial<BulletinFields>): void;
}

export function BulletinEditor({ bulletin, readOnly, errors, onSave }: BulletinEditorProps) {
  const stored = bulletin.fields;
  const [draft, setDraft] = useState<Record<string, string>>({});
  /** Fields left and sent to be saved: once the bulletin comes back, they show the stored (normalised) value. */
  const sent = useRef(new Set<string>());
  useEffect(() => {
    const done = sent.current;
    sent.current = new Set();
    // A field still being typed in keeps its text; the ones that were saved show what was stored.
    setDraft((d) => Object.fromEntries(Object.entries(d).filter(([k]) => !done.has(k))));
  }, [bulletin.version]);

  const textOf = (key: TextKey) => draft[key] ?? stored[key];
  const attachmentsText = draft.attachments ?? stored.attachments.join('\n');

  const leave = (key: TextKey) => {
    const value = draft[key];
    if (value === undefined || value === stored[key]) return;
    sent.current.add(key);
    onSave({ [key]: value } as Partial<BulletinFields>);
  };

  const field = (key: TextKey, label: string, options: { rows?: number; hint?: ReactNode; required?: boolean; placeholder?: string } = {}) => {
    const common = {
      id: `bf-${key}`,
      className: `input${errors[key] ? ' input-error' : ''}`,
      value: textOf(key),
      readOnly,
      placeholder: options.placeholder,
      'aria-invalid': !!errors[key],
      'data-testid': `bf-${key}`,
      onChange: (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [key]: e.target.value })),
      onBlur: () => leave(key),
    };
    return (
      <div className="form-row" key={key}>
        <label className="form-label" htmlFor={`bf-${key}`}>
          {label}
          {options.required && <span className="required">*</span>}
        </label>
        {options.rows ? <textarea {...common} rows={options.rows} /> : <input {...common} type="text" />}
        {errors[key] ? <span className="field-error">{errors[key]}</span> : options.hint && <span className="field-hint">{options.hint}</span>}
      </div>
    );
  };

  const toggle = (key: 'showComponents' | 'showGrade' | 'listNotInspected', label: string) => (
    <label className="check-label">
      <input type="checkbox" checked={stored[key]} disabled={readOnly} onChange={(e) => onSave({ [key]: e.target.checked })} data-testid={`bf-${key}`} />
      {label}
    </label>
  );

  const correction = bulletin.kind === 'correction';
  const suggestion = bulletin.suggestedDocNumber;
  return (
    <div className="bulletin-editor" data-testid="bulletin-editor">
      <fieldset className="bulletin-group">
        <legend>版头</legend>
        {field('orgName', '发文机关标志', { required: true })}
        {field('docNumber', '文号', {
          required: true,
          placeholder: suggestion ?? '如 示城管〔2025〕12号',
          hint: readOnly ? undefined : suggestion ? (
            <>
              上一份之后的文号:
              <button type="button" className="link-button" onClick={() => onSave({ docNumber: suggestion })} data-testid="use-suggested-number">
                {suggestion}
              </button>
            </>
          ) : (
            '机关代字〔年份〕序号号;方括号、圆括号会自动改为〔〕'
          ),
        })}
        {field('title', '标题', { required: true })}
        {field('recipients', '主送', { required: true, hint: '打印时自动加全角冒号' })}
      </fieldset>
      <fieldset className="bulletin-group">
        <legend>正文</legend>
        {field('intro', correction ? '更正说明' : '开头', { rows: 4 })}
        {correction && bulletin.correction && (
          <div className="form-row">
            <span className="form-label">更正内容(按新旧排名自动列出)</span>
            <ul className="bulletin-changes" data-testid="correction-changes">
              {bulletin.correction.changes.length === 0 && <li className="muted">各单位得分和名次均无变化</li>}
              {bulletin.correction.changes.map((c) => (
                <li key={c.unitName}>
                  {c.unitName}:{c.before.score == null ? '未检查' : fmtScore(c.before.score)} {c.before.rankText ?? '—'} →{' '}
                  {c.after.score == null ? '未检查' : fmtScore(c.after.score)} {c.after.rankText ?? '—'}
                </li>
              ))}
            </ul>
          </div>
        )}
        {!correction && field('overview', '一、考核总体情况', { rows: 4, hint: '各等级数量和占比按排名写出,可修改' })}
        {field('rankingLead', correction ? '更正后排名的说明' : '二、考核排名 · 表前说明', { rows: 2 })}
        <div className="form-row">
          <span className="form-label">排名表</span>
          <div className="bulletin-toggles">
            {toggle('showGrade', '列出等级')}
            {toggle('showComponents', '列出分项得分(不列存在问题)')}
            {toggle('listNotInspected', '列出未检查的单位')}
            <label className="check-label">
              并列名次写作
              <select
                className="input input-inline"
                value={stored.tieStyle}
                disabled={readOnly}
                onChange={(e) => onSave({ tieStyle: e.target.value as BulletinFields['tieStyle'] })}
                data-testid="bf-tieStyle"
              >
                <option value="same">第四名、第四名</option>
                <option value="parallel">并列第四名</option>
              </select>
            </label>
          </div>
        </div>
        {!correction && field('problems', '三、存在的主要问题', { rows: 8, hint: '按各单位检查发现的问题写出,每行一段' })}
        {field('requirements', correction ? '结尾' : '四、下一步工作要求', { rows: 5 })}
        <div className="form-row">
          <label className="form-label" htmlFor="bf-attachments">
            附件(每行一个)
          </label>
          <textarea
            id="bf-attachments"
            className={`input${errors.attachments ? ' input-error' : ''}`}
            rows={2}
            readOnly={readOnly}
            value={attachmentsText}
            onChange={(e) => setDraft((d) => ({ ...d, attachments: e.target.value }))}
            onBlur={() => {
              if (draft.attachments === undefined) return;
              const list = draft.attachments
                .split('\n')
                .map((s) => s.trim())
                .filter(Boolean);
              if (list.join('\n') === stored.attachments.join('\n')) return;
              sent.current.add('attachments');
              onSave({ attachments: list });
            }}
            data-testid="bf-attachments"
          />
          {errors.attachments && <span className="field-error">{errors.attachments}</span>}
        </div>
      </fieldset>
      <fieldset className="bulletin-group">
        <legend>落款</legend>
        {field('issuer', '署名', { required: true })}
        {field('issueDate', '成文日期', { required: true, placeholder: '2025-11-03', hint: '写成 2025-11-03,打印为 2025年11月3日' })}
        {field('disclosure', '附注', { hint: '如 此件公开发布(打印时加圆括号);不需要请清空' })}
      </fieldset>
      <fieldset className="bulletin-group">
        <legend>版记</legend>
        {field('cc', '抄送', { hint: '不需要抄送请清空' })}
        {field('printedBy', '印发机关', { required: true })}
        {field('printDate', '印发日期', { required: true, placeholder: '2025-11-03' })}
      </fieldset>
    </div>
  );
}
