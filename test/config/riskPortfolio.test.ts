import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import type { PortfolioSettings } from '../../src/portfolio/types.js';
import { configHomes, userErrorOf } from './configHomes.js';

const home = configHomes();
const messageOf = (fn: () => unknown): string => userErrorOf(fn).message;

describe('risk and portfolio config', () => {
  it('ships the defaults of the issue, in the shapes risk and portfolio take', () => {
    const { config } = loadConfig(home());
    const risk = config.risk;
    expect(risk.riskPerTrade).toBe(0.02);
    expect(risk.maxPortfolioRisk).toBe(0.1);
    expect(risk.drawdown).toEqual({ soft: 0.05, softExposure: 0.5, hard: 0.1, hardExposure: 0.2 });
    expect(risk.takeProfitAtr).toBeNull();
    expect(risk.trailActivationAtr).toBeNull();
    expect(risk.stopAtr).toBe(1.3);
    expect(risk.kelly).toEqual({ enabled: false, fraction: 0.5 });
    expect(risk.leverageMode).toBe('minimum');
    expect(config.risk.killSwitch).toEqual({ dailyLoss: 0.05, maxDrawdown: 0.3, flatten: false });
    const portfolio: PortfolioSettings = { ...config.portfolio, sizeTiers: config.risk.tiers };
    expect(config.portfolio.tiers).toEqual({ 'BTC/USD': 1, 'ETH/USD': 1, 'SOL/USD': 2 });
    expect(portfolio.tierCaps).toEqual({ 1: 0.5, 2: 0.4, 3: 0.1 });
    expect(portfolio.tier3Sleeve).toBe(0.2);
    expect(portfolio.maxGrossExposure).toBe(1);
    expect(config.portfolio.turnoverBudget).toEqual({ days: 30, maxTurnover: 4 });
    expect(portfolio.regimes).toEqual({
      trend: { maxPositions: 8, cashBuffer: 0.1 },
      chop: { maxPositions: 6, cashBuffer: 0.2 },
      down: { maxPositions: 4, cashBuffer: 0.6 },
    });
    expect(portfolio.rebalanceBand).toBe(0.25);
    expect(portfolio.flipConfidence).toBe(0.7);
  });

  it('merges a partial override of a nested setting', () => {
    const { config } = loadConfig(home('risk:\n  drawdown: { hard: 0.2 }\nportfolio:\n  regimes:\n    down: { cashBuffer: 0.8 }\n'));
    expect(config.risk.drawdown).toEqual({ soft: 0.05, softExposure: 0.5, hard: 0.2, hardExposure: 0.2 });
    expect(config.portfolio.regimes.down).toEqual({ maxPositions: 4, cashBuffer: 0.8 });
  });

  it('refuses drawdown thresholds out of order', () => {
    const m = messageOf(() => loadConfig(home('risk:\n  drawdown: { soft: 0.2 }\n')));
    expect(m).toMatch(/risk\.drawdown: .* expected soft < hard/);
  });

  it('refuses an asset tier other than 1, 2 or 3, naming the symbol', () => {
    const m = messageOf(() => loadConfig(home('portfolio:\n  tiers:\n    DOGE/USD: 4\n')));
    expect(m).toMatch(/portfolio\.tiers\.DOGE\/USD: 4 is not allowed: expected an asset tier: 1, 2 or 3/);
  });

  it('refuses a flip confidence below the lowest risk tier', () => {
    const m = messageOf(() => loadConfig(home('portfolio:\n  flipConfidence: 0.6\n')));
    expect(m).toMatch(/portfolio\.flipConfidence: 0\.6 .*lowest risk tier's confidence 0\.65/);
  });

  it('refuses a cash buffer of 100%', () => {
    expect(messageOf(() => loadConfig(home('portfolio:\n  regimes:\n    chop: { cashBuffer: 1 }\n')))).toMatch(/portfolio\.regimes\.chop\.cashBuffer: 1/);
  });
});
