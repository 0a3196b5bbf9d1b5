import { describe, expect, it } from 'vitest';
import {
  annualisedReturn,
  barDurationMs,
  drawdown,
  performanceReport,
  sharpeRatio,
  sortinoRatio,
  tradeStats,
  YEAR_MS,
  type ClosedTrade,
  type EquityPoint,
} from '../../../src/backtest/metrics/index.js';

const H = 3_600_000;

function curveOf(equity: number[], step = H, start = 0): EquityPoint[] {
  return equity.map((e, i) => ({ time: start + i * step, equity: e }));
}

// Hourly: up 10 %, down to 99, partly back, a new high at 121, then 110.
const handCurve = curveOf([100, 110, 99, 105, 121, 110]);

describe('drawdown', () => {
  it('finds the largest fall from a peak and the longest time under water on a hand curve', () => {
    const dd = drawdown(handCurve);
    // Falls: 110 -> 99 is 11/110 = 0.1; 121 -> 110 is 11/121 = 0.0909.
    expect(dd.maxDrawdown).toBeCloseTo(0.1, 12);
    expect(dd.peakTime).toBe(1 * H);
    expect(dd.troughTime).toBe(2 * H);
    // Peak at 1h, back above 110 only at 4h (121): 3h. The 121 peak (4h) is never regained: 4h -> 5h, 1h.
    expect(dd.longestDurationMs).toBe(3 * H);
    expect(dd.endsInDrawdown).toBe(true);
  });

  it('counts an unrecovered drawdown until the end of the curve', () => {
    // Peak 100 at 0h, never regained: 0h -> 4h.
    const dd = drawdown(curveOf([100, 90, 95, 80, 99]));
    expect(dd.maxDrawdown).toBeCloseTo(0.2, 12);
    expect(dd.longestDurationMs).toBe(4 * H);
  });

  it('counts equity back exactly at the peak as recovered, and is zero for a rising curve', () => {
    expect(drawdown(curveOf([100, 90, 100, 100])).longestDurationMs).toBe(2 * H);
    expect(drawdown(curveOf([100, 90, 100, 100])).endsInDrawdown).toBe(false);
    expect(drawdown(curveOf([100, 101, 102]))).toMatchObject({ maxDrawdown: 0, longestDurationMs: 0 });
  });
});

describe('risk-adjusted ratios', () => {
  it('computes Sharpe and Sortino on hand returns', () => {
    const r = [0.02, -0.01, 0.02, -0.01];
    // mean 0.005; deviations ±0.015: sample variance 4 x 0.000225 / 3 = 0.0003, std 0.0173205.
    // Sharpe = 0.005 / 0.0173205 x sqrt(4) = 0.57735.
    expect(sharpeRatio(r, 4)).toBeCloseTo((0.005 / Math.sqrt(0.0003)) * 2, 12);
    expect(sharpeRatio(r, 4)).toBeCloseTo(0.57735, 5);
    // Downside deviation sqrt((0.0001 + 0.0001) / 4) = 0.0070711 -> 0.005 / 0.0070711 x 2 = 1.41421.
    expect(sortinoRatio(r, 4)).toBeCloseTo(Math.SQRT2, 12);
  });

  it('reports a constant-return curve as unbounded (null) and a flat one as 0', () => {
    const rising = curveOf(Array.from({ length: 200 }, (_, k) => 100 * 1.001 ** k));
    const report = performanceReport(rising, [], new Array(200).fill(false));
    // Every bar returns 0.1 %: the standard deviation is rounding noise, the ratio has no finite value.
    expect(report.sharpe).toBeNull();
    expect(report.sortino).toBeNull();
    expect(report.calmar).toBeNull();
    expect(report.maxDrawdown).toBe(0);
    expect(report.annualisedVolatility).toBeLessThan(1e-9);

    const flat = performanceReport(curveOf([100, 100, 100]), [], [0, 0, 0]);
    expect(flat).toMatchObject({ sharpe: 0, sortino: 0, calmar: 0, annualisedReturn: 0, totalReturn: 0, maxDrawdown: 0 });
  });
});

describe('annualised return', () => {
  it('compounds over the elapsed time', () => {
    // +21 % in half a year is +46.41 % a year: 1.21² - 1.
    expect(annualisedReturn(100, 121, YEAR_MS / 2)).toBeCloseTo(0.4641, 12);
    expect(annualisedReturn(100, 50, 2 * YEAR_MS)).toBeCloseTo(Math.sqrt(0.5) - 1, 12);
    expect(annualisedReturn(100, 0, YEAR_MS)).toBe(-1);
  });

  it('is null for no elapsed time and when compounding overflows', () => {
    expect(annualisedReturn(100, 110, 0)).toBeNull();
    // Doubling in one minute: 2^525960 is beyond a double.
    expect(annualisedReturn(100, 200, 60_000)).toBeNull();
  });
});

