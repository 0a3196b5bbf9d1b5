import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { z } from 'zod';
import { UserError, errorMessage } from '../../internal/errors.js';
import { registerCustomLayers } from '../layers/register.js';
import { META_JSON, MODEL_JSON } from './layout.js';
import { modelMetaSchema, type ModelMeta } from './meta.js';
import { modelJsonSchema } from './modelJson.js';

export interface LoadedModel {
  model: tf.LayersModel;
  meta: ModelMeta;
}

/**
 * Loads a saved model version with plain tfjs (tf.io.fromMemory: no tfjs-node, any backend). Refuses,
 * with a UserError, a model whose feature schema hash is not `expectedSchemaHash`: its inputs would
 * mean something else now.
 */
export async function loadModel(dir: string, expectedSchemaHash: string): Promise<LoadedModel> {
  const meta = readJson(path.join(dir, META_JSON), modelMetaSchema);
  if (meta.featureSchemaHash !== expectedSchemaHash) {
    throw new UserError(`model ${dir} was trained on feature schema ${meta.featureSchemaHash}, but the features are now schema ${expectedSchemaHash}`, {
      hint: 'the feature set changed since this model was trained: retrain it (`bot optimize`) or restore the feature set it was trained with',
    });
  }
  const modelJson = readJson(path.join(dir, MODEL_JSON), modelJsonSchema);
  const buffers: Uint8Array[] = [];
  const weightSpecs: tf.io.WeightsManifestEntry[] = [];
  for (const group of modelJson.weightsManifest) {
    for (const file of group.paths) buffers.push(readWeights(dir, file));
    weightSpecs.push(...(group.weights as tf.io.WeightsManifestEntry[]));
  }
  registerCustomLayers();
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: modelJson.modelTopology,
        weightSpecs,
        weightData: concat(buffers),
        ...(modelJson.format !== undefined ? { format: modelJson.format } : {}),
        ...(modelJson.generatedBy !== undefined ? { generatedBy: modelJson.generatedBy } : {}),
        ...(modelJson.convertedBy != null ? { convertedBy: modelJson.convertedBy } : {}),
      }),
    );
  } catch (err) {
    throw new UserError(`model ${dir} could not be loaded: ${errorMessage(err)}`, {
      hint: 'the files may be damaged or written by an incompatible version; retrain it with `bot optimize`',
      cause: err,
    });
  }
  const [, L, F] = model.inputs[0]?.shape ?? [];
  if (L !== meta.windowLength || F !== meta.featureCount) {
    model.dispose();
    throw new UserError(`model ${dir}: meta.json says ${meta.windowLength}x${meta.featureCount} windows but model.json takes ${String(L)}x${String(F)}`, {
      hint: 'the folder mixes files of different versions; retrain it',
    });
  }
  return { model, meta };
}

function readJson<S extends z.ZodType>(file: string, schema: S): z.infer<S> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new UserError(`no saved model at ${path.dirname(file)}: ${path.basename(file)} is missing`, {
      hint: 'train one with `bot optimize`, or check the models folder of the bot home',
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new UserError(`${file}: not valid JSON (${errorMessage(err)})`, { hint: 'the file is damaged; retrain the model' });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(`${file}: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`, {
      hint: 'the file is damaged or from an incompatible version; retrain the model',
    });
  }
  return parsed.data;
}

function readWeights(dir: string, file: string): Uint8Array {
  const resolved = path.resolve(dir, file);
  if (path.dirname(resolved) !== path.resolve(dir)) {
    throw new UserError(`${path.join(dir, MODEL_JSON)}: weight file '${file}' is outside the model folder`, { hint: 'the file is damaged; retrain the model' });
  }
  try {
    return fs.readFileSync(resolved);
  } catch {
    throw new UserError(`model ${dir}: weight file ${file} is missing`, { hint: 'the folder is incomplete; retrain the model' });
  }
}

function concat(parts: Uint8Array[]): ArrayBuffer {
  const total = parts.reduce((n, p) => n + p.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.byteLength;
  }
  return out.buffer;
}
