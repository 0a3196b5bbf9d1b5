import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config/schema.js';
import { timeframeMs } from '../../domain/timeframe.js';
import { driftReport, type DriftReport } from '../../drift/driftReport.js';
import { inputDrift, type InputDrift } from '../../drift/inputDrift.js';
import { predictionQuality, type PredictionQuality } from '../../drift/predictionQuality.js';
import type { EnsembleArtifact } from '../../ensemble/ensembleArtifact.js';
import { computeFeatures, featureSetFromJson, type FeatureSet } from '../../features/index.js';
import { META_JSON } from '../../models/persistence/layout.js';
import { currentProduction, readEnsembleVersion } from '../../optimize/productionChange.js';
import type { Store } from '../../store/store.js';
import { judgeProposals } from '../ensemble/tradeJudge.js';

const DAY = 86_400_000;

export interface DriftCheckOptions {
  readonly store: Store;
  readonly modelsDir: string;
  readonly config: Config;
  readonly asset: string;
  /** The check's time: the feed's clock in the daemon, the last stored bar's close in the CLI. */
  readonly time: number;
}

/** The feature set the ensemble's members read, from the first member's meta.json. */
function featureSetOf(store: Store, modelsDir: string, a: EnsembleArtifact): FeatureSet | undefined {
  for (const [member, id] of Object.entries(a.members)) {
    if (member === 'rule') continue;
    const v = store.models.get(id);
    if (!v) continue;
    const meta = JSON.parse(fs.readFileSync(path.join(modelsDir, v.path, META_JSON), 'utf8')) as { normalisation?: { featureSet?: unknown } };
    return featureSetFromJson(meta.normalisation?.featureSet, `${id} ${META_JSON} normalisation.featureSet`);
  }
  return undefined;
}

function measureInput(o: DriftCheckOptions, a: EnsembleArtifact): InputDrift | null {
  const ref = a.reference?.assets[o.asset];
  const set = ref && featureSetOf(o.store, o.modelsDir, a);
  if (!ref || !set || set.columns.join() !== a.reference?.columns.join()) return null;
  const tf = o.config.timeframe;
  const barMs = timeframeMs(tf);
  const from = o.time - o.config.models.drift.windowDays * DAY;
  // Features need their warm-up before the window (twice over: gaps in the candles).
  const history = from - 2 * set.warmup * barMs;
  const closed = (t: number) => t + barMs <= o.time;
  const bars = o.store.candles.range(o.asset, tf, history, o.time).filter((b) => closed(b.time));
  const leadSymbol = set.options.lead?.symbol;
  const lead = leadSymbol && leadSymbol !== o.asset ? o.store.candles.range(leadSymbol, tf, history, o.time).filter((b) => closed(b.time)) : undefined;
  const m = computeFeatures(set, bars, { symbol: o.asset, ...(lead && { lead }) });
  const rows: number[] = [];
  for (let i = 0; i < m.rows; i++) if ((m.times[i] as number) >= from) rows.push(i);
  const columns = set.columns.map((_, c) => Float64Array.from(rows, (r) => m.values[r * m.width + c] as number));
  return inputDrift(ref.features, set.columns, columns, o.config.models.drift);
}

/**
 * The live predictions of the ensemble for the asset (recorded with each decision) of the last
 * predictionWindowDays, each judged as the models were trained: entered at the next bar's open, held
 * horizonBars; only those whose horizon has passed by `time`.
 */
function measurePredictions(o: DriftCheckOptions, a: EnsembleArtifact, modelId: string): PredictionQuality {
  const barMs = timeframeMs(o.config.timeframe);
  const horizonMs = a.label.horizonBars * barMs;
  const from = o.time - o.config.models.drift.predictionWindowDays * DAY;
  const proposals = o.store.trading.judgedProposals(o.asset, modelId, from, o.time);
  const start = proposals[0]?.barTime ?? o.time;
  const bars = o.store.candles.range(o.asset, o.config.timeframe, start, o.time).filter((b) => b.time + barMs <= o.time);
  const { p, y } = judgeProposals(proposals, bars, horizonMs, a.label.roundTripCost);
  return predictionQuality(p, y, o.config.models.drift);
}

/** One drift check of the asset's production ensemble at `time`. */
export function measureDrift(o: DriftCheckOptions): DriftReport {
  const modelId = currentProduction(o.store, o.asset);
  if (modelId === null) return driftReport(o.asset, null, o.time, null, null);
  const artifact = readEnsembleVersion(o.store, o.modelsDir, modelId);
  return driftReport(o.asset, modelId, o.time, measureInput(o, artifact), measurePredictions(o, artifact, modelId));
}
