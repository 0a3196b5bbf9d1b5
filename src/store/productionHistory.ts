import type { Db } from './database.js';

export type ProductionAction = 'promote' | 'rollback' | 'retire';

/** One change of the model that judges an asset's trades; `modelId` null: the rule-based strategy alone. */
export interface ProductionChange {
  readonly id: number;
  readonly time: number;
  readonly asset: string;
  readonly modelId: string | null;
  readonly previousId: string | null;
  readonly action: ProductionAction;
  /** Who or what made the change: `operator (bot models promote)`, `bot optimize`, `retrain (every 30d)`... */
  readonly trigger: string;
  readonly reason: string;
}

interface Row {
  id: number;
  time: number;
  asset: string;
  model_id: string | null;
  previous_id: string | null;
  action: ProductionAction;
  trigger: string;
  reason: string;
}

const fromRow = (r: Row): ProductionChange => ({
  id: r.id,
  time: r.time,
  asset: r.asset,
  modelId: r.model_id,
  previousId: r.previous_id,
  action: r.action,
  trigger: r.trigger,
  reason: r.reason,
});

/**
 * Every change of production, per asset, appended and never edited: the last row of an asset says which
 * ensemble judges its trades now, and the rows before it are what `bot models rollback` walks back.
 */
export class ProductionHistory {
  constructor(private readonly db: Db) {}

  append(c: Omit<ProductionChange, 'id'>): void {
    this.db
      .prepare('INSERT INTO production_changes (time, asset, model_id, previous_id, action, trigger, reason) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(c.time, c.asset, c.modelId, c.previousId, c.action, c.trigger, c.reason);
  }

  /** The latest change of the asset, if it ever had one. */
  /** Every asset production was ever changed for. */
  assets(): string[] {
    return (this.db.prepare('SELECT DISTINCT asset FROM production_changes').all() as { asset: string }[]).map((r) => r.asset);
  }

  latest(asset: string): ProductionChange | undefined {
    const r = this.db.prepare('SELECT * FROM production_changes WHERE asset = ? ORDER BY id DESC LIMIT 1').get(asset) as Row | undefined;
    return r && fromRow(r);
  }

  /** Changes, newest first; of one asset or of all. */
  list(asset?: string, limit = 1000): ProductionChange[] {
    const rows = this.db
      .prepare('SELECT * FROM production_changes WHERE (@asset IS NULL OR asset = @asset) ORDER BY id DESC LIMIT @limit')
      .all({ asset: asset ?? null, limit }) as Row[];
    return rows.map(fromRow);
  }

  /** A cheap fingerprint of the whole history: it changes whenever production changes anywhere. */
  lastId(): number {
    return (this.db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM production_changes').get() as { id: number }).id;
  }
}
