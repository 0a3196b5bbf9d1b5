import {
  AuthenticationError,
  BadRequest,
  BadResponse,
  BadSymbol,
  BaseError,
  DDoSProtection,
  ExchangeNotAvailable,
  InsufficientFunds,
  InvalidNonce,
  InvalidOrder,
  NetworkError,
  OnMaintenance,
  RateLimitExceeded,
  RequestTimeout,
} from 'ccxt';
import { BotError, DuplicateOrderError, FatalError, OrderRejectedError, RetryableError, UserError } from '../internal/errors.js';

/**
 * The one place ccxt's exceptions become the bot's errors (by what the caller should do next).
 * Subclasses are tested before their parents: OnMaintenance is an ExchangeNotAvailable is a NetworkError;
 * PermissionDenied is an AuthenticationError; OrderNotFound is an InvalidOrder; BadSymbol is a BadRequest.
 */

const EXCHANGE = 'kraken';
const MAX_DETAIL = 300;

/** Kraken's EOrder family: a refusal of the order itself (rate limits are NetworkErrors and caught earlier). */
const ORDER_REFUSAL = /\bEOrder:(?!Rate limit)/;

const DUPLICATE_ORDER = /EOrder:Duplicate order/;

const NETWORK_HINT = 'check the network connection (and exchange.apiUrl in the config), then try again';

function detail(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_DETAIL ? `${oneLine.slice(0, MAX_DETAIL)}...` : oneLine;
}

/** A 200 answer whose payload is not what Kraken sends (an HTML page, truncated JSON, missing fields). */
export function malformedAnswer(what: string, problem: string, cause?: unknown): RetryableError {
  return new RetryableError(`${EXCHANGE} sent a malformed answer while ${what}: ${problem}`, {
    hint: 'usually a proxy or maintenance page and transient; if it persists, check exchange.apiUrl',
    ...(cause !== undefined && { cause }),
  });
}

/** Map an error thrown by ccxt during `what` (e.g. "loading markets") to a BotError; BotErrors pass through. */
export function mapExchangeError(err: unknown, what: string): BotError {
  if (err instanceof BotError) return err;
  const d = detail(err);
  const cause = { cause: err };
  if (err instanceof NetworkError) {
    if (err instanceof RequestTimeout) {
      return new RetryableError(`${EXCHANGE} did not answer in time while ${what}: ${d}`, { hint: NETWORK_HINT, ...cause });
    }
    if (err instanceof DDoSProtection || err instanceof RateLimitExceeded) {
      return new RetryableError(`${EXCHANGE} rate limit hit while ${what}: ${d}`, { hint: 'wait a minute before trying again', ...cause });
    }
    if (err instanceof OnMaintenance) {
      return new RetryableError(`${EXCHANGE} is in maintenance while ${what}: ${d}`, { hint: 'try again when Kraken is back (status.kraken.com)', ...cause });
    }
    if (err instanceof ExchangeNotAvailable) {
      return new RetryableError(`${EXCHANGE} unavailable while ${what}: ${d}`, { hint: 'try again later (status.kraken.com)', ...cause });
    }
    if (err instanceof InvalidNonce) {
      return new RetryableError(`${EXCHANGE} refused the request nonce while ${what}: ${d}`, {
        hint: 'try again; one API key must not be shared by two programs',
        ...cause,
      });
    }
    return new RetryableError(`${EXCHANGE} unreachable while ${what}: ${d}`, { hint: NETWORK_HINT, ...cause });
  }
  if (err instanceof AuthenticationError) {
    return new FatalError(`${EXCHANGE} refused the API key while ${what}: ${d}`, {
      hint: 'check KRAKEN_API_KEY / KRAKEN_API_SECRET and the key permissions on kraken.com',
      ...cause,
    });
  }
  // Kraken refuses a cl_ord_id already used by one of the account's open orders: that order exists.
  if (err instanceof BaseError && DUPLICATE_ORDER.test(d)) return new DuplicateOrderError(`${EXCHANGE} already holds this order while ${what}: ${d}`, cause);
  if (err instanceof InvalidOrder || err instanceof InsufficientFunds) {
    return new OrderRejectedError(`${EXCHANGE} rejected the order while ${what}: ${d}`, cause);
  }
  if (err instanceof BadSymbol) {
    return new UserError(`${EXCHANGE} does not know the market asked for while ${what}: ${d}`, {
      hint: 'use a symbol such as SOL/USD that Kraken lists',
      ...cause,
    });
  }
  if (err instanceof BadResponse) return malformedAnswer(what, d, err);
  if (err instanceof BadRequest) return new FatalError(`${EXCHANGE} refused the request while ${what}: ${d}`, cause);
  // ccxt leaves most of Kraken's order refusals (margin, cost minimum, leverage, reduce-only) as a bare
  // ExchangeError: they are still a refusal of this one order, not a reason to stop.
  if (err instanceof BaseError && ORDER_REFUSAL.test(d)) return new OrderRejectedError(`${EXCHANGE} rejected the order while ${what}: ${d}`, cause);
  if (err instanceof BaseError) return new FatalError(`${EXCHANGE} error while ${what}: ${d}`, cause);
  return new FatalError(`unexpected error while ${what} on ${EXCHANGE}: ${d}`, cause);
}

/** Run one exchange call, mapping whatever it throws. */
export async function withExchangeErrors<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw mapExchangeError(err, what);
  }
}

/**
 * Run a ccxt call that reads its answer unchecked (its markets, leverage tiers, funding history): a 200
 * without the fields it reads (a proxy's page) makes ccxt throw a TypeError inside. That is a malformed
 * answer, retried like one, not a crash of the daemon.
 */
export async function withUncheckedAnswer<T>(what: string, fn: () => Promise<T>): Promise<T> {
  return withExchangeErrors(what, async () => {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof TypeError) throw malformedAnswer(what, `ccxt could not read the answer (${err.message})`, err);
      throw err;
    }
  });
}
