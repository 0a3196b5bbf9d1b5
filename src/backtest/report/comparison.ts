import type { PerformanceReport } from '../metrics/index.js';
import { count, duration, money, NONE, percent, ratio } from './format.js';
import type { BacktestReport, CostReport } from './types.js';

/** A figure as shown, with its sign where colour should follow it. */
export interface ComparisonCell {
  readonly text: string;
  readonly sign?: number | null;
}

/** One line of the comparison: a strategy in the portfolio or in one asset; `note` instead of figures. */
export interface ComparisonRow {
  /** 'portfolio' or the asset. */
  readonly scope: string;
  readonly strategy: 'strategy' | 'rule-based' | 'buy & hold';
  readonly cells?: readonly ComparisonCell[];
  readonly note?: string;
}

interface Figures {
  readonly performance: PerformanceReport;
  readonly costs: CostReport;
}

type Column = readonly [short: string, long: string, cell: (f: Figures) => ComparisonCell];

const times = (x: number | null): string => (x === null ? NONE : `${ratio(x)}×`);

/** The columns of the comparison, in order: a short heading for the terminal, a long one for the page. */
export const COMPARISON_COLUMNS: readonly Column[] = [
  ['return', 'Return', ({ performance: p }) => ({ text: percent(p.totalReturn), sign: p.totalReturn })],
  ['sharpe', 'Sharpe', ({ performance: p }) => ({ text: ratio(p.sharpe), sign: p.sharpe })],
  ['max dd', 'Max drawdown', ({ performance: p }) => ({ text: percent(p.maxDrawdown) })],
  ['trades', 'Trades', ({ costs: c }) => ({ text: count(c.trades) })],
  ['turnover', 'Turnover', ({ costs: c }) => ({ text: times(c.turnover) })],
  ['gross P&L', 'Gross P&L', ({ costs: c }) => ({ text: money(c.grossPnl), sign: c.grossPnl })],
  ['fees', 'Fees', ({ costs: c }) => ({ text: money(c.fees) })],
  ['financing', 'Financing', ({ costs: c }) => ({ text: money(c.financing) })],
  ['net P&L', 'Net P&L', ({ costs: c }) => ({ text: money(c.netPnl), sign: c.netPnl })],
  ['fee share', 'Fees / gross profit', ({ costs: c }) => ({ text: percent(c.feeShare, 1) })],
  ['exposure', 'Exposure (time · gross)', ({ costs: c }) => ({ text: `${percent(c.exposure, 0)} · ${times(c.grossExposure)}` })],
  ['avg hold', 'Average holding', ({ costs: c }) => ({ text: c.averageHoldingMs === null ? NONE : duration(c.averageHoldingMs) })],
  ['hit rate', 'Hit rate', ({ costs: c }) => ({ text: percent(c.hitRate, 1) })],
];

function row(scope: string, strategy: ComparisonRow['strategy'], f: Figures): ComparisonRow {
  return { scope, strategy, cells: COMPARISON_COLUMNS.map(([, , cell]) => cell(f)) };
}

/**
 * Where the money went: the strategy, the rule-based strategy and buy-and-hold over the same bars, for
 * the portfolio and then for each asset. Without a rule-based run there is no rule-based line; when the
 * strategy is the rule-based one, its line says so.
 */
export function comparisonRows(report: BacktestReport): ComparisonRow[] {
  const s = report.summary;
  const rb = s.ruleBased;
  const rows: ComparisonRow[] = [row('portfolio', 'strategy', { performance: s, costs: s.costs })];
  if (rb?.status === 'same') rows.push({ scope: 'portfolio', strategy: 'rule-based', note: rb.note });
  else if (rb) rows.push(row('portfolio', 'rule-based', { performance: rb, costs: rb.costs }));
  rows.push(row('portfolio', 'buy & hold', { performance: s.buyAndHold, costs: s.buyAndHold.costs }));
  for (const a of report.perAsset) {
    rows.push(row(a.symbol, 'strategy', a));
    if (a.ruleBased) rows.push(row(a.symbol, 'rule-based', a.ruleBased));
    rows.push(row(a.symbol, 'buy & hold', a.buyAndHold));
  }
  return rows;
}
