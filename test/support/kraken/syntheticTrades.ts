import type { CsvBar } from '../sharedData.js';

/** One public trade the emulator serves, rebuilt from a real candle. */
export interface SyntheticTrade {
  /** Kraken's trade cursor unit: nanoseconds since the epoch. */
  readonly ns: bigint;
  readonly ms: number;
  readonly price: number;
  readonly volume: number;
  readonly side: 'b' | 's';
  readonly kind: 'm' | 'l';
  readonly id: number;
}

export const NS_PER_MS = 1_000_000n;

/**
 * A handful of trades that reproduce the bar exactly: open first, close last, high and low in between,
 * volumes summing to the bar's volume. Deterministic (the count depends only on the bar's time), so every
 * request and every test sees the same tape. A bar without volume had no trades.
 */
export function tradesOfBar(bar: CsvBar, barMs: number): SyntheticTrade[] {
  if (!(bar.volume > 0)) return [];
  const n = 4 + (Math.floor(bar.time / barMs) % 3);
  const up = bar.close >= bar.open;
  const [first, second] = up ? [bar.low, bar.high] : [bar.high, bar.low];
  const mid = (bar.high + bar.low) / 2;
  const prices =
    n === 4
      ? [bar.open, first, second, bar.close]
      : n === 5
        ? [bar.open, first, mid, second, bar.close]
        : [bar.open, first, mid, second, (bar.open + bar.close) / 2, bar.close];
  const weights = prices.map((_, i) => ((i * 7) % n) + 1);
  const total = weights.reduce((a, b) => a + b, 0);
  const volumes = weights.map((w) => (bar.volume * w) / total);
  // The last volume takes the rounding remainder so the trades add up to the bar's volume.
  volumes[n - 1] = bar.volume - volumes.slice(0, n - 1).reduce((a, b) => a + b, 0);
  const secondsId = Math.floor(bar.time / 1000) * 10;
  return prices.map((price, i) => {
    // Spread over the bar, well inside it, so float seconds can never round into a neighbour.
    const ms = bar.time + Math.floor(((i + 1) * barMs) / (n + 1));
    const prev = i === 0 ? price : (prices[i - 1] as number);
    return {
      ns: BigInt(ms) * NS_PER_MS + BigInt((i + 1) * 1000 + 7),
      ms,
      price,
      volume: volumes[i] as number,
      side: price >= prev ? 'b' : 's',
      kind: i % 2 === 0 ? 'l' : 'm',
      id: secondsId + i,
    };
  });
}

/** Kraken's trade row: [price, volume, time (s, 4 decimals), side, order kind, misc, trade id]. */
export function tradeRow(t: SyntheticTrade): [string, string, number, string, string, string, number] {
  return [String(t.price), String(t.volume), Number(t.ns / 100_000n) / 10_000, t.side, t.kind, '', t.id];
}
