import type { PerformanceReport } from '../../metrics/index.js';
import type { AssetReport, FoldReport, RegimeReport, TradeRow } from '../types.js';
import { amount, count, duration, money, NONE, percent, ratio, utc } from './format.js';
import { num, signed, table, type Cell } from './table.js';

type Metric = readonly [label: string, cell: (p: PerformanceReport) => Cell];

const METRICS: readonly Metric[] = [
  ['Total return', (p) => signed(p.totalReturn, percent(p.totalReturn))],
  ['Annualised return', (p) => signed(p.annualisedReturn, percent(p.annualisedReturn))],
  ['Annualised volatility', (p) => num(percent(p.annualisedVolatility))],
  ['Sharpe', (p) => signed(p.sharpe, ratio(p.sharpe))],
  ['Sortino', (p) => signed(p.sortino, ratio(p.sortino))],
  ['Calmar', (p) => signed(p.calmar, ratio(p.calmar))],
  ['Max drawdown', (p) => num(percent(p.maxDrawdown))],
  ['Longest drawdown', (p) => num(duration(p.maxDrawdownDurationMs))],
  ['Profit factor', (p) => num(ratio(p.profitFactor))],
  ['Win rate', (p) => num(p.trades === 0 ? NONE : percent(p.winRate))],
  ['Average win', (p) => num(p.wins === 0 ? NONE : money(p.averageWin))],
  ['Average loss', (p) => num(p.losses === 0 ? NONE : money(p.averageLoss))],
  ['Exposure', (p) => num(percent(p.exposure))],
  ['Turnover', (p) => num(p.turnover === null ? NONE : `${ratio(p.turnover)}×`)],
  ['Fees', (p) => num(money(p.totalFees))],
  ['Trades', (p) => num(count(p.trades))],
  ['Final equity', (p) => num(money(p.finalEquity))],
];

export function summaryTable(strategy: PerformanceReport, buyAndHold: PerformanceReport): string {
  return table(
    ['Metric', num('Strategy'), num('Buy & hold')],
    METRICS.map(([label, cell]) => [label, cell(strategy), cell(buyAndHold)]),
    'summary',
  );
}

export function assetTable(assets: readonly AssetReport[]): string {
  return table(
    ['Asset', num('P&L'), num('Return on capital'), num('Sharpe'), num('Max drawdown'), num('Trades'), num('Win rate'), num('Profit factor'), num('Fees'), num('Exposure'), num('Buy & hold')],
    assets.map((a) => {
      const p = a.performance;
      return [
        a.symbol,
        signed(a.pnl, money(a.pnl)),
        signed(p.totalReturn, percent(p.totalReturn)),
        signed(p.sharpe, ratio(p.sharpe)),
        num(percent(p.maxDrawdown)),
        num(count(p.trades)),
        num(p.trades === 0 ? NONE : percent(p.winRate)),
        num(ratio(p.profitFactor)),
        num(money(p.totalFees)),
        num(percent(p.exposure)),
        signed(a.buyAndHoldReturn, percent(a.buyAndHoldReturn)),
      ];
    }),
  );
}

export function regimeTable(regimes: readonly RegimeReport[]): string {
  return table(
    ['Regime', num('Bars'), num('Share'), num('Exposure'), num('Strategy'), num('Market'), num('Sharpe'), num('P&L'), num('Trades'), num('Win rate'), num('Profit factor'), num('Fees')],
    regimes.map((r) => [
      r.regime,
      num(count(r.bars)),
      num(percent(r.share, 1)),
      num(percent(r.exposure, 1)),
      signed(r.strategyReturn, percent(r.strategyReturn)),
      signed(r.marketReturn, percent(r.marketReturn)),
      signed(r.sharpe, ratio(r.sharpe)),
      signed(r.pnl, money(r.pnl)),
      num(count(r.trades.trades)),
      num(r.trades.trades === 0 ? NONE : percent(r.trades.winRate)),
      num(ratio(r.trades.profitFactor)),
      num(money(r.trades.totalFees)),
    ]),
  );
}

export function foldTable(folds: readonly FoldReport[]): string {
  return table(
    ['Fold', 'Train', 'Test', num('Bars'), num('Return'), num('Sharpe'), num('Max drawdown'), num('Buy & hold'), num('Trades'), num('Net P&L')],
    folds.map((f) => [
      num(String(f.index + 1)),
      `${utc(f.trainFrom)} → ${utc(f.trainTo)}`,
      `${utc(f.testFrom)} → ${utc(f.testTo)}`,
      num(count(f.bars)),
      signed(f.totalReturn, percent(f.totalReturn)),
      signed(f.sharpe, ratio(f.sharpe)),
      num(percent(f.maxDrawdown)),
      signed(f.buyAndHoldReturn, percent(f.buyAndHoldReturn)),
      num(count(f.trades)),
      signed(f.netPnl, money(f.netPnl)),
    ]),
  );
}

export function tradeTable(rows: readonly TradeRow[]): string {
  return table(
    ['#', 'Asset', 'Side', 'Entry', num('Entry price'), 'Exit', num('Exit price'), num('Quantity'), num('Leverage'), num('P&L'), num('Fees'), num('Net'), 'Exit reason'],
    rows.map((r, i) => [
      num(String(i + 1)),
      r.symbol,
      r.side,
      utc(r.entryTime),
      num(amount(r.entryPrice)),
      utc(r.exitTime),
      num(amount(r.exitPrice)),
      num(amount(r.quantity)),
      num(`${ratio(r.leverage, 1)}×`),
      signed(r.pnl, money(r.pnl)),
      num(money(r.fees)),
      signed(r.net, money(r.net)),
      r.exitReason.replace('_', '-'),
    ]),
    'trades',
  );
}

export function keyValueTable(entries: readonly (readonly [string, string])[]): string {
  return table(['Name', 'Value'], entries.map(([k, v]) => [k, { text: v, className: 'mono' }]));
}
