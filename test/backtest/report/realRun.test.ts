import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildReport, reportSeries, writeReport, type BacktestInput, type RegimeMark } from '../../../src/backtest/report/index.js';
import type { Bar } from '../../../src/domain/bar.js';
import type { EquityPoint } from '../../../src/domain/equity.js';
import type { Fill } from '../../../src/domain/fill.js';
import type { MarketInfo } from '../../../src/domain/market.js';
import type { Approved, OrderRequest } from '../../../src/domain/order.js';
import type { ClosedPosition } from '../../../src/domain/ports.js';
import { equityOf, SimulatedVenue } from '../../../src/execution/index.js';
import { hasSharedData, readBinanceCsv, SHARED_DATA_MISSING, sharedFile } from '../../support/sharedData.js';
import { makeTempHome } from '../../support/tempHome.js';
import { expectSelfContainedHtml, polylinePointCounts } from './htmlChecks.js';

const H = 3_600_000;
const FROM = Date.UTC(2023, 0, 1);
const TO = Date.UTC(2024, 0, 1);
const SOL = 'SOL/USDT';
const ETH = 'ETH/USDT';
const TAKER = 0.0005;

function market(symbol: string): MarketInfo {
  return { symbol, base: symbol.split('/')[0]!, quote: 'USDT', pricePrecision: 2, amountPrecision: 3, minAmount: 0.001, minCost: 5, maxLeverage: 5 };
}

/** Test-only approval: the orders are scripted, the risk rules are not what is tested here. */
function order(o: Omit<OrderRequest, 'type' | 'reason' | 'createdAt'>): Approved<OrderRequest> {
  return { ...o, type: 'market', reason: 'scripted', createdAt: o.signalBarTime + H } as Approved<OrderRequest>;
}

/**
 * A year of real hourly SOL and ETH candles through the simulated venue, with scripted trades: every
 * ten days a 2x SOL long and, five days later, a 2x ETH short, each with an 8 % stop and a 12 % take-profit,
 * closed after five days if neither hit. The trades are arbitrary; the candles and the books are real.
 */
async function scriptedRun(bars: ReadonlyMap<string, Bar[]>): Promise<BacktestInput> {
  const venue = new SimulatedVenue({
    markets: new Map([
      [SOL, market(SOL)],
      [ETH, market(ETH)],
    ]),
    fees: { maker: 0.0002, taker: TAKER },
    slippageBps: 5,
    maintenanceMarginRate: 0.005,
    state: { cash: 10_000, positions: [], openOrders: [] },
  });
  const byTime = new Map<number, [string, Bar][]>();
  for (const [symbol, list] of bars) for (const b of list) byTime.set(b.time, [...(byTime.get(b.time) ?? []), [symbol, b]]);
  const times = [...byTime.keys()].sort((a, b) => a - b);
  const marks = new Map<string, number>();
  const equity: EquityPoint[] = [];
  const fills: Fill[] = [];
  const closedPositions: ClosedPosition[] = [];

  for (let i = 0; i < times.length; i++) {
    const time = times[i]!;
    for (const [symbol, bar] of byTime.get(time)!) {
      const ev = await venue.onBar(symbol, bar);
      fills.push(...ev.fills);
      closedPositions.push(...ev.closedPositions);
      marks.set(symbol, bar.close);
    }
    const account = venue.account();
    equity.push({ time, ...equityOf(account, marks) });

    for (const [symbol, offset, side] of [
      [SOL, 0, 'buy'],
      [ETH, 120, 'sell'],
    ] as const) {
      const price = marks.get(symbol);
      if (price === undefined) continue;
      const held = account.positions.find((p) => p.symbol === symbol);
      if ((i - offset) % 240 === 0 && !held) {
        await venue.submit(
          order({
            clientOrderId: `${symbol}-${i}`,
            symbol,
            side,
            quantity: Number((2000 / price).toFixed(3)),
            leverage: 2,
            reduceOnly: false,
            stopDistance: price * 0.08,
            takeProfitDistance: price * 0.12,
            signalBarTime: time,
          }),
        );
      }
      if (held && time - held.entryTime >= 120 * H) {
        await venue.submit(
          order({
            clientOrderId: `${held.id}-exit`,
            symbol,
            side: held.side === 'long' ? 'sell' : 'buy',
            quantity: held.quantity,
            leverage: held.leverage,
            reduceOnly: true,
            signalBarTime: time,
          }),
        );
      }
    }
  }

  // Scripted labels, not the regime module: an asset is 'up' while its last week's return is positive.
  const regimes: RegimeMark[] = [];
  for (const [asset, list] of bars) {
    let last: string | undefined;
    for (let k = 168; k < list.length; k++) {
      const regime = list[k]!.close >= list[k - 168]!.close ? 'up' : 'down';
      if (regime !== last) regimes.push({ time: list[k]!.time, asset, regime });
      last = regime;
    }
  }

  return {
    runId: 'sol-eth-2023-scripted',
    assets: [SOL, ETH],
    timeframe: '1h',
    from: FROM,
    to: TO,
    capital: 10_000,
    takerFee: TAKER,
    config: { script: 'every 10 days', stop: 0.08, takeProfit: 0.12 },
    equity,
    fills,
    closedPositions,
    regimes,
    closes: new Map([...bars].map(([s, list]) => [s, list.map((b) => ({ time: b.time, close: b.close }))])),
    modelVersions: {},
    walkForward: [0, 1, 2, 3].map((q) => ({
      trainFrom: FROM,
      trainTo: Date.UTC(2023, 3 * q, 1),
      testFrom: Date.UTC(2023, 3 * q, 1),
      testTo: Date.UTC(2023, 3 * q + 3, 1),
    })),
  };
}

