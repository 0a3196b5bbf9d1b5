import type { Db } from './database.js';

export type ModelStatus = 'staging' | 'production' | 'retired';

export interface ModelVersion {
  /** kind/asset/version, e.g. lstm/SOL-USD/v3. */
  readonly id: string;
  readonly kind: string;
  readonly asset: string;
  readonly version: string;
  /** Folder of the artifacts, relative to the home's models/ folder. */
  readonly path: string;
  readonly status: ModelStatus;
  readonly featureSchemaHash: string;
  readonly backend: string;
  readonly seed: number;
  readonly metrics: Readonly<Record<string, number | null>>;
  readonly createdAt: number;
  readonly statusChangedAt: number;
  readonly note: string | null;
}

interface Row {
  id: string;
  kind: string;
  asset: string;
  version: string;
  path: string;
  status: ModelStatus;
  feature_schema_hash: string;
  backend: string;
  seed: number;
  metrics: string;
  created_at: number;
  status_changed_at: number;
  note: string | null;
}

const fromRow = (r: Row): ModelVersion => ({
  id: r.id,
  kind: r.kind,
  asset: r.asset,
  version: r.version,
  path: r.path,
  status: r.status,
  featureSchemaHash: r.feature_schema_hash,
  backend: r.backend,
  seed: r.seed,
  metrics: JSON.parse(r.metrics) as Record<string, number | null>,
  createdAt: r.created_at,
  statusChangedAt: r.status_changed_at,
  note: r.note,
});

/** Trained model versions and their lifecycle: staging -> production -> retired. Artifacts live on disk. */
export class ModelRegistry {
  constructor(private readonly db: Db) {}

  /** The next free version name for (kind, asset): v1, v2, ... */
  nextVersion(kind: string, asset: string): string {
    const rows = this.db.prepare('SELECT version FROM model_versions WHERE kind = ? AND asset = ?').all(kind, asset) as { version: string }[];
    const used = rows.map((r) => Number(/^v(\d+)$/.exec(r.version)?.[1] ?? 0));
    return `v${Math.max(0, ...used) + 1}`;
  }

  register(v: Omit<ModelVersion, 'statusChangedAt' | 'note'> & { note?: string | null }): ModelVersion {
    this.db
      .prepare(
        `INSERT INTO model_versions (id, kind, asset, version, path, status, feature_schema_hash, backend, seed, metrics,
           created_at, status_changed_at, note)
         VALUES (@id, @kind, @asset, @version, @path, @status, @featureSchemaHash, @backend, @seed, @metrics, @createdAt,
           @createdAt, @note)`,
      )
      .run({ ...v, metrics: JSON.stringify(v.metrics), note: v.note ?? null });
    return this.get(v.id) as ModelVersion;
  }

  get(id: string): ModelVersion | undefined {
    const r = this.db.prepare('SELECT * FROM model_versions WHERE id = ?').get(id) as Row | undefined;
    return r && fromRow(r);
  }

  list(filter: { asset?: string; kind?: string; status?: ModelStatus } = {}): ModelVersion[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM model_versions
         WHERE (@asset IS NULL OR asset = @asset) AND (@kind IS NULL OR kind = @kind) AND (@status IS NULL OR status = @status)
         ORDER BY asset, kind, created_at, id`,
      )
      .all({ asset: filter.asset ?? null, kind: filter.kind ?? null, status: filter.status ?? null }) as Row[];
    return rows.map(fromRow);
  }

  /** The production version of (kind, asset), if there is one. */
  production(kind: string, asset: string): ModelVersion | undefined {
    return this.list({ kind, asset, status: 'production' })[0];
  }

  /**
   * Make `id` the production version of its (kind, asset); the previous production version is retired.
   * One transaction: there is never a moment with two production versions, or none by mistake.
   */
  promote(id: string, time: number, note: string | null = null): void {
    this.db
      .transaction(() => {
        const v = this.get(id);
        if (!v) throw new Error(`no model version ${id}`);
        this.db
          .prepare("UPDATE model_versions SET status = 'retired', status_changed_at = ? WHERE kind = ? AND asset = ? AND status = 'production' AND id != ?")
          .run(time, v.kind, v.asset, id);
        this.db.prepare("UPDATE model_versions SET status = 'production', status_changed_at = ?, note = COALESCE(?, note) WHERE id = ?").run(time, note, id);
      })
      .immediate();
  }

  setStatus(id: string, status: ModelStatus, time: number, note: string | null = null): void {
    this.db.prepare('UPDATE model_versions SET status = ?, status_changed_at = ?, note = COALESCE(?, note) WHERE id = ?').run(status, time, note, id);
  }
}
