import { describe, expect, it } from 'vitest';
import { assetLedger } from '../../../src/backtest/report/assetLedger.js';
import { tradeRows } from '../../../src/backtest/report/tradeRows.js';
import {
  buildReport,
  comparisonText,
  fillFingerprint,
  SAME_RULE_BASED_NOTE,
  type BacktestInput,
  type BacktestReport,
} from '../../../src/backtest/report/index.js';
import { A, B, FEE as HAND_FEE, H as HAND_H, handInput } from './handRun.js';
import { FEE, H, increasedCharges, increasedClosed, increasedEquity, increasedFills, increasedInput, T, X } from './increasedRun.js';

function report(input: BacktestInput): BacktestReport {
  return buildReport(input, { generatedAt: T(6) });
}

const times = increasedEquity.map((p) => p.time);
const marksX = Float64Array.from([100, 110, 120, 130, 125, 95]);
/** Sum of every equity point of the increased run: 1000 + 999.78 + 1009.54 + 1028.79 + 1008.29 + 1023.856. */
const EQUITY_SUM = 6070.256;

describe('the books of a position added to twice, reduced, then stopped, with financing', () => {
  it('replays it at the mean entry of its opening fills, and takes financing off the P&L in the bar that charged it', () => {
    const l = assetLedger(X, increasedFills, increasedCharges, times, marksX, H);
    // T2: 2 at a mean 115, marked at 120: +10, less fees 0.23 and financing 0.23.
    // T3: 4 at a mean 122.5, marked at 130: +30, less fees 0.49 and financing 0.72 (the rollover due at T3's close).
    // T4: 5 realised, 2 left at 122.5 marked at 125 (+5), p2 short at 125 (0); fees 0.865, financing 0.845.
    // T5: realised 5 - 5 + 25, p3 marked 1 x (95 - 94); fees 1.299, financing 0.845.
    const expected = [0, -0.22, 9.54, 28.79, 8.29, 23.856];
    expected.forEach((pnl, i) => expect(l.pnl[i]).toBeCloseTo(pnl, 10));
    expect([...l.open]).toEqual([0, 1, 1, 1, 1, 1]);
    expect([...l.notional]).toEqual([0, 110, 240, 520, 2 * 125 + 125, 95]);
    expect(l.grossPnl).toBeCloseTo(26, 10);
    expect(l.fees).toBeCloseTo(1.299, 10);
    expect(l.financing).toBeCloseTo(0.845, 10);
    expect(l.tradedNotional).toBeCloseTo(1299, 10);
    expect(l.openAtEnd).toBe(1);
  });

  it('makes one trade row of it: entry and exit notional summed over its fills, fees and financing its own', () => {
    const [p1, p2] = tradeRows(increasedClosed, increasedFills, increasedCharges);
    expect(p1).toMatchObject({ positionId: 'p1', side: 'long', quantity: 4, entryTime: T(1), exitTime: T(5), exitReason: 'stop', leverage: 2, pnl: 0 });
    expect(p1?.entryNotional).toBeCloseTo(110 + 120 + 260, 10);
    expect(p1?.entryPrice).toBeCloseTo(122.5, 10);
    expect(p1?.exitNotional).toBeCloseTo(250 + 240, 10);
    expect(p1?.exitPrice).toBeCloseTo(122.5, 10);
    expect(p1?.fees).toBeCloseTo((110 + 120 + 260 + 250 + 240) * FEE, 10);
    expect(p1?.financing).toBeCloseTo(0.11 + 0.12 + 0.49, 10);
    expect(p1?.net).toBeCloseTo(-0.98 - 0.72, 10);
    expect(p2).toMatchObject({ positionId: 'p2', side: 'short', quantity: 1, entryPrice: 125, exitPrice: 100, exitReason: 'take_profit', pnl: 25 });
    expect(p2?.net).toBeCloseTo(25 - 0.225 - 0.125, 10);
  });

  it('reports where the money went, in total and per asset', () => {
    const r = report(increasedInput());
    const c = r.summary.costs;
    expect(c.grossPnl).toBeCloseTo(26, 10);
    expect(c.fees).toBeCloseTo(1.299, 10);
    expect(c.financing).toBeCloseTo(0.845, 10);
    expect(c.netPnl).toBeCloseTo(23.856, 10);
    expect(c.netPnl).toBeCloseTo(r.summary.finalEquity - 1000, 9);
    // Every fill counts: opens, increases, the reduction, the stop, the take-profit, and p3's open.
    expect(c.tradedNotional).toBeCloseTo(1299, 10);
    expect(c.turnover).toBeCloseTo(1299 / (EQUITY_SUM / 6), 10);
    expect(c.feeShare).toBeCloseTo(1.299 / 26, 10);
    expect(c.exposure).toBeCloseTo(5 / 6, 12);
    expect(c.grossExposure).toBeCloseTo((110 + 240 + 520 + 375 + 95) / EQUITY_SUM, 10);
    // The books agree with the equity the venue reported, bar by bar.
    const own = r.perAsset[0]!.performance;
    expect(own.finalEquity).toBeCloseTo(1023.856, 9);
    expect(own.maxDrawdown).toBeCloseTo(1 - 1008.29 / 1028.79, 10);
    // p1 held 4 h, p2 1 h; p2 made money after its fees and financing, p1 did not.
    expect(c.averageHoldingMs).toBe(2.5 * H);
    expect(c.hitRate).toBe(0.5);
    expect(c.trades).toBe(2);
    // The trade statistics judge a trade after its financing too.
    expect(r.summary.totalFinancing).toBeCloseTo(0.845, 10);
    expect(r.summary.netPnl).toBeCloseTo(-1.7 + 24.65, 10);

    const [x, y] = r.perAsset;
    expect(x?.costs).toEqual(c);
    expect(x?.pnl).toBeCloseTo(23.856, 10);
    // An asset never traded: nothing to take a share of, no trade to time or count.
    expect(y?.costs).toEqual({
      grossPnl: 0,
      fees: 0,
      financing: 0,
      netPnl: 0,
      tradedNotional: 0,
      turnover: 0,
      feeShare: null,
      exposure: 0,
      grossExposure: 0,
      averageHoldingMs: null,
      hitRate: null,
      trades: 0,
    });
  });

  it('has no fee share without a gross profit', () => {
    const losing = increasedInput({ fills: increasedFills.map((f) => (f.positionId === 'p2' && f.effect === 'take_profit' ? { ...f, realizedPnl: -25 } : f)) });
    expect(report(losing).summary.costs.grossPnl).toBeCloseTo(-24, 10);
    expect(report(losing).summary.costs.feeShare).toBeNull();
  });
});

