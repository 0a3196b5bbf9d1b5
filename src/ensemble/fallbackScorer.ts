import { ATR, BollingerBands, EMA, RSI } from 'technicalindicators';
import type { Bar, Symbol } from '../domain/bar.js';
import type { Signal } from '../domain/signal.js';
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
const last = (xs: readonly number[]): number => xs[xs.length - 1] ?? Number.NaN;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function stdev(xs: readonly number[]): number {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, xs.length - 1));
}

/**
 * The rule-based adaptive strategy: trend (EMA spread and price vs the trend EMA, in ATR units),
 * momentum (return over `momentumBars` in units of realised volatility), mean reversion (RSI and
 * Bollinger position) and volatility (ATR% against its own recent median). Trend and momentum dominate
 * in a quiet market; mean reversion gains weight when the trend is weak; a volatile market damps the
 * confidence. P(up) = 0.5 + score/2, so its confidence lives on the same scale as the ensemble's.
 */
export class FallbackScorer implements Scorer {
  readonly name = 'fallback';
  readonly warmup: number;

  constructor(private readonly p: FallbackParameters = DEFAULT_FALLBACK) {
    this.warmup = Math.max(p.emaTrend * 2, p.regimeBars + p.atrPeriod, p.emaSlow * 3);
  }

  score(symbol: Symbol, history: readonly Bar[]): Signal {
    const bar = history[history.length - 1];
    if (!bar || history.length < this.warmup) {
      throw new Error(`fallback scorer needs ${this.warmup} bars of ${symbol}, got ${history.length}`);
    }
    const p = this.p;
    const close = history.map((b) => b.close);
    const high = history.map((b) => b.high);
    const low = history.map((b) => b.low);
    const atrSeries = ATR.calculate({ high, low, close, period: p.atrPeriod });
    const atr = last(atrSeries);
    const price = bar.close;

    const emaFast = last(EMA.calculate({ period: p.emaFast, values: close }));
    const emaSlow = last(EMA.calculate({ period: p.emaSlow, values: close }));
    const emaTrend = last(EMA.calculate({ period: p.emaTrend, values: close }));
    const trend = 0.5 * clamp((emaFast - emaSlow) / atr / 2) + 0.5 * clamp((price - emaTrend) / atr / 3);

    const logReturns: number[] = [];
    for (let i = close.length - p.volatilityBars; i < close.length; i++) {
      logReturns.push(Math.log((close[i] as number) / (close[i - 1] as number)));
    }
    const vol = stdev(logReturns);
    const momentumReturn = Math.log(price / (close[close.length - 1 - p.momentumBars] as number));
    const momentum = vol > 0 ? Math.tanh(momentumReturn / (vol * Math.sqrt(p.momentumBars))) : 0;

    const rsi = last(RSI.calculate({ period: p.rsiPeriod, values: close }));
    const bb = BollingerBands.calculate({ period: p.bollingerPeriod, stdDev: 2, values: close }).at(-1);
    const width = bb ? bb.upper - bb.lower : 0;
    const percentB = bb && width > 0 ? (price - bb.lower) / width : 0.5;
    const meanReversion = 0.5 * clamp((50 - rsi) / 25) + 0.5 * clamp((0.5 - percentB) * 2);

    const atrPct = atr / price;
    const typicalAtrPct = median(
      atrSeries.slice(-p.regimeBars).map((a, i, arr) => a / (close[close.length - arr.length + i] as number)),
    );
    const volatilityRatio = typicalAtrPct > 0 ? atrPct / typicalAtrPct : 1;
    const damping = clamp(1.5 / volatilityRatio, 0.5, 1);

    // A weak trend leaves room for mean reversion; a strong one silences it.
    const trendStrength = Math.abs(trend);
    const wReversion = trendStrength < 0.3 ? 0.4 : 0.15;
    const wTrend = (1 - wReversion) * 0.6;
    const wMomentum = (1 - wReversion) * 0.4;
    const raw = wTrend * trend + wMomentum * momentum + wReversion * meanReversion;
    const score = clamp(raw * damping);

    const probability = 0.5 + score / 2;
    const { direction, confidence } = directionOf(probability);
    return {
      symbol,
      barTime: bar.time,
      source: 'fallback',
      direction,
      probability,
      confidence,
      class: classify(direction, confidence),
      expectedReturn: score * atrPct,
      atr,
      members: [{ name: 'fallback', weight: 1, probability }],
      inputs: {
        close: price,
        atr,
        atrPct,
        trend,
        momentum,
        meanReversion,
        rsi,
        percentB,
        volatilityRatio,
        score,
      },
    };
  }
}
