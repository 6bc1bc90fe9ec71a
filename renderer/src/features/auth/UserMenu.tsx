/**
 * The user menu in the top bar (UX.md "Window"): the logged-in user's name and role, 修改密码 and 退出登录.
 */
import { useEffect, useRef, useState } from 'react';
import { ChangePasswordDialog } from './ChangePasswordDialog';
import { authText } from './strings';
import './auth.css';

export interface UserMenuProps {
  name: string;
  roleLabel: string;
  onLogout(): void;
  onPasswordChanged(): void;
}

export function UserMenu({ name, roleLabel, onLogout, onPasswordChanged }: UserMenuProps) {
  const [open, setOpen] = useState(false);
  const [changing, setChanging] = useState(false);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  return (
    <div className="user-menu" ref={ref}>
      <button
        type="button"
        className="user-menu-button"
        aria-haspopup="menu"
        aria-expanded={open}
        title={authText.userMenuTitle}
        onClick={() => setOpen(!open)}
        data-testid="current-user"
      >
        {name}
        <span className="user-role" data-testid="current-role">
          {roleLabel}
        </span>
        <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div
          className="user-menu-list"
          role="menu"
          onKeyDown={(e) => {
            if (e.key === 'Escape') setOpen(false);
          }}
        >
          <button
            type="button"
            role="menuitem"
            className="user-menu-item"
            autoFocus
            onClick={() => {
              setOpen(false);
              setChanging(true);
            }}
            data-testid="menu-change-password"
          >
            {authText.changePassword}
          </button>
          <button
            type="button"
            role="menuitem"
            className="user-menu-item"
            onClick={() => {
              setOpen(false);
              onLogout();
            }}
            data-testid="menu-logout"
          >
            {authText.logout}
          </button>
        </div>
      )}
      {changing && (
        <ChangePasswordDialog
          onClose={() => setChanging(false)}
          onChanged={() => {
            setChanging(false);
            onPasswordChanged();
          }}
        />
      )}
    </div>
  );
}
