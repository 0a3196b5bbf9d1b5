import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { configHomes, userErrorOf } from './configHomes.js';

const home = configHomes();
const futures = [{ path: ['venue', 'kind'], value: 'kraken-futures', flag: '--venue' }];

describe('venue.kind: the venue sets what fees, shorts and leverage default to', () => {
  it('spot by default: Kraken spot fees, long or flat, the least leverage', () => {
    const { config } = loadConfig(home());
    expect(config.venue.kind).toBe('kraken-spot');
    expect(config.fees).toEqual({ taker: 0.0026, maker: 0.0016 });
    expect(config.strategy.allowShort).toBe(false);
    expect(config.risk.leverageMode).toBe('minimum');
  });

  it('futures (--venue kraken-futures): futures fees, native shorts, confidence-scaled leverage', () => {
    const { config } = loadConfig(home(), futures);
    expect(config.fees).toEqual({ taker: 0.0005, maker: 0.0002 });
    expect(config.strategy.allowShort).toBe(true);
    expect(config.risk.leverageMode).toBe('confidence');
    expect(config.venue.futures.markets['BTC/USD']).toMatchObject({ id: 'PF_XBTUSD', minAmount: 0.0001, amountPrecision: 4 });
    expect(config.venue.futures.funding).toEqual({ intervalHours: 1, fallbackRate: 0.0000125 });
  });

  it('a key set in the home config holds on every venue; a venue default can be changed under venue.defaults', () => {
    const set = loadConfig(home('strategy: { allowShort: false }\nfees: { taker: 0.001, maker: 0.0005 }\n'), futures).config;
    expect(set.strategy.allowShort).toBe(false);
    expect(set.fees).toEqual({ taker: 0.001, maker: 0.0005 });
    const changed = loadConfig(
      home('venue:\n  defaults:\n    kraken-futures: { fees: { taker: 0.0004, maker: 0.0001 }, allowShort: false, leverageMode: minimum }\n'),
      futures,
    ).config;
    expect(changed).toMatchObject({ fees: { taker: 0.0004, maker: 0.0001 }, strategy: { allowShort: false }, risk: { leverageMode: 'minimum' } });
    expect(loadConfig(home('venue: { kind: kraken-futures }\n')).config.strategy.allowShort).toBe(true);
  });

  it('refuses an unknown venue and a margin schedule out of order, saying where', () => {
    expect(userErrorOf(() => loadConfig(home(), [{ path: ['venue', 'kind'], value: 'binance', flag: '--venue' }])).message).toMatch(
      /venue\.kind \(from --venue\): "binance" is not allowed: expected a venue: kraken-spot or kraken-futures/,
    );
    const bad =
      'venue:\n  futures:\n    markets:\n      SOL/USD: { id: PF_SOLUSD, contractSize: 1, minAmount: 0.01, pricePrecision: 2, amountPrecision: 2, marginLevels: [{ fromNotional: 0, initialMargin: 0.02, maintenanceMargin: 0.01 }, { fromNotional: 0, initialMargin: 0.04, maintenanceMargin: 0.05 }] }\n';
    const message = userErrorOf(() => loadConfig(home(bad))).message;
    expect(message).toMatch(
      /venue\.futures\.markets\.SOL\/USD\.marginLevels\.1\.fromNotional: 0 is not allowed: levels are listed by increasing position value/,
    );
    expect(message).toMatch(/venue\.futures\.markets\.SOL\/USD\.marginLevels\.1: .* is not allowed: the maintenance margin is below the initial margin/);
  });

  it('suggests the closest key for a typo inside the venue block', () => {
    expect(userErrorOf(() => loadConfig(home('venue:\n  knd: kraken-futures\n'))).message).toMatch(/venue\.knd: unknown key; did you mean venue\.kind\?/);
  });
});
