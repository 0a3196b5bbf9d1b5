import type { Symbol } from '../../../domain/bar.js';
import type { Fill } from '../../../domain/fill.js';
import type { ClosedPosition } from '../../../domain/ports.js';
import type { ClosePoint } from '../types.js';
import { CHART_SCRIPT } from './chartScript.js';
import { escapeHtml } from './escape.js';
import { priceChartData } from './priceMarks.js';
import { uplotLibrary } from './uplotSource.js';

export interface PriceChartInput {
  readonly closes: ReadonlyMap<Symbol, readonly ClosePoint[]>;
  readonly fills: readonly Fill[];
  readonly closedPositions: readonly ClosedPosition[];
}

const LEGEND =
  'Triangles mark fills, pointing up for a buy and down for a sell: entries, adds, reductions, exits, stop-outs, take-profits and liquidations. ' +
  'Dashed lines are each closed position’s stop and take-profit as they stood when it closed. Drag across a chart to zoom into a period, ' +
  'double-click to see the whole run, Ctrl + wheel to zoom around the cursor; click a legend entry to hide or show it. Times are UTC.';

/** JSON that cannot end its <script> element early: every "<" escaped. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replaceAll('<', '\\u003c');
}

export interface PriceCharts {
  /** The section's body: one chart container per asset. */
  readonly html: string;
  /** What goes at the end of <body>: the chart data, the library and the page's script. */
  readonly scripts: string;
  readonly styles: string;
}

/** Per asset a zoomable price chart with every trade marked, drawn in the browser by the inlined uPlot. */
export function priceCharts(input: PriceChartInput): PriceCharts {
  const assets = [...input.closes.entries()].map(([symbol, closes]) => priceChartData(symbol, closes, input.fills, input.closedPositions));
  const lib = uplotLibrary();
  const html = [
    `<p class="note">${escapeHtml(LEGEND)}</p>`,
    '<noscript><p class="note">The price charts are drawn by the script inside this file: allow scripts for it to see them.</p></noscript>',
    ...assets.map((a, i) => `<h3>${escapeHtml(a.symbol)}</h3><div class="price-chart" id="price-${i}"></div>`),
  ].join('\n');
  const scripts = [
    `<script type="application/json" id="price-data">${scriptJson({ assets })}</script>`,
    `<script>${lib.script}</script>`,
    `<script>${CHART_SCRIPT}</script>`,
  ].join('\n');
  return {
    html,
    scripts,
    styles: `${lib.styles}\n.price-chart { min-height: 380px; margin: 4px 0 16px; }\n.price-chart .u-legend { font-size: 12px; }\nh3 { font-size: 14px; margin: 16px 0 0; }\ntable.monthly td { min-width: 56px; }`,
  };
}
