import type { Bar } from '../../src/domain/bar.js';
import type { Rng } from '../../src/domain/random.js';
import { hasSharedData, readBinanceCsv, sharedFile } from '../support/sharedData.js';

/** Real Binance 1h candles, read once per test file; symbols named as the bot names its markets. */
const cache = new Map<string, Bar[]>();

export const REAL_SYMBOLS = { 'BTC/USD': 'BTC-USDT_1h.csv', 'ETH/USD': 'ETH-USDT_1h.csv', 'SOL/USD': 'SOL-USDT_1h.csv' } as const;
export type RealSymbol = keyof typeof REAL_SYMBOLS;

export function realBars(symbol: RealSymbol): Bar[] {
  let bars = cache.get(symbol);
  if (!bars) {
    bars = readBinanceCsv(sharedFile('binance', REAL_SYMBOLS[symbol]));
    cache.set(symbol, bars);
  }
  return bars;
}

export { hasSharedData };

/** Bitwise equality of two Float32Arrays (NaN equals NaN); the index of the first difference or -1. */
export function firstBitDifference(a: Float32Array, b: Float32Array, length = Math.min(a.length, b.length)): number {
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < length; i++) if (ua[i] !== ub[i]) return i;
  return -1;
}

/** Every bar after `time` replaced by a different, still valid, bar (perturb the lead series alike). */
export function perturbAfter(bars: readonly Bar[], time: number, rng: Rng): Bar[] {
  return bars.map((b) => {
    if (b.time <= time) return b;
    const f = 0.5 + rng.next();
    const o = b.open * f;
    const c = b.close * (0.5 + rng.next());
    return {
      time: b.time,
      open: o,
      close: c,
      high: Math.max(o, c) * (1 + rng.next() * 0.05),
      low: Math.min(o, c) * (1 - rng.next() * 0.05),
      volume: b.volume * 3 * rng.next(),
    };
  });
}
