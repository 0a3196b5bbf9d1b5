import type http from 'node:http';
import type { CsvBar } from '../sharedData.js';
import type { CandleSeries } from './candleSeries.js';
import { candleSeriesOf, LoopbackEmulator, type EmulatedRequest } from './loopbackServer.js';
import { FaultedResponder, type Answer } from './faultedAnswer.js';
import { FaultPlanner, FaultTable, type Fault, type FaultKind, type FaultPlan, type InjectedFault } from './faults.js';
import { DEFAULT_ASSETS, DEFAULT_MARKETS, type EmulatorAsset, type EmulatorMarket } from './markets.js';
import { PrivateAuth, type Credentials } from './privateAuth.js';
import { PrivateExchange, type AccountOptions } from './private/privateExchange.js';
import { registerPrivateRoutes } from './private/privateRoutes.js';
import { registerPublicRoutes } from './publicRoutes.js';

/** Candles per symbol and Kraken interval in minutes (60 for 1h, 5 for 5m). */
export type EmulatorCandles = ReadonlyMap<string, Readonly<Partial<Record<number, readonly CsvBar[]>>>>;

export interface KrakenEmulatorOptions {
  readonly candles: EmulatorCandles;
  /** Emulated time at start, epoch ms. Bars opening after it do not exist yet. */
  readonly now: number;
  /** Emulated ms per wall ms (0 = time stands still; 3600 = an hour per second). */
  readonly speed?: number;
  readonly markets?: readonly EmulatorMarket[];
  readonly assets?: readonly EmulatorAsset[];
  /** Trades per Trades answer (Kraken: 1000). */
  readonly tradesPageSize?: number;
  /** Rows per OHLC answer (Kraken: 720). */
  readonly ohlcLimit?: number;
  /** Interval (minutes) whose candles the public trade tape is rebuilt from. */
  readonly tradeInterval?: number;
  /** Keys private endpoints accept. */
  readonly credentials?: Credentials;
  /** An emulated account: serves BalanceEx, AddOrder, QueryOrders, ... (see private/privateRoutes.ts). */
  readonly account?: AccountOptions;
  /** Seeded random faults on top of the one-off ones set with fault(). */
  readonly faultPlan?: FaultPlan;
}

/** One request as the spot emulator saw it; tests read these. */
export interface EmulatorRequest extends EmulatedRequest {
  /** Wall time of arrival. */
  readonly time: number;
}

function errorAnswer(status: number, message: string, thrown?: unknown): Answer {
  return { status, body: JSON.stringify({ error: [message] }), type: 'application/json', error: message, ...(thrown !== undefined && { thrown }) };
}

export type RouteHandler = (req: EmulatorRequest, emulator: KrakenEmulator) => unknown;

/** Throw from a handler to answer HTTP 200 with Kraken's `{"error": [message]}`. */
export class KrakenApiError extends Error {}

/**
 * A loopback HTTP server that speaks Kraken's REST API well enough for the real ccxt client: markets,
 * OHLC, ticker and the public trade tape rebuilt from real candles, on an emulated clock. Routes are a
 * table ("public/Assets" -> handler) so private endpoints can be added; faults can be injected per route.
 */
export class KrakenEmulator extends LoopbackEmulator {
  readonly requests: EmulatorRequest[] = [];
  readonly faults = new FaultTable();
  /** Every fault applied, one-off or planned, in arrival order. */
  readonly injected: InjectedFault[] = [];
  readonly markets: readonly EmulatorMarket[];
  readonly assets: readonly EmulatorAsset[];
  readonly tradesPageSize: number;
  readonly ohlcLimit: number;
  readonly tradeInterval: number;
  private readonly routes = new Map<string, RouteHandler>();
  private readonly series: Map<string, CandleSeries>;
  private readonly auth: PrivateAuth;
  private planner: FaultPlanner | undefined;
  private readonly privateExchange: PrivateExchange | undefined;
  private readonly responder = new FaultedResponder(() => this.now());

  private constructor(options: KrakenEmulatorOptions) {
    super(options.now, options.speed);
    this.markets = options.markets ?? DEFAULT_MARKETS;
    this.assets = options.assets ?? DEFAULT_ASSETS;
    this.tradesPageSize = options.tradesPageSize ?? 1000;
    this.ohlcLimit = options.ohlcLimit ?? 720;
    this.tradeInterval = options.tradeInterval ?? 60;
    this.auth = new PrivateAuth(options.credentials);
    this.series = candleSeriesOf(options.candles);
    registerPublicRoutes(this);
    if (options.faultPlan) this.planner = new FaultPlanner(options.faultPlan);
    if (options.account) {
      this.privateExchange = new PrivateExchange(
        {
          markets: this.markets,
          seriesOf: (m) => this.candleSeries(m.symbol, this.tradeInterval),
          findMarket: (pair) => this.markets.find((m) => m.id === pair || m.altname === pair),
          start: options.now,
        },
        options.account,
      );
      registerPrivateRoutes(this, this.privateExchange);
    }
  }

