import { epochMode, epochVenue, type EpochMode } from './epochModes.js';
import { fundingTotals } from '../domain/financing.js';
import { markedValue, unrealizedPnl } from '../domain/position.js';
import { perpetualSymbol } from '../domain/perpetualSymbol.js';
import type { Store } from './store.js';
import type { Epoch } from './tradingRepository.js';

export interface PositionView {
  /** The position's id: the client order id of the order that opened it. */
  readonly id: string;
  readonly symbol: string;
  readonly side: string;
  readonly quantity: number;
  readonly entryPrice: number;
  readonly entryTime: string;
  readonly stopPrice: number | null;
  readonly takeProfitPrice: number | null;
  readonly liquidationPrice: number;
  readonly leverage: number;
  readonly margin: number;
  readonly markPrice: number;
  readonly unrealizedPnl: number;
}

export interface PortfolioStatus {
  readonly epoch: number;
  /** paper: the simulated venue; live: the exchange account. */
  readonly mode: EpochMode;
  readonly capital: number;
  readonly startedAt: string;
  readonly cash: number;
  readonly equity: number;
  readonly positions: readonly PositionView[];
  readonly fills: number;
  readonly fees: number;
  /** kraken-spot or kraken-futures. */
  readonly venue: string;
  /** Margin opening and rollover fees (spot margin), a sum paid. */
  readonly financing: number;
  /** Perpetual funding, paid and received (positive sums). */
  readonly funding: { readonly paid: number; readonly received: number };
  readonly realizedPnl: number;
  readonly markedAt: string | null;
  readonly lastDecisions: readonly Record<string, unknown>[];
}

const iso = (t: number) => new Date(t).toISOString();

/**
 * The portfolio of an epoch as the store holds it, positions marked at the close of the last bar the
 * daemon processed for their symbol (the price the books were last kept at).
 */
export function portfolioStatus(store: Store, epoch: Epoch, timeframe: string, decisions = 10): PortfolioStatus {
  const t = store.trading;
  const cash = t.cash(epoch.id);
  const venue = epochVenue(store.db, epoch.id) ?? 'kraken-spot';
  const futures = venue === 'kraken-futures';
  const cursors = t.cursors(epoch.id, timeframe);
  let equity = cash;
  let markedAt: number | null = null;
  const positions = t.openPositions(epoch.id).map((p): PositionView => {
    const cursor = cursors.get(p.symbol);
    // A futures epoch marks at its perpetual's bars where they are stored (else the spot ones standing in).
    const series = futures && store.candles.sourceOf(perpetualSymbol(p.symbol), timeframe as never) !== undefined ? perpetualSymbol(p.symbol) : p.symbol;
    const bar = cursor !== undefined ? store.candles.range(series, timeframe as never, cursor, cursor + 1)[0] : undefined;
    const mark = bar?.close ?? p.entryPrice;
    if (cursor !== undefined) markedAt = Math.max(markedAt ?? 0, cursor);
    equity += markedValue(p, mark);
    return {
      id: p.id,
      symbol: p.symbol,
      side: p.side,
      quantity: p.quantity,
      entryPrice: p.entryPrice,
      entryTime: iso(p.entryTime),
      stopPrice: p.stopPrice ?? null,
      takeProfitPrice: p.takeProfitPrice ?? null,
      liquidationPrice: p.liquidationPrice,
      leverage: p.leverage,
      margin: p.margin,
      markPrice: mark,
      unrealizedPnl: unrealizedPnl(p, mark),
    };
  });
  const totals = t.fillTotals(epoch.id);
  const charges = t.charges(epoch.id).filter((c) => !c.estimated);
  const funding = fundingTotals(charges);
  return {
    epoch: epoch.id,
    mode: epochMode(store.db, epoch.id) ?? 'paper',
    capital: epoch.capital,
    startedAt: iso(epoch.createdAt),
    cash,
    equity,
    positions,
    fills: totals.count,
    fees: totals.fees,
    venue,
    financing: charges.filter((c) => c.kind !== 'funding').reduce((sum, c) => sum + c.amount, 0),
    funding: { paid: funding.paid, received: funding.received },
    realizedPnl: totals.realizedPnl,
    markedAt: markedAt === null ? null : iso(markedAt),
    lastDecisions: t.recentDecisions(epoch.id, decisions).map((d) => ({ ...d, barTime: iso(d['barTime'] as number) })),
  };
}
