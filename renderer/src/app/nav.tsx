/**
 * The left navigation as data. An entry is listed only when its screen works (UX.md): later screens add a
 * line here with their route and page component, nothing else changes.
 */
import { lazy, Suspense, type ReactNode } from 'react';
import { ContractorsPage } from '../features/contractors/ContractorsPage';
import { ContractsPage } from '../features/contracts/ContractsPage';
import { EstatesPage } from '../features/estates/EstatesPage';
import { GeoPage } from '../features/geo/GeoPage';
import { ToiletsPage } from '../features/toilets/ToiletsPage';
import { DisposalPage } from '../features/disposal/DisposalPage';
import { InspectionsPage } from '../features/assessment/inspections/InspectionsPage';
import { RectificationsPage } from '../features/assessment/rectifications/RectificationsPage';
import { SchemesPage } from '../features/assessment/schemes/SchemesPage';
import { ScoresPage } from '../features/assessment/scores/ScoresPage';
import { rankingNavGroup } from '../features/bulletins/nav';
import { BackupsPage } from '../features/backups/BackupsPage';
import { backupsText } from '../features/backups/strings';
import { AuditLogPage } from '../features/audit/AuditLogPage';
import { systemNavEntries } from '../features/settings/nav';
import { auditText } from '../features/audit/strings';
import { UsersPage } from '../features/users/UsersPage';
import { usersText } from '../features/users/strings';
import { IndicatorsPage } from '../features/indicators/IndicatorsPage';
import { t } from '../i18n/zh-CN';
import { roleAtLeast, type Role } from './roles';

// The dashboard is its own chunk: ECharts is loaded when the dashboard is opened, not with every ledger screen.
const DashboardPage = lazy(() => import('../features/dashboard/DashboardPage').then((m) => ({ default: m.DashboardPage })));

export interface NavEntry {
  path: string;
  label: string;
  render: () => ReactNode;
  /** The least role that sees the entry (the methods behind it need it); none: every logged-in user. */
  role?: Role;
}

export interface NavGroup {
  label: string;
  entries: NavEntry[];
}

export const NAV: NavGroup[] = [
  {
    label: t.nav.dashboard,
    entries: [
      {
        path: '/dashboard',
        label: t.nav.dashboard,
        render: () => (
          <Suspense fallback={<p className="muted">正在载入统计看板…</p>}>
            <DashboardPage />
          </Suspense>
        ),
      },
    ],
  },
  {
    label: t.nav.ledgers,
    entries: [
      { path: '/geo', label: t.nav.geo, render: () => <GeoPage /> },
      { path: '/estates', label: t.nav.estates, render: () => <EstatesPage /> },
      { path: '/contractors', label: t.nav.contractors, render: () => <ContractorsPage /> },
      { path: '/contracts', label: t.nav.contracts, render: () => <ContractsPage /> },
      { path: '/toilets', label: t.nav.toilets, render: () => <ToiletsPage /> },
      { path: '/disposal', label: '清运处置', render: () => <DisposalPage /> },
    ],
  },
  {
    label: t.nav.assessment,
    entries: [
      { path: '/schemes', label: t.nav.schemes, render: () => <SchemesPage /> },
      { path: '/inspections', label: t.nav.inspections, render: () => <InspectionsPage /> },
      { path: '/rectifications', label: t.nav.rectifications, render: () => <RectificationsPage /> },
      { path: '/scores', label: t.nav.scores, render: () => <ScoresPage /> },
    ],
  },
  rankingNavGroup,
  { label: t.nav.indicators, entries: [{ path: '/indicators', label: t.nav.indicators, render: () => <IndicatorsPage /> }] },
  {
    label: usersText.navGroup,
    entries: [
      { path: '/users', label: usersText.navEntry, render: () => <UsersPage />, role: 'admin' },
      { path: '/backups', label: backupsText.navEntry, render: () => <BackupsPage />, role: 'admin' },
      { path: '/audit', label: auditText.navEntry, render: () => <AuditLogPage />, role: 'supervisor' },
      ...systemNavEntries,
    ],
  },
];

/** The groups and entries a user of `role` sees; a group with nothing visible is left out. */
export function navFor(role: Role): NavGroup[] {
  return NAV.map((g) => ({ ...g, entries: g.entries.filter((e) => roleAtLeast(role, e.role)) })).filter((g) => g.entries.length > 0);
}

/** The first ledger: where a clerk starts the day (the dashboard is one click above it). */
export const DEFAULT_PATH = '/geo';

export function findEntry(path: string): NavEntry | undefined {
  for (const group of NAV) {
    const hit = group.entries.find((e) => e.path === path);
    if (hit) return hit;
  }
  return undefined;
}
