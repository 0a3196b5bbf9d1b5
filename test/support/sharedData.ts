import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** ../shared/data beside the checkout: real candles that are read from there and never committed. */
export const SHARED_DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'data');

export const hasSharedData = fs.existsSync(path.join(SHARED_DATA, 'binance', 'SOL-USDT_1h.csv'));

/** Why a test that needs real data was skipped, for `describe.skipIf(!hasSharedData)` users. */
export const SHARED_DATA_MISSING = `real market data not found at ${SHARED_DATA}: put ../shared/data beside the checkout`;

export function sharedFile(...parts: string[]): string {
  return path.join(SHARED_DATA, ...parts);
}

export interface CsvBar {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** Read one of the Binance-format files (header, ms timestamps) directly, for fixtures and emulators. */
export function readBinanceCsv(file: string): CsvBar[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const bars: CsvBar[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (!line) continue;
    const [t, o, h, l, c, v] = line.split(',').map(Number);
    bars.push({ time: t as number, open: o as number, high: h as number, low: l as number, close: c as number, volume: v as number });
  }
  return bars;
}
