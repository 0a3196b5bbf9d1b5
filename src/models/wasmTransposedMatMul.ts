import * as tf from '@tensorflow/tfjs';

type TensorInfo = tf.TensorInfo;
interface DisposingBackend {
  disposeData(dataId: object): boolean;
}

const patched = new Set<string>();
const KERNELS = ['BatchMatMul', '_FusedMatMul'] as const;

/**
 * The wasm backend multiplies transposed operands on a slow path (measured ~5x slower per FLOP than the
 * plain one on these machines), and every backward pass asks for `A^T·dY` and `dY·B^T`. Re-registering
 * the two matMul kernels so that they transpose explicitly first (a cheap native copy) and then take the
 * fast path cuts training time without changing what is computed.
 */
export function speedUpTransposedMatMul(backendName: string): void {
  if (patched.has(backendName)) return;
  const transpose = tf.getKernel('Transpose', backendName);
  if (!transpose) return;
  for (const kernelName of KERNELS) {
    const original = tf.getKernel(kernelName, backendName);
    if (!original) continue;
    tf.unregisterKernel(kernelName, backendName);
    tf.registerKernel({
      ...original,
      kernelFunc: ({ inputs, backend, attrs }) => {
        if (!attrs?.['transposeA'] && !attrs?.['transposeB']) return original.kernelFunc({ inputs, backend, attrs });
        const temporaries: TensorInfo[] = [];
        const swapLastTwo = (x: TensorInfo): TensorInfo => {
          const perm = x.shape.map((_, i) => i);
          const r = perm.length;
          perm[r - 1] = r - 2;
          perm[r - 2] = r - 1;
          const out = transpose.kernelFunc({ inputs: { x }, backend, attrs: { perm } }) as TensorInfo;
          temporaries.push(out);
          return out;
        };
        const a = inputs['a'] as TensorInfo;
        const b = inputs['b'] as TensorInfo;
        const result = original.kernelFunc({
          inputs: { ...inputs, a: attrs['transposeA'] ? swapLastTwo(a) : a, b: attrs['transposeB'] ? swapLastTwo(b) : b },
          backend,
          attrs: { ...attrs, transposeA: false, transposeB: false },
        });
        for (const t of temporaries) (backend as DisposingBackend).disposeData(t.dataId);
        return result;
      },
    });
  }
  patched.add(backendName);
}
