import { afterEach, expect, test } from 'vitest';
import type { Bar } from '../../../src/domain/bar.js';
import type { Signal } from '../../../src/domain/signal.js';
import { loadConfig } from '../../../src/config/load.js';
import type { Scorer } from '../../../src/ensemble/scorer.js';
import { engineSettingsFrom } from '../../../src/execution/engineSettingsFrom.js';
import { TradingEngine, type StepOutcome } from '../../../src/execution/tradingEngine.js';
import type { KrakenEmulator } from '../../support/kraken/index.js';
import { expectBooksBalance } from '../../support/books.js';
import { startAccount } from '../../data/kraken/private/privateFixture.js';
import { HOUR, liveSetup, scriptedBar, T0, type LiveSetup } from './liveFixture.js';

/** A scorer scripted for mechanics: a strong long on the 05:00 to 09:00 bars, flat from 10:00 on. */
const scripted: Scorer = {
  name: 'scripted',
  warmup: 1,
  score(symbol: string, history: readonly Bar[]): Signal {
    const bar = history[history.length - 1] as Bar;
    const long = bar.time >= T0 + 5 * HOUR && bar.time <= T0 + 9 * HOUR;
    return {
      symbol,
      barTime: bar.time,
      source: 'ensemble',
      direction: long ? 'long' : 'flat',
      exposure: long ? 0.6 : 0,
      rebalance: true,
      horizonBars: 1,
      confidence: long ? 0.95 : 0.5,
      class: long ? 'STRONG_BUY' : 'HOLD',
      expectedReturn: long ? 0.03 : 0,
      atr: 2,
      members: [],
      inputs: {},
    };
  },
};

let emu: KrakenEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

/**
 * The engine on the live venue, seeded up to the 04:00 bar; `step(h)` steps it over the scripted SOL bar
 * opening at h:00, polled a minute after that bar closes (the exchange's clock is there too), and persists.
 */
