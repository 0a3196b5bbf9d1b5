import type { NonceRecord } from '../../domain/nonceRecord.js';

/**
 * One private call at a time. Kraken refuses a nonce that is not above the last one it saw for the key,
 * and concurrent calls from one client can reach it out of order (or share a millisecond): serialising
 * them, and giving the client a nonce that never repeats, removes both ways to an EAPI:Invalid nonce.
 */
export class PrivateCallQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  /** Run `call` after every call queued before it has settled (whatever its outcome). */
  run<T>(call: () => Promise<T>): Promise<T> {
    this.waiting++;
    const result = this.tail.then(call, call);
    this.tail = result.then(
      () => this.waiting--,
      () => this.waiting--,
    );
    return result;
  }

  /** Calls queued or running. */
  get depth(): number {
    return this.waiting;
  }
}

/**
 * A nonce in microseconds of the given wall clock, strictly above the last one handed out: max(now,
 * last + 1). With a `record`, it starts above the last nonce the key ever sent and records each one
 * before it is used, so a restart on a clock that stepped back is not refused by the exchange.
 */
export function strictlyIncreasingNonce(wallClockMs: () => number, record?: NonceRecord): () => number {
  let last = record?.last() ?? 0;
  return () => {
    last = Math.max(Math.floor(wallClockMs() * 1000), last + 1);
    record?.save(last);
    return last;
  };
}

/** The part of a ccxt exchange instance this module touches. */
export interface NonceHolder {
  nonce: () => number;
}

/** Replace the client's nonce (ccxt's is milliseconds and repeats within one) with `nonce`. */
export function installNonce(client: NonceHolder, nonce: () => number): void {
  client.nonce = nonce;
}

/** What a Kraken private API client (spot or futures) is built with: one key, its clock, its queue. */
export interface PrivateKeyOptions {
  readonly apiKey: string;
  /** Base64, as Kraken issues it. */
  readonly secret: string;
  /** Wall clock (ms): the spot nonce is derived from it; futures look back from it for an ended order's fills. */
  readonly wallClock: () => number;
  /** All private calls of this key must share one queue. */
  readonly queue?: PrivateCallQueue;
}
