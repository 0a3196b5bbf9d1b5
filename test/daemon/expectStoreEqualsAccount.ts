import { expect } from 'vitest';
import type { KrakenEmulator } from '../support/kraken/index.js';
import { auditLive, databaseOf, unexplainedBooks, type LiveAudit } from './liveHarness.js';

/**
 * What every live test ends on: no order sent or booked twice, every account trade in the store and no
 * other, the USD balance and positions equal, nothing left unresolved, and every equity point explained
 * by the fills booked by then. Returns the audit for test-specific checks.
 */
export function expectStoreEqualsAccount(emu: KrakenEmulator, home: string): LiveAudit {
  const audit = auditLive(emu, databaseOf(home));
  expect(audit.duplicatesSent).toEqual([]);
  expect(audit.duplicatesBooked).toEqual([]);
  expect(audit.fillsLost).toEqual([]);
  expect(audit.fillsInvented).toEqual([]);
  expect(audit.usd.store).toBeCloseTo(audit.usd.exchange, 4);
  expect(audit.positions.store).toEqual(audit.positions.exchange);
  expect(audit.unresolved).toBe(0);
  for (const gap of unexplainedBooks(databaseOf(home))) expect(gap).toBeLessThan(1e-6);
  return audit;
}
