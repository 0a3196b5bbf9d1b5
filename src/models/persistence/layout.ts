import path from 'node:path';
import type { ModelKind } from '../kinds.js';

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';
export const META_JSON = 'meta.json';
export const TRAINING_CURVE = 'training-curve.svg';

/** models/<kind>/<asset>/<version>/, the asset written file-system safe (SOL/USD -> SOL-USD). */
export function modelDirectory(modelsRoot: string, kind: ModelKind, asset: string, version: string): string {
  return path.join(modelsRoot, kind, assetDirectoryName(asset), version);
}

export function assetDirectoryName(asset: string): string {
  return asset.replace(/[^A-Za-z0-9._-]+/g, '-');
}
