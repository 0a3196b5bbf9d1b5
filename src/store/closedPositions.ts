import type { FillEffect } from '../domain/fill.js';
import type { ClosedPosition } from '../domain/ports.js';
import type { Db } from './database.js';
import { positionFromRow, type PositionRow } from './tradingRepository.js';

interface ClosedRow extends PositionRow {
  exit_price: number;
  exit_time: number;
  exit_reason: FillEffect;
  realized_pnl: number;
}

/** The epoch's closed positions, in the order they closed. */
export function closedPositions(db: Db, epochId: number): ClosedPosition[] {
  const rows = db.prepare("SELECT * FROM positions WHERE epoch_id = ? AND status = 'closed' ORDER BY exit_time, entry_time, id").all(epochId) as ClosedRow[];
  return rows.map((r) => ({
    position: positionFromRow(r),
    exitPrice: r.exit_price,
    exitTime: r.exit_time,
    exitReason: r.exit_reason,
    realizedPnl: r.realized_pnl,
  }));
}
