/**
 * Every ledger by the name clerks and the CLI use for it (`npm run cli -- import <ledger>`, `export <ledger>`).
 * Import and export go through this list, so a ledger added here is importable and exportable everywhere.
 */
import type { RowMeta } from './ledger/record';
import type { LedgerService } from './ledger/service';
import { toilets } from './toilets/service';
import { streets } from './geo/streets';
import { communities } from './geo/communities';
import { estates } from './estates/service';
import { tonnage } from './estates/tonnage';
import { contractors } from './contractors/service';
import { contracts, sections } from './contracts/service';
import { indicatorTargets } from './indicators/service';
import { disposalMonths } from './disposal/service';

/** The registry holds ledgers of different row and context types; callers only use the shared service surface. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyLedger = LedgerService<RowMeta & any, any>;

export const LEDGERS: Record<string, AnyLedger> = {
  toilets,
  streets,
  communities,
  estates,
  tonnage,
  contractors,
  contracts,
  sections,
  targets: indicatorTargets,
  disposal: disposalMonths,
};

export function ledgerByName(name: string): AnyLedger | undefined {
  return Object.prototype.hasOwnProperty.call(LEDGERS, name) ? LEDGERS[name] : undefined;
}
