import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { aliasBombYaml } from '../support/tempHome.js';
import { configHomes, userErrorOf } from './configHomes.js';

const home = configHomes();

describe('loadConfig', () => {
  it('uses the shipped defaults when the home has no config', () => {
    const { config, sources } = loadConfig(home());
    expect(sources).toHaveLength(1);
    expect(config.exchange.id).toBe('kraken');
    expect(config.timeframe).toBe('1h');
    expect(config.loop.intervalSeconds).toBe(30);
    expect(config.fees).toEqual({ taker: 0.0026, maker: 0.0016 });
    expect(config.leverage['SOL/USD']).toEqual({ min: 20, max: 125, default: 35 });
    expect(config.leverage['ETH/USD']).toEqual({ min: 15, max: 100, default: 30 });
    expect(config.leverage['BTC/USD']).toEqual({ min: 12, max: 85, default: 25 });
    expect(config.risk.maxLossPerPosition).toBe(0.0175);
    expect(config.risk.stopAtr).toBe(1.3);
    expect(config.risk.trailActivationAtr).toBeNull();
  });

  it('ships Kraken spot margin financing: 4-hourly rollover, rates per borrowed currency, a default for the rest', () => {
    const { config } = loadConfig(home());
    expect(config.venue.financing).toEqual({ intervalHours: 4, rates: { default: 0.0002, USD: 0.00025, BTC: 0.0001, ETH: 0.0002, SOL: 0.0002 } });
    const changed = loadConfig(home('venue:\n  financing:\n    rates: { USD: 0.0003, XRP: 0.0004 }\n')).config.venue.financing;
    expect(changed.rates).toMatchObject({ default: 0.0002, USD: 0.0003, BTC: 0.0001, XRP: 0.0004 });
    expect(userErrorOf(() => loadConfig(home('venue:\n  financing:\n    rates: { USD: 0.5 }\n'))).message).toMatch(
      /venue\.financing\.rates\.USD: 0\.5 is not allowed/,
    );
    expect(userErrorOf(() => loadConfig(home('venue:\n  financing:\n    rates: { usd: 0.0003 }\n'))).message).toMatch(
      /venue\.financing\.rates\.usd: .*"usd" is not a currency code/,
    );
    expect(userErrorOf(() => loadConfig(home('venue:\n  financing:\n    intervalHours: 0\n'))).message).toMatch(
      /venue\.financing\.intervalHours: 0 is not allowed/,
    );
  });

  it('merges a partial home config over the defaults, and flags over both', () => {
    const file = home('capital: 5000\nrisk:\n  stopAtr: 2\n');
    const { config, sources } = loadConfig(file, [{ path: ['capital'], value: 7000, flag: '--capital' }]);
    expect(sources).toEqual([expect.stringContaining('default.yaml'), file]);
    expect(config.capital).toBe(7000);
    expect(config.risk.stopAtr).toBe(2);
    expect(config.risk.maxLossPerPosition).toBe(0.0175);
  });

  it('names the key, the value and the rule for a bad value', () => {
    const e = userErrorOf(() => loadConfig(home('risk:\n  maxLossPerPosition: 3\n')));
    expect(e.message).toMatch(/risk\.maxLossPerPosition: 3 is not allowed/);
    expect(e.message).toMatch(/0\.5/);
  });

  it('names the flag when a command-line value is bad', () => {
    const e = userErrorOf(() => loadConfig(home(), [{ path: ['capital'], value: -5, flag: '--capital' }]));
    expect(e.message).toMatch(/capital \(from --capital\): -5 is not allowed/);
  });

  it('refuses unknown keys, naming them', () => {
    const e = userErrorOf(() => loadConfig(home('risk:\n  stopAtR: 1\n')));
    expect(e.message).toMatch(/risk.*stopAtR/);
  });

  it('names an unknown key with its file, its line and the closest known key, without the whole config', () => {
    const file = home('# my settings\nassets: [SOL/USD]\ncapitl: 5000\nrisk:\n  stopAtr: 1.5\n  maxLossPerPositon: 0.01\n');
    const e = userErrorOf(() => loadConfig(file));
    expect(e.message).toContain(`${file}:3: capitl: unknown key; did you mean capital?`);
    expect(e.message).toContain(`${file}:6: risk.maxLossPerPositon: unknown key; did you mean risk.maxLossPerPosition?`);
    // The merged config (every section, ~2.5 KB) is not printed.
    expect(e.message).not.toMatch(/killSwitch|leverage|"SOL\/USD"/);
    expect(e.message.length).toBeLessThan(600);
  });

  it('lists the keys of the section when no known key is close', () => {
    const file = home('loop:\n  frequency: 5\n');
    const e = userErrorOf(() => loadConfig(file));
    expect(e.message).toContain(`${file}:2: loop.frequency: unknown key; the keys here are intervalSeconds`);
  });

  it('says in which file and line a bad value was set', () => {
    const file = home('capital: 5000\nrisk:\n  maxLossPerPosition: 3\n');
    expect(userErrorOf(() => loadConfig(file)).message).toContain(`${file}:3: risk.maxLossPerPosition: 3 is not allowed`);
  });

  it('refuses an asset listed twice, in the file or on the command line', () => {
    const file = home('assets: [SOL/USD, ETH/USD, SOL/USD]\n');
    expect(userErrorOf(() => loadConfig(file)).message).toContain(
      `${file}:1: assets: ["SOL/USD","ETH/USD","SOL/USD"] is not allowed: SOL/USD is listed more than once; list each asset once`,
    );
    const flag = userErrorOf(() => loadConfig(home(), [{ path: ['assets'], value: ['SOL/USD', 'SOL/USD'], flag: '--assets' }]));
    expect(flag.message).toMatch(/assets \(from --assets\): \["SOL\/USD","SOL\/USD"\] is not allowed: SOL\/USD is listed more than once/);
  });

  it('refuses a YAML alias bomb as a bad file, naming it', () => {
    const file = home(aliasBombYaml());
    const e = userErrorOf(() => loadConfig(file));
    expect(e.message).toContain(`cannot read config file ${file}`);
    expect(e.message).toMatch(/alias/i);
  });

  it('refuses an asset without a leverage range', () => {
    const e = userErrorOf(() => loadConfig(home(), [{ path: ['assets'], value: ['DOGE/USD'], flag: '--assets' }]));
    expect(e.message).toMatch(/unknown asset DOGE\/USD/);
    expect(e.message).toMatch(/SOL\/USD/);
  });

  it('refuses a malformed symbol and an inverted leverage range', () => {
    expect(userErrorOf(() => loadConfig(home('assets: [solusd]\n'))).message).toMatch(/assets\.0: "solusd"/);
    const e = userErrorOf(() => loadConfig(home('leverage:\n  SOL/USD: { min: 50, max: 40, default: 45 }\n')));
    expect(e.message).toMatch(/leverage\.SOL\/USD/);
  });

  it('ships the meta-labelling and walk-forward defaults', () => {
    const { config } = loadConfig(home());
    expect(config.models.horizonsHours).toEqual([24, 72, 168]);
    expect(config.optimize).toMatchObject({ folds: 4, foldDays: 365, minTrades: 50, interval: { level: 0.95 } });
  });

  it('optimize.workers: auto by default, a count of threads, and no fewer than 1', () => {
    expect(loadConfig(home()).config.optimize.workers).toBe('auto');
    expect(loadConfig(home('optimize:\n  workers: 3\n')).config.optimize.workers).toBe(3);
    const e = userErrorOf(() => loadConfig(home('optimize:\n  workers: 0\n')));
    expect(e.message).toMatch(/optimize\.workers/);
  });

  it('reports invalid YAML with file and line', () => {
    const file = home('capital: 5000\nrisk:\n  stopAtr: [1\n');
    const e = userErrorOf(() => loadConfig(file));
    expect(e.message).toContain(`${file}:`);
    expect(e.message).toMatch(/invalid YAML/);
    expect(fs.existsSync(file)).toBe(true);
  });
});
