import { readBinanceCsv, sharedFile, type CsvBar } from '../sharedData.js';
import type { EmulatorCandles } from './krakenEmulator.js';

const FILES: Readonly<Record<string, string>> = { 'SOL/USD': 'SOL-USDT', 'ETH/USD': 'ETH-USDT', 'BTC/USD': 'BTC-USDT' };
const cache = new Map<string, CsvBar[]>();

function read(name: string): CsvBar[] {
  let bars = cache.get(name);
  if (!bars) {
    bars = readBinanceCsv(sharedFile('binance', name));
    cache.set(name, bars);
  }
  return bars;
}

/**
 * Real candles for the emulator's USD markets. The prices are Binance's USDT markets standing in for
 * Kraken's USD ones: real market behaviour, not Kraken's exact prints. Interval 60 from the 1h files;
 * interval 5 from the 5m files (2025 H1 only) when asked.
 */
export function usdCandles(symbols: readonly string[] = Object.keys(FILES), options: { fiveMinute?: boolean } = {}): EmulatorCandles {
  const out = new Map<string, Partial<Record<number, readonly CsvBar[]>>>();
  for (const symbol of symbols) {
    const base = FILES[symbol];
    if (!base) throw new Error(`no shared candles for ${symbol}; known: ${Object.keys(FILES).join(', ')}`);
    out.set(symbol, { 60: read(`${base}_1h.csv`), ...(options.fiveMinute && { 5: read(`${base}_5m.csv`) }) });
  }
  return out;
}
