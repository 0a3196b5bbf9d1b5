import type { Bar, Symbol } from '../domain/bar.js';
import type { Signal } from '../domain/signal.js';
import { Atr } from '../features/indicators/atr.js';
import { Bollinger } from '../features/indicators/bollinger.js';
import { LagBuffer } from '../features/indicators/lagBuffer.js';
import { RollingMoments } from '../features/indicators/rollingMoments.js';
import { Rsi } from '../features/indicators/rsi.js';
import { ema, type SmoothedAverage } from '../features/indicators/smoothedAverage.js';
import { SortedWindow } from '../features/indicators/sortedWindow.js';
import type { Scorer } from './scorer.js';
import { classify, directionOf } from './signalClass.js';

/** Fixed a priori, not fitted: the fallback must not be tuned on the data it is judged on. */
export interface FallbackParameters {
  readonly emaFast: number;
  readonly emaSlow: number;
  readonly emaTrend: number;
  readonly rsiPeriod: number;
  readonly bollingerPeriod: number;
  readonly atrPeriod: number;
  readonly momentumBars: number;
  readonly volatilityBars: number;
  /** Bars over which the typical ATR% is measured, to tell a volatile market from a normal one. */
  readonly regimeBars: number;
}

export const DEFAULT_FALLBACK: FallbackParameters = {
  emaFast: 12,
  emaSlow: 26,
  emaTrend: 50,
  rsiPeriod: 14,
  bollingerPeriod: 20,
  atrPeriod: 14,
  momentumBars: 12,
  volatilityBars: 20,
  regimeBars: 100,
};

const clamp = (x: number, lo = -1, hi = 1): number => Math.min(hi, Math.max(lo, x));

/** The indicators of one symbol, updated bar by bar (the features module's kernels). */
class FallbackState {
  readonly emaFast: SmoothedAverage;
  readonly emaSlow: SmoothedAverage;
  readonly emaTrend: SmoothedAverage;
  readonly atr: Atr;
  readonly rsi: Rsi;
  readonly bollinger: Bollinger;
  readonly closeLag: LagBuffer;
  readonly logReturns: RollingMoments;
  /** ATR% over the last regimeBars bars, for its median. */
  readonly atrPcts: SortedWindow;
  prevClose = Number.NaN;
  lastTime = Number.NEGATIVE_INFINITY;
  bars = 0;
  atrValue = Number.NaN;
  rsiValue = Number.NaN;
  momentumBase = Number.NaN;

  constructor(readonly p: FallbackParameters) {
    this.emaFast = ema(p.emaFast);
    this.emaSlow = ema(p.emaSlow);
    this.emaTrend = ema(p.emaTrend);
    this.atr = new Atr(p.atrPeriod);
    this.rsi = new Rsi(p.rsiPeriod);
    this.bollinger = new Bollinger(p.bollingerPeriod, 2);
    this.closeLag = new LagBuffer(p.momentumBars);
    this.logReturns = new RollingMoments(p.volatilityBars);
    this.atrPcts = new SortedWindow(p.regimeBars);
  }

  push(bar: Bar): void {
    if (bar.time <= this.lastTime) return;
    this.lastTime = bar.time;
    this.bars++;
    const c = bar.close;
    this.emaFast.update(c);
    this.emaSlow.update(c);
    this.emaTrend.update(c);
    this.atrValue = this.atr.update(bar.high, bar.low, c);
    this.rsiValue = this.rsi.update(c);
    this.bollinger.update(c);
    this.momentumBase = this.closeLag.push(c);
    if (this.prevClose === this.prevClose) this.logReturns.push(Math.log(c / this.prevClose));
    this.prevClose = c;
    if (this.atrValue === this.atrValue) this.atrPcts.push(this.atrValue / c);
  }
}


/**
 * The rule-based adaptive strategy: trend (EMA spread and price vs the trend EMA, in ATR units),
 * momentum (return over `momentumBars` in units of realised volatility), mean reversion (RSI and
 * Bollinger position) and volatility (ATR% against its own recent median). Trend and momentum dominate
 * in a quiet market; mean reversion gains weight when the trend is weak; a volatile market damps the
 * confidence. P(up) = 0.5 + score/2, so its confidence lives on the same scale as the ensemble's.
 *
 * Streaming: the engine feeds every bar from the first stored one (observe), so a decision costs O(1)
 * and a restart rebuilds the same state. Given a history it was not fed, it streams that history.
 */
export class FallbackScorer implements Scorer {
  readonly name = 'fallback';
  readonly warmup: number;
  private readonly states = new Map<Symbol, FallbackState>();

  constructor(private readonly p: FallbackParameters = DEFAULT_FALLBACK) {
    this.warmup = Math.max(p.emaTrend * 2, p.regimeBars + p.atrPeriod, p.emaSlow * 3);
  }

  observe(symbol: Symbol, bar: Bar): void {
    let s = this.states.get(symbol);
    if (!s) {
      s = new FallbackState(this.p);
      this.states.set(symbol, s);
    }
    s.push(bar);
  }

  score(symbol: Symbol, history: readonly Bar[]): Signal {
    const bar = history[history.length - 1];
    if (!bar || history.length < this.warmup) {
      throw new Error(`fallback scorer needs ${this.warmup} bars of ${symbol}, got ${history.length}`);
    }
    let s = this.states.get(symbol);
    if (!s || s.lastTime !== bar.time) {
      s = new FallbackState(this.p);
      for (const b of history) s.push(b);
    }
    return this.signalOf(symbol, bar, s);
  }

  private signalOf(symbol: Symbol, bar: Bar, s: FallbackState): Signal {
    const p = this.p;
    const atr = s.atrValue;
    const price = bar.close;
    const trend = 0.5 * clamp((s.emaFast.value - s.emaSlow.value) / atr / 2) + 0.5 * clamp((price - s.emaTrend.value) / atr / 3);
    const vol = s.logReturns.std();
    const momentumReturn = Math.log(price / s.momentumBase);
    const momentum = vol > 0 ? Math.tanh(momentumReturn / (vol * Math.sqrt(p.momentumBars))) : 0;
    const rsi = s.rsiValue;
    const percentB = s.bollinger.position === s.bollinger.position ? s.bollinger.position : 0.5;
    const meanReversion = 0.5 * clamp((50 - rsi) / 25) + 0.5 * clamp((0.5 - percentB) * 2);

    const atrPct = atr / price;
    const typicalAtrPct = s.atrPcts.median();
    const volatilityRatio = typicalAtrPct > 0 ? atrPct / typicalAtrPct : 1;
    const damping = clamp(1.5 / volatilityRatio, 0.5, 1);

    // A weak trend leaves room for mean reversion; a strong one silences it.
    const wReversion = Math.abs(trend) < 0.3 ? 0.4 : 0.15;
    const wTrend = (1 - wReversion) * 0.6;
    const wMomentum = (1 - wReversion) * 0.4;
    const score = clamp((wTrend * trend + wMomentum * momentum + wReversion * meanReversion) * damping);

    const probability = 0.5 + score / 2;
    const { direction, confidence } = directionOf(probability);
    return {
      symbol,
      barTime: bar.time,
      source: 'rule',
      direction,
      exposure: Math.abs(score),
      rebalance: true,
      horizonBars: 6,
      probability,
      confidence,
      class: classify(direction, confidence),
      expectedReturn: score * atrPct,
      atr,
      members: [{ name: 'fallback', weight: 1, probability }],
      inputs: { close: price, atr, atrPct, trend, momentum, meanReversion, rsi, percentB, volatilityRatio, score },
    };
  }
}
