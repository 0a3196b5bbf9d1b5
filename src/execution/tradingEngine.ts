import type { Bar, Symbol } from '../domain/bar.js';
import type { Decision } from '../domain/decision.js';
import type { EquityPoint } from '../domain/equity.js';
import type { FinancingCharge } from '../domain/financing.js';
import type { Fill } from '../domain/fill.js';
import type { OrderState } from '../domain/order.js';
import { markedValue, type Position } from '../domain/position.js';
import type { ClosedPosition, FeedUpdate, Venue } from '../domain/ports.js';
import type { Signal } from '../domain/signal.js';
import type { Scorer, ScorerState } from '../ensemble/scorer.js';
import { allocate } from '../portfolio/allocate.js';
import type { AssetTier, PortfolioSettings } from '../portfolio/types.js';
import type { ExecutionSettings } from './executionSettings.js';
import { TurnoverWindow } from './turnoverWindow.js';
import { foldEquity, KILL_SWITCH_IDLE, killSwitchVerdict, restrictTarget, type KillSwitchSettings, type KillSwitchState, type KillSwitchVerdict } from '../risk/killSwitch.js';
import { openRisk } from '../risk/openRisk.js';
import { trailStop } from '../risk/trailingStop.js';
import type { LeverageRangeSetting, RiskContext, RiskSettings } from '../risk/types.js';
import { decisionOf, planForTarget, type OrderPurpose } from './actOnTarget.js';
import { equityOf } from './equityOf.js';
import { MarketState } from './marketState.js';
import type { AssetRegime, MarketRegime } from '../regime/regime.js';

export interface EngineSettings {
  /** Symbols traded. The feed may carry more (the market lead), which are only observed. */
  readonly assets: readonly Symbol[];
  /** The symbol whose bars set the market regime (BTC/USD); observed even when not traded. */
  readonly marketLead?: Symbol;
  readonly risk: RiskSettings;
  readonly portfolio: PortfolioSettings;
  readonly tiers: Readonly<Record<Symbol, AssetTier>>;
  readonly leverage: Readonly<Record<Symbol, LeverageRangeSetting>>;
  readonly takerFee: number;
  readonly slippageBps: number;
  /** Bars of history kept per symbol for the scorer. */
  readonly historyLength: number;
  /** Prefix of every client order id (the epoch), so ids never repeat across epochs. */
  readonly orderIdPrefix: string;
  /** Bar duration: a bar opening at t closes, and is decided on, at t + barMs. */
  readonly barMs: number;
  /** Daily loss and drawdown limits that halt new entries; absent: no kill switch. */
  readonly killSwitch?: KillSwitchSettings;
  /** Order types for what is decided at a bar, and what happens to a limit nobody trades through. */
  readonly execution: ExecutionSettings;
  /** Most notional traded (a multiple of equity) over a rolling window; once spent, only reductions. */
  readonly turnoverBudget?: { readonly windowMs: number; readonly maxTurnover: number };
}

/** Everything one step changed, for the store to write in one transaction. */
export interface StepOutcome {
  readonly time: number;
  readonly fills: readonly Fill[];
  readonly orders: readonly OrderState[];
  readonly decisions: readonly Decision[];
  readonly closedPositions: readonly ClosedPosition[];
  /** Financing the venue charged (or estimated) in this step. */
  readonly charges: readonly FinancingCharge[];
  readonly openPositions: readonly Position[];
  readonly cash: number;
  readonly equity: EquityPoint;
  readonly cursors: ReadonlyMap<Symbol, number>;
  /** Why new entries are halted after this step (the kill switch), if they are. */
  readonly halted?: string;
  /** What the scorers of the symbols stepped over learned (only scorers that keep state). */
  readonly scorerStates: ReadonlyMap<Symbol, ScorerState>;
}

/** Scorer in use for each symbol: the production ensemble where there is one, else the fallback. */
export type ScorerFor = (symbol: Symbol) => Scorer;

/**
 * The decision loop, the same in backtest, paper and live. For every newly closed bar, in time order:
 * the venue matches resting orders, stops and liquidations against it; trailing stops move (from the
 * next bar on); market state, regimes and scorers see the bar. Then every traded asset whose newest bar
 * arrived is scored, the portfolio sets targets for all of them together, and risk turns targets into
 * orders, which can only fill on later bars. After a pause the venue catches up on every missed bar,
 * but only the newest bar is scored: nothing trades on stale signals.
 */
