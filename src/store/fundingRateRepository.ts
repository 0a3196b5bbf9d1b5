import type { FundingRate } from '../domain/funding.js';
import { UserError } from '../internal/errors.js';
import type { Db } from './database.js';

export interface FundingSummary {
  readonly count: number;
  readonly first: number | null;
  readonly last: number | null;
  readonly source: string | null;
}

/**
 * A perpetual's funding rates, one per period (keyed by the period's start), under the perpetual's unified
 * symbol, each with its source. Rates of another source than the stored one are refused, as candles are:
 * two exchanges' rates are never mixed in one history.
 */
export class FundingRateRepository {
  private readonly upsertStmt;
  private readonly rateStmt;
  private readonly rangeStmt;
  private readonly summaryStmt;

  constructor(private readonly db: Db) {
    this.upsertStmt = db.prepare(
      `INSERT INTO funding_rates (symbol, time, rate, source) VALUES (@symbol, @time, @rate, @source)
       ON CONFLICT (symbol, time) DO UPDATE SET rate = excluded.rate`,
    );
    this.rateStmt = db.prepare('SELECT rate FROM funding_rates WHERE symbol = ? AND time = ?');
    this.rangeStmt = db.prepare('SELECT symbol, time, rate FROM funding_rates WHERE symbol = ? AND time >= ? AND time < ? ORDER BY time');
    this.summaryStmt = db.prepare(
      'SELECT COUNT(*) AS count, MIN(time) AS first, MAX(time) AS last, MIN(source) AS source FROM funding_rates WHERE symbol = ?',
    );
  }

  /** Insert or update `rates` of `symbol` from `source`, all or nothing; refused when another source's are stored. */
  upsertFrom(source: string, symbol: string, rates: readonly Omit<FundingRate, 'symbol'>[]): number {
    return this.db.transaction(() => {
      const stored = this.summary(symbol).source;
      if (stored !== null && stored !== source) {
        throw new UserError(`${symbol} holds funding rates from ${stored}; rates from ${source} are not added to them: one history keeps one source`);
      }
      for (const r of rates) this.upsertStmt.run({ symbol, time: r.time, rate: r.rate, source });
      return rates.length;
    })();
  }

  /** The rate of the period of `symbol` starting at `time`, if stored. */
  rateAt(symbol: string, time: number): number | undefined {
    return (this.rateStmt.get(symbol, time) as { rate: number } | undefined)?.rate;
  }

  /** Rates with from <= time < to, oldest first. */
  range(symbol: string, from = 0, to = Number.MAX_SAFE_INTEGER): FundingRate[] {
    return this.rangeStmt.all(symbol, from, to) as FundingRate[];
  }

  summary(symbol: string): FundingSummary {
    return this.summaryStmt.get(symbol) as FundingSummary;
  }
}
