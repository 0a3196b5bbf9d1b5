import type { Symbol } from '../../domain/bar.js';
import type { Config } from '../../config/schema.js';
import { timeframeMs } from '../../domain/timeframe.js';
import { ensembleId, judgesStrategy, type EnsembleArtifact } from '../../ensemble/ensembleArtifact.js';
import type { Scorer } from '../../ensemble/scorer.js';
import { errorMessage } from '../../internal/errors.js';
import type { Logger } from '../../internal/logger.js';
import { currentProduction, readEnsembleVersion } from '../../optimize/productionChange.js';
import type { Store } from '../../store/store.js';
import { TrendScorer } from '../../strategy/trendScorer.js';
import { readProductionEnsemble } from './ensembleFiles.js';
import { productionScorers } from './productionScorers.js';
import type { InferenceRuntime } from '../../models/inference/inferenceRuntime.js';

interface Load {
  readonly dispose: () => void;
}

export interface ModelSwitch {
  readonly asset: Symbol;
  readonly from: string | null;
  readonly to: string | null;
}

export interface ModelReloaderOptions {
  readonly config: Config;
  readonly store: Store;
  readonly modelsDir: string;
  readonly logger: Logger;
  readonly swapScorers: (next: ReadonlyMap<Symbol, Scorer>) => void;
  /** Runs the member models (chosen once at start-up). */
  readonly runtime: InferenceRuntime;
  /** Before models are loaded (the TensorFlow backend), once. */
  readonly prepare?: () => Promise<void>;
}

/**
 * Hot reload: between two steps of the loop (a bar boundary), when the production history changed (a
 * promotion, rollback or retirement, by hand or by a retrain), the assets whose production ensemble is
 * no longer the one loaded switch to the new one (or to the rule-based strategy), without a restart.
 * Each decision records the version that made it, so the record stays true across a switch.
 */
export class ModelReloader {
  private seen: number;
  private readonly loaded = new Map<Symbol, string | null>();
  /** Every set of loaded models, and which one scores each asset: a load no asset uses is disposed. */
  private loads: Load[] = [];
  private readonly scoredBy = new Map<Symbol, Load>();

  constructor(
    private readonly o: ModelReloaderOptions,
    initial: { dispose: () => void } | undefined,
  ) {
    this.seen = o.store.production.lastId();
    for (const asset of o.config.assets) {
      const a = readProductionEnsemble(o.modelsDir, asset);
      this.loaded.set(asset, a ? ensembleId(a) : null);
    }
    if (initial) {
      const load = { dispose: initial.dispose };
      this.loads.push(load);
      for (const asset of o.config.assets) this.scoredBy.set(asset, load);
    }
  }

  /** The version each asset is scored by now (null: the rule-based strategy). */
  get versions(): ReadonlyMap<Symbol, string | null> {
    return this.loaded;
  }

  /** Switch what changed since the last call; a new version that cannot be loaded is logged and left. */
  async atBarBoundary(): Promise<ModelSwitch[]> {
    const last = this.o.store.production.lastId();
    if (last === this.seen) return [];
    this.seen = last;
    const wanted = new Map<string | null, Symbol[]>();
    for (const asset of this.o.config.assets) {
      // Only assets with a recorded history follow it (a home promoted before it keeps its files).
      if (!this.o.store.production.latest(asset)) continue;
      const id = currentProduction(this.o.store, asset);
      if (id !== this.loaded.get(asset)) wanted.set(id, [...(wanted.get(id) ?? []), asset]);
    }
    const switches: ModelSwitch[] = [];
    for (const [id, assets] of wanted) {
      try {
        const next = await this.scorersFor(id, assets);
        this.o.swapScorers(next.scorers);
        const load = { dispose: next.dispose };
        this.loads.push(load);
        for (const asset of assets) {
          this.scoredBy.set(asset, load);
          switches.push({ asset, from: this.loaded.get(asset) ?? null, to: id });
          this.loaded.set(asset, id);
        }
      } catch (err) {
        this.o.logger.error('model switch failed; the asset keeps its model', { assets, to: id, error: errorMessage(err) });
      }
    }
    this.release();
    for (const s of switches) this.o.logger.info('model switched', { asset: s.asset, from: s.from ?? 'rule-based', to: s.to ?? 'rule-based' });
    return switches;
  }

  private async scorersFor(id: string | null, assets: readonly Symbol[]): Promise<{ scorers: Map<Symbol, Scorer>; dispose: () => void }> {
    const { config } = this.o;
    if (id === null) {
      const rule = new TrendScorer(timeframeMs(config.timeframe), config.strategy);
      return { scorers: new Map(assets.map((a) => [a, rule])), dispose: () => undefined };
    }
    const artifact: EnsembleArtifact = readEnsembleVersion(this.o.store, this.o.modelsDir, id);
    await this.o.prepare?.();
    if (!judgesStrategy(artifact, config.strategy)) throw new Error(`${id} judges the trades of other strategy settings than the config's`);
    const loaded = await productionScorers({
      config: { ...config, assets: [...assets] },
      store: this.o.store,
      modelsDir: this.o.modelsDir,
      logger: this.o.logger,
      mode: { kind: 'live' },
      runtime: this.o.runtime,
      artifacts: new Map(assets.map((a) => [a, artifact])),
    });
    return { scorers: loaded.scorers, dispose: loaded.dispose };
  }

  /** Dispose the models no asset is scored by any more. */
  private release(): void {
    const used = new Set(this.scoredBy.values());
    for (const load of this.loads) if (!used.has(load)) load.dispose();
    this.loads = this.loads.filter((l) => used.has(l));
  }

  dispose(): void {
    for (const l of this.loads) l.dispose();
    this.loads.length = 0;
  }
}
