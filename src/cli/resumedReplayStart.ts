import type { Config } from '../config/schema.js';
import { utcText } from '../data/csv/utcText.js';
import { seriesFor } from '../data/venueSeries.js';
import { timeframeMs } from '../domain/timeframe.js';
import { UserError } from '../internal/errors.js';
import type { Store } from '../store/store.js';
import type { Epoch } from '../store/tradingRepository.js';

/**
 * `--from` names where a replay starts. A portfolio that has already played bars continues from its
 * cursor, so a --from that points elsewhere would be ignored: it is refused instead, unless it names the
 * bar the epoch started at (the same command run again, e.g. after a crash), or --reset starts anew.
 */
export function refuseFromOnResumedEpoch(store: Store, epoch: Epoch, config: Config, from: number): void {
  const tf = config.timeframe;
  const cursors = store.trading.cursors(epoch.id, tf);
  const played = config.assets.filter((s) => cursors.has(s));
  if (played.length === 0) return;
  // A replay's clock stands at the close of the bar it played: the first equity point closes the first bar.
  const first = store.trading.equityCurve(epoch.id)[0];
  const started = first === undefined ? undefined : first.time - timeframeMs(tf);
  const opens = config.assets.flatMap((s) =>
    store.candles.after(seriesFor(store.candles, config.venue.kind, s, tf).series, tf, from - 1, 1).map((b) => b.time),
  );
  const fromBar = opens.length ? Math.min(...opens) : undefined;
  if (started !== undefined && fromBar === started) return;

  const reached = Math.max(...played.map((s) => cursors.get(s) ?? 0));
  const since = started === undefined ? '' : ` from ${utcText(started)}`;
  throw new UserError(
    `--from ${utcText(from)} does not apply: epoch ${epoch.id} has already played ${played.join(', ')}${since} to ${utcText(reached)} UTC, and a restart continues where it stopped`,
    {
      hint: `leave out --from to continue epoch ${epoch.id}, or add --reset to start a new portfolio at --from "${utcText(from)}" (epoch ${epoch.id} and its history are kept)`,
    },
  );
}
