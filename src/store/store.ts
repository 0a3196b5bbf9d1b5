import { CandleRepository } from './candleRepository.js';
import { openDatabase, type Db, type OpenOptions } from './database.js';
import { DriftStateRepository } from './driftStateRepository.js';
import { ModelRegistry } from './modelRegistry.js';
import { NonceRepository } from './nonceRepository.js';
import { PredictionCache } from './predictionCache.js';
import { ProductionHistory } from './productionHistory.js';
import { RetrainRepository } from './retrainRepository.js';
import { TradingRepository } from './tradingRepository.js';

/** The bot's SQLite database and its repositories. */
export class Store {
  readonly candles: CandleRepository;
  readonly trading: TradingRepository;
  readonly models: ModelRegistry;
  readonly predictions: PredictionCache;
  readonly nonces: NonceRepository;
  readonly production: ProductionHistory;
  readonly retrains: RetrainRepository;
  readonly drift: DriftStateRepository;

  constructor(readonly db: Db) {
    this.candles = new CandleRepository(db);
    this.trading = new TradingRepository(db);
    this.models = new ModelRegistry(db);
    this.predictions = new PredictionCache(db);
    this.nonces = new NonceRepository(db);
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

  close(): void {
    if (this.db.open) this.db.close();
  }
}
