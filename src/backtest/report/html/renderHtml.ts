import { comparisonRows } from '../comparison.js';
import type { BacktestReport, TradeRow } from '../types.js';
import { drawdownSeries } from '../drawdownSeries.js';
import { barChart } from './barChart.js';
import { escapeHtml } from './escape.js';
import { count, money, percent, stepDigits, utc } from '../format.js';
import { lineChart } from './lineChart.js';
import { comparisonTable, foldTable, keyValueTable, regimeTable, summaryTable, tradeTable } from './sections.js';
import { STYLES } from './styles.js';
import { histogram } from './histogram.js';
import { monthlyTable } from './monthlyTable.js';
import { monthlyReturns } from '../monthlyReturns.js';
import { priceCharts, type PriceChartInput } from './priceCharts.js';

export interface HtmlSeries extends PriceChartInput {
  readonly equity: readonly { readonly time: number; readonly equity: number }[];
  readonly buyAndHold: readonly { readonly time: number; readonly equity: number }[];
  readonly rows: readonly TradeRow[];
}

export interface HtmlOptions {
  /** Trades listed in the page; all of them are in trades.csv. Default 200. */
  readonly maxTrades?: number;
  /** Points per chart line, about. Default 1500. */
  readonly maxPoints?: number;
}

const MONEY_NOTE =
  'The same bars for all three. Gross P&L is realised plus open positions marked at the end, before fees and financing (margin opening and ' +
  'rollover fees, or funding); net P&L is what the equity gained. Turnover is the notional of every fill over the mean equity; exposure the ' +
  'share of bars with a position, and the mean gross notional over the mean equity. Hit rate: closed trades that made money after their fees ' +
  'and financing. Each asset is its contribution to the portfolio, on the whole capital, at the sizes the portfolio chose.';

const STRATEGY = '#2456c8';
const HOLD = '#9a9a9a';
const LOSS = '#b3261e';

/** The venue simulated, its funding, and what the reader must know about the run's inputs. */
function venueNotes(s: BacktestReport['summary']): string[] {
  const funding = s.venue === 'kraken-futures' ? ` · funding paid ${money(s.fundingPaid)}, received ${money(s.fundingReceived)}` : '';
  return [`<p class="meta">Venue ${escapeHtml(s.venue)}${escapeHtml(funding)}</p>`, ...s.warnings.map((w) => `<p class="note">Note: ${escapeHtml(w)}</p>`)];
}

/**
 * report.html: one file with everything inlined (CSS, SVG, the chart library, its data), no external
 * resource: it opens offline. Everything but the per-asset price charts is static SVG and reads without
 * scripts.
 */
