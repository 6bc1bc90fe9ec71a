/**
 * The row drawer on the right: the full form of one row (every field with its label, unit and hint, derived
 * values read-only), 保存 sending only the fields the clerk changed, and the row's change history.
 * In "new" mode the same form starts from the ledger's defaults and creates the row.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ApiResult, FieldDef, HistoryEntry } from '../../../../db/api';
import { formatDateTime } from '../../format';
import { t } from '../../i18n/zh-CN';
import type { LedgerAdapter, LedgerRow, Patch, SavedRow } from './types';
import { cellText, formText, fromFormText, headerName, refChoices, unchanged } from './values';

export type DrawerMode = 'new' | 'edit';

export interface RowDrawerProps<R extends LedgerRow> {
  mode: DrawerMode;
  /** The row as the grid holds it now (edit mode); the form follows it for fields the clerk has not touched. */
  row: R | null;
  ledger: LedgerAdapter<R>;
  onSubmit(values: Patch): Promise<ApiResult<SavedRow<R>>>;
  onClose(): void;
}

type AnyRow = Record<string, unknown>;

function History({ entries }: { entries: HistoryEntry[] | null }) {
  if (!entries) return <p className="muted">{t.drawer.historyLoading}</p>;
  if (!entries.length) return <p className="muted">{t.drawer.historyEmpty}</p>;
  // Newest first: the clerk opens the drawer to see what just happened.
  return (
    <ol className="history" data-testid="history">
      {[...entries].reverse().map((entry) => (
        <li key={entry.auditId} className="history-entry" data-testid="history-entry">
          <div className="history-head">
            <span className="history-at">{formatDateTime(entry.at)}</span>
            <span className="history-user">{entry.userName}</span>
            <span className={`history-action history-action-${entry.action}`}>{t.drawer.actions[entry.action] ?? entry.action}</span>
          </div>
          {entry.reason && <div className="history-reason">{entry.reason}</div>}
          {entry.action === 'update' &&
            entry.changes.map((change) => (
              <div key={change.field} className="history-change">
                <span className="history-field">{change.label}</span>:{change.before || t.drawer.empty} → {change.after || t.drawer.empty}
              </div>
            ))}
        </li>
      ))}
    </ol>
  );
}

