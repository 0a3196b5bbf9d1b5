import { describe, expect, it } from 'vitest';
import { planForTarget } from '../../src/execution/actOnTarget.js';
import { MARKET_EXECUTION } from '../../src/execution/executionSettings.js';
import type { ExecutionSettings } from '../../src/execution/executionSettings.js';
import type { Target } from '../../src/domain/target.js';
import { allocate } from '../../src/portfolio/allocate.js';
import { input, pos, rule } from '../portfolio/fixtures.js';
import { ctx, signal as riskSignal } from '../risk/fixtures.js';

const LIMIT: ExecutionSettings = { orderType: 'limit', timeoutBars: 3, onTimeout: 'market' };

/** SOL/USD at 100 on 10,000 of equity, decided by the rule-based strategy at `exposure` of its sleeve. */
function planFor(exposure: number, held: number | undefined, execution: ExecutionSettings = MARKET_EXECUTION, price = 100) {
  const signal = {
    ...riskSignal({ confidence: undefined, expectedReturn: undefined, atr: 2 }),
    ...rule('SOL/USD', exposure > 0 ? 'long' : 'flat', exposure),
    atr: 2,
  };
  const position = held === undefined ? undefined : pos('SOL/USD', 'long', held);
  const [target] = allocate(input({ signals: [signal], positions: position ? [position] : [], assets: ['SOL/USD'] }));
  if (!target) throw new Error('no target');
  const plan = planForTarget({ signal, target, position, risk: ctx({ signal, price }), time: 0, execution, orderId: (purpose) => `e1-SOL-0-${purpose}` });
  return { target: target as Target, plan };
}

describe('planForTarget: from the portfolio target to orders', () => {
  it('opens the target notional, through every risk rule', () => {
    const { target, plan } = planFor(0.3, undefined);
    expect(target).toMatchObject({ action: 'open', weight: expect.closeTo(0.3, 12) });
    expect(plan.action).toBe('open_long');
    expect(plan.orders).toHaveLength(1);
    expect(plan.orders[0]).toMatchObject({ side: 'buy', type: 'market', reduceOnly: false, quantity: 30, clientOrderId: 'e1-SOL-0-o' });
  });

  it('adds the difference when the target grows past the band, as an order on the same side', () => {
    const { target, plan } = planFor(0.3, 2000);
    expect(target).toMatchObject({ action: 'resize', weight: expect.closeTo(0.3, 12) });
    expect(plan.action).toBe('resize');
    expect(plan.orders[0]).toMatchObject({ side: 'buy', reduceOnly: false, quantity: 10 });
  });

  it('reduces by the difference when the target shrinks past the band, reduce-only', () => {
    const { plan } = planFor(0.1, 2000);
    expect(plan.action).toBe('resize');
    expect(plan.orders[0]).toMatchObject({ side: 'sell', reduceOnly: true, quantity: 10, clientOrderId: 'e1-SOL-0-r' });
  });

  it('holds inside the band, and says only that', () => {
    const { target, plan } = planFor(0.22, 2000);
    expect(plan).toMatchObject({ action: 'hold', orders: [] });
    expect(plan.reason).toBe(target.reason);
    expect(plan.reason).toMatch(/^20\.00% held is within the rebalance band of the 22\.00% wanted/);
    expect(plan.reason).not.toMatch(/outside/);
  });

  it('closes the whole position when the strategy turns flat', () => {
    const { plan } = planFor(0, 2000);
    expect(plan.action).toBe('close');
    expect(plan.orders[0]).toMatchObject({ side: 'sell', reduceOnly: true, quantity: 20, clientOrderId: 'e1-SOL-0-x' });
  });

  it("with limit execution, rests a post-only limit at the signal bar's close, for entries and exits alike", () => {
    const entry = planFor(0.3, undefined, LIMIT).plan.orders[0];
    const exit = planFor(0, 2000, LIMIT).plan.orders[0];
    for (const o of [entry, exit]) expect(o).toMatchObject({ type: 'limit', limitPrice: 100, postOnly: true });
  });

  it('rounds a post-only limit to the tick on its own side of the close (a buy down, a sell up), never through it', () => {
    // SOL/USD trades in cents: 100.006 lies between 100.00 and 100.01.
    const entry = planFor(0.3, undefined, LIMIT, 100.006).plan.orders[0];
    const exit = planFor(0, 2000, LIMIT, 100.004).plan.orders[0];
    expect(entry).toMatchObject({ side: 'buy', limitPrice: 100 });
    expect(exit).toMatchObject({ side: 'sell', limitPrice: 100.01 });
  });
});
