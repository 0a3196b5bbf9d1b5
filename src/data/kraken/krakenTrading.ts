import { z } from 'zod';
import type { Symbol } from '../../domain/bar.js';
import {
  MalformedPayload,
  parseAddOrder,
  parseBalanceEx,
  parseCancelOrder,
  parseClosedOrders,
  parseLedgers,
  parseOpenOrders,
  parseOpenPositions,
  parseQueryOrders,
  parseTradesHistory,
  type SymbolOf,
} from './krakenTradingPayloads.js';
import type { NonceRecord } from '../../domain/nonceRecord.js';
import { installNonce, PrivateCallQueue, strictlyIncreasingNonce, type PrivateKeyOptions } from './privateCallQueue.js';
import type {
  AddOrderParams,
  AddOrderResult,
  AssetBalance,
  ExchangeLedgerEntry,
  ExchangeOrder,
  ExchangePosition,
  ExchangeTrade,
  TradingApi,
  TradingMarket,
} from '../../execution/live/tradingApi.js';
import { UserError } from '../../internal/errors.js';
import { malformedAnswer, mapExchangeError } from '../exchangeErrors.js';
import type { KrakenClient } from './krakenClient.js';
import { loadKrakenMarkets, marketInfoOf } from './krakenMarkets.js';
import { ccxtMarketSchema } from './krakenSchemas.js';

export interface KrakenTradingOptions extends PrivateKeyOptions {
  /** The key's last nonce across restarts: the next one is above it, and each one is recorded. */
  readonly nonces?: NonceRecord;
}

/** Kraken pages order and trade histories by 50; more pages than this in one go is not a sync, it is a flood. */
const PAGE = 50;
const MAX_PAGES = 100;
const MAX_QUERY = 50;

/** The public market schema, plus what trading needs: the pair id, its altname, both sides' leverage levels. */
const tradingMarketSchema = ccxtMarketSchema.extend({
  id: z.string().min(1),
  info: z.object({
    altname: z.string().min(1),
    leverage_buy: z.array(z.coerce.number().int().min(2)).default([]),
    leverage_sell: z.array(z.coerce.number().int().min(2)).default([]),
  }),
});

/**
 * Kraken's private API through ccxt, for the live venue. Every call goes through one queue (serialised)
 * with a nonce that never repeats; ccxt's own retries are off, so an order is never re-sent behind the
 * venue's back. Requests use ccxt's implicit methods (privatePostAddOrder, ...): ccxt signs them and
 * maps Kraken's errors, and its order parsing, which cannot read a leveraged stop-loss's answer, is
 * never in the way. Every answer is validated (krakenTradingPayloads.ts).
 */
export class KrakenTrading implements TradingApi {
  readonly name = 'kraken';
  /** Ledger entries with margin fees: a margin trade's (with its opening fee), a rollover. */
  readonly financingTypes = ['margin', 'rollover'] as const;
  private readonly queue: PrivateCallQueue;
  private readonly symbols = new Map<string, Symbol>();
  private readonly pairIds = new Map<Symbol, string>();

  constructor(
    private readonly client: KrakenClient,
    options: KrakenTradingOptions,
  ) {
    if (!options.apiKey || !options.secret) {
      throw new UserError('live trading needs a Kraken API key and secret', { hint: 'set KRAKEN_API_KEY and KRAKEN_API_SECRET' });
    }
    client.apiKey = options.apiKey;
    client.secret = options.secret;
    // Never let ccxt re-send a request on its own: an AddOrder that timed out may have been booked.
    client.options['maxRetriesOnFailure'] = 0;
    installNonce(client, strictlyIncreasingNonce(options.wallClock, options.nonces));
    this.queue = options.queue ?? new PrivateCallQueue();
  }

