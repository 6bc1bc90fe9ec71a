/**
 * 系统 → 备份 (administrator only): every backup of the workspace with its time, reason, size, data version and
 * integrity check; 立即备份; 恢复 after a confirmation that says what happens (the current state is backed up
 * first, everybody is logged out); the retention rule in words, editable; the backup folder. A restore replaces
 * everything under every screen, so the console then reloads to the login.
 */
import { useCallback, useEffect, useState } from 'react';
import type { BackupEntry, MethodOutput } from '../../../../db/api';
import { call, setSession } from '../../api';
import { status } from '../../app/status';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { formatDateTimeSeconds } from '../../format';
import { backupsText as text, fileSize } from './strings';
import './backups.css';

type Retention = MethodOutput<'settings.get'>['retention'];
type Restored = MethodOutput<'backups.restore'>;

/** Local time to the second: several backups can fall in one minute (an import right after a manual backup). */
export function BackupsPage() {
  const [list, setList] = useState<{ folder: string; backups: BackupEntry[] } | null>(null);
  const [retention, setRetention] = useState<Retention | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [confirm, setConfirm] = useState<BackupEntry | null>(null);
  const [restoring, setRestoring] = useState(false);
  const [restoreError, setRestoreError] = useState<string | null>(null);
  const [restored, setRestored] = useState<{ backup: BackupEntry; result: Restored } | null>(null);

  const load = useCallback(async () => {
    const [backups, settings] = await Promise.all([call('backups.list', {}), call('settings.get', {})]);
    if (!backups.ok) return setLoadError(backups.error.message);
    if (!settings.ok) return setLoadError(settings.error.message);
    setLoadError(null);
    setList(backups.data);
    setRetention(settings.data.retention);
    status.setRows({ total: backups.data.backups.length, shown: backups.data.backups.length });
  }, []);

  useEffect(() => {
    void load();
    return () => status.setRows(null);
  }, [load]);

  const create = async () => {
    setCreating(true);
    const result = await status.track('backups.create', text.create, () => call('backups.create', {}));
    setCreating(false);
    if (result.ok) status.notify('info', text.created(result.data.backup.file, result.data.pruned));
    else status.notify('error', result.error.message);
    await load();
  };

  const restore = async (backup: BackupEntry) => {
    setRestoring(true);
    setRestoreError(null);
    const result = await status.track('backups.restore', text.restoring, () => call('backups.restore', { file: backup.file }));
    setRestoring(false);
    if (!result.ok) {
      setRestoreError(result.error.message);
      return;
    }
    setConfirm(null);
    setRestored({ backup, result: result.data });
  };

  /** Every session ended with the restore: drop this tab's and load the console again, at the login. */
  const relogin = () => {
    setSession(null);
    window.location.reload();
  };

  return (
    <div className="ledger-page backups-page">
      <div className="ledger-page-title-row">
        <h1 className="page-title">{text.title}</h1>
      </div>
      <p className="muted">{text.intro}</p>
      {list && retention && (
        <dl className="backups-facts">
          <dt>{text.folder}</dt>
          <dd>
            <code data-testid="backups-folder">{list.folder}</code>
          </dd>
          <dt>{text.retention}</dt>
          <dd>
            <RetentionRule value={retention} onSaved={setRetention} />
          </dd>
        </dl>
      )}
      <div className="toolbar">
        <button type="button" className="button button-primary" disabled={creating} onClick={() => void create()} data-testid="backups-create">
          {creating ? text.creating : text.create}
        </button>
        <button type="button" className="button" onClick={() => void load()}>
          {text.refresh}
        </button>
      </div>
      {loadError && (
        <p className="form-error" role="alert">
          {text.loadFailed}:{loadError}
        </p>
      )}
      {!list && !loadError && <p className="muted">{text.loading}</p>}
      {list && list.backups.length === 0 && (
        <p className="backups-empty" data-testid="backups-empty">
          {text.empty}
        </p>
      )}
      {list && list.backups.length > 0 && (
        <div className="backups-table-wrap">
          <table className="backups-table" data-testid="backups-table">
            <thead>
              <tr>
                <th>{text.colTime}</th>
                <th>{text.colReason}</th>
                <th className="num">{text.colSize}</th>
                <th className="num">{text.colSchema}</th>
                <th>{text.colIntegrity}</th>
                <th>{text.colFile}</th>
                <th>{text.colActions}</th>
              </tr>
            </thead>
            <tbody>
              {list.backups.map((b) => (
                <tr key={b.path} data-testid="backup-row" data-reason={b.reason} data-file={b.file}>
                  <td className="backups-time">{formatDateTimeSeconds(b.createdAt)}</td>
                  <td data-testid="backup-reason">{b.reasonLabel}</td>
                  <td className="num">{fileSize(b.sizeBytes)}</td>
                  <td className="num">{b.schemaVersion}</td>
                  <td className={b.integrity === 'ok' ? 'backups-ok' : 'backups-unchecked'}>{b.integrity === 'ok' ? text.integrityOk : text.integrityUnchecked}</td>
                  <td className="backups-file" title={b.path}>
                    {b.path}
                  </td>
                  <td>
                    {b.inFolder ? (
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => {
                          setRestoreError(null);
                          setConfirm(b);
                        }}
                        data-testid="backup-restore"
                      >
                        {text.restore}
                      </button>
                    ) : (
                      <span className="muted">{text.outside}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {confirm && (
        <ConfirmDialog
          title={text.restoreTitle}
          confirmLabel={restoring ? text.restoring : text.restoreConfirm}
          danger
          busy={restoring}
          onConfirm={() => void restore(confirm)}
          onCancel={() => !restoring && setConfirm(null)}
        >
          <p>{text.restoreWhat(formatDateTimeSeconds(confirm.createdAt), confirm.reasonLabel, fileSize(confirm.sizeBytes))}</p>
          <p>{text.restoreUndo}</p>
          <p>{text.restoreLogout}</p>
          {restoreError && (
            <p className="form-error" role="alert" data-testid="restore-error">
              {restoreError}
            </p>
          )}
        </ConfirmDialog>
      )}
      {restored && (
        <div className="modal-backdrop">
          <div className="modal" role="dialog" aria-modal="true" aria-labelledby="restored-title" data-testid="restored-dialog">
            <h2 id="restored-title" className="modal-title">
              {text.restoredTitle}
            </h2>
            <div className="modal-body">
              <p>{text.restoredText(formatDateTimeSeconds(restored.backup.createdAt))}</p>
              {restored.result.preRestoreBackup && <p>{text.restoredUndo(restored.result.preRestoreBackup.file)}</p>}
              <p>{text.restoredLogin}</p>
            </div>
            <div className="modal-actions">
              <button type="button" className="button button-primary" autoFocus onClick={relogin} data-testid="restored-relogin">
                {text.relogin}
              </button>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}

/** The boxes of the retention rule and their bounds (the same as db/settings/settings.ts retentionSchema). */
const BOUNDS: ReadonlyArray<readonly [keyof Retention, number, number]> = [
  ['keepLatestToday', 1, 100],
  ['dailyForDays', 0, 366],
  ['monthlyForMonths', 0, 120],
];

/** The retention rule in words, with 修改 opening three numbers in place (settings.update). */
function RetentionRule({ value, onSaved }: { value: Retention; onSaved(value: Retention): void }) {
  const [draft, setDraft] = useState<Record<keyof Retention, string> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  if (!draft) {
    return (
      <span>
        <span data-testid="backups-retention">{text.retentionWords(value)}</span>{' '}
        <button
          type="button"
          className="link-button"
          onClick={() => setDraft({ keepLatestToday: String(value.keepLatestToday), dailyForDays: String(value.dailyForDays), monthlyForMonths: String(value.monthlyForMonths) })}
          data-testid="retention-edit"
        >
          {text.editRetention}
        </button>
      </span>
    );
  }

  const save = async () => {
    // Checked here to name the box in words; db/ checks the same bounds and decides.
    for (const [key, min, max] of BOUNDS) {
      const n = Number(draft[key]);
      if (draft[key].trim() === '' || !Number.isInteger(n) || n < min || n > max) return setError(text.outOfRange(text.boxes[key][0], min, max));
    }
    setSaving(true);
    setError(null);
    const retention = { keepLatestToday: Number(draft.keepLatestToday), dailyForDays: Number(draft.dailyForDays), monthlyForMonths: Number(draft.monthlyForMonths) };
    const result = await call('settings.update', { retention });
    setSaving(false);
    if (!result.ok) return setError(result.error.message);
    setDraft(null);
    onSaved(result.data.retention);
    status.notify('info', text.retentionSaved);
  };

  const field = ([key, min, max]: (typeof BOUNDS)[number]) => (
    <label key={key} className="backups-retention-field">
      <span>{text.boxes[key][0]}</span>
      <input
        className="input input-inline"
        type="number"
        min={min}
        max={max}
        step={1}
        value={draft[key]}
        onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
        data-testid={`retention-${key}`}
      />
      <span>{text.boxes[key][1]}</span>
    </label>
  );

  return (
    <form
      className="backups-retention-form"
      // The browser's own bubbles are English on some systems and vanish; the message below names the box.
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      {BOUNDS.map(field)}
      <button type="submit" className="button button-primary" disabled={saving} data-testid="retention-save">
        {saving ? text.saving : text.save}
      </button>
      <button type="button" className="button" onClick={() => setDraft(null)}>
        {text.cancel}
      </button>
      {error && (
        <span className="field-error" role="alert" data-testid="retention-error">
          {error}
        </span>
      )}
    </form>
  );
}
