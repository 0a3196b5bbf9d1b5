import type { Bar, Symbol } from '../domain/bar.js';
import type { EquityPoint } from '../domain/equity.js';
import type { FinancingCharge } from '../domain/financing.js';
import type { Fill } from '../domain/fill.js';
import { timeframeMs } from '../domain/timeframe.js';
import type { ClosedPosition } from '../domain/ports.js';
import type { Config } from '../config/schema.js';
import { runLoop } from '../daemon/runLoop.js';
import type { Scorer } from '../ensemble/scorer.js';
import { UserError } from '../internal/errors.js';
import { silentLogger, type Logger } from '../internal/logger.js';
import { composeTrading } from '../runtime/tradingRuntime.js';
import { Store } from '../store/store.js';
import type { BacktestInput, RegimeMark, WalkForwardWindow } from './report/types.js';

/** What scores an asset that no model scores: the rule-based strategy (src/strategy/trendScorer.ts). */
export const RULE_BASED_LABEL = 'rule-based (trend)';

export interface BacktestOptions {
  readonly config: Config;
  /** The home's store: candles are read from it, nothing is written to it. */
  readonly source: Store;
  readonly from: number;
  readonly to: number;
  /** Scorers by asset; an asset without one is scored by the rule-based strategy. */
  readonly scorers?: ReadonlyMap<Symbol, Scorer>;
  readonly modelVersions?: Readonly<Record<string, string>>;
  readonly walkForward?: readonly WalkForwardWindow[];
  readonly runId: string;
  readonly logger?: Logger;
  /** Told how long setup (copy, seeding) and the replay loop took, in ms of `clock`: for benchmarks. */
  readonly timing?: { clock: () => number; report: (t: { setupMs: number; loopMs: number; steps: number }) => void };
}

/**
 * A backtest is the daemon's own engine on a replay: the same composition (feed, simulated venue,
 * engine, risk), over a private in-memory copy of the candles, on a simulated clock with no pauses.
 * Only persistence differs: the outcome is collected in memory instead of written per bar.
 */
export async function runBacktest(o: BacktestOptions): Promise<BacktestInput> {
  const { config } = o;
  const tf = config.timeframe;
  const symbols = [...new Set([...(config.marketLead ? [config.marketLead] : []), ...config.assets])];
  const started = o.timing?.clock();
  const mem = Store.open(':memory:');
  try {
    mem.copyCandlesFrom(o.source, symbols, tf, o.to);
    for (const asset of config.assets) {
      if (mem.candles.range(asset, tf, o.from, o.to).length === 0) {
        throw new UserError(`no ${asset} ${tf} candles between ${new Date(o.from).toISOString()} and ${new Date(o.to).toISOString()}`, {
          hint: `import or download them first (bot data import / bot data download), or pick another period`,
        });
      }
    }
    const rt = await composeTrading({
      config,
      store: mem,
      feed: 'replay',
      from: o.from,
      to: o.to,
      resetCapital: config.capital,
      now: 0,
      // The kill switch acts here as it does in paper and live runs: a backtest that ignored it would show fills the daemon never makes.
      killSwitch: config.risk.killSwitch,
      ...(o.scorers && { scorers: o.scorers }),
    });
    const barMs = timeframeMs(tf);
    const equity: EquityPoint[] = [];
    const exposure: boolean[] = [];
    const fills: Fill[] = [];
    const closed: ClosedPosition[] = [];
    const charges: FinancingCharge[] = [];
    const regimes: RegimeMark[] = [];
    const loopStart = o.timing?.clock();
    await runLoop({
      feed: rt.feed,
      engine: rt.engine,
      persist: (outcome) => {
        // A step's time is the close of its bars; the report's points carry their bars' open time, as the
        // fills of those bars do, so that a fill is booked in the bar it filled in.
        const time = outcome.time - barMs;
        fills.push(...outcome.fills);
        closed.push(...outcome.closedPositions);
        charges.push(...outcome.charges);
        equity.push({ ...outcome.equity, time });
        exposure.push(outcome.openPositions.length > 0);
        const r = rt.engine.regimes();
        if (r.market) regimes.push({ time, regime: r.market });
        for (const [asset, regime] of r.assets) if (regime) regimes.push({ time, asset, regime });
      },
      pause: async () => undefined,
      intervalMs: 0,
      signal: new AbortController().signal,
      logger: o.logger ?? silentLogger,
      logDecisions: false,
      onTime: rt.onTime,
    });
    if (o.timing && started !== undefined && loopStart !== undefined) {
      o.timing.report({ setupMs: loopStart - started, loopMs: o.timing.clock() - loopStart, steps: equity.length });
    }
    // Each bar's close, at the bar's time as the equity points carry it.
    const closes = new Map<Symbol, { time: number; close: number }[]>();
    for (const asset of config.assets) {
      closes.set(asset, mem.candles.range(asset, tf, o.from, o.to).map((b: Bar) => ({ time: b.time, close: b.close })));
    }
    return {
      runId: o.runId,
      assets: config.assets,
      timeframe: tf,
      from: o.from,
      to: o.to,
      capital: config.capital,
      takerFee: config.fees.taker,
      config,
      equity,
      fills,
      closedPositions: closed,
      charges,
      exposure,
      regimes,
      closes,
      modelVersions: o.modelVersions ?? Object.fromEntries(config.assets.map((a) => [a, RULE_BASED_LABEL])),
      ...(o.walkForward && { walkForward: o.walkForward }),
    };
  } finally {
    mem.close();
  }
}

