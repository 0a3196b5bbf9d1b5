import { describe, expect, it } from 'vitest';
import type { Position } from '../../src/domain/position.js';
import { openRisk } from '../../src/risk/openRisk.js';

const position = (over: Partial<Position>): Position => ({
  id: 'p',
  symbol: 'SOL/USD',
  side: 'long',
  quantity: 10,
  entryPrice: 100,
  entryTime: 0,
  leverage: 5,
  margin: 200,
  liquidationPrice: 80.5,
  stopPrice: 95,
  atr: 2,
  peakPrice: 100,
  trailing: false,
  ...over,
});

describe('openRisk', () => {
  it('sums, from the marks, what each position loses down to its stop plus the exit fee', () => {
    const long = position({});
    const short = position({ id: 's', symbol: 'ETH/USD', side: 'short', quantity: 2, entryPrice: 50, stopPrice: 52, margin: 20 });
    const marks = new Map([
      ['SOL/USD', 102],
      ['ETH/USD', 49],
    ]);
    // long: (102 - 95 + 0.0026 x 95) x 10 = 72.47; short: (52 - 49 + 0.0026 x 52) x 2 = 6.2704
    expect(openRisk([long, short], marks, 0.0026)).toBeCloseTo(72.47 + 6.2704, 9);
  });

  it('counts the gain above a trailing stop in profit, and only the fee once the mark is through the stop', () => {
    const trailing = position({ stopPrice: 105, trailing: true });
    expect(openRisk([trailing], new Map([['SOL/USD', 110]]), 0)).toBeCloseTo(50, 9);
    expect(openRisk([trailing], new Map([['SOL/USD', 104]]), 0.001)).toBeCloseTo(0.001 * 105 * 10, 9);
  });

  it('takes a position without a stop as risking all it is worth', () => {
    const naked = position({ stopPrice: undefined });
    // margin 200 + unrealised (98 - 100) x 10 = 180
    expect(openRisk([naked], new Map([['SOL/USD', 98]]), 0.0026)).toBeCloseTo(180, 9);
  });
});