  async markets(): Promise<TradingMarket[]> {
    const markets = await loadKrakenMarkets(this.client, tradingMarketSchema);
    return markets.map((m) => {
      this.symbols.set(m.id, m.symbol);
      this.symbols.set(m.info.altname, m.symbol);
      this.pairIds.set(m.symbol, m.id);
      return {
        ...marketInfoOf(m, Math.max(1, ...m.info.leverage_buy, ...m.info.leverage_sell)),
        pairId: m.id,
        leverageBuy: [...m.info.leverage_buy].sort((a, b) => a - b),
        leverageSell: [...m.info.leverage_sell].sort((a, b) => a - b),
      };
    });
  }

  async addOrder(p: AddOrderParams): Promise<AddOrderResult> {
    const request: Record<string, string> = {
      pair: this.pairId(p.symbol),
      type: p.side,
      ordertype: p.type,
      volume: p.volume,
      cl_ord_id: p.clientId,
      // Fees in the quote, whatever the side (Kraken's default for a sell may be the base): a coin
      // holding then changes by exactly what was traded. `post` is what ccxt's postOnly: true sends.
      oflags: p.postOnly ? 'fciq,post' : 'fciq',
      ...(p.price !== undefined && { price: p.price }),
      ...(p.leverage !== undefined && { leverage: String(p.leverage) }),
      ...(p.reduceOnly && { reduce_only: 'true' }),
    };
    return this.call(
      `sending ${p.type} ${p.side} ${p.volume} ${p.symbol}`,
      () => this.client.privatePostAddOrder({ ...request, maxRetriesOnFailure: 0 }),
      parseAddOrder,
    );
  }

  async cancelOrder(txid: string): Promise<void> {
    await this.call(`cancelling order ${txid}`, () => this.client.privatePostCancelOrder({ txid, maxRetriesOnFailure: 0 }), parseCancelOrder);
  }

  async openOrders(clientId?: string): Promise<ExchangeOrder[]> {
    const params = { trades: true, ...(clientId !== undefined && { cl_ord_id: clientId }) };
    const orders = await this.call(
      'listing open orders',
      () => this.client.privatePostOpenOrders(params),
      (raw) => parseOpenOrders(raw, this.symbolOf),
    );
    return clientId === undefined ? orders : orders.filter((o) => o.clientId === clientId);
  }

  async closedOrders(query: { readonly sinceMs?: number; readonly clientId?: string }): Promise<ExchangeOrder[]> {
    const base = {
      trades: true,
      ...(query.sinceMs !== undefined && { start: Math.floor(query.sinceMs / 1000) }),
      ...(query.clientId !== undefined && { cl_ord_id: query.clientId }),
    };
    const out: ExchangeOrder[] = [];
    const seen = new Set<string>();
    for (let page = 0, ofs = 0; page < MAX_PAGES; page++) {
      const { orders, count } = await this.call(
        'listing closed orders',
        () => this.client.privatePostClosedOrders({ ...base, ofs }),
        (raw) => parseClosedOrders(raw, this.symbolOf),
      );
      for (const o of orders) {
        if (seen.has(o.txid)) continue;
        seen.add(o.txid);
        out.push(o);
      }
      ofs += orders.length;
      if (orders.length < PAGE || ofs >= count) {
        return query.clientId === undefined ? out : out.filter((o) => o.clientId === query.clientId);
      }
    }
    throw malformedAnswer('listing closed orders', `more than ${MAX_PAGES * PAGE} closed orders since ${query.sinceMs}`);
  }

  async queryOrders(txids: readonly string[]): Promise<ExchangeOrder[]> {
    const out: ExchangeOrder[] = [];
    for (let i = 0; i < txids.length; i += MAX_QUERY) {
      const chunk = txids.slice(i, i + MAX_QUERY);
      out.push(
        ...(await this.call(
          `querying orders ${chunk.join(',')}`,
          () => this.client.privatePostQueryOrders({ txid: chunk.join(','), trades: true }),
          (raw) => parseQueryOrders(raw, chunk, this.symbolOf),
        )),
      );
    }
    return out;
  }

