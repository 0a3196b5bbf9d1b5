/**
 * One way for every long command (run, data download, optimize) to stop cleanly. SIGINT and SIGTERM abort
 * `signal` once: the work in hand finishes and is saved, then the command returns. Cleanups registered with
 * `defer` run at `close`, last registered first, each one even if an earlier one failed — so a lock is
 * released and a database closed whatever happened before.
 */
export class Shutdown {
  private readonly controller = new AbortController();
  private readonly cleanups: (() => void | Promise<void>)[] = [];
  private readonly handler = (sig: NodeJS.Signals) => {
    if (this.controller.signal.aborted) return;
    this.onSignal?.(sig);
    this.controller.abort(sig);
  };

  constructor(
    private readonly onSignal?: (sig: NodeJS.Signals) => void,
    private readonly signals: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'],
  ) {
    for (const s of signals) process.on(s, this.handler);
  }

  /** Aborted when a stop was asked for. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  defer(cleanup: () => void | Promise<void>): void {
    this.cleanups.push(cleanup);
  }

  /** Unhook the signals, then run every cleanup, last first; the first failure is thrown after all ran. */
  async close(): Promise<void> {
    for (const s of this.signals) process.off(s, this.handler);
    let failure: { err: unknown } | undefined;
    for (const cleanup of this.cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (err) {
        failure ??= { err };
      }
    }
    if (failure) throw failure.err;
  }
}
