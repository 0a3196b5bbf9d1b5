import type { Config } from '../config/schema.js';
import { timeframeMs } from '../domain/timeframe.js';
import type { EngineSettings } from './tradingEngine.js';

/** The engine's settings as the config gives them; the rest is per run. */
export function engineSettingsFrom(
  config: Config,
  run: Pick<EngineSettings, 'historyLength' | 'orderIdPrefix'> & Partial<Pick<EngineSettings, 'slippageBps' | 'killSwitch' | 'keepDecisions'>>,
): EngineSettings {
  const { turnoverBudget, ...portfolio } = config.portfolio;
  const { takeProfitAtr, trailActivationAtr, ...risk } = config.risk;
  return {
    assets: config.assets,
    ...(config.marketLead !== null && { marketLead: config.marketLead }),
    risk: {
      ...risk,
      ...(takeProfitAtr !== null && { takeProfitAtr }),
      ...(trailActivationAtr !== null && { trailActivationAtr }),
    },
    portfolio: { ...portfolio, sizeTiers: config.risk.tiers },
    tiers: config.portfolio.tiers,
    leverage: config.leverage,
    takerFee: config.fees.taker,
    slippageBps: run.slippageBps ?? config.slippageBps,
    historyLength: run.historyLength,
    orderIdPrefix: run.orderIdPrefix,
    barMs: timeframeMs(config.timeframe),
    ...(run.killSwitch && { killSwitch: run.killSwitch }),
    ...(run.keepDecisions !== undefined && { keepDecisions: run.keepDecisions }),
    execution: config.execution,
    turnoverBudget: { windowMs: turnoverBudget.days * 86_400_000, maxTurnover: turnoverBudget.maxTurnover },
  };
}
