import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CsvBar } from '../sharedData.js';
import { CandleSeries } from './candleSeries.js';
import type { Fault } from './faults.js';

/** An emulator's clock: emulated ms, running `speed` times as fast as the wall clock from where it was last set. */
export class EmulatedClock {
  private base: number;
  private wallBase = Date.now();

  constructor(
    now: number,
    private readonly speed = 0,
  ) {
    this.base = now;
  }

  now(): number {
    return Math.floor(this.base + (Date.now() - this.wallBase) * this.speed);
  }

  setNow(time: number): void {
    this.base = time;
    this.wallBase = Date.now();
  }
}

/** Candles per symbol and interval (minutes) as series keyed "SOL/USD@60". */
export function candleSeriesOf(candles: ReadonlyMap<string, Readonly<Partial<Record<number, readonly CsvBar[]>>>>): Map<string, CandleSeries> {
  const out = new Map<string, CandleSeries>();
  for (const [symbol, byInterval] of candles) {
    for (const [interval, bars] of Object.entries(byInterval)) {
      if (bars) out.set(`${symbol}@${interval}`, new CandleSeries(bars, Number(interval) * 60_000));
    }
  }
  return out;
}

export interface LoopbackServer {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** Drops every open connection and stops listening. */
  close(): Promise<void>;
}

/** An HTTP server on a free port of 127.0.0.1, handing each request with its whole body to `handle`. */
export async function listenLoopback(handle: (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void): Promise<LoopbackServer> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, Buffer.concat(chunks).toString('utf8'), res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** What every emulator is: an HTTP server on loopback, handing requests to `handle`, on an emulated clock. */
export abstract class LoopbackEmulator {
  private server: LoopbackServer | undefined;
  private readonly clock: EmulatedClock;

  protected constructor(now: number, speed?: number) {
    this.clock = new EmulatedClock(now, speed);
  }

  /** The origin to give the bot or ccxt, e.g. http://127.0.0.1:40123 ('' once closed). */
  get url(): string {
    return this.server?.url ?? '';
  }

  /** Emulated time, epoch ms. */
  now(): number {
    return this.clock.now();
  }

  setNow(time: number): void {
    this.clock.setNow(time);
  }

  protected get listening(): boolean {
    return this.server !== undefined;
  }

  protected async listen(): Promise<void> {
    this.server = await listenLoopback((req, body, res) => void this.handle(req, body, res));
  }

  protected async stopListening(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await server?.close();
  }

  protected abstract handle(req: http.IncomingMessage, body: string, res: http.ServerResponse): Promise<void>;
}

/** One request as an emulator saw it; tests read these. */
export interface EmulatedRequest {
  readonly method: string;
  /** "public/OHLC", "private/AddOrder", "charts" ... */
  readonly route: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Emulated time of arrival. */
  readonly now: number;
  /** What a handler chose to record about its answer (e.g. which trades it served). */
  readonly notes: Record<string, unknown>;
  /** The fault injected into this request, if any. */
  readonly fault?: Fault;
  /** HTTP status answered (0: connection closed unanswered). */
  status?: number;
  /** The venue's error answered, if any. */
  error?: string;
}
