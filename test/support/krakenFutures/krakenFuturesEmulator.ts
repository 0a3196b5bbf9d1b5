import type http from 'node:http';
import type { CandleSeries } from '../kraken/candleSeries.js';
import { candleSeriesOf, LoopbackEmulator, type EmulatedRequest } from '../kraken/loopbackServer.js';
import { FaultPlanner, FaultTable, type Fault, type FaultPlan, type InjectedFault } from '../kraken/faults.js';
import type { EmulatorCandles } from '../kraken/krakenEmulator.js';
import type { FixtureRate } from './fundingFixture.js';
import { DEFAULT_PERPETUALS, type EmulatorPerpetual } from './instruments.js';
import { registerFuturesPublicRoutes } from './publicRoutes.js';

export interface KrakenFuturesEmulatorOptions {
  /** Candles per bot symbol and interval in minutes (60 for 1h): the perpetual's trade prices. */
  readonly candles: EmulatorCandles;
  /** Emulated time at start, epoch ms. Candles opening after it do not exist yet. */
  readonly now: number;
  /** Emulated ms per wall ms (0 = time stands still; 3600 = an hour per second). */
  readonly speed?: number;
  readonly perpetuals?: readonly EmulatorPerpetual[];
  /** Funding history per Kraken id (PF_XBTUSD): test fixtures, see fundingFixture.ts. */
  readonly funding?: ReadonlyMap<string, readonly FixtureRate[]>;
  /** Candles per charts answer (Kraken: 2000). */
  readonly chartLimit?: number;
  /** Seeded random faults on top of the one-off ones set with fault(). */
  readonly faultPlan?: FaultPlan;
}

/** One request as the futures emulator saw it; tests read these. */
export type FuturesRequest = EmulatedRequest;

export type FuturesRouteHandler = (req: FuturesRequest, emulator: KrakenFuturesEmulator) => unknown;

/** Throw from a handler to answer with Kraken Futures' `{"result":"error","error":code}`. */
export class KrakenFuturesApiError extends Error {
  constructor(
    readonly code: string,
    readonly status = 400,
  ) {
    super(code);
  }
}

/**
 * Where a request goes: /derivatives/api/v3|v4/<path> is "public/<path>" (or "private/<path>" when only that
 * is registered); /api/charts/v1/... is "charts"; /api/history/v2/<path> is "history/<path>".
 */
function routeOf(pathname: string, has: (route: string) => boolean): { route: string; rest: string[] } {
  const derivatives = /^\/derivatives\/api\/v\d+\/(.+)$/.exec(pathname);
  if (derivatives?.[1]) {
    const path = derivatives[1];
    const base = path.split('/')[0] ?? path;
    for (const route of [`public/${path}`, `private/${path}`, `public/${base}`, `private/${base}`])
      if (has(route)) return { route, rest: path.split('/').slice(1) };
    return { route: `public/${path}`, rest: [] };
  }
  const charts = /^\/api\/charts\/v\d+\/(.+)$/.exec(pathname);
  if (charts?.[1]) return { route: 'charts', rest: charts[1].split('/') };
  const history = /^\/api\/history\/v\d+\/(.+)$/.exec(pathname);
  if (history?.[1]) return { route: `history/${history[1]}`, rest: [] };
  return { route: pathname, rest: [] };
}

/**
 * A loopback HTTP server that speaks Kraken Futures' REST API well enough for ccxt's krakenfutures: the
 * public side (instruments, tickers, charts with from/to paging, historical funding rates) from real
 * candles on an emulated clock. Routes are a table, so the private side (signed requests, orders,
 * positions) can be added with route(); faults can be injected per route as on the spot emulator.
 */
export class KrakenFuturesEmulator extends LoopbackEmulator {
  readonly requests: FuturesRequest[] = [];
  readonly faults = new FaultTable();
  readonly injected: InjectedFault[] = [];
  readonly perpetuals: readonly EmulatorPerpetual[];
  readonly funding: ReadonlyMap<string, readonly FixtureRate[]>;
  readonly chartLimit: number;
  private readonly routes = new Map<string, FuturesRouteHandler>();
  private readonly series: Map<string, CandleSeries>;
  private planner: FaultPlanner | undefined;

