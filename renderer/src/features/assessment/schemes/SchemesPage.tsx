/**
 * 考核 → 考核细则 (issue 4): assessment schemes as versioned data. Left, the scheme families (latest version
 * first); right, the selected version — editable by the administrator, read-only for everyone else (it is the
 * checklist supervisors score against). The admin's edits are checked by `schemes.check` as they type
 * (debounced); 保存 stays off while anything is wrong. Saving rewrites a version no inspection uses yet, or adds
 * version + 1 when one does, and says which happened. 打印细则 prints the paper checklist.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { SchemeDefinition, SchemeVersion } from '../../../../../db/api';
import { call } from '../../../api';
import { roleAtLeast } from '../../../app/roles';
import { status } from '../../../app/status';
import { useWorkspace } from '../../../app/workspace';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { formatDateTime } from '../../../format';
import { useVocabulary, vocabLabel } from '../shared/useVocabulary';
import { FormContext, type FormState } from './fields';
import { blankDefinition, cloneDefinition, fieldsFromInvalidInput, groupFamilies, localErrors, type Family } from './model';
import { printScheme } from './printScheme';
import { SchemeEditor, SECTIONS, Section } from './SchemeEditor';

type Selection = { kind: 'version'; familyId: number; versionId: number } | { kind: 'new' };

interface Check {
  /** The definition (JSON) the errors belong to. */
  for: string;
  errors: Record<string, string>;
}

type Dialog =
  | { kind: 'save'; message: string }
  | { kind: 'status'; family: Family; to: 'retired' | 'active' }
  | { kind: 'discard'; then: () => void };

const CHECK_DELAY_MS = 300;

