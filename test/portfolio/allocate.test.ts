import { describe, expect, it } from 'vitest';
import type { Target } from '../../src/domain/target.js';
import { allocate } from '../../src/portfolio/allocate.js';
import { input, judged, portfolioSettings, pos, rule } from './fixtures.js';

const bySymbol = (targets: Target[]) => new Map(targets.map((t) => [t.symbol, t]));
const t = (targets: Target[], s: string) => bySymbol(targets).get(s) as Target;
const open = { 1: 10, 2: 10, 3: 10 } as const;

describe('allocate: the strategy exposure, per sleeve', () => {
  it('gives each asset its sleeve (equity / assets) times the exposure', () => {
    const out = allocate(input({ signals: [rule('BTC/USD', 'long', 0.9), rule('ETH/USD', 'long', 0.3), rule('SOL/USD', 'flat', 0)] }));
    expect(t(out, 'BTC/USD')).toMatchObject({ side: 'long', weight: expect.closeTo(0.3, 12), action: 'open' });
    expect(t(out, 'ETH/USD')).toMatchObject({ side: 'long', weight: expect.closeTo(0.1, 12), action: 'open' });
    expect(t(out, 'SOL/USD')).toMatchObject({ side: 'flat', weight: 0, action: 'none' });
  });

  it('sizes a model-judged signal by the tier of its confidence, and trades nothing below the lowest tier', () => {
    const out = allocate(
      input({
        signals: [judged('BTC/USD', 'long', 0.9, 0.95), judged('ETH/USD', 'long', 0.9, 0.72), judged('SOL/USD', 'long', 0.9, 0.64)],
      }),
    );
    expect(t(out, 'BTC/USD').weight).toBeCloseTo(0.3, 12);
    expect(t(out, 'ETH/USD').weight).toBeCloseTo(0.15, 12);
    expect(t(out, 'SOL/USD')).toMatchObject({ side: 'flat', action: 'none' });
    expect(t(out, 'SOL/USD').reason).toContain('below the lowest tier 0.65');
  });

  it('refuses to open on a model signal whose expected return does not beat fees and slippage', () => {
    const out = allocate(input({ signals: [judged('BTC/USD', 'long', 0.9, 0.95, 0.004)] }));
    expect(t(out, 'BTC/USD')).toMatchObject({ side: 'flat', action: 'none' });
    expect(t(out, 'BTC/USD').reason).toContain('does not beat round-trip costs');
  });
});

describe('allocate: limits', () => {
  it('cuts each position to its tier cap and never hands the room to another', () => {
    const settings = { ...portfolioSettings, tierCaps: { 1: 0.2, 2: 0.1, 3: 0.1 } };
    const out = allocate(input({ signals: [rule('BTC/USD', 'long', 0.9), rule('ETH/USD', 'long', 0.3), rule('SOL/USD', 'long', 0.9)], settings }));
    expect([t(out, 'BTC/USD').weight, t(out, 'ETH/USD').weight, t(out, 'SOL/USD').weight]).toEqual([0.2, expect.closeTo(0.1, 12), 0.1]);
    expect(t(out, 'BTC/USD').reason).toContain('cut by the tier cap');
  });

  it('scales everything into the gross budget of the regime: maxGrossExposure x (1 - cash buffer)', () => {
    const signals = [rule('BTC/USD', 'long', 1), rule('ETH/USD', 'long', 1), rule('SOL/USD', 'long', 1)];
    const trend = allocate(input({ signals, settings: { ...portfolioSettings, tierCaps: open } }));
    expect(trend.reduce((a, x) => a + x.weight, 0)).toBeCloseTo(0.9, 12);
    const down = allocate(input({ signals, marketRegime: 'down', settings: { ...portfolioSettings, tierCaps: open } }));
    expect(down.map((x) => x.weight)).toEqual([0.4 / 3, 0.4 / 3, 0.4 / 3].map((w) => expect.closeTo(w, 12)));
  });

  it('keeps the position count of the regime, largest first', () => {
    const names = ['A/USD', 'B/USD', 'C/USD', 'D/USD', 'E/USD'];
    const signals = names.map((s, i) => rule(s, 'long', 0.1 * (i + 1)));
    const settings = { ...portfolioSettings, regimes: { ...portfolioSettings.regimes, down: { maxPositions: 2, cashBuffer: 0 } } };
    const out = allocate(input({ signals, marketRegime: 'down', settings, assets: names, tiers: Object.fromEntries(names.map((s) => [s, 1 as const])) }));
    expect(out.filter((x) => x.side !== 'flat').map((x) => x.symbol)).toEqual(['D/USD', 'E/USD']);
    expect(t(out, 'A/USD').reason).toContain('ranked below the 2 positions of the down regime');
  });
});

