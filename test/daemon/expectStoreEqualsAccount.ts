import { expect } from 'vitest';
import type { KrakenEmulator } from '../support/kraken/index.js';
import { auditLive, databaseOf, storeAccountDifferences, type LiveAudit } from './liveHarness.js';

/**
 * What every live test ends on: no order sent or booked twice, every account trade in the store and no
 * other, the USD balance and positions equal, nothing left unresolved, and every equity point explained
 * by the fills booked by then. Returns the audit for test-specific checks.
 */
export function expectStoreEqualsAccount(emu: KrakenEmulator, home: string): LiveAudit {
  const audit = auditLive(emu, databaseOf(home));
  expect(storeAccountDifferences(audit, databaseOf(home), 'end')).toEqual([]);
  return audit;
}
