import { describe, expect, it } from 'vitest';
import { seededRng, type Rng } from '../../src/domain/random.js';
import type { Position } from '../../src/domain/position.js';
import type { Signal } from '../../src/domain/signal.js';
import { allocate } from '../../src/portfolio/allocate.js';
import { notionalWeight } from '../../src/portfolio/wantedWeight.js';
import type { AllocationInput, AssetTier, MarketRegime, PortfolioSettings } from '../../src/portfolio/types.js';
import { input, judged, portfolioSettings, pos, rule } from './fixtures.js';

const POOL = ['BTC/USD', 'ETH/USD', 'SOL/USD', 'ADA/USD', 'DOT/USD', 'XRP/USD', 'LINK/USD', 'AVAX/USD', 'DOGE/USD', 'LTC/USD', 'ATOM/USD', 'UNI/USD'];
const REGIMES: MarketRegime[] = ['trend', 'chop', 'down'];
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)] as T;

function randomInput(rng: Rng): AllocationInput {
  const symbols = POOL.filter(() => rng.next() < 0.6);
  const signals: Signal[] = [];
  const positions: Position[] = [];
  const tiers: Record<string, AssetTier> = {};
  const marks = new Map<string, number>();
  for (const s of symbols) {
    if (rng.next() < 0.8) {
      const direction = pick(rng, ['long', 'short', 'long', 'flat'] as const);
      const exposure = rng.next() * 1.5;
      const base =
        direction !== 'flat' && rng.next() < 0.5
          ? judged(s, direction, exposure, 0.5 + rng.next() * 0.5, (rng.next() - 0.3) * 0.04)
          : rule(s, direction, exposure);
      signals.push({ ...base, rebalance: rng.next() < 0.8 });
    }
    if (rng.next() < 0.4) positions.push(pos(s, rng.next() < 0.7 ? 'long' : 'short', rng.next() * 4000));
    if (rng.next() < 0.7) tiers[s] = pick(rng, [1, 2, 3] as const);
    marks.set(s, 50 + rng.next() * 100);
  }
  // Settings vary too, so the limits are tested where they bind, not only at the defaults.
  const settings: PortfolioSettings =
    rng.next() < 0.5
      ? portfolioSettings
      : {
          ...portfolioSettings,
          tierCaps: { 1: rng.next() * 0.6, 2: rng.next() * 0.4, 3: rng.next() * 0.2 },
          tier3Sleeve: rng.next() * 0.3,
          regimes: {
            trend: { maxPositions: 1 + Math.floor(rng.next() * 10), cashBuffer: rng.next() * 0.5 },
            chop: { maxPositions: 1 + Math.floor(rng.next() * 8), cashBuffer: rng.next() * 0.7 },
            down: { maxPositions: 1 + Math.floor(rng.next() * 5), cashBuffer: rng.next() * 0.9 },
          },
          maxGrossExposure: 0.5 + rng.next() * 1.5,
          rebalanceBand: rng.next() * 0.5,
        };
  const assets = symbols.length > 0 ? symbols : ['BTC/USD'];
  return input({
    signals,
    positions,
    tiers,
    marks,
    assets,
    marketRegime: pick(rng, REGIMES),
    settings,
    ...(rng.next() < 0.3 && { turnoverLeft: rng.next() * 0.5 }),
  });
}

describe('allocate: properties over seeded random inputs', () => {
  it('never breaks a limit at a decision, keeps exactly what is held between decisions, and spends no more turnover than left', () => {
    const rng = seededRng(20240601);
    let decided = 0;
    let kept = 0;
    for (let n = 0; n < 2000; n++) {
      const inp = randomInput(rng);
      const targets = allocate(inp);
      const limits = inp.settings.regimes[inp.marketRegime];
      const tierOf = (s: string) => inp.tiers[s] ?? 3;
      const positions = new Map(inp.positions.map((p) => [p.symbol, p]));
      const signals = new Map(inp.signals.map((s) => [s.symbol, s]));
      const heldWeight = (s: string) => {
        const p = positions.get(s);
        return p ? notionalWeight(p, inp.marks.get(s), inp.equity) : 0;
      };
      const tol = 1e-9;

      expect(new Set(targets.map((t) => t.symbol))).toEqual(new Set([...signals.keys(), ...positions.keys()]));
      let added = 0;
      const atDecision = targets.filter((t) => signals.get(t.symbol)?.rebalance === true);
      for (const t of targets) {
        expect(t.weight).toBeGreaterThanOrEqual(0);
        expect(Number.isFinite(t.weight)).toBe(true);
        expect(t.side === 'flat').toBe(t.weight === 0);
        const p = positions.get(t.symbol);
        const s = signals.get(t.symbol);
        if (!s?.rebalance) {
          // No decision: what is held stays, nothing opens.
          expect(t.action).toBe(p ? 'hold' : 'none');
          if (p) expect(t.weight).toBe(heldWeight(t.symbol));
          kept++;
          continue;
        }
        decided++;
        // A hold may sit above a cap while the cap is within the band of it (price drift is not worth a trade); nothing else may.
        const slack = t.action === 'hold' ? 1 / (1 - inp.settings.rebalanceBand) : 1;
        if (t.side !== 'flat') expect(t.weight).toBeLessThanOrEqual(inp.settings.tierCaps[tierOf(t.symbol)] * slack + tol);
        if (!p) expect(['open', 'none']).toContain(t.action);
        if (t.action === 'open' || t.action === 'flip') expect(s.direction).toBe(t.side);
        if (t.action === 'resize' || t.action === 'hold') expect(p?.side).toBe(t.side);
        // Nothing is added against the signal: a position kept by hysteresis may only be cut.
        if (t.action === 'resize' && s.direction !== t.side) expect(t.weight).toBeLessThan(heldWeight(t.symbol));
        if ((t.action === 'open' || t.action === 'flip') && s.confidence !== undefined) {
          expect(s.confidence).toBeGreaterThanOrEqual(0.65);
          if (t.action === 'flip') expect(s.confidence).toBeGreaterThanOrEqual(inp.settings.flipConfidence);
        }
        if (t.action === 'open' || t.action === 'flip') added += t.weight;
        if (t.action === 'resize' && t.weight > heldWeight(t.symbol)) added += t.weight - heldWeight(t.symbol);
      }
      const live = atDecision.filter((t) => t.side !== 'flat');
      expect(live.length).toBeLessThanOrEqual(limits.maxPositions);
      const slack = 1 / (1 - inp.settings.rebalanceBand);
      expect(live.reduce((a, t) => a + t.weight, 0)).toBeLessThanOrEqual(inp.settings.maxGrossExposure * (1 - limits.cashBuffer) * slack + tol);
      const sleeve = live.filter((t) => tierOf(t.symbol) === 3).reduce((a, t) => a + t.weight, 0);
      expect(sleeve).toBeLessThanOrEqual(inp.settings.tier3Sleeve * slack + tol);
      // What opens or grows stays within the limits exactly.
      for (const t of live) if (t.action === 'open' || t.action === 'flip') expect(t.weight).toBeLessThanOrEqual(inp.settings.tierCaps[tierOf(t.symbol)] + tol);
      if (inp.turnoverLeft !== undefined) expect(added).toBeLessThanOrEqual(inp.turnoverLeft + tol);
    }
    // The generator must reach the interesting cases, or the checks above prove little.
    expect(decided).toBeGreaterThan(3000);
    expect(kept).toBeGreaterThan(1000);
  });
});
