import type http from 'node:http';
import type { EmulatedRequest } from './loopbackServer.js';

/** What an emulator answers one request with. */
export interface Answer {
  readonly status: number;
  readonly body: string;
  readonly type: string;
  /** The venue's error code or message answered, if any. */
  readonly error?: string;
  /** A handler's unexpected exception, rethrown once the 500 is sent. */
  readonly thrown?: unknown;
}

/** How one emulator (spot or futures) answers, in its own dialect. */
export interface AnswerSource<R extends EmulatedRequest> {
  /** The venue's checks before any handler (known route, method, key, signature, nonce); undefined: passes. */
  refusal(entry: R): Answer | undefined;
  /** The route handler's answer, checks already passed. */
  handle(entry: R): Promise<Answer>;
  /** The venue's error body for a fault's `error` string. */
  errorAnswer(error: string): Answer;
}

/**
 * Answers requests with the fault drawn for them applied (see Fault): one pipeline for the spot and the
 * futures emulator, so a fault means the same on both. It owns the timers of delayed answers and the
 * requests waiting to take effect late, so an emulator's close() stops them all.
 */
export class FaultedResponder {
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Requests that take effect later (`takeEffectAfterMs`), by their timer. */
  private readonly late = new Map<NodeJS.Timeout, () => Promise<void>>();

  constructor(private readonly now: () => number) {}

  async respond<R extends EmulatedRequest>(entry: R, res: http.ServerResponse, source: AnswerSource<R>): Promise<void> {
    const fault = entry.fault;
    if (fault?.takeEffectAfterMs !== undefined) return this.takeEffectLater(entry, res, source, fault.takeEffectAfterMs);
    // After handling, the request has taken effect (an order is booked) whatever the client hears.
    let answer = fault?.afterHandling ? await checkedAnswer(entry, source) : undefined;
    if (fault?.delayMs) await this.sleep(fault.delayMs);
    if (res.destroyed) return;
    if (fault?.body !== undefined) return send(res, entry, { status: 200, body: fault.body, type: 'text/html' });
    if (fault?.status !== undefined) return send(res, entry, { status: fault.status, body: `<html><body>${fault.status}</body></html>`, type: 'text/html' });
    if (fault?.error !== undefined) return send(res, entry, source.errorAnswer(fault.error));
    if (fault?.destroy) {
      entry.status = 0;
      res.destroy();
      return;
    }
    answer ??= await checkedAnswer(entry, source);
    send(res, entry, answer);
    if (answer.thrown !== undefined) throw answer.thrown;
  }

  /** Requests waiting to take effect late. */
  get lateRequests(): number {
    return this.late.size;
  }

  /** Let every request waiting to take effect late do so now (a test decides when an order is booked). */
  async takeEffectNow(): Promise<void> {
    const pending = [...this.late];
    this.late.clear();
    for (const [timer, run] of pending) {
      clearTimeout(timer);
      await run();
    }
  }

  /** Drop every pending delay and late request. */
  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const t of this.late.keys()) clearTimeout(t);
    this.late.clear();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  /**
   * Checked on arrival, answered by nothing: the connection closes, and the request is handled `ms` later at
   * the emulated time then, as an order the exchange books late.
   */
  private takeEffectLater<R extends EmulatedRequest>(entry: R, res: http.ServerResponse, source: AnswerSource<R>, ms: number): void {
    const refused = source.refusal(entry);
    if (refused) {
      send(res, entry, refused);
      return;
    }
    entry.status = 0;
    res.destroy();
    const run = async (): Promise<void> => {
      const answer = await source.handle({ ...entry, now: this.now() });
      entry.notes['tookEffectAt'] = this.now();
      if (answer.error !== undefined) entry.notes['lateError'] = answer.error;
      if (answer.thrown !== undefined) throw answer.thrown;
    };
    const timer = setTimeout(() => {
      this.late.delete(timer);
      void run();
    }, ms);
    this.late.set(timer, run);
  }
}

async function checkedAnswer<R extends EmulatedRequest>(entry: R, source: AnswerSource<R>): Promise<Answer> {
  return source.refusal(entry) ?? (await source.handle(entry));
}

function send(res: http.ServerResponse, entry: EmulatedRequest, answer: Answer): void {
  entry.status = answer.status;
  if (answer.error !== undefined) entry.error = answer.error;
  if (res.destroyed) return;
  res.writeHead(answer.status, { 'content-type': answer.type, 'content-length': Buffer.byteLength(answer.body) });
  res.end(answer.body);
}
