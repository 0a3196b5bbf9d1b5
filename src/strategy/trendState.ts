import type { Bar } from '../domain/bar.js';
import { HorizonAtr } from '../features/indicators/horizonAtr.js';
import { LagBuffer } from '../features/indicators/lagBuffer.js';
import { RollingMoments } from '../features/indicators/rollingMoments.js';
import type { TrendParameters } from './trendParameters.js';

const HOUR = 3_600_000;
const YEAR = 365 * 24 * HOUR;

/** What the strategy decided at its last decision bar: held until the next one. */
export interface TrendDecision {
  /** Open time of the bar it was decided on. */
  readonly barTime: number;
  /** -1..1: the mean vote of the lookbacks (long-only: 0..1, the share voting up). */
  readonly strength: number;
  /** Annualised volatility of the bar returns at the decision. */
  readonly volatility: number;
  /** Notional wanted, as a multiple of the sleeve, in the direction of `strength`. */
  readonly exposure: number;
  /** Past return over each lookback, in the order of the parameters. */
  readonly returns: readonly number[];
}

/** Bars in `hours` at `barMs`, at least one. */
export function barsIn(hours: number, barMs: number): number {
  return Math.max(1, Math.round((hours * HOUR) / barMs));
}

/**
 * One symbol's streaming state: the closes each lookback compares against, the volatility of bar returns,
 * the horizon ATR, and the decision of the last decision bar. Everything is a function of the bars pushed,
 * so a restart that replays the stored history arrives at the same decision as the run that wrote it.
 */
export class TrendState {
  private readonly lags: LagBuffer[];
  /** Each lookback's close as of the last bar: reused, the state is pushed every bar. */
  private readonly past: Float64Array;
  private readonly returns: RollingMoments;
  private readonly horizonAtr: HorizonAtr;
  private readonly cadenceMs: number;
  private readonly periodsPerYear: number;
  readonly warmup: number;
  lastTime = Number.NEGATIVE_INFINITY;
  bars = 0;
  atr = Number.NaN;
  close = Number.NaN;
  private prevClose = Number.NaN;
  private lastSlot = Number.NaN;
  decision: TrendDecision | undefined;

  constructor(
    private readonly p: TrendParameters,
    private readonly barMs: number,
  ) {
    this.lags = p.lookbackDays.map((d) => new LagBuffer(barsIn(24 * d, barMs)));
    this.past = new Float64Array(this.lags.length);
    this.returns = new RollingMoments(barsIn(24 * p.volatilityDays, barMs));
    this.horizonAtr = new HorizonAtr(barsIn(p.horizonHours, barMs), barsIn(24 * p.atrDays, barMs));
    this.cadenceMs = barsIn(p.rebalanceHours, barMs) * barMs;
    this.periodsPerYear = YEAR / barMs;
    const longest = Math.max(...this.lags.map((l) => l.lag));
    this.warmup = Math.max(longest + 1, this.returns.period + 1, this.horizonAtr.warmup);
  }

  get ready(): boolean {
    return this.bars >= this.warmup && this.decision !== undefined;
  }

  push(bar: Bar): void {
    if (bar.time <= this.lastTime) return;
    this.lastTime = bar.time;
    this.bars++;
    const c = bar.close;
    const past = this.past;
    for (let i = 0; i < this.lags.length; i++) past[i] = (this.lags[i] as LagBuffer).push(c);
    if (!Number.isNaN(this.prevClose)) this.returns.push(Math.log(c / this.prevClose));
    this.prevClose = c;
    this.close = c;
    this.atr = this.horizonAtr.update(bar.high, bar.low, c);
    // A decision at the first bar closing in each new cadence slot (00:00 UTC for daily): a missing bar
    // moves the decision to the next one instead of skipping the day.
    const slot = Math.floor((bar.time + this.barMs) / this.cadenceMs);
    if (slot === this.lastSlot) return;
    this.lastSlot = slot;
    if (this.bars < this.warmup) return;
    this.decision = this.decide(bar.time, c, past);
  }

  /** Whether `bar` is the decision bar of the current slot. */
  decidedAt(barTime: number): boolean {
    return this.decision?.barTime === barTime;
  }

  private decide(barTime: number, close: number, past: Float64Array): TrendDecision {
    const p = this.p;
    const returns = Array.from(past, (b) => close / b - 1);
    let votes = 0;
    for (const r of returns) votes += p.allowShort ? Math.sign(r) : r > 0 ? 1 : 0;
    const strength = votes / returns.length;
    const volatility = this.returns.std() * Math.sqrt(this.periodsPerYear);
    const scale = volatility > 0 ? Math.min(p.maxExposure, p.targetVolatility / volatility) : 0;
    return { barTime, strength, volatility, exposure: Math.abs(strength) * scale, returns };
  }
}
