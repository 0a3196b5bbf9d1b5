import type { ScorerState } from '../ensemble/scorer.js';
import type { Symbol } from '../domain/bar.js';
import type { Decision } from '../domain/decision.js';
import type { EquityPoint } from '../domain/equity.js';
import type { FinancingCharge } from '../domain/financing.js';
import type { Fill } from '../domain/fill.js';
import type { OrderRequest, OrderState, OrderStatus } from '../domain/order.js';
import type { Position } from '../domain/position.js';
import type { ClosedPosition } from '../domain/ports.js';
import type { Db } from './database.js';

export interface Epoch {
  readonly id: number;
  readonly capital: number;
  readonly createdAt: number;
  readonly note: string | null;
}

/** A point of an epoch's equity curve as stored. */
export type EquitySnapshot = EquityPoint;

/** Everything one iteration changed; written in one transaction, so a crash leaves all of it or none. */
export interface IterationWrite {
  readonly epochId: number;
  readonly cash: number;
  readonly time: number;
  readonly orders: readonly OrderState[];
  readonly fills: readonly Fill[];
  readonly openPositions: readonly Position[];
  readonly closedPositions: readonly ClosedPosition[];
  /** Financing charged in the iteration (absent: none). */
  readonly charges?: readonly FinancingCharge[];
  readonly decisions: readonly Decision[];
  readonly equity?: EquitySnapshot;
  readonly cursors: ReadonlyMap<Symbol, number>;
  readonly timeframe: string;
  /** Per symbol: what its scorer learned while trading, replacing what was stored. */
  readonly scorerStates?: ReadonlyMap<Symbol, ScorerState>;
}

/** The columns of an order row that make up its request (shared with the live order journal). */
/** Where an epoch stands: what a restart resumes from. */
export interface EpochState {
  readonly cash: number;
  readonly positions: readonly Position[];
  readonly openOrders: readonly OrderState[];
  /** The last bar processed, per symbol. */
  readonly cursors: ReadonlyMap<Symbol, number>;
  readonly equityPeak: number;
  readonly equityCurve: readonly EquitySnapshot[];
  readonly scorerStates: ReadonlyMap<Symbol, ScorerState>;
}

export interface OrderRequestRow {
  client_order_id: string;
  symbol: string;
  side: 'buy' | 'sell';
  type: 'market' | 'limit';
  quantity: number;
  limit_price: number | null;
  leverage: number;
  reduce_only: number;
  stop_distance: number | null;
  take_profit_distance: number | null;
  atr: number | null;
  signal_bar_time: number;
  created_at: number;
  reason: string;
  /** Absent from rows read before the column existed. */
  post_only?: number;
}

export function orderRequestFromRow(r: OrderRequestRow): OrderRequest {
  return {
    clientOrderId: r.client_order_id,
    symbol: r.symbol,
    side: r.side,
    type: r.type,
    quantity: r.quantity,
    leverage: r.leverage,
    reduceOnly: r.reduce_only === 1,
    createdAt: r.created_at,
    signalBarTime: r.signal_bar_time,
    reason: r.reason,
    ...(r.limit_price !== null && { limitPrice: r.limit_price }),
    ...(r.stop_distance !== null && { stopDistance: r.stop_distance }),
    ...(r.take_profit_distance !== null && { takeProfitDistance: r.take_profit_distance }),
    ...(r.atr !== null && { atr: r.atr }),
    ...(r.post_only === 1 && { postOnly: true }),
  };
}

/** An order request as the named parameters of an `orders` row (the inverse of orderRequestFromRow). */
export function orderRequestParams(r: OrderRequest): Record<string, string | number | null> {
  return {
    id: r.clientOrderId,
    symbol: r.symbol,
    side: r.side,
    type: r.type,
    quantity: r.quantity,
    limitPrice: r.limitPrice ?? null,
    leverage: r.leverage,
    reduceOnly: r.reduceOnly ? 1 : 0,
    stopDistance: r.stopDistance ?? null,
    takeProfitDistance: r.takeProfitDistance ?? null,
    atr: r.atr ?? null,
    signalBarTime: r.signalBarTime,
    createdAt: r.createdAt,
    reason: r.reason,
    postOnly: r.postOnly ? 1 : 0,
  };
}