describe('trade statistics', () => {
  const trades: ClosedTrade[] = [
    { entryTime: 0, exitTime: 2 * H, pnl: 50, fees: 2, notional: 1000, exitNotional: 1050 }, // net +48
    { entryTime: 3 * H, exitTime: 4 * H, pnl: -30, fees: 2, notional: 1000, exitNotional: 970 }, // net -32
    { entryTime: 5 * H, exitTime: 8 * H, pnl: 10, fees: 1, notional: 500 }, // net +9
    { entryTime: 8 * H, exitTime: 10 * H, pnl: 1, fees: 1, notional: 500 }, // net 0: neither win nor loss
  ];

  it('judges trades on P&L after fees', () => {
    const s = tradeStats(trades);
    expect(s).toMatchObject({ trades: 4, wins: 2, losses: 1, winRate: 0.5, grossProfit: 57, grossLoss: 32, netPnl: 25, totalFees: 6 });
    expect(s.averageWin).toBeCloseTo(28.5, 12); // (48 + 9) / 2
    expect(s.averageLoss).toBeCloseTo(-32, 12);
    expect(s.profitFactor).toBeCloseTo(57 / 32, 12); // 1.78125
    // (1000 + 1050) + (1000 + 970) + (500 + 500) + (500 + 500)
    expect(s.tradedNotional).toBe(6020);
    expect(s.averageHoldingMs).toBe(2 * H); // (2 + 1 + 3 + 2) / 4 hours
  });

  it('has no profit factor without a losing trade, and zeros without trades', () => {
    expect(tradeStats([trades[0]!]).profitFactor).toBeNull();
    expect(tradeStats([])).toMatchObject({ trades: 0, winRate: 0, averageWin: 0, averageLoss: 0, profitFactor: null, tradedNotional: 0 });
  });
});

describe('performanceReport', () => {
  const trades: ClosedTrade[] = [
    { entryTime: 0, exitTime: 1 * H, pnl: 11, fees: 1, notional: 200, exitNotional: 220 },
    { entryTime: 1 * H, exitTime: 2 * H, pnl: -10, fees: 1, notional: 200 },
  ];
  const inPosition = [true, true, false, false, 1, 0];

  it('puts the curve, ratio and trade figures together', () => {
    const r = performanceReport(handCurve, trades, inPosition);
    expect(r).toMatchObject({ startTime: 0, endTime: 5 * H, bars: 6, barMs: H, barsPerYear: 8766, initialEquity: 100, finalEquity: 110 });
    expect(r.totalReturn).toBeCloseTo(0.1, 12);
    // Five hours elapsed: 1.1 ^ (8766 / 5) - 1, absurd but finite, as CAGR over a short run is.
    const cagr = 1.1 ** (8766 / 5) - 1;
    expect(r.annualisedReturn! / cagr).toBeCloseTo(1, 12);
    // Returns 0.1, -0.1, 105/99 - 1, 121/105 - 1, 110/121 - 1: mean 0.0244156, sample std 0.1142113.
    const returns = [0.1, -0.1, 105 / 99 - 1, 121 / 105 - 1, 110 / 121 - 1];
    const mean = returns.reduce((s, v) => s + v, 0) / 5;
    const std = Math.sqrt(returns.reduce((s, v) => s + (v - mean) ** 2, 0) / 4);
    expect(r.sharpe).toBeCloseTo((mean / std) * Math.sqrt(8766), 9);
    expect(r.sharpe).toBeCloseTo(20.0151, 3);
    const downside = Math.sqrt((0.1 ** 2 + (110 / 121 - 1) ** 2) / 5);
    expect(r.sortino).toBeCloseTo((mean / downside) * Math.sqrt(8766), 9);
    expect(r.annualisedVolatility).toBeCloseTo(std * Math.sqrt(8766), 12);
    expect(r.maxDrawdown).toBeCloseTo(0.1, 12);
    expect(r.maxDrawdownDurationMs).toBe(3 * H);
    expect(r.calmar! / (cagr / 0.1)).toBeCloseTo(1, 12);
    // 3 of 6 bars in a position (true, true, 1).
    expect(r.exposure).toBe(0.5);
    // Traded (200 + 220) + (200 + 200) = 820 over mean equity 645 / 6 = 107.5.
    expect(r.turnover).toBeCloseTo(820 / 107.5, 12);
    expect(r).toMatchObject({ trades: 2, wins: 1, losses: 1, totalFees: 2, profitFactor: 10 / 11 });
  });

  it('writes to JSON and back without losing a field', () => {
    const r = performanceReport(handCurve, [trades[0]!], inPosition);
    expect(r.profitFactor).toBeNull();
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('annualises by the typical bar, not by gaps from outages', () => {
    // Hourly bars with a 3-hour hole: the median gap is still one hour.
    const gappy: EquityPoint[] = [0, 1, 2, 5, 6].map((h, i) => ({ time: h * H, equity: 100 + i }));
    expect(barDurationMs(gappy)).toBe(H);
    expect(performanceReport(gappy, [], [0, 0, 0, 0, 0]).barsPerYear).toBe(8766);
    expect(performanceReport(curveOf([100, 101, 102], 5 * 60_000), [], [0, 0, 0]).barsPerYear).toBe(105_192);
    expect(performanceReport(gappy, [], [0, 0, 0, 0, 0], { barMs: 4 * H }).barsPerYear).toBe(8766 / 4);
  });

  it('handles a single point', () => {
    const r = performanceReport([{ time: 0, equity: 100 }], [], [false]);
    expect(r).toMatchObject({ bars: 1, barMs: 0, totalReturn: 0, annualisedReturn: null, sharpe: 0, maxDrawdown: 0, exposure: 0 });
  });

  it('refuses curves no statistic can be built on', () => {
    expect(() => performanceReport([], [], [])).toThrow(/empty/);
    expect(() => performanceReport(curveOf([100, 101]), [], [0])).toThrow(/inPosition has 1 entries/);
    expect(() =>
      performanceReport(
        [
          { time: H, equity: 100 },
          { time: H, equity: 101 },
        ],
        [],
        [0, 0],
      ),
    ).toThrow(/must increase/);
    expect(() => performanceReport(curveOf([0, 1]), [], [0, 0])).toThrow(/positive equity/);
    expect(() => performanceReport(curveOf([100, Number.NaN]), [], [0, 0])).toThrow(/not finite/);
  });
});
