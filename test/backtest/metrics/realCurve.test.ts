import { describe, expect, it } from 'vitest';
import { drawdown, performanceReport, type EquityPoint } from '../../../src/backtest/metrics/index.js';
import { hasSharedData, readBinanceCsv, SHARED_DATA_MISSING, sharedFile } from '../../support/sharedData.js';

const Y2022 = Date.UTC(2022, 0, 1);
const Y2023 = Date.UTC(2023, 0, 1);

describe.skipIf(!hasSharedData)(`buy and hold SOL through 2022 (real Binance hourly closes) ${hasSharedData ? '' : SHARED_DATA_MISSING}`, () => {
  const bars = (hasSharedData ? readBinanceCsv(sharedFile('binance', 'SOL-USDT_1h.csv')) : []).filter((b) => b.time >= Y2022 && b.time < Y2023);
  // 1 000 USDT of SOL bought at the first close: equity follows the close.
  const curve: EquityPoint[] = bars.map((b) => ({ time: b.time, equity: (1000 * b.close) / bars[0]!.close }));

  it('agrees with a brute-force drawdown over every pair of bars', () => {
    let worst = 0;
    let longest = 0;
    for (let i = 0; i < curve.length; i++) {
      const e = curve[i]!.equity;
      for (let j = i + 1; j < curve.length; j++) worst = Math.max(worst, (e - curve[j]!.equity) / e);
      // A peak that the next bar falls from: time until equity is back at it, or to the end.
      const isPeak = curve.slice(0, i).every((p) => p.equity <= e);
      if (!isPeak || i + 1 >= curve.length || curve[i + 1]!.equity >= e) continue;
      let j = i + 1;
      while (j < curve.length && curve[j]!.equity < e) j++;
      longest = Math.max(longest, curve[Math.min(j, curve.length - 1)]!.time - curve[i]!.time);
    }
    const dd = drawdown(curve);
    expect(dd.maxDrawdown).toBeCloseTo(worst, 12);
    expect(dd.longestDurationMs).toBe(longest);
    // SOL went from about 170 to under 10 in 2022.
    expect(dd.maxDrawdown).toBeGreaterThan(0.9);
  });

  it('reports the year as a user would read it off the chart', () => {
    const report = performanceReport(curve, [], new Array<boolean>(curve.length).fill(true));
    const first = bars[0]!.close;
    const last = bars[bars.length - 1]!.close;
    expect(report.totalReturn).toBeCloseTo(last / first - 1, 12);
    expect(report.barMs).toBe(3_600_000);
    expect(report.exposure).toBe(1);
    expect(report.sharpe).toBeLessThan(0);
    expect(report.annualisedReturn).toBeLessThan(-0.9);
  });
});