export function RowDrawer<R extends LedgerRow>({ mode, row, ledger, onSubmit, onClose }: RowDrawerProps<R>) {
  const { fields, refOptions, refScopes = {} } = ledger;
  /** Fields changed only by their own action once the row exists (an estate's status): shown, not edited. */
  const locked = mode === 'edit' ? (ledger.lockedFields ?? {}) : {};
  const base = useMemo<AnyRow>(() => (mode === 'new' ? { ...ledger.newRowDefaults } : ((row ?? {}) as AnyRow)), [mode, row, ledger.newRowDefaults]);
  /** Texts of the inputs the clerk changed; everything else shows the row's current value. */
  const [edited, setEdited] = useState<Record<string, string>>({});
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [history, setHistory] = useState<HistoryEntry[] | null>(null);
  const panelRef = useRef<HTMLElement>(null);

  const rowId = mode === 'edit' ? row?.id : undefined;
  const rowVersion = row?.version;
  useEffect(() => {
    setEdited({});
    setFieldErrors({});
    setFormError(null);
  }, [mode, rowId]);

  useEffect(() => {
    if (rowId == null) return;
    let current = true;
    setHistory(null);
    void ledger.history(rowId).then((result) => {
      if (current) setHistory(result.ok ? result.data : []);
    });
    return () => {
      current = false;
    };
    // The version changes with every save, inline or here: the history then has a new entry.
  }, [ledger, rowId, rowVersion]);

  useEffect(() => {
    const first = panelRef.current?.querySelector<HTMLElement>(mode === 'new' ? 'input, select, textarea' : '.drawer-close');
    first?.focus();
  }, [mode, rowId]);

  // Esc closes the drawer from inside it, and also when nothing has focus (after a button was disabled
  // while saving); Esc inside the grid stays the grid's own (cancel an edit).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      const target = e.target as Node | null;
      if (target === document.body || (target && panelRef.current?.contains(target))) onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const textOf = useCallback((field: FieldDef) => edited[field.key] ?? formText(field, base[field.key]), [edited, base]);

  const setText = (field: FieldDef, text: string) => {
    setEdited((prev) => {
      const next = { ...prev, [field.key]: text };
      // A scoped reference (community) that no longer belongs to the newly chosen parent (street) is cleared.
      for (const [scoped, scopeKey] of Object.entries(refScopes)) {
        if (scopeKey !== field.key) continue;
        const scopedField = fields.find((f) => f.key === scoped);
        if (!scopedField) continue;
        const choice = next[scoped] ?? formText(scopedField, base[scoped]);
        const allowed = refChoices(refOptions[scopedField.ref ?? ''] ?? [], text ? Number(text) : undefined);
        if (choice && !allowed.some((o) => String(o.value) === choice)) next[scoped] = '';
      }
      return next;
    });
    setFieldErrors((prev) => {
      if (!prev[field.key]) return prev;
      const next = { ...prev };
      delete next[field.key];
      return next;
    });
  };

  const submit = async () => {
    // Not `disabled` while saving: a disabled button drops the keyboard focus out of the drawer.
    if (saving) return;
    const values: Patch = {};
    for (const field of fields) {
      if (field.derived || locked[field.key]) continue;
      const value = fromFormText(field, textOf(field));
      if (mode === 'new') {
        if (value !== null) values[field.key] = value;
      } else if (field.key in edited && !unchanged(field, base[field.key], value)) {
        values[field.key] = value;
      }
    }
    if (mode === 'edit' && !Object.keys(values).length) {
      setFormError(t.drawer.noChanges);
      return;
    }
    setSaving(true);
    const result = await onSubmit(values);
    setSaving(false);
    if (result.ok) {
      setEdited({});
      setFieldErrors({});
      setFormError(null);
    } else {
      setFieldErrors(result.error.fields ?? {});
      setFormError(result.error.fields ? `${result.error.message} ${t.drawer.fixFields}` : result.error.message);
    }
  };

  const control = (field: FieldDef) => {
    const id = `drawer-field-${field.key}`;
    const text = textOf(field);
    const invalid = !!fieldErrors[field.key];
    const common = {
      id,
      'data-field': field.key,
      'aria-invalid': invalid || undefined,
      className: invalid ? 'input input-error' : 'input',
    };
    if (field.derived || locked[field.key]) {
      const shown = cellText(field, base);
      return (
        <output id={id} data-field={field.key} className="derived-value" title={locked[field.key] ?? t.drawer.derived}>
          {shown === '' ? '—' : shown}
        </output>
      );
    }
    if (field.kind === 'enum' || field.kind === 'bool' || field.kind === 'ref') {
      let choices: { value: string; label: string }[];
      if (field.kind === 'bool') {
        choices = [
          { value: 'true', label: t.grid.yes },
          { value: 'false', label: t.grid.no },
        ];
      } else if (field.kind === 'ref') {
        const scopeKey = refScopes[field.key];
        const scopeField = scopeKey ? fields.find((f) => f.key === scopeKey) : undefined;
        const scopeText = scopeField ? textOf(scopeField) : '';
        const options = refOptions[field.ref ?? ''] ?? [];
        choices = (scopeKey ? refChoices(options, scopeText ? Number(scopeText) : undefined) : options).map((o) => ({
          value: String(o.value),
          label: o.label,
        }));
      } else {
        choices = (field.options ?? []).map((o) => ({ value: String(o.value), label: o.label }));
      }
      return (
        <select {...common} value={text} onChange={(e) => setText(field, e.target.value)}>
          {(!field.required || text === '') && <option value="">{field.required ? '' : t.drawer.empty}</option>}
          {choices.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      );
    }
    if (field.long) {
      return <textarea {...common} rows={2} value={text} onChange={(e) => setText(field, e.target.value)} />;
    }
    return (
      <input
        {...common}
        type="text"
        inputMode={field.kind === 'int' || field.kind === 'decimal' ? 'decimal' : undefined}
        value={text}
        onChange={(e) => setText(field, e.target.value)}
      />
    );
  };

  const title = mode === 'new' ? t.drawer.newTitle(ledger.entityLabel) : row ? t.drawer.editTitle(ledger.describeRow(row)) : '';
  return (
    <aside
      className="drawer"
      data-testid="drawer"
      aria-label={title}
      ref={panelRef}
      tabIndex={-1}
    >
      <header className="drawer-header">
        <h2 className="drawer-title">{title}</h2>
        <button type="button" className="icon-button drawer-close" onClick={onClose} title={t.drawer.close} aria-label={t.drawer.close} data-testid="drawer-close">
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
        {formError && (
          <p className="form-error" role="alert" data-testid="drawer-error">
            {formError}
          </p>
        )}
        <div className="form-grid">
          {fields.map((field) => (
            <div key={field.key} className={field.long ? 'form-row form-row-long' : 'form-row'}>
              <label htmlFor={`drawer-field-${field.key}`} className="form-label">
                {headerName(field)}
                {field.required && (
                  <span className="required" title={t.drawer.required}>
                    *
                  </span>
                )}
              </label>
              <div className="form-control">
                {control(field)}
                {fieldErrors[field.key] && (
                  <div className="field-error" data-testid={`field-error-${field.key}`}>
                    {fieldErrors[field.key]}
                  </div>
                )}
                {field.hint && <div className="field-hint">{field.hint}</div>}
              </div>
            </div>
          ))}
        </div>
        <div className="drawer-actions">
          <button type="submit" className="button button-primary" aria-disabled={saving} data-testid="drawer-save">
            {saving ? t.drawer.saving : mode === 'new' ? t.drawer.create : t.drawer.save}
          </button>
          <button type="button" className="button" onClick={onClose}>
            {t.drawer.close}
          </button>
        </div>
        {mode === 'edit' && row && ledger.drawerExtra?.(row, fields)}
        {mode === 'edit' && (
          <section className="drawer-history">
            <h3 className="section-title">{t.drawer.history}</h3>
            <History entries={history} />
          </section>
        )}
      </form>
    </aside>
  );
}
