import type { Bar, Symbol } from '../domain/bar.js';
import type { Decision, DecisionAction } from '../domain/decision.js';
import type { EquityPoint } from '../domain/equity.js';
import type { Fill } from '../domain/fill.js';
import type { OrderState } from '../domain/order.js';
import { markedValue, type Position } from '../domain/position.js';
import type { ClosedPosition, FeedUpdate, Venue } from '../domain/ports.js';
import type { Signal } from '../domain/signal.js';
import type { Scorer } from '../ensemble/scorer.js';
import { equityOf } from './equityOf.js';
import { approveEntry, approveExit, judgeEntry } from '../risk/approve.js';
import { tierFor } from '../risk/confidenceTier.js';
import { trailStop } from '../risk/trailingStop.js';
import type { LeverageRangeSetting, RiskSettings } from '../risk/types.js';

export interface EngineSettings {
  readonly risk: RiskSettings;
  readonly leverage: Readonly<Record<Symbol, LeverageRangeSetting>>;
  readonly takerFee: number;
  /** Bars of history kept per symbol for the scorer. */
  readonly historyLength: number;
  /** Prefix of every client order id (the epoch), so ids never repeat across epochs. */
  readonly orderIdPrefix: string;
  /** Bar duration: a bar opening at t closes, and is decided on, at t + barMs. */
  readonly barMs: number;
}

/** Everything one step changed, for the store to write in one transaction. */
export interface StepOutcome {
  readonly time: number;
  readonly fills: readonly Fill[];
  readonly orders: readonly OrderState[];
  readonly decisions: readonly Decision[];
  readonly closedPositions: readonly ClosedPosition[];
  readonly openPositions: readonly Position[];
  readonly cash: number;
  readonly equity: EquityPoint;
  readonly cursors: ReadonlyMap<Symbol, number>;
}

/** Scorer in use for each symbol: the production ensemble where there is one, else the fallback. */
export type ScorerFor = (symbol: Symbol) => Scorer;

/**
 * The decision loop of one bar, the same in backtest, paper and live. For every newly closed bar, in
 * time order: the venue matches resting orders, stops and liquidations against it; trailing stops move
 * (effective from the next bar); then the scorer sees the bar and the engine decides. Orders it sends
 * can only fill on later bars. Only the newest bar of a symbol is scored: after a pause the venue
 * catches up on every missed bar, but nothing trades on stale signals.
 */
export class TradingEngine {
  private readonly history = new Map<Symbol, Bar[]>();
  private readonly cursors = new Map<Symbol, number>();

  constructor(
    private readonly venue: Venue,
    private readonly scorerFor: ScorerFor,
    private readonly settings: EngineSettings,
  ) {}

  /** Warm-up history (oldest first) and the last processed bar of a symbol, from a feed or the store. */
  seed(symbol: Symbol, bars: readonly Bar[], cursor?: number): void {
    this.history.set(symbol, bars.slice(-this.settings.historyLength));
    const lastTime = cursor ?? bars[bars.length - 1]?.time;
    if (lastTime !== undefined) this.cursors.set(symbol, lastTime);
  }

  cursor(symbol: Symbol): number | undefined {
    return this.cursors.get(symbol);
  }

  lastClose(symbol: Symbol): number | undefined {
    return this.history.get(symbol)?.at(-1)?.close;
  }

  async step(update: FeedUpdate): Promise<StepOutcome> {
    const fills: Fill[] = [];
    const orders = new Map<string, OrderState>();
    const closed: ClosedPosition[] = [];
    const decisions: Decision[] = [];

    const queue = this.newBarsInTimeOrder(update);
    const newest = new Map<Symbol, number>();
    for (const { symbol, bar } of queue) newest.set(symbol, bar.time);

    for (const { symbol, bar } of queue) {
      const events = await this.venue.onBar(symbol, bar);
      fills.push(...events.fills);
      for (const o of events.orders) orders.set(o.request.clientOrderId, o);
      closed.push(...events.closedPositions);

      const closeTime = bar.time + this.settings.barMs;
      for (const p of this.venue.account().positions) {
        if (p.symbol !== symbol) continue;
        const protection = trailStop(p, bar, this.settings.risk);
        if (protection) await this.venue.protect(p.id, protection, closeTime);
      }

      const hist = this.history.get(symbol) ?? [];
      hist.push(bar);
      if (hist.length > this.settings.historyLength) hist.splice(0, hist.length - this.settings.historyLength);
      this.history.set(symbol, hist);
      this.cursors.set(symbol, bar.time);

      if (newest.get(symbol) === bar.time) {
        const decision = await this.decide(symbol, hist, closeTime);
        if (decision) {
          decisions.push(decision.decision);
          for (const o of decision.orders) orders.set(o.request.clientOrderId, o);
        }
      }
    }

    const account = this.venue.account();
    return {
      time: update.time,
      fills,
      orders: [...orders.values()],
      decisions,
      closedPositions: closed,
      openPositions: account.positions,
      cash: account.cash,
      equity: this.equityAt(update.time),
      cursors: new Map(this.cursors),
    };
  }

