import type { Clock } from '../domain/ports.js';

/** Wait `ms` of real time, or less if `signal` aborts. */
export function wallSleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export const wallClock: Clock = {
  now: () => Date.now(),
  sleep: wallSleep,
};

/** Time that moves only when the replay says so: a backtest or replay runs as fast as it can compute. */
export class SimulatedClock implements Clock {
  constructor(private time = 0) {}
  now(): number {
    return this.time;
  }
  /** Moves forward only: a replay never goes back in time. */
  advanceTo(time: number): void {
    if (time > this.time) this.time = time;
  }
  sleep(): Promise<void> {
    return Promise.resolve();
  }
}