export class TradingEngine {
  private readonly market: MarketState;
  private readonly cursors = new Map<Symbol, number>();
  private readonly observers: Scorer[];
  private equityPeak: number;
  private killState: KillSwitchState;
  private readonly turnover: TurnoverWindow | undefined;
  /** Symbols whose limit order timed out: decided again this step, at market. */
  private readonly crossNow = new Set<Symbol>();

  constructor(
    private readonly venue: Venue,
    private readonly scorerFor: ScorerFor,
    private readonly settings: EngineSettings,
    /**
     * Where a restart continues from: the stored curve's peak, the kill switch folded over that curve, and
     * the fills inside the turnover window (notional over equity at the time, oldest first).
     */
    options: { equityPeak?: number; killSwitch?: KillSwitchState; turnover?: readonly { time: number; turnover: number }[] } = {},
  ) {
    this.market = new MarketState(settings.historyLength, settings.marketLead);
    this.observers = [...new Set(settings.assets.map(scorerFor))].filter((s) => s.observe !== undefined);
    this.equityPeak = options.equityPeak ?? 0;
    this.killState = options.killSwitch ?? KILL_SWITCH_IDLE;
    const budget = settings.turnoverBudget;
    this.turnover = budget && new TurnoverWindow(budget.windowMs, budget.maxTurnover, options.turnover ?? []);
  }

  /**
   * Symbols the engine needs bars of, the market lead first, also when it is traded: at equal times its
   * bar must reach the other assets' lead features and the market regime before their own bars do.
   */
  get symbols(): Symbol[] {
    const lead = this.settings.marketLead;
    return lead ? [lead, ...this.settings.assets.filter((a) => a !== lead)] : [...this.settings.assets];
  }

  /**
   * Feed history (oldest first, ideally from the first stored bar) without trading on it, and set the
   * symbol's cursor: the last bar already processed.
   */
  seed(history: ReadonlyMap<Symbol, readonly Bar[]>, cursors: ReadonlyMap<Symbol, number>): void {
    for (const { symbol, bar } of this.inTimeOrder(history)) this.observe(symbol, bar);
    for (const [symbol, cursor] of cursors) this.cursors.set(symbol, cursor);
  }

  cursor(symbol: Symbol): number | undefined {
    return this.cursors.get(symbol);
  }

  /** The highest equity of the epoch so far, as the drawdown rules and the kill switch measure from. */
  peakEquity(): number {
    return this.equityPeak;
  }

  lastClose(symbol: Symbol): number | undefined {
    return this.market.lastClose(symbol);
  }

  /** The regimes as of the last bar seen: the market's, and each traded asset's. */
  regimes(): { market: MarketRegime | undefined; assets: ReadonlyMap<Symbol, AssetRegime | undefined> } {
    return {
      market: this.market.marketRegimeNow(),
      assets: new Map(this.settings.assets.map((s) => [s, this.market.regimeOf(s)])),
    };
  }

