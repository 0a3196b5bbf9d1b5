/**
 * Feature throughput on the real SOL 1h history (and the whole BTC history): the full default feature
 * set in batch and in streaming, labels, and, to show why the recurrences are our own, the same
 * indicators through technicalindicators. Bars per second count the symbol's bars; the BTC lead
 * series is computed inside each run, as a user's run would.
 */
import { ADX, ATR, BollingerBands, CCI, EMA, MACD, ROC, RSI, Stochastic } from 'technicalindicators';
import type { Bar } from '../src/domain/bar.js';
import { computeFeatures, computeLabels, defaultFeatureSet, defineFeatureSet, StreamingFeatures } from '../src/features/index.js';
import { hasSharedData, readBinanceCsv, SHARED_DATA_MISSING, sharedFile } from '../test/support/sharedData.js';

interface Timing {
  firstMs: number;
  medianMs: number;
  bestMs: number;
}

function time(fn: () => void, runs: number): Timing {
  const t0 = performance.now();
  fn();
  const firstMs = performance.now() - t0;
  fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    fn();
    ms.push(performance.now() - s);
  }
  ms.sort((a, b) => a - b);
  return { firstMs: round(firstMs), medianMs: round(ms[Math.floor(ms.length / 2)] as number), bestMs: round(ms[0] as number) };
}

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const perSecond = (bars: number, ms: number) => Math.round(bars / (ms / 1000));

export async function run(): Promise<Record<string, unknown>> {
  if (!hasSharedData) return { skipped: SHARED_DATA_MISSING };
  const sol = readBinanceCsv(sharedFile('binance', 'SOL-USDT_1h.csv')) as Bar[];
  const btc = readBinanceCsv(sharedFile('binance', 'BTC-USDT_1h.csv')) as Bar[];
  const set = defaultFeatureSet();
  const noLead = defaultFeatureSet({ lead: null });

  const batch = time(() => computeFeatures(set, sol, { symbol: 'SOL/USD', lead: btc }), 7);
  const batchNoLead = time(() => computeFeatures(noLead, sol, { symbol: 'SOL/USD' }), 7);
  const btcBatch = time(() => computeFeatures(set, btc, { symbol: 'BTC/USD' }), 7);
  const streaming = time(() => {
    const s = new StreamingFeatures(set, { symbol: 'SOL/USD' });
    let j = 0;
    for (const b of sol) {
      while (j < btc.length && (btc[j] as Bar).time <= b.time) s.pushLead(btc[j++] as Bar);
      s.push(b);
    }
  }, 5);
  const labels = time(() => computeLabels(sol), 5);

  // The indicators technicalindicators has, through it and through our kernels.
  const subset = defineFeatureSet(
    [
      { kind: 'ema_cross', params: { fast: 12, slow: 26 } },
      { kind: 'rsi', params: { period: 6 } },
      { kind: 'rsi', params: { period: 14 } },
      { kind: 'rsi', params: { period: 24 } },
      { kind: 'atr' },
      { kind: 'adx' },
      { kind: 'macd' },
      { kind: 'stochastic' },
      { kind: 'cci' },
      { kind: 'roc' },
      { kind: 'bollinger' },
    ],
    { lead: null },
  );
  const high = sol.map((b) => b.high);
  const low = sol.map((b) => b.low);
  const close = sol.map((b) => b.close);
  const ownSubset = time(() => computeFeatures(subset, sol, { symbol: 'SOL/USD' }), 5);
  const libSubset = time(() => {
    EMA.calculate({ period: 12, values: close });
    EMA.calculate({ period: 26, values: close });
    for (const period of [6, 14, 24]) RSI.calculate({ period, values: close });
    ATR.calculate({ high, low, close, period: 14 });
    ADX.calculate({ high, low, close, period: 14 });
    MACD.calculate({ values: close, fastPeriod: 12, slowPeriod: 26, signalPeriod: 9, SimpleMAOscillator: false, SimpleMASignal: false });
    Stochastic.calculate({ high, low, close, period: 14, signalPeriod: 3 });
    CCI.calculate({ high, low, close, period: 20 });
    ROC.calculate({ period: 10, values: close });
    BollingerBands.calculate({ period: 20, stdDev: 2, values: close });
  }, 3);

  return {
    data: { solBars: sol.length, btcBars: btc.length, features: set.columns.length, featuresWithoutLead: noLead.columns.length },
    method: 'first (cold) run, one unmeasured warm-up, then median and best of the timed runs; input Bar[] as the store returns it',
    batch: { ...batch, barsPerSecond: perSecond(sol.length, batch.medianMs), barsPerSecondCold: perSecond(sol.length, batch.firstMs) },
    batchWithoutLead: { ...batchNoLead, barsPerSecond: perSecond(sol.length, batchNoLead.medianMs) },
    streaming: { ...streaming, barsPerSecond: perSecond(sol.length, streaming.medianMs) },
    btcFullHistoryBatch: { ...btcBatch, seconds: round(btcBatch.medianMs / 1000, 3), barsPerSecond: perSecond(btc.length, btcBatch.medianMs) },
    labels: { ...labels, barsPerSecond: perSecond(sol.length, labels.medianMs) },
    technicalindicatorsSubset: {
      indicators: 'EMA 12/26, RSI 6/14/24, ATR, ADX, MACD, stochastic, CCI, ROC, Bollinger',
      ownKernels: { ...ownSubset, barsPerSecond: perSecond(sol.length, ownSubset.medianMs) },
      technicalindicators: { ...libSubset, barsPerSecond: perSecond(sol.length, libSubset.medianMs) },
    },
    target: { batchBarsPerSecond: 300_000, btcFullHistorySeconds: 0.25 },
  };
}
