/** The ledger an import, export or template names, or a Chinese refusal listing the ledgers there are. */
import { ApiError } from '../../errors';
import { ledgerByName, LEDGERS, type AnyLedger } from '../../ledgers';

export function importableLedger(name: string): AnyLedger {
  const ledger = ledgerByName(name);
  if (!ledger) throw new ApiError('validation', `没有名为“${name}”的台账。可用的台账:${Object.keys(LEDGERS).join('、')}`);
  return ledger;
}
