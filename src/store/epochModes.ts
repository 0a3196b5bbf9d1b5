import type { Db } from './database.js';
import { saveQuoteOffset } from './orderJournalRepository.js';
import type { Epoch } from './tradingRepository.js';

/** Paper epochs trade on the simulated venue, live ones on the exchange account; neither continues the other. */
export type EpochMode = 'paper' | 'live';

interface EpochRow {
  id: number;
  capital: number;
  created_at: number;
  note: string | null;
}

/** Where a live epoch's exchange account is: the real exchange, or Kraken Futures' demo environment. */
export type ExchangeEnvironment = 'production' | 'demo';

/**
 * The most recent epoch of `mode` (on `venue`, when given: a spot portfolio never continues on futures; in
 * `environment`, when given: a demo rehearsal never continues a production account), if any.
 */
export function latestEpochOf(db: Db, mode: EpochMode, venue?: string, environment?: ExchangeEnvironment): Epoch | undefined {
  const where = ['mode = ?', ...(venue === undefined ? [] : ['venue = ?']), ...(environment === undefined ? [] : ['environment = ?'])];
  const args = [mode, ...(venue === undefined ? [] : [venue]), ...(environment === undefined ? [] : [environment])];
  const r = db.prepare(`SELECT id, capital, created_at, note FROM epochs WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT 1`).get(...args) as
    | EpochRow
    | undefined;
  return r && { id: r.id, capital: r.capital, createdAt: r.created_at, note: r.note };
}

/** The venue an epoch trades on: kraken-spot or kraken-futures. */
export function epochVenue(db: Db, epochId: number): string | undefined {
  const r = db.prepare('SELECT venue FROM epochs WHERE id = ?').get(epochId) as { venue: string } | undefined;
  return r?.venue;
}

export function epochMode(db: Db, epochId: number): EpochMode | undefined {
  const r = db.prepare('SELECT mode FROM epochs WHERE id = ?').get(epochId) as { mode: EpochMode } | undefined;
  return r?.mode;
}

export interface NewLiveEpoch {
  /** The part of the quote balance the bot trades: the epoch's starting cash. */
  readonly capital: number;
  /** Quote held on the account apart from the bot (balance minus capital). */
  readonly heldApart: number;
  readonly quote: string;
  readonly time: number;
  readonly note: string;
  /** Default kraken-spot in production. */
  readonly venue?: string;
  readonly environment?: ExchangeEnvironment;
}

/**
 * A live epoch, its mode and the quote held apart in one transaction: a crash leaves either all of
 * them or none (never a paper-looking epoch holding a live account's balance).
 */
export function createLiveEpoch(db: Db, e: NewLiveEpoch): Epoch {
  return db
    .transaction((): Epoch => {
      const info = db
        .prepare("INSERT INTO epochs (capital, created_at, note, mode, venue, environment) VALUES (?, ?, ?, 'live', ?, ?)")
        .run(e.capital, e.time, e.note, e.venue ?? 'kraken-spot', e.environment ?? 'production');
      const id = Number(info.lastInsertRowid);
      db.prepare("INSERT INTO balances (epoch_id, currency, amount, updated_at) VALUES (?, 'USD', ?, ?)").run(id, e.capital, e.time);
      saveQuoteOffset(db, id, e.quote, e.heldApart, e.time);
      return { id, capital: e.capital, createdAt: e.time, note: e.note };
    })
    .immediate();
}
