import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bar } from '../../../src/domain/bar.js';
import type { MarketInfo } from '../../../src/domain/market.js';
import type { Venue } from '../../../src/domain/ports.js';
import { loadConfig } from '../../../src/config/load.js';
import { engineSettingsFrom } from '../../../src/execution/engineSettingsFrom.js';
import { isExchangeStopId } from '../../../src/execution/live/protectiveStops.js';
import { SimulatedVenue } from '../../../src/execution/simulatedVenue.js';
import { TradingEngine, type StepOutcome } from '../../../src/execution/tradingEngine.js';
import { TrendScorer } from '../../../src/strategy/trendScorer.js';
import { KrakenEmulator, usdCandles } from '../../support/kraken/index.js';
import { hasSharedData, SHARED_DATA_MISSING } from '../../support/sharedData.js';
import { expectBooksBalance } from '../../support/books.js';
import { API_KEY, SECRET } from '../../data/kraken/private/privateFixture.js';
import { HOUR, liveSetup } from './liveFixture.js';

const DAY = 24 * HOUR;
// Four days in which the default strategy, from a flat book, enters all three assets with post-only limits at
// the close: some fill as maker, two go unfilled for 3 bars and are crossed at market, a position is closed.
// No stop is hit. (A limit is rounded to the tick on its own side of the close, so none is refused as taking:
// the refusal path is exercised against the emulator in test/cli/runLiveLimits.test.ts.)
const START = Date.parse('2024-12-03T00:00:00Z');
const END = START + 4 * DAY;
// The default strategy's longest lookback is 90 days.
const WARMUP_DAYS = 100;
const SYMBOLS = ['SOL/USD', 'ETH/USD', 'BTC/USD'] as const;

/**
 * Real candles (Binance's USDT markets standing in for Kraken's), each bar's open set to the previous close:
 * the emulator fills a market order at the last print (the previous bar's close), the simulated venue at the
 * next bar's open, and on continuous bars they are the same price.
 */
function continuousBars(): Map<string, Bar[]> {
  const candles = usdCandles([...SYMBOLS]);
  return new Map(
    SYMBOLS.map((s) => {
      const raw = (candles.get(s)?.[60] ?? []).filter((b) => b.time >= START - WARMUP_DAYS * DAY && b.time < END);
      const bars = raw.map((b, i) => {
        const open = i === 0 ? b.open : (raw[i - 1] as Bar).close;
        return { time: b.time, open, high: Math.max(b.high, open), low: Math.min(b.low, open), close: b.close, volume: b.volume };
      });
      return [s, bars];
    }),
  );
}

/** The default config as shipped: trend strategy, post-only limits at the close, leverage 1 (a spot account). */
const { config } = loadConfig(undefined, []);

/** Steps the engine over every hour of the window, polled a minute after each bar closes, as the daemon does. */
async function run(venue: Venue, bars: ReadonlyMap<string, readonly Bar[]>, beforeStep: (time: number) => void = () => {}): Promise<StepOutcome[]> {
  const rule = new TrendScorer(HOUR, config.strategy);
  const engine = new TradingEngine(
    venue,
    () => rule,
    engineSettingsFrom(config, { historyLength: config.scorer.window, orderIdPrefix: 'e1', killSwitch: config.risk.killSwitch }),
  );
  const warm = new Map([...bars].map(([s, b]) => [s, b.filter((x) => x.time < START)]));
  engine.seed(warm, new Map([...warm].map(([s, b]) => [s, (b.at(-1) as Bar).time])));
  const outcomes: StepOutcome[] = [];
  for (let t = START; t < END; t += HOUR) {
    const time = t + HOUR + 60_000;
    beforeStep(time);
    outcomes.push(await engine.step({ time, bars: new Map([...bars].map(([s, b]) => [s, b.filter((x) => x.time === t)])) }));
  }
  return outcomes;
}

/**
 * What the engine decided, in order, and what became of each. The live venue's own protective stop orders
 * (stop-losses resting on the exchange) are left out: the simulated venue keeps its stops in its books.
 */
