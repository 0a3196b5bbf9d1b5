import type { Bar } from '../../src/domain/bar.js';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { silentLogger } from '../../src/internal/logger.js';
import { loadPool, type PoolData } from '../../src/optimize/poolData.js';
import type { PipelineSettings } from '../../src/optimize/settings.js';
import { Store } from '../../src/store/store.js';
import { realBars } from '../features/realData.js';

const DAY = 86_400_000;
export const TINY_POOL = ['BTC/USD', 'SOL/USD'] as const;
export const TINY_END = Date.parse('2024-09-01T00:00:00Z');
/** The one fold: the 30 days before TINY_END. */
export const TINY_WINDOW = { from: TINY_END - 30 * DAY, to: TINY_END };

/** Tiny `--quick` settings: small windows, 300 days of training, 120 of validation, two inner horizon windows. */
export function tinyFoldConfig(kinds: Config['models']['kinds'], quick: Partial<Config['models']['quick']>): Config {
  const base = loadConfig(undefined, [{ path: ['assets'], value: [...TINY_POOL], flag: '--assets' }]).config;
  return {
    ...base,
    models: {
      ...base.models,
      kinds,
      horizonsHours: [24, 72],
      quick: { ...base.models.quick, windowLength: 8, validationDays: 120, maxTrainDays: 300, ...quick },
    },
    optimize: { ...base.optimize, quick: { folds: 1, foldDays: 30, horizonFolds: 2 } },
  };
}

/** BTC and SOL's real hourly bars of the 700 days before TINY_END (each series through `bars`), loaded as a pool. */
export function tinyPool(config: Config, settings: PipelineSettings, bars: (b: Bar[]) => Bar[] = (b) => b): PoolData {
  const store = Store.open(':memory:');
  try {
    for (const symbol of TINY_POOL)
      store.candles.upsert(symbol, '1h', bars(realBars(symbol).filter((b) => b.time >= TINY_END - 700 * DAY && b.time < TINY_END)));
    return loadPool(store, config, settings, TINY_POOL, silentLogger);
  } finally {
    store.close();
  }
}