  async step(update: FeedUpdate): Promise<StepOutcome> {
    const fills: Fill[] = [];
    const orders = new Map<string, OrderState>();
    const closed: ClosedPosition[] = [];
    const charges: FinancingCharge[] = [];
    const fresh = new Map<Symbol, readonly Bar[]>();
    for (const [symbol, bars] of update.bars) {
      const cursor = this.cursors.get(symbol);
      fresh.set(symbol, cursor === undefined ? bars : bars.filter((b) => b.time > cursor));
    }
    const newest = new Map<Symbol, Bar>();
    for (const { symbol, bar } of this.inTimeOrder(fresh)) {
      if (this.settings.assets.includes(symbol)) {
        const events = await this.venue.onBar(symbol, bar);
        fills.push(...events.fills);
        for (const o of events.orders) orders.set(o.request.clientOrderId, o);
        closed.push(...events.closedPositions);
        charges.push(...events.charges);
        for (const p of this.venue.account().positions) {
          if (p.symbol !== symbol) continue;
          const protection = trailStop(p, bar, this.settings.risk);
          if (protection) await this.venue.protect(p.id, protection, bar.time + this.settings.barMs);
        }
        for (const o of await this.expireLimits(symbol, bar)) orders.set(o.request.clientOrderId, o);
        newest.set(symbol, bar);
      }
      this.observe(symbol, bar);
      this.cursors.set(symbol, bar.time);
    }

    const decisions: Decision[] = [];
    const signals: Signal[] = [];
    const scorerStates = new Map<Symbol, ScorerState>();
    for (const symbol of this.settings.assets) {
      if (!newest.has(symbol)) continue;
      const scorer = this.scorerFor(symbol);
      const hist = this.market.bars(symbol);
      if (!(scorer.isReady ? scorer.isReady(symbol) : hist.length >= scorer.warmup)) continue;
      const assetRegime = this.market.regimeOf(symbol);
      signals.push(await scorer.score(symbol, hist, assetRegime ? { assetRegime } : {}));
      const state = scorer.state?.();
      if (state !== undefined) scorerStates.set(symbol, { scorer: scorer.name, state });
    }
    if (signals.length > 0) {
      for (const d of await this.decide(signals)) {
        decisions.push(d.decision);
        for (const o of d.orders) orders.set(o.request.clientOrderId, o);
      }
    }

    const account = this.venue.account();
    const equity = this.equityAt(update.time);
    this.equityPeak = Math.max(this.equityPeak, equity.equity);
    if (this.turnover) for (const f of fills) this.turnover.add(f.time, (f.quantity * f.price) / Math.max(equity.equity, Number.MIN_VALUE));
    const ks = this.settings.killSwitch;
    if (ks) this.killState = foldEquity(this.killState, equity, ks);
    const verdict = ks ? killSwitchVerdict(this.killState, update.time, ks) : undefined;
    return {
      time: update.time,
      fills,
      orders: [...orders.values()],
      decisions,
      closedPositions: closed,
      charges,
      openPositions: account.positions,
      cash: account.cash,
      equity,
      cursors: new Map(this.cursors),
      ...(verdict?.halted && { halted: verdict.reason }),
      scorerStates,
    };
  }

  /** Cash plus every open position marked at its symbol's latest close. */
  equityAt(time: number): EquityPoint {
    return { time, ...equityOf(this.venue.account(), this.market.marks()) };
  }

  private observe(symbol: Symbol, bar: Bar): void {
    this.market.push(symbol, bar);
    for (const s of this.observers) s.observe?.(symbol, bar);
  }

  private async decide(scored: readonly Signal[]): Promise<{ decision: Decision; orders: OrderState[] }[]> {
    const account = this.venue.account();
    const marks = this.market.marks();
    const time = Math.max(...scored.map((s) => s.barTime)) + this.settings.barMs;
    const equity = equityOf(account, marks).equity;
    const peak = Math.max(this.equityPeak, equity);
    const marketRegime = this.market.marketRegimeNow() ?? 'chop';
    const halt = this.killSwitchAt(time, equity);
    // A limit that timed out is decided again now, at market: the decision it carried still stands.
    const crossing = new Set(this.crossNow);
    this.crossNow.clear();
    const signals = scored.map((s) => (crossing.has(s.symbol) && !s.rebalance ? { ...s, rebalance: true } : s));
    const targets = new Map(
      allocate({
        equity,
        signals,
        positions: account.positions,
        marks,
        assets: this.settings.assets,
        tiers: this.settings.tiers,
        marketRegime,
        costs: { takerFee: this.settings.takerFee, slippageBps: this.settings.slippageBps },
        settings: this.settings.portfolio,
        ...(this.turnover && { turnoverLeft: this.turnover.left(time) }),
      }).map((t) => [t.symbol, t]),
    );

    const out: { decision: Decision; orders: OrderState[] }[] = [];
    for (const signal of signals) {
      const symbol = signal.symbol;
      const current = this.venue.account();
      const position = current.positions.find((p) => p.symbol === symbol);
      const target = restrictTarget(symbol, targets.get(symbol), position !== undefined, halt, this.settings.killSwitch?.flatten ?? false);
      const price = marks.get(symbol) ?? 0;
      const regimes = `asset ${this.market.regimeOf(symbol) ?? 'warming up'}, market ${this.market.marketRegimeNow() ?? 'unknown'}`;
      if (!target || current.openOrders.some((o) => o.request.symbol === symbol)) {
        const reason = target ? 'an order for this symbol is still pending' : 'no target';
        out.push({ decision: decisionOf(signal, { orders: [], action: 'hold', reason: `${reason}; ${regimes}` }, time), orders: [] });
        continue;
      }
      const others = current.positions.filter((p) => p.symbol !== symbol);
      const risk: RiskContext = {
        signal,
        market: this.venue.market(symbol),
        settings: this.settings.risk,
        leverageRange: this.leverageRange(symbol),
        equity,
        // A flip's close frees the position's margin before the new entry fills.
        cash: current.cash + (position && target.action === 'flip' ? markedValue(position, price) : 0),
        price,
        takerFee: this.settings.takerFee,
        equityPeak: peak,
        openRisk: openRisk(others, marks, this.settings.takerFee),
        slippageBps: this.settings.slippageBps,
      };
      const crossed = crossing.has(symbol);
      const plan = planForTarget({
        signal,
        target,
        position,
        risk,
        time,
        execution: crossed ? { ...this.settings.execution, orderType: 'market' } : this.settings.execution,
        orderId: (purpose) => this.orderId(symbol, signal, purpose),
      });
      const states: OrderState[] = [];
      for (const order of plan.orders) states.push(await this.venue.submit(order));
      const rejected = states.find((s) => s.status === 'rejected');
      const why = crossed ? `the limit went unfilled for ${this.settings.execution.timeoutBars} bars: crossing at market; ` : '';
      const reason = `${why}${rejected ? `venue rejected ${rejected.request.clientOrderId}: ${rejected.rejectReason ?? 'no reason given'}; ` : ''}${plan.reason}; ${regimes}`;
      out.push({ decision: decisionOf(signal, { ...plan, reason }, time), orders: states });
    }
    return out;
  }

