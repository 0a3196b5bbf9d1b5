import { describe, expect, test } from 'vitest';
import { tradesToCandles } from '../../../src/data/tradesToCandles.js';
import { hasSharedData, SHARED_DATA_MISSING } from '../../support/sharedData.js';
import { tradesOfBar, usdCandles } from '../../support/kraken/index.js';

const HOUR = 3_600_000;

describe.skipIf(!hasSharedData)(`the emulator's trade tape ${hasSharedData ? '' : SHARED_DATA_MISSING}`, () => {
  test('reproduces every real 1h bar of 2024-2025 exactly, with unique increasing timestamps', () => {
    const bars = (usdCandles(['ETH/USD']).get('ETH/USD')?.[60] ?? []).filter((b) => b.time >= Date.parse('2024-01-01T00:00:00Z'));
    expect(bars.length).toBeGreaterThan(10_000);
    const problems: string[] = [];
    let previousNs = -1n;
    for (const bar of bars) {
      const tape = tradesOfBar(bar, HOUR);
      for (const t of tape) {
        if (!(t.ns > previousNs && t.ms > bar.time && t.ms < bar.time + HOUR)) problems.push(`trade ${t.id} time`);
        previousNs = t.ns;
      }
      const [rebuilt] = tradesToCandles(
        tape.map((t) => ({ time: t.ms, price: t.price, amount: t.volume })),
        '1h',
      );
      if (bar.volume === 0) {
        if (tape.length) problems.push(`${bar.time}: trades in a bar without volume`);
        continue;
      }
      const same =
        rebuilt !== undefined &&
        rebuilt.time === bar.time &&
        rebuilt.open === bar.open &&
        rebuilt.high === bar.high &&
        rebuilt.low === bar.low &&
        rebuilt.close === bar.close &&
        Math.abs(rebuilt.volume - bar.volume) <= bar.volume * 1e-12;
      if (!same) problems.push(`${bar.time}: ${JSON.stringify(rebuilt)} != ${JSON.stringify(bar)}`);
    }
    expect(problems.slice(0, 5)).toEqual([]);
  });
});
