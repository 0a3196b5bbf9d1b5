import { describe, expect, it } from 'vitest';
import type { MarketInfo } from '../../src/domain/market.js';
import type { Signal } from '../../src/domain/signal.js';
import { judgeTarget } from '../../src/risk/approve.js';
import { tierFor } from '../../src/risk/confidenceTier.js';
import { cappedLeverage, leverageForConfidence } from '../../src/risk/leverageForConfidence.js';
import { liquidationBeyondStop } from '../../src/risk/liquidationBeyondStop.js';
import { maxLossPerPosition } from '../../src/risk/maxLossPerPosition.js';
import { trailStop } from '../../src/risk/trailingStop.js';
import type { Proposal, RiskContext } from '../../src/risk/types.js';
import { coreSettings } from './fixtures.js';
import { venueLimits } from '../../src/risk/venueLimits.js';
import type { Position } from '../../src/domain/position.js';

const settings = coreSettings;
const range = { min: 20, max: 125, default: 35 };
const market: MarketInfo = {
  symbol: 'SOL/USD',
  base: 'SOL',
  quote: 'USD',
  pricePrecision: 2,
  amountPrecision: 8,
  minAmount: 0.02,
  minCost: 0.5,
  maxLeverage: 125,
};

function signal(confidence: number, atr = 1): Signal {
  return {
    symbol: 'SOL/USD',
    barTime: 0,
    source: 'ensemble',
    direction: 'long',
    exposure: 1,
    rebalance: true,
    horizonBars: 24,
    confidence,
    class: 'BUY',
    atr,
    members: [],
    inputs: {},
  };
}
function ctx(confidence: number, over: Partial<RiskContext> = {}): RiskContext {
  return { signal: signal(confidence), market, settings, leverageRange: range, equity: 10_000, cash: 10_000, price: 100, takerFee: 0.0026, ...over };
}

describe('confidence tiers', () => {
  it('maps confidence to the reference sizes', () => {
    expect(tierFor(0.95, settings.tiers)?.size).toBe(1);
    expect(tierFor(0.85, settings.tiers)?.size).toBe(0.8);
    expect(tierFor(0.75, settings.tiers)?.size).toBe(0.5);
    expect(tierFor(0.67, settings.tiers)?.size).toBe(0.3);
    expect(tierFor(0.64, settings.tiers)).toBeUndefined();
  });
});

describe('leverage by confidence', () => {
  it('is the minimum in the lowest tier, the default halfway, the maximum at the top', () => {
    expect(leverageForConfidence(0.66, range, settings.tiers)).toBe(20);
    expect(leverageForConfidence(0.7, range, settings.tiers)).toBe(20);
    expect(leverageForConfidence(0.8, range, settings.tiers)).toBeCloseTo(35, 9);
    expect(leverageForConfidence(0.75, range, settings.tiers)).toBeCloseTo(27.5, 9);
    expect(leverageForConfidence(0.9, range, settings.tiers)).toBe(125);
    expect(leverageForConfidence(0.99, range, settings.tiers)).toBe(125);
  });
  it('is capped by the venue and the global cap', () => {
    expect(cappedLeverage(35, 3, 125)).toBe(3);
    expect(cappedLeverage(35, 50, 10)).toBe(10);
  });
});