  /**
   * Limits of `symbol` still open timeoutBars after their signal bar are cancelled; with onTimeout 'market',
   * the symbol is decided again in this step and sent at market.
   */
  private async expireLimits(symbol: Symbol, bar: Bar): Promise<OrderState[]> {
    const { timeoutBars, onTimeout } = this.settings.execution;
    const out: OrderState[] = [];
    for (const o of this.venue.account().openOrders) {
      const r = o.request;
      if (r.symbol !== symbol || r.type !== 'limit') continue;
      if (bar.time - r.signalBarTime < timeoutBars * this.settings.barMs) continue;
      const cancelled = await this.venue.cancel(r.clientOrderId, bar.time + this.settings.barMs);
      if (cancelled) out.push(cancelled);
      if (onTimeout === 'market') this.crossNow.add(symbol);
    }
    return out;
  }

  private inTimeOrder(bars: ReadonlyMap<Symbol, readonly Bar[]>): { symbol: Symbol; bar: Bar }[] {
    // At equal times the lead comes first: the others' lead features and the market regime use its bar.
    const order = this.symbols;
    const rank = (s: Symbol) => {
      const i = order.indexOf(s);
      return i < 0 ? order.length : i;
    };
    const queue: { symbol: Symbol; bar: Bar }[] = [];
    for (const [symbol, list] of bars) for (const bar of list) queue.push({ symbol, bar });
    return queue.sort((a, b) => a.bar.time - b.bar.time || rank(a.symbol) - rank(b.symbol));
  }

  /** The kill switch as of this decision: the folded curve plus the equity now (folded for good after the step). */
  private killSwitchAt(time: number, equity: number): KillSwitchVerdict {
    const ks = this.settings.killSwitch;
    if (!ks) return { halted: false };
    return killSwitchVerdict(foldEquity(this.killState, { time, equity }, ks), time, ks);
  }

  private leverageRange(symbol: Symbol): LeverageRangeSetting {
    const range = this.settings.leverage[symbol];
    if (!range) throw new Error(`no leverage range configured for ${symbol}`);
    return range;
  }

  /** Deterministic: the same epoch, symbol, signal bar and purpose always give the same id. */
  private orderId(symbol: Symbol, signal: Signal, purpose: OrderPurpose): string {
    const base = symbol.split('/')[0] ?? symbol;
    return `${this.settings.orderIdPrefix}-${base}-${Math.floor(signal.barTime / 1000)}-${purpose}`;
  }
}
