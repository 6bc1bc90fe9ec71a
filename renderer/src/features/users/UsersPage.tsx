/**
 * 系统 → 用户 (administrator only): every user with login, name, role, state and last login; add a user, change
 * name or role, deactivate / activate, reset a password. A plain dense table: a district office has a few dozen
 * users at most. Every rule (last administrator, yourself, password rule, taken login) is decided in db/ and its
 * Chinese message shown where it applies.
 */
import { useCallback, useEffect, useState } from 'react';
import type { UserRecord } from '../../../../db/api';
import { call } from '../../api';
import { ROLE_LABEL } from '../../app/roles';
import { status } from '../../app/status';
import { useWorkspace } from '../../app/workspace';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ResetPasswordDialog, UserDialog } from './UserDialogs';
import { usersText } from './strings';
import './users.css';

type Dialog = { kind: 'create' } | { kind: 'edit'; user: UserRecord } | { kind: 'reset'; user: UserRecord } | { kind: 'deactivate'; user: UserRecord };

function dateTime(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function UsersPage() {
  const { info } = useWorkspace();
  const [users, setUsers] = useState<UserRecord[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [rowError, setRowError] = useState<{ id: number; message: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    const result = await call('users.list', {});
    if (result.ok) {
      setUsers(result.data);
      setLoadError(null);
      const active = result.data.filter((u) => u.active).length;
      status.setRows({ total: result.data.length, shown: result.data.length });
      status.notify('info', usersText.count(result.data.length, active));
    } else setLoadError(result.error.message);
  }, []);

  useEffect(() => {
    void load();
    return () => status.setRows(null);
  }, [load]);

  const setActive = async (user: UserRecord, active: boolean) => {
    setBusy(true);
    setRowError(null);
    const result = await call('users.update', { id: user.id, version: user.version, patch: { active } });
    setBusy(false);
    setDialog(null);
    if (result.ok) {
      status.notify('info', active ? usersText.activated(user.name) : usersText.deactivated(user.name));
    } else {
      setRowError({ id: user.id, message: result.error.message });
      status.notify('error', result.error.message);
    }
    await load();
  };

  const saved = async (message: string) => {
    setDialog(null);
    setRowError(null);
    status.notify('info', message);
    await load();
  };

  return (
    <div className="ledger-page users-page">
      <div className="ledger-page-title-row">
        <h1 className="page-title">{usersText.title}</h1>
      </div>
      <p className="muted">{usersText.intro}</p>
      <div className="toolbar">
        <button type="button" className="button button-primary" onClick={() => setDialog({ kind: 'create' })} data-testid="users-add">
          {usersText.add}
        </button>
        <button type="button" className="button" onClick={() => void load()}>
          {usersText.refresh}
        </button>
      </div>
      {loadError && (
        <p className="form-error" role="alert">
          {usersText.loadFailed}:{loadError}
        </p>
      )}
      {!users && !loadError && <p className="muted">{usersText.loading}</p>}
      {users && (
        <div className="users-table-wrap">
          <table className="users-table" data-testid="users-table">
            <thead>
              <tr>
                <th>{usersText.colLogin}</th>
                <th>{usersText.colName}</th>
                <th>{usersText.colRole}</th>
                <th>{usersText.colActive}</th>
                <th>{usersText.colLastLogin}</th>
                <th>{usersText.colActions}</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id} className={u.active ? undefined : 'users-inactive'} data-testid={`user-row-${u.login}`}>
                  <td className="users-login">{u.login}</td>
                  <td>
                    {u.name}
                    {u.id === info.user.id && <span className="muted">{usersText.you}</span>}
                  </td>
                  <td title={usersText.roleHelp[u.role]}>{ROLE_LABEL[u.role]}</td>
                  <td data-testid="user-state">
                    {u.active ? usersText.active : usersText.inactive}
                    {!u.hasPassword && <span className="users-flag">{usersText.noPassword}</span>}
                    {u.lockedUntil && <span className="users-flag users-locked">{usersText.lockedUntil(dateTime(u.lockedUntil))}</span>}
                  </td>
                  <td className="users-time">{u.lastLoginAt ? dateTime(u.lastLoginAt) : <span className="muted">{usersText.never}</span>}</td>
                  <td className="users-actions">
                    <button type="button" className="link-button" onClick={() => setDialog({ kind: 'edit', user: u })} data-testid="user-edit">
                      {usersText.edit}
                    </button>
                    <button type="button" className="link-button" onClick={() => setDialog({ kind: 'reset', user: u })} data-testid="user-reset">
                      {usersText.resetPassword}
                    </button>
                    {u.active ? (
                      <button type="button" className="link-button" disabled={busy} onClick={() => setDialog({ kind: 'deactivate', user: u })} data-testid="user-deactivate">
                        {usersText.deactivate}
                      </button>
                    ) : (
                      <button type="button" className="link-button" disabled={busy} onClick={() => void setActive(u, true)} data-testid="user-activate">
                        {usersText.activate}
                      </button>
                    )}
                    {rowError?.id === u.id && (
                      <div className="field-error" role="alert" data-testid="user-row-error">
                        {rowError.message}
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {dialog?.kind === 'create' && <UserDialog onClose={() => setDialog(null)} onSaved={(u) => void saved(usersText.created(u.name))} />}
      {dialog?.kind === 'edit' && <UserDialog user={dialog.user} onClose={() => setDialog(null)} onSaved={(u) => void saved(usersText.saved(u.name))} />}
      {dialog?.kind === 'reset' && (
        <ResetPasswordDialog user={dialog.user} onClose={() => setDialog(null)} onDone={() => void saved(usersText.resetDone(dialog.user.name))} />
      )}
      {dialog?.kind === 'deactivate' && (
        <ConfirmDialog
          title={usersText.deactivateTitle(dialog.user.name)}
          confirmLabel={usersText.deactivate}
          danger
          busy={busy}
          onConfirm={() => void setActive(dialog.user, false)}
          onCancel={() => setDialog(null)}
        >
          <p>{usersText.deactivateText}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