describe('entry rules', () => {
  const base: Proposal = { symbol: 'SOL/USD', side: 'long', quantity: 1000, leverage: 35, stopDistance: 1.3, notes: [] };

  it('max loss per position caps the quantity so a stop-out costs at most 1.75% of equity', () => {
    const out = maxLossPerPosition(base, ctx(0.95));
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    const loss = out.proposal.quantity * (1.3 + 2 * 0.0026 * 100);
    expect(loss).toBeCloseTo(175, 6);
  });

  it('lowers leverage until the liquidation price lies beyond the stop', () => {
    const p = { ...base, stopDistance: 2, leverage: 125 }; // stop 2% away; 125x liquidates ~0.3% away
    const out = liquidationBeyondStop(p, ctx(0.95));
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    const lev = out.proposal.leverage;
    const liqDistance = 1 / lev - settings.maintenanceMarginRate;
    expect(liqDistance).toBeGreaterThan(0.02);
    expect(lev).toBeLessThan(125);
  });

  it('refuses an order below the venue minimum and rounds down to its precision', () => {
    expect(venueLimits({ ...base, quantity: 0.01 }, ctx(0.95)).ok).toBe(false);
    const out = venueLimits({ ...base, quantity: 1.123456789 }, ctx(0.95));
    expect(out.ok && out.proposal.quantity).toBe(1.12345678);
  });

  it('composes: the target notional as quantity, leverage by confidence, within every cap', () => {
    // ATR 0.3% of price: the loss caps do not bind, so the target's size shows unshrunk.
    const c = { ...ctx(0.95), signal: signal(0.95, 0.3) };
    const top = judgeTarget(c, { symbol: 'SOL/USD', side: 'long', weight: 0.3 });
    const low = judgeTarget({ ...c, signal: signal(0.66, 0.3) }, { symbol: 'SOL/USD', side: 'long', weight: 0.3 });
    expect(top.approved && low.approved).toBe(true);
    if (!top.approved || !low.approved) return;
    expect(low.proposal.quantity).toBeCloseTo((10_000 * 0.3) / 100, 6);
    expect(top.proposal.quantity).toBeCloseTo(low.proposal.quantity, 6);
    expect(low.proposal.leverage).toBe(20);
    expect(top.proposal.leverage).toBeGreaterThan(low.proposal.leverage);
  });

  it('never risks more than the max loss, whatever the weight, ATR or leverage', () => {
    for (const conf of [0.66, 0.72, 0.85, 0.95]) {
      for (const atr of [0.2, 1, 5]) {
        for (const weight of [0.05, 0.3, 1]) {
          const v = judgeTarget({ ...ctx(conf), signal: signal(conf, atr) }, { symbol: 'SOL/USD', side: 'long', weight });
          if (!v.approved) continue;
          const loss = v.proposal.quantity * (v.proposal.stopDistance + 2 * 0.0026 * 100);
          expect(loss).toBeLessThanOrEqual(175 + 1e-6);
          expect(1 / v.proposal.leverage - settings.maintenanceMarginRate).toBeGreaterThan(v.proposal.stopDistance / 100);
        }
      }
    }
  });
});

describe('trailing stop', () => {
  const pos: Position = {
    id: 'p',
    symbol: 'SOL/USD',
    side: 'long',
    quantity: 1,
    entryPrice: 100,
    entryTime: 0,
    leverage: 3,
    margin: 33,
    liquidationPrice: 67,
    stopPrice: 98.7,
    atr: 1,
    peakPrice: 100,
    trailing: false,
  };
  const bar = (high: number, low: number) => ({ time: 1, open: 100, high, low, close: high, volume: 1 });

  it('waits until price moved 0.8 ATR in favour, then trails 1.3 ATR behind the best price', () => {
    const quiet = trailStop(pos, bar(100.5, 99.9), settings);
    expect(quiet?.trailing).toBe(false);
    expect(quiet?.stopPrice).toBe(98.7);
    const moved = trailStop(pos, bar(101, 100), settings);
    expect(moved?.trailing).toBe(true);
    expect(moved?.stopPrice).toBeCloseTo(99.7, 9);
  });

  it('only tightens', () => {
    const trailing = { ...pos, trailing: true, peakPrice: 103, stopPrice: 101.7 };
    expect(trailStop(trailing, bar(102, 101.8), settings)).toBeUndefined();
  });

  it('mirrors for shorts', () => {
    const short = { ...pos, side: 'short' as const, stopPrice: 101.3, liquidationPrice: 133 };
    const out = trailStop(short, { time: 1, open: 100, high: 100.1, low: 99, close: 99.2, volume: 1 }, settings);
    expect(out?.trailing).toBe(true);
    expect(out?.stopPrice).toBeCloseTo(100.3, 9);
  });
});
