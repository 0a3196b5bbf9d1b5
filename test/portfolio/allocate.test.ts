import { describe, expect, it } from 'vitest';
import type { Target } from '../../src/domain/target.js';
import { allocate } from '../../src/portfolio/allocate.js';
import { input, portfolioSettings, pos, sig } from './fixtures.js';

const bySymbol = (targets: Target[]) => new Map(targets.map((t) => [t.symbol, t]));
const weightOf = (targets: Target[], s: string) => bySymbol(targets).get(s)?.weight;
const open = { 1: 1, 2: 1, 3: 1 } as const;

describe('allocate: sizes', () => {
  it('weights by inverse volatility, tilted by score, over 1 - cash buffer', () => {
    // Caps opened up to see the raw split. A: tilt 0.8 / vol 0.01 = 80; B: 0.8 / 0.02 = 40. 0.9 split 2:1.
    const t = allocate(input({
      signals: [sig('A/USD', 'long', 0.9), sig('B/USD', 'short', 0.9)],
      volatility: { 'A/USD': 0.01, 'B/USD': 0.02 },
      settings: { ...portfolioSettings, tierCaps: open, tier3Sleeve: 1 },
    }));
    expect(weightOf(t, 'A/USD')).toBeCloseTo(0.6, 12);
    expect(weightOf(t, 'B/USD')).toBeCloseTo(0.3, 12);
    expect(bySymbol(t).get('B/USD')?.side).toBe('short');
    // Same volatility, confidence 0.9 vs 0.7: tilts 0.8 and 0.4, the same 2:1.
    const tilted = allocate(input({
      signals: [sig('A/USD', 'long', 0.9), sig('B/USD', 'long', 0.7)],
      volatility: { 'A/USD': 0.01, 'B/USD': 0.01 },
      settings: { ...portfolioSettings, tierCaps: open, tier3Sleeve: 1 },
    }));
    expect(weightOf(tilted, 'A/USD')).toBeCloseTo(0.6, 12);
    expect(weightOf(tilted, 'B/USD')).toBeCloseTo(0.3, 12);
  });

  it('caps each tier: 15% for BTC and ETH, 10% for SOL', () => {
    const vol = { 'BTC/USD': 0.01, 'ETH/USD': 0.01, 'SOL/USD': 0.01 };
    const t = allocate(input({ signals: ['BTC/USD', 'ETH/USD', 'SOL/USD'].map((s) => sig(s, 'long', 0.9)), volatility: vol }));
    expect(t.map((x) => [x.symbol, x.weight, x.action])).toEqual([
      ['BTC/USD', 0.15, 'open'], ['ETH/USD', 0.15, 'open'], ['SOL/USD', 0.1, 'open'],
    ]);
  });

  it('holds tier 3 together within the 12% sleeve', () => {
    // Three unlisted assets (tier 3) would each take their 5% cap, 15% in all: the sleeve cuts them to 4%.
    const names = ['AAA/USD', 'BBB/USD', 'CCC/USD'];
    const t = allocate(input({
      signals: [...names, 'BTC/USD'].map((s) => sig(s, 'long', 0.8)),
      volatility: { 'AAA/USD': 0.01, 'BBB/USD': 0.01, 'CCC/USD': 0.01, 'BTC/USD': 0.01 },
    }));
    for (const s of names) expect(weightOf(t, s)).toBeCloseTo(0.04, 12);
    expect(weightOf(t, 'BTC/USD')).toBe(0.15);
  });

  it('keeps the cash buffer and the position count of the regime', () => {
    const confidences = [0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.68, 0.66, 0.655];
    const names = confidences.map((_, i) => `A${i}/USD`);
    const signals = names.map((s, i) => sig(s, 'long', confidences[i] as number));
    const volatility = Object.fromEntries(names.map((s) => [s, 0.01]));
    const tiers = Object.fromEntries(names.map((s) => [s, 1 as const]));
    // Down: 4 positions, 60% cash. Tilts 0.9, 0.8, 0.7, 0.6 share 40%: 12%, 10.67%, 9.33%, 8%.
    const down = allocate(input({ signals, volatility, tiers, marketRegime: 'down' }));
    const held = down.filter((x) => x.side !== 'flat');
    expect(held.map((x) => x.symbol)).toEqual(['A0/USD', 'A1/USD', 'A2/USD', 'A3/USD']);
    expect(held.map((x) => x.weight)).toEqual([0.12, 0.4 * (0.8 / 3), 0.4 * (0.7 / 3), 0.08].map((w) => expect.closeTo(w, 12)));
    expect(bySymbol(down).get('A4/USD')?.reason).toMatch(/ranked below the 4 positions of the down regime/);
    const sum = (ts: Target[]) => ts.reduce((a, x) => a + x.weight, 0);
    const chop = allocate(input({ signals, volatility, tiers, marketRegime: 'chop' }));
    expect(chop.filter((x) => x.side !== 'flat')).toHaveLength(6);
    expect(sum(chop)).toBeCloseTo(0.8, 12);
    const trend = allocate(input({ signals, volatility, tiers, marketRegime: 'trend' }));
    expect(trend.filter((x) => x.side !== 'flat')).toHaveLength(8);
    expect(sum(trend)).toBeCloseTo(0.9, 12);
  });

  it('prefers an open position on a tie for the last place', () => {
    const names = ['AAA/USD', 'BBB/USD', 'CCC/USD', 'DDD/USD', 'EEE/USD'];
    const signals = names.map((s) => sig(s, 'long', 0.8));
    const volatility = Object.fromEntries(names.map((s) => [s, 0.01]));
    const fresh = allocate(input({ signals, volatility, marketRegime: 'down' }));
    expect(bySymbol(fresh).get('EEE/USD')?.side).toBe('flat');
    const withPosition = allocate(input({ signals, volatility, marketRegime: 'down', positions: [pos('EEE/USD', 'long', 300)] }));
    expect(bySymbol(withPosition).get('EEE/USD')?.side).toBe('long');
    expect(bySymbol(withPosition).get('DDD/USD')?.side).toBe('flat');
  });
});

