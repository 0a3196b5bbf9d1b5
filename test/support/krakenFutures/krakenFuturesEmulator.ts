import type http from 'node:http';
import type { CandleSeries } from '../kraken/candleSeries.js';
import { FaultedResponder, type Answer } from '../kraken/faultedAnswer.js';
import { candleSeriesOf, LoopbackEmulator, type EmulatedRequest } from '../kraken/loopbackServer.js';
import { FaultPlanner, FaultTable, type Fault, type FaultKind, type FaultPlan, type InjectedFault } from '../kraken/faults.js';
import { FUTURES_DIALECT } from './futuresFaults.js';
import type { EmulatorCandles } from '../kraken/krakenEmulator.js';
import type { Credentials } from '../kraken/privateAuth.js';
import { KrakenFuturesApiError } from './futuresApiError.js';
import { checkFuturesAuth } from './futuresAuth.js';
import type { FixtureRate } from './fundingFixture.js';
import { DEFAULT_PERPETUALS, type EmulatorPerpetual } from './instruments.js';
import { FuturesExchange, type FuturesAccountOptions } from './private/futuresExchange.js';
import { registerPrivateFuturesRoutes } from './private/privateFuturesRoutes.js';
import { registerFuturesPublicRoutes } from './publicRoutes.js';

export { KrakenFuturesApiError };

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
  /** Keys the private endpoints accept (the secret in base64, as Kraken issues it). */
  readonly credentials?: Credentials;
  /** An emulated futures account: serves accounts, sendorder, fills, ... (see private/privateFuturesRoutes.ts). */
  readonly account?: FuturesAccountOptions;
}

/** One request as the futures emulator saw it; tests read these. */
export interface FuturesRequest extends EmulatedRequest {
  /** The raw query string (without "?"): what a signature covers, and where array parameters repeat. */
  readonly query: string;
}

export type FuturesRouteHandler = (req: FuturesRequest, emulator: KrakenFuturesEmulator) => unknown;

/**
 * Where a request goes: /derivatives/api/v3|v4/<path> is "public/<path>" (or "private/<path>" when only that
 * is registered); /api/charts/v1/... is "charts"; /api/history/v2/<path> is "history/<path>".
 */
