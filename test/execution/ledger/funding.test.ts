import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../src/domain/bar.js';
import type { FundingRates } from '../../../src/domain/funding.js';
import type { Position } from '../../../src/domain/position.js';
import { marketLiquidation } from '../../../src/execution/liquidationPrice.js';
import { fundingDue, PositionLedger, type FundingSchedule, type LedgerEvents } from '../../../src/execution/ledger/index.js';
import { shippedPerpetual } from '../../support/perpetuals.js';

const SYM = 'BTC/USD';
const H = 3_600_000;
const M = 60_000;
const T0 = Date.UTC(2024, 0, 1, 10);
const btc = shippedPerpetual(SYM);

/** TEST FIXTURE rates, not market data: 0.01% for the 10:00 period, -0.005% for 11:00, none stored for 12:00. */
const FIXTURE: FundingRates = { rateAt: (symbol, start) => (symbol !== SYM ? undefined : start === T0 ? 0.0001 : start === T0 + H ? -0.00005 : undefined) };
const SCHEDULE: FundingSchedule = { intervalMs: H, rates: FIXTURE, fallbackRate: 0.0000125 };

const position = (over: Partial<Position> = {}): Position => ({
  id: 'p1',
  symbol: SYM,
  side: 'long',
  quantity: 2,
  entryPrice: 50_000,
  entryTime: T0,
  leverage: 10,
  margin: 10_000,
  liquidationPrice: 45_500,
  atr: 1_000,
  peakPrice: 50_000,
  trailing: false,
  ...over,
});

const brief = (cs: readonly { time: number; rate: number; amount: number; assumed?: boolean }[]) =>
  cs.map((c) => [new Date(c.time).toISOString().slice(11, 16), c.rate, Number(c.amount.toFixed(9)), c.assumed ?? false]);

describe('fundingDue: a perpetual pays (or receives) rate x value at the end of every hour it is open', () => {
  it('a long of 2 BTC held from 10:00 pays 10, receives 5.1, then pays 1.225 at the configured rate (hand-computed)', () => {
    // Period 10:00-11:00, rate 0.0001, value 2 x 50,000: pays 10. 11:00-12:00, rate -0.00005, value 2 x 51,000:
    // receives 5.1. 12:00-13:00: no stored rate, the fallback 0.0000125 of 2 x 49,000: pays 1.225, marked assumed.
    const charges = [
      ...fundingDue(position(), T0, T0 + H, 50_000, SCHEDULE),
      ...fundingDue(position(), T0 + H, T0 + 2 * H, 51_000, SCHEDULE),
      ...fundingDue(position(), T0 + 2 * H, T0 + 3 * H, 49_000, SCHEDULE),
    ];
    expect(brief(charges)).toEqual([
      ['11:00', 0.0001, 10, false],
      ['12:00', -0.00005, -5.1, false],
      ['13:00', 0.0000125, 1.225, true],
    ]);
    expect(charges.map((c) => [c.kind, c.id, c.base])).toEqual([
      ['funding', `p1:funding@${T0 + H}`, 100_000],
      ['funding', `p1:funding@${T0 + 2 * H}`, 102_000],
      ['funding', `p1:funding@${T0 + 3 * H}`, 98_000],
    ]);
  });

  it('a short has the other side of every payment: it receives when the rate is positive', () => {
    const charges = fundingDue(position({ side: 'short' }), T0, T0 + 2 * H, 50_000, SCHEDULE);
    expect(brief(charges)).toEqual([
      ['11:00', 0.0001, -10, false],
      ['12:00', -0.00005, 5, false],
    ]);
  });

  it('an entry within a period pays the share of it the position was held; nothing is due before its end', () => {
    const p = position({ entryTime: T0 + 30 * M });
    expect(fundingDue(p, T0 + 30 * M, T0 + 55 * M, 50_000, SCHEDULE)).toEqual([]);
    // Held 30 of the 60 minutes of the 10:00 period: 0.0001 x 2 x 50,000 x 0.5 = 5.
    expect(brief(fundingDue(p, T0 + 55 * M, T0 + H, 50_000, SCHEDULE))).toEqual([['11:00', 0.0001, 5, false]]);
  });
});

describe('PositionLedger with funding: cash moves by minus the amount, so funding received adds to it', () => {
  const bar = (i: number, close: number): Bar => ({ time: T0 + i * H, open: close, high: close, low: close, close, volume: 1 });
  const events = (): LedgerEvents => ({ fills: [], closed: [], charges: [] });

  it('books the hand-computed example bar by bar, and nothing once the position is closed', () => {
    const ledger = new PositionLedger({
      cash: 20_000,
      positions: [],
      markets: new Map([[SYM, btc]]),
      liquidation: marketLiquidation(new Map([[SYM, btc]]), 0.005),
      funding: SCHEDULE,
      problem: (m) => new Error(m),
    });
    const ev = events();
    ledger.enter(
      { clientOrderId: 'p1', symbol: SYM, side: 'buy' },
      { fillId: 'f', orderId: 'p1', quantity: 2, price: 50_000, fee: 0, liquidity: 'maker', time: T0 },
      10,
      10_000,
      ev,
    );
    expect(ledger.cash).toBe(10_000);
    for (const [i, close] of [
      [0, 50_000],
      [1, 51_000],
      [2, 49_000],
    ] as const)
      ledger.accrue(SYM, bar(i, close), H, ev);
    expect(brief(ev.charges)).toEqual([
      ['11:00', 0.0001, 10, false],
      ['12:00', -0.00005, -5.1, false],
      ['13:00', 0.0000125, 1.225, true],
    ]);
    expect(ledger.cash).toBeCloseTo(10_000 - 10 + 5.1 - 1.225, 9);
    const p = ledger.position(SYM);
    if (!p) throw new Error('no position');
    ledger.reduce(p, { fillId: 'x', orderId: 'x', quantity: 2, price: 49_000, fee: 0, liquidity: 'maker', time: T0 + 3 * H }, 'close', ev);
    ledger.accrue(SYM, bar(3, 49_000), H, ev);
    expect(ev.charges).toHaveLength(3);
  });
});
