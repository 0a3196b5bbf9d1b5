import { describe, expect, it } from 'vitest';
import type { Bar } from '../../src/domain/bar.js';
import type { Signal } from '../../src/domain/signal.js';
import { loadConfig } from '../../src/config/load.js';
import type { Scorer } from '../../src/ensemble/scorer.js';
import { engineSettingsFrom } from '../../src/execution/engineSettingsFrom.js';
import { MARKET_EXECUTION } from '../../src/execution/executionSettings.js';
import { TradingEngine, type EngineSettings, type StepOutcome } from '../../src/execution/tradingEngine.js';
import { paperVenue } from '../support/paperVenue.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2025-01-06T00:00:00Z');
const SYMBOL = 'ETH/USD';

/**
 * A scorer scripted for mechanics: a strong long on every bar (for BTC only from bar `btcFrom` on, flat
 * before; for ETH only when `eth`), its ATR 1% of the close.
 */
function alwaysLong(btcFrom = 0, eth = true): Scorer {
  return {
    name: 'scripted',
    warmup: 1,
    score(symbol: string, history: readonly Bar[]): Signal {
      const bar = history[history.length - 1] as Bar;
      const long = symbol === 'BTC/USD' ? bar.time >= T0 + btcFrom * HOUR : eth;
      return {
        symbol,
        barTime: bar.time,
        source: 'ensemble',
        direction: long ? 'long' : 'flat',
        exposure: long ? 1 : 0,
        rebalance: true,
        horizonBars: 1,
        confidence: long ? 0.95 : 0.5,
        class: long ? 'STRONG_BUY' : 'HOLD',
        expectedReturn: long ? 0.05 : 0,
        atr: bar.close * 0.01,
        members: [],
        inputs: {},
      };
    },
  };
}

// SYNTHETIC bars, scripted for mechanics only: a quiet range around 100, then flat bars and one gap down.
const bar = (i: number, open: number, close = open): Bar => ({
  time: T0 + i * HOUR,
  open,
  high: Math.max(open, close) + 0.1,
  low: Math.min(open, close) - 0.1,
  close,
  volume: 5000,
});
const warmup: Bar[] = Array.from({ length: 40 }, (_, i) => bar(i - 40, 100, i % 2 ? 100.4 : 99.6));

const settingsFor = (assets: readonly string[]) => {
  const { config } = loadConfig(undefined, [
    { path: ['assets'], value: assets, flag: '--assets' },
    { path: ['marketLead'], value: null, flag: 'test' },
  ]);
  // Market orders: the sizes are what is tested, not how orders fill.
  return { config, settings: { ...engineSettingsFrom(config, { slippageBps: 0, historyLength: 60, orderIdPrefix: 'e1' }), execution: MARKET_EXECUTION } };
};
const { config, settings: withScaling } = settingsFor([SYMBOL]);
const { drawdown: _, ...riskWithoutScaling } = withScaling.risk;
const withoutScaling: EngineSettings = { ...withScaling, risk: riskWithoutScaling };

/** A fresh engine on a flat simulated account of 10,000; the step feeds one bar to every asset. */
function engine(settings: EngineSettings, options: { equityPeak?: number; scorer?: Scorer } = {}) {
  const venue = paperVenue(config);
  const { scorer = alwaysLong(), ...restart } = options;
  const e = new TradingEngine(venue, () => scorer, settings, restart);
  const all = (bars: readonly Bar[]) => new Map(settings.assets.map((a) => [a, bars]));
  e.seed(all(warmup), new Map(settings.assets.map((a) => [a, (warmup.at(-1) as Bar).time])));
  return (b: Bar) => e.step({ time: b.time + HOUR, bars: all([b]) });
}

const entryQuantity = (o: StepOutcome, symbol = SYMBOL): number => {
  const entries = o.orders.filter((s) => !s.request.reduceOnly && s.request.symbol === symbol);
  expect(entries).toHaveLength(1);
  return (entries[0] as (typeof entries)[number]).request.quantity;
};

/**
 * Buy at 100, then a bar gaps down by `gap` through the stop (filled at the open), and the scorer asks for a
 * new long at once: the size of that entry, the size of the first one, and the drawdown it was decided in.
 */
async function afterGap(settings: EngineSettings, gap: number) {
  const step = engine(settings);
  const opened = await step(bar(0, 100)); // decided at the close, filled at the next open
  const held = await step(bar(1, 100));
  expect(held.fills.map((f) => f.effect)).toEqual(['open']);
  const after = await step(bar(2, 100 * (1 - gap)));
  expect(after.closedPositions.map((c) => c.exitReason)).toEqual(['stop']);
  const peak = Math.max(...[opened, held, after].map((o) => o.equity.equity));
  return { first: entryQuantity(opened), entry: entryQuantity(after), drawdown: 1 - after.equity.equity / peak };
}

