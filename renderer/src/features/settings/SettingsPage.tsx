/**
 * 系统 → 设置 (administrator only): the workspace facts (read-only), the LAN switch and the backup retention rule.
 * LAN access is one of two keys (docs/SECURITY.md "LAN mode"): turning it on is the risky direction, so it asks
 * for a confirmation and a reason (kept in the audit log); turning it off is the safe direction and saves at
 * once. The retention rule is edited on 系统 → 备份, next to the backups it prunes; this screen only states it.
 * The resource-use coefficients (资源化利用率系数) are edited here, saved with a reason (ResourceCoefficients.tsx).
 */
import { useCallback, useEffect, useState } from 'react';
import type { MethodOutput } from '../../../../db/api';
import { call } from '../../api';
import { status } from '../../app/status';
import { useWorkspace } from '../../app/workspace';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { backupsText } from '../backups/strings';
import { ResourceCoefficients } from './ResourceCoefficients';
import { settingsText as text } from './strings';

type Settings = MethodOutput<'settings.get'>;

export function SettingsPage() {
  const { info } = useWorkspace();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const result = await call('settings.get', {});
    if (!result.ok) return setLoadError(result.error.message);
    setLoadError(null);
    setSettings(result.data);
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const saveLan = async (lanAllowed: boolean, why?: string) => {
    setSaving(true);
    setError(null);
    const result = await call('settings.update', { lanAllowed, reason: why });
    setSaving(false);
    if (!result.ok) {
      setError(result.error.message);
      status.notify('error', result.error.message);
      return false;
    }
    setSettings(result.data);
    status.notify('info', result.data.lanAllowed ? text.lanTurnedOn : text.lanTurnedOff);
    return true;
  };

  const confirmOn = async () => {
    const why = reason.trim();
    if (!why) return setError(text.lanReasonNeeded);
    if (await saveLan(true, why)) {
      setAsking(false);
      setReason('');
    }
  };

  const toggle = () => {
    if (!settings || saving) return;
    setError(null);
    if (settings.lanAllowed) void saveLan(false);
    else setAsking(true);
  };

  return (
    <div className="ledger-page settings-page">
      <div className="ledger-page-title-row">
        <h1 className="page-title">{text.title}</h1>
      </div>
      <p className="muted">{text.intro}</p>

      <section className="settings-section" data-testid="settings-workspace">
        <h2 className="settings-title">{text.workspace}</h2>
        <dl className="settings-facts">
          <dt>{text.wsName}</dt>
          <dd data-testid="settings-ws-name">
            {info.name}
            {info.demo && <span className="settings-badge">{text.wsDemo}</span>}
          </dd>
          <dt>{text.wsFile}</dt>
          <dd>
            <code data-testid="settings-ws-file">{info.file}</code>
          </dd>
          <dt>{text.wsDir}</dt>
          <dd>
            <code>{info.dir}</code>
          </dd>
          <dt>{text.wsSchema}</dt>
          <dd data-testid="settings-ws-schema">{info.schemaVersion}</dd>
          <dt>{text.wsApp}</dt>
          <dd data-testid="settings-ws-app">{info.appVersion}</dd>
        </dl>
      </section>

      {loadError && (
        <p className="form-error" role="alert">
          {text.loadFailed}:{loadError}
        </p>
      )}
      {!settings && !loadError && <p className="muted">{text.loading}</p>}

      {settings && (
        <section className="settings-section" data-testid="settings-lan">
          <h2 className="settings-title">{text.lan}</h2>
          <div className="settings-switch-row">
            <button
              type="button"
              role="switch"
              aria-checked={settings.lanAllowed}
              aria-label={text.lanSwitch}
              className={settings.lanAllowed ? 'settings-switch settings-switch-on' : 'settings-switch'}
              disabled={saving}
              onClick={toggle}
              data-testid="settings-lan-switch"
            >
              <span className="settings-switch-knob" />
            </button>
            <span className={settings.lanAllowed ? 'settings-lan-state settings-lan-on' : 'settings-lan-state'} data-testid="settings-lan-state">
              {settings.lanAllowed ? text.lanOn : text.lanOff}
            </span>
          </div>
          <p>{text.lanWhat}</p>
          <LanKeys />
          <p className="settings-risk">{text.lanRisk}</p>
          <p className="muted">
            {text.lanOffEffect}
            {text.lanRestore}
          </p>
          {error && !asking && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
        </section>
      )}

      {settings && (
        <section className="settings-section" data-testid="settings-retention">
          <h2 className="settings-title">{text.retention}</h2>
          <p data-testid="settings-retention-rule">{backupsText.retentionWords(settings.retention)}</p>
          <p className="muted">
            {text.retentionWhere}{' '}
            <a href="#/backups" data-testid="settings-retention-link">
              {text.retentionLink}
            </a>
          </p>
        </section>
      )}

      {settings && <ResourceCoefficients value={settings.resourceCoefficients} onSaved={setSettings} />}

      {asking && (
        <ConfirmDialog
          title={text.lanConfirmTitle}
          confirmLabel={saving ? text.lanSaving : text.lanConfirm}
          busy={saving}
          focusCancel={false}
          onConfirm={() => void confirmOn()}
          onCancel={() => {
            if (saving) return;
            setAsking(false);
            setReason('');
            setError(null);
          }}
        >
          <p>{text.lanWhat}</p>
          <LanKeys />
          <p className="settings-risk">{text.lanRisk}</p>
          <label className="form-label" htmlFor="settings-lan-reason">
            {text.lanReason}
          </label>
          <textarea
            id="settings-lan-reason"
            className="input"
            rows={2}
            maxLength={200}
            autoFocus
            placeholder={text.lanReasonPlaceholder}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            data-testid="settings-lan-reason"
          />
          {error && (
            <p className="form-error" role="alert" data-testid="settings-lan-error">
              {error}
            </p>
          )}
        </ConfirmDialog>
      )}
    </div>
  );
}

/** The two keys of LAN mode (docs/SECURITY.md), with the operator's start command. */
function LanKeys() {
  return (
    <p>
      {text.lanKeysBefore}
      <code className="settings-command">{text.lanCommand}</code>
      {text.lanKeysAfter}
    </p>
  );
}
