import type { Bar, Symbol } from '../domain/bar.js';
import type { Decision } from '../domain/decision.js';
import type { EquityPoint } from '../domain/equity.js';
import type { FinancingCharge } from '../domain/financing.js';
import type { Fill } from '../domain/fill.js';
import type { OrderState } from '../domain/order.js';
import { markedValue, type Position } from '../domain/position.js';
import type { ClosedPosition, FeedUpdate, Venue } from '../domain/ports.js';
import type { Signal } from '../domain/signal.js';
import type { ScoreContext, Scorer, ScorerState } from '../ensemble/scorer.js';
import { allocate } from '../portfolio/allocate.js';
import type { AssetTier, PortfolioSettings } from '../portfolio/types.js';
import type { ExecutionSettings } from './executionSettings.js';
import { TurnoverWindow } from './turnoverWindow.js';
import {
  foldEquity,
  KILL_SWITCH_IDLE,
  killSwitchVerdict,
  restrictTarget,
  type KillSwitchSettings,
  type KillSwitchState,
  type KillSwitchVerdict,
} from '../risk/killSwitch.js';
import { openRisk } from '../risk/openRisk.js';
import { trailStop } from '../risk/trailingStop.js';
import type { LeverageRangeSetting, RiskContext, RiskSettings } from '../risk/types.js';
import { decisionOf, planForTarget, type OrderPurpose } from './actOnTarget.js';
import { equityOf, equityPointOf } from './equityOf.js';
import { MarketState } from './marketState.js';
import type { AssetRegime, MarketRegime } from '../regime/regime.js';

/** The shared empty answers of a step where nothing happened (readers only read them). */
const NONE: readonly never[] = Object.freeze([]);
const NO_STATES: ReadonlyMap<Symbol, ScorerState> = new Map();
const NO_CONTEXT: ScoreContext = Object.freeze({});

/** A bar waiting its turn in a step. */
interface QueuedBar {
  symbol: Symbol;
  bar: Bar;
}

/** A step's orders by client id, the latest state of each; the map made at the first. */
function withOrders(orders: Map<string, OrderState> | undefined, add: readonly OrderState[]): Map<string, OrderState> {
  const out = orders ?? new Map<string, OrderState>();
  for (const o of add) out.set(o.request.clientOrderId, o);
  return out;
}

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
  /**
   * false: steps return no decisions, and none is built (a backtest's report reads none; its orders and
   * fills are the same). Default true: paper and live runs store every decision.
   */
  readonly keepDecisions?: boolean;
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
  /** The last bar processed per symbol: the engine's own map, not a copy (it moves on with the next step). */
  readonly cursors: ReadonlyMap<Symbol, number>;
  /** Why new entries are halted after this step (the kill switch), if they are. */
  readonly halted?: string;
  /** What the scorers of the symbols stepped over learned, where it changed since the last step that carried it (only scorers that keep state). */
  readonly scorerStates: ReadonlyMap<Symbol, ScorerState>;
}

/** Scorer in use for each symbol: the production ensemble where there is one, else the fallback. */
export type ScorerFor = (symbol: Symbol) => Scorer;

