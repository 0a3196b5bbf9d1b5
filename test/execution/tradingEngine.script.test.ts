import { describe, expect, it } from 'vitest';
import type { Bar } from '../../src/domain/bar.js';
import type { Signal } from '../../src/domain/signal.js';
import { loadConfig } from '../../src/config/load.js';
import type { Scorer } from '../../src/ensemble/scorer.js';
import { engineSettingsFrom } from '../../src/execution/engineSettingsFrom.js';
import { TradingEngine, type StepOutcome } from '../../src/execution/tradingEngine.js';
import { paperVenue } from '../support/paperVenue.js';

/*
 * The engine itself, scripted: bars in, decisions and orders out, with the default execution (a post-only
 * limit at the signal bar's close, 3 bars to fill, then at market). The scorer is a script of target
 * exposures, so what is tested is what the engine does with them, not what a strategy would want.
 */

const HOUR = 3_600_000;
const T0 = Date.parse('2025-03-03T00:00:00Z');
const SYMBOL = 'BTC/USD';

// SYNTHETIC bars, scripted for mechanics only: open, high, low, close around 100.
const bar = (i: number, o: number, h: number, l: number, c: number): Bar => ({ time: T0 + i * HOUR, open: o, high: h, low: l, close: c, volume: 10_000 });
const flat = (i: number, p = 100): Bar => bar(i, p, p + 0.2, p - 0.2, p);
const warmup: Bar[] = Array.from({ length: 30 }, (_, i) => flat(i - 30));

/** A rule-based member whose target exposure at bar i is script[i] (held from the last scripted bar on). */
function scripted(script: ReadonlyMap<number, number>): Scorer {
  return {
    name: 'script',
    warmup: 1,
    score(symbol: string, history: readonly Bar[]): Signal {
      const b = history[history.length - 1] as Bar;
      const i = Math.round((b.time - T0) / HOUR);
      const decide = script.has(i);
      const last = Math.max(-1, ...[...script.keys()].filter((k) => k <= i));
      const e = script.get(last) ?? 0;
      return {
        symbol,
        barTime: b.time,
        source: 'rule',
        direction: e > 0 ? 'long' : 'flat',
        exposure: e,
        rebalance: decide,
        horizonBars: 168,
        class: e > 0 ? 'BUY' : 'HOLD',
        atr: b.close * 0.05,
        members: [],
        inputs: {},
      };
    },
  };
}

function session(script: ReadonlyMap<number, number>) {
  const { config } = loadConfig(undefined, [
    { path: ['assets'], value: [SYMBOL], flag: '--assets' },
    { path: ['marketLead'], value: null, flag: 'test' },
  ]);
  const settings = engineSettingsFrom(config, { slippageBps: 0, historyLength: 40, orderIdPrefix: 's1' });
  const engine = new TradingEngine(paperVenue(config), () => scripted(script), settings);
  engine.seed(new Map([[SYMBOL, warmup]]), new Map([[SYMBOL, (warmup.at(-1) as Bar).time]]));
  return (b: Bar): Promise<StepOutcome> => engine.step({ time: b.time + HOUR, bars: new Map([[SYMBOL, [b]]]) });
}

const actions = (o: StepOutcome) => o.decisions.map((d) => d.action);
const sent = (o: StepOutcome) =>
  o.orders
    .filter((s) => s.status === 'open' || s.status === 'filled')
    .map((s) => `${s.request.side} ${s.request.type}${s.request.postOnly ? ' post-only' : ''}${s.request.reduceOnly ? ' reduce-only' : ''} ${s.status}`);

describe('the trading engine, scripted', () => {
  it('enters with a post-only limit at the close, fills it when a later bar trades through, holds inside the band, exits the same way', async () => {
    const step = session(
      new Map([
        [0, 0],
        [1, 0.5],
        [5, 0.52],
        [8, 0],
      ]),
    );
    expect(actions(await step(flat(0)))).toEqual(['skip']);

    const entry = await step(flat(1));
    expect(actions(entry)).toEqual(['open_long']);
    expect(sent(entry)).toEqual(['buy limit post-only open']);
    const limit = entry.orders[0]?.request.limitPrice;
    expect(limit).toBe(100);

    // Touched but not traded through (low = the limit): still resting.
    expect((await step(bar(2, 100.3, 100.5, 100, 100.2))).fills).toEqual([]);
    const filled = await step(bar(3, 100.2, 100.4, 99.7, 100.1));
    expect(filled.fills.map((f) => [f.side, f.effect, f.price, f.liquidity])).toEqual([['buy', 'open', 100, 'maker']]);
    const quantity = filled.openPositions[0]?.quantity ?? 0;
    expect(quantity).toBeGreaterThan(0);

    // Between decisions the engine holds; a new decision inside the rebalance band changes nothing.
    expect(actions(await step(flat(4)))).toEqual(['hold']);
    const banded = await step(flat(5));
    expect(banded.orders).toEqual([]);
    expect(banded.openPositions[0]?.quantity).toBe(quantity);

    await step(flat(6));
    await step(flat(7));
    const exit = await step(flat(8));
    expect(actions(exit)).toEqual(['close']);
    expect(sent(exit)).toEqual(['sell limit post-only reduce-only open']);
    const closed = await step(bar(9, 100, 100.5, 99.9, 100.4));
    expect(closed.fills.map((f) => [f.side, f.effect, f.liquidity])).toEqual([['sell', 'close', 'maker']]);
    expect(closed.openPositions).toEqual([]);
  });

  it('an entry limit that no bar trades through is cancelled after its timeout and the rest is sent at market', async () => {
    const step = session(new Map([[0, 0.5]]));
    expect(sent(await step(flat(0)))).toEqual(['buy limit post-only open']);
    // The market walks away upward: the limit at 100 is never reached.
    const away = [bar(1, 101, 102, 100.5, 101.5), bar(2, 101.5, 103, 101, 102.5), bar(3, 102.5, 104, 102, 103.5)];
    const outcomes: StepOutcome[] = [];
    for (const b of away) outcomes.push(await step(b));
    const all = outcomes.flatMap((o) => o.orders.map((s) => `${s.request.type} ${s.status}`));
    expect(all).toContain('limit cancelled');
    expect(all.filter((s) => s.startsWith('market'))).toHaveLength(1);
    const fills = [...outcomes, await step(bar(4, 103.5, 104, 103, 103.8))].flatMap((o) => o.fills);
    expect(fills.map((f) => [f.effect, f.liquidity])).toEqual([['open', 'taker']]);
    expect(fills[0]?.price).toBeGreaterThan(100);
  });

  it('between decisions nothing is decided again: one order per decision over two days of bars, never one per bar', async () => {
    const script = new Map<number, number>([[0, 0.5]]);
    const step = session(script);
    let orders = 0;
    for (let i = 0; i < 48; i++) {
      const o = await step(bar(i, 100, 100.3, 99.7, 100));
      orders += o.orders.filter((s) => s.status === 'open' && s.request.type === 'limit').length;
    }
    expect(orders).toBe(1);
  });
});
