/**
 * A fault to inject on a route. Fields combine: `delayMs` first, then the answer is `body` (a raw 200
 * body such as HTML or truncated JSON), else `status` (an HTTP error with a non-JSON body), else `error`
 * (Kraken's HTTP 200 with `{"error": [error]}`), else the normal answer (a pure delay).
 */
export interface Fault {
  readonly status?: number;
  readonly error?: string;
  readonly delayMs?: number;
  readonly body?: string;
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
