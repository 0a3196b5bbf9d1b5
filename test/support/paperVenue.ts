import type { Config } from '../../src/config/schema.js';
import { SimulatedVenue } from '../../src/execution/simulatedVenue.js';
import { configuredMarkets } from '../../src/runtime/tradingRuntime.js';

/** A flat simulated account with `cash` on the config's markets and fees, without slippage (for scripted engine tests). */
export function paperVenue(config: Config, cash = 10_000): SimulatedVenue {
  return new SimulatedVenue({
    markets: configuredMarkets(config),
    fees: config.fees,
    slippageBps: 0,
    maintenanceMarginRate: config.risk.maintenanceMarginRate,
    state: { cash, positions: [], openOrders: [] },
  });
}
