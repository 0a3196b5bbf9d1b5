import { describe, expect, it } from 'vitest';
import { seededRng, type Rng } from '../../src/domain/random.js';
import type { Position } from '../../src/domain/position.js';
import type { Signal } from '../../src/domain/signal.js';
import { allocate } from '../../src/portfolio/allocate.js';
import type { AllocationInput, AssetTier, MarketRegime, PortfolioSettings } from '../../src/portfolio/types.js';
import { edgeAfterCosts } from '../../src/risk/expectedEdge.js';
import { input, portfolioSettings, pos, sig } from './fixtures.js';

const POOL = ['BTC/USD', 'ETH/USD', 'SOL/USD', 'ADA/USD', 'DOT/USD', 'XRP/USD', 'LINK/USD', 'AVAX/USD', 'DOGE/USD', 'LTC/USD', 'ATOM/USD', 'UNI/USD'];
const REGIMES: MarketRegime[] = ['trend', 'chop', 'down'];
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)] as T;

function randomInput(rng: Rng): AllocationInput {
  const symbols = POOL.filter(() => rng.next() < 0.6);
  const signals: Signal[] = [];
  const positions: Position[] = [];
  const volatility: Record<string, number> = {};
  const tiers: Record<string, AssetTier> = {};
  for (const s of symbols) {
    if (rng.next() < 0.8) {
      const direction = pick(rng, ['long', 'short', 'long', 'short', 'flat'] as const);
      const confidence = direction === 'flat' ? 0.5 : 0.5 + rng.next() * 0.5;
      signals.push(sig(s, direction, confidence, (rng.next() - 0.5) * 0.04));
    }
    if (rng.next() < 0.4) positions.push(pos(s, rng.next() < 0.5 ? 'long' : 'short', rng.next() * 3000));
    if (rng.next() < 0.95) volatility[s] = 0.001 + rng.next() * 0.05;
    if (rng.next() < 0.7) tiers[s] = pick(rng, [1, 2, 3] as const);
  }
  // Settings vary too, so the limits are tested where they bind, not only at the defaults.
  const settings: PortfolioSettings = rng.next() < 0.5 ? portfolioSettings : {
    ...portfolioSettings,
    tierCaps: { 1: rng.next() * 0.4, 2: rng.next() * 0.3, 3: rng.next() * 0.2 },
    tier3Sleeve: rng.next() * 0.3,
    regimes: {
      trend: { maxPositions: 1 + Math.floor(rng.next() * 10), cashBuffer: rng.next() * 0.5 },
      chop: { maxPositions: 1 + Math.floor(rng.next() * 8), cashBuffer: rng.next() * 0.7 },
      down: { maxPositions: 1 + Math.floor(rng.next() * 5), cashBuffer: rng.next() * 0.9 },
    },
    rebalanceBand: rng.next() * 0.5,
  };
  return input({ signals, positions, volatility, tiers, marketRegime: pick(rng, REGIMES), settings });
}

describe('allocate: properties over seeded random inputs', () => {
  it('never breaks a limit, and holds only what is held', () => {
    const rng = seededRng(20240601);
    let nonFlat = 0;
    let holds = 0;
    for (let n = 0; n < 2000; n++) {
      const inp = randomInput(rng);
      const targets = allocate(inp);
      const limits = inp.settings.regimes[inp.marketRegime];
      const tierOf = (s: string) => inp.tiers[s] ?? 3;
      const positions = new Map(inp.positions.map((p) => [p.symbol, p]));
      const signals = new Map(inp.signals.map((s) => [s.symbol, s]));
      const tol = 1e-9;

      expect(new Set(targets.map((t) => t.symbol))).toEqual(new Set([...signals.keys(), ...positions.keys()]));
      for (const t of targets) {
        expect(t.weight).toBeGreaterThanOrEqual(0);
        expect(Number.isFinite(t.weight)).toBe(true);
        expect(t.side === 'flat').toBe(t.weight === 0);
        expect(t.weight).toBeLessThanOrEqual(inp.settings.tierCaps[tierOf(t.symbol)] + tol);
        const p = positions.get(t.symbol);
        if (t.action === 'hold') {
          expect(p && p.side === t.side && t.weight === p.margin / inp.equity).toBe(true);
          holds++;
        }
        if (!p) expect(['open', 'none']).toContain(t.action);
        if (t.action === 'open' || t.action === 'flip') {
          const s = signals.get(t.symbol);
          expect(s?.direction).toBe(t.side);
          expect(s && s.confidence >= inp.settings.minConfidence && edgeAfterCosts(s, inp.costs) > 0).toBe(true);
        }
        if (t.action === 'flip') expect(signals.get(t.symbol)?.confidence ?? 0).toBeGreaterThanOrEqual(inp.settings.flipConfidence);
      }
      const live = targets.filter((t) => t.side !== 'flat');
      nonFlat += live.length;
      expect(live.length).toBeLessThanOrEqual(limits.maxPositions);
      expect(live.reduce((a, t) => a + t.weight, 0)).toBeLessThanOrEqual(1 - limits.cashBuffer + tol);
      const sleeve = live.filter((t) => tierOf(t.symbol) === 3).reduce((a, t) => a + t.weight, 0);
      expect(sleeve).toBeLessThanOrEqual(inp.settings.tier3Sleeve + tol);
    }
    // The generator must reach the interesting cases, or the checks above prove little.
    expect(nonFlat).toBeGreaterThan(2000);
    expect(holds).toBeGreaterThan(100);
  });
});
