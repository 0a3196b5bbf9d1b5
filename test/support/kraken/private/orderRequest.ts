import { KrakenApiError } from '../krakenEmulator.js';
import type { EmulatorMarket } from '../markets.js';
import { isTriggerType, ORDER_TYPES, type OrderRequest, type OrderType } from './privateOrder.js';

/** AddOrder's parameters, validated, plus what applies to the request rather than the order. */
export interface ParsedAddOrder {
  readonly order: OrderRequest;
  /** `validate=true`: check only, book nothing. */
  readonly validateOnly: boolean;
  /** `timeinforce=IOC`: whatever does not fill at once is cancelled. */
  readonly immediateOrCancel: boolean;
}

const invalid = (what: string) => new KrakenApiError(`EGeneral:Invalid arguments:${what}`);

function decimalsOf(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

function positiveNumber(text: string | undefined, what: string): number | undefined {
  if (text === undefined || text === '') return undefined;
  if (!/^\d+(\.\d+)?$/.test(text)) throw invalid(what);
  const value = Number(text);
  if (!(value > 0)) throw invalid(what);
  return value;
}

function price(text: string | undefined, what: string, market: EmulatorMarket): number | undefined {
  const value = positiveNumber(text, what);
  if (value !== undefined && decimalsOf(text as string) > market.pairDecimals) {
    throw new KrakenApiError(`EOrder:Invalid price:${market.altname} price can only be specified up to ${market.pairDecimals} decimals.`);
  }
  return value;
}

/** Kraken takes "3" or "3:1"; "none" means a spot order. Only the pair's listed levels are accepted. */
function leverage(text: string | undefined, market: EmulatorMarket): number | undefined {
  if (text === undefined || text === '' || text === 'none') return undefined;
  const m = /^(\d+)(?::1)?$/.exec(text);
  const value = m ? Number(m[1]) : NaN;
  if (!market.leverage.includes(value)) throw new KrakenApiError('EOrder:Invalid leverage');
  return value;
}

/** Kraken's cl_ord_id: a UUID (36 characters with dashes, or 32 hex digits) or free text of at most 18. */
const CL_ORD_ID = /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{32}|[\x21-\x7e]{1,18})$/;

function bool(text: string | undefined, what: string): boolean {
  if (text === undefined || text === '' || text === 'false' || text === '0') return false;
  if (text === 'true' || text === '1') return true;
  throw invalid(what);
}

/** Parse AddOrder's form the way Kraken validates it, throwing Kraken's error for the first problem. */
export function parseAddOrder(params: Readonly<Record<string, string>>, findMarket: (pair: string) => EmulatorMarket | undefined): ParsedAddOrder {
  const pair = params['pair'];
  const market = pair === undefined ? undefined : findMarket(pair);
  if (!market) throw new KrakenApiError('EQuery:Unknown asset pair');
  const side = params['type'];
  if (side !== 'buy' && side !== 'sell') throw invalid('type');
  const type = params['ordertype'] as OrderType;
  if (!ORDER_TYPES.includes(type)) throw invalid('ordertype');

  const volumeText = params['volume'];
  const volume = positiveNumber(volumeText, 'volume');
  if (volume === undefined || decimalsOf(volumeText as string) > market.lotDecimals) throw invalid('volume');

  const limitPrice = price(params['price'], 'price', market);
  if (type !== 'market' && limitPrice === undefined) throw invalid('price');
  const price2 = price(params['price2'], 'price2', market);
  if ((type === 'stop-loss-limit' || type === 'take-profit-limit') && price2 === undefined) throw invalid('price2');

  const lev = leverage(params['leverage'], market);
  const flags = (params['oflags'] ?? '').split(',').filter((f) => f !== '');
  // viqc (volume in quote currency) is not emulated: refuse it rather than fill the wrong size.
  if (flags.includes('viqc')) throw invalid('viqc');
  if (flags.some((f) => !['post', 'fcib', 'fciq', 'nompp'].includes(f))) throw invalid('oflags');
  const postOnly = flags.includes('post');
  if (postOnly && type !== 'limit') throw invalid('oflags');

  const clOrdId = params['cl_ord_id'];
  if (clOrdId !== undefined && !CL_ORD_ID.test(clOrdId)) throw invalid('cl_ord_id');
  const userrefText = params['userref'];
  if (userrefText !== undefined && !/^-?\d+$/.test(userrefText)) throw invalid('userref');

  const tif = (params['timeinforce'] ?? 'GTC').toUpperCase();
  if (tif !== 'GTC' && tif !== 'IOC') throw invalid('timeinforce');
  if (tif === 'IOC' && (isTriggerType(type) || type === 'market')) throw invalid('timeinforce');

  if (volume < Number(market.ordermin)) throw new KrakenApiError('EOrder:Order minimum not met');

  return {
    order: {
      market,
      side,
      type,
      volume,
      ...(limitPrice !== undefined && type !== 'market' && { price: limitPrice }),
      ...(price2 !== undefined && { price2 }),
      ...(lev !== undefined && { leverage: lev }),
      reduceOnly: bool(params['reduce_only'], 'reduce_only'),
      postOnly,
      ...(clOrdId !== undefined && { clOrdId }),
      ...(userrefText !== undefined && { userref: Number(userrefText) }),
    },
    validateOnly: bool(params['validate'], 'validate'),
    immediateOrCancel: tif === 'IOC',
  };
}
