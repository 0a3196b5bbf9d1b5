import { innerShape, layerWeight, only, type LayerInput } from './layerWeights.js';

/**
 * StackedLstm as one ONNX LSTM node per level (time-major, one direction). Our level-l kernel is
 * [4H, in + H + 1]: gate rows i, f, o, g, columns input weights, recurrent weights, bias. ONNX wants W
 * [1, 4H, in] and R [1, 4H, H] in gate order i, o, f, c, and B [1, 8H] (input then recurrent bias). Our
 * candidate gate is 2·sigmoid(a) - 1 = tanh(a/2) and our cell output 2·sigmoid(2c) - 1 = tanh(c), so
 * ONNX's default tanh activations compute them once the candidate rows are halved (exact in binary).
 */
export function stackedLstmNodes(x: LayerInput): string {
  const units = (x.layer.getConfig() as { units: number[] }).units;
  const name = x.layer.name;
  let inDim = innerShape(x.layer)[1] as number;
  let sequence = x.graph.node('Transpose', [only(x)], { perm: { ints: [1, 0, 2] } }, `${name}_time_major`);
  let last = '';
  units.forEach((H, level) => {
    const kernel = layerWeight(x.layer, `kernel_${level}`).values;
    const K = inDim + H + 1;
    const W = new Float32Array(4 * H * inDim);
    const R = new Float32Array(4 * H * H);
    const B = new Float32Array(8 * H);
    // Our gate blocks i, f, o, g go to ONNX positions i, o, f, c.
    [0, 2, 1, 3].forEach((onnxGate, ourGate) => {
      const scale = ourGate === 3 ? 0.5 : 1;
      for (let j = 0; j < H; j++) {
        const from = (ourGate * H + j) * K;
        const row = onnxGate * H + j;
        for (let c = 0; c < inDim; c++) W[row * inDim + c] = (kernel[from + c] as number) * scale;
        for (let c = 0; c < H; c++) R[row * H + c] = (kernel[from + inDim + c] as number) * scale;
        B[row] = (kernel[from + K - 1] as number) * scale;
      }
    });
    const top = level === units.length - 1;
    const base = `${name}_${level}`;
    const [y, yh] = x.graph.nodeOutputs(
      'LSTM',
      [sequence, x.graph.floats(`${base}_W`, W, [1, 4 * H, inDim]), x.graph.floats(`${base}_R`, R, [1, 4 * H, H]), x.graph.floats(`${base}_B`, B, [1, 8 * H])],
      top ? ['', `${base}_last`] : [`${base}_sequence`, ''],
      { hidden_size: { int: H } },
    );
    // Y is [L, 1, B, H] and Y_h [1, B, H]: the direction axis goes.
    if (top) last = x.graph.node('Squeeze', [yh as string, x.graph.int64s(`${base}_axes`, [0])], {}, name);
    else sequence = x.graph.node('Squeeze', [y as string, x.graph.int64s(`${base}_axes`, [1])], {}, `${base}_output`);
    inDim = H;
  });
  return last;
}
