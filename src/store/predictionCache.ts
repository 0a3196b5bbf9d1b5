import type { Db } from './database.js';

export interface CachedPrediction {
  readonly barTime: number;
  readonly pUp: number;
  readonly expectedReturn: number | null;
}

/** Whose predictions: a model version, run by one inference runtime, on one series. */
export interface PredictionKey {
  readonly modelId: string;
  /** 'onnx' or 'tfjs': they agree to about 1e-6, not to the bit, so each keeps its own. */
  readonly runtime: string;
  readonly symbol: string;
  readonly timeframe: string;
}

/**
 * Model predictions per model version, inference runtime and bar. A model version is immutable, so its
 * prediction for a bar never changes: backtests re-run risk and portfolio settings without re-running inference.
 */
export class PredictionCache {
  constructor(private readonly db: Db) {}

  range(key: PredictionKey, from: number, to: number): CachedPrediction[] {
    return this.db
      .prepare(
        `SELECT bar_time AS barTime, p_up AS pUp, expected_return AS expectedReturn FROM prediction_cache
         WHERE model_id = ? AND runtime = ? AND symbol = ? AND timeframe = ? AND bar_time >= ? AND bar_time < ? ORDER BY bar_time`,
      )
      .all(key.modelId, key.runtime, key.symbol, key.timeframe, from, to) as CachedPrediction[];
  }

  put(key: PredictionKey, rows: readonly CachedPrediction[]): void {
    const insert = this.db.prepare(
      `INSERT INTO prediction_cache (model_id, runtime, symbol, timeframe, bar_time, p_up, expected_return) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET p_up = excluded.p_up, expected_return = excluded.expected_return`,
    );
    this.db.transaction(() => {
      for (const r of rows) insert.run(key.modelId, key.runtime, key.symbol, key.timeframe, r.barTime, r.pUp, r.expectedReturn);
    })();
  }
}