/** A whole order row: the request, and what became of it. */
export interface OrderRow extends OrderRequestRow {
  venue_order_id: string | null;
  status: OrderStatus;
  filled_quantity: number;
  average_price: number | null;
  reject_reason: string | null;
  updated_at: number;
}

export interface PositionRow {
  id: string;
  symbol: string;
  side: 'long' | 'short';
  quantity: number;
  entry_price: number;
  entry_time: number;
  leverage: number;
  margin: number;
  liquidation_price: number;
  stop_price: number | null;
  take_profit_price: number | null;
  atr: number;
  peak_price: number;
  trailing: number;
}

interface FillRow {
  id: string;
  client_order_id: string;
  position_id: string;
  symbol: string;
  side: Fill['side'];
  quantity: number;
  price: number;
  fee: number;
  liquidity: Fill['liquidity'];
  time: number;
  effect: Fill['effect'];
  leverage: number;
  margin: number;
  realized_pnl: number;
  cash_delta: number;
}

interface ChargeRow {
  id: string;
  position_id: string;
  symbol: string;
  kind: FinancingCharge['kind'];
  time: number;
  rate: number;
  base: number;
  amount: number;
  estimated: number;
}

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

function orderFromRow(r: OrderRow): OrderState {
  return {
    request: orderRequestFromRow(r),
    status: r.status,
    filledQuantity: r.filled_quantity,
    updatedAt: r.updated_at,
    ...(r.average_price !== null && { averagePrice: r.average_price }),
    ...(r.reject_reason !== null && { rejectReason: r.reject_reason }),
    ...(r.venue_order_id !== null && { venueOrderId: r.venue_order_id }),
  };
}

export function positionFromRow(r: PositionRow): Position {
  return {
    id: r.id,
    symbol: r.symbol,
    side: r.side,
    quantity: r.quantity,
    entryPrice: r.entry_price,
    entryTime: r.entry_time,
    leverage: r.leverage,
    margin: r.margin,
    liquidationPrice: r.liquidation_price,
    atr: r.atr,
    peakPrice: r.peak_price,
    trailing: r.trailing === 1,
    ...(opt(r.stop_price) !== undefined && { stopPrice: r.stop_price as number }),
    ...(opt(r.take_profit_price) !== undefined && { takeProfitPrice: r.take_profit_price as number }),
  };
}

function fillFromRow(r: FillRow): Fill {
  return {
    id: r.id,
    clientOrderId: r.client_order_id,
    positionId: r.position_id,
    symbol: r.symbol,
    side: r.side,
    quantity: r.quantity,
    price: r.price,
    fee: r.fee,
    liquidity: r.liquidity,
    time: r.time,
    effect: r.effect,
    leverage: r.leverage,
    margin: r.margin,
    realizedPnl: r.realized_pnl,
    cashDelta: r.cash_delta,
  };
}

function chargeFromRow(r: ChargeRow): FinancingCharge {
  return {
    id: r.id,
    positionId: r.position_id,
    symbol: r.symbol,
    kind: r.kind,
    time: r.time,
    rate: r.rate,
    base: r.base,
    amount: r.amount,
    ...(r.estimated === 1 && { estimated: true }),
  };
}

/**
 * Portfolio epochs and everything traded in them. Orders, fills and decisions are appended, never rewritten;
 * decisions past their retention are deleted (pruneDecisions).
 */
export class TradingRepository {
  constructor(private readonly db: Db) {}

  latestEpoch(): Epoch | undefined {
    const r = this.db.prepare('SELECT id, capital, created_at, note FROM epochs ORDER BY id DESC LIMIT 1').get() as
      | { id: number; capital: number; created_at: number; note: string | null }
      | undefined;
    return r && { id: r.id, capital: r.capital, createdAt: r.created_at, note: r.note };
  }

  epochs(): Epoch[] {
    return (
      this.db.prepare('SELECT id, capital, created_at, note FROM epochs ORDER BY id').all() as {
        id: number;
        capital: number;
        created_at: number;
        note: string | null;
      }[]
    ).map((r) => ({ id: r.id, capital: r.capital, createdAt: r.created_at, note: r.note }));
  }

