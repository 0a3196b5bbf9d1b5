import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { configuredMarkets } from '../../src/runtime/configuredMarkets.js';
import { leverageSummary } from '../../src/runtime/leverageSummary.js';
import { futuresConfig } from '../support/perpetuals.js';

describe('the start-up summary of leverage: per asset its range, the contract maximum and the effective maximum', () => {
  it("on futures the contract's 50x caps every range", () => {
    const config = futuresConfig();
    expect(leverageSummary(config, configuredMarkets(config))).toEqual({
      'SOL/USD': { range: '20-125x (default 35x)', contract: 50, cap: 125, effective: 50 },
      'ETH/USD': { range: '15-100x (default 30x)', contract: 50, cap: 125, effective: 50 },
      'BTC/USD': { range: '12-85x (default 25x)', contract: 50, cap: 125, effective: 50 },
    });
  });

  it('risk.maxLeverage caps below the contract; on spot the margin maximum does', () => {
    const capped = futuresConfig([{ path: ['risk', 'maxLeverage'], value: 20 }]);
    expect(leverageSummary(capped, configuredMarkets(capped))['SOL/USD']).toMatchObject({ contract: 50, cap: 20, effective: 20 });
    const spot = loadConfig(undefined).config;
    expect(leverageSummary(spot, configuredMarkets(spot))['SOL/USD']).toEqual({ range: '20-125x (default 35x)', contract: 3, cap: 125, effective: 3 });
  });
});
