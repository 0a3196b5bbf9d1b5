import { describe, expect, it } from 'vitest';
import { planForTarget } from '../../src/execution/actOnTarget.js';
import { allocate } from '../../src/portfolio/allocate.js';
import { input, pos, sig } from '../portfolio/fixtures.js';
import { ctx } from '../risk/fixtures.js';

/**
 * A SOL/USD long kept by a signal that agrees at 0.75 (risk tier size 0.5). Alone, SOL's weight is its
 * tier cap, 10% of the 10,000 equity; the position was opened at weight x tier size, so the engine sizes
 * the target margin at 10% x 0.5 = 5%.
 */
function planFor(margin: number) {
  const signal = sig('SOL/USD', 'long', 0.75);
  const position = pos('SOL/USD', 'long', margin);
  const [target] = allocate(input({ signals: [signal], positions: [position], volatility: { 'SOL/USD': 0.02 } }));
  if (!target) throw new Error('no target');
  const plan = planForTarget({
    signal,
    target,
    position,
    risk: ctx({ signal }),
    time: 0,
    rebalanceBand: 0.25,
    orderId: (purpose) => `${purpose}-1`,
  });
  return { target, plan };
}

describe('planForTarget: the reason of a resize the engine does not carry out', () => {
  it('below the target: holds because a position is never added to, and does not claim to be within the band', () => {
    const { target, plan } = planFor(300);
    expect(target).toMatchObject({ action: 'resize', weight: 0.1 });
    expect(target.reason).toBe("weight 10.00% against the position's margin of 3.00% of equity: outside the rebalance band; signal agrees at 0.750");
    expect(plan).toMatchObject({ action: 'hold', orders: [] });
    expect(plan.reason).toBe(
      "hold: the target margin 5.00% of equity (weight 10.00% x tier size 0.5) is not below the position's margin 3.00%, and a position is never added to; " +
        `portfolio: ${target.reason}`,
    );
    expect(plan.reason).not.toMatch(/within the rebalance band/);
  });

  it('just above the target: within the band of the margin it was compared with, named as such', () => {
    const { target, plan } = planFor(550);
    expect(target.action).toBe('resize');
    expect(plan.action).toBe('hold');
    expect(plan.reason).toBe(
      "hold: the position's margin 5.50% is within the rebalance band of the target margin 5.00% of equity (weight 10.00% x tier size 0.5); " +
        `portfolio: ${target.reason}`,
    );
  });

  it('well above the target: reduces to it', () => {
    const { plan } = planFor(1500);
    expect(plan.action).toBe('resize');
    expect(plan.quantity).toBe(0.66666666);
    expect(plan.orders).toHaveLength(1);
  });
});