function engineOn(s: LiveSetup, e: KrakenEmulator): { step: (hour: number) => Promise<StepOutcome> } {
  // Margin mechanics at market: leverage by confidence (3x is all Kraken offers on SOL), market orders.
  const { config } = loadConfig(undefined, [
    { path: ['assets'], value: ['SOL/USD'], flag: '--assets' },
    { path: ['marketLead'], value: null, flag: 'test' },
    { path: ['risk', 'leverageMode'], value: 'confidence', flag: 'test' },
    { path: ['execution', 'orderType'], value: 'market', flag: 'test' },
  ]);
  const engine = new TradingEngine(s.venue, () => scripted, engineSettingsFrom(config, { historyLength: 50, orderIdPrefix: `e${s.epoch.id}` }));
  // SYNTHETIC warm-up bars before the scripted ones, wiggling around 100 so volatility can be estimated.
  const warmup: Bar[] = Array.from({ length: 30 }, (_, i) => {
    const close = i % 2 ? 100.4 : 99.6;
    return { time: T0 - (30 - i) * HOUR, open: 100, high: 100.6, low: 99.4, close, volume: 5000 };
  });
  engine.seed(new Map([['SOL/USD', [...warmup, ...[0, 1, 2, 3, 4].map((h) => scriptedBar('SOL/USD', h))]]]), new Map([['SOL/USD', T0 + 4 * HOUR]]));
  const persist = (o: StepOutcome) =>
    s.store.trading.writeIteration({
      epochId: s.epoch.id,
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
  return {
    step: async (h) => {
      e.setNow(T0 + (h + 1) * HOUR + 60_000);
      const outcome = await engine.step({ time: e.now(), bars: new Map([['SOL/USD', [scriptedBar('SOL/USD', h)]]]) });
      persist(outcome);
      return outcome;
    },
  };
}

test('the trading engine runs on the live venue as on the simulated one: entry, exchange stop, books that balance', async () => {
  emu = await startAccount({ balances: { ZUSD: 10_000 } });
  const s = await liveSetup(emu, { stops: 'exchange' });
  const { step } = engineOn(s, emu);
  const outcomes: StepOutcome[] = [];
  for (let h = 5; h <= 11; h++) outcomes.push(await step(h));

  const [entry] = outcomes[0]?.orders ?? [];
  expect(outcomes[0]?.decisions.map((d) => d.action)).toEqual(['open_long']);
  // Risk sized it for leverage up to 125; Kraken offers 3 on SOL: the approved order already says so.
  expect(entry?.request).toMatchObject({ symbol: 'SOL/USD', side: 'buy', leverage: 3, reduceOnly: false });
  expect(emu.requestsTo('private/AddOrder')[0]?.params).toMatchObject({ leverage: '3', ordertype: 'market' });

  const fills = outcomes.flatMap((o) => o.fills);
  expect(fills.map((f) => f.effect)).toEqual(['open', 'stop']);
  expect(outcomes.flatMap((o) => o.closedPositions).map((c) => c.exitReason)).toEqual(['stop']);
  // Nothing filled on the bar that produced the signal.
  expect(fills[0]?.time).toBeGreaterThanOrEqual(T0 + 6 * HOUR);
  expect(s.store.trading.openPositions(s.epoch.id)).toEqual([]);
  const books = expectBooksBalance(s.store, s.epoch.id);
  // Flat again: the engine's cash is the exchange's USD balance.
  expect(books.cash).toBeCloseTo(emu.exchange.account.balance('ZUSD'), 4);
  expect(s.store.db.prepare("SELECT COUNT(*) AS n FROM orders WHERE status IN ('submitting', 'unknown', 'open')").get()).toEqual({ n: 0 });
});

test('an entry the exchange books late: no second entry while it is unknown, then one position with its stop on the exchange', async () => {
  emu = await startAccount({ balances: { ZUSD: 10_000 } });
  const s = await liveSetup(emu, { stops: 'exchange', unknownOrderGraceMs: 6 * HOUR });
  const { step } = engineOn(s, emu);
  // The entry's connection is dropped unanswered; the exchange books it two bars later.
  emu.fault('private/AddOrder', { takeEffectAfterMs: 600_000, times: 1 });
  const first = await step(5);
  expect(first.decisions.map((d) => d.action)).toEqual(['open_long']);
  const [entry] = first.orders;
  expect(entry).toMatchObject({ status: 'open' });
  expect(entry?.venueOrderId).toBeUndefined();

  // The scorer still says STRONG_BUY: the engine waits on the unknown order instead of buying again.
  for (const h of [6, 7]) {
    const o = await step(h);
    expect(o.decisions.map((d) => d.action)).not.toContain('open_long');
    expect(o.orders.filter((x) => !x.request.reduceOnly)).toEqual([]);
  }
  await emu.takeEffectNow();
  const booked = await step(8);
  expect(booked.fills.map((f) => [f.clientOrderId, f.effect])).toEqual([[entry?.request.clientOrderId, 'open']]);
  await step(9);

  const adds = emu.requestsTo('private/AddOrder');
  expect(adds.filter((r) => r.params['reduce_only'] !== 'true')).toHaveLength(1);
  const position = s.store.trading.openPositions(s.epoch.id);
  expect(position).toMatchObject([{ id: entry?.request.clientOrderId, symbol: 'SOL/USD', side: 'long', quantity: entry?.request.quantity }]);
  expect(emu.exchange.account.positions.openPositions().map((p) => p.vol - p.volClosed)).toEqual([entry?.request.quantity]);
  // Its stop rests on the exchange, for the whole position.
  const stops = emu.exchange.account.openOrders().filter((o) => o.type === 'stop-loss');
  expect(stops.map((o) => [o.side, o.volume, o.reduceOnly])).toEqual([['sell', entry?.request.quantity, true]]);
  expectBooksBalance(s.store, s.epoch.id);
});
