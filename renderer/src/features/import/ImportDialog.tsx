/**
 * 导入 (UX.md "Import"): choose a file (or drop it on the grid) → the detected header row and the column
 * mapping, editable and savable as a template → a dry run listing every problem by original row and column,
 * with the value as written and as understood, and the proposed name matches to confirm → confirm (all rows,
 * or only the valid ones) → progress → result. db/ reads, checks and writes; this dialog only shows and asks.
 */
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { FieldDef, ProgressEvent } from '../../../../db/api';
import { onProgress } from '../../api';
import { status } from '../../app/status';
import { headerName } from '../../components/ledger/values';
import { t } from '../../i18n/zh-CN';
import {
  importApi,
  IMPORT_FILE_PATTERN,
  readImportFile,
  type ConfirmedMatch,
  type ImportFile,
  type ImportMapping,
  type ImportMatch,
  type ImportPreview,
  type ImportResult,
  type ImportTemplate,
} from './importApi';

export interface ImportDialogProps {
  /** The ledger's import name (`toilets`). */
  ledger: string;
  title: string;
  /** The ledger's fields, used until the importer's own list arrives. */
  fields: FieldDef[];
  /** A file dropped on the grid: the dialog starts with it. */
  initialFile?: File | null;
  onClose(): void;
  /** After a commit that wrote rows: the grid reloads. */
  onImported(result: ImportResult): void;
}

type Step = 'file' | 'mapping' | 'check' | 'confirm' | 'running' | 'done';
const STEPS: Array<{ step: Step; label: string }> = [
  { step: 'file', label: t.import.stepFile },
  { step: 'mapping', label: t.import.stepMapping },
  { step: 'check', label: t.import.stepCheck },
  { step: 'confirm', label: t.import.stepConfirm },
  { step: 'done', label: t.import.stepDone },
];

/** At most this many problems are listed; the count says how many there are in all. */
const LISTED = 500;

const matchKey = (m: { field: string; written: string }) => `${m.field}\u0000${m.written}`;

interface MatchGroup {
  key: string;
  match: ImportMatch;
  rows: number[];
}

