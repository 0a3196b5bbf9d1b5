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
import { perpetualSymbol } from '../domain/perpetualSymbol.js';
import { seriesFor } from '../data/venueSeries.js';
import { composeTrading } from '../runtime/tradingRuntime.js';
import { MemoryCandles } from '../data/memoryCandles.js';
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
 * engine, risk), over the candles read once into memory and a private in-memory store for the books, on a
 * simulated clock with no pauses.
 * Only persistence differs: the outcome is collected in memory instead of written per bar.
 */
export async function runBacktest(o: BacktestOptions): Promise<BacktestInput> {
  const { config } = o;
  const tf = config.timeframe;
  const symbols = [...new Set([...(config.marketLead ? [config.marketLead] : []), ...config.assets])];
  const started = o.timing?.clock();
  const futures = config.venue.kind === 'kraken-futures';
  // Each series is read from the store once; the replay, its seeding and the report read it from memory. A
  // futures run reads a perpetual's own series where one is stored (see venueSeries.ts), and its funding.
  const loaded = futures ? [...symbols, ...symbols.map(perpetualSymbol)] : symbols;
  const candles = new MemoryCandles(
    tf,
    new Map(loaded.map((s) => [s, o.source.candles.range(s, tf, 0, o.to)])),
    new Map(
      loaded.flatMap((s) => {
        const source = o.source.candles.sourceOf(s, tf);
        return source === undefined ? [] : [[s, source] as const];
      }),
    ),
  );
  const mem = Store.open(':memory:');
  try {
    if (futures) copyFunding(o.source, mem, config.assets.map(perpetualSymbol), o.to);
    const series = new Map(config.assets.map((a) => [a, seriesFor(candles, config.venue.kind, a, tf)]));
    const seriesOf = (asset: Symbol): string => series.get(asset)?.series ?? asset;
    for (const asset of config.assets) {
      if (candles.range(seriesOf(asset), tf, o.from, o.to).length === 0) {
        throw new UserError(`no ${asset} ${tf} candles between ${new Date(o.from).toISOString()} and ${new Date(o.to).toISOString()}`, {
          hint: `import or download them first (bot data import / bot data download), or pick another period`,
        });
      }
    }
    const rt = await composeTrading({
      config,
      store: mem,
      feed: 'replay',
      candles,
      from: o.from,
      to: o.to,
      resetCapital: config.capital,
      now: 0,
      // The kill switch acts here as it does in paper and live runs: a backtest that ignored it would show fills the daemon never makes.
      killSwitch: config.risk.killSwitch,
      // Nothing reads a backtest's decisions (its report is built from fills, equity and regimes).
      keepDecisions: false,
      ...(o.scorers && { scorers: o.scorers }),
    });
    const barMs = timeframeMs(tf);
    const equity: EquityPoint[] = [];
    const exposure: boolean[] = [];
    const fills: Fill[] = [];
    const closed: ClosedPosition[] = [];
    const charges: FinancingCharge[] = [];
    const regimes: RegimeMark[] = [];
    const lastRegime = new Map<Symbol, string>();
    let lastMarketRegime: string | undefined;
    const loopStart = o.timing?.clock();
    await runLoop({
      feed: rt.feed,
      engine: rt.engine,
      persist: (outcome) => {
        // A step's time is the close of its bars; the report's points carry their bars' open time, as the
        // fills of those bars do, so that a fill is booked in the bar it filled in.
        const time = outcome.time - barMs;
        for (const f of outcome.fills) fills.push(f);
        for (const c of outcome.closedPositions) closed.push(c);
        for (const c of outcome.charges) charges.push(c);
        equity.push({ ...outcome.equity, time });
        exposure.push(outcome.openPositions.length > 0);
        // A label holds until the next one (regimeLookup): a mark only where the regime changes.
        const market = rt.engine.marketRegime();
        if (market && market !== lastMarketRegime) {
          regimes.push({ time, regime: market });
          lastMarketRegime = market;
        }
        for (const asset of config.assets) {
          const regime = rt.engine.assetRegime(asset);
          if (regime && regime !== lastRegime.get(asset)) {
            regimes.push({ time, asset, regime });
            lastRegime.set(asset, regime);
          }
        }
      },
      pause: () => undefined,
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
      closes.set(
        asset,
        candles.range(seriesOf(asset), tf, o.from, o.to).map((b: Bar) => ({ time: b.time, close: b.close })),
      );
    }
    return {
      runId: o.runId,
      assets: config.assets,
      timeframe: tf,
      from: o.from,
      to: o.to,
      capital: config.capital,
      takerFee: config.fees.taker,
      venue: config.venue.kind,
      series: [...series.values()],
      warnings: rt.warnings,
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

/** Copy the stored funding rates of `perpetuals` for periods starting before `end`. */
function copyFunding(from: Store, to: Store, perpetuals: readonly string[], end: number): void {
  to.transaction(() => {
    for (const symbol of perpetuals) {
      const rates = from.funding.range(symbol, 0, end);
      const source = from.funding.summary(symbol).source;
      if (source !== null) to.funding.upsertFrom(source, symbol, rates);
    }
  });
}
