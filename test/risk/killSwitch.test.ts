import { describe, expect, it } from 'vitest';
import type { Bar } from '../../src/domain/bar.js';
import type { Signal } from '../../src/domain/signal.js';
import type { Target } from '../../src/domain/target.js';
import { loadConfig } from '../../src/config/load.js';
import type { Scorer } from '../../src/ensemble/scorer.js';
import { engineSettingsFrom } from '../../src/execution/engineSettingsFrom.js';
import { MARKET_EXECUTION } from '../../src/execution/executionSettings.js';
import { TradingEngine, type StepOutcome } from '../../src/execution/tradingEngine.js';
import {
  foldEquity,
  KILL_SWITCH_IDLE,
  killSwitchFromCurve,
  killSwitchVerdict,
  restrictTarget,
  type KillSwitchSettings,
  type KillSwitchVerdict,
} from '../../src/risk/killSwitch.js';
import { paperVenue } from '../support/paperVenue.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2025-01-06T00:00:00Z');
const LIMITS: KillSwitchSettings = { dailyLoss: 0.05, maxDrawdown: 0.2, flatten: false };
const at = (hours: number, equity: number) => ({ time: T0 + hours * HOUR, equity });

describe('kill switch, from the equity curve', () => {
  it('stays quiet within the limits', () => {
    const s = killSwitchFromCurve([at(0, 10_000), at(1, 10_400), at(2, 9_900), at(30, 9_500)], LIMITS);
    expect(killSwitchVerdict(s, T0 + 30 * HOUR, LIMITS)).toEqual({ halted: false });
    expect(s.peak).toBe(10_400);
  });

  it('halts for the rest of the UTC day once the day lost the limit from its opening equity, and lets go the next day', () => {
    // Day 1 closes at 10,000; day 2 falls to 9,480 (5.2%), then recovers to 9,900: still halted that day.
    const s = killSwitchFromCurve([at(0, 10_000), at(23, 10_000), at(25, 9_800), at(26, 9_480), at(30, 9_900)], LIMITS);
    const v = killSwitchVerdict(s, T0 + 30 * HOUR, LIMITS);
    expect(v.halted).toBe(true);
    expect(v.halted && v.reason).toMatch(/daily loss 5\.2% from the day's opening equity 10000\.00 reached the limit 5\.0%/);
    // The next UTC day opens at 9,900: entries resume.
    expect(killSwitchVerdict(s, T0 + 2 * DAY + HOUR, LIMITS)).toEqual({ halted: false });
    const nextDay = foldEquity(s, at(49, 9_850), LIMITS);
    expect(nextDay.dayOpen).toBe(9_900);
    expect(killSwitchVerdict(nextDay, T0 + 49 * HOUR, LIMITS)).toEqual({ halted: false });
  });

  it('a loss spread over days does not trip the daily limit, but the drawdown from the peak does, for good', () => {
    const curve = [at(0, 10_000), at(10, 12_000)];
    for (let d = 1; d <= 6; d++) curve.push(at(10 + 24 * d, 12_000 * (1 - 0.035 * d)));
    const s = killSwitchFromCurve(curve, LIMITS);
    expect(s.dailyTrip).toBeUndefined();
    const v = killSwitchVerdict(s, T0 + 200 * HOUR, LIMITS);
    expect(v.halted && v.reason).toMatch(/drawdown 21\.0% from the equity peak 12000\.00 reached the limit 20\.0%/);
    // Latched: a recovery does not clear it; only a new epoch (a new curve) does.
    const recovered = foldEquity(s, at(300, 11_900), LIMITS);
    expect(killSwitchVerdict(recovered, T0 + 300 * HOUR, LIMITS).halted).toBe(true);
    expect(killSwitchVerdict(KILL_SWITCH_IDLE, T0, LIMITS)).toEqual({ halted: false });
  });

  it('the state folded point by point equals the state of the stored curve (a restart decides the same)', () => {
    const curve = [at(0, 10_000), at(5, 10_300), at(24, 9_700), at(26, 9_600), at(50, 9_650)];
    let s = KILL_SWITCH_IDLE;
    for (const p of curve) s = foldEquity(s, p, LIMITS);
    expect(s).toEqual(killSwitchFromCurve(curve, LIMITS));
  });

  it('lets closes and reductions through, refuses what opens, and closes everything with flatten', () => {
    const halted: KillSwitchVerdict = { halted: true, reason: 'kill switch: test' };
    const target = (action: Target['action']): Target => ({ symbol: 'SOL/USD', side: 'long', weight: 0.1, action, reason: 'portfolio' });
    expect(restrictTarget('SOL/USD', target('open'), false, { halted: false }, false)).toEqual(target('open'));
    expect(restrictTarget('SOL/USD', target('open'), false, halted, false)).toMatchObject({
      action: 'none',
      weight: 0,
      reason: 'no new entry; kill switch: test',
    });
    expect(restrictTarget('SOL/USD', target('flip'), true, halted, false)).toMatchObject({ action: 'close', side: 'flat' });
    expect(restrictTarget('SOL/USD', target('flip'), false, halted, false)).toMatchObject({ action: 'none' });
    for (const action of ['close', 'resize', 'hold', 'none'] as const)
      expect(restrictTarget('SOL/USD', target(action), true, halted, false)).toEqual(target(action));
    expect(restrictTarget('SOL/USD', target('hold'), true, halted, true)).toMatchObject({ action: 'close', reason: 'flattening: kill switch: test' });
    expect(restrictTarget('SOL/USD', undefined, true, halted, true)).toMatchObject({ action: 'close' });
    expect(restrictTarget('SOL/USD', undefined, false, halted, true)).toBeUndefined();
  });
});

/** A scorer scripted for mechanics: a strong long on every bar. */
const alwaysLong: Scorer = {
  name: 'scripted',
  warmup: 1,
  score(symbol: string, history: readonly Bar[]): Signal {
    const bar = history[history.length - 1] as Bar;
    return {
      symbol,
      barTime: bar.time,
      source: 'ensemble',
      direction: 'long',
      exposure: 1,
      rebalance: true,
      horizonBars: 24,
      confidence: 0.95,
      class: 'STRONG_BUY',
      expectedReturn: 0.05,
      atr: 2,
      members: [],
      inputs: {},
    };
  },
};

// SYNTHETIC bars, scripted for mechanics only: a quiet range around 100, then a slide that stays above the stop.
const bar = (i: number, open: number, close: number): Bar => ({
  time: T0 + i * HOUR,
  open,
  high: Math.max(open, close) + 0.1,
  low: Math.min(open, close) - 0.1,
  close,
  volume: 5000,
});
const warmup: Bar[] = Array.from({ length: 40 }, (_, i) => bar(i - 40, 100, i % 2 ? 100.4 : 99.6));

function engineWith(killSwitch: KillSwitchSettings, initial = KILL_SWITCH_IDLE) {
  const { config } = loadConfig(undefined, [
    { path: ['assets'], value: ['SOL/USD'], flag: '--assets' },
    { path: ['marketLead'], value: null, flag: 'test' },
  ]);
  const venue = paperVenue(config);
  // Market orders: what is tested here is when the switch lets orders through, not how they fill.
  const settings = { ...engineSettingsFrom(config, { slippageBps: 0, historyLength: 60, orderIdPrefix: 'e1', killSwitch }), execution: MARKET_EXECUTION };
  const engine = new TradingEngine(venue, () => alwaysLong, settings, {
    killSwitch: initial,
  });
  engine.seed(new Map([['SOL/USD', warmup]]), new Map([['SOL/USD', (warmup.at(-1) as Bar).time]]));
  const step = (b: Bar) => engine.step({ time: b.time + HOUR, bars: new Map([['SOL/USD', [b]]]) });
  return { engine, venue, step };
}

describe('the engine under the kill switch', () => {
  it('a drawdown beyond the limit halts new entries, with the reason recorded on the decision', async () => {
    // A tight limit, so a small slide trips it: 0.1% below the peak.
    const { step, venue } = engineWith({ dailyLoss: 0.5, maxDrawdown: 0.001, flatten: false });
    const first = await step(bar(0, 100, 100));
    expect(first.decisions.map((d) => d.action)).toEqual(['open_long']);
    expect(first.halted).toBeUndefined();

    const outcomes: StepOutcome[] = [];
    for (let i = 1; i <= 4; i++) outcomes.push(await step(bar(i, 100 - (i - 1) * 0.3, 99.7 - (i - 1) * 0.3)));
    const position = venue.account().positions[0];
    expect(position?.side).toBe('long');
    const tripped = outcomes.findIndex((o) => o.halted !== undefined);
    expect(tripped).toBeGreaterThanOrEqual(0);
    expect(outcomes[tripped]?.halted).toMatch(/^kill switch: drawdown \d+\.\d% from the equity peak/);

    // Closed by its own stop or not, no new entry is made while halted: every later decision says why.
    await step(bar(5, 98, 90));
    const after = await step(bar(6, 90, 91));
    expect(venue.account().positions).toEqual([]);
    expect(after.orders).toEqual([]);
    expect(after.decisions).toHaveLength(1);
    expect(after.decisions[0]?.action).toBe('skip');
    expect(after.decisions[0]?.reason).toMatch(/no new entry; kill switch: drawdown/);
  });

  it('with flatten, an open position is closed as soon as the switch trips', async () => {
    const { step, venue } = engineWith({ dailyLoss: 0.5, maxDrawdown: 0.001, flatten: true });
    await step(bar(0, 100, 100));
    let closing: StepOutcome | undefined;
    for (let i = 1; i <= 4 && !closing; i++) {
      const o = await step(bar(i, 100 - (i - 1) * 0.3, 99.7 - (i - 1) * 0.3));
      if (o.decisions.some((d) => d.action === 'close')) closing = o;
    }
    expect(closing?.decisions[0]?.reason).toMatch(/flattening: kill switch: drawdown/);
    expect(closing?.orders.filter((o) => o.status === 'open').map((o) => o.request.reduceOnly)).toEqual([true]);
    await step(bar(10, 99, 99));
    expect(venue.account().positions).toEqual([]);
  });

  it('a restart continues halted: the engine starts from the state of the stored curve', async () => {
    const initial = killSwitchFromCurve([at(-5, 10_000), at(-4, 7_900)], LIMITS);
    const { step } = engineWith(LIMITS, initial);
    const o = await step(bar(0, 100, 100));
    expect(o.orders).toEqual([]);
    expect(o.decisions[0]?.reason).toMatch(/no new entry; kill switch: drawdown 21\.0%/);
  });
});