export function ImportDialog({ ledger, title, fields: gridFields, initialFile, onClose, onImported }: ImportDialogProps) {
  const [step, setStep] = useState<Step>('file');
  const [fields, setFields] = useState<FieldDef[]>(gridFields);
  const [file, setFile] = useState<ImportFile | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mapping, setMapping] = useState<ImportMapping>({});
  const [templates, setTemplates] = useState<ImportTemplate[]>([]);
  const [templateId, setTemplateId] = useState('');
  const [templateName, setTemplateName] = useState('');
  /** Name matches the clerk confirmed, by field and text as written. */
  const [confirmed, setConfirmed] = useState<Map<string, ConfirmedMatch>>(new Map());
  /** The counts with the confirmed matches applied, shown on the confirm step. */
  const [planCounts, setPlanCounts] = useState<ImportPreview['counts'] | null>(null);
  const [validOnly, setValidOnly] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [progress, setProgress] = useState<ProgressEvent | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [commitProblems, setCommitProblems] = useState<Array<{ row: number; column?: string; message: string }>>([]);
  const bodyRef = useRef<HTMLDivElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  /** Fields a column can be imported into; a computed one only if the importer itself proposed it. */
  const choices = useMemo(() => {
    const mapped = new Set(Object.values(mapping));
    return fields.filter((f) => !f.derived || mapped.has(f.key));
  }, [fields, mapping]);
  const fieldLabel = (key: string | null | undefined) => {
    const field = key ? fields.find((f) => f.key === key) : undefined;
    return field ? headerName(field) : (key ?? '');
  };

  useEffect(() => {
    let current = true;
    void importApi.ledgers().then((r) => {
      const own = r.ok ? r.data.find((l) => l.name === ledger) : undefined;
      if (current && own) setFields(own.fields);
    });
    void importApi.templates(ledger).then((r) => {
      if (current && r.ok) setTemplates(r.data);
    });
    return () => {
      current = false;
    };
  }, [ledger]);

  // Esc closes the dialog wherever the focus is (a button disabled while busy leaves it on the page body),
  // except while the import runs; the capture phase keeps it from reaching the grid and the drawer behind.
  const stepRef = useRef(step);
  stepRef.current = step;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.stopPropagation();
      if (stepRef.current !== 'running') onCloseRef.current();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  // Each step starts with the keyboard on its first control.
  useEffect(() => {
    const first = bodyRef.current?.querySelector<HTMLElement>('input:not([disabled]), select:not([disabled]), button:not([disabled])');
    first?.focus();
  }, [step]);

  const runPreview = async (next: {
    file: ImportFile;
    sheet?: string;
    mapping?: ImportMapping;
    templateId?: number;
    confirmedMatches?: ConfirmedMatch[];
  }): Promise<ImportPreview | null> => {
    setBusy(true);
    setError(null);
    const { file: chosen, ...options } = next;
    const r = await importApi.preview({ ledger, ...chosen, ...options });
    setBusy(false);
    if (!r.ok) {
      setError(r.error.message);
      return null;
    }
    setPreview(r.data);
    setMapping(r.data.mapping);
    return r.data;
  };

  const chooseFile = async (chosen: File) => {
    setNotice(null);
    if (!IMPORT_FILE_PATTERN.test(chosen.name)) {
      setError(t.import.wrongType(chosen.name));
      return;
    }
    setBusy(true);
    setError(null);
    let read: ImportFile;
    try {
      read = await readImportFile(chosen);
    } catch {
      setBusy(false);
      setError(t.import.unreadable(chosen.name));
      return;
    }
    setFile(read);
    setConfirmed(new Map());
    setValidOnly(false);
    if (await runPreview({ file: read })) setStep('mapping');
  };

  useEffect(() => {
    if (initialFile) void chooseFile(initialFile);
    // The dropped file is read once, when the dialog opens.
  }, []);

  const mappedCount = Object.values(mapping).filter(Boolean).length;

  const matchGroups = useMemo<MatchGroup[]>(() => {
    const groups = new Map<string, MatchGroup>();
    for (const m of preview?.matches ?? []) {
      const key = matchKey(m);
      const group = groups.get(key);
      if (group) group.rows.push(m.row);
      else groups.set(key, { key, match: m, rows: [m.row] });
    }
    return [...groups.values()];
  }, [preview]);

  const confirmedMatches = (): ConfirmedMatch[] => [...confirmed.values()];

  const checkMapping = async () => {
    if (!file || !preview) return;
    setConfirmed(new Map());
    if (await runPreview({ file, sheet: preview.sheet, mapping })) setStep('check');
  };

  /** The counts to confirm are those with the clerk's confirmed name matches applied. */
  const toConfirm = async () => {
    if (!file || !preview) return;
    const matches = confirmedMatches();
    if (!matches.length) {
      setPlanCounts(preview.counts);
      setStep('confirm');
      return;
    }
    setBusy(true);
    setError(null);
    const r = await importApi.preview({ ledger, ...file, sheet: preview.sheet, mapping, confirmedMatches: matches });
    setBusy(false);
    if (!r.ok) {
      setError(r.error.message);
      return;
    }
    setPlanCounts(r.data.counts);
    setStep('confirm');
  };

  const applyTemplate = async () => {
    if (!file || !preview || !templateId) return;
    const chosen = templates.find((tpl) => String(tpl.id) === templateId);
    if (await runPreview({ file, sheet: preview.sheet, templateId: Number(templateId) })) setNotice(t.import.templateApplied(chosen?.name ?? ''));
  };

  const saveTemplate = async () => {
    const name = templateName.trim();
    if (!name) {
      setError(t.import.templateNameNeeded);
      return;
    }
    setBusy(true);
    setError(null);
    // A template maps header texts (columns may move in next month's sheet), so index → header here.
    const byHeader: Record<string, string | null> = {};
    for (const h of preview?.headers ?? []) byHeader[h.header || h.letter] = mapping[String(h.index)] ?? null;
    const r = await importApi.saveTemplate(ledger, name, byHeader);
    setBusy(false);
    if (!r.ok) {
      setError(r.error.message);
      return;
    }
    setTemplateName('');
    setNotice(t.import.templateSaved(name));
    const list = await importApi.templates(ledger);
    if (list.ok) setTemplates(list.data);
  };

  const commit = async () => {
    if (!file || !preview) return;
    setStep('running');
    setError(null);
    setCommitProblems([]);
    setProgress(null);
    const stop = onProgress((event) => {
      if (event.job === 'import.commit') setProgress(event);
    });
    const r = await importApi.commit({ ledger, ...file, sheet: preview.sheet, mapping, confirmedMatches: confirmedMatches(), validOnly });
    stop();
    if (!r.ok) {
      setError(r.error.message);
      setCommitProblems(r.error.rows ?? []);
      setStep('confirm');
      return;
    }
    setResult(r.data);
    setStep('done');
    onImported(r.data);
    status.notify('info', t.import.summary(title, r.data));
  };

  const close = () => {
    if (step !== 'running') onClose();
  };

  const counts = preview?.counts;
  const errors = preview?.problems.filter((p) => p.severity === 'error').length ?? 0;
  const warnings = (preview?.problems.length ?? 0) - errors;

  let body: ReactNode;
  let actions: ReactNode;
  if (step === 'file') {
    body = (
      <div
        className="drop-zone"
        data-testid="import-drop"
        onDragOver={(e) => {
          if (e.dataTransfer.types.includes('Files')) e.preventDefault();
        }}
        onDrop={(e) => {
          e.preventDefault();
          const dropped = e.dataTransfer.files[0];
          if (dropped) void chooseFile(dropped);
        }}
      >
        <p>{t.import.chooseText}</p>
        <label className="button button-primary file-button">
          {t.import.chooseButton}
          <input
            type="file"
            accept=".xlsx,.csv"
            className="visually-hidden"
            data-testid="import-file"
            onChange={(e) => {
              const chosen = e.target.files?.[0];
              e.target.value = '';
              if (chosen) void chooseFile(chosen);
            }}
          />
        </label>
        <p className="muted">{busy ? t.import.reading : t.import.chooseHint}</p>
      </div>
    );
    actions = (
      <button type="button" className="button" onClick={close}>
        {t.grid.cancel}
      </button>
    );
  } else if (step === 'mapping' && preview) {
    body = (
      <>
        <div className="import-facts">
          <span data-testid="import-file-name">{file?.fileName}</span>
          {preview.sheets.length > 1 ? (
            <label>
              {t.import.sheet}
              <select
                className="input input-inline"
                value={preview.sheet}
                onChange={(e) => file && void runPreview({ file, sheet: e.target.value })}
                data-testid="import-sheet"
              >
                {preview.sheets.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <span>
              {t.import.sheet}
              {preview.sheet}
            </span>
          )}
          <span data-testid="import-header-row">{t.import.headerRow(preview.headerRow)}</span>
          <span>{t.import.rowsRead(preview.rowsRead)}</span>
        </div>
        <div className="import-templates">
          <label>
            {t.import.template}
            <select className="input input-inline" value={templateId} onChange={(e) => setTemplateId(e.target.value)} data-testid="import-template">
              <option value="">{templates.length ? t.import.templateChoose : t.import.templateNone}</option>
              {templates.map((tpl) => (
                <option key={tpl.id} value={tpl.id}>
                  {tpl.name}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="button" disabled={!templateId || busy} onClick={() => void applyTemplate()} data-testid="import-template-apply">
            {t.import.templateApply}
          </button>
          <span className="toolbar-separator" />
          <input
            className="input input-inline"
            placeholder={t.import.templateNamePlaceholder}
            aria-label={t.import.templateNamePlaceholder}
            value={templateName}
            maxLength={60}
            onChange={(e) => setTemplateName(e.target.value)}
            data-testid="import-template-name"
          />
          <button type="button" className="button" disabled={busy || mappedCount === 0} onClick={() => void saveTemplate()} data-testid="import-template-save">
            {t.import.templateSave}
          </button>
        </div>
        <table className="import-table" data-testid="import-mapping">
          <thead>
            <tr>
              <th>{t.import.colLetter}</th>
              <th>{t.import.colHeader}</th>
              <th>{t.import.colSample}</th>
              <th>{t.import.colField}</th>
            </tr>
          </thead>
          <tbody>
            {preview.headers.map((h) => {
              const key = mapping[String(h.index)] ?? '';
              return (
                <tr key={h.index} data-column={h.letter}>
                  <td className="import-letter">{h.letter}</td>
                  <td>{h.header || <span className="muted">{t.import.noHeader}</span>}</td>
                  <td className="import-sample" title={h.sample.join('\n')}>
                    {h.sample.filter(Boolean).slice(0, 3).join(' / ')}
                  </td>
                  <td>
                    <select
                      className="input"
                      value={key}
                      aria-label={t.import.mapLabel(h.letter, h.header)}
                      onChange={(e) => setMapping({ ...mapping, [String(h.index)]: e.target.value || null })}
                      data-testid={`import-map-${h.letter}`}
                    >
                      <option value="">{t.import.skipColumn}</option>
                      {choices.map((f) => (
                        <option key={f.key} value={f.key}>
                          {headerName(f)}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </>
    );
    actions = (
      <>
        <button type="button" className="button" onClick={() => setStep('file')}>
          {t.import.back}
        </button>
        <button type="button" className="button" onClick={close}>
          {t.grid.cancel}
        </button>
        <button
          type="button"
          className="button button-primary"
          disabled={busy || mappedCount === 0}
          onClick={() => void checkMapping()}
          data-testid="import-check"
        >
          {busy ? t.import.checking : t.import.nextCheck}
        </button>
      </>
    );
  } else if ((step === 'check' || step === 'confirm') && preview && counts) {
    const listed = preview.problems.slice(0, LISTED);
    body =
      step === 'check' ? (
        <>
          <p className="import-counts" data-testid="import-counts">
            {t.import.counts(preview.rowsRead, counts)}
            {preview.skipped.length > 0 && t.import.skippedCount(preview.skipped.length)}
          </p>
          {preview.problems.length > 0 ? (
            <>
              <h3 className="section-title">{t.import.problemsTitle(errors, warnings)}</h3>
              <table className="import-table" data-testid="import-problems">
                <thead>
                  <tr>
                    <th>{t.import.colRow}</th>
                    <th>{t.import.colColumn}</th>
                    <th>{t.import.colWritten}</th>
                    <th>{t.import.colUnderstood}</th>
                    <th>{t.import.colProblem}</th>
                  </tr>
                </thead>
                <tbody>
                  {listed.map((p, i) => (
                    <tr key={i} className={p.severity === 'error' ? 'problem-error' : 'problem-warning'} data-row={p.row} data-column={p.column}>
                      <td className="num">{p.row}</td>
                      <td>
                        {p.column}
                        {p.header ? ` ${p.header}` : ''}
                      </td>
                      <td className="import-written">{p.written}</td>
                      <td>{p.understood ?? ''}</td>
                      <td>
                        <span className="problem-kind">{p.severity === 'error' ? t.import.severityError : t.import.severityWarning}</span>
                        {p.message}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {preview.problems.length > LISTED && <p className="muted">{t.import.moreProblems(preview.problems.length - LISTED)}</p>}
            </>
          ) : (
            <p className="import-ok">{t.import.noProblems}</p>
          )}
          {matchGroups.length > 0 && (
            <>
              <h3 className="section-title">{t.import.matchesTitle}</h3>
              <p className="muted">{t.import.matchesHint}</p>
              <table className="import-table" data-testid="import-matches">
                <thead>
                  <tr>
                    <th>{t.import.colRow}</th>
                    <th>{t.import.colColumn}</th>
                    <th>{t.import.colWritten}</th>
                    <th>{t.import.colProposed}</th>
                    <th>{t.import.colReason}</th>
                    <th>{t.import.colConfirm}</th>
                  </tr>
                </thead>
                <tbody>
                  {matchGroups.map((g) => (
                    <tr key={g.key} data-written={g.match.written}>
                      <td className="num">{g.rows.join('、')}</td>
                      <td>
                        {g.match.column} {fieldLabel(g.match.field)}
                      </td>
                      <td className="import-written">{g.match.written}</td>
                      <td>{g.match.proposedName}</td>
                      <td>{g.match.reason}</td>
                      <td>
                        <label className="check-label">
                          <input
                            type="checkbox"
                            checked={confirmed.has(g.key)}
                            onChange={(e) => {
                              const next = new Map(confirmed);
                              if (e.target.checked) next.set(g.key, { field: g.match.field, written: g.match.written, id: g.match.proposedId });
                              else next.delete(g.key);
                              setConfirmed(next);
                            }}
                            data-testid="import-confirm-match"
                          />
                          {t.import.confirm}
                        </label>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          {preview.skipped.length > 0 && (
            <details className="import-skipped">
              <summary>{t.import.skippedTitle(preview.skipped.length)}</summary>
              <ul>
                {preview.skipped.map((s) => (
                  <li key={s.row}>{t.import.skippedRow(s.row, s.reason)}</li>
                ))}
              </ul>
            </details>
          )}
        </>
      ) : (
        <>
          <p className="import-counts" data-testid="import-plan">
            {t.import.plan(planCounts ?? counts)}
            {confirmed.size > 0 && t.import.confirmedCount(confirmed.size)}
          </p>
          {(planCounts ?? counts).refused > 0 && (
            <label className="check-label import-valid-only">
              <input type="checkbox" checked={validOnly} onChange={(e) => setValidOnly(e.target.checked)} data-testid="import-valid-only" />
              {t.import.validOnly((planCounts ?? counts).refused)}
            </label>
          )}
          {(planCounts ?? counts).refused > 0 && !validOnly && <p className="muted">{t.import.allOrNothing}</p>}
          <p className="muted">{t.import.backupNote}</p>
          {commitProblems.length > 0 && (
            <ul className="import-commit-problems" data-testid="import-commit-problems">
              {commitProblems.slice(0, LISTED).map((p, i) => (
                <li key={i}>{t.import.skippedRow(p.row, `${p.column ? `${p.column}:` : ''}${p.message}`)}</li>
              ))}
            </ul>
          )}
        </>
      );
    actions =
      step === 'check' ? (
        <>
          <button type="button" className="button" onClick={() => setStep('mapping')}>
            {t.import.back}
          </button>
          <button type="button" className="button" onClick={close}>
            {t.grid.cancel}
          </button>
          <button type="button" className="button button-primary" disabled={busy} onClick={() => void toConfirm()} data-testid="import-next">
            {busy ? t.import.checking : t.import.nextConfirm}
          </button>
        </>
      ) : (
        <>
          <button type="button" className="button" onClick={() => setStep('check')}>
            {t.import.back}
          </button>
          <button type="button" className="button" onClick={close}>
            {t.grid.cancel}
          </button>
          <button type="button" className="button button-primary" onClick={() => void commit()} data-testid="import-commit">
            {validOnly ? t.import.commitValid : t.import.commitAll}
          </button>
        </>
      );
  } else if (step === 'running') {
    body = (
      <div className="import-running" data-testid="import-running">
        <p>{progress?.label ?? t.import.running(title)}</p>
        {progress && progress.total > 0 ? (
          <>
            <progress max={progress.total} value={progress.done} aria-label={t.import.progressLabel} />
            <span className="muted">
              {progress.done}/{progress.total}
            </span>
          </>
        ) : (
          <progress aria-label={t.import.progressLabel} />
        )}
      </div>
    );
    actions = null;
  } else if (step === 'done' && result) {
    body = (
      <div className="import-result" data-testid="import-result">
        <dl className="import-result-counts">
          <dt>{t.import.added}</dt>
          <dd data-testid="import-added">{result.added}</dd>
          <dt>{t.import.updated}</dt>
          <dd data-testid="import-updated">{result.updated}</dd>
          <dt>{t.import.unchanged}</dt>
          <dd data-testid="import-unchanged">{result.unchanged}</dd>
          <dt>{t.import.refused}</dt>
          <dd data-testid="import-refused">{result.refused}</dd>
        </dl>
        {result.refusedRows.length > 0 && (
          <ul className="import-commit-problems" data-testid="import-refused-rows">
            {result.refusedRows.slice(0, LISTED).map((p, i) => (
              <li key={i}>{t.import.skippedRow(p.row, `${p.column ? `${p.column} ` : ''}${p.header}:${p.message}`)}</li>
            ))}
          </ul>
        )}
        <p>{t.import.resultAudit(title)}</p>
        <p className="muted">{t.import.backupDone(result.backupFile)}</p>
      </div>
    );
    actions = (
      <button type="button" className="button button-primary" onClick={onClose} data-testid="import-close">
        {t.import.showInGrid}
      </button>
    );
  }

  const stepIndex = STEPS.findIndex((s) => s.step === (step === 'running' ? 'confirm' : step));
  return (
    <div className="modal-backdrop">
      <div className="modal modal-wide" role="dialog" aria-modal="true" aria-labelledby="import-title" data-testid="import-dialog">
        <h2 id="import-title" className="modal-title">
          {t.import.title(title)}
        </h2>
        <ol className="import-steps">
          {STEPS.map((s, i) => (
            <li key={s.step} className={i === stepIndex ? 'import-step import-step-current' : i < stepIndex ? 'import-step import-step-done' : 'import-step'} aria-current={i === stepIndex ? 'step' : undefined}>
              {i + 1}. {s.label}
            </li>
          ))}
        </ol>
        {error && (
          <p className="form-error" role="alert" data-testid="import-error">
            {error}
          </p>
        )}
        {notice && !error && (
          <p className="form-notice" data-testid="import-notice">
            {notice}
          </p>
        )}
        <div className="modal-body import-body" ref={bodyRef} aria-busy={busy}>
          {body}
        </div>
        {actions && <div className="modal-actions">{actions}</div>}
      </div>
    </div>
  );
}
