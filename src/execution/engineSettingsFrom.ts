import type { Config } from '../config/schema.js';
import { timeframeMs } from '../domain/timeframe.js';
import type { EngineSettings } from './tradingEngine.js';

/**
 * The engine's settings as the config gives them. The portfolio takes no signal below the lowest
 * confidence tier: a signal no tier would size can only churn. The rest is per run.
 */
export function engineSettingsFrom(
  config: Config,
  run: Pick<EngineSettings, 'historyLength' | 'orderIdPrefix'> & Partial<Pick<EngineSettings, 'slippageBps' | 'killSwitch'>>,
): EngineSettings {
  const lowestTier = config.risk.tiers[config.risk.tiers.length - 1]?.minConfidence ?? 1;
  return {
    assets: config.assets,
    ...(config.marketLead !== null && { marketLead: config.marketLead }),
    risk: config.risk,
    portfolio: { ...config.portfolio, minConfidence: lowestTier },
    tiers: config.portfolio.tiers,
    leverage: config.leverage,
    takerFee: config.fees.taker,
    slippageBps: run.slippageBps ?? config.slippageBps,
    historyLength: run.historyLength,
    orderIdPrefix: run.orderIdPrefix,
    barMs: timeframeMs(config.timeframe),
    ...(run.killSwitch && { killSwitch: run.killSwitch }),
  };
}
