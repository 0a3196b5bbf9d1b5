import { expect } from 'vitest';
import { runBot } from './cli.js';
import { sharedFile } from './sharedData.js';

/** `bot data import` of a Binance hourly file from ../shared/data as SYMBOL's 1h series (source binance) into a home. */
export async function importBinanceHours(home: string, symbol: string): Promise<void> {
  const base = symbol.split('/')[0] ?? symbol;
  const r = await runBot([
    '--home',
    home,
    'data',
    'import',
    sharedFile('binance', `${base}-USDT_1h.csv`),
    '--symbol',
    symbol,
    '--timeframe',
    '1h',
    '--source',
    'binance',
  ]);
  expect(r.code, r.stderr).toBe(0);
}
