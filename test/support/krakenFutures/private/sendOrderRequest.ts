import { KrakenFuturesApiError } from '../futuresApiError.js';
import type { EmulatorPerpetual } from '../instruments.js';
import { FUTURES_ORDER_TYPES, isTriggerOrder, type FuturesOrderRequest, type FuturesOrderType } from './futuresOrder.js';

/**
 * An order Kraken Futures takes in but does not place: the answer is HTTP 200 with `result: success` and
 * `sendStatus.status` naming why (ccxt's verifyOrderActionSuccess turns the known ones into its errors:
 * insufficientAvailableFunds -> InsufficientFunds, postWouldExecute -> OrderImmediatelyFillable,
 * clientOrderIdAlreadyExist -> DuplicateOrderId, invalidSize / invalidPrice -> InvalidOrder ...).
 */
export class OrderRefusal extends Error {
  constructor(readonly status: string) {
    super(status);
  }
}

/** Decimal places of a number as written. */
function decimalsOf(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

function positive(text: string | undefined, refusal: string): number | undefined {
  if (text === undefined || text === '') return undefined;
  if (!/^\d+(\.\d+)?$/.test(text)) throw new OrderRefusal(refusal);
  const value = Number(text);
  if (!(value > 0)) throw new OrderRefusal(refusal);
  return value;
}

/** A price must sit on the contract's tick. */
function price(text: string | undefined, p: EmulatorPerpetual): number | undefined {
  const value = positive(text, 'invalidPrice');
  if (value === undefined) return undefined;
  const ticks = value / p.tickSize;
  if (Math.abs(ticks - Math.round(ticks)) > 1e-6) throw new OrderRefusal('invalidPrice');
  return value;
}

function bool(text: string | undefined): boolean {
  if (text === undefined || text === '' || text === 'false') return false;
  if (text === 'true') return true;
  throw new KrakenFuturesApiError('invalidArgument: reduceOnly');
}

/** Kraken's limit on a cliOrdId's length (looked up: docs.kraken.com "Send order", cliOrdId <= 100 characters). */
const CLI_ORD_ID_MAX = 100;

/**
 * sendorder's parameters, checked the way Kraken Futures answers them: a missing parameter or an unknown
 * contract fails the request (`requiredArgumentMissing`, `contractNotFound`); a malformed order is taken in and
 * refused in its sendStatus (invalidOrderType, invalidSide, invalidSize, invalidPrice, clientOrderIdTooLong).
 */
export function parseSendOrder(params: Readonly<Record<string, string>>, findPerpetual: (id: string) => EmulatorPerpetual | undefined): FuturesOrderRequest {
  for (const required of ['orderType', 'symbol', 'side', 'size']) {
    if (params[required] === undefined) throw new KrakenFuturesApiError('requiredArgumentMissing');
  }
  const perpetual = findPerpetual(params['symbol'] as string);
  if (!perpetual) throw new KrakenFuturesApiError('contractNotFound');
  const type = params['orderType'] as FuturesOrderType;
  if (!FUTURES_ORDER_TYPES.includes(type)) throw new OrderRefusal('invalidOrderType');
  const side = params['side'];
  if (side !== 'buy' && side !== 'sell') throw new OrderRefusal('invalidSide');
  const sizeText = params['size'] as string;
  const size = positive(sizeText, 'invalidSize');
  if (size === undefined || decimalsOf(sizeText) > perpetual.tradePrecision) throw new OrderRefusal('invalidSize');

  const limitPrice = price(params['limitPrice'], perpetual);
  const stopPrice = price(params['stopPrice'], perpetual);
  const needsLimit = type === 'lmt' || type === 'post' || type === 'ioc';
  if (needsLimit && limitPrice === undefined) throw new OrderRefusal('invalidPrice');
  if (isTriggerOrder({ type }) && stopPrice === undefined) throw new OrderRefusal('invalidPrice');

  const cliOrdId = params['cliOrdId'];
  if (cliOrdId !== undefined && cliOrdId.length > CLI_ORD_ID_MAX) throw new OrderRefusal('clientOrderIdTooLong');
  const triggerSignal = params['triggerSignal'] ?? 'last';
  if (!['last', 'mark', 'index'].includes(triggerSignal)) throw new KrakenFuturesApiError('invalidArgument: triggerSignal');

  return {
    perpetual,
    side,
    type,
    size,
    ...(limitPrice !== undefined && type !== 'mkt' && { limitPrice }),
    ...(stopPrice !== undefined && isTriggerOrder({ type }) && { stopPrice }),
    reduceOnly: bool(params['reduceOnly']),
    ...(cliOrdId !== undefined && cliOrdId !== '' && { cliOrdId }),
    triggerSignal,
  };
}
