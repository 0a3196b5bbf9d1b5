import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { Store } from '../../src/store/store.js';
import { tempDatabases } from '../support/tempDatabases.js';

const dbFile = tempDatabases();

const key = (runtime: string) => ({ modelId: 'lstm/SOL-USD/v1', runtime, symbol: 'SOL/USD', timeframe: '1h' });

describe('prediction cache', () => {
  it('keeps each inference runtime apart: ONNX and tfjs agree to ~1e-6, not to the bit', () => {
    const store = Store.open(dbFile());
    try {
      store.predictions.put(key('tfjs'), [{ barTime: 3_600_000, pUp: 0.61, expectedReturn: null }]);
      store.predictions.put(key('onnx'), [{ barTime: 3_600_000, pUp: 0.6100001, expectedReturn: 0.01 }]);
      expect(store.predictions.range(key('tfjs'), 0, 1e13)).toEqual([{ barTime: 3_600_000, pUp: 0.61, expectedReturn: null }]);
      expect(store.predictions.range(key('onnx'), 0, 1e13)).toEqual([{ barTime: 3_600_000, pUp: 0.6100001, expectedReturn: 0.01 }]);
    } finally {
      store.close();
    }
  });

  it('predictions cached before runtimes were chosen are kept as tfjs ones, which computed them', () => {
    const file = dbFile();
    const perRuntime = MIGRATIONS.findIndex((m) => m.name.startsWith('prediction cache per inference runtime'));
    expect(perRuntime).toBeGreaterThan(0);
    const old = openDatabase(file, { migrations: MIGRATIONS.slice(0, perRuntime) });
    old
      .prepare('INSERT INTO prediction_cache (model_id, symbol, timeframe, bar_time, p_up, expected_return) VALUES (?, ?, ?, ?, ?, ?)')
      .run('lstm/SOL-USD/v1', 'SOL/USD', '1h', 3_600_000, 0.55, null);
    old.close();
    const store = Store.open(file);
    try {
      expect(store.predictions.range(key('tfjs'), 0, 1e13)).toEqual([{ barTime: 3_600_000, pUp: 0.55, expectedReturn: null }]);
      expect(store.predictions.range(key('onnx'), 0, 1e13)).toEqual([]);
    } finally {
      store.close();
    }
  });
});