describe('allocate: candidates', () => {
  it('refuses a signal whose expected return does not beat fees and slippage', () => {
    // Round trip: 2 x 0.26% + 2 x 0.05% = 0.62%.
    const t = allocate(input({
      signals: [sig('BTC/USD', 'long', 0.9, 0.006), sig('ETH/USD', 'short', 0.9, -0.0065)],
      volatility: { 'BTC/USD': 0.01, 'ETH/USD': 0.01 },
    }));
    expect(bySymbol(t).get('BTC/USD')).toMatchObject({ side: 'flat', action: 'none', reason: expect.stringMatching(/round-trip costs 0\.620%/) });
    expect(bySymbol(t).get('ETH/USD')).toMatchObject({ side: 'short', action: 'open' });
  });

  it('refuses a signal below the lowest confidence tier, and one without a volatility', () => {
    const t = allocate(input({ signals: [sig('BTC/USD', 'long', 0.64), sig('ETH/USD', 'long', 0.9)], volatility: { 'BTC/USD': 0.01 } }));
    expect(bySymbol(t).get('BTC/USD')).toMatchObject({ side: 'flat', reason: expect.stringMatching(/below 0\.65/) });
    expect(bySymbol(t).get('ETH/USD')).toMatchObject({ side: 'flat', reason: expect.stringMatching(/volatility/) });
  });
});

describe('allocate: hysteresis', () => {
  const vol = { 'BTC/USD': 0.01 };

  it('keeps a long through a weak opposite signal, at its current weight', () => {
    const t = allocate(input({ signals: [sig('BTC/USD', 'short', 0.68)], positions: [pos('BTC/USD', 'long', 1000)], volatility: vol }));
    expect(t).toEqual([{ symbol: 'BTC/USD', side: 'long', weight: 0.1, action: 'hold', reason: expect.stringMatching(/below the flip confidence 0\.7/) }]);
  });

  it('flips on a confident opposite signal', () => {
    const t = allocate(input({ signals: [sig('BTC/USD', 'short', 0.75)], positions: [pos('BTC/USD', 'long', 1000)], volatility: vol }));
    expect(t[0]).toMatchObject({ side: 'short', action: 'flip', weight: 0.15 });
  });

  it('keeps a position through a flat signal or no signal at all', () => {
    const flat = allocate(input({ signals: [sig('BTC/USD', 'flat', 0.5)], positions: [pos('BTC/USD', 'short', 800)], volatility: vol }));
    expect(flat[0]).toMatchObject({ side: 'short', action: 'hold', weight: 0.08 });
    const none = allocate(input({ positions: [pos('BTC/USD', 'short', 800)] }));
    expect(none[0]).toMatchObject({ side: 'short', action: 'hold', weight: 0.08 });
  });

  it('resizes only when the target leaves the 25% band', () => {
    // Target 15% (the cap). From 13%: 2 points < 25% x 13% = 3.25 points: hold. From 10%: 5 points > 2.5: resize.
    const near = allocate(input({ signals: [sig('BTC/USD', 'long', 0.9)], positions: [pos('BTC/USD', 'long', 1300)], volatility: vol }));
    expect(near[0]).toMatchObject({ action: 'hold', weight: 0.13 });
    const far = allocate(input({ signals: [sig('BTC/USD', 'long', 0.9)], positions: [pos('BTC/USD', 'long', 1000)], volatility: vol }));
    expect(far[0]).toMatchObject({ action: 'resize', weight: 0.15 });
  });

  it('cuts a hold that breaks a limit: caps beat hysteresis', () => {
    const over = allocate(input({ signals: [sig('BTC/USD', 'short', 0.66)], positions: [pos('BTC/USD', 'long', 2000)], volatility: vol }));
    expect(over[0]).toMatchObject({ side: 'long', action: 'resize', weight: 0.15 });
  });

  it('closes what the regime has no room for', () => {
    const names = ['AAA/USD', 'BBB/USD', 'CCC/USD', 'DDD/USD', 'EEE/USD'];
    const positions = names.map((s) => pos(s, 'long', 400));
    const signals = names.map((s, i) => sig(s, 'long', 0.9 - i * 0.05));
    const volatility = Object.fromEntries(names.map((s) => [s, 0.01]));
    const t = allocate(input({ signals, positions, volatility, marketRegime: 'down' }));
    expect(bySymbol(t).get('EEE/USD')).toMatchObject({ side: 'flat', action: 'close' });
    expect(t.filter((x) => x.side !== 'flat')).toHaveLength(4);
  });
});
