import { seededRng, type Rng } from '../../../src/domain/random.js';

/**
 * A fault to inject on a route. Fields combine: `delayMs` first, then the answer is `body` (a raw 200
 * body such as HTML or truncated JSON), else `status` (an HTTP error with a non-JSON body), else `error`
 * (Kraken's HTTP 200 with `{"error": [error]}`), else `destroy` (the connection closes unanswered), else
 * the normal answer (a pure delay).
 *
 * With `afterHandling` the request takes effect first (an AddOrder is booked, a cancel done) and only
 * then is the answer delayed, replaced or dropped: the "accepted, then timed out" trap. With
 * `takeEffectAfterMs` the connection closes unanswered at once and the request (checked on arrival)
 * takes effect that much later: an order Kraken books late, after the client has looked for it.
 */
export interface Fault {
  readonly status?: number;
  readonly error?: string;
  readonly delayMs?: number;
  readonly body?: string;
  /** Close the connection without any answer. */
  readonly destroy?: boolean;
  /** Run the request's handler before the fault applies to its answer. */
  readonly afterHandling?: boolean;
  /** Close the connection unanswered, and let the request take effect this many ms later (emulated time then). */
  readonly takeEffectAfterMs?: number;
  /** AddOrder only: the order fills in this many pieces over the following tape trades. */
  readonly partialFills?: number;
  /** Apply to the next `times` requests of the route only; by default until cleared. */
  readonly times?: number;
}

/** Faults per route ("public/Ticker", "private/AddOrder"), or "*" for every route. */
export class FaultTable {
  private readonly faults = new Map<string, { fault: Fault; remaining: number }>();

  set(route: string, fault: Fault): void {
    this.faults.set(route, { fault, remaining: fault.times ?? Infinity });
  }

  clear(route?: string): void {
    if (route === undefined) this.faults.clear();
    else this.faults.delete(route);
  }

  /** The fault that applies to one request of `route`, counted as used. */
  take(route: string): Fault | undefined {
    for (const key of [route, '*']) {
      const entry = this.faults.get(key);
      if (!entry) continue;
      entry.remaining -= 1;
      if (entry.remaining <= 0) this.faults.delete(key);
      return entry.fault;
    }
    return undefined;
  }
}

/**
 * What a fault plan can do to one request. The spot and the futures emulator draw from the same plans; each
 * gives the planner its own dialect (the error strings of `krakenError`, the bodies of `malformed`).
 */
