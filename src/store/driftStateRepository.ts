import type { DriftLevel } from '../drift/driftLevel.js';
import type { DriftState } from '../drift/driftState.js';
import type { Db } from './database.js';

export interface StoredDriftState extends DriftState {
  readonly asset: string;
  readonly checkedAt: number;
  /** The last check's full report (JSON), for `bot status` and `bot models drift`. */
  readonly report: unknown;
}

interface Row {
  asset: string;
  model_id: string | null;
  state: DriftLevel;
  since: number;
  checked_at: number;
  healthier_checks: number;
  report: string;
}

const fromRow = (r: Row): StoredDriftState => ({
  asset: r.asset,
  modelId: r.model_id,
  state: r.state,
  since: r.since,
  checkedAt: r.checked_at,
  healthierChecks: r.healthier_checks,
  report: JSON.parse(r.report) as unknown,
});

/** Each asset's drift state after the latest check (one row per asset, replaced at each check). */
export class DriftStateRepository {
  constructor(private readonly db: Db) {}

  get(asset: string): StoredDriftState | undefined {
    const r = this.db.prepare('SELECT * FROM drift_states WHERE asset = ?').get(asset) as Row | undefined;
    return r && fromRow(r);
  }

  list(): StoredDriftState[] {
    return (this.db.prepare('SELECT * FROM drift_states ORDER BY asset').all() as Row[]).map(fromRow);
  }

  put(asset: string, s: DriftState, checkedAt: number, report: unknown): void {
    this.db
      .prepare(
        `INSERT INTO drift_states (asset, model_id, state, since, checked_at, healthier_checks, report) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (asset) DO UPDATE SET model_id = excluded.model_id, state = excluded.state, since = excluded.since,
           checked_at = excluded.checked_at, healthier_checks = excluded.healthier_checks, report = excluded.report`,
      )
      .run(asset, s.modelId, s.state, s.since, checkedAt, s.healthierChecks, JSON.stringify(report));
  }
}
