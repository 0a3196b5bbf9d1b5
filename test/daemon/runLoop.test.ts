import { describe, expect, it } from 'vitest';
import type { Bar } from '../../src/domain/bar.js';
import type { FeedUpdate, MarketFeed } from '../../src/domain/ports.js';
import type { Signal } from '../../src/domain/signal.js';
import { loadConfig } from '../../src/config/load.js';
import type { IterationReport, LoopErrorKind } from '../../src/daemon/heartbeat.js';
import { runLoop, type RunLoopOptions } from '../../src/daemon/runLoop.js';
import type { Scorer } from '../../src/ensemble/scorer.js';
import { SimulatedVenue } from '../../src/execution/simulatedVenue.js';
import { engineSettingsFrom } from '../../src/execution/engineSettingsFrom.js';
import { TradingEngine } from '../../src/execution/tradingEngine.js';
import { FatalError, RetryableError } from '../../src/internal/errors.js';
import type { Logger } from '../../src/internal/logger.js';
import { configuredMarkets } from '../../src/runtime/tradingRuntime.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2025-02-03T00:00:00Z');

/** A feed scripted step by step: an update, or an error to throw. */
class ScriptedFeed implements MarketFeed {
  readonly kind = 'exchange' as const;
  polls = 0;
  constructor(private readonly script: (poll: number) => FeedUpdate | Error) {}
  history(): Promise<Bar[]> {
    return Promise.resolve([]);
  }
  poll(): Promise<FeedUpdate | 'end'> {
    const next = this.script(this.polls++);
    return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
  }
}

const hold: Scorer = {
  name: 'hold',
  warmup: 1,
  score(symbol: string, history: readonly Bar[]): Signal {
    const bar = history[history.length - 1] as Bar;
    return {
      symbol,
      barTime: bar.time,
      source: 'rule',
      direction: 'flat',
      exposure: 0,
      rebalance: true,
      horizonBars: 1,
      class: 'HOLD',
      atr: 1,
      members: [],
      inputs: {},
    };
  },
};

function engine(): { engine: TradingEngine; venue: SimulatedVenue } {
  const { config } = loadConfig(undefined, [
    { path: ['assets'], value: ['SOL/USD'], flag: '--assets' },
    { path: ['marketLead'], value: null, flag: 'test' },
  ]);
  const venue = new SimulatedVenue({
    markets: configuredMarkets(config),
    fees: config.fees,
    slippageBps: 0,
    maintenanceMarginRate: 0.005,
    state: { cash: 5_000, positions: [], openOrders: [] },
  });
  const e = new TradingEngine(venue, () => hold, engineSettingsFrom(config, { slippageBps: 0, historyLength: 10, orderIdPrefix: 'e1' }));
  return { engine: e, venue };
}

// SYNTHETIC bars for loop mechanics only.
const bar = (i: number): Bar => ({ time: T0 + i * HOUR, open: 100, high: 101, low: 99, close: 100 + i, volume: 10 });
const withBar = (i: number): FeedUpdate => ({ time: T0 + (i + 1) * HOUR, bars: new Map([['SOL/USD', [bar(i)]]]) });
const empty = (i: number): FeedUpdate => ({ time: T0 + i * HOUR + 1000, bars: new Map() });

interface Recorded {
  readonly lines: { level: string; msg: string; fields: Record<string, unknown> }[];
  readonly reports: IterationReport[];
  readonly errors: LoopErrorKind[];
}

function options(feed: MarketFeed, e: TradingEngine, over: Partial<RunLoopOptions> = {}): { o: RunLoopOptions; rec: Recorded } {
  const rec: Recorded = { lines: [], reports: [], errors: [] };
  const logger: Logger = {
    info: (msg, fields = {}) => rec.lines.push({ level: 'info', msg, fields }),
    warn: (msg, fields = {}) => rec.lines.push({ level: 'warn', msg, fields }),
    error: (msg, fields = {}) => rec.lines.push({ level: 'error', msg, fields }),
    debug: (msg, fields = {}) => rec.lines.push({ level: 'debug', msg, fields }),
    child: () => logger,
  };
  let now = 0;
  const o: RunLoopOptions = {
    feed,
    engine: e,
    persist: () => undefined,
    pause: async (ms) => {
      now += ms;
    },
    intervalMs: 1000,
    signal: new AbortController().signal,
    logger,
    monotonic: () => now,
    observer: { iteration: (r) => rec.reports.push(r), error: (k) => rec.errors.push(k) },
    ...over,
  };
  return { o, rec };
}

