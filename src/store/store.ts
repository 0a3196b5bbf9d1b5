import type { Symbol } from '../domain/bar.js';
import type { MarketInfo } from '../domain/market.js';
import type { ClosedPosition } from '../domain/ports.js';
import type { Timeframe } from '../domain/timeframe.js';
import { CandleRepository } from './candleRepository.js';
import { openDatabase, type Db, type OpenOptions } from './database.js';
import { DownloadStateRepository } from './downloadStateRepository.js';
import { createLiveEpoch, latestEpochOf, type EpochMode, type ExchangeEnvironment, type NewLiveEpoch } from './epochModes.js';
import { FundingRateRepository } from './fundingRateRepository.js';
import { saveMarkets } from './marketRepository.js';
import { DriftStateRepository } from './driftStateRepository.js';
import { ModelRegistry } from './modelRegistry.js';
import { NonceRepository } from './nonceRepository.js';
import { OrderJournalRepository, quoteOffset, recordedOffset, saveQuoteOffset } from './orderJournalRepository.js';
import { orderStatusCounts } from './orderStatusCounts.js';
import { PredictionCache } from './predictionCache.js';
import { closedPositions } from './closedPositions.js';
import { seriesListing, type SeriesListing } from './seriesListing.js';
import { ProductionHistory } from './productionHistory.js';
import { RetrainRepository } from './retrainRepository.js';
import { TradingRepository, type Epoch } from './tradingRepository.js';

/** A write transaction held open across awaits (a streamed import): committed or rolled back by its owner. */
export interface OpenTransaction {
  commit(): void;
  rollback(): void;
}

/**
 * The bot's SQLite database and its repositories: the only door to SQLite. Code outside src/store never
 * touches `db` (tests may read it to check what was written); `npm run lint` holds that line.
 */
export class Store {
  readonly candles: CandleRepository;
  readonly funding: FundingRateRepository;
  readonly trading: TradingRepository;
  readonly models: ModelRegistry;
  readonly predictions: PredictionCache;
  readonly nonces: NonceRepository;
  readonly downloads: DownloadStateRepository;
  readonly production: ProductionHistory;
  readonly retrains: RetrainRepository;
  readonly drift: DriftStateRepository;

  constructor(readonly db: Db) {
    this.candles = new CandleRepository(db);
    this.funding = new FundingRateRepository(db);
    this.trading = new TradingRepository(db);
    this.models = new ModelRegistry(db);
    this.predictions = new PredictionCache(db);
    this.nonces = new NonceRepository(db);
    this.downloads = new DownloadStateRepository(db);
    this.production = new ProductionHistory(db);
    this.retrains = new RetrainRepository(db);
    this.drift = new DriftStateRepository(db);
  }

  static open(file: string, options?: OpenOptions): Store {
    return new Store(openDatabase(file, options));
  }

  /** Run `fn` in one write transaction. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /** BEGIN IMMEDIATE now; the caller commits or rolls back (used where the work awaits in between). */
  begin(): OpenTransaction {
    this.db.exec('BEGIN IMMEDIATE');
    return {
      commit: () => this.db.exec('COMMIT'),
      rollback: () => {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
      },
    };
  }

  /** The most recent epoch of `mode`, on `venue` when given. */
  latestEpoch(mode: EpochMode, venue?: string, environment?: ExchangeEnvironment): Epoch | undefined {
    return latestEpochOf(this.db, mode, venue, environment);
  }

  createLiveEpoch(e: NewLiveEpoch): Epoch {
    return createLiveEpoch(this.db, e);
  }

  /** The live venue's order journal for one epoch. */
  journal(epochId: number): OrderJournalRepository {
    return new OrderJournalRepository(this.db, epochId);
  }

  /** Quote held on the account apart from the bot in a live epoch (0 when none was recorded). */
  quoteOffset(epochId: number, quote: string): number {
    return quoteOffset(this.db, epochId, quote);
  }

  /** What was recorded as held apart on the account in `currency`, or undefined if nothing was yet. */
  recordedOffset(epochId: number, currency: string): number | undefined {
    return recordedOffset(this.db, epochId, currency);
  }

  /** Record, once per epoch and currency, what the account holds apart from the bot. */
  saveOffset(epochId: number, currency: string, amount: number, time: number): void {
    saveQuoteOffset(this.db, epochId, currency, amount, time);
  }

  orderStatusCounts(epochId: number): Map<string, number> {
    return orderStatusCounts(this.db, epochId);
  }

  /** The epoch's closed positions, in the order they closed. */
  closedPositions(epochId: number): ClosedPosition[] {
    return closedPositions(this.db, epochId);
  }

  /** Every stored candle series with its source, span and holes (bot data list). */
  seriesListing(): SeriesListing[] {
    return seriesListing(this.db);
  }

  /** Remember the exchange's markets (precision, minimums, leverage) as loaded at connection. */
  saveMarkets(exchange: string, markets: readonly MarketInfo[], time: number): void {
    saveMarkets(this.db, exchange, markets, time);
  }

  /**
   * Copy every bar of `symbols` on `timeframe` before `end`, and each series' source, from `source` into this store: inside SQLite
   * (ATTACH, one INSERT per symbol) when the source is a file, bar by bar when it is in memory.
   */
  copyCandlesFrom(source: Store, symbols: readonly Symbol[], timeframe: Timeframe, end: number): void {
    if (source.db.memory) {
      this.transaction(() => {
        for (const symbol of symbols) {
          const from = source.candles.sourceOf(symbol, timeframe);
          if (from !== undefined) this.candles.upsertFrom(from, symbol, timeframe, source.candles.range(symbol, timeframe, 0, end));
        }
      });
      return;
    }
    this.db.prepare('ATTACH DATABASE ? AS source').run(source.db.name);
    try {
      const copy = this.db.prepare('INSERT INTO main.candles SELECT * FROM source.candles WHERE symbol = ? AND timeframe = ? AND time < ?');
      const copySource = this.db.prepare('INSERT INTO main.candle_sources SELECT * FROM source.candle_sources WHERE symbol = ? AND timeframe = ?');
      this.transaction(() => {
        for (const symbol of symbols) {
          copy.run(symbol, timeframe, end);
          copySource.run(symbol, timeframe);
        }
      });
    } finally {
      this.db.prepare('DETACH DATABASE source').run();
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
