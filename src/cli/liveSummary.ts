import type { Symbol } from '../domain/bar.js';
import type { Config } from '../config/schema.js';
import { stopModeOf, type StopMode } from '../execution/live/protectiveStops.js';
import type { TradingMarket } from '../execution/live/tradingApi.js';
import { effectiveMaxLeverage } from '../runtime/leverageSummary.js';
import type { LiveEpochPlan } from '../runtime/liveEpoch.js';

export { effectiveMaxLeverage } from '../runtime/leverageSummary.js';

export interface LiveSummaryInput {
  readonly exchange: string;
  readonly config: Config;
  readonly plan: LiveEpochPlan;
  readonly quote: string;
  readonly markets: ReadonlyMap<Symbol, TradingMarket>;
  readonly stops: StopMode;
  /** Kraken Futures' demo exchange: real orders on a real matching engine, with demo money. */
  readonly demo?: boolean;
}

const money = (v: number): string => v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** What the user confirms before the first live order: where, how much, which assets, how much leverage, where the stops live. */
export function liveSummary(s: LiveSummaryInput): string {
  const lines = [
    s.demo
      ? `LIVE REHEARSAL on ${s.exchange}: real orders on Kraken's demo futures exchange (demo-futures.kraken.com), with demo money only.`
      : `LIVE TRADING on ${s.exchange}: real orders with real money.`,
  ];
  if (s.plan.kind === 'new') {
    const part =
      s.plan.heldApart > 0
        ? `${money(s.plan.capital)} of the ${money(s.plan.balance)} ${s.quote} balance (${money(s.plan.heldApart)} held apart)`
        : `the whole ${s.quote} balance`;
    lines.push(`  epoch:            a new live epoch trading ${part}`);
    lines.push(`  capital at risk:  ${money(s.plan.capital)} ${s.quote}`);
  } else {
    lines.push(
      `  epoch:            continuing live epoch ${s.plan.epoch.id} (started ${new Date(s.plan.epoch.createdAt).toISOString()} with ${money(s.plan.epoch.capital)} ${s.quote})`,
    );
    lines.push(`  capital at risk:  ${money(s.plan.capitalAtRisk)} ${s.quote} (the epoch's cash and position margin)`);
  }
  lines.push(
    `  kill switch:      entries halt at a daily loss of ${pct(s.config.risk.killSwitch.dailyLoss)} or a drawdown of ${pct(s.config.risk.killSwitch.maxDrawdown)}${s.config.risk.killSwitch.flatten ? ', and open positions are closed' : ''}`,
  );
  lines.push('  assets:');
  for (const symbol of s.config.assets) {
    const market = s.markets.get(symbol);
    if (!market) continue;
    const l = effectiveMaxLeverage(s.config, market);
    const mode =
      stopModeOf(market, s.stops) === 'exchange' ? 'stop-losses on the exchange' : 'stop-losses managed by the daemon (not enforced while it is down)';
    lines.push(`    ${symbol.padEnd(9)} max leverage ${l.leverage}x (asset range ${l.range}x, venue ${l.venue}x, global cap ${l.cap}x); ${mode}`);
  }
  return lines.join('\n');
}

function pct(v: number): string {
  return `${(v * 100).toFixed(1)}%`;
}