describe('the engine scales entries by the drawdown from its own equity peak', () => {
  it('half size after a 5% drawdown', async () => {
    // A long of half the equity (the tier cap) loses about 6% on a 12% gap through its stop.
    const scaled = await afterGap(withScaling, 0.12);
    const plain = await afterGap(withoutScaling, 0.12);
    expect(scaled.drawdown).toBeGreaterThanOrEqual(0.05);
    expect(scaled.drawdown).toBeLessThan(0.1);
    // The first entry, at the peak, is full size; the one after the loss is half of what it would be.
    expect(scaled.first).toBe(plain.first);
    expect(scaled.entry / plain.entry).toBeCloseTo(0.5, 6);
  });

  it('a fifth after a 10% drawdown', async () => {
    const scaled = await afterGap(withScaling, 0.24);
    const plain = await afterGap(withoutScaling, 0.24);
    expect(scaled.drawdown).toBeGreaterThanOrEqual(0.1);
    expect(scaled.first).toBe(plain.first);
    expect(scaled.entry / plain.entry).toBeCloseTo(0.2, 6);
  });

  it('a restart continues from the peak of the stored curve', async () => {
    // Flat at 10,000 with a stored peak of 11,500 (13% below it): the first entry is already a fifth.
    const restarted = await engine(withScaling, { equityPeak: 11_500 })(bar(0, 100));
    const fresh = await engine(withScaling)(bar(0, 100));
    expect(entryQuantity(restarted) / entryQuantity(fresh)).toBeCloseTo(0.2, 6);
  });
});

describe('the engine sizes entries from marked equity', () => {
  it('not from the cash left beside an open position', async () => {
    // BTC opens at bar 2, once with ETH flat, once beside an ETH position that holds half of equity. The gross
    // budget is opened up so that the two positions do not compete for it: only cash differs between the runs.
    const base = settingsFor([SYMBOL, 'BTC/USD']).settings;
    const settings: EngineSettings = { ...base, portfolio: { ...base.portfolio, maxGrossExposure: 3 } };
    const alone = engine(settings, { scorer: alwaysLong(2, false) });
    const beside = engine(settings, { scorer: alwaysLong(2) });
    let a: StepOutcome | undefined;
    let b: StepOutcome | undefined;
    for (let i = 0; i <= 2; i++) {
      a = await alone(bar(i, 100));
      b = await beside(bar(i, 100));
    }
    const [one, two] = [a as StepOutcome, b as StepOutcome];
    expect(two.openPositions.map((p) => p.symbol)).toEqual([SYMBOL]);
    expect(two.cash).toBeLessThan(0.9 * two.equity.equity);
    // The same fraction of equity either way.
    expect(entryQuantity(two, 'BTC/USD') / two.equity.equity).toBeCloseTo(entryQuantity(one, 'BTC/USD') / one.equity.equity, 9);
  });
});

describe('keepDecisions', () => {
  it('false: the steps carry no decisions, and the same orders, fills and equity as with them', async () => {
    const kept = engine(withScaling);
    const dropped = engine({ ...withScaling, keepDecisions: false });
    let decisions = 0;
    for (let i = 0; i <= 5; i++) {
      const b = bar(i, i === 3 ? 97 : 100);
      const [a, d] = [await kept(b), await dropped(b)];
      decisions += a.decisions.length;
      expect(d.decisions).toEqual([]);
      expect({ orders: d.orders, fills: d.fills, equity: d.equity, positions: d.openPositions }).toEqual({
        orders: a.orders,
        fills: a.fills,
        equity: a.equity,
        positions: a.openPositions,
      });
    }
    expect(decisions).toBe(6);
  });

  it.each([true, false])(
    'false, signals that mostly hold between decisions and a kill switch (flatten %s) tripping on a hold: the same orders, fills and equity',
    async (flatten) => {
      // A decision at bars 0 and 5 only; in between the strategy holds, and a 1% fall (inside the stop)
      // trips the daily loss limit, so with flatten the close comes on a bar where nothing is decided.
      const decidingAt = (decide: readonly number[]): Scorer => {
        const long = alwaysLong();
        return {
          ...long,
          score: (symbol, history) => ({ ...(long.score(symbol, history) as Signal), rebalance: decide.includes(((history.at(-1) as Bar).time - T0) / HOUR) }),
        };
      };
      const settings: EngineSettings = { ...withScaling, killSwitch: { dailyLoss: 0.002, maxDrawdown: 0.5, flatten } };
      const kept = engine(settings, { scorer: decidingAt([0, 5]) });
      const dropped = engine({ ...settings, keepDecisions: false }, { scorer: decidingAt([0, 5]) });
      const orders: string[] = [];
      for (let i = 0; i <= 7; i++) {
        const b = bar(i, i >= 2 ? 99 : 100);
        const [a, d] = [await kept(b), await dropped(b)];
        orders.push(...a.orders.map((o) => `${i} ${o.request.side}${o.request.reduceOnly ? ' close' : ''}`));
        expect({ orders: d.orders, fills: d.fills, equity: d.equity, positions: d.openPositions, halted: d.halted }).toEqual({
          orders: a.orders,
          fills: a.fills,
          equity: a.equity,
          positions: a.openPositions,
          halted: a.halted,
        });
      }
      // The scenario does what it is meant to: one entry, and with flatten a close while halted.
      expect(orders.filter((o) => o.startsWith('0 buy'))).toHaveLength(1);
      expect(orders.some((o) => o.endsWith('close'))).toBe(flatten);
    },
  );
});
