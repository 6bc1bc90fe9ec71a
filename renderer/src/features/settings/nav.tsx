/** The 系统 entries of this feature (UX.md 系统: 用户 · 备份 · 审计日志 · 导入模板 · 设置); the lead spreads them into the 系统 group. */
import type { NavEntry } from '../../app/nav';
import { TemplatesPage } from '../templates/TemplatesPage';
import { SettingsPage } from './SettingsPage';

export const systemNavEntries: NavEntry[] = [
  // Saving and deleting templates is clerk work (templates.save/delete need clerk), so clerks see the list too.
  { path: '/templates', label: '导入模板', render: () => <TemplatesPage />, role: 'clerk' },
  { path: '/settings', label: '设置', render: () => <SettingsPage />, role: 'admin' },
];
