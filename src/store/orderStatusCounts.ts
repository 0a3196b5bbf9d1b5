import type { Db } from './database.js';

/** How many orders of the epoch are in each status ('submitting' and 'unknown' are the journal's). */
export function orderStatusCounts(db: Db, epochId: number): Map<string, number> {
  const rows = db.prepare('SELECT status, COUNT(*) AS n FROM orders WHERE epoch_id = ? GROUP BY status').all(epochId) as { status: string; n: number }[];
  return new Map(rows.map((r) => [r.status, r.n]));
}
