import type { Tier } from '../config/schema.js';
import { DAY } from './settings.js';

/** The risk tiers' size for a probability (tiers listed from the highest down, as the config has them); 0 below the lowest. */
export function tierSize(p: number, tiers: readonly Tier[]): number {
  return tiers.find((t) => p >= t.minConfidence)?.size ?? 0;
}

/** One asset's decisions in a period, and the size a model gives each (0 when it would not trade). */
export interface SizedDecisions {
  readonly time: ArrayLike<number>;
  /** side x the strategy's exposure. */
  readonly signed: ArrayLike<number>;
  /** What holding the asset until the next decision earns. */
  readonly nextReturn: ArrayLike<number>;
  readonly size: ArrayLike<number>;
}

/**
 * Daily returns of the strategy sized by a model, as the portfolio sizes it: every asset a sleeve of 1/n
 * of equity, holding signed exposure x size until its next decision, paying `oneWayCost` on every change
 * of weight. A cheap stand-in for the engine (no stops, no limit fills), good enough to rank horizons.
 */
export function sizedDailyReturns(assets: readonly SizedDecisions[], oneWayCost: number): number[] {
  const byDay = new Map<number, number>();
  const sleeve = 1 / Math.max(1, assets.length);
  for (const a of assets) {
    let held = 0;
    for (let i = 0; i < a.time.length; i++) {
      const r = a.nextReturn[i] as number;
      if (!Number.isFinite(r)) continue;
      const w = sleeve * (a.signed[i] as number) * (a.size[i] as number);
      const day = Math.floor((a.time[i] as number) / DAY);
      byDay.set(day, (byDay.get(day) ?? 0) + w * r - oneWayCost * Math.abs(w - held));
      held = w * (1 + r);
    }
  }
  return [...byDay.entries()].sort(([x], [y]) => x - y).map(([, r]) => r);
}

/** Mean over standard deviation of daily returns, x sqrt(365); 0 for a flat record. */
export function annualisedSharpe(daily: readonly number[]): number {
  if (daily.length < 2) return 0;
  const mean = daily.reduce((s, r) => s + r, 0) / daily.length;
  const sd = Math.sqrt(daily.reduce((s, r) => s + (r - mean) ** 2, 0) / (daily.length - 1));
  return sd > 1e-12 ? (mean / sd) * Math.sqrt(365) : 0;
}
