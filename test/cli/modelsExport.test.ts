import fs from 'node:fs';
import path from 'node:path';
import protobuf from 'protobufjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnsembleArtifact } from '../../src/ensemble/ensembleArtifact.js';
import { importOnnxRuntime } from '../../src/models/inference/ortModule.js';
import { selectBackend } from '../../src/models/backend.js';
import { ONNX_SCHEMA } from '../../src/models/onnx/onnxSchema.js';
import { loadModel } from '../../src/models/persistence/loadModel.js';
import { Predictor } from '../../src/models/predictor.js';
import { ensembleVersionFile } from '../../src/runtime/ensemble/ensembleFiles.js';
import { homePaths } from '../../src/runtime/home.js';
import { runBot } from '../support/cli.js';
import { hasOnnxRuntime, ONNX_RUNTIME_MISSING } from '../support/onnxRuntime.js';
import { hasSharedData, SHARED_DATA_MISSING } from '../support/sharedData.js';
import { trainedHome, type TrainedHome } from '../support/trainedHome.js';

interface DecodedModel {
  irVersion: number;
  opsetImport: { domain?: string; version: number }[];
  graph: { input: { name: string }[]; output: { name: string }[] };
  metadataProps: { key: string; value: string }[];
}

/** The file read back through the ONNX schema, independently of the code that wrote it. */
function decode(file: string): DecodedModel {
  const type = protobuf.Root.fromJSON(ONNX_SCHEMA as unknown as protobuf.INamespace).lookupType('onnx.ModelProto');
  return type.toObject(type.decode(fs.readFileSync(file)), { longs: Number, defaults: false }) as DecodedModel;
}

describe.skipIf(!hasSharedData || !hasOnnxRuntime)(
  `bot models export ID --onnx ${hasSharedData ? '' : SHARED_DATA_MISSING} ${hasOnnxRuntime ? '' : ONNX_RUNTIME_MISSING}`,
  () => {
    let home: TrainedHome;
    let members: string[];
    let ensemble: string;
    beforeAll(async () => {
      home = await trainedHome([42], ['transformer', 'tcn', 'lstm', 'cnnLstm']);
      const run = home.runs[0]!;
      members = run.candidate.members;
      ensemble = run.candidate.id;
    }, 300_000);
    afterAll(() => home?.cleanup());

    it('writes a member as a standard ONNX file that onnxruntime loads, with its metadata, computing what tfjs computes', async () => {
      const lstm = members.find((id) => id.startsWith('lstm/'))!;
      const r = await runBot([...home.h, 'models', 'export', lstm, '--onnx', '--json']);
      expect(r.code, r.stderr).toBe(0);
      const { files } = JSON.parse(r.stdout) as { files: { file: string; bytes: number }[] };
      const paths = homePaths(home.dir);
      const dir = path.dirname(files[0]!.file);
      expect(files).toHaveLength(1);
      expect(files[0]!.file).toBe(path.join(dir, 'model.onnx'));
      expect(fs.statSync(files[0]!.file).size).toBe(files[0]!.bytes);

      const onnx = decode(files[0]!.file);
      expect(onnx.opsetImport).toEqual([{ domain: '', version: 17 }]);
      expect(onnx.graph.input.map((i) => i.name)).toEqual(['window']);
      expect(onnx.graph.output.map((o) => o.name)).toEqual(['outputs']);
      const meta = Object.fromEntries(onnx.metadataProps.map((p) => [p.key, p.value]));
      const saved = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8')) as {
        kind: string;
        version: string;
        windowLength: number;
        featureCount: number;
        featureNames: string[];
        featureSchemaHash: string;
        returnScale: number | null;
        normalisation: { normalizer: unknown; featureSet: unknown };
      };
      const artifact = parseEnsembleArtifact(JSON.parse(fs.readFileSync(ensembleVersionFile(paths.modelsDir, ['SOL/USD'], 'v1'), 'utf8')), 'v1');
      expect(meta).toMatchObject({
        'bot.model_id': lstm,
        'bot.kind': 'lstm',
        'bot.version': saved.version,
        'bot.window_length': String(saved.windowLength),
        'bot.feature_count': String(saved.featureCount),
        'bot.feature_schema_hash': saved.featureSchemaHash,
        'bot.ensemble': ensemble,
      });
      expect(JSON.parse(meta['bot.features']!)).toEqual(saved.featureNames);
      expect(saved.featureNames).toHaveLength(saved.featureCount);
      expect(JSON.parse(meta['bot.scaler']!)).toEqual(saved.normalisation.normalizer);
      expect(JSON.parse(meta['bot.feature_set']!)).toEqual(saved.normalisation.featureSet);
      expect(JSON.parse(meta['bot.calibration']!)).toEqual(artifact.spec.calibration);

      // onnxruntime-node loads the file and computes what the tfjs model computes.
      const ort = await importOnnxRuntime();
      const session = await ort.InferenceSession.create(fs.readFileSync(files[0]!.file));
      const n = 8;
      const x = Float32Array.from({ length: n * saved.windowLength * saved.featureCount }, (_, i) => Math.sin(i / 7));
      const out = (await session.run({ window: new ort.Tensor('float32', x, [n, saved.windowLength, saved.featureCount]) }))['outputs']!.data as Float32Array;
      await session.release();
      await selectBackend('wasm');
      const loaded = await loadModel(dir, saved.featureSchemaHash);
      const want = Predictor.fromLoaded(loaded).predict(x);
      loaded.model.dispose();
      const columns = out.length / n;
      for (let i = 0; i < n; i++) expect(Math.abs(out[i * columns]! - want.pUp[i]!)).toBeLessThan(1e-5);
    });

    it('an ensemble: every member of every kind into --out, each with the ensemble that calibrates it', async () => {
      const out = path.join(home.dir, 'exported');
      const r = await runBot([...home.h, 'models', 'export', ensemble, '--onnx', '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      expect(fs.readdirSync(out).sort()).toEqual(['cnnLstm.onnx', 'lstm.onnx', 'tcn.onnx', 'transformer.onnx']);
      const ort = await importOnnxRuntime();
      for (const file of fs.readdirSync(out)) {
        const meta = Object.fromEntries(decode(path.join(out, file)).metadataProps.map((p) => [p.key, p.value]));
        expect(`${meta['bot.kind']}.onnx`).toBe(file);
        expect(members).toContain(meta['bot.model_id']);
        expect(meta['bot.ensemble']).toBe(ensemble);
        const session = await ort.InferenceSession.create(fs.readFileSync(path.join(out, file)));
        expect(session.inputNames).toEqual(['window']);
        await session.release();
      }
      // One line per file, naming it.
      expect(r.stdout.trim().split('\n')).toHaveLength(4);
    });

    it('a model id that is not registered: a clear error naming the ones that are, exit 2, nothing written', async () => {
      const r = await runBot([...home.h, 'models', 'export', 'lstm/SOL-USD/v99', '--onnx']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/no model version 'lstm\/SOL-USD\/v99'/);
      expect(r.stderr).toMatch(/bot models list/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(fs.existsSync(path.join(homePaths(home.dir).modelsDir, 'lstm', 'SOL-USD', 'v99'))).toBe(false);
    });

    it('without --onnx: asks for the format, exit 2', async () => {
      const r = await runBot([...home.h, 'models', 'export', members[0]!]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--onnx/);
    });
  },
);