  static async start(options: KrakenEmulatorOptions): Promise<KrakenEmulator> {
    const emulator = new KrakenEmulator(options);
    await emulator.listen();
    return emulator;
  }

  /** Add or replace the handler of a route such as "private/AddOrder". */
  route(name: string, handler: RouteHandler): void {
    this.routes.set(name, handler);
  }

  /** Shorthand for faults.set. */
  fault(route: string, fault: Fault): void {
    this.faults.set(route, fault);
  }

  /** Replace (or with undefined, stop) the seeded random faults. */
  setFaultPlan(plan: FaultPlan | undefined): void {
    this.planner = plan && new FaultPlanner(plan);
  }

  /** How many faults of `kind` were injected (on `route` only, if given). */
  faultCount(kind: FaultKind | 'table', route?: string): number {
    return this.injected.filter((f) => f.kind === kind && (route === undefined || f.route === route)).length;
  }

  /** The emulated account; only with the `account` option. */
  get exchange(): PrivateExchange {
    if (!this.privateExchange) throw new Error('the Kraken emulator was started without an account: pass { account: { balances } }');
    return this.privateExchange;
  }

  requestsTo(route: string): EmulatorRequest[] {
    return this.requests.filter((r) => r.route === route);
  }

  market(pair: string): EmulatorMarket | undefined {
    return this.markets.find((m) => m.id === pair || m.altname === pair || m.symbol === pair);
  }

  candleSeries(symbol: string, interval: number): CandleSeries | undefined {
    return this.series.get(`${symbol}@${interval}`);
  }

  /** Requests waiting to take effect late (`takeEffectAfterMs`). */
  get lateRequests(): number {
    return this.responder.lateRequests;
  }

  /** Let every request waiting to take effect late do so now (a test decides when an order is booked). */
  async takeEffectNow(): Promise<void> {
    await this.responder.takeEffectNow();
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
    if (body && req.method === 'POST') Object.assign(params, Object.fromEntries(new URLSearchParams(body)));
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k.toLowerCase()] = v;
    const match = /^\/0\/(public|private)\/([A-Za-z]+)$/.exec(url.pathname);
    const route = match ? `${match[1]}/${match[2]}` : url.pathname;
    const drawn = this.drawFault(route);
    const fault = drawn?.fault;
    const entry: EmulatorRequest = {
      method: req.method ?? 'GET',
      route,
      path: url.pathname,
      params,
      headers,
      body,
      time: Date.now(),
      now: this.now(),
      notes: {},
      ...(fault && { fault }),
    };
    this.requests.push(entry);
    if (drawn) this.injected.push({ route, kind: drawn.kind, fault: drawn.fault, request: entry });
    await this.responder.respond(entry, res, {
      refusal: (e) => this.refusal(e, match),
      handle: (e) => this.answer(e),
      errorAnswer: (error) => errorAnswer(200, error),
    });
  }

  /** Kraken's checks before any handler: a known route, and for a private call its method, key, signature and nonce. */
  private refusal(entry: EmulatorRequest, match: RegExpExecArray | null): Answer | undefined {
    if (!match || !this.routes.has(entry.route)) return errorAnswer(404, 'EGeneral:Unknown method');
    if (match[1] !== 'private') return undefined;
    if (entry.method !== 'POST') return errorAnswer(200, 'EGeneral:Invalid arguments');
    const refused = this.auth.check(entry.path, entry.headers, entry.body, entry.params);
    return refused ? errorAnswer(200, refused) : undefined;
  }

  /** The route's own answer, Kraken's checks passed. */
  private async answer(entry: EmulatorRequest): Promise<Answer> {
    const handler = this.routes.get(entry.route);
    if (!handler) return errorAnswer(404, 'EGeneral:Unknown method');
    try {
      const result = await handler(entry, this);
      return { status: 200, body: JSON.stringify({ error: [], result }), type: 'application/json' };
    } catch (err) {
      if (err instanceof KrakenApiError) return errorAnswer(200, err.message);
      return errorAnswer(500, 'EGeneral:Internal error', err);
    }
  }
}