  /** A new epoch with `capital` in cash; earlier epochs and their history stay as they are. */
  /**
   * Remove an epoch that never traded (no order, fill, position, decision, equity point or cursor): a
   * start that failed after creating it. An epoch with any history is kept; returns whether it went.
   */
  discardUnusedEpoch(epochId: number): boolean {
    return this.db
      .transaction((): boolean => {
        for (const table of ['orders', 'fills', 'financing_charges', 'positions', 'equity_snapshots', 'decisions', 'cursors', 'scorer_state']) {
          if (this.db.prepare(`SELECT 1 FROM ${table} WHERE epoch_id = ? LIMIT 1`).get(epochId) !== undefined) return false;
        }
        this.db.prepare('DELETE FROM balances WHERE epoch_id = ?').run(epochId);
        return this.db.prepare('DELETE FROM epochs WHERE id = ?').run(epochId).changes === 1;
      })
      .immediate();
  }

  /** A new paper epoch on `venue` (kraken-spot or kraken-futures: an epoch never changes venue). */
  createEpoch(capital: number, createdAt: number, note: string | null = null, venue = 'kraken-spot'): Epoch {
    return this.db
      .transaction(() => {
        const info = this.db.prepare('INSERT INTO epochs (capital, created_at, note, venue) VALUES (?, ?, ?, ?)').run(capital, createdAt, note, venue);
        const id = Number(info.lastInsertRowid);
        this.db.prepare("INSERT INTO balances (epoch_id, currency, amount, updated_at) VALUES (?, 'USD', ?, ?)").run(id, capital, createdAt);
        return { id, capital, createdAt, note };
      })
      .immediate();
  }

  /** The epoch's state in one read transaction, so that its parts agree with each other. */
  epochState(epochId: number, timeframe: string): EpochState {
    return this.db.transaction(
      (): EpochState => ({
        cash: this.cash(epochId),
        positions: this.openPositions(epochId),
        openOrders: this.openOrders(epochId),
        cursors: this.cursors(epochId, timeframe),
        equityPeak: this.equityPeak(epochId),
        equityCurve: this.equityCurve(epochId),
        scorerStates: this.scorerStates(epochId),
      }),
    )();
  }

  cash(epochId: number): number {
    const r = this.db.prepare("SELECT amount FROM balances WHERE epoch_id = ? AND currency = 'USD'").get(epochId) as { amount: number } | undefined;
    return r?.amount ?? 0;
  }

  openPositions(epochId: number): Position[] {
    return (this.db.prepare("SELECT * FROM positions WHERE epoch_id = ? AND status = 'open' ORDER BY entry_time, id").all(epochId) as PositionRow[]).map(
      positionFromRow,
    );
  }

  openOrders(epochId: number): OrderState[] {
    return (this.db.prepare("SELECT * FROM orders WHERE epoch_id = ? AND status = 'open' ORDER BY created_at, client_order_id").all(epochId) as OrderRow[]).map(
      orderFromRow,
    );
  }

  orders(epochId: number): OrderState[] {
    return (this.db.prepare('SELECT * FROM orders WHERE epoch_id = ? ORDER BY created_at, client_order_id').all(epochId) as OrderRow[]).map(orderFromRow);
  }

  fills(epochId: number): Fill[] {
    return (this.db.prepare('SELECT * FROM fills WHERE epoch_id = ? ORDER BY time, rowid').all(epochId) as FillRow[]).map(fillFromRow);
  }

  /** Financing charges of the epoch, in the order they fell due. */
  charges(epochId: number): FinancingCharge[] {
    return (this.db.prepare('SELECT * FROM financing_charges WHERE epoch_id = ? ORDER BY time, rowid').all(epochId) as ChargeRow[]).map(chargeFromRow);
  }

  fillTotals(epochId: number): { count: number; fees: number; realizedPnl: number } {
    const r = this.db
      .prepare('SELECT COUNT(*) AS count, COALESCE(SUM(fee), 0) AS fees, COALESCE(SUM(realized_pnl), 0) AS pnl FROM fills WHERE epoch_id = ?')
      .get(epochId) as { count: number; fees: number; pnl: number };
    return { count: r.count, fees: r.fees, realizedPnl: r.pnl };
  }