function routeOf(pathname: string, has: (route: string) => boolean): { route: string; rest: string[] } {
  const derivatives = /^\/derivatives\/api\/v\d+\/(.+)$/.exec(pathname);
  if (derivatives?.[1]) {
    const path = derivatives[1];
    const base = path.split('/')[0] ?? path;
    for (const route of [`public/${path}`, `private/${path}`]) if (has(route)) return { route, rest: [] };
    for (const route of [`public/${base}`, `private/${base}`]) if (has(route)) return { route, rest: path.split('/').slice(1) };
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
  private readonly credentials: Credentials | undefined;
  private readonly futuresExchange: FuturesExchange | undefined;
  private readonly responder = new FaultedResponder(() => this.now());

  private constructor(options: KrakenFuturesEmulatorOptions) {
    super(options.now, options.speed);
    this.perpetuals = options.perpetuals ?? DEFAULT_PERPETUALS;
    this.funding = options.funding ?? new Map();
    this.chartLimit = options.chartLimit ?? 2000;
    this.series = candleSeriesOf(options.candles);
    this.credentials = options.credentials;
    if (options.faultPlan) this.planner = new FaultPlanner(options.faultPlan, FUTURES_DIALECT);
    registerFuturesPublicRoutes(this);
    if (options.account) {
      this.futuresExchange = new FuturesExchange(
        { perpetuals: this.perpetuals, seriesOf: (p) => this.candleSeries(p.symbol, 60), funding: this.funding, start: options.now },
        options.account,
      );
      registerPrivateFuturesRoutes(this, this.futuresExchange);
    }
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

  /** Replace (or with undefined, stop) the seeded random faults. */
  setFaultPlan(plan: FaultPlan | undefined): void {
    this.planner = plan && new FaultPlanner(plan, FUTURES_DIALECT);
  }

  /** How many faults of `kind` were injected (on `route` only, if given). */
  faultCount(kind: FaultKind | 'table', route?: string): number {
    return this.injected.filter((f) => f.kind === kind && (route === undefined || f.route === route)).length;
  }

  /** The emulated account; only with the `account` option. */
  get exchange(): FuturesExchange {
    if (!this.futuresExchange) throw new Error('the Kraken Futures emulator was started without an account: pass { account: { usd } }');
    return this.futuresExchange;
  }

  /** Requests waiting to take effect late (`takeEffectAfterMs`). */
  get lateRequests(): number {
    return this.responder.lateRequests;
  }

  /** Let every request waiting to take effect late do so now (a test decides when an order is booked). */
  async takeEffectNow(): Promise<void> {
    await this.responder.takeEffectNow();
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
    if (!this.listening) return;
    this.responder.close();
    await this.stopListening();
  }

  private drawFault(route: string): { kind: FaultKind | 'table'; fault: Fault } | undefined {
    const fault = this.faults.take(route);
    if (fault) return { kind: 'table', fault };
    return this.planner?.draw(route);
  }

  protected async handle(req: http.IncomingMessage, body: string, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const params: Record<string, string> = Object.fromEntries(url.searchParams);
    if (body && req.method !== 'GET') Object.assign(params, Object.fromEntries(new URLSearchParams(body)));
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k.toLowerCase()] = v;
    const { route, rest } = routeOf(url.pathname, (r) => this.routes.has(r));
    const drawn = this.drawFault(route);
    const fault = drawn?.fault;
    const entry: FuturesRequest = {
      method: req.method ?? 'GET',
      route,
      path: url.pathname,
      query: (req.url ?? '').split('?')[1] ?? '',
      params: { ...params, ...restParams(route, rest) },
      headers,
      body,
      now: this.now(),
      notes: {},
      ...(fault && { fault }),
    };
    this.requests.push(entry);
    if (drawn) this.injected.push({ route, kind: drawn.kind, fault: drawn.fault, request: entry });
    await this.responder.respond(entry, res, {
      refusal: (e) => this.refusal(e),
      handle: (e) => this.answer(e),
      errorAnswer: (error) => this.errorAnswer(new KrakenFuturesApiError(error), entry.now),
    });
  }

  /** Kraken Futures' checks before any handler: a known route, and for a private one its key and Authent. */
  private refusal(entry: FuturesRequest): Answer | undefined {
    if (!this.routes.has(entry.route))
      return { status: 404, body: JSON.stringify({ result: 'error', error: 'notFound' }), type: 'application/json', error: 'notFound' };
    if (!entry.route.startsWith('private/') && !entry.route.startsWith('history/')) return undefined;
    const refused = checkFuturesAuth(this.credentials, entry);
    return refused ? this.errorAnswer(new KrakenFuturesApiError(refused, 401), entry.now) : undefined;
  }

  private async answer(entry: FuturesRequest): Promise<Answer> {
    const handler = this.routes.get(entry.route);
    if (!handler) return { status: 404, body: JSON.stringify({ result: 'error', error: 'notFound' }), type: 'application/json', error: 'notFound' };
    try {
      return { status: 200, body: JSON.stringify(await handler(entry, this)), type: 'application/json' };
    } catch (err) {
      if (err instanceof KrakenFuturesApiError) return this.errorAnswer(err, entry.now);
      return { ...this.errorAnswer(new KrakenFuturesApiError('Server Error', 500), entry.now), thrown: err };
    }
  }

  /** Kraken Futures' error body: `{"result":"error","serverTime":...,"error":code}`. */
  private errorAnswer(err: KrakenFuturesApiError, now: number): Answer {
    const body = JSON.stringify({ result: 'error', serverTime: new Date(now).toISOString(), error: err.code });
    return { status: err.status, body, type: 'application/json', error: err.code };
  }
}

/** The path segments of a chart request as params: price_type, symbol, interval. */
function restParams(route: string, rest: readonly string[]): Record<string, string> {
  if (route !== 'charts' || rest.length !== 3) return rest.length === 1 && rest[0] ? { symbol: rest[0] } : {};
  const [priceType = '', symbol = '', interval = ''] = rest;
  return { price_type: priceType, symbol, interval };
}
