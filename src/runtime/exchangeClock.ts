import type { Clock, FeedUpdate, MarketFeed } from '../domain/ports.js';
import type { Bar, Symbol } from '../domain/bar.js';
import { wallSleep } from './clocks.js';

export interface ExchangeClockOptions {
  /** The exchange's time, epoch ms (Kraken's has whole seconds). */
  readonly serverTime: () => Promise<number>;
  /** Resolution of the server's time: its reading is taken as the middle of this window. Default 1000. */
  readonly resolutionMs?: number;
  /** Local clocks this close to the exchange's are trusted as they are. Default 5000. */
  readonly toleranceMs?: number;
  readonly wall?: () => number;
}

/**
 * The wall clock, kept in agreement with the exchange's. Live books compare the daemon's times with the
 * exchange's (the epoch's start is where its fills are read from; a bar counts as closed by the time),
 * so a local clock that is off by more than the tolerance is corrected by the exchange's. Within the
 * tolerance it is the plain wall clock. Never goes back.
 */
export class ExchangeClock implements Clock {
  private offset = 0;
  private last = -Infinity;
  private readonly wall: () => number;

  constructor(private readonly options: ExchangeClockOptions) {
    this.wall = options.wall ?? Date.now;
  }

  /** Measure the offset again; throws what serverTime throws (the caller decides whether that matters). */
  async sync(): Promise<void> {
    const before = this.wall();
    const server = await this.options.serverTime();
    const after = this.wall();
    if (!Number.isFinite(server) || server <= 0) return;
    const measured = server + (this.options.resolutionMs ?? 1000) / 2 - (before + after) / 2;
    this.offset = Math.abs(measured) <= (this.options.toleranceMs ?? 5000) ? 0 : measured;
  }

  /** sync, but a failure keeps the last offset: a missed reading is not a reason to miss an iteration. */
  async trySync(): Promise<boolean> {
    try {
      await this.sync();
      return true;
    } catch {
      return false;
    }
  }

  /** How far the exchange's clock is from the local one (0 within the tolerance). */
  get offsetMs(): number {
    return this.offset;
  }

  now(): number {
    this.last = Math.max(this.last, Math.floor(this.wall() + this.offset));
    return this.last;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return wallSleep(ms, signal);
  }
}

/** A feed whose clock is brought in line with the exchange's before each poll. */
export class ClockSyncedFeed implements MarketFeed {
  readonly kind: MarketFeed['kind'];

  constructor(
    private readonly inner: MarketFeed,
    private readonly clock: ExchangeClock,
  ) {
    this.kind = inner.kind;
  }

  history(symbol: Symbol, count: number, beforeTime: number): Promise<Bar[]> {
    return this.inner.history(symbol, count, beforeTime);
  }

  async poll(): Promise<FeedUpdate | 'end'> {
    await this.clock.trySync();
    return this.inner.poll();
  }
}