  cursors(epochId: number, timeframe: string): Map<Symbol, number> {
    const rows = this.db.prepare('SELECT symbol, bar_time FROM cursors WHERE epoch_id = ? AND timeframe = ?').all(epochId, timeframe) as {
      symbol: string;
      bar_time: number;
    }[];
    return new Map(rows.map((r) => [r.symbol, r.bar_time]));
  }

  /** The highest equity the epoch has reached: drawdown scaling measures from it. */
  equityPeak(epochId: number): number {
    const r = this.db.prepare('SELECT MAX(equity) AS peak FROM equity_snapshots WHERE epoch_id = ?').get(epochId) as { peak: number | null };
    return r.peak ?? 0;
  }

  /**
   * Notional of every fill at or after `since`, over the equity the engine marked when it booked it (the
   * first equity point at or after the fill's bar closed): what a restarted engine's turnover budget needs.
   */
  turnoverSince(epochId: number, since: number, barMs: number): { time: number; turnover: number }[] {
    return this.db
      .prepare(
        `SELECT f.time AS time, f.quantity * f.price / (
           SELECT e.equity FROM equity_snapshots e WHERE e.epoch_id = f.epoch_id AND e.time >= f.time + ? ORDER BY e.time LIMIT 1
         ) AS turnover
         FROM fills f WHERE f.epoch_id = ? AND f.time >= ? ORDER BY f.time, f.rowid`,
      )
      .all(barMs, epochId, since) as { time: number; turnover: number }[];
  }

  equityCurve(epochId: number): EquitySnapshot[] {
    return this.db
      .prepare('SELECT time, cash, equity, margin, unrealized_pnl AS unrealizedPnl FROM equity_snapshots WHERE epoch_id = ? ORDER BY time')
      .all(epochId) as EquitySnapshot[];
  }

  /**
   * The proposals a model judged for `symbol` with bar times in [from, to), every epoch: its probability
   * and the side the strategy proposed (taken or not). What drift monitoring scores once their horizon passed.
   */
  judgedProposals(symbol: string, model: string, from: number, to: number): { barTime: number; probability: number; side: 1 | -1 }[] {
    const rows = this.db
      .prepare(
        `SELECT bar_time AS barTime, confidence, json_extract(signal, '$.inputs.proposedSide') AS side FROM decisions
         WHERE symbol = ? AND model = ? AND bar_time >= ? AND bar_time < ? AND json_extract(signal, '$.inputs.proposedSide') IS NOT NULL
         ORDER BY bar_time, id`,
      )
      .all(symbol, model, from, to) as { barTime: number; confidence: number; side: number }[];
    // A bar decided again after a restart in another epoch counts once.
    const byTime = new Map(rows.map((r) => [r.barTime, { barTime: r.barTime, probability: r.confidence, side: (r.side > 0 ? 1 : -1) as 1 | -1 }]));
    return [...byTime.values()];
  }

  recentDecisions(epochId: number, limit: number): Array<Record<string, unknown>> {
    return this.db
      .prepare(
        `SELECT symbol, bar_time AS barTime, decided_at AS decidedAt, source, model, direction, exposure, probability, confidence,
                class, action, reason FROM decisions WHERE epoch_id = ? ORDER BY bar_time DESC, id DESC LIMIT ?`,
      )
      .all(epochId, limit) as Array<Record<string, unknown>>;
  }

  /**
   * Delete the decisions made before `before` (ms), in every epoch, in a transaction of their own. Only
   * decisions: orders, fills, positions and equity are the books and stay.
   */
  pruneDecisions(before: number): number {
    return this.db.transaction(() => this.db.prepare('DELETE FROM decisions WHERE decided_at < ?').run(before).changes).immediate();
  }

  /** Persist one iteration, all or nothing. */
  writeIteration(w: IterationWrite): void {
    this.db.transaction(() => this.writeIterationInTransaction(w)).immediate();
  }

