import type { Db } from './database.js';

export interface CachedPrediction {
  readonly barTime: number;
  readonly pUp: number;
  readonly expectedReturn: number | null;
}

/**
 * Model predictions per model version and bar. A model version is immutable, so its prediction for a
 * bar never changes: backtests re-run risk and portfolio settings without re-running inference.
 */
export class PredictionCache {
  constructor(private readonly db: Db) {}

  range(modelId: string, symbol: string, timeframe: string, from: number, to: number): CachedPrediction[] {
    return this.db
      .prepare(
        `SELECT bar_time AS barTime, p_up AS pUp, expected_return AS expectedReturn FROM prediction_cache
         WHERE model_id = ? AND symbol = ? AND timeframe = ? AND bar_time >= ? AND bar_time < ? ORDER BY bar_time`,
      )
      .all(modelId, symbol, timeframe, from, to) as CachedPrediction[];
  }

  put(modelId: string, symbol: string, timeframe: string, rows: readonly CachedPrediction[]): void {
    const insert = this.db.prepare(
      `INSERT INTO prediction_cache (model_id, symbol, timeframe, bar_time, p_up, expected_return) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET p_up = excluded.p_up, expected_return = excluded.expected_return`,
    );
    this.db.transaction(() => {
      for (const r of rows) insert.run(modelId, symbol, timeframe, r.barTime, r.pUp, r.expectedReturn);
    })();
  }
}
