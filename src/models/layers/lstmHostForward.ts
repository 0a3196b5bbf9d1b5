/**
 * The StackedLstm forward pass in plain JavaScript, for a handful of windows at inference. At batch 1 a
 * tfjs forward is ~1,800 tiny kernel launches whose fixed cost dominates; this loop does the same
 * arithmetic (same kernel layout, same sigmoid-based gates) in about a millisecond.
 *
 * x: [batch, steps, features] row-major; kernels[l]: [4·H_l, in_l + H_l + 1] row-major, gates i, f, o, g.
 * Returns the top level's last hidden state, [batch, H_top].
 */
export function lstmHostForward(
  x: Float32Array,
  batch: number,
  steps: number,
  features: number,
  kernels: readonly Float32Array[],
  units: readonly number[],
): Float32Array {
  const top = units[units.length - 1] as number;
  const out = new Float32Array(batch * top);
  const hs = units.map((u) => new Float64Array(u));
  const cs = units.map((u) => new Float64Array(u));
  const inputs = units.map((_, l) => new Float64Array((l === 0 ? features : (units[l - 1] as number)) + (units[l] as number) + 1));
  for (let b = 0; b < batch; b++) {
    for (const h of hs) h.fill(0);
    for (const c of cs) c.fill(0);
    for (let t = 0; t < steps; t++) {
      for (let l = 0; l < units.length; l++) {
        const H = units[l] as number;
        const a = inputs[l] as Float64Array;
        const h = hs[l] as Float64Array;
        const c = cs[l] as Float64Array;
        const w = kernels[l] as Float32Array;
        const K = a.length;
        const inDim = K - H - 1;
        if (l === 0) {
          const base = (b * steps + t) * features;
          for (let f = 0; f < features; f++) a[f] = x[base + f] as number;
        } else {
          a.set(hs[l - 1] as Float64Array, 0);
        }
        a.set(h, inDim);
        a[K - 1] = 1;
        // `a` holds a copy of the previous h, so h can be overwritten unit by unit. The four gates' sums run
        // in one pass over `a` (each still adds its terms in index order: the same bits as four passes).
        for (let j = 0; j < H; j++) {
          const wi = j * K;
          const wf = (H + j) * K;
          const wo = (2 * H + j) * K;
          const wg = (3 * H + j) * K;
          let si = 0;
          let sf = 0;
          let so = 0;
          let sg = 0;
          for (let k = 0; k < K; k++) {
            const v = a[k] as number;
            si += (w[wi + k] as number) * v;
            sf += (w[wf + k] as number) * v;
            so += (w[wo + k] as number) * v;
            sg += (w[wg + k] as number) * v;
          }
          const i = sigmoid(si);
          const f = sigmoid(sf);
          const o = sigmoid(so);
          const g = 2 * sigmoid(sg) - 1;
          const cj = f * (c[j] as number) + i * g;
          c[j] = cj;
          h[j] = o * (2 * sigmoid(2 * cj) - 1);
        }
      }
    }
    out.set(hs[units.length - 1] as Float64Array, b * top);
  }
  return out;
}

function sigmoid(v: number): number {
  return 1 / (1 + Math.exp(-v));
}
