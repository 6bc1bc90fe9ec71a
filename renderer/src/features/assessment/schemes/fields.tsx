/**
 * The small controls of the scheme editor. Each names the definition path it edits (`data-path`, the same keys
 * as the errors of `schemes.check`: `items.3.cap`, `money.passMark` …), so an error finds its field, and each
 * turns read-only (text, not a greyed-out form) when the scheme is shown to someone who may not change it.
 */
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { Vocabulary } from '../shared/useVocabulary';
import { fmtNum, idsText, parseIds } from './model';

export interface FormState {
  errors: Record<string, string>;
  readOnly: boolean;
  vocab: Vocabulary | null;
}

export const FormContext = createContext<FormState>({ errors: {}, readOnly: true, vocab: null });

export function useForm(): FormState {
  return useContext(FormContext);
}

/** Full-width digits and punctuation as typed with a Chinese IME → ASCII. */
function halfWidth(s: string): string {
  return s.replace(/[\uff10-\uff19\uff0e\uff0d]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[。]/g, '.');
}

function parseNumber(text: string, nullable: boolean): number | null {
  const s = halfWidth(text.trim());
  if (s === '') return nullable ? null : NaN;
  return /^-?\d+(\.\d+)?$|^-?\.\d+$/.test(s) ? Number(s) : NaN;
}

