import type { Bar } from '../../domain/bar.js';

/** A proposed trade waiting for its horizon to pass, with whatever the caller wants back when it is judged. */
export interface PendingTrade<T> {
  readonly time: number;
  readonly side: 1 | -1;
  /** The open of the bar after the decision: the trade's entry (null until that bar arrives). */
  entry: number | null;
  readonly payload: T;
}

export interface JudgedTrade<T> {
  readonly time: number;
  readonly side: 1 | -1;
  /** 1 when the trade, entered at the next bar's open and held to the horizon, beat its round-trip cost. */
  readonly outcome: 0 | 1;
  readonly payload: T;
}

/** The training label of a trade: its side's return from entry to exit beats the round trip. */
export function beatsCost(side: 1 | -1, entry: number, exit: number, roundTripCost: number): 0 | 1 {
  return side * (exit / entry - 1) > roundTripCost ? 1 : 0;
}

/**
 * Judges the strategy's proposed trades the way the models were trained to predict them: a trade proposed
 * at a bar is entered at the next bar's open and judged at the close of the first bar `horizon` later.
 * An outcome is released only once that bar has closed, never before its label is known. The online
 * adaptive weights learn from it while trading, and drift monitoring scores the live predictions with it.
 */
export class TradeJudge<T> {
  private queue: PendingTrade<T>[] = [];
  private changes = 0;

  constructor(
    private readonly horizonMs: number,
    private readonly roundTripCost: number,
  ) {}

  add(time: number, side: 1 | -1, payload: T, entry: number | null = null): void {
    this.queue.push({ time, side, entry, payload });
    this.changes++;
  }

  /**
   * A closed bar of the asset: give waiting trades their entry, and release every trade whose horizon it
   * completes. Most bars release nothing: they get one shared empty list.
   */
  observe(bar: Bar): readonly JudgedTrade<T>[] {
    for (const p of this.queue) {
      if (p.entry === null && bar.time > p.time) {
        p.entry = bar.open;
        this.changes++;
      }
    }
    let released = 0;
    while (released < this.queue.length && (this.queue[released] as PendingTrade<T>).time + this.horizonMs <= bar.time) released++;
    if (released === 0) return NONE_JUDGED;
    const out = this.queue.slice(0, released).map((p) => ({
      time: p.time,
      side: p.side,
      outcome: beatsCost(p.side, p.entry ?? bar.open, bar.close, this.roundTripCost),
      payload: p.payload,
    }));
    this.queue = this.queue.slice(released);
    this.changes++;
    return out;
  }

  /** Counts every change to the waiting trades: equal counts, equal `pending`. */
  get revision(): number {
    return this.changes;
  }

  get pending(): readonly PendingTrade<T>[] {
    return this.queue;
  }

  replace(pending: readonly PendingTrade<T>[]): void {
    this.queue = pending.map((p) => ({ ...p }));
    this.changes++;
  }
}

const NONE_JUDGED: readonly JudgedTrade<never>[] = Object.freeze([]);

/** A proposal the ensemble judged: its probability and the side the strategy proposed. */
export interface JudgedProposal {
  readonly barTime: number;
  readonly probability: number;
  readonly side: 1 | -1;
}

/**
 * Score proposals against the bars that followed them (oldest first): the probability the model gave and
 * the outcome, for those whose horizon has passed by the last bar given.
 */
export function judgeProposals(
  proposals: readonly JudgedProposal[],
  bars: readonly Bar[],
  horizonMs: number,
  roundTripCost: number,
): { p: number[]; y: (0 | 1)[] } {
  const judge = new TradeJudge<number>(horizonMs, roundTripCost);
  for (const x of proposals) judge.add(x.barTime, x.side, x.probability);
  const p: number[] = [];
  const y: (0 | 1)[] = [];
  const start = proposals[0]?.barTime ?? Number.POSITIVE_INFINITY;
  for (const bar of bars) {
    if (bar.time < start) continue;
    for (const j of judge.observe(bar)) {
      p.push(j.payload);
      y.push(j.outcome);
    }
  }
  return { p, y };
}
