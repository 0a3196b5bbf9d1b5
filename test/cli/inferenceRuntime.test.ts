import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBot } from '../support/cli.js';
import { hasOnnxRuntime } from '../support/onnxRuntime.js';
import { makeTempHome, writeHomeConfig } from '../support/tempHome.js';

describe('models.runtime: the inference runtime, named by bot status', () => {
  const home = makeTempHome();
  const h = ['--home', home.dir];
  afterAll(() => home.cleanup());
  beforeAll(async () => {
    const r = await runBot([...h, 'reset', '--capital', '1000']);
    expect(r.code, r.stderr).toBe(0);
  });

  it('auto: ONNX Runtime where onnxruntime-node loads, else tfjs; in the text and in --json', async () => {
    const expected = hasOnnxRuntime ? 'onnx' : 'tfjs';
    const text = await runBot([...h, 'status']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`inference runtime: ${expected}\\b`));
    const json = await runBot([...h, 'status', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ inferenceRuntime: expected });
  });

  it('tfjs chosen in the config (or the environment) is the one named', async () => {
    const json = await runBot([...h, 'status', '--json'], { BOT__MODELS__RUNTIME: 'tfjs' });
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ inferenceRuntime: 'tfjs' });
  });

  it.skipIf(!hasOnnxRuntime)('onnx chosen in the config is the one named', async () => {
    writeHomeConfig(home.dir, 'models:\n  runtime: onnx\n');
    try {
      const json = await runBot([...h, 'status', '--json']);
      expect(json.code, json.stderr).toBe(0);
      expect(JSON.parse(json.stdout)).toMatchObject({ inferenceRuntime: 'onnx' });
    } finally {
      writeHomeConfig(home.dir, '');
    }
  });

  it('an unknown runtime is refused with the key, the value and what is allowed, exit 2', async () => {
    const r = await runBot([...h, 'status'], { BOT__MODELS__RUNTIME: 'gpu' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/models\.runtime/);
    expect(r.stderr).toMatch(/gpu/);
    expect(r.stderr).toMatch(/auto.*onnx.*tfjs|"auto"\|"onnx"\|"tfjs"/);
  });
});
