/**
 * Sequence models: window [L, F] -> P(up) (and, optionally, an expected return).
 *
 * Lifecycle, in the order a caller uses it:
 *
 *   const backend = await selectBackend(backendPreferenceFrom(process.env, config.models?.backend));
 *     // 'tensorflow' (tfjs-node) when it loads, else 'wasm', else 'cpu'; BOT_TF_BACKEND forces one.
 *   const spec = resolveSpec('lstm', { windowLength: 48, featureCount: 16, returnHead: true });
 *   const model = buildModel('lstm', spec, seed);                 // seeded initialisers and dropout
 *   const result = await trainModel(model, { train, validation }, { epochs, batchSize, learningRate, patience, seed });
 *     // data: SampleSources (windowedSource over one feature matrix: no window is materialised twice)
 *     //   or arrays { trainX, trainY, valX, valY, windowLength, featureCount, trainReturns?, valReturns? }.
 *     // Adam, class-balanced BCE (+ MSE of scaled returns for a return head), gradient clipping,
 *     // early stopping on validation loss; the model ends holding its best epoch's weights.
 *     // onBatch/onEpoch feed trainingProgress() for a terminal bar or log lines (naming the backend).
 *   await saveModel(dir, model, modelMetaFor({ kind, spec, model, training: result, options, ... }));
 *     // dir = modelDirectory(modelsRoot, kind, asset, version): model.json + weights.bin (tfjs-node's
 *     // layout), meta.json (zod-checked), training-curve.svg; written atomically, never overwritten.
 *   const loaded = await loadModel(dir, currentFeatureSchemaHash); // UserError on a schema mismatch
 *   const predictor = Predictor.fromLoaded(loaded);               // owns the model; dispose() when done
 *   const { pUp, expectedReturn } = predictor.predict(windows);  // Float32Array of n·L·F, oldest row first
 *
 * Inference on another runtime (training stays on tfjs):
 *
 *   const runtime = await selectInferenceRuntime(config.models.runtime); // auto: onnx where onnxruntime-node loads
 *   const member = await runtime.predictor({ model, returnScale, owns: true }); // a MemberPredictor
 *   const one = await member.predictOne(window);                 // tfjs answers at once, ONNX with a promise
 *   const bytes = onnxModelBytes(model, metadata);               // the ONNX file `bot models export --onnx` writes
 *
 * Determinism: the same seed on the same backend gives the same weights after training (initialisers,
 * dropout masks and batch order all derive from seeds). Different backends differ in the last bits.
 *
 * Purity: everything here except persistence/ is core code: no file I/O, no clock (trainModel takes
 * `now`), no Math.random. The wasm backend gets a faster transposed matMul (wasmTransposedMatMul.ts).
 */
export {
  BACKEND_ENV,
  BACKEND_NAMES,
  backendPreferenceFrom,
  currentBackend,
  defaultBackendLoaders,
  parseBackendPreference,
  selectBackend,
  type BackendLoaders,
  type BackendName,
  type BackendPreference,
  type SelectBackendOptions,
} from './backend.js';
export { buildModel, countParams } from './buildModel.js';
export {
  DEFAULT_SIZES,
  MODEL_KINDS,
  SIZES_SCHEMAS,
  isModelKind,
  resolveSpec,
  tcnDilationsFor,
  tcnReceptiveField,
  type CnnLstmSizes,
  type LstmSizes,
  type ModelKind,
  type ModelShape,
  type ModelSpec,
  type ResolvedSpec,
  type SizesByKind,
  type TcnSizes,
  type TransformerSizes,
} from './kinds.js';
export { P_UP_COLUMN, RETURN_COLUMN } from './architectures/head.js';
export { registerCustomLayers } from './layers/register.js';
export {
  TRAINING_DEFAULTS,
  trainModel,
  type ArrayTrainingData,
  type BatchProgress,
  type EpochReport,
  type SourceTrainingData,
  type StopReason,
  type TrainOptions,
  type TrainResult,
  type TrainingData,
} from './training/trainModel.js';
export { arraySource, windowedSource, type ArraySourceInput, type SampleSource, type WindowedSourceInput } from './training/samples.js';
export { balancedClassWeights, type ClassWeights } from './training/classWeights.js';
export { trainingProgress, type TrainingProgress, type TrainingProgressOptions } from './training/progress.js';
export { saveModel } from './persistence/saveModel.js';
export { loadModel, type LoadedModel } from './persistence/loadModel.js';
export { META_FORMAT, modelMetaSchema, type ModelMeta, type ModelRange, type TrainingHyperparameters } from './persistence/meta.js';
export { modelMetaFor, type ModelMetaInput } from './persistence/modelMetaFor.js';
export { trainingCurveSvg, type CurvePoint } from './persistence/trainingCurveSvg.js';
export { META_JSON, MODEL_JSON, TRAINING_CURVE, WEIGHTS_BIN, assetDirectoryName, modelDirectory } from './persistence/layout.js';
export { Predictor, type Prediction, type Predictions, type PredictorOptions, type WindowSource } from './predictor.js';
export { INFERENCE_RUNTIMES, type InferenceRuntimeName, type MemberPredictor } from './inference/memberPredictor.js';
export { onnxRuntime, tfjsRuntime, type InferenceRuntime, type MemberNetwork } from './inference/inferenceRuntime.js';
export { RUNTIME_PREFERENCES, selectInferenceRuntime, type RuntimePreference, type SelectRuntimeOptions } from './inference/selectRuntime.js';
export { ONNX_INPUT, ONNX_OPSET, ONNX_OUTPUT, onnxModelBytes } from './onnx/onnxModel.js';
export { onnxMetadata, type MemberEnsemble } from './onnx/onnxMetadata.js';
export { exportOnnxModel, type OnnxExport } from './persistence/exportOnnx.js';