  /** Cash plus every open position marked at its symbol's latest close. */
  equityAt(time: number): EquityPoint {
    const marks = new Map<Symbol, number>();
    for (const [symbol, hist] of this.history) {
      const last = hist.at(-1);
      if (last) marks.set(symbol, last.close);
    }
    return { time, ...equityOf(this.venue.account(), marks) };
  }

  private newBarsInTimeOrder(update: FeedUpdate): { symbol: Symbol; bar: Bar }[] {
    const queue: { symbol: Symbol; bar: Bar }[] = [];
    for (const [symbol, bars] of update.bars) {
      const cursor = this.cursors.get(symbol);
      for (const bar of bars) if (cursor === undefined || bar.time > cursor) queue.push({ symbol, bar });
    }
    const order = [...update.bars.keys()];
    return queue.sort((a, b) => a.bar.time - b.bar.time || order.indexOf(a.symbol) - order.indexOf(b.symbol));
  }

  private async decide(
    symbol: Symbol,
    hist: readonly Bar[],
    time: number,
  ): Promise<{ decision: Decision; orders: OrderState[] } | undefined> {
    const scorer = this.scorerFor(symbol);
    if (hist.length < scorer.warmup) return undefined;
    const signal = await scorer.score(symbol, hist);
    const account = this.venue.account();
    const position = account.positions.find((p) => p.symbol === symbol);
    const pending = account.openOrders.some((o) => o.request.symbol === symbol);
    const price = hist[hist.length - 1]?.close ?? 0;
    const decision = (action: DecisionAction, reason: string, extra: Partial<Decision> = {}): Decision => ({
      signal,
      action,
      reason,
      decidedAt: time,
      ...extra,
    });

    if (pending) return { decision: decision('hold', 'an order for this symbol is still pending'), orders: [] };
    const actionable = signal.direction !== 'flat' && tierFor(signal.confidence, this.settings.risk.tiers) !== undefined;
    if (position && (position.side === signal.direction || !actionable)) {
      const why = position.side === signal.direction ? 'signal agrees with the open position' : 'signal too weak to act; the stop manages the position';
      return { decision: decision('hold', why), orders: [] };
    }

    const orders: OrderState[] = [];
    if (position) {
      const exit = approveExit({
        clientOrderId: this.orderId(symbol, signal, 'x'),
        symbol,
        side: position.side === 'long' ? 'sell' : 'buy',
        type: 'market',
        quantity: position.quantity,
        leverage: position.leverage,
        reduceOnly: true,
        createdAt: time,
        signalBarTime: signal.barTime,
        reason: `${signal.class} ${signal.confidence.toFixed(3)} against the ${position.side}`,
      });
      orders.push(await this.venue.submit(exit));
    }

    const verdict = judgeEntry({
      signal,
      market: this.venue.market(symbol),
      settings: this.settings.risk,
      leverageRange: this.leverageRange(symbol),
      equity: this.equityAt(time).equity,
      // A reversal frees the closing position's margin before the new one opens.
      cash: account.cash + (position ? markedValue(position, price) : 0),
      price,
      takerFee: this.settings.takerFee,
    });
    if (!verdict.approved) {
      return position
        ? { decision: decision('close', `closing; no new entry: ${verdict.reason}`), orders }
        : { decision: decision('skip', verdict.reason), orders };
    }
    const entry = approveEntry(verdict, {
      clientOrderId: this.orderId(symbol, signal, 'o'),
      type: 'market',
      createdAt: time,
      signalBarTime: signal.barTime,
      atr: signal.atr,
      reason: `${signal.class} ${signal.confidence.toFixed(3)} (${signal.source})`,
    });
    const state = await this.venue.submit(entry);
    orders.push(state);
    const action: DecisionAction = position ? 'reverse' : entry.side === 'buy' ? 'open_long' : 'open_short';
    const notes = verdict.proposal.notes.join('; ');
    const reason = state.status === 'rejected' ? `venue rejected the entry: ${state.rejectReason ?? 'no reason given'}` : notes;
    return {
      decision: decision(action, reason, { quantity: entry.quantity, leverage: entry.leverage }),
      orders,
    };
  }

  private leverageRange(symbol: Symbol): LeverageRangeSetting {
    const range = this.settings.leverage[symbol];
    if (!range) throw new Error(`no leverage range configured for ${symbol}`);
    return range;
  }

  /** Deterministic: the same epoch, symbol, signal bar and purpose always give the same id. */
  private orderId(symbol: Symbol, signal: Signal, purpose: 'o' | 'x'): string {
    const base = symbol.split('/')[0] ?? symbol;
    return `${this.settings.orderIdPrefix}-${base}-${Math.floor(signal.barTime / 1000)}-${purpose}`;
  }
}