  async tradesSince(sinceMs: number): Promise<ExchangeTrade[]> {
    const start = Math.floor(sinceMs / 1000);
    const byId = new Map<string, ExchangeTrade>();
    for (let page = 0, ofs = 0; page < MAX_PAGES; page++) {
      const { trades, count } = await this.call(
        'listing trades',
        () => this.client.privatePostTradesHistory({ start, ofs }),
        (raw) => parseTradesHistory(raw, this.symbolOf),
      );
      // Newest first: a trade arriving between pages shifts the offsets, which repeats a trade, never skips one.
      for (const t of trades) byId.set(t.id, t);
      ofs += trades.length;
      if (trades.length < PAGE || ofs >= count) {
        return [...byId.values()].sort((a, b) => a.time - b.time || (a.sequence ?? 0) - (b.sequence ?? 0) || a.id.localeCompare(b.id));
      }
    }
    throw malformedAnswer('listing trades', `more than ${MAX_PAGES * PAGE} trades since ${new Date(sinceMs).toISOString()}`);
  }

  async balances(): Promise<ReadonlyMap<string, AssetBalance>> {
    const byAsset = await this.call('reading balances', () => this.client.privatePostBalanceEx(), parseBalanceEx);
    const out = new Map<string, AssetBalance>();
    for (const [asset, b] of byAsset) {
      const code = this.client.safeCurrencyCode(asset) ?? asset;
      const prev = out.get(code);
      out.set(code, prev ? { total: prev.total + b.total, hold: prev.hold + b.hold } : b);
    }
    return out;
  }

  async openPositions(): Promise<ExchangePosition[]> {
    return this.call(
      'listing open positions',
      () => this.client.privatePostOpenPositions({ consolidation: 'market' }),
      (raw) => parseOpenPositions(raw, this.symbolOf),
    );
  }

  async ledger(query: { readonly sinceMs: number; readonly types: readonly string[] }): Promise<ExchangeLedgerEntry[]> {
    const start = Math.floor(query.sinceMs / 1000);
    const byId = new Map<string, ExchangeLedgerEntry>();
    // Kraken filters by one type per request (or all of them, trades included): one paged read per type.
    for (const type of query.types) {
      for (let page = 0, ofs = 0; ; page++) {
        if (page >= MAX_PAGES)
          throw malformedAnswer('reading the ledger', `more than ${MAX_PAGES * PAGE} ${type} entries since ${new Date(query.sinceMs).toISOString()}`);
        const { entries, count } = await this.call(`reading the ledger (${type})`, () => this.client.privatePostLedgers({ type, start, ofs }), parseLedgers);
        for (const e of entries) byId.set(e.id, { ...e, asset: this.client.safeCurrencyCode(e.asset) ?? e.asset });
        ofs += entries.length;
        if (entries.length < PAGE || ofs >= count) break;
      }
    }
    return [...byId.values()].sort((a, b) => a.time - b.time || a.id.localeCompare(b.id));
  }

  private readonly symbolOf: SymbolOf = (pair) => this.symbols.get(pair);

  private pairId(symbol: Symbol): string {
    const id = this.pairIds.get(symbol);
    if (id === undefined) throw new UserError(`kraken: no market ${symbol} loaded`, { hint: 'load the markets first; check the symbol' });
    return id;
  }

  /** One private call: queued, its errors mapped, its answer validated. */
  private async call<T>(what: string, request: () => Promise<unknown>, parse: (raw: unknown) => T): Promise<T> {
    let raw: unknown;
    try {
      raw = await this.queue.run(request);
    } catch (err) {
      throw mapExchangeError(err, what);
    }
    try {
      return parse(raw);
    } catch (err) {
      if (err instanceof MalformedPayload) throw malformedAnswer(what, err.message, err);
      throw err;
    }
  }
}
