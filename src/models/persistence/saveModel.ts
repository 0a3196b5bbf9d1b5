import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { META_JSON, MODEL_JSON, TRAINING_CURVE, WEIGHTS_BIN } from './layout.js';
import { modelMetaSchema, type ModelMeta } from './meta.js';
import { modelJsonFor } from './modelJson.js';
import { trainingCurveSvg } from './trainingCurveSvg.js';

/**
 * Writes `dir`/model.json + weights.bin (tfjs-node's layout, through tf.io.withSaveHandler so no
 * tfjs-node is needed), meta.json and training-curve.svg. The files are written into a sibling
 * temporary folder that is renamed into place, so a crash never leaves a half-written version, and
 * an existing version is never overwritten: versions are immutable.
 */
export async function saveModel(dir: string, model: tf.LayersModel, meta: ModelMeta): Promise<void> {
  const checked = modelMetaSchema.parse(meta);
  const [, L, F] = model.inputs[0]?.shape ?? [];
  if (L !== checked.windowLength || F !== checked.featureCount) {
    throw new Error(`meta says ${checked.windowLength}x${checked.featureCount} windows, the model takes ${String(L)}x${String(F)}`);
  }
  if (fs.existsSync(dir)) throw new Error(`model version folder ${dir} already exists; versions are never overwritten`);

  let artifacts: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(checked.createdAt), modelTopologyType: 'JSON' } };
    }),
  );
  const saved = artifacts as tf.io.ModelArtifacts | null;
  if (!saved?.weightData) throw new Error('tfjs produced no weights to save');
  const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(saved.weightData));

  const staging = `${dir}.partial`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  try {
    fs.writeFileSync(path.join(staging, MODEL_JSON), JSON.stringify(modelJsonFor(saved)));
    fs.writeFileSync(path.join(staging, WEIGHTS_BIN), weights);
    fs.writeFileSync(path.join(staging, META_JSON), `${JSON.stringify(checked, null, 2)}\n`);
    fs.writeFileSync(
      path.join(staging, TRAINING_CURVE),
      trainingCurveSvg(checked.history, `${checked.kind} ${checked.asset} ${checked.version}`, checked.bestEpoch),
    );
    fs.renameSync(staging, dir);
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw err;
  }
}
