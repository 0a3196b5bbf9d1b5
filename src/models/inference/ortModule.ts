/**
 * The part of onnxruntime-node's API the bot uses, typed here so that the bot builds and runs where the
 * optional package is not installed.
 */
export interface OrtTensor {
  readonly data: unknown;
  readonly dims: readonly number[];
}

export interface OrtSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor | undefined>>;
  release(): Promise<void>;
}

export interface OrtModule {
  readonly InferenceSession: { create(model: Uint8Array, options?: Record<string, unknown>): Promise<OrtSession> };
  readonly Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => OrtTensor;
}

/** Module specifier kept in a variable so that TypeScript does not require onnxruntime-node to be installed. */
const ONNXRUNTIME_NODE = 'onnxruntime-node';

/** Loads onnxruntime-node (its native binding); rejects where it is not installed or cannot load. */
export async function importOnnxRuntime(): Promise<OrtModule> {
  const mod = (await import(ONNXRUNTIME_NODE)) as Partial<OrtModule> & { default?: Partial<OrtModule> };
  const api = mod.InferenceSession ? mod : mod.default;
  if (!api?.InferenceSession || !api.Tensor) throw new Error('onnxruntime-node loaded, but without InferenceSession and Tensor');
  return api as OrtModule;
}