describe.skipIf(!hasSharedData)(`a scripted year of real SOL and ETH hourly candles ${hasSharedData ? '' : SHARED_DATA_MISSING}`, () => {
  const bars = new Map(
    (hasSharedData ? [SOL, ETH] : []).map(
      (s) => [s, readBinanceCsv(sharedFile('binance', `${s.replace('/', '-')}_1h.csv`)).filter((b) => b.time >= FROM && b.time < TO)] as const,
    ),
  );
  const home = makeTempHome('bot-report-real-');
  afterAll(home.cleanup);

  it('reports what the books say, beside buy-and-hold, and renders every file', async () => {
    const input = await scriptedRun(bars);
    const report = buildReport(input, { generatedAt: TO });
    const s = report.summary;
    const sol = bars.get(SOL)!;
    const eth = bars.get(ETH)!;

    expect(s.bars).toBe(input.equity.length);
    expect(s.bars).toBeGreaterThan(8700);
    expect(s.trades).toBe(input.closedPositions.length);
    expect(s.trades).toBeGreaterThan(40);
    expect(s.totalReturn).toBeCloseTo(input.equity.at(-1)!.equity / 10_000 - 1, 12);
    // Per asset P&L, replayed from the fills and marked at the closes, adds up to the venue's equity.
    const assetPnl = report.perAsset.reduce((sum, a) => sum + a.pnl, 0);
    expect(assetPnl).toBeCloseTo(input.equity.at(-1)!.equity - 10_000, 6);
    const regimePnl = report.perRegime.reduce((sum, r) => sum + r.pnl, 0);
    expect(regimePnl).toBeCloseTo(assetPnl, 6);
    expect(report.perRegime.map((r) => r.regime)).toEqual(['down', 'unlabelled', 'up']);
    expect(report.perRegime.reduce((n, r) => n + r.trades.trades, 0)).toBe(s.trades);
    // Buy-and-hold from the candles themselves: half in each, a taker fee in and out.
    const growth = (sol.at(-1)!.close / sol[0]!.close + eth.at(-1)!.close / eth[0]!.close) / 2;
    expect(s.buyAndHold.totalReturn).toBeCloseTo(((1 - TAKER) / (1 + TAKER)) * growth - 1, 12);
    // SOL rose from about 10 to about 100 in 2023.
    expect(report.perAsset[0]?.buyAndHoldReturn).toBeGreaterThan(5);
    expect(report.folds.map((f) => f.bars)).toEqual(report.folds.map((f) => input.equity.filter((p) => p.time >= f.testFrom && p.time < f.testTo).length));
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);

    const dir = path.join(home.dir, 'backtest_results', input.runId);
    await writeReport(dir, report, input, { maxTrades: 50 });
    const html = fs.readFileSync(path.join(dir, 'report.html'), 'utf8');
    expectSelfContainedHtml(html);
    const lines = polylinePointCounts(html);
    expect(lines).toHaveLength(4);
    for (const n of lines) expect(n).toBeLessThanOrEqual(1502);
    expect(html.includes(`The first 50 of ${s.trades} trades`)).toBe(true);
    const tradeLines = fs.readFileSync(path.join(dir, 'trades.csv'), 'utf8').trimEnd().split('\n');
    expect(tradeLines).toHaveLength(1 + s.trades);
    const equityLines = fs.readFileSync(path.join(dir, 'equity.csv'), 'utf8').trimEnd().split('\n');
    expect(equityLines).toHaveLength(1 + s.bars);
    expect(Number(equityLines.at(-1)!.split(',')[4])).toBeCloseTo(s.buyAndHold.finalEquity, 6);
    expect(reportSeries(input).rows).toHaveLength(s.trades);
  });

  it('gives the same fingerprint on a second run of the same inputs, and another on other inputs', async () => {
    const a = buildReport(await scriptedRun(bars), { generatedAt: TO }).summary.fingerprint;
    const b = buildReport(await scriptedRun(bars), { generatedAt: TO }).summary.fingerprint;
    expect(b).toBe(a);
    const later = new Map([...bars].map(([s, list]) => [s, list.slice(1)] as const));
    expect(buildReport(await scriptedRun(later), { generatedAt: TO }).summary.fingerprint).not.toBe(a);
  });
});
