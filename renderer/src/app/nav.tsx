/**
 * The left navigation as data. An entry is listed only when its screen works (UX.md): later screens add a
 * line here with their route and page component, nothing else changes.
 */
import type { ReactNode } from 'react';
import { ContractorsPage } from '../features/contractors/ContractorsPage';
import { ContractsPage } from '../features/contracts/ContractsPage';
import { EstatesPage } from '../features/estates/EstatesPage';
import { GeoPage } from '../features/geo/GeoPage';
import { ToiletsPage } from '../features/toilets/ToiletsPage';
import { t } from '../i18n/zh-CN';

export interface NavEntry {
  path: string;
  label: string;
  render: () => ReactNode;
}

export interface NavGroup {
  label: string;
  entries: NavEntry[];
}

export const NAV: NavGroup[] = [
  {
    label: t.nav.ledgers,
    entries: [
      { path: '/geo', label: t.nav.geo, render: () => <GeoPage /> },
      { path: '/estates', label: t.nav.estates, render: () => <EstatesPage /> },
      { path: '/contractors', label: t.nav.contractors, render: () => <ContractorsPage /> },
      { path: '/contracts', label: t.nav.contracts, render: () => <ContractsPage /> },
      { path: '/toilets', label: t.nav.toilets, render: () => <ToiletsPage /> },
    ],
  },
];

export const DEFAULT_PATH = NAV[0].entries[0].path;

export function findEntry(path: string): NavEntry | undefined {
  for (const group of NAV) {
    const hit = group.entries.find((e) => e.path === path);
    if (hit) return hit;
  }
  return undefined;
}