export function SchemesPage() {
  const { info } = useWorkspace();
  const vocab = useVocabulary();
  const isAdmin = roleAtLeast(info.user.role, 'admin');
  const [versions, setVersions] = useState<SchemeVersion[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [selection, setSelection] = useState<Selection | null>(null);
  const [draft, setDraft] = useState<SchemeDefinition | null>(null);
  const [stored, setStored] = useState<string>('');
  const [check, setCheck] = useState<Check | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const detailRef = useRef<HTMLDivElement>(null);

  const families = useMemo(() => groupFamilies(versions ?? []), [versions]);
  const family = selection?.kind === 'version' ? families.find((f) => f.familyId === selection.familyId) ?? null : null;
  const version = selection?.kind === 'version' ? family?.versions.find((v) => v.id === selection.versionId) ?? null : null;
  const isLatest = !!family && !!version && family.latest.id === version.id;
  const editable = isAdmin && (selection?.kind === 'new' || isLatest);
  const draftJson = useMemo(() => (draft ? JSON.stringify(draft) : ''), [draft]);
  const dirty = selection?.kind === 'new' || (!!draft && draftJson !== stored);

  const show = useCallback((sel: Selection, def: SchemeDefinition, storedDef: SchemeDefinition | null) => {
    setSelection(sel);
    setDraft(cloneDefinition(def));
    setStored(storedDef ? JSON.stringify(storedDef) : '');
    setCheck(null);
    setRefusal(null);
    detailRef.current?.scrollTo({ top: 0 });
  }, []);

  const load = useCallback(async (): Promise<SchemeVersion[] | null> => {
    const result = await call('schemes.list', { includeRetired: true });
    if (!result.ok) {
      setLoadError(result.error.message);
      status.notify('error', result.error.message);
      return null;
    }
    setLoadError(null);
    setVersions(result.data);
    return result.data;
  }, []);

  useEffect(() => {
    void load().then((list) => {
      if (!list || list.length === 0) return;
      const first = groupFamilies(list)[0];
      show({ kind: 'version', familyId: first.familyId, versionId: first.latest.id }, first.latest.definition, first.latest.definition);
    });
  }, [load, show]);

  useEffect(() => () => status.setRows(null), []);

  // ---- live check (debounced) ------------------------------------------------------------------------------
  const local = useMemo(() => (draft && editable ? localErrors(draft, vocab) : {}), [draft, editable, vocab]);
  const hasLocal = Object.keys(local).length > 0;
  useEffect(() => {
    if (!draft || !editable || hasLocal) return;
    if (check?.for === draftJson) return;
    let stale = false;
    const timer = window.setTimeout(async () => {
      const result = await call('schemes.check', { definition: draft });
      if (stale) return;
      if (result.ok) setCheck({ for: draftJson, errors: result.data.errors });
      else if (result.error.code === 'invalid_input') setCheck({ for: draftJson, errors: fieldsFromInvalidInput(result.error.fields, result.error.message) });
      else setCheck({ for: draftJson, errors: { definition: result.error.message } });
    }, CHECK_DELAY_MS);
    return () => {
      stale = true;
      window.clearTimeout(timer);
    };
    // `check` is read only to skip a repeat; the effect re-runs when the draft changes, and when the check is reset
    // (`show` after a save: the stored definition often reads exactly like the draft, so draftJson stays the same).
  }, [draftJson, editable, hasLocal, check?.for]);

  const errors = hasLocal ? local : (check?.errors ?? {});
  const errorCount = Object.keys(errors).length;
  const checked = hasLocal || check?.for === draftJson;
  const canSave = editable && dirty && !hasLocal && checked && errorCount === 0 && !busy;

  // ---- selection --------------------------------------------------------------------------------------------
  const guard = (then: () => void) => {
    if (editable && dirty && draft) setDialog({ kind: 'discard', then });
    else then();
  };
  const selectVersion = (f: Family, v: SchemeVersion) =>
    guard(() => {
      setNotice(null);
      show({ kind: 'version', familyId: f.familyId, versionId: v.id }, v.definition, v.definition);
    });
  const startNew = () =>
    guard(() => {
      setNotice(null);
      show({ kind: 'new' }, blankDefinition(), null);
      requestAnimationFrame(() => document.getElementById('scheme-name')?.focus());
    });
  // No discard question: the copy carries the unsaved edits, the original stays as stored.
  const startCopy = () => {
    if (!draft) return;
    const copy = cloneDefinition(draft);
    copy.name = `${copy.name}(副本)`.slice(0, 100);
    setNotice(`已复制「${draft.name}」。这是一份新的细则,保存后单独编号、单独计版本;原细则不受影响。`);
    show({ kind: 'new' }, copy, null);
    requestAnimationFrame(() => document.getElementById('scheme-name')?.focus());
  };
  const revert = () => {
    if (selection?.kind === 'version' && version) show(selection, version.definition, version.definition);
    else if (families[0]) show({ kind: 'version', familyId: families[0].familyId, versionId: families[0].latest.id }, families[0].latest.definition, families[0].latest.definition);
  };

  // ---- save ---------------------------------------------------------------------------------------------------
  const askSave = async () => {
    if (!canSave || !draft) return;
    let message = '保存后新建这份细则,从第 1 版开始。';
    if (family) {
      // The count on screen may be old: another user may have entered an inspection since.
      const fresh = await call('schemes.get', { id: family.latest.id });
      const latest = fresh.ok ? fresh.data : family.latest;
      message =
        latest.inspections > 0
          ? `第 ${latest.version} 版已用于 ${latest.inspections} 次检查,这些检查仍按第 ${latest.version} 版评分;保存后另存为第 ${latest.version + 1} 版。`
          : `第 ${latest.version} 版尚未用于检查,保存将直接修改第 ${latest.version} 版。`;
    }
    setReason('');
    setDialog({ kind: 'save', message });
  };

  const save = async () => {
    if (!draft) return;
    setBusy(true);
    setRefusal(null);
    const before = family?.latest ?? null;
    const sentJson = draftJson;
    status.saveStarted();
    const result = await call('schemes.save', {
      familyId: family?.familyId,
      definition: draft,
      reason: reason.trim() || null,
      // The version this editor opened: a save over someone else's newer edit is refused, not merged silently.
      expected: family ? { id: family.latest.id, revision: family.latest.revision } : null,
    });
    status.saveFinished(result.ok);
    setBusy(false);
    setDialog(null);
    if (!result.ok) {
      setRefusal(result.error.message);
      status.notify('error', `保存失败:${result.error.message}`);
      if (result.error.fields) setCheck({ for: sentJson, errors: fieldsFromInvalidInput(result.error.fields, result.error.message) });
      return;
    }
    const saved = result.data;
    const list = await load();
    const prev = before ? list?.find((v) => v.id === before.id) ?? before : null;
    let text: string;
    if (!prev) text = `已新建细则「${saved.name}」第 ${saved.version} 版。`;
    else if (saved.id === prev.id) text = `已保存:第 ${saved.version} 版尚未用于检查,已直接修改第 ${saved.version} 版。`;
    else text = `第 ${prev.version} 版已用于 ${prev.inspections} 次检查,已另存为第 ${saved.version} 版;原有检查仍按第 ${prev.version} 版评分。`;
    setNotice(text);
    status.notify('info', text);
    show({ kind: 'version', familyId: saved.familyId, versionId: saved.id }, saved.definition, saved.definition);
  };

  // ---- retire / activate --------------------------------------------------------------------------------------
  const setFamilyStatus = async (f: Family, to: 'retired' | 'active') => {
    setBusy(true);
    const result = to === 'retired' ? await call('schemes.retire', { familyId: f.familyId }) : await call('schemes.activate', { familyId: f.familyId });
    setBusy(false);
    setDialog(null);
    if (!result.ok) {
      setRefusal(result.error.message);
      status.notify('error', result.error.message);
      return;
    }
    const text = to === 'retired' ? `已停用「${f.latest.name}」:新的检查不能再选用这份细则,已有检查不受影响。` : `已重新启用「${f.latest.name}」。`;
    setNotice(text);
    status.notify('info', text);
    await load();
  };

  // Ctrl+S saves, as in every office program.
  const onKeyDown = (e: KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
      e.preventDefault();
      if (canSave) void askSave();
    }
  };

  const focusError = (path: string) => {
    const root = detailRef.current;
    if (!root) return;
    const field = root.querySelector<HTMLElement>(`[data-path="${CSS.escape(path)}"]`);
    if (field) {
      field.scrollIntoView({ block: 'center' });
      field.focus();
      return;
    }
    // A group error (items, components …) or a field inside it: the nearest group.
    const parts = path.split('.');
    for (let n = parts.length; n > 0; n -= 1) {
      const group = root.querySelector<HTMLElement>(`[data-path-group="${CSS.escape(parts.slice(0, n).join('.'))}"]`);
      if (group) {
        group.scrollIntoView({ block: 'center' });
        return;
      }
    }
  };

  const formState = useMemo<FormState>(() => ({ errors, readOnly: !editable, vocab }), [errors, editable, vocab]);
  const current = selection?.kind === 'version' ? version : null;

  return (
    <div className="ledger-page scheme-page" onKeyDown={onKeyDown}>
      <div className="ledger-page-title-row">
        <h2 className="page-title">考核细则</h2>
        <span className="muted">检查员对照打分的评分表:检查项、分值和扣分标准,月度汇总、等级和按质核拨扣款规则。已用于检查的版本不会被改动。</span>
      </div>
      {loadError && (
        <div className="form-error" role="alert">
          读取考核细则失败:{loadError}
          <button type="button" className="button scheme-inline-button" onClick={() => void load()}>
            重试
          </button>
        </div>
      )}
      <div className="scheme-body">
        <aside className="scheme-list" aria-label="考核细则列表">
          <div className="scheme-list-toolbar">
            {isAdmin ? (
              <>
                <button type="button" className="button" onClick={startNew} data-testid="scheme-new">
                  新建细则(系统管理员)
                </button>
                <button type="button" className="button" onClick={startCopy} disabled={!draft} data-testid="scheme-copy" title="以当前显示的细则为底稿,新建一份细则">
                  复制为新细则
                </button>
              </>
            ) : (
              <span className="muted">考核细则由系统管理员维护</span>
            )}
          </div>
          <ul className="scheme-families" data-testid="scheme-families">
            {selection?.kind === 'new' && (
              <li className="scheme-family scheme-family-current">
                <div className="scheme-family-name">{draft?.name.trim() || '新细则'}</div>
                <div className="scheme-family-meta">未保存</div>
              </li>
            )}
            {families.map((f) => {
              const active = selection?.kind === 'version' && selection.familyId === f.familyId;
              return (
                <li key={f.familyId}>
                  <button
                    type="button"
                    className={`scheme-family ${active ? 'scheme-family-current' : ''} ${f.retired ? 'scheme-family-retired' : ''}`}
                    aria-current={active ? 'true' : undefined}
                    data-testid={`scheme-family-${f.familyId}`}
                    onClick={() => selectVersion(f, f.latest)}
                  >
                    <span className="scheme-family-name">
                      {f.latest.name}
                      <span className={`badge ${f.retired ? 'scheme-badge-retired' : 'scheme-badge-active'}`}>{f.retired ? '已停用' : '使用中'}</span>
                    </span>
                    <span className="scheme-family-meta">
                      {vocabLabel(vocab?.scheme.targetType, f.latest.targetType)} · {vocabLabel(vocab?.scheme.category, f.latest.category)} · 第 {f.latest.version} 版
                    </span>
                    <span className="scheme-family-meta">
                      {f.versions.map((v) => `第 ${v.version} 版 ${v.inspections} 次检查`).join(' · ')}
                    </span>
                  </button>
                </li>
              );
            })}
            {versions && families.length === 0 && (
              <li className="scheme-list-empty">
                还没有考核细则。{isAdmin ? '点「新建细则」录入一份评分表。' : '请系统管理员录入。'}
              </li>
            )}
          </ul>
        </aside>

        <div className="scheme-detail" data-testid="scheme-detail">
          {!draft ? (
            <div className="scheme-placeholder muted">{versions ? '在左侧选择一份考核细则。' : '正在读取考核细则…'}</div>
          ) : (
            <FormContext.Provider value={formState}>
              <header className="scheme-detail-head">
                <div className="scheme-detail-title">
                  <h3 data-testid="scheme-title">{draft.name.trim() || '新细则'}</h3>
                  {current ? (
                    <>
                      <span className="scheme-version" data-testid="scheme-version">
                        第 {current.version} 版
                      </span>
                      <span className={`badge ${current.status === 'retired' ? 'scheme-badge-retired' : 'scheme-badge-active'}`}>{current.status === 'retired' ? '已停用' : '使用中'}</span>
                      <span className="muted">已用于 {current.inspections} 次检查</span>
                    </>
                  ) : (
                    <span className="badge scheme-badge-retired">未保存</span>
                  )}
                  {editable && dirty && selection?.kind === 'version' && <span className="scheme-dirty">有未保存的修改</span>}
                </div>
                <div className="toolbar">
                  <button
                    type="button"
                    className="button"
                    data-testid="scheme-print"
                    onClick={() => printScheme(draft, vocab, { version: current?.version ?? null, unsaved: editable && dirty })}
                  >
                    打印细则
                  </button>
                  {isAdmin && (
                    <>
                      {editable && dirty && (
                        <button type="button" className="button" onClick={revert} data-testid="scheme-revert">
                          放弃修改
                        </button>
                      )}
                      {family && isLatest && (
                        <button
                          type="button"
                          className="button"
                          data-testid="scheme-toggle-status"
                          onClick={() => setDialog({ kind: 'status', family, to: family.retired ? 'active' : 'retired' })}
                        >
                          {family.retired ? '启用(系统管理员)' : '停用(系统管理员)'}
                        </button>
                      )}
                      {editable && (
                        <button
                          type="button"
                          className="button button-primary"
                          disabled={!canSave}
                          data-testid="scheme-save"
                          title={!dirty ? '没有修改' : errorCount ? `有 ${errorCount} 处需要修改` : '保存(Ctrl+S)'}
                          onClick={() => void askSave()}
                        >
                          保存(系统管理员)
                        </button>
                      )}
                    </>
                  )}
                </div>
              </header>
              <nav className="scheme-anchors" aria-label="细则各部分">
                {[...SECTIONS, ...(family ? [{ id: 'history', label: '版本历史' }] : [])].map((s) => (
                  <button
                    key={s.id}
                    type="button"
                    className="link-button scheme-anchor"
                    onClick={() => document.getElementById(`scheme-${s.id}`)?.scrollIntoView({ block: 'start' })}
                  >
                    {s.label}
                  </button>
                ))}
                {editable &&
                  (errorCount > 0 ? (
                    <button type="button" className="scheme-check-state text-error" data-testid="check-state" onClick={() => detailRef.current?.scrollTo({ top: 0 })}>
                      {errorCount} 处需要修改
                    </button>
                  ) : (
                    <span className="scheme-check-state" data-testid="check-state">
                      {checked ? (dirty ? '检查通过,可以保存' : '检查通过') : '检查中…'}
                    </span>
                  ))}
              </nav>

              <div className={editable ? 'scheme-detail-body' : 'scheme-detail-body scheme-readonly'} ref={detailRef}>
                {!isAdmin && (
                  <p className="form-notice" data-testid="readonly-notice">
                    只读:考核细则由系统管理员维护。您可以查看和打印,检查录入按这里的检查项和扣分标准打分。
                  </p>
                )}
                {isAdmin && current && !isLatest && family && (
                  <p className="form-notice" data-testid="old-version-notice">
                    正在查看第 {current.version} 版(历史版本,只读)。该版本已用于 {current.inspections} 次检查,这些检查始终按此版本评分。
                    <button type="button" className="button scheme-inline-button" onClick={() => selectVersion(family, family.latest)}>
                      回到当前版本(第 {family.latest.version} 版)
                    </button>
                  </p>
                )}
                {notice && (
                  <p className="form-notice scheme-notice" data-testid="scheme-notice" role="status">
                    {notice}
                  </p>
                )}
                {refusal && (
                  <div className="form-error" role="alert" data-testid="scheme-refusal">
                    保存未成功:{refusal}
                  </div>
                )}
                {editable && errorCount > 0 && (
                  <div className="form-error scheme-error-summary" role="alert" data-testid="error-summary">
                    <div className="scheme-error-summary-head">有 {errorCount} 处需要修改,改好后才能保存:</div>
                    <ul>
                      {Object.entries(errors).map(([path, message]) => (
                        <li key={path}>
                          <button type="button" className="link-button" onClick={() => focusError(path)}>
                            {message}
                          </button>
                        </li>
                      ))}
                    </ul>
                  </div>
                )}

                <SchemeEditor def={draft} onChange={setDraft} targetFixed={selection?.kind === 'version'} />

                {family && (
                  <Section id="history" title="版本历史">
                    <table className="scheme-table scheme-small-table scheme-history" data-testid="version-history">
                      <thead>
                        <tr>
                          <th>版本</th>
                          <th>生效日期</th>
                          <th>截止日期</th>
                          <th>建立时间</th>
                          <th>建立人</th>
                          <th className="num">检查次数</th>
                          <th />
                        </tr>
                      </thead>
                      <tbody>
                        {family.versions.map((v) => (
                          <tr key={v.id} className={v.id === current?.id ? 'scheme-history-current' : undefined} data-testid={`version-row-${v.version}`}>
                            <td>第 {v.version} 版{v.id === family.latest.id ? '(当前)' : ''}</td>
                            <td>{v.effectiveFrom}</td>
                            <td>{v.effectiveTo ?? '长期有效'}</td>
                            <td>{formatDateTime(v.createdAt)}</td>
                            <td>{v.createdBy}</td>
                            <td className="num">{v.inspections}</td>
                            <td>
                              {v.id === current?.id ? (
                                <span className="muted">正在查看</span>
                              ) : (
                                <button type="button" className="link-button" data-testid={`version-open-${v.version}`} onClick={() => selectVersion(family, v)}>
                                  查看
                                </button>
                              )}
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                    <p className="muted scheme-history-hint">已用于检查的版本不会被改动:修改后保存会另存为新版本,原有检查仍按原版本评分。</p>
                  </Section>
                )}
              </div>
            </FormContext.Provider>
          )}
        </div>
      </div>

      {dialog?.kind === 'save' && (
        <ConfirmDialog
          title="保存考核细则"
          confirmLabel="保存"
          busy={busy}
          focusCancel={false}
          onCancel={() => setDialog(null)}
          onConfirm={() => void save()}
        >
          <p data-testid="save-plan">{dialog.message}</p>
          <label className="form-label" htmlFor="scheme-reason">
            修改原因(可不填,记入审计日志)
          </label>
          <textarea
            id="scheme-reason"
            className="input"
            rows={2}
            maxLength={500}
            autoFocus
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || !e.shiftKey)) {
                e.preventDefault();
                void save();
              }
            }}
            placeholder="如 依据 2025 年新合同调整公厕地面分值"
          />
        </ConfirmDialog>
      )}
      {dialog?.kind === 'status' && (
        <ConfirmDialog
          title={dialog.to === 'retired' ? '停用考核细则' : '启用考核细则'}
          confirmLabel={dialog.to === 'retired' ? '停用' : '启用'}
          danger={dialog.to === 'retired'}
          busy={busy}
          onCancel={() => setDialog(null)}
          onConfirm={() => void setFamilyStatus(dialog.family, dialog.to)}
        >
          {dialog.to === 'retired' ? (
            <p>
              停用「{dialog.family.latest.name}」后,新的检查不能再选用这份细则;已有的 {dialog.family.versions.reduce((n, v) => n + v.inspections, 0)}{' '}
              次检查及其得分不受影响。以后可以重新启用。
            </p>
          ) : (
            <p>重新启用「{dialog.family.latest.name}」后,新的检查可以再选用这份细则。</p>
          )}
        </ConfirmDialog>
      )}
      {dialog?.kind === 'discard' && (
        <ConfirmDialog
          title="放弃未保存的修改?"
          confirmLabel="放弃修改"
          danger
          onCancel={() => setDialog(null)}
          onConfirm={() => {
            const then = dialog.then;
            setDialog(null);
            then();
          }}
        >
          <p>当前细则有未保存的修改。离开将丢失这些修改。</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