describe('the rule-based strategy and buy-and-hold beside the strategy', () => {
  it('sets a rule-based run on the same bars beside the strategy, figured the same way', () => {
    const same = { equity: increasedEquity, fills: increasedFills, closedPositions: increasedClosed, charges: increasedCharges };
    const r = report(increasedInput({ ruleBased: { kind: 'run', label: 'rule-based (trend)', ...same } }));
    const rb = r.summary.ruleBased;
    if (rb?.status !== 'run') throw new Error(`expected a rule-based run, got ${JSON.stringify(rb)}`);
    expect(rb.label).toBe('rule-based (trend)');
    expect(rb.costs).toEqual(r.summary.costs);
    expect(rb.sharpe).toBe(r.summary.sharpe);
    expect(rb.fingerprint).toBe(fillFingerprint(increasedFills));
    expect(rb).toMatchObject({ fills: 8, openPositions: 1 });
    expect(r.perAsset[0]?.ruleBased?.costs).toEqual(r.perAsset[0]?.costs);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);

    // Another run of the rule-based strategy: only p2 traded.
    const other = report(
      increasedInput({
        ruleBased: {
          kind: 'run',
          label: 'rule-based (trend)',
          ...same,
          fills: increasedFills.filter((f) => f.positionId === 'p2'),
          closedPositions: [increasedClosed[1]!],
          charges: [increasedCharges[3]!],
        },
      }),
    );
    const o = other.summary.ruleBased;
    expect(o?.status === 'run' && o.costs).toMatchObject({ grossPnl: 25, trades: 1, hitRate: 1 });
  });

  it('says so when the strategy under test is the rule-based one, and shows no rule-based line without a run', () => {
    const same = report(increasedInput({ ruleBased: { kind: 'same' } }));
    expect(same.summary.ruleBased).toEqual({ status: 'same', note: SAME_RULE_BASED_NOTE });
    expect(same.perAsset.map((a) => a.ruleBased)).toEqual([null, null]);
    expect(report(increasedInput()).summary.ruleBased).toBeNull();
  });

  it('refuses a rule-based run on other bars, and financing it cannot place', () => {
    const shifted = increasedEquity.map((p) => ({ ...p, time: p.time + 1 }));
    expect(() => report(increasedInput({ ruleBased: { kind: 'run', label: 'x', equity: shifted, fills: [], closedPositions: [] } }))).toThrow(
      /rule-based run: .*same bars/,
    );
    expect(() => report(increasedInput({ charges: [{ ...increasedCharges[0]!, amount: Number.NaN }] }))).toThrow(
      /financing charge p1:margin_open@.* has no finite amount/,
    );
    expect(() => report(increasedInput({ charges: [{ ...increasedCharges[0]!, symbol: 'Z/USD' }] }))).toThrow(
      /financing charge p1:margin_open@.* is on Z\/USD/,
    );
  });

  it('gives buy-and-hold the same figures: gross, both fees, no financing, always in the market', () => {
    const r = report(handInput());
    const bh = r.summary.buyAndHold;
    const c = bh.costs;
    // 500 into each of A (100 -> 132) and B (50 -> 50), buying notional 500 / 1.001.
    const qA = 500 / 1.001 / 100;
    const qB = 500 / 1.001 / 50;
    const fees = (qA * (100 + 132) + qB * (50 + 50)) * HAND_FEE;
    expect(c.grossPnl).toBeCloseTo(qA * 32, 10);
    expect(c.fees).toBeCloseTo(fees, 12);
    expect(c.financing).toBe(0);
    expect(c.netPnl).toBeCloseTo(bh.finalEquity - 1000, 9);
    expect(c.tradedNotional).toBeCloseTo(qA * 232 + qB * 100, 10);
    const curve = [1000, ...[1, 2, 3].map((i) => qA * [100, 110, 121, 110, 132][i]! + qB * [50, 50, 40, 45, 50][i]!), (qA * 132 + qB * 50) * (1 - HAND_FEE)];
    const equitySum = curve.reduce((s, e) => s + e, 0);
    expect(c.turnover).toBeCloseTo((qA * 232 + qB * 100) / (equitySum / 5), 10);
    expect(c.feeShare).toBeCloseTo(fees / (qA * 32), 10);
    expect(c.exposure).toBe(1);
    const held = [0, 1, 2, 3, 4].reduce((s, i) => s + qA * [100, 110, 121, 110, 132][i]! + qB * [50, 50, 40, 45, 50][i]!, 0);
    expect(c.grossExposure).toBeCloseTo(held / equitySum, 10);
    expect(c).toMatchObject({ averageHoldingMs: 4 * HAND_H, trades: 2, hitRate: 0.5 });

    // Each leg as its contribution on the whole capital: A gained, B paid its two fees.
    const [a, b] = r.perAsset;
    expect(a?.buyAndHold.pnl).toBeCloseTo(qA * 32 - qA * 232 * HAND_FEE, 10);
    expect(a?.buyAndHold.performance.totalReturn).toBeCloseTo((qA * 32 - qA * 232 * HAND_FEE) / 1000, 12);
    expect(b?.buyAndHold.costs).toMatchObject({ grossPnl: 0, hitRate: 0, trades: 1 });
    expect((a?.buyAndHold.pnl ?? 0) + (b?.buyAndHold.pnl ?? 0)).toBeCloseTo(bh.finalEquity - 1000, 9);
    // The strategy's own per asset: A gross 22 - 5.5, B 40 and 4 x (50 - 45) marked.
    expect(a?.costs).toMatchObject({ trades: 2, financing: 0 });
    expect(a?.costs.grossPnl).toBeCloseTo(16.5, 10);
    expect(b?.costs.grossPnl).toBeCloseTo(60, 10);
    expect(b?.costs.fees).toBeCloseTo(0.2 + 0.16 + 0.18, 10);
    expect(r.perAsset.map((x) => x.symbol)).toEqual([A, B]);
  });
});

