export { PositionLedger, type Booked, type LedgerOptions } from './positionLedger.js';
export { borrowedCurrency, financingRate, isOnMargin, openingCharge, rolloversDue, type FinancingSchedule } from './financing.js';
export { increasedPosition } from './increasedPosition.js';
export { openedPosition, positionSideOf } from './openedPosition.js';
export { reduction, type Reduction } from './reduction.js';
export type { ClosingEffect, EntryOrder, Execution, LedgerEvents } from './ledgerTypes.js';
export { fundingDue, type FundingSchedule } from './funding.js';
