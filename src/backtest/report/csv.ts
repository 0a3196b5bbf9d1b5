import type { EquityPoint } from '../../domain/equity.js';
import { drawdownSeries } from './drawdownSeries.js';
import type { TradeRow } from './types.js';

export const TRADES_CSV_HEADER = [
  'symbol',
  'side',
  'entry_time',
  'entry_price',
  'exit_time',
  'exit_price',
  'quantity',
  'leverage',
  'pnl',
  'fees',
  'financing',
  'net',
  'exit_reason',
  'position_id',
] as const;
export const EQUITY_CSV_HEADER = ['time', 'equity', 'cash', 'drawdown', 'buy_and_hold_equity'] as const;

/** A CSV field: quoted (with quotes doubled) only when it holds a comma, a quote or a line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Shortest text that reads back as the same double; a non-finite number is a bug upstream, so say so. */
function num(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`csv: ${x} is not a finite number`);
  return String(x);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function lines(header: readonly string[], rows: string[][]): string {
  return `${[header.join(','), ...rows.map((r) => r.map(csvField).join(','))].join('\n')}\n`;
}

/**
 * trades.csv: one row per closed position, times in ISO-8601 UTC, money in the quote currency; prices are
 * the quantity-weighted means of the opening and of the closing fills, the quantity what was opened in all.
 */
export function tradesCsv(rows: readonly TradeRow[]): string {
  return lines(
    TRADES_CSV_HEADER,
    rows.map((r) => [
      r.symbol,
      r.side,
      iso(r.entryTime),
      num(r.entryPrice),
      iso(r.exitTime),
      num(r.exitPrice),
      num(r.quantity),
      num(r.leverage),
      num(r.pnl),
      num(r.fees),
      num(r.financing),
      num(r.net),
      r.exitReason,
      r.positionId,
    ]),
  );
}

/**
 * equity.csv: one row per bar, at the bar's open time (as candles and fills are stamped) and marked at its close;
 * drawdown as a fraction of the running peak; buy-and-hold on the same times.
 */
export function equityCsv(equity: readonly EquityPoint[], buyAndHold: readonly { readonly equity: number }[]): string {
  if (buyAndHold.length !== equity.length) throw new RangeError(`csv: buy-and-hold has ${buyAndHold.length} points, the equity curve ${equity.length}`);
  const dd = drawdownSeries(equity.map((p) => p.equity));
  return lines(
    EQUITY_CSV_HEADER,
    equity.map((p, i) => [iso(p.time), num(p.equity), num(p.cash), num(dd[i]!), num(buyAndHold[i]!.equity)]),
  );
}
