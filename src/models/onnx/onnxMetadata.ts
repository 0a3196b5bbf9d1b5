import type { ModelMeta } from '../persistence/meta.js';
import { ONNX_INPUT, ONNX_OUTPUT } from './onnxModel.js';

/** The ensemble a member belongs to: it combines the members and calibrates what they say together. */
export interface MemberEnsemble {
  readonly id: string;
  /** The ensemble's calibration of its combined probability (isotonic or Platt parameters). */
  readonly calibration: unknown;
  readonly method: string;
  readonly minConfidence: number;
}

/** The format of the metadata below, raised whenever a key changes meaning. */
export const ONNX_METADATA_FORMAT = '1';

/**
 * metadata_props of an exported member: what a reader needs to feed it and read it without this code.
 * The network alone is in the graph; the features, their scaling and the ensemble's calibration run
 * outside it (in TypeScript here), so their parameters travel as JSON.
 */
export function onnxMetadata(modelId: string, meta: ModelMeta, ensemble?: MemberEnsemble): Record<string, string> {
  const n = meta.normalisation as { featureSet?: unknown; normalizer?: unknown };
  return {
    'bot.format': ONNX_METADATA_FORMAT,
    'bot.model_id': modelId,
    'bot.kind': meta.kind,
    'bot.version': meta.version,
    'bot.pool': meta.asset,
    'bot.created_at': meta.createdAt,
    'bot.input': `${ONNX_INPUT}: float32 [batch, ${meta.windowLength}, ${meta.featureCount}], oldest step first, scaled features (bot.scaler)`,
    'bot.output':
      meta.returnScale === null
        ? `${ONNX_OUTPUT}: float32 [batch, 1], P(the strategy's trade beats its costs)`
        : `${ONNX_OUTPUT}: float32 [batch, 2], P(the strategy's trade beats its costs), expected return / bot.return_scale`,
    'bot.window_length': String(meta.windowLength),
    'bot.feature_count': String(meta.featureCount),
    'bot.features': JSON.stringify(meta.featureNames ?? []),
    'bot.feature_schema_hash': meta.featureSchemaHash,
    'bot.feature_set': JSON.stringify(n.featureSet ?? null),
    'bot.scaler': JSON.stringify(n.normalizer ?? null),
    'bot.return_scale': meta.returnScale === null ? '' : String(meta.returnScale),
    'bot.hyperparameters': JSON.stringify(meta.hyperparameters.spec),
    'bot.ensemble': ensemble?.id ?? '',
    'bot.ensemble_method': ensemble?.method ?? '',
    'bot.calibration': JSON.stringify(ensemble?.calibration ?? null),
    'bot.min_confidence': ensemble ? String(ensemble.minConfidence) : '',
  };
}
