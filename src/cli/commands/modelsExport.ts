import path from 'node:path';
import type { Command } from 'commander';
import { ensembleId, type EnsembleArtifact } from '../../ensemble/ensembleArtifact.js';
import { UserError } from '../../internal/errors.js';
import { backendPreferenceFrom, selectBackend } from '../../models/backend.js';
import type { MemberEnsemble } from '../../models/onnx/onnxMetadata.js';
import { ONNX_OPSET } from '../../models/onnx/onnxModel.js';
import { exportOnnxModel, type OnnxExport } from '../../models/persistence/exportOnnx.js';
import { readEnsembleVersion } from '../../optimize/productionChange.js';
import type { ModelVersion } from '../../store/modelRegistry.js';
import type { Store } from '../../store/store.js';
import type { CliContext } from '../context.js';
import { registeredModel } from '../registeredModel.js';

/** The exported file's name in a member's own folder, beside model.json. */
const ONNX_FILE = 'model.onnx';

interface ExportOptions {
  onnx?: boolean;
  out?: string;
  json?: boolean;
}

function memberEnsemble(a: EnsembleArtifact): MemberEnsemble {
  return { id: ensembleId(a), calibration: a.spec.calibration, method: a.spec.method.kind, minConfidence: a.minConfidence };
}

/** The newest ensemble that names `id` among its members: its calibration is what the member's output goes through. */
function ensembleOf(store: Store, modelsDir: string, id: string): EnsembleArtifact | undefined {
  const ensembles = store.models.list({ kind: 'ensemble' }).sort((a, b) => b.createdAt - a.createdAt);
  for (const e of ensembles) {
    const artifact = readEnsembleVersion(store, modelsDir, e.id);
    if (Object.values(artifact.members).includes(id)) return artifact;
  }
  return undefined;
}

/** `bot models export ID --onnx`: a member (or every member of an ensemble) as a standard ONNX model. */
export function registerModelsExport(models: Command, ctx: CliContext): void {
  models
    .command('export <id>')
    .description("a member model, or every member of an ensemble, as a standard ONNX model (opset 17) with the model's metadata")
    .option('--onnx', 'write ONNX (the one format for now)')
    .option('--out <path>', `file for a member (default: ${ONNX_FILE} in its folder); folder for an ensemble's members`)
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  bot models export lstm/BTC-USD-ETH-USD-SOL-USD/v1 --onnx\n  bot models export ensemble/BTC-USD-ETH-USD-SOL-USD/v1 --onnx --out exported/',
    )
    .action(async (id: string, opts: ExportOptions) => {
      if (!opts.onnx) throw new UserError('say which format to export: --onnx', { hint: `e.g. bot models export ${id} --onnx` });
      const { config } = ctx.config();
      const store = ctx.openStore();
      try {
        const v = registeredModel(store, id);
        const modelsDir = ctx.home.modelsDir;
        const artifact = v.kind === 'ensemble' ? readEnsembleVersion(store, modelsDir, id) : ensembleOf(store, modelsDir, id);
        const members: ModelVersion[] =
          v.kind === 'ensemble' ? Object.entries(artifact?.members ?? {}).flatMap(([m, mid]) => (m === 'rule' ? [] : [registeredModel(store, mid)])) : [v];
        const out = opts.out === undefined ? undefined : path.resolve(ctx.io.cwd, opts.out);
        const fileOf = (m: ModelVersion) =>
          out === undefined ? path.join(modelsDir, m.path, ONNX_FILE) : v.kind === 'ensemble' ? path.join(out, `${m.kind}.onnx`) : out;
        // Loading a saved tfjs model needs a TensorFlow.js backend; the export reads its weights.
        await selectBackend(backendPreferenceFrom(ctx.io.env, config.models.backend));
        const written: OnnxExport[] = [];
        for (const m of members) {
          written.push(await exportOnnxModel(path.join(modelsDir, m.path), m.id, m.featureSchemaHash, fileOf(m), artifact && memberEnsemble(artifact)));
        }
        if (opts.json) {
          ctx.io.out(JSON.stringify({ id, opset: ONNX_OPSET, files: written }, null, 2));
          return;
        }
        for (const w of written) {
          const m = w.metadata;
          ctx.io.out(
            `${m['bot.model_id']} -> ${w.file} (${(w.bytes / 1024).toFixed(1)} KiB, ONNX opset ${ONNX_OPSET}): ${m['bot.kind']}, windows of ${m['bot.window_length']} x ${m['bot.feature_count']} features${m['bot.ensemble'] ? `, calibrated by ${m['bot.ensemble']}` : ''}`,
          );
        }
      } finally {
        store.close();
      }
    });
}
