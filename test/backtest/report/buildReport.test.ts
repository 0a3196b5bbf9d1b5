import { describe, expect, it } from 'vitest';
import { buildReport, fillFingerprint, type BacktestReport, type RegimeMark } from '../../../src/backtest/report/index.js';
import { A, B, FEE, H, handEquity, handInput, T } from './handRun.js';

const GENERATED = Date.UTC(2024, 5, 1, 12);

function report(over: Parameters<typeof handInput>[0] = {}): BacktestReport {
  return buildReport(handInput(over), { generatedAt: GENERATED });
}

describe('buildReport on a hand-made two-asset run', () => {
  const r = report();

  it('summarises the portfolio: return, trades judged net of fees, every fee paid', () => {
    const s = r.summary;
    expect(s).toMatchObject({ runId: 'hand-run', assets: [A, B], timeframe: '1h', capital: 1000, fills: 7, openPositions: 1, bars: 5, barMs: H });
    expect(s.from).toBe('2024-01-01T00:00:00.000Z');
    expect(s.fingerprint).toBe(fillFingerprint(handInput().fills));
    expect(s.totalReturn).toBeCloseTo(0.0752835, 12);
    // Nets: pA1 22 - 0.462 = 21.538; pB1 40 - 0.36 = 39.64; pA2 -5.5 - 0.2145 = -5.7145.
    expect(s.trades).toBe(3);
    expect(s.wins).toBe(2);
    expect(s.winRate).toBeCloseTo(2 / 3, 12);
    expect(s.profitFactor).toBeCloseTo((21.538 + 39.64) / 5.7145, 10);
    expect(s.averageLoss).toBeCloseTo(-5.7145, 10);
    // Closed trades paid 1.0365; with pB2's opening fee of 0.18 the run paid 1.2165.
    expect(s.totalFees).toBeCloseTo(1.0365, 10);
    expect(s.fees).toBeCloseTo(1.2165, 10);
    // Derived from the fills: a position is open at the marks of T1, T3 and T4.
    expect(s.exposure).toBeCloseTo(3 / 5, 12);
    // Falls: 1000 -> 999.58 (the entry fees) is 0.042 %, worse than 1061.178 -> 1060.888 (0.027 %).
    expect(s.maxDrawdown).toBeCloseTo(0.42 / 1000, 12);
    expect(r.generatedAt).toBe('2024-06-01T12:00:00.000Z');
    expect(r.modelVersions).toEqual({ lstm: 'v3-abc123' });
    expect(r.config).toEqual({ strategy: 'scripted', fees: { taker: FEE } });
  });

  it('gives each asset its own P&L, trades and exposure, and its buy-and-hold leg', () => {
    const [a, b] = r.perAsset;
    // A: -0.22 (open) + 22 - 0.242 (close) - 0.11 (open) - 5.5 - 0.1045 (stop) = 15.8235.
    expect(a?.symbol).toBe(A);
    expect(a?.pnl).toBeCloseTo(15.8235, 10);
    expect(a?.performance.totalReturn).toBeCloseTo(0.0158235, 12);
    expect(a?.performance.trades).toBe(2);
    expect(a?.performance.netPnl).toBeCloseTo(21.538 - 5.7145, 10);
    expect(a?.performance.exposure).toBeCloseTo(2 / 5, 12);
    expect(a?.fills).toBe(4);
    // B: -0.2 + 40 - 0.16 (short, take-profit) - 0.18 (open) + 4 x (50 - 45) marked = 59.46.
    expect(b?.pnl).toBeCloseTo(59.46, 10);
    expect(b?.performance.trades).toBe(1);
    expect(b?.performance.exposure).toBeCloseTo(3 / 5, 12);
    // A curve of 1000 + P&L of B: 1000, 999.8, 1039.64, 1039.46, 1059.46; falls 0.2 from 1000, 0.18 from 1039.64.
    expect(b?.performance.maxDrawdown).toBeCloseTo(0.2 / 1000, 12);
    // Legs: 500 buys 500 / 1.001 of notional, sells at the last close less 0.1 %.
    expect(a?.buyAndHoldReturn).toBeCloseTo((0.999 / 1.001) * 1.32 - 1, 12);
    expect(b?.buyAndHoldReturn).toBeCloseTo(0.999 / 1.001 - 1, 12);
    // The assets' P&L is the portfolio's.
    expect((a?.pnl ?? 0) + (b?.pnl ?? 0)).toBeCloseTo(handEquity[4]!.equity - 1000, 9);
  });

  it('holds the same assets equal-weight over the same bars, paying the taker fee in and out', () => {
    const bh = r.buyAndHold;
    const spent = 500 / 1.001;
    expect(bh.takerFee).toBe(FEE);
    expect(bh.legs.map((l) => [l.symbol, l.entryPrice, l.exitPrice])).toEqual([
      [A, 100, 132],
      [B, 50, 50],
    ]);
    expect(bh.legs[0]?.quantity).toBeCloseTo(spent / 100, 12);
    expect(bh.legs[0]?.fees).toBeCloseTo((spent + (spent / 100) * 132) * FEE, 12);
    const p = bh.performance;
    expect(p.initialEquity).toBe(1000);
    expect(p.finalEquity).toBeCloseTo(spent * (1.32 + 1) * 0.999, 9);
    expect(p.totalReturn).toBeCloseTo((0.999 / 1.001) * 1.16 - 1, 12);
    // Marked in between without the exit fee: 1000, spent x 2.1, spent x 2.01, spent x 2.0, ...
    expect(p.maxDrawdown).toBeCloseTo(1 - 2.0 / 2.1, 12);
    expect(p.trades).toBe(2);
    expect(p.exposure).toBe(1);
    expect(p.totalFees).toBeCloseTo(spent * 2 * FEE + (spent / 100) * 132 * FEE + (spent / 50) * 50 * FEE, 12);
    const { costs, ...performance } = r.summary.buyAndHold;
    expect(performance).toEqual(p);
    expect(costs.fees).toBeCloseTo(p.totalFees, 12);
  });

  it('splits bars and trades by regime, an asset label before the market one', () => {
    // A: bull at T1, bear from T2 (its own label); B: bull to T2, bear from T3 (the market's).
    const [bear, bull] = r.perRegime;
    expect(r.perRegime.map((x) => x.regime)).toEqual(['bear', 'bull']);
    expect(bull).toMatchObject({ bars: 2, assetBars: 3 });
    expect(bull?.share).toBeCloseTo(3 / 8, 12);
    expect(bull?.exposure).toBeCloseTo(2 / 3, 12);
    expect(bull?.pnl).toBeCloseTo(-0.42 + 39.84, 10);
    expect(bull?.strategyReturn).toBeCloseTo((1 - 0.42 / 1000) * (1 + 39.84 / 999.58) - 1, 12);
    expect(bull?.marketReturn).toBeCloseTo(1.05 * 0.8 - 1, 12);
    // Its two bar returns r1, r2: Sharpe = mean / sample std x sqrt(8766 hourly bars a year).
    const r1 = -0.42 / 1000;
    const r2 = 39.84 / 999.58;
    expect(bull?.sharpe).toBeCloseTo(((r1 + r2) / 2 / (Math.abs(r2 - r1) / Math.SQRT2)) * Math.sqrt(8766), 9);
    expect(bull?.trades.trades).toBe(2);
    expect(bull?.trades.netPnl).toBeCloseTo(21.538 + 39.64, 10);

    expect(bear).toMatchObject({ bars: 3, assetBars: 5 });
    expect(bear?.exposure).toBeCloseTo(3 / 5, 12);
    expect(bear?.pnl).toBeCloseTo(21.758 - 0.29 + 14.3955, 10);
    expect(bear?.strategyReturn).toBeCloseTo((1 + 21.758 / 999.58) * (1 - 0.29 / 1061.178) * (1 + 14.3955 / 1060.888) - 1, 12);
    expect(bear?.marketReturn).toBeCloseTo(1.1 * (1 + (110 / 121 - 1 + 45 / 40 - 1) / 2) * (1 + (0.2 + 50 / 45 - 1) / 2) - 1, 12);
    expect(bear?.trades.trades).toBe(1);
    expect(bear?.trades.netPnl).toBeCloseTo(-5.7145, 10);
    expect((bull?.pnl ?? 0) + (bear?.pnl ?? 0)).toBeCloseTo(75.2835, 9);
  });

  it('with one market regime per bar, the regimes compound to the portfolio return', () => {
    const m = report({
      regimes: [
        { time: T(0), regime: 'x' },
        { time: T(2), regime: 'y' },
        { time: T(4), regime: 'x' },
      ],
    });
    const growth = m.perRegime.reduce((g, x) => g * (1 + x.strategyReturn), 1);
    expect(growth - 1).toBeCloseTo(m.summary.totalReturn, 12);
    expect(m.perRegime.map((x) => [x.regime, x.bars, x.assetBars])).toEqual([
      ['x', 2, 4],
      ['y', 2, 4],
    ]);
  });

  it('a label holds until the next: marks at every bar and marks only where the regime changes give the same report', () => {
    const labels = ['x', 'x', 'y', 'y', 'x'];
    const everyBar: RegimeMark[] = [
      ...labels.map((regime, k) => ({ time: T(k), regime })),
      ...labels.map((_, k) => ({ time: T(k), asset: A, regime: k < 3 ? 'a-up' : 'a-down' })),
    ];
    const changes = everyBar.filter((m, i) => {
      const before = everyBar
        .slice(0, i)
        .filter((b) => b.asset === m.asset)
        .at(-1);
      return before?.regime !== m.regime;
    });
    expect(changes).toHaveLength(5);
    expect(report({ regimes: changes }).perRegime).toEqual(report({ regimes: everyBar }).perRegime);
  });

  it('reports each walk-forward test window on its own', () => {
    const [f] = r.folds;
    // Test window [T1, T4): the points of T1, T2, T3 and the trades that entered in it.
    expect(f).toMatchObject({ index: 0, bars: 3, trades: 3 });
    expect(f?.totalReturn).toBeCloseTo(1060.888 / 999.58 - 1, 12);
    expect(f?.maxDrawdown).toBeCloseTo(0.29 / 1061.178, 12);
    expect(f?.netPnl).toBeCloseTo(21.538 + 39.64 - 5.7145, 10);
    // A 110 -> 110, B 50 -> 45: mean 0.95, fees both ways.
    expect(f?.buyAndHoldReturn).toBeCloseTo((0.999 / 1.001) * 0.95 - 1, 12);
    const empty = report({ walkForward: [{ trainFrom: T(0), trainTo: T(1), testFrom: T(9), testTo: T(10) }] }).folds[0];
    expect(empty).toMatchObject({ bars: 0, trades: 0, totalReturn: null, buyAndHoldReturn: null });
  });

  it('is JSON-safe and the same on every build with the same inputs', () => {
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    expect(report()).toEqual(r);
    expect(report({ regimes: undefined, walkForward: undefined })).toMatchObject({ perRegime: [], folds: [] });
  });

  it('uses the exposure the engine gives when it gives one', () => {
    expect(report({ exposure: [false, true, true, true, true] }).summary.exposure).toBeCloseTo(4 / 5, 12);
  });

  it('refuses a run it cannot report honestly, saying what is wrong', () => {
    expect(() => report({ closes: new Map([[A, [{ time: T(0), close: 1 }]]]) })).toThrow(/no closes of B\/USD/);
    expect(() => report({ assets: [A] })).toThrow(/fill pB1:1:fill is on B\/USD, which is not one of the run's assets/);
    expect(() => report({ exposure: [true] })).toThrow(/exposure has 1 entries, the equity curve 5/);
    expect(() => report({ capital: 0 })).toThrow(/capital must be > 0/);
    const [first, second, ...rest] = handInput().fills;
    expect(() => report({ fills: [second!, ...rest, first!] })).toThrow(/fills must be in the order they happened/);
    expect(() => report({ config: { bad: Number.NaN } })).toThrow(/NaN/);
  });
});
