import { errorMessage } from '../internal/errors.js';
import { silentLogger, type Logger } from '../internal/logger.js';
import type { NotifyChannel } from './channel.js';
import type { NotifyEvent, NotifyEventKind } from './events.js';

export interface NotifierOptions {
  readonly channels: readonly NotifyChannel[];
  /** The kinds sent; others are dropped at once. */
  readonly events: ReadonlySet<NotifyEventKind>;
  /** Messages per channel per minute; events beyond wait and go out together in the next message. */
  readonly maxPerMinute: number;
  /** How long one delivery may take before it is abandoned (and logged). */
  readonly timeoutMs: number;
  readonly logger: Logger;
  /** Monotonic ms, for the rate limit; performance.now by default. */
  readonly now?: () => number;
}

/** Events waiting for a channel beyond this are dropped, oldest first, and counted in the next message. */
const MAX_PENDING = 200;
const MINUTE = 60_000;

/**
 * One channel's outbox: one delivery at a time, at most `maxPerMinute` per rolling minute. Whatever waits
 * when a delivery may start goes out as one message, so a burst of fills becomes one message, not a flood.
 */
class Outbox {
  private pending: NotifyEvent[] = [];
  private dropped = 0;
  private readonly sent: number[] = [];
  private busy = false;
  private timer: NodeJS.Timeout | undefined;
  private idle: (() => void)[] = [];

  constructor(
    private readonly channel: NotifyChannel,
    private readonly o: NotifierOptions,
    private readonly now: () => number,
  ) {}

  push(e: NotifyEvent): void {
    this.pending.push(e);
    if (this.pending.length > MAX_PENDING) {
      this.pending.shift();
      this.dropped++;
    }
    this.pump();
  }

  private pump(): void {
    if (this.busy || this.timer) return;
    if (this.pending.length === 0) {
      for (const resolve of this.idle.splice(0)) resolve();
      return;
    }
    const now = this.now();
    while (this.sent.length > 0 && now - this.sent[0]! >= MINUTE) this.sent.shift();
    if (this.sent.length >= this.o.maxPerMinute) {
      // unref: a wait for the rate limit never keeps the process alive.
      this.timer = setTimeout(
        () => {
          this.timer = undefined;
          this.pump();
        },
        MINUTE - (now - this.sent[0]!),
      ).unref();
      return;
    }
    const batch = this.pending.splice(0);
    const dropped = this.dropped;
    this.dropped = 0;
    this.sent.push(now);
    this.busy = true;
    const text = [
      ...batch.map((e) => e.text),
      ...(dropped > 0 ? [`(${dropped} earlier message${dropped === 1 ? '' : 's'} dropped: too many at once)`] : []),
    ].join('\n\n');
    const events = batch.map((e) => ({ kind: e.kind, time: new Date(e.time).toISOString(), text: e.text, ...(e.fields && { fields: e.fields }) }));
    this.channel
      .send(text, events, AbortSignal.timeout(this.o.timeoutMs))
      .catch((err: unknown) => this.o.logger.warn('notification not delivered', { channel: this.channel.name, events: batch.length, error: errorMessage(err) }))
      .finally(() => {
        this.busy = false;
        this.pump();
      });
  }

  /** Resolves once nothing waits and nothing is in flight. */
  drained(): Promise<void> {
    if (!this.busy && this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/**
 * Messages to people (Telegram, a webhook) that never hold the daemon up: `notify` only queues and
 * returns; delivery runs beside the loop, one at a time per channel, each bounded by a timeout, rate
 * limited. A slow, failing or unreachable endpoint costs a warning in the log, never an iteration.
 */
export class Notifier {
  private readonly outboxes: Outbox[];

  constructor(private readonly o: NotifierOptions) {
    const now = o.now ?? (() => performance.now());
    this.outboxes = o.channels.map((c) => new Outbox(c, o, now));
  }

  get enabled(): boolean {
    return this.outboxes.length > 0;
  }

  wants(kind: NotifyEventKind): boolean {
    return this.enabled && this.o.events.has(kind);
  }

  notify(event: NotifyEvent): void {
    if (!this.wants(event.kind)) return;
    for (const box of this.outboxes) box.push(event);
  }

  /** At a stop: let what is queued go out, for at most `graceMs`; whatever is still waiting then is given up. */
  async close(graceMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs).unref();
    });
    await Promise.race([Promise.all(this.outboxes.map((b) => b.drained())), deadline]);
    clearTimeout(timer);
    for (const b of this.outboxes) b.stop();
  }
}

/** A notifier with no channel: every call is a no-op. */
export const NO_NOTIFIER = new Notifier({ channels: [], events: new Set(), maxPerMinute: 1, timeoutMs: 1, logger: silentLogger });
