import type { PerformanceReport } from '../../metrics/index.js';
import { COMPARISON_COLUMNS, type ComparisonRow } from '../comparison.js';
import type { FoldReport, RegimeReport, TradeRow } from '../types.js';
import { amount, count, duration, money, NONE, percent, ratio, utc } from '../format.js';
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
  ['Average win', (p) => num(p.wins === 0 ? NONE : money(p.averageWin))],
  ['Average loss', (p) => num(p.losses === 0 ? NONE : money(p.averageLoss))],
  ['Final equity', (p) => num(money(p.finalEquity))],
];

export function summaryTable(strategy: PerformanceReport, buyAndHold: PerformanceReport): string {
  return table(
    ['Metric', num('Strategy'), num('Buy & hold')],
    METRICS.map(([label, cell]) => [label, cell(strategy), cell(buyAndHold)]),
    'summary',
  );
}

/** Where the money went: the strategy, the rule-based strategy and buy-and-hold, for the portfolio and each asset. */
export function comparisonTable(rows: readonly ComparisonRow[]): string {
  return table(
    ['', 'Strategy', ...COMPARISON_COLUMNS.map(([, long]) => num(long))],
    rows.map((r, i) => {
      const scope = i > 0 && rows[i - 1]!.scope === r.scope ? '' : r.scope === 'portfolio' ? 'Portfolio' : r.scope;
      const figures = r.cells?.map((c) => (c.sign === undefined ? num(c.text) : signed(c.sign, c.text))) ?? [
        { text: r.note ?? '', className: 'note', span: COMPARISON_COLUMNS.length },
      ];
      return [scope, r.strategy, ...figures];
    }),
    'money',
  );
}

export function regimeTable(regimes: readonly RegimeReport[]): string {
  return table(
    [
      'Regime',
      num('Bars'),
      num('Share'),
      num('Exposure'),
      num('Strategy'),
      num('Market'),
      num('Sharpe'),
      num('P&L'),
      num('Trades'),
      num('Win rate'),
      num('Profit factor'),
      num('Fees'),
    ],
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
    [
      '#',
      'Asset',
      'Side',
      'Entry',
      num('Entry price'),
      'Exit',
      num('Exit price'),
      num('Quantity'),
      num('Leverage'),
      num('P&L'),
      num('Fees'),
      num('Financing'),
      num('Net'),
      'Exit reason',
    ],
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
      num(money(r.financing)),
      signed(r.net, money(r.net)),
      r.exitReason.replace('_', '-'),
    ]),
    'trades',
  );
}

export function keyValueTable(entries: readonly (readonly [string, string])[]): string {
  return table(
    ['Name', 'Value'],
    entries.map(([k, v]) => [k, { text: v, className: 'mono' }]),
  );
}