describe('the run loop', () => {
  it('reports every iteration: a heartbeat at info with equity, positions and latency, and the metrics hooks', async () => {
    const { engine: e, venue } = engine();
    const feed = new ScriptedFeed((i) => (i % 2 === 0 ? withBar(i) : empty(i)));
    const { o, rec } = options(feed, e, { maxIterations: 6, account: () => venue.account() });
    const summary = await runLoop(o);
    expect(summary).toMatchObject({ iterations: 6, reason: 'iterations', decisions: 3 });
    const beats = rec.lines.filter((l) => l.msg === 'heartbeat');
    expect(beats.map((b) => b.level)).toEqual(Array(6).fill('info'));
    expect(beats[0]?.fields).toMatchObject({ iteration: 1, newBars: 1, equity: 5000, cash: 5000, positions: 0, openOrders: 0 });
    expect(typeof beats[0]?.fields['latencyMs']).toBe('number');
    expect(rec.reports.map((r) => r.newBars)).toEqual([1, 0, 1, 0, 1, 0]);
    expect(rec.reports.filter((r) => r.outcome !== undefined)).toHaveLength(3);
    expect(rec.errors).toEqual([]);
  });

  it('backtests (decisions not logged) keep the heartbeat at debug', async () => {
    const { engine: e } = engine();
    const { o, rec } = options(new ScriptedFeed(withBar), e, { maxIterations: 2, logDecisions: false });
    await runLoop(o);
    expect(rec.lines.filter((l) => l.msg === 'heartbeat').map((l) => l.level)).toEqual(['debug', 'debug']);
  });

  it('retries market data that is down, and carries on when it is back', async () => {
    const { engine: e } = engine();
    const feed = new ScriptedFeed((i) => (i >= 1 && i <= 3 ? new RetryableError('kraken unavailable') : withBar(i)));
    const { o, rec } = options(feed, e, { maxIterations: 6, retryBudgetMs: 60_000 });
    const summary = await runLoop(o);
    expect(summary.iterations).toBe(6);
    expect(rec.errors).toEqual(['retryable', 'retryable', 'retryable']);
    expect(rec.reports.map((r) => r.recoveredAfter)).toEqual([undefined, 3, undefined]);
  });

  it('gives up with a RetryableError (exit 75) once market data stays down beyond the retry budget', async () => {
    const { engine: e } = engine();
    const feed = new ScriptedFeed(() => new RetryableError('kraken unreachable'));
    const { o } = options(feed, e, { retryBudgetMs: 20_000 });
    const err = await runLoop(o).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(RetryableError);
    expect((err as RetryableError).exitCode).toBe(75);
    expect((err as Error).message).toMatch(/beyond the retry budget of 20\.0 s/);
    // Pauses of 2, 4, 8, 16 s: the fifth failure is past the budget.
    expect(feed.polls).toBe(5);
  });

  it('stops at once on a fatal error (exit 1), in the feed or in a step', async () => {
    const { engine: e } = engine();
    const { o, rec } = options(new ScriptedFeed(() => new FatalError('kraken refused the API key')), e, { retryBudgetMs: 1e9 });
    await expect(runLoop(o)).rejects.toBeInstanceOf(FatalError);
    expect(rec.errors).toEqual(['fatal']);

    const failing = options(new ScriptedFeed(withBar), e, {
      persist: () => {
        throw new FatalError('store write failed');
      },
    });
    await expect(runLoop(failing.o)).rejects.toThrow('store write failed');
    expect(failing.rec.errors).toEqual(['fatal']);
    expect(failing.rec.reports).toEqual([]);
  });

  it('ends after the iteration in progress when signalled', async () => {
    const { engine: e } = engine();
    const stop = new AbortController();
    const feed = new ScriptedFeed((i) => {
      if (i === 2) stop.abort();
      return withBar(i);
    });
    const { o, rec } = options(feed, e, { signal: stop.signal });
    const summary = await runLoop(o);
    expect(summary).toMatchObject({ reason: 'signal', iterations: 3 });
    expect(rec.reports).toHaveLength(3);
  });

  it("reports the drawdown from the epoch's peak equity, as the risk rules measure it", async () => {
    const long: Scorer = {
      ...hold,
      score: (symbol, history) => ({ ...hold.score(symbol, history), direction: 'long', exposure: 1, class: 'STRONG_BUY' }) as Signal,
    };
    const { config } = loadConfig(undefined, [
      { path: ['assets'], value: ['SOL/USD'], flag: '--assets' },
      { path: ['marketLead'], value: null, flag: 'test' },
    ]);
    const venue = new SimulatedVenue({
      markets: configuredMarkets(config),
      fees: config.fees,
      slippageBps: 0,
      maintenanceMarginRate: 0.005,
      state: { cash: 5_000, positions: [], openOrders: [] },
    });
    const e = new TradingEngine(venue, () => long, engineSettingsFrom(config, { slippageBps: 0, historyLength: 10, orderIdPrefix: 'e1' }));
    // SYNTHETIC: up for three bars, then down.
    const close = (i: number) => (i < 3 ? 100 + 2 * i : 104 - 3 * (i - 2));
    const feed = new ScriptedFeed((i) => ({
      time: T0 + (i + 1) * HOUR,
      bars: new Map([['SOL/USD', [{ ...bar(i), high: close(i) + 1, low: close(i) - 1, close: close(i) }]]]),
    }));
    const { o, rec } = options(feed, e, { maxIterations: 7, account: () => venue.account() });
    await runLoop(o);
    let peak = 0;
    for (const r of rec.reports) {
      peak = Math.max(peak, r.equity);
      expect(r.drawdown).toBeCloseTo((peak - r.equity) / peak, 12);
    }
    expect(Math.max(...rec.reports.map((r) => r.drawdown))).toBeGreaterThan(0);
  });
});