function sameNumber(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

interface CommonProps {
  path: string;
  /** The accessible name (a table cell has no visible label): "T1 分值". */
  label: string;
  className?: string;
  placeholder?: string;
  /** Column key for the table's arrow-key moves. */
  col?: string;
  testId?: string;
}

function errorProps(path: string, errors: Record<string, string>) {
  const message = errors[path];
  return message ? { 'aria-invalid': true as const, title: message } : {};
}

export function NumberField({
  value,
  onChange,
  nullable = false,
  path,
  label,
  className,
  placeholder,
  col,
  testId,
}: CommonProps & { value: number | null; onChange(v: number | null): void; nullable?: boolean }) {
  const { errors, readOnly } = useForm();
  const [text, setText] = useState(() => (value === null ? '' : fmtNum(value)));
  // A value changed from outside (load, reorder, revert) replaces the text; the user's own typing does not.
  useEffect(() => {
    setText((current) => (sameNumber(parseNumber(current, nullable), value) ? current : value === null ? '' : fmtNum(value)));
  }, [value, nullable]);
  return (
    <input
      className={`input input-num ${errors[path] ? 'input-error' : ''} ${className ?? ''}`}
      inputMode="decimal"
      value={text}
      readOnly={readOnly}
      placeholder={placeholder}
      aria-label={label}
      data-path={path}
      data-col={col}
      data-testid={testId}
      {...errorProps(path, errors)}
      onChange={(e) => {
        setText(e.target.value);
        onChange(parseNumber(e.target.value, nullable));
      }}
    />
  );
}

export function TextField({
  value,
  onChange,
  path,
  label,
  className,
  placeholder,
  col,
  testId,
  id,
}: CommonProps & { value: string; onChange(v: string): void; id?: string }) {
  const { errors, readOnly } = useForm();
  if (readOnly) {
    // Read as text: long titles wrap instead of being cut off at the cell's edge.
    return (
      <div id={id} className={`scheme-static scheme-static-text ${className ?? ''}`} data-path={path} data-col={col} data-testid={testId} aria-label={label}>
        {value || <span className="muted">{placeholder}</span>}
      </div>
    );
  }
  return (
    <input
      id={id}
      className={`input ${errors[path] ? 'input-error' : ''} ${className ?? ''}`}
      value={value}
      readOnly={readOnly}
      placeholder={placeholder}
      aria-label={id ? undefined : label}
      data-path={path}
      data-col={col}
      data-testid={testId}
      title={value || undefined}
      {...errorProps(path, errors)}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

/** Target ids typed as "12,15,31" (an advanced field: the ids are those of the ledgers). */
export function IdsField({ value, onChange, path, label, placeholder, testId }: CommonProps & { value: number[]; onChange(v: number[]): void }) {
  const { errors, readOnly } = useForm();
  const [text, setText] = useState(() => idsText(value));
  // As NumberField: a change from outside replaces the text, the user's own typing (a trailing comma) does not.
  useEffect(() => {
    setText((current) => (idsText(parseIds(current)) === idsText(value) ? current : idsText(value)));
  }, [value]);
  if (readOnly) {
    return (
      <div className="scheme-static scheme-static-text" data-path={path} data-testid={testId} aria-label={label}>
        {text || <span className="muted">无</span>}
      </div>
    );
  }
  return (
    <input
      className={`input ${errors[path] ? 'input-error' : ''}`}
      value={text}
      placeholder={placeholder ?? '编号,逗号分隔'}
      aria-label={label}
      data-path={path}
      data-testid={testId}
      {...errorProps(path, errors)}
      onChange={(e) => {
        setText(e.target.value);
        onChange(parseIds(e.target.value));
      }}
    />
  );
}

export function SelectField<T extends string>({
  value,
  onChange,
  options,
  path,
  label,
  className,
  col,
  testId,
  disabled,
  id,
}: CommonProps & { value: T; onChange(v: T): void; options: Record<T, string> | undefined; disabled?: boolean; id?: string }) {
  const { errors, readOnly } = useForm();
  if (readOnly) {
    return (
      <span className={`scheme-static ${className ?? ''}`} data-path={path} data-testid={testId}>
        {options?.[value] ?? value}
      </span>
    );
  }
  return (
    <select
      id={id}
      className={`input ${errors[path] ? 'input-error' : ''} ${className ?? ''}`}
      value={value}
      disabled={disabled}
      aria-label={id ? undefined : label}
      data-path={path}
      data-col={col}
      data-testid={testId}
      {...errorProps(path, errors)}
      onChange={(e) => onChange(e.target.value as T)}
    >
      {Object.entries<string>(options ?? ({ [value]: value } as Record<string, string>)).map(([key, text]) => (
        <option key={key} value={key}>
          {text}
        </option>
      ))}
    </select>
  );
}

export function CheckField({
  checked,
  onChange,
  path,
  label,
  col,
  testId,
  children,
}: CommonProps & { checked: boolean; onChange(v: boolean): void; children?: ReactNode }) {
  const { errors, readOnly } = useForm();
  return (
    <label className={`scheme-check ${errors[path] ? 'scheme-check-error' : ''}`} title={errors[path]}>
      <input
        type="checkbox"
        checked={checked}
        disabled={readOnly}
        aria-label={children ? undefined : label}
        data-path={path}
        data-col={col}
        data-testid={testId}
        onChange={(e) => onChange(e.target.checked)}
      />
      {children}
    </label>
  );
}

/** A labelled form row with its error under it (基本信息, 扣款规则). */
export function FormRow({ label, htmlFor, path, hint, long, children }: { label: string; htmlFor?: string; path?: string | string[]; hint?: ReactNode; long?: boolean; children: ReactNode }) {
  const { errors, readOnly } = useForm();
  const paths = path === undefined ? [] : Array.isArray(path) ? path : [path];
  const messages = paths.map((p) => errors[p]).filter(Boolean);
  return (
    <div className={long ? 'form-row form-row-long' : 'form-row'}>
      <label className="form-label" htmlFor={htmlFor}>
        {label}
      </label>
      {children}
      {messages.map((m) => (
        <div key={m} className="field-error" data-testid={`error-${paths[0]}`}>
          {m}
        </div>
      ))}
      {hint && !readOnly && <div className="field-hint">{hint}</div>}
    </div>
  );
}

/** The errors of a group (`items`, `components`, `gradeBands`, `money.rateTiers.tiers`): not tied to one field. */
export function GroupErrors({ paths }: { paths: string[] }) {
  const { errors } = useForm();
  const messages = paths.filter((p) => errors[p]).map((p) => ({ p, m: errors[p] }));
  if (messages.length === 0) return null;
  return (
    <>
      {messages.map(({ p, m }) => (
        <div key={p} className="field-error" data-path-group={p} data-testid={`error-${p}`}>
          {m}
        </div>
      ))}
    </>
  );
}

/** A worked example under a rule's fields ("示例 得分 87.62 时差 2.38 分……"), following the numbers as they are typed. */
export function ExampleLine({ testId, label = '示例', children }: { testId: string; label?: string; children: ReactNode }) {
  return (
    <p className="scheme-example" data-testid={testId}>
      <span className="scheme-example-label">{label}</span>
      {children}
    </p>
  );
}
