import {
  AccountSuspended,
  AuthenticationError,
  BadResponse,
  BadSymbol,
  DDoSProtection,
  ExchangeError,
  ExchangeNotAvailable,
  InsufficientFunds,
  InvalidNonce,
  InvalidOrder,
  NetworkError,
  NotSupported,
  OnMaintenance,
  OrderNotFound,
  PermissionDenied,
  RateLimitExceeded,
  RequestTimeout,
} from 'ccxt';
import { describe, expect, test } from 'vitest';
import { mapExchangeError, withExchangeErrors } from '../../../src/data/exchangeErrors.js';
import { EXIT, FatalError, OrderRejectedError, RetryableError, UserError } from '../../../src/internal/errors.js';

describe('mapExchangeError', () => {
  test.each([
    [new NetworkError('kraken GET http://x connect ECONNREFUSED'), RetryableError, /^kraken unreachable while loading markets: /],
    [new RequestTimeout('kraken GET timed out'), RetryableError, /^kraken did not answer in time while loading markets/],
    [new DDoSProtection('kraken {"error":["EAPI:Rate limit exceeded"]}'), RetryableError, /^kraken rate limit hit/],
    [new RateLimitExceeded('kraken 429'), RetryableError, /^kraken rate limit hit/],
    [new OnMaintenance('kraken cancel_only'), RetryableError, /^kraken is in maintenance/],
    [new ExchangeNotAvailable('kraken EService:Unavailable'), RetryableError, /^kraken unavailable/],
    [new InvalidNonce('kraken EAPI:Invalid nonce'), RetryableError, /^kraken refused the request nonce/],
    [new AuthenticationError('kraken EAPI:Invalid key'), FatalError, /^kraken refused the API key/],
    [new PermissionDenied('kraken EGeneral:Permission denied'), FatalError, /^kraken refused the API key/],
    [new AccountSuspended('kraken suspended'), FatalError, /^kraken refused the API key/],
    [new InvalidOrder('kraken EOrder:Order minimum not met'), OrderRejectedError, /^kraken rejected the order/],
    [new OrderNotFound('kraken EOrder:Unknown order'), OrderRejectedError, /^kraken rejected the order/],
    [new InsufficientFunds('kraken EOrder:Insufficient funds'), OrderRejectedError, /^kraken rejected the order/],
    [new BadSymbol('kraken does not have market symbol DOGE/XYZ'), UserError, /^kraken does not know the market/],
    [new BadResponse('kraken unparseable'), RetryableError, /^kraken sent a malformed answer/],
    [new ExchangeError('kraken EAPI:Invalid signature'), FatalError, /^kraken error while loading markets/],
    [new NotSupported('kraken fetchX not supported'), FatalError, /^kraken error/],
    [new Error('something odd'), FatalError, /^unexpected error while loading markets on kraken/],
  ])('%s -> %o', (err, type, message) => {
    const mapped = mapExchangeError(err, 'loading markets');
    expect(mapped).toBeInstanceOf(type);
    expect(mapped.message).toMatch(message);
    expect(mapped.cause).toBe(err);
  });

  test('network failures exit with 75 so a supervisor retries later', () => {
    expect(mapExchangeError(new NetworkError('down'), 'x').exitCode).toBe(EXIT.retryable);
  });

  test('our own errors pass through unchanged', () => {
    const own = new UserError('bad flag');
    expect(mapExchangeError(own, 'x')).toBe(own);
  });

  test('a huge exchange body is cut short in the message', () => {
    const mapped = mapExchangeError(new ExchangeError(`kraken ${'<div>'.repeat(500)}`), 'x');
    expect(mapped.message.length).toBeLessThan(400);
  });

  test('withExchangeErrors returns the value or throws the mapped error', async () => {
    await expect(withExchangeErrors('x', async () => 42)).resolves.toBe(42);
    await expect(
      withExchangeErrors('fetching the ticker', async () => {
        throw new RequestTimeout('slow');
      }),
    ).rejects.toThrow(/did not answer in time while fetching the ticker/);
  });
});