  private constructor(options: KrakenFuturesEmulatorOptions) {
    super(options.now, options.speed);
    this.perpetuals = options.perpetuals ?? DEFAULT_PERPETUALS;
    this.funding = options.funding ?? new Map();
    this.chartLimit = options.chartLimit ?? 2000;
    this.series = candleSeriesOf(options.candles);
    if (options.faultPlan) this.planner = new FaultPlanner(options.faultPlan);
    registerFuturesPublicRoutes(this);
  }

  static async start(options: KrakenFuturesEmulatorOptions): Promise<KrakenFuturesEmulator> {
    const emulator = new KrakenFuturesEmulator(options);
    await emulator.listen();
    return emulator;
  }

  route(name: string, handler: FuturesRouteHandler): void {
    this.routes.set(name, handler);
  }

  /** The handler of a route, to wrap it (e.g. fail after a number of requests). */
  handler(name: string): FuturesRouteHandler | undefined {
    return this.routes.get(name);
  }

  fault(route: string, fault: Fault): void {
    this.faults.set(route, fault);
  }

  requestsTo(route: string): FuturesRequest[] {
    return this.requests.filter((r) => r.route === route);
  }

  perpetual(id: string): EmulatorPerpetual | undefined {
    return this.perpetuals.find((p) => p.id.toLowerCase() === id.toLowerCase());
  }

  candleSeries(symbol: string, intervalMinutes: number): CandleSeries | undefined {
    return this.series.get(`${symbol}@${intervalMinutes}`);
  }

  async close(): Promise<void> {
    await this.stopListening();
  }

  protected async handle(req: http.IncomingMessage, body: string, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const params: Record<string, string> = Object.fromEntries(url.searchParams);
    if (body && req.method === 'POST') Object.assign(params, Object.fromEntries(new URLSearchParams(body)));
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k.toLowerCase()] = v;
    const { route, rest } = routeOf(url.pathname, (r) => this.routes.has(r));
    const fault = this.faults.take(route) ?? this.planner?.draw(route)?.fault;
    const entry: FuturesRequest = {
      method: req.method ?? 'GET',
      route,
      path: url.pathname,
      params: { ...params, ...restParams(route, rest) },
      headers,
      body,
      now: this.now(),
      notes: {},
      ...(fault && { fault }),
    };
    this.requests.push(entry);
    if (fault) this.injected.push({ route, kind: 'table', fault, request: entry });
    if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (res.destroyed) return;
    if (fault?.body !== undefined) return this.send(res, entry, 200, fault.body, 'text/html');
    if (fault?.status !== undefined) return this.send(res, entry, fault.status, `<html><body>${fault.status}</body></html>`, 'text/html');
    if (fault?.error !== undefined) return this.sendError(res, entry, new KrakenFuturesApiError(fault.error));
    if (fault?.destroy) {
      entry.status = 0;
      res.destroy();
      return;
    }
    const handler = this.routes.get(route);
    if (!handler) return this.send(res, entry, 404, JSON.stringify({ result: 'error', error: 'notFound' }), 'application/json');
    try {
      const result = await handler(entry, this);
      this.send(res, entry, 200, JSON.stringify(result), 'application/json');
    } catch (err) {
      if (err instanceof KrakenFuturesApiError) return this.sendError(res, entry, err);
      this.send(res, entry, 500, JSON.stringify({ result: 'error', error: 'Server Error' }), 'application/json');
      throw err;
    }
  }

  private sendError(res: http.ServerResponse, entry: FuturesRequest, err: KrakenFuturesApiError): void {
    this.send(res, entry, err.status, JSON.stringify({ result: 'error', serverTime: new Date(this.now()).toISOString(), error: err.code }), 'application/json');
  }

  private send(res: http.ServerResponse, entry: FuturesRequest, status: number, body: string, type: string): void {
    entry.status = status;
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }
}

/** The path segments of a chart request as params: price_type, symbol, interval. */
function restParams(route: string, rest: readonly string[]): Record<string, string> {
  if (route !== 'charts' || rest.length !== 3) return rest.length === 1 && rest[0] ? { symbol: rest[0] } : {};
  const [priceType = '', symbol = '', interval = ''] = rest;
  return { price_type: priceType, symbol, interval };
}
