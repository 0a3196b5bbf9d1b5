import fs from 'node:fs';
import path from 'node:path';
import { onnxMetadata, type MemberEnsemble } from '../onnx/onnxMetadata.js';
import { onnxModelBytes } from '../onnx/onnxModel.js';
import { loadModel } from './loadModel.js';

export interface OnnxExport {
  readonly file: string;
  readonly bytes: number;
  readonly metadata: Record<string, string>;
}

/**
 * Writes the saved member in `dir` as one ONNX file at `file`, its metadata in metadata_props. Written to a
 * temporary file renamed into place: a reader never sees half a model. The same weights give the same bytes.
 */
export async function exportOnnxModel(dir: string, modelId: string, featureSchemaHash: string, file: string, ensemble?: MemberEnsemble): Promise<OnnxExport> {
  const { model, meta } = await loadModel(dir, featureSchemaHash);
  let bytes: Uint8Array;
  const metadata = onnxMetadata(modelId, meta, ensemble);
  try {
    bytes = onnxModelBytes(model, metadata);
  } finally {
    model.dispose();
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  return { file, bytes: bytes.length, metadata };
}
