import type { Symbol } from '../domain/bar.js';
import type { Db } from './database.js';

/** Where a resumable download stopped: its cursor and the `since` it was started with. */
export interface DownloadState {
  readonly symbol: Symbol;
  readonly timeframe: string;
  /** What is being paged, e.g. 'trades'. */
  readonly source: string;
  readonly cursor: string;
  readonly since: number;
  readonly updatedAt: number;
}

interface Row {
  symbol: string;
  timeframe: string;
  source: string;
  cursor: string;
  since: number;
  updated_at: number;
}

/** The download_state table: one row per (symbol, timeframe, source). */
export class DownloadStateRepository {
  private readonly getStmt;
  private readonly saveStmt;
  private readonly deleteStmt;

  constructor(db: Db) {
    this.getStmt = db.prepare('SELECT * FROM download_state WHERE symbol = ? AND timeframe = ? AND source = ?');
    this.saveStmt = db.prepare(
      `INSERT INTO download_state (symbol, timeframe, source, cursor, since, updated_at)
       VALUES (@symbol, @timeframe, @source, @cursor, @since, @updatedAt)
       ON CONFLICT (symbol, timeframe, source) DO UPDATE SET
         cursor = excluded.cursor, since = excluded.since, updated_at = excluded.updated_at`,
    );
    this.deleteStmt = db.prepare('DELETE FROM download_state WHERE symbol = ? AND timeframe = ? AND source = ?');
  }

  get(symbol: Symbol, timeframe: string, source: string): DownloadState | undefined {
    const row = this.getStmt.get(symbol, timeframe, source) as Row | undefined;
    return row && { symbol: row.symbol, timeframe: row.timeframe, source: row.source, cursor: row.cursor, since: row.since, updatedAt: row.updated_at };
  }

  /** Insert or replace; the caller's transaction (if any) covers it. */
  save(state: DownloadState): void {
    this.saveStmt.run(state);
  }

  delete(symbol: Symbol, timeframe: string, source: string): void {
    this.deleteStmt.run(symbol, timeframe, source);
  }
}