describe('the comparison table for the terminal', () => {
  it('lines up strategy, rule-based and buy & hold, for the portfolio and then each asset', () => {
    const lines = comparisonText(report(increasedInput({ ruleBased: { kind: 'same' } })));
    const header = lines[0]!;
    for (const h of [
      'return',
      'sharpe',
      'max dd',
      'trades',
      'turnover',
      'gross P&L',
      'fees',
      'financing',
      'net P&L',
      'fee share',
      'exposure',
      'avg hold',
      'hit rate',
    ]) {
      expect(header).toContain(h);
    }
    // Buy-and-hold: X 100 -> 95 and Y flat, 500 in each, a fee each way; per asset on the whole capital.
    const expected = [
      /^\s+return\s/,
      /^portfolio\s+strategy\s+2\.39 %/,
      /^\s+rule-based\s+same as the strategy: the strategy under test is the rule-based one/,
      /^\s+buy & hold\s+-2\.69 %/,
      /^$/,
      /^X\/USD\s+strategy\s+2\.39 %/,
      /^\s+buy & hold\s+-2\.59 %/,
      /^$/,
      /^Y\/USD\s+strategy\s+0\.00 %/,
      /^\s+buy & hold\s+-0\.10 %/,
    ];
    expect(lines).toHaveLength(expected.length);
    expected.forEach((re, i) => expect(lines[i]).toMatch(re));
    const strategy = lines[1]!;
    // Gross 26, fees 1.299, net 23.856, turnover 1299 / 1011.79, exposure 5 of 6 bars and 1340 / 6070.746, 2.5 h, 1 of 2.
    for (const figure of ['2.39 %', '26.00', '1.30', '23.86', '1.28×', '5.0 %', '83 % · 0.22×', '2h 30m', '50.0 %']) expect(strategy).toContain(figure);
    // Right-aligned: every line of figures ends where the header does.
    for (const l of lines.filter((x) => x.trim() !== '' && !x.includes('same as'))) expect(l.length).toBe(header.length);
  });
});
