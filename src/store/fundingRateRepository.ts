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
  // Prepared on first use: a read-only command may open a database not yet migrated to hold funding rates.
  private statements: ReturnType<FundingRateRepository['prepare']> | undefined;

  constructor(private readonly db: Db) {}

  private get sql(): ReturnType<FundingRateRepository['prepare']> {
    this.statements ??= this.prepare();
    return this.statements;
  }

  private prepare() {
    const db = this.db;
    return {
      upsert: db.prepare(
        `INSERT INTO funding_rates (symbol, time, rate, source) VALUES (@symbol, @time, @rate, @source)
         ON CONFLICT (symbol, time) DO UPDATE SET rate = excluded.rate`,
      ),
      rate: db.prepare('SELECT rate FROM funding_rates WHERE symbol = ? AND time = ?'),
      range: db.prepare('SELECT symbol, time, rate FROM funding_rates WHERE symbol = ? AND time >= ? AND time < ? ORDER BY time'),
      summary: db.prepare('SELECT COUNT(*) AS count, MIN(time) AS first, MAX(time) AS last, MIN(source) AS source FROM funding_rates WHERE symbol = ?'),
    };
  }

  /** Insert or update `rates` of `symbol` from `source`, all or nothing; refused when another source's are stored. */
  upsertFrom(source: string, symbol: string, rates: readonly Omit<FundingRate, 'symbol'>[]): number {
    return this.db.transaction(() => {
      const stored = this.summary(symbol).source;
      if (stored !== null && stored !== source) {
        throw new UserError(`${symbol} holds funding rates from ${stored}; rates from ${source} are not added to them: one history keeps one source`);
      }
      for (const r of rates) this.sql.upsert.run({ symbol, time: r.time, rate: r.rate, source });
      return rates.length;
    })();
  }

  /** The rate of the period of `symbol` starting at `time`, if stored. */
  rateAt(symbol: string, time: number): number | undefined {
    return (this.sql.rate.get(symbol, time) as { rate: number } | undefined)?.rate;
  }

  /** Rates with from <= time < to, oldest first. */
  range(symbol: string, from = 0, to = Number.MAX_SAFE_INTEGER): FundingRate[] {
    return this.sql.range.all(symbol, from, to) as FundingRate[];
  }

  summary(symbol: string): FundingSummary {
    return this.sql.summary.get(symbol) as FundingSummary;
  }
}