  private writeIterationInTransaction(w: IterationWrite): void {
    const db = this.db;
    const e = w.epochId;
    const upsertOrder = db.prepare(
      `INSERT INTO orders (epoch_id, client_order_id, venue_order_id, symbol, side, type, quantity, limit_price,
         leverage, reduce_only, stop_distance, take_profit_distance, atr, signal_bar_time, created_at, reason, status,
         filled_quantity, average_price, reject_reason, updated_at, post_only)
       VALUES (@e, @id, @venueId, @symbol, @side, @type, @quantity, @limitPrice, @leverage, @reduceOnly,
         @stopDistance, @takeProfitDistance, @atr, @signalBarTime, @createdAt, @reason, @status, @filled, @avg,
         @rejectReason, @updatedAt, @postOnly)
       ON CONFLICT (epoch_id, client_order_id) DO UPDATE SET
         venue_order_id = excluded.venue_order_id, status = excluded.status,
         filled_quantity = excluded.filled_quantity, average_price = excluded.average_price,
         reject_reason = excluded.reject_reason, updated_at = excluded.updated_at`,
    );
    for (const o of w.orders) {
      const r = o.request;
      upsertOrder.run({
        e,
        ...orderRequestParams(r),
        venueId: o.venueOrderId ?? null,
        status: o.status,
        filled: o.filledQuantity,
        avg: o.averagePrice ?? null,
        rejectReason: o.rejectReason ?? null,
        updatedAt: o.updatedAt,
      });
    }
    // A fill is inserted once: its id is derived from the order, so the same fill written twice is refused.
    const insertFill = db.prepare(
      `INSERT INTO fills (epoch_id, id, client_order_id, position_id, symbol, side, quantity, price, fee, liquidity,
         time, effect, leverage, margin, realized_pnl, cash_delta)
       VALUES (@e, @id, @clientOrderId, @positionId, @symbol, @side, @quantity, @price, @fee, @liquidity, @time,
         @effect, @leverage, @margin, @realizedPnl, @cashDelta)`,
    );
    for (const f of w.fills) insertFill.run({ e, ...f });
    // Like a fill, a charge is inserted once: its id comes from the position, the kind and the time due.
    const insertCharge = db.prepare(
      `INSERT INTO financing_charges (epoch_id, id, position_id, symbol, kind, time, rate, base, amount, estimated)
       VALUES (@e, @id, @positionId, @symbol, @kind, @time, @rate, @base, @amount, @estimated)`,
    );
    for (const c of w.charges ?? []) insertCharge.run({ e, ...c, estimated: c.estimated ? 1 : 0 });

    const upsertPosition = db.prepare(
      `INSERT INTO positions (epoch_id, id, symbol, side, quantity, entry_price, entry_time, leverage, margin,
         liquidation_price, stop_price, take_profit_price, atr, peak_price, trailing, status)
       VALUES (@e, @id, @symbol, @side, @quantity, @entryPrice, @entryTime, @leverage, @margin, @liquidationPrice,
         @stopPrice, @takeProfitPrice, @atr, @peakPrice, @trailing, 'open')
       ON CONFLICT (epoch_id, id) DO UPDATE SET
         quantity = excluded.quantity, entry_price = excluded.entry_price, leverage = excluded.leverage,
         margin = excluded.margin, atr = excluded.atr, stop_price = excluded.stop_price,
         take_profit_price = excluded.take_profit_price, peak_price = excluded.peak_price,
         trailing = excluded.trailing, liquidation_price = excluded.liquidation_price`,
    );
    const positionParams = (p: Position) => ({
      e,
      ...p,
      stopPrice: p.stopPrice ?? null,
      takeProfitPrice: p.takeProfitPrice ?? null,
      trailing: p.trailing ? 1 : 0,
    });
    // Realised P&L from the position's closing fills (already inserted above): exact even when part of
    // the position was closed before a restart, which the venue's own summary cannot know.
    const closePosition = db.prepare(
      `UPDATE positions SET status = 'closed', exit_price = @exitPrice, exit_time = @exitTime, exit_reason = @exitReason,
         realized_pnl = (SELECT COALESCE(SUM(realized_pnl), 0) FROM fills
                         WHERE epoch_id = @e AND position_id = @id AND effect NOT IN ('open', 'increase'))
       WHERE epoch_id = @e AND id = @id`,
    );
    // Closes before opens: a reversal closes a symbol's position and opens the next one in the same step,
    // and the store allows one open position per symbol.
    for (const c of w.closedPositions) {
      // A position opened and closed within one iteration was never written as open.
      upsertPosition.run(positionParams(c.position));
      closePosition.run({ e, id: c.position.id, exitPrice: c.exitPrice, exitTime: c.exitTime, exitReason: c.exitReason });
    }
    for (const p of w.openPositions) upsertPosition.run(positionParams(p));

    const insertDecision = db.prepare(
      `INSERT INTO decisions (epoch_id, symbol, bar_time, decided_at, source, model, direction, exposure, probability, confidence,
         class, expected_return, action, reason, signal)
       VALUES (@e, @symbol, @barTime, @decidedAt, @source, @model, @direction, @exposure, @probability, @confidence, @class,
         @expectedReturn, @action, @reason, @signal)`,
    );
    for (const d of w.decisions) {
      const s = d.signal;
      insertDecision.run({
        e,
        symbol: s.symbol,
        barTime: s.barTime,
        decidedAt: d.decidedAt,
        source: s.source,
        model: s.model ?? null,
        direction: s.direction,
        exposure: s.exposure,
        probability: s.probability ?? null,
        confidence: s.confidence ?? null,
        class: s.class,
        expectedReturn: s.expectedReturn ?? null,
        action: d.action,
        reason: d.reason,
        signal: JSON.stringify({ ...s, quantity: d.quantity, leverage: d.leverage }),
      });
    }

    db.prepare("UPDATE balances SET amount = ?, updated_at = ? WHERE epoch_id = ? AND currency = 'USD'").run(w.cash, w.time, e);
    if (w.equity) {
      // The curve only moves forward: a point stamped before the last one (a live daemon's clean stop
      // settles on its own clock, which can lag the feed's time of the last step) comes just after it,
      // so the curve's time order is the order the books changed in.
      const last = (db.prepare('SELECT MAX(time) AS t FROM equity_snapshots WHERE epoch_id = ?').get(e) as { t: number | null }).t;
      const time = last !== null && w.equity.time < last ? last + 1 : w.equity.time;
      db.prepare(
        `INSERT INTO equity_snapshots (epoch_id, time, cash, equity, margin, unrealized_pnl)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (epoch_id, time) DO UPDATE SET cash = excluded.cash, equity = excluded.equity,
           margin = excluded.margin, unrealized_pnl = excluded.unrealized_pnl`,
      ).run(e, time, w.equity.cash, w.equity.equity, w.equity.margin, w.equity.unrealizedPnl);
    }
    const upsertCursor = db.prepare(
      `INSERT INTO cursors (epoch_id, symbol, timeframe, bar_time) VALUES (?, ?, ?, ?)
       ON CONFLICT (epoch_id, symbol, timeframe) DO UPDATE SET bar_time = excluded.bar_time`,
    );
    for (const [symbol, time] of w.cursors) upsertCursor.run(e, symbol, w.timeframe, time);
    if (w.scorerStates && w.scorerStates.size > 0) {
      const upsertState = db.prepare(
        `INSERT INTO scorer_state (epoch_id, symbol, scorer, state, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (epoch_id, symbol) DO UPDATE SET scorer = excluded.scorer, state = excluded.state, updated_at = excluded.updated_at`,
      );
      for (const [symbol, s] of w.scorerStates) upsertState.run(e, symbol, s.scorer, JSON.stringify(s.state), w.time);
    }
  }

  /** The scorer states of the epoch's last iteration, per symbol. */
  scorerStates(epochId: number): Map<Symbol, ScorerState> {
    const rows = this.db.prepare('SELECT symbol, scorer, state FROM scorer_state WHERE epoch_id = ?').all(epochId) as {
      symbol: string;
      scorer: string;
      state: string;
    }[];
    return new Map(rows.map((r) => [r.symbol, { scorer: r.scorer, state: JSON.parse(r.state) as unknown }]));
  }
}