describe('allocate: hysteresis and cadence', () => {
  it('between decisions keeps what is held, whatever the signal says', () => {
    const quiet = { rebalance: false };
    const out = allocate(
      input({
        signals: [rule('BTC/USD', 'flat', 0, quiet), rule('ETH/USD', 'long', 1, quiet)],
        positions: [pos('BTC/USD', 'long', 2500)],
      }),
    );
    expect(t(out, 'BTC/USD')).toMatchObject({ side: 'long', weight: 0.25, action: 'hold' });
    expect(t(out, 'ETH/USD')).toMatchObject({ side: 'flat', action: 'none' });
    expect(t(out, 'BTC/USD').reason).toContain('between decisions');
  });

  it('resizes only when the target leaves the 25% band of what is held, up or down', () => {
    const held = [pos('BTC/USD', 'long', 2000)];
    const inside = allocate(input({ signals: [rule('BTC/USD', 'long', 0.72)], positions: held }));
    expect(t(inside, 'BTC/USD')).toMatchObject({ action: 'hold', weight: 0.2 });
    expect(t(inside, 'BTC/USD').reason).toContain('within the rebalance band');
    const up = allocate(input({ signals: [rule('BTC/USD', 'long', 0.9)], positions: held }));
    expect(t(up, 'BTC/USD')).toMatchObject({ action: 'resize', weight: expect.closeTo(0.3, 12) });
    const down = allocate(input({ signals: [rule('BTC/USD', 'long', 0.3)], positions: held }));
    expect(t(down, 'BTC/USD')).toMatchObject({ action: 'resize', weight: expect.closeTo(0.1, 12) });
  });

  it('values what is held at the mark, not at entry', () => {
    // Bought 20 at 100; now at 130 it is worth 26% of equity: a 30% target is inside the band.
    const out = allocate(input({ signals: [rule('BTC/USD', 'long', 0.9)], positions: [pos('BTC/USD', 'long', 2000)], marks: new Map([['BTC/USD', 130]]) }));
    expect(t(out, 'BTC/USD')).toMatchObject({ action: 'hold', weight: expect.closeTo(0.26, 12) });
  });

  it('a kept position that breaks a limit by more than the band is cut anyway: limits beat hysteresis, drift does not', () => {
    const settings = { ...portfolioSettings, tierCaps: { 1: 0.2, 2: 0.4, 3: 0.1 } };
    const over = allocate(input({ signals: [rule('BTC/USD', 'long', 0.81)], positions: [pos('BTC/USD', 'long', 2800)], settings }));
    expect(t(over, 'BTC/USD')).toMatchObject({ action: 'resize', weight: 0.2 });
    const drift = allocate(input({ signals: [rule('BTC/USD', 'long', 0.7)], positions: [pos('BTC/USD', 'long', 2200)], settings }));
    expect(t(drift, 'BTC/USD')).toMatchObject({ action: 'hold', weight: 0.22 });
  });

  it('closes when the strategy turns flat, and flips a rule signal at its decision', () => {
    const out = allocate(
      input({
        signals: [rule('BTC/USD', 'flat', 0), rule('ETH/USD', 'short', 0.6)],
        positions: [pos('BTC/USD', 'long', 2000), pos('ETH/USD', 'long', 1000)],
      }),
    );
    expect(t(out, 'BTC/USD')).toMatchObject({ side: 'flat', action: 'close' });
    expect(t(out, 'ETH/USD')).toMatchObject({ side: 'short', action: 'flip', weight: expect.closeTo(0.2, 12) });
  });

  it('keeps a long through a model-judged opposite call below the flip confidence', () => {
    const weak = allocate(input({ signals: [judged('BTC/USD', 'short', 0.9, 0.68)], positions: [pos('BTC/USD', 'long', 2000)] }));
    expect(t(weak, 'BTC/USD')).toMatchObject({ side: 'long', action: 'hold', weight: 0.2 });
    expect(t(weak, 'BTC/USD').reason).toContain('below the flip confidence 0.7');
    const strong = allocate(input({ signals: [judged('BTC/USD', 'short', 0.9, 0.92)], positions: [pos('BTC/USD', 'long', 2000)] }));
    expect(t(strong, 'BTC/USD')).toMatchObject({ side: 'short', action: 'flip' });
  });
});

describe('allocate: the turnover budget', () => {
  it('lets increases through while the budget lasts, largest first, and reductions always', () => {
    const signals = [rule('BTC/USD', 'long', 0.9), rule('ETH/USD', 'long', 0.6), rule('SOL/USD', 'flat', 0)];
    const positions = [pos('SOL/USD', 'long', 3000)];
    const out = allocate(input({ signals, positions, turnoverLeft: 0.35 }));
    expect(t(out, 'BTC/USD')).toMatchObject({ action: 'open', weight: expect.closeTo(0.3, 12) });
    expect(t(out, 'ETH/USD')).toMatchObject({ action: 'none', side: 'flat' });
    expect(t(out, 'ETH/USD').reason).toContain('turnover budget spent');
    expect(t(out, 'SOL/USD')).toMatchObject({ action: 'close' });
  });
});
