import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/internal/errors.js';
import {
  DEFAULT_SIZES,
  MODEL_KINDS,
  assetDirectoryName,
  buildModel,
  countParams,
  modelDirectory,
  resolveSpec,
  tcnDilationsFor,
  tcnReceptiveField,
} from '../../src/models/index.js';

describe('resolveSpec', () => {
  it('fills every size of a kind from its defaults and keeps overrides', () => {
    expect(resolveSpec('lstm', { windowLength: 48, featureCount: 16 })).toEqual({
      windowLength: 48,
      featureCount: 16,
      returnHead: false,
      ...DEFAULT_SIZES.lstm,
    });
    expect(resolveSpec('transformer', { windowLength: 48, featureCount: 16, heads: 2, returnHead: true })).toMatchObject({
      heads: 2,
      modelDim: 32,
      returnHead: true,
    });
    expect(resolveSpec('tcn', { windowLength: 48, featureCount: 16 }).dilations).toEqual([1, 2, 4, 8]);
    expect(resolveSpec('tcn', { windowLength: 48, featureCount: 16, dilations: [1, 3] }).dilations).toEqual([1, 3]);
  });

  it('refuses impossible sizes as user errors that say what to fix', () => {
    expect(() => resolveSpec('transformer', { windowLength: 48, featureCount: 16, modelDim: 30, heads: 4 })).toThrow(UserError);
    expect(() => resolveSpec('transformer', { windowLength: 48, featureCount: 16, modelDim: 30, heads: 4 })).toThrow(
      /modelDim 30 is not a multiple of heads 4/,
    );
    expect(() => resolveSpec('lstm', { windowLength: 48, featureCount: 16, units: [] })).toThrow(/invalid lstm model sizes: units/);
    expect(() => resolveSpec('tcn', { windowLength: 48, featureCount: 0 })).toThrow(/featureCount/);
    expect(() => resolveSpec('cnnLstm', { windowLength: 5, featureCount: 3, kernelSize: 3, poolSize: 4 })).toThrow(/leaves no steps/);
  });
});

describe('TCN dilations', () => {
  it('default dilations double until the receptive field covers the window', () => {
    for (const L of [8, 24, 48, 64, 128]) {
      const d = tcnDilationsFor(L, 3);
      expect(d).toEqual(d.map((_, i) => 2 ** i));
      expect(tcnReceptiveField(3, d)).toBeGreaterThanOrEqual(L);
      expect(tcnReceptiveField(3, d.slice(0, -1))).toBeLessThan(L);
    }
  });
});

describe('buildModel', () => {
  it('builds every kind with one output column, or two with a return head', () => {
    for (const kind of MODEL_KINDS) {
      for (const returnHead of [false, true]) {
        const model = buildModel(kind, { windowLength: 16, featureCount: 4, returnHead }, 1);
        expect(model.inputs[0]?.shape).toEqual([null, 16, 4]);
        expect(model.outputs[0]?.shape).toEqual([null, returnHead ? 2 : 1]);
        expect(countParams(model)).toBeGreaterThan(100);
        model.dispose();
      }
    }
  });

  it('counts parameters: an LSTM level has 4·H·(in + H + 1)', () => {
    const model = buildModel('lstm', { windowLength: 10, featureCount: 3, units: [5] }, 1);
    expect(countParams(model)).toBe(4 * 5 * (3 + 5 + 1) + 5 + 1);
    model.dispose();
  });
});

describe('model folders', () => {
  it('models/<kind>/<asset>/<version> with the asset made file-system safe', () => {
    expect(modelDirectory('/h/models', 'cnnLstm', 'SOL/USD', '2025-07-01T120000Z')).toBe('/h/models/cnnLstm/SOL-USD/2025-07-01T120000Z');
    expect(assetDirectoryName('BTC/USD:USD')).toBe('BTC-USD-USD');
  });
});
