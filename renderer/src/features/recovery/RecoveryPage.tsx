/**
 * The first screen of a console started on a workspace file that cannot be opened (recovery mode, before any
 * login — nobody can log in to a damaged file): what is wrong, in Chinese; the newest good backup with 用此备份恢复;
 * the other backups of the folder. Only the operator who started the host gets here (the start token / the app's
 * own window). After the restore the console goes on to the login of the restored workspace.
 */
import { useState } from 'react';
import { formatDateTime } from '../../format';
import { t } from '../../i18n/zh-CN';
import { fileSize } from '../backups/strings';
import { restoreBackup, type RecoveryBackup, type RecoveryInfo } from './recoveryApi';
import { recoveryText as text } from './strings';
import '../auth/auth.css';
import './recovery.css';

export interface RecoveryPageProps {
  info: RecoveryInfo;
  /** The workspace is open again: `notice` says from which backup, above the login. */
  onRestored(notice: string): void;
}

export function RecoveryPage({ info, onRestored }: RecoveryPageProps) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [newest, ...others] = info.backups;

  const restore = async (backup: RecoveryBackup) => {
    if (busy) return;
    setBusy(backup.file);
    setError(null);
    const result = await restoreBackup(backup.file);
    setBusy(null);
    if (result.ok) onRestored(text.restored(formatDateTime(backup.createdAt)));
    else setError(result.error.message);
  };

  const restoreButton = (backup: RecoveryBackup, primary: boolean) => (
    <button
      type="button"
      className={primary ? 'button button-primary' : 'link-button'}
      disabled={busy !== null}
      onClick={() => void restore(backup)}
      data-testid={primary ? 'recovery-restore' : 'recovery-restore-other'}
    >
      {busy === backup.file ? text.restoring : text.restore}
    </button>
  );

  return (
    <div className="auth-screen">
      <div className="auth-card recovery-card" data-testid="recovery-page">
        <h1>{t.app.productName}</h1>
        <h2>{text.title}</h2>
        <p className="auth-error" role="alert" data-testid="recovery-message">
          {info.message}
        </p>
        <section className="recovery-newest" data-testid="recovery-newest">
          <div className="recovery-label">
            {text.newestTitle}
            {newest.checked === 'now' && <span className="recovery-checked">{text.newestChecked}</span>}
          </div>
          <div className="recovery-fields">{text.fields(formatDateTime(newest.createdAt), newest.reasonLabel, fileSize(newest.sizeBytes), newest.schemaVersion)}</div>
          <div className="recovery-file">{newest.file}</div>
          {restoreButton(newest, true)}
        </section>
        <p className="auth-hint">{text.keepDamaged}</p>
        {error && (
          <p className="auth-error" role="alert" data-testid="recovery-error">
            {error}
          </p>
        )}
        {others.length > 0 && (
          <details className="recovery-others">
            <summary>{text.othersTitle(others.length)}</summary>
            <table>
              <thead>
                <tr>
                  <th>{text.colTime}</th>
                  <th>{text.colReason}</th>
                  <th className="num">{text.colSize}</th>
                  <th className="num">{text.colSchema}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {others.map((b) => (
                  <tr key={b.file} title={b.file}>
                    <td>{formatDateTime(b.createdAt)}</td>
                    <td>{b.reasonLabel}</td>
                    <td className="num">{fileSize(b.sizeBytes)}</td>
                    <td className="num">{b.schemaVersion}</td>
                    <td>{restoreButton(b, false)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        )}
        {info.details.length > 0 && (
          <details className="recovery-details">
            <summary>{text.details}</summary>
            <pre>{info.details.join('\n')}</pre>
          </details>
        )}
      </div>
    </div>
  );
}
