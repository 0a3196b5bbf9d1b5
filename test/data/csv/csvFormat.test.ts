import { describe, expect, it } from 'vitest';
import { detectFormat, isCsvHeader } from '../../../src/data/csv/csvFormat.js';

describe('detectFormat', () => {
  it("knows bot's csv by its header, forgiving case, spaces and a byte-order mark", () => {
    expect(detectFormat('timestamp,open,high,low,close,volume')).toBe('csv');
    expect(detectFormat('\uFEFFTimestamp, Open, High, Low, Close, Volume\r')).toBe('csv');
    expect(isCsvHeader('time,open,high,low,close,volume')).toBe(false);
  });

  it("knows Kraken's export by 7 numeric columns with a unix-seconds time", () => {
    expect(detectFormat('1381093200,122.0,122.0,122.0,122.0,0.1,1')).toBe('kraken');
  });

  it('refuses to guess otherwise', () => {
    // A headerless Binance row: milliseconds, 6 columns.
    expect(detectFormat('1597125600000,2.85,3.47,2.85,2.9515,20032.26')).toBeUndefined();
    // 7 columns but a millisecond time.
    expect(detectFormat('1597125600000,2.85,3.47,2.85,2.9515,20032.26,5')).toBeUndefined();
    expect(detectFormat('date,open,high,low,close,volume')).toBeUndefined();
    expect(detectFormat('1381093200,NaN,122.0,122.0,122.0,0.1,1')).toBeUndefined();
    expect(detectFormat('')).toBeUndefined();
  });
});
