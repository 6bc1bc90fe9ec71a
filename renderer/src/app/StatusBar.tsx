/** The status bar: row counts of the current grid, save state, the last message, background jobs. */
import { t } from '../i18n/zh-CN';
import { useStatus } from './status';

const SAVE_TEXT = { saved: t.status.saved, saving: t.status.saving, failed: t.status.saveFailed } as const;

export function StatusBar() {
  const { rows, save, message, jobs } = useStatus();
  return (
    <footer className="status-bar" data-testid="status-bar">
      {rows && (
        <span className="status-rows" data-testid="status-rows">
          {t.status.rows(rows.total, rows.shown)}
        </span>
      )}
      <span className={`status-save status-save-${save}`} data-testid="status-save">
        {SAVE_TEXT[save]}
      </span>
      {message && (
        <span className={`status-message status-message-${message.kind}`} data-testid="status-message" title={message.text}>
          {message.text}
        </span>
      )}
      <span className="status-spacer" />
      {jobs.map((job) => (
        <span key={job.job} className="status-job" data-testid="status-job">
          <span>{job.label}</span>
          {job.total > 0 ? (
            <progress max={job.total} value={job.done} aria-label={job.label} />
          ) : (
            <progress aria-label={job.label} />
          )}
          {job.total > 0 && (
            <span className="status-job-count">
              {job.done}/{job.total}
            </span>
          )}
        </span>
      ))}
    </footer>
  );
}