function ordersOf(outcomes: readonly StepOutcome[]) {
  const last = new Map(
    outcomes
      .flatMap((o) => o.orders)
      .filter((o) => !isExchangeStopId(o.request.clientOrderId))
      .map((o) => [o.request.clientOrderId, o]),
  );
  return [...last.values()].map((o) => ({
    id: o.request.clientOrderId,
    symbol: o.request.symbol,
    side: o.request.side,
    type: o.request.type,
    postOnly: o.request.postOnly ?? false,
    quantity: o.request.quantity,
    limitPrice: o.request.limitPrice,
    leverage: o.request.leverage,
    status: o.status,
  }));
}

/** Fills step by step; within a step the exchange reports them by time, the simulated venue by symbol. */
function fillsOf(outcomes: readonly StepOutcome[]) {
  return outcomes
    .flatMap((o) => [...o.fills].sort((a, b) => a.clientOrderId.localeCompare(b.clientOrderId)))
    .map((f) => ({
      order: f.clientOrderId,
      symbol: f.symbol,
      side: f.side,
      effect: f.effect,
      liquidity: f.liquidity,
      quantity: f.quantity,
      price: f.price,
      leverage: f.leverage,
    }));
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

describe.skipIf(!hasSharedData)(`the default config on the live venue and on the simulated one ${hasSharedData ? '' : SHARED_DATA_MISSING}`, () => {
  let bars: Map<string, Bar[]>;
  let emu: KrakenEmulator;
  let simulated: StepOutcome[];
  let live: StepOutcome[];
  let setup: Awaited<ReturnType<typeof liveSetup>>;

  beforeAll(async () => {
    bars = continuousBars();
    const markets = new Map<string, MarketInfo>(
      SYMBOLS.map((s) => [
        s,
        { symbol: s, base: s.split('/')[0] as string, quote: 'USD', ...(config.venue.markets[s] as NonNullable<(typeof config.venue.markets)[string]>) },
      ]),
    );
    const sim = new SimulatedVenue({
      markets,
      fees: config.fees,
      slippageBps: config.slippageBps,
      maintenanceMarginRate: config.risk.maintenanceMarginRate,
      state: { cash: 10_000, positions: [], openOrders: [] },
      financing: config.venue.financing,
      barMs: HOUR,
    });
    simulated = await run(sim, bars);

    // Kraken's entry tier is the config's fee schedule; the emulator slips market orders as the config says.
    emu = await KrakenEmulator.start({
      candles: new Map([...bars].map(([s, b]) => [s, { 60: b }])),
      now: START,
      credentials: { apiKey: API_KEY, secret: SECRET },
      account: { balances: { ZUSD: 10_000 }, slippageBps: config.slippageBps },
    });
    // As `bot run --live` opens it: the configured leverage ranges, stop-losses on the exchange where the market has margin.
    setup = await liveSetup(emu, { stops: 'exchange', leverage: config.leverage, maintenanceMarginRate: config.risk.maintenanceMarginRate });
    live = await run(setup.venue, bars, (time) => emu.setNow(time));
  }, 300_000);
  afterAll(async () => {
    await emu?.close();
    setup?.store.close();
  });

  it('the window exercises what it should: maker fills, limits crossed at market, a close, no post-only refused', () => {
    const fills = fillsOf(simulated);
    expect(fills.filter((f) => f.liquidity === 'maker').length).toBeGreaterThan(0);
    expect(fills.filter((f) => f.liquidity === 'taker').length).toBeGreaterThan(0);
    expect(fills.some((f) => f.effect === 'close')).toBe(true);
    expect(fills.some((f) => f.effect === 'stop')).toBe(false);
    expect(ordersOf(simulated).some((o) => o.status === 'rejected')).toBe(false);
    expect(simulated.flatMap((o) => o.decisions).some((d) => /crossing at market/.test(d.reason))).toBe(true);
  });

  it('sends the same orders: kinds, sides, amounts, limit prices, leverage 1, and each ends the same way', () => {
    expect(ordersOf(live)).toEqual(ordersOf(simulated));
    expect(ordersOf(live).every((o) => o.leverage === 1)).toBe(true);
    // On the exchange: every decided order went out as a post-only limit (fees in USD) or, crossed, at market; all spot.
    const adds = emu.requestsTo('private/AddOrder');
    expect(adds.every((r) => r.params['leverage'] === undefined)).toBe(true);
    expect(adds.filter((r) => r.params['ordertype'] === 'limit').every((r) => r.params['oflags'] === 'fciq,post')).toBe(true);
  });

  it('books the same fills and the same positions; cash and fees agree within fee rounding', () => {
    expect(fillsOf(live)).toEqual(fillsOf(simulated));
    const fees = (o: readonly StepOutcome[]) => sum(o.flatMap((x) => x.fills).map((f) => f.fee));
    expect(fees(live)).toBeGreaterThan(0);
    // Kraken states a fee to the cent's hundredth (4 decimals): one rounding per fill at most.
    const rounding = 0.0001 * fillsOf(live).length;
    expect(Math.abs(fees(live) - fees(simulated))).toBeLessThanOrEqual(rounding);
    const feeOf = (o: readonly StepOutcome[]) => new Map(o.flatMap((x) => x.fills).map((f) => [f.clientOrderId, f.fee]));
    const simulatedFees = feeOf(simulated);
    for (const [id, fee] of feeOf(live)) expect(Math.abs(fee - (simulatedFees.get(id) ?? NaN)), id).toBeLessThanOrEqual(0.0001);

    const positions = (o: readonly StepOutcome[]) =>
      (o.at(-1)?.openPositions ?? []).map((p) => ({
        id: p.id,
        symbol: p.symbol,
        side: p.side,
        quantity: p.quantity,
        entryPrice: p.entryPrice,
        leverage: p.leverage,
      }));
    expect(positions(live)).toEqual(positions(simulated));
    expect(positions(live).length).toBeGreaterThan(0);
    expect(Math.abs((live.at(-1)?.cash ?? NaN) - (simulated.at(-1)?.cash ?? NaN))).toBeLessThanOrEqual(rounding);
    // Spot, leverage 1: no financing on either side.
    expect([...live, ...simulated].flatMap((o) => o.charges)).toEqual([]);

    // And the live books are the exchange's: USD and the coins held.
    const account = emu.exchange.account;
    expect(Math.abs((live.at(-1)?.cash ?? NaN) - account.balance('ZUSD'))).toBeLessThanOrEqual(rounding);
    for (const p of live.at(-1)?.openPositions ?? []) {
      const base = setup.markets.get(p.symbol)?.base ?? '';
      expect(account.balance(base === 'ETH' ? 'XETH' : base === 'BTC' ? 'XXBT' : base), p.symbol).toBeCloseTo(p.quantity, 8);
    }
  });

  it('every live position has its stop-loss resting on the exchange, a plain sell of the coins held', () => {
    const stops = emu.exchange.account.openOrders().filter((o) => o.type === 'stop-loss');
    const held = (live.at(-1)?.openPositions ?? []).map((p) => [p.symbol, 'sell', false, p.quantity]);
    expect(stops.map((o) => [o.market.symbol, o.side, o.reduceOnly, o.volume])).toEqual(expect.arrayContaining(held));
    expect(stops).toHaveLength(held.length);
  });

  it('the live books balance: cash is the capital plus what the fills explain, equity is cash plus the marked coins', () => {
    for (const [s, b] of bars) setup.store.candles.upsert(s, '1h', b);
    for (const o of live)
      setup.store.trading.writeIteration({
        epochId: setup.epoch.id,
        cash: o.cash,
        time: o.time,
        orders: o.orders,
        fills: o.fills,
        charges: o.charges,
        openPositions: o.openPositions,
        closedPositions: o.closedPositions,
        decisions: o.decisions,
        equity: o.equity,
        cursors: o.cursors,
        timeframe: '1h',
      });
    expectBooksBalance(setup.store, setup.epoch.id);
  });
});