/** One signal's outcome in a step: its decision record (when kept) and the orders it sent. */
interface StepDecision {
  readonly decision?: Decision;
  readonly orders: OrderState[];
}

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
  private observers: Scorer[];
  private equityPeak: number;
  private killState: KillSwitchState;
  private readonly turnover: TurnoverWindow | undefined;
  /** Symbols whose limit order timed out: decided again this step, at market. */
  private readonly crossNow = new Set<Symbol>();
  private readonly traded: ReadonlySet<Symbol>;
  /** Position of each symbol in `symbols`: the order of bars at equal times. */
  private readonly rank: ReadonlyMap<Symbol, number>;
  /**
   * The step in which each traded symbol last had a new bar (steps counted by `steps`): those of the step
   * being taken are scored. A Set cleared every step would make a new table every step.
   */
  private readonly newestIn = new Map<Symbol, number>();
  private steps = 0;
  /** The step's bars in time order: one list and its entries, reused by every step. */
  private readonly queue: QueuedBar[] = [];
  /** One score context per asset regime, shared by every bar scored in it. */
  private readonly contexts = new Map<AssetRegime, ScoreContext>();
  /** Each symbol's scorer state as last put in a step's outcome. */
  private readonly reportedStates = new Map<Symbol, unknown>();

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
    this.traded = new Set(settings.assets);
    this.rank = new Map(this.symbols.map((s, i) => [s, i]));
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

  /**
   * A hot reload, between steps: `scorerFor` now answers with `fresh` scorers for some assets. They first
   * observe `history` (every symbol's bars up to its cursor, as a start seeds them), so their streaming
   * state is what a restart would build; the next step scores with them. Positions and their stops are
   * the venue's and stay as they are.
   */
  adoptScorers(fresh: readonly Scorer[], history: ReadonlyMap<Symbol, readonly Bar[]>): void {
    for (const { symbol, bar } of this.inTimeOrder(history)) for (const s of fresh) s.observe?.(symbol, bar);
    this.observers = [...new Set(this.settings.assets.map(this.scorerFor))].filter((s) => s.observe !== undefined);
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

  /** The market regime as of the last bar seen (from the lead). */
  marketRegime(): MarketRegime | undefined {
    return this.market.marketRegimeNow();
  }

  /** The asset's regime as of its last bar seen. */
  assetRegime(symbol: Symbol): AssetRegime | undefined {
    return this.market.regimeOf(symbol);
  }

  async step(update: FeedUpdate): Promise<StepOutcome> {
    // Most steps fill, close and charge nothing: their lists are the shared empty ones, made only when used.
    let fills: Fill[] | undefined;
    let orders: Map<string, OrderState> | undefined;
    let closed: ClosedPosition[] | undefined;
    let charges: FinancingCharge[] | undefined;
    const stepNo = ++this.steps;
    const newest = this.newestIn;
    // Indexed loops: a step is the backtest's hot path, and for-of makes an iterator where V8 has not optimised it.
    const queue = this.inTimeOrder(update.bars, this.cursors, this.queue);
    for (let q = 0; q < queue.length; q++) {
      const { symbol, bar } = queue[q] as QueuedBar;
      if (this.traded.has(symbol)) {
        const answer = this.venue.onBar(symbol, bar);
        const events = answer instanceof Promise ? await answer : answer;
        if (events.fills.length > 0) {
          fills ??= [];
          fills.push(...events.fills);
        }
        if (events.orders.length > 0) orders = withOrders(orders, events.orders);
        if (events.closedPositions.length > 0) {
          closed ??= [];
          closed.push(...events.closedPositions);
        }
        if (events.charges.length > 0) {
          charges ??= [];
          charges.push(...events.charges);
        }
        const account = this.venue.account();
        let protectedNow = false;
        for (let i = 0; i < account.positions.length; i++) {
          const p = account.positions[i] as Position;
          if (p.symbol !== symbol) continue;
          const protection = trailStop(p, bar, this.settings.risk);
          if (!protection) continue;
          const moved = this.venue.protect(p.id, protection, bar.time + this.settings.barMs);
          if (moved instanceof Promise) await moved;
          protectedNow = true;
        }
        // The snapshot still holds unless protecting went to the venue (live: it may have synced the books).
        const open = protectedNow ? this.venue.account().openOrders : account.openOrders;
        if (open.length > 0) orders = withOrders(orders, await this.expireLimits(symbol, bar, open));
        newest.set(symbol, stepNo);
      }
      this.observe(symbol, bar);
      this.cursors.set(symbol, bar.time);
    }

    let decisions: Decision[] | undefined;
    let signals: Signal[] | undefined;
    let scorerStates: Map<Symbol, ScorerState> | undefined;
    const assets = this.settings.assets;
    for (let a = 0; a < assets.length; a++) {
      const symbol = assets[a] as Symbol;
      if (newest.get(symbol) !== stepNo) continue;
      const scorer = this.scorerFor(symbol);
      const hist = this.market.bars(symbol);
      if (!(scorer.isReady ? scorer.isReady(symbol) : hist.length >= scorer.warmup)) continue;
      const assetRegime = this.market.regimeOf(symbol);
      const scored = scorer.score(symbol, hist, assetRegime ? this.contextIn(assetRegime) : NO_CONTEXT);
      // Awaited only when the scorer is asynchronous: the rule-based strategy answers at once, every bar.
      signals ??= [];
      signals.push(scored instanceof Promise ? await scored : scored);
      const state = scorer.state?.();
      // A state is reported when it changed (a scorer keeps returning the same object until then): the store keeps the last one.
      if (state !== undefined && state !== this.reportedStates.get(symbol)) {
        this.reportedStates.set(symbol, state);
        scorerStates ??= new Map();
        scorerStates.set(symbol, { scorer: scorer.name, state });
      }
    }
    if (signals) {
      const decided = this.decide(signals);
      for (const d of decided instanceof Promise ? await decided : decided) {
        if (d.decision) {
          decisions ??= [];
          decisions.push(d.decision);
        }
        if (d.orders.length > 0) orders = withOrders(orders, d.orders);
      }
    }

    const account = this.venue.account();
    const equity = equityPointOf(update.time, account, this.market.marks());
    this.equityPeak = Math.max(this.equityPeak, equity.equity);
    if (this.turnover && fills) for (const f of fills) this.turnover.add(f.time, (f.quantity * f.price) / Math.max(equity.equity, Number.MIN_VALUE));
    const ks = this.settings.killSwitch;
    if (ks) this.killState = foldEquity(this.killState, equity, ks);
    const verdict = ks ? killSwitchVerdict(this.killState, update.time, ks) : undefined;
    const outcome: StepOutcome = {
      time: update.time,
      fills: fills ?? NONE,
      orders: orders ? [...orders.values()] : NONE,
      decisions: decisions ?? NONE,
      closedPositions: closed ?? NONE,
      charges: charges ?? NONE,
      openPositions: account.positions,
      cash: account.cash,
      equity,
      cursors: this.cursors,
      scorerStates: scorerStates ?? NO_STATES,
    };
    return verdict?.halted ? { ...outcome, halted: verdict.reason } : outcome;
  }

  private contextIn(assetRegime: AssetRegime): ScoreContext {
    let c = this.contexts.get(assetRegime);
    if (!c) {
      c = Object.freeze({ assetRegime });
      this.contexts.set(assetRegime, c);
    }
    return c;
  }

  /** Cash plus every open position marked at its symbol's latest close. */
  equityAt(time: number): EquityPoint {
    return equityPointOf(time, this.venue.account(), this.market.marks());
  }

  private observe(symbol: Symbol, bar: Bar): void {
    this.market.push(symbol, bar);
    for (let i = 0; i < this.observers.length; i++) this.observers[i]?.observe?.(symbol, bar);
  }

  /**
   * Without decision records (a backtest), a step where every signal holds between decisions and no limit
   * crosses at market cannot send an order: nothing in decideNow would, short of the kill switch flattening.
   * Such a step (most bars) is answered at once.
   */
  private decide(scored: readonly Signal[]): StepDecision[] | Promise<StepDecision[]> {
    const holdsOnly = this.settings.keepDecisions === false && this.crossNow.size === 0 && scored.every((s) => !s.rebalance);
    if (holdsOnly && !(this.settings.killSwitch?.flatten ?? false)) return [];
    return this.decideNow(scored, holdsOnly);
  }

  private async decideNow(scored: readonly Signal[], holdsOnly: boolean): Promise<StepDecision[]> {
    const keep = this.settings.keepDecisions !== false;
    const flatten = this.settings.killSwitch?.flatten ?? false;
    const account = this.venue.account();
    const marks = this.market.marks();
    const time = Math.max(...scored.map((s) => s.barTime)) + this.settings.barMs;
    const equity = equityOf(account, marks).equity;
    const peak = Math.max(this.equityPeak, equity);
    const marketRegime = this.market.marketRegimeNow() ?? 'chop';
    const halt = this.killSwitchAt(time, equity);
    if (holdsOnly && !halt.halted) return [];
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

    const out: StepDecision[] = [];
    // The account changes only when orders go out: read it again after a submit, not for every signal.
    let current = account;
    for (const signal of signals) {
      const symbol = signal.symbol;
      const position = current.positions.find((p) => p.symbol === symbol);
      const target = restrictTarget(symbol, targets.get(symbol), position !== undefined, halt, flatten);
      const price = marks.get(symbol) ?? 0;
      const regimes = keep ? `asset ${this.market.regimeOf(symbol) ?? 'warming up'}, market ${this.market.marketRegimeNow() ?? 'unknown'}` : '';
      if (!target || current.openOrders.some((o) => o.request.symbol === symbol)) {
        const reason = target ? 'an order for this symbol is still pending' : 'no target';
        if (keep) out.push({ decision: decisionOf(signal, { orders: [], action: 'hold', reason: `${reason}; ${regimes}` }, time), orders: [] });
        continue;
      }
      if ((target.action === 'hold' || target.action === 'none') && !crossing.has(symbol)) {
        // What planForTarget makes of them, without the risk context it would not read (most bars: between decisions).
        const plan = { orders: [], action: target.action === 'hold' ? 'hold' : 'skip', reason: `${target.reason}; ${regimes}` } as const;
        if (keep) out.push({ decision: decisionOf(signal, plan, time), orders: [] });
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
      if (states.length > 0) current = this.venue.account();
      if (!keep) {
        out.push({ orders: states });
        continue;
      }
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
  private async expireLimits(symbol: Symbol, bar: Bar, open: readonly OrderState[]): Promise<OrderState[]> {
    const { timeoutBars, onTimeout } = this.settings.execution;
    const out: OrderState[] = [];
    for (const o of open) {
      const r = o.request;
      if (r.symbol !== symbol || r.type !== 'limit') continue;
      if (bar.time - r.signalBarTime < timeoutBars * this.settings.barMs) continue;
      const cancelled = await this.venue.cancel(r.clientOrderId, bar.time + this.settings.barMs);
      if (cancelled) out.push(cancelled);
      if (onTimeout === 'market') this.crossNow.add(symbol);
    }
    return out;
  }

  /** Bars after each symbol's cursor (all of them without `after`), in time order. */
  private inTimeOrder(bars: ReadonlyMap<Symbol, readonly Bar[]>, after?: ReadonlyMap<Symbol, number>, queue: QueuedBar[] = []): readonly QueuedBar[] {
    // Into `queue`, reusing its entries: a step would otherwise make a list and an entry per bar.
    let n = 0;
    // keys() and get(): entries() would make a pair per symbol.
    for (const symbol of bars.keys()) {
      const list = bars.get(symbol) as readonly Bar[];
      const cursor = after?.get(symbol);
      for (let i = 0; i < list.length; i++) {
        const bar = list[i] as Bar;
        if (cursor !== undefined && bar.time <= cursor) continue;
        const entry = queue[n];
        if (entry) {
          entry.symbol = symbol;
          entry.bar = bar;
        } else queue.push({ symbol, bar });
        n++;
      }
    }
    if (queue.length !== n) queue.length = n;
    // A replay step (one bar per symbol, in the engine's order) is in order already: no sort.
    for (let i = 1; i < queue.length; i++) {
      if (this.before(queue[i - 1] as QueuedBar, queue[i] as QueuedBar) > 0) return queue.sort(this.before);
    }
    return queue;
  }

  /** Time order; at equal times the lead comes first: the others' lead features and the market regime use its bar. */
  private readonly before = (a: QueuedBar, b: QueuedBar): number => a.bar.time - b.bar.time || this.rankOf(a.symbol) - this.rankOf(b.symbol);

  private rankOf(symbol: Symbol): number {
    return this.rank.get(symbol) ?? this.rank.size;
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