export const FAULT_KINDS = [
  /** HTTP 500/502/503/504 with an HTML body. */
  'http5xx',
  /** HTTP 429 with an HTML body. */
  'http429',
  /** One of Kraken's transient error strings, in the venue's error body (spot: HTTP 200 {"error":[e]}; futures: {"result":"error","error":e}). */
  'krakenError',
  /** No answer before the plan's `slowMs` (set it beyond the client timeout). */
  'slow',
  /** The request takes effect, then its answer comes only after `slowMs`. */
  'acceptedSlow',
  /** The request takes effect, then the connection is closed unanswered. */
  'acceptedDropped',
  /** HTTP 200 whose body is HTML, empty, truncated JSON or an empty result. */
  'malformed',
  /** AddOrder: the order fills in 2-4 pieces over the following tape trades. */
  'partialFill',
  /** The connection is closed unanswered, and the request takes effect only `lateMs` later (an order booked late). */
  'bookedLate',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/**
 * Random faults, replayable: each route draws from its own generator seeded by `seed` and the route's
 * name, so the n-th request of a route meets the same fault in every run, however routes interleave.
 */
export interface FaultPlan {
  readonly seed: number;
  /** Probability of each kind per request, by route ("private/AddOrder") or "*" for routes not listed. */
  readonly routes: Readonly<Record<string, Partial<Record<FaultKind, number>>>>;
  /** How long `slow` and `acceptedSlow` hold the answer (default 5000 ms). */
  readonly slowMs?: number;
  /** How long after its request a `bookedLate` one takes effect (default 6000 ms). */
  readonly lateMs?: number;
  /** Error strings `krakenError` picks from (default: the venue's, e.g. TRANSIENT_KRAKEN_ERRORS). */
  readonly errors?: readonly string[];
}

export const TRANSIENT_KRAKEN_ERRORS: readonly string[] = [
  'EService:Unavailable',
  'EService:Busy',
  'EAPI:Rate limit exceeded',
  'EGeneral:Internal error',
  'EGeneral:Temporary lockout',
];

export const MALFORMED_BODIES: readonly string[] = [
  '<html><head><title>502 Bad Gateway</title></head><body>cloudflare</body></html>',
  '',
  '{"error":[],"result":{"',
  '{"error":[],"result":{}}',
];

const HTTP_5XX = [500, 502, 503, 504] as const;

/** A fault that was applied to a request; tests count these by kind. */
export interface InjectedFault {
  readonly route: string;
  /** The plan's kind, or "table" for a fault set with FaultTable.set. */
  readonly kind: FaultKind | 'table';
  readonly fault: Fault;
  /** The request it hit (an EmulatorRequest). */
  readonly request: unknown;
}

function routeSeed(seed: number, route: string): number {
  let h = seed >>> 0;
  for (let i = 0; i < route.length; i++) h = Math.imul(h ^ route.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function pick<T>(items: readonly T[], rng: Rng): T {
  return items[Math.floor(rng.next() * items.length)] as T;
}

/** A venue's own forms of the faults that have one: its transient error strings and its malformed 200s. */
export interface FaultDialect {
  readonly errors: readonly string[];
  readonly malformed: readonly string[];
}

export const SPOT_DIALECT: FaultDialect = { errors: TRANSIENT_KRAKEN_ERRORS, malformed: MALFORMED_BODIES };

/** Draws the plan's faults request by request. */
export class FaultPlanner {
  private readonly streams = new Map<string, Rng>();

  constructor(
    readonly plan: FaultPlan,
    private readonly dialect: FaultDialect = SPOT_DIALECT,
  ) {
    for (const probabilities of Object.values(plan.routes)) {
      const total = Object.values(probabilities).reduce((a, p) => a + (p ?? 0), 0);
      if (total > 1) throw new Error(`fault plan: probabilities of one route add up to ${total} > 1`);
    }
  }

  /** The fault for the next request of `route`, if the plan draws one. */
  draw(route: string): { kind: FaultKind; fault: Fault } | undefined {
    const probabilities = this.plan.routes[route] ?? this.plan.routes['*'];
    if (!probabilities) return undefined;
    let rng = this.streams.get(route);
    if (!rng) {
      rng = seededRng(routeSeed(this.plan.seed, route));
      this.streams.set(route, rng);
    }
    // Always two draws per request, so one route's sequence does not depend on what was drawn before.
    const u = rng.next();
    const detail = seededRng(Math.floor(rng.next() * 2 ** 32));
    let cumulative = 0;
    for (const kind of FAULT_KINDS) {
      cumulative += probabilities[kind] ?? 0;
      if (u < cumulative) return { kind, fault: this.faultOf(kind, detail) };
    }
    return undefined;
  }

  private faultOf(kind: FaultKind, rng: Rng): Fault {
    const slowMs = this.plan.slowMs ?? 5000;
    switch (kind) {
      case 'http5xx':
        return { status: pick(HTTP_5XX, rng) };
      case 'http429':
        return { status: 429 };
      case 'krakenError':
        return { error: pick(this.plan.errors ?? this.dialect.errors, rng) };
      case 'slow':
        return { delayMs: slowMs };
      case 'acceptedSlow':
        return { afterHandling: true, delayMs: slowMs };
      case 'acceptedDropped':
        return { afterHandling: true, destroy: true };
      case 'malformed':
        return { body: pick(this.dialect.malformed, rng) };
      case 'partialFill':
        return { partialFills: 2 + Math.floor(rng.next() * 3) };
      case 'bookedLate':
        return { takeEffectAfterMs: this.plan.lateMs ?? 6000 };
    }
  }
}
