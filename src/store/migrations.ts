/**
 * Schema versions, applied in order, each once, each in its own transaction. A migration is never edited
 * after it has shipped: change the schema by adding the next one.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'candles, portfolio epochs, orders, fills, positions, equity, decisions',
    sql: `
      CREATE TABLE candles (
        symbol TEXT NOT NULL,
        timeframe TEXT NOT NULL,
        time INTEGER NOT NULL,
        open REAL NOT NULL,
        high REAL NOT NULL,
        low REAL NOT NULL,
        close REAL NOT NULL,
        volume REAL NOT NULL,
        PRIMARY KEY (symbol, timeframe, time)
      ) WITHOUT ROWID;

      CREATE TABLE download_state (
        symbol TEXT NOT NULL,
        timeframe TEXT NOT NULL,
        source TEXT NOT NULL,
        cursor TEXT NOT NULL,
        since INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (symbol, timeframe, source)
      );

      CREATE TABLE markets (
        exchange TEXT NOT NULL,
        symbol TEXT NOT NULL,
        info TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (exchange, symbol)
      );

      CREATE TABLE epochs (
        id INTEGER PRIMARY KEY,
        capital REAL NOT NULL CHECK (capital > 0),
        created_at INTEGER NOT NULL,
        note TEXT
      );

      CREATE TABLE balances (
        epoch_id INTEGER NOT NULL REFERENCES epochs(id),
        currency TEXT NOT NULL,
        amount REAL NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (epoch_id, currency)
      );

      CREATE TABLE orders (
        epoch_id INTEGER NOT NULL REFERENCES epochs(id),
        client_order_id TEXT NOT NULL,
        venue_order_id TEXT,
        symbol TEXT NOT NULL,
        side TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
        type TEXT NOT NULL CHECK (type IN ('market', 'limit')),
        quantity REAL NOT NULL CHECK (quantity > 0),
        limit_price REAL,
        leverage REAL NOT NULL,
        reduce_only INTEGER NOT NULL,
        stop_distance REAL,
        take_profit_distance REAL,
        atr REAL,
        signal_bar_time INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        reason TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'filled', 'cancelled', 'rejected')),
        filled_quantity REAL NOT NULL DEFAULT 0,
        average_price REAL,
        reject_reason TEXT,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (epoch_id, client_order_id)
      );
      CREATE INDEX orders_open ON orders (epoch_id, status);

      CREATE TABLE fills (
        epoch_id INTEGER NOT NULL REFERENCES epochs(id),
        id TEXT NOT NULL,
        client_order_id TEXT NOT NULL,
        position_id TEXT NOT NULL,
        symbol TEXT NOT NULL,
        side TEXT NOT NULL,
        quantity REAL NOT NULL,
        price REAL NOT NULL,
        fee REAL NOT NULL,
        liquidity TEXT NOT NULL,
        time INTEGER NOT NULL,
        effect TEXT NOT NULL,
        leverage REAL NOT NULL,
        margin REAL NOT NULL,
        realized_pnl REAL NOT NULL,
        cash_delta REAL NOT NULL,
        PRIMARY KEY (epoch_id, id)
      );

      CREATE TABLE positions (
        epoch_id INTEGER NOT NULL REFERENCES epochs(id),
        id TEXT NOT NULL,
        symbol TEXT NOT NULL,
        side TEXT NOT NULL CHECK (side IN ('long', 'short')),
        quantity REAL NOT NULL,
        entry_price REAL NOT NULL,
        entry_time INTEGER NOT NULL,
        leverage REAL NOT NULL,
        margin REAL NOT NULL,
        liquidation_price REAL NOT NULL,
        stop_price REAL,
        take_profit_price REAL,
        atr REAL NOT NULL,
        peak_price REAL NOT NULL,
        trailing INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
        exit_price REAL,
        exit_time INTEGER,
        exit_reason TEXT,
        realized_pnl REAL,
        PRIMARY KEY (epoch_id, id)
      );
      CREATE UNIQUE INDEX positions_one_open_per_symbol ON positions (epoch_id, symbol) WHERE status = 'open';

      CREATE TABLE equity_snapshots (
        epoch_id INTEGER NOT NULL REFERENCES epochs(id),
        time INTEGER NOT NULL,
        cash REAL NOT NULL,
        equity REAL NOT NULL,
        margin REAL NOT NULL,
        unrealized_pnl REAL NOT NULL,
        PRIMARY KEY (epoch_id, time)
      );

      CREATE TABLE decisions (
        id INTEGER PRIMARY KEY,
        epoch_id INTEGER NOT NULL REFERENCES epochs(id),
        symbol TEXT NOT NULL,
        bar_time INTEGER NOT NULL,
        decided_at INTEGER NOT NULL,
        source TEXT NOT NULL,
        direction TEXT NOT NULL,
        probability REAL NOT NULL,
        confidence REAL NOT NULL,
        class TEXT NOT NULL,
        expected_return REAL NOT NULL,
        action TEXT NOT NULL,
        reason TEXT NOT NULL,
        signal TEXT NOT NULL,
        UNIQUE (epoch_id, symbol, bar_time)
      );

      CREATE TABLE cursors (
        epoch_id INTEGER NOT NULL REFERENCES epochs(id),
        symbol TEXT NOT NULL,
        timeframe TEXT NOT NULL,
        bar_time INTEGER NOT NULL,
        PRIMARY KEY (epoch_id, symbol, timeframe)
      );
    `,
  },
  {
    version: 2,
    name: 'model registry',
    sql: `
      CREATE TABLE model_versions (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        asset TEXT NOT NULL,
        version TEXT NOT NULL,
        path TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('staging', 'production', 'retired')),
        feature_schema_hash TEXT NOT NULL,
        backend TEXT NOT NULL,
        seed INTEGER NOT NULL,
        metrics TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        status_changed_at INTEGER NOT NULL,
        note TEXT,
        UNIQUE (kind, asset, version)
      );
      CREATE INDEX model_versions_by_asset ON model_versions (asset, kind, status);
    `,
  },
  {
    version: 3,
    name: 'prediction cache',
    sql: `
      CREATE TABLE prediction_cache (
        model_id TEXT NOT NULL,
        symbol TEXT NOT NULL,
        timeframe TEXT NOT NULL,
        bar_time INTEGER NOT NULL,
        p_up REAL NOT NULL,
        expected_return REAL,
        PRIMARY KEY (model_id, symbol, timeframe, bar_time)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 4,
    name: 'live order journal: submitting / unknown order states, the exchange client id',
    // SQLite cannot alter a CHECK constraint: the table is rebuilt (new table, copy, drop, rename) inside
    // the migration's transaction. Nothing references orders, so foreign keys are not in the way.
    sql: `
      CREATE TABLE orders_rebuilt (
        epoch_id INTEGER NOT NULL REFERENCES epochs(id),
        client_order_id TEXT NOT NULL,
        venue_order_id TEXT,
        exchange_client_id TEXT,
        symbol TEXT NOT NULL,
        side TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
        type TEXT NOT NULL CHECK (type IN ('market', 'limit')),
        quantity REAL NOT NULL CHECK (quantity > 0),
        limit_price REAL,
        leverage REAL NOT NULL,
        reduce_only INTEGER NOT NULL,
        stop_distance REAL,
        take_profit_distance REAL,
        atr REAL,
        signal_bar_time INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        reason TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('submitting', 'unknown', 'open', 'filled', 'cancelled', 'rejected')),
        filled_quantity REAL NOT NULL DEFAULT 0,
        average_price REAL,
        reject_reason TEXT,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (epoch_id, client_order_id)
      );
      INSERT INTO orders_rebuilt (epoch_id, client_order_id, venue_order_id, symbol, side, type, quantity, limit_price,
        leverage, reduce_only, stop_distance, take_profit_distance, atr, signal_bar_time, created_at, reason, status,
        filled_quantity, average_price, reject_reason, updated_at)
      SELECT epoch_id, client_order_id, venue_order_id, symbol, side, type, quantity, limit_price,
        leverage, reduce_only, stop_distance, take_profit_distance, atr, signal_bar_time, created_at, reason, status,
        filled_quantity, average_price, reject_reason, updated_at
      FROM orders;
      DROP TABLE orders;
      ALTER TABLE orders_rebuilt RENAME TO orders;
      CREATE INDEX orders_open ON orders (epoch_id, status);
      CREATE UNIQUE INDEX orders_exchange_client_id ON orders (exchange_client_id) WHERE exchange_client_id IS NOT NULL;
    `,
  },
  {
    version: 5,
    name: 'epoch mode: paper or live, so a live account never continues a paper portfolio (or the reverse)',
    sql: `
      ALTER TABLE epochs ADD COLUMN mode TEXT NOT NULL DEFAULT 'paper' CHECK (mode IN ('paper', 'live'));
    `,
  },
  {
    version: 6,
    name: 'scorer state: what a scorer learned while trading (adaptive ensemble weights), for restarts',
    sql: `
      CREATE TABLE scorer_state (
        epoch_id INTEGER NOT NULL REFERENCES epochs (id),
        symbol TEXT NOT NULL,
        scorer TEXT NOT NULL,
        state TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (epoch_id, symbol)
      );
    `,
  },
  {
    version: 7,
    name: 'decisions: the exposure a strategy asked for; probability, confidence and expected return only where a model gave them',
    // A NOT NULL constraint cannot be dropped in SQLite: the table is rebuilt inside the migration's transaction.
    sql: `
      CREATE TABLE decisions_rebuilt (
        id INTEGER PRIMARY KEY,
        epoch_id INTEGER NOT NULL REFERENCES epochs(id),
        symbol TEXT NOT NULL,
        bar_time INTEGER NOT NULL,
        decided_at INTEGER NOT NULL,
        source TEXT NOT NULL,
        direction TEXT NOT NULL,
        exposure REAL,
        probability REAL,
        confidence REAL,
        class TEXT NOT NULL,
        expected_return REAL,
        action TEXT NOT NULL,
        reason TEXT NOT NULL,
        signal TEXT NOT NULL,
        UNIQUE (epoch_id, symbol, bar_time)
      );
      INSERT INTO decisions_rebuilt (id, epoch_id, symbol, bar_time, decided_at, source, direction, probability, confidence,
        class, expected_return, action, reason, signal)
      SELECT id, epoch_id, symbol, bar_time, decided_at, source, direction, probability, confidence,
        class, expected_return, action, reason, signal
      FROM decisions;
      DROP TABLE decisions;
      ALTER TABLE decisions_rebuilt RENAME TO decisions;
    `,
  },
  {
    version: 8,
    name: 'financing charges (margin opening and rollover fees, funding); post-only orders',
    // A charge is written once (its id is derived from the position, the kind and the time due). An
    // estimated one (live, until the exchange's ledger is read) is recorded but did not move cash.
    sql: `
      CREATE TABLE financing_charges (
        epoch_id INTEGER NOT NULL REFERENCES epochs(id),
        id TEXT NOT NULL,
        position_id TEXT NOT NULL,
        symbol TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('margin_open', 'rollover', 'funding')),
        time INTEGER NOT NULL,
        rate REAL NOT NULL,
        base REAL NOT NULL,
        amount REAL NOT NULL,
        estimated INTEGER NOT NULL DEFAULT 0 CHECK (estimated IN (0, 1)),
        PRIMARY KEY (epoch_id, id)
      );
      CREATE INDEX financing_charges_by_position ON financing_charges (epoch_id, position_id);
      ALTER TABLE orders ADD COLUMN post_only INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 9,
    name: 'candle sources: where each (symbol, timeframe) series came from, so two sources are never spliced',
    // Series stored before this migration: one a download wrote (it left a resumable cursor) came from
    // Kraken's API; for the others nobody can tell now, and the first source that writes to them claims them.
    sql: `
      CREATE TABLE candle_sources (
        symbol TEXT NOT NULL,
        timeframe TEXT NOT NULL,
        source TEXT NOT NULL,
        PRIMARY KEY (symbol, timeframe)
      );
      INSERT INTO candle_sources (symbol, timeframe, source)
        SELECT s.symbol, s.timeframe,
          CASE WHEN EXISTS (SELECT 1 FROM download_state d WHERE d.symbol = s.symbol AND d.timeframe = s.timeframe)
            THEN 'kraken-api' ELSE 'unknown' END
        FROM (SELECT DISTINCT symbol, timeframe FROM candles) s;
    `,
  },
  {
    version: 10,
    name: 'API nonces: the last nonce sent with each key, so a restart on a clock that stepped back stays above it',
    sql: `
      CREATE TABLE api_nonces (
        key_id TEXT PRIMARY KEY,
        last_nonce INTEGER NOT NULL CHECK (last_nonce >= 0),
        updated_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 11,
    name: 'perpetual funding rates (per period, with their source); the venue an epoch trades on',
    // A perpetual's funding rates are kept under its unified symbol (BTC/USD:USD), as its candles are: apart
    // from the spot market's. An epoch stored before venues were chosen traded on Kraken spot.
    sql: `
      CREATE TABLE funding_rates (
        symbol TEXT NOT NULL,
        time INTEGER NOT NULL,
        rate REAL NOT NULL,
        source TEXT NOT NULL,
        PRIMARY KEY (symbol, time)
      ) WITHOUT ROWID;
      ALTER TABLE epochs ADD COLUMN venue TEXT NOT NULL DEFAULT 'kraken-spot' CHECK (venue IN ('kraken-spot', 'kraken-futures'));
    `,
  },
  {
    version: 12,
    name: 'model operations: every change of production per asset, retrain runs, drift states, the model behind each decision',
    // production_changes is the history the daemon and rollback read: the last row of an asset names the
    // ensemble that judges its trades (NULL: the rule-based strategy alone). Rows are appended, never edited.
    sql: `
      CREATE TABLE production_changes (
        id INTEGER PRIMARY KEY,
        time INTEGER NOT NULL,
        asset TEXT NOT NULL,
        model_id TEXT,
        previous_id TEXT,
        action TEXT NOT NULL CHECK (action IN ('promote', 'rollback', 'retire')),
        trigger TEXT NOT NULL,
        reason TEXT NOT NULL
      );
      CREATE INDEX production_changes_by_asset ON production_changes (asset, id);
      CREATE TABLE retrains (
        id INTEGER PRIMARY KEY,
        pool TEXT NOT NULL,
        trigger TEXT NOT NULL,
        reason TEXT NOT NULL,
        feed_time INTEGER NOT NULL,
        data_to INTEGER NOT NULL,
        started_at INTEGER NOT NULL,
        finished_at INTEGER,
        status TEXT NOT NULL CHECK (status IN ('running', 'promoted', 'refused', 'failed', 'timeout', 'abandoned')),
        candidate TEXT,
        message TEXT,
        pid INTEGER
      );
      CREATE TABLE drift_states (
        asset TEXT PRIMARY KEY,
        model_id TEXT,
        state TEXT NOT NULL CHECK (state IN ('ok', 'warning', 'drifted', 'unknown')),
        since INTEGER NOT NULL,
        checked_at INTEGER NOT NULL,
        healthier_checks INTEGER NOT NULL DEFAULT 0,
        report TEXT NOT NULL
      );
      ALTER TABLE decisions ADD COLUMN model TEXT;
    `,
  },
  {
    version: 13,
    name: 'prediction cache per inference runtime (onnx or tfjs): cached predictions are the ones the run would compute',
    // ONNX Runtime and TensorFlow.js agree to about 1e-6, not to the bit: a backtest on one runtime must not
    // read what the other computed. Rows stored before runtimes were chosen were computed by tfjs.
    sql: `
      CREATE TABLE prediction_cache_rebuilt (
        model_id TEXT NOT NULL,
        runtime TEXT NOT NULL CHECK (runtime IN ('onnx', 'tfjs')),
        symbol TEXT NOT NULL,
        timeframe TEXT NOT NULL,
        bar_time INTEGER NOT NULL,
        p_up REAL NOT NULL,
        expected_return REAL,
        PRIMARY KEY (model_id, runtime, symbol, timeframe, bar_time)
      ) WITHOUT ROWID;
      INSERT INTO prediction_cache_rebuilt (model_id, runtime, symbol, timeframe, bar_time, p_up, expected_return)
        SELECT model_id, 'tfjs', symbol, timeframe, bar_time, p_up, expected_return FROM prediction_cache;
      DROP TABLE prediction_cache;
      ALTER TABLE prediction_cache_rebuilt RENAME TO prediction_cache;
    `,
  },
  {
    version: 14,
    name: "the exchange environment a live epoch trades in: production, or Kraken Futures' demo",
    // A rehearsal on demo-futures.kraken.com never continues a production portfolio, nor the reverse.
    sql: `
      ALTER TABLE epochs ADD COLUMN environment TEXT NOT NULL DEFAULT 'production' CHECK (environment IN ('production', 'demo'));
    `,
  },
];
