import cliProgress from 'cli-progress';
import type { DownloadProgress } from '../data/downloadHistory.js';
import { RetryableError } from '../internal/errors.js';
import type { Logger } from '../internal/logger.js';

const LOG_EVERY_MS = 5000;

export const utc = (t: number): string => new Date(t).toISOString().slice(0, 16).replace('T', ' ');

/** An exchange failure, with what the user can do from here. */
export function withDownloadHint(err: unknown, started: boolean): unknown {
  if (!(err instanceof RetryableError)) return err;
  const resume = started ? '; run the same command again to resume where it stopped' : '';
  const first = err.hint ?? 'check the network connection (and exchange.apiUrl in the config), then try again';
  return new RetryableError(err.message, {
    hint: `${first}${resume}. Without Kraken, the daemon can still run on stored candles: bot run --sandbox --feed replay`,
    cause: err,
  });
}

/** Progress on a terminal: a bar per asset; elsewhere: a log line now and then. */
export function progressReporter(interactive: boolean, logger: Logger): { update: (p: DownloadProgress) => void; stop: () => void } {
  if (interactive) {
    const bar = new cliProgress.SingleBar(
      { format: '{symbol} [{bar}] {percentage}% | {reached} | pages {pages} | bars {bars}', hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update: (p) => {
        const total = Math.max(1, p.to - p.from);
        const value = Math.min(total, Math.max(0, p.reached - p.from));
        const payload = { symbol: p.symbol, reached: utc(p.reached), pages: p.pages, bars: p.barsWritten };
        if (!started) bar.start(total, value, payload);
        else {
          bar.setTotal(total);
          bar.update(value, payload);
        }
        started = true;
      },
      stop: () => {
        if (started) bar.stop();
        started = false;
      },
    };
  }
  let lastLog = 0;
  return {
    update: (p) => {
      const t = Date.now();
      if ((p.phase === 'trades' || p.phase === 'charts') && t - lastLog < LOG_EVERY_MS) return;
      lastLog = t;
      logger.info('download progress', { symbol: p.symbol, phase: p.phase, reached: utc(p.reached), pages: p.pages, bars: p.barsWritten });
    },
    stop: () => undefined,
  };
}
