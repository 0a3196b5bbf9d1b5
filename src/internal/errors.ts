/**
 * Errors by what the caller should do next. The CLI turns them into a message and an exit code;
 * nothing a user can cause ends in a bare stack trace.
 */
export const EXIT = {
  ok: 0,
  fatal: 1,
  usage: 2,
  /** EX_TEMPFAIL: try again later (network down, exchange unavailable). */
  retryable: 75,
} as const;

export abstract class BotError extends Error {
  abstract readonly exitCode: number;
  /** What the user can do about it, shown under the message. */
  readonly hint: string | undefined;
  constructor(message: string, options?: { hint?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options?.hint;
  }
}

/** Bad config, bad flag, bad file: the user can fix it. */
export class UserError extends BotError {
  readonly exitCode = EXIT.usage;
}

/** Network, rate limit, exchange unavailable: back off and try again. */
export class RetryableError extends BotError {
  readonly exitCode = EXIT.retryable;
}

/** A broken invariant or an unexplained state: stop before anything gets worse. */
export class FatalError extends BotError {
  readonly exitCode = EXIT.fatal;
}

/** An order the venue refused (invalid, below minimum, insufficient funds): skip it and record why. */
export class OrderRejectedError extends BotError {
  readonly exitCode = EXIT.fatal;
}

/** The exchange already holds an order with this client id: the order exists, nothing was refused. */
export class DuplicateOrderError extends OrderRejectedError {}

/** What the caller does next with an error: back off and try again, skip (and record) the order, or stop. */
export type ErrorPolicy = 'retry' | 'skip' | 'stop';

/**
 * The error policy, in one place, over the errors the exchange adapter throws (it maps every exchange
 * failure to one of these). retry: network, timeout, rate limit, exchange unavailable or in maintenance, a
 * refused nonce, a malformed answer. skip: the exchange refused this order (invalid, below a minimum,
 * insufficient funds or margin). stop: authentication, permission, a broken invariant, anything not
 * understood. For an order call, 'retry' never means sending it again: the order may have been accepted,
 * so it is looked up by its client order id first.
 */
export function errorPolicy(err: unknown): ErrorPolicy {
  if (err instanceof RetryableError) return 'retry';
  if (err instanceof OrderRejectedError) return 'skip';
  return 'stop';
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
