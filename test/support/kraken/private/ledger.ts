import type { KrakenIds } from './krakenIds.js';
import { krakenTime } from './privateOrder.js';

/** Kraken's ledger entry types the emulator writes. */
export type LedgerType = 'trade' | 'margin' | 'rollover';

/** One change to one balance (Ledgers' entry): what moved, why (`refid`), and the fee taken with it. */
export interface LedgerEntry {
  readonly id: string;
  /** The trade (trade, margin) or the margin position (rollover) the entry belongs to. */
  readonly refid: string;
  readonly time: number;
  readonly type: LedgerType;
  readonly asset: string;
  /** Signed change before the fee. */
  readonly amount: number;
  readonly fee: number;
  /** The asset's balance after the entry. */
  readonly balance: number;
}

/**
 * The account's ledger, in the order things happened. Spot trades write a 'trade' entry per asset; a
 * margin trade one 'margin' entry in the quote (amount: the profit a close realised; fee: the trade fee,
 * plus the margin opening fee on an opening trade); a rollover a 'rollover' entry whose refid is the
 * position (its opening trade). Kraken charges margin fees in the asset lent; the emulator charges them
 * all in the quote, at the lent asset's rate.
 */
export class Ledger {
  readonly entries: LedgerEntry[] = [];

  constructor(private readonly ids: KrakenIds) {}

  write(e: Omit<LedgerEntry, 'id'>): void {
    this.entries.push({ id: this.ids.next('L'), ...e });
  }
}

/** Ledgers' entry, with amounts at the asset's decimals as Kraken prints them. */
export function ledgerEntry(e: LedgerEntry, decimals: (asset: string) => number): Record<string, unknown> {
  const d = decimals(e.asset);
  return {
    refid: e.refid,
    time: krakenTime(e.time),
    type: e.type,
    subtype: '',
    aclass: 'currency',
    asset: e.asset,
    amount: e.amount.toFixed(d),
    fee: e.fee.toFixed(d),
    balance: e.balance.toFixed(d),
  };
}