export function renderReportHtml(report: BacktestReport, series: HtmlSeries, options: HtmlOptions = {}): string {
  const s = report.summary;
  const maxTrades = options.maxTrades ?? 200;
  const maxPoints = options.maxPoints ?? 1500;
  const e = escapeHtml;
  const title = `Backtest ${s.runId}`;
  const dd = drawdownSeries(series.equity.map((p) => p.equity));
  const ddHold = drawdownSeries(series.buyAndHold.map((p) => p.equity));
  const shown = series.rows.slice(0, maxTrades);

  const equityChart = lineChart({
    title: 'Equity',
    series: [
      { name: 'Buy & hold', color: HOLD, points: series.buyAndHold.map((p) => ({ x: p.time, y: p.equity })) },
      { name: 'Strategy', color: STRATEGY, points: series.equity.map((p) => ({ x: p.time, y: p.equity })) },
    ],
    formatY: (y, step) => money(y, stepDigits(step)),
    maxPoints,
  });
  const drawdownChart = lineChart({
    title: 'Drawdown from the running peak',
    series: [
      { name: 'Buy & hold', color: HOLD, points: series.buyAndHold.map((p, i) => ({ x: p.time, y: -ddHold[i]! })) },
      { name: 'Strategy', color: LOSS, area: true, points: series.equity.map((p, i) => ({ x: p.time, y: -dd[i]! })) },
    ],
    formatY: (y, step) => percent(y, stepDigits(step * 100)),
    includeZero: true,
    maxPoints,
  });

  const regimeSection =
    report.perRegime.length === 0
      ? '<p class="note">This run carries no regime labels.</p>'
      : `${barChart({
          title: 'Return by regime: strategy vs the equal-weight market over the same bars',
          series: [
            { name: 'Strategy', color: STRATEGY },
            { name: 'Market', color: HOLD },
          ],
          groups: report.perRegime.map((r) => ({ label: r.regime, values: [r.strategyReturn, r.marketReturn] })),
          formatY: (y, step) => percent(y, stepDigits(step * 100)),
          formatValue: (y) => percent(y),
        })}<div class="scroll">${regimeTable(report.perRegime)}</div>`;

  const prices = priceCharts(series);
  const body = [
    `<h1>${e(title)}</h1>`,
    `<p class="meta">${e(s.assets.join(', '))} · ${e(s.timeframe)} · ${e(utc(Date.parse(s.from)))} → ${e(utc(Date.parse(s.to)))} UTC · capital ${e(money(s.capital))} · ${e(count(s.fills))} fills, ${e(money(s.fees))} in fees · generated ${e(report.generatedAt)}</p>`,
    `<p class="meta">Trade fingerprint <code>${e(s.fingerprint)}</code></p>`,
    ...venueNotes(s),
    '<h2>Summary</h2>',
    summaryTable(s, s.buyAndHold),
    `<p class="note">Buy &amp; hold: ${e(report.buyAndHold.method)}; taker fee ${e(percent(report.buyAndHold.takerFee, 3))}. “—” marks a ratio with a zero denominator (unbounded) or a figure without data.${s.openPositions > 0 ? ` ${e(count(s.openPositions))} position(s) still open at the end count in equity, not in the trade statistics.` : ''}</p>`,
    '<h2>Where the money went</h2>',
    `<div class="scroll">${comparisonTable(comparisonRows(report))}</div>`,
    `<p class="note">${e(MONEY_NOTE)}</p>`,
    '<h2>Price and trades</h2>',
    prices.html,
    '<h2>Equity</h2>',
    equityChart,
    '<h2>Drawdown</h2>',
    drawdownChart,
    '<h2>Per-trade P&amp;L</h2>',
    histogram({
      title: 'Closed trades by net P&L (after their fees and financing)',
      values: series.rows.map((r) => r.net),
      formatX: (x, step) => money(x, stepDigits(step)),
    }),
    '<h2>Monthly returns</h2>',
    monthlyTable(monthlyReturns(series.equity)),
    '<p class="note">Each month from its last equity to the next month’s last (the first from the start of the run), UTC; the year compounds its months.</p>',
    '<h2>Regimes</h2>',
    regimeSection,
    ...(report.folds.length > 0 ? ['<h2>Walk-forward folds</h2>', `<div class="scroll">${foldTable(report.folds)}</div>`] : []),
    '<h2>Trades</h2>',
    `<p class="note">${series.rows.length === 0 ? 'No closed trades.' : shown.length < series.rows.length ? `The first ${e(count(shown.length))} of ${e(count(series.rows.length))} trades; all of them are in trades.csv.` : `All ${e(count(series.rows.length))} trades.`}</p>`,
    shown.length > 0 ? `<div class="scroll">${tradeTable(shown)}</div>` : '',
    '<h2>Models and configuration</h2>',
    Object.keys(report.modelVersions).length > 0 ? keyValueTable(Object.entries(report.modelVersions)) : '<p class="note">No models recorded.</p>',
    `<details><summary>Configuration of the run</summary><pre>${e(JSON.stringify(report.config, null, 2) ?? 'null')}</pre></details>`,
    `<p class="meta">Fingerprint <code>${e(s.fingerprint)}</code>: sha256 over every fill, the same on every run with the same inputs.</p>`,
  ];

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style>${STYLES}
${prices.styles}</style>
</head>
<body>
${body.join('\n')}
${prices.scripts}
</body>
</html>
`;
}
