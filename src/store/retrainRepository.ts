import type { Db } from './database.js';

export type RetrainStatus = 'running' | 'promoted' | 'refused' | 'failed' | 'timeout' | 'abandoned';

export interface RetrainRun {
  readonly id: number;
  /** The pool retrained, e.g. BTC/USD+ETH/USD+SOL/USD. */
  readonly pool: string;
  /** `schedule` or `drift`, and what exactly: `every 30d`, `SOL/USD drifted: ...`. */
  readonly trigger: string;
  readonly reason: string;
  /** The feed's time when it was started (the schedule is kept on the feed's clock). */
  readonly feedTime: number;
  /** Training data ends here: bars at or after it are not read (a replay never trains on its future). */
  readonly dataTo: number;
  readonly startedAt: number;
  readonly finishedAt: number | null;
  readonly status: RetrainStatus;
  readonly candidate: string | null;
  /** The promotion line (promoted or refused), or what went wrong. */
  readonly message: string | null;
  readonly pid: number | null;
}

interface Row {
  id: number;
  pool: string;
  trigger: string;
  reason: string;
  feed_time: number;
  data_to: number;
  started_at: number;
  finished_at: number | null;
  status: RetrainStatus;
  candidate: string | null;
  message: string | null;
  pid: number | null;
}

const fromRow = (r: Row): RetrainRun => ({
  id: r.id,
  pool: r.pool,
  trigger: r.trigger,
  reason: r.reason,
  feedTime: r.feed_time,
  dataTo: r.data_to,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  status: r.status,
  candidate: r.candidate,
  message: r.message,
  pid: r.pid,
});

/** The daemon's retrain runs: started, then finished once (promoted, refused, failed, timed out or abandoned). */
export class RetrainRepository {
  constructor(private readonly db: Db) {}

  start(r: Pick<RetrainRun, 'pool' | 'trigger' | 'reason' | 'feedTime' | 'dataTo' | 'startedAt'>): number {
    const info = this.db
      .prepare("INSERT INTO retrains (pool, trigger, reason, feed_time, data_to, started_at, status) VALUES (?, ?, ?, ?, ?, ?, 'running')")
      .run(r.pool, r.trigger, r.reason, r.feedTime, r.dataTo, r.startedAt);
    return Number(info.lastInsertRowid);
  }

  setPid(id: number, pid: number): void {
    this.db.prepare('UPDATE retrains SET pid = ? WHERE id = ?').run(pid, id);
  }

  finish(id: number, f: { status: Exclude<RetrainStatus, 'running'>; finishedAt: number; candidate?: string | null; message: string }): void {
    this.db
      .prepare("UPDATE retrains SET status = ?, finished_at = ?, candidate = ?, message = ? WHERE id = ? AND status = 'running'")
      .run(f.status, f.finishedAt, f.candidate ?? null, f.message, id);
  }

  /** Runs a previous daemon left 'running' (it was killed): they will never finish. */
  abandonRunning(time: number): number {
    return this.db
      .prepare(
        "UPDATE retrains SET status = 'abandoned', finished_at = ?, message = COALESCE(message, 'the daemon stopped before the retrain finished; production unchanged by it') WHERE status = 'running'",
      )
      .run(time).changes;
  }

  /** Newest first. */
  list(limit = 100): RetrainRun[] {
    return (this.db.prepare('SELECT * FROM retrains ORDER BY id DESC LIMIT ?').all(limit) as Row[]).map(fromRow);
  }

  /** The feed time of the latest retrain started: the schedule counts from it. */
  lastFeedTime(): number | undefined {
    const r = this.db.prepare('SELECT MAX(feed_time) AS t FROM retrains').get() as { t: number | null };
    return r.t ?? undefined;
  }
}
