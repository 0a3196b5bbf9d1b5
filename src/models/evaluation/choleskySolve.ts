/**
 * Solves H x = g for a symmetric positive semi-definite m x m matrix H (row-major, only the lower triangle
 * is read). A singular H, as an unregularised logistic fit on separable data produces, gets the smallest
 * diagonal jitter that makes it factorable, so a Newton step is always defined.
 */
export function choleskySolve(h: Float64Array, g: Float64Array, m: number): Float64Array {
  let scale = 0;
  for (let i = 0; i < m; i++) scale = Math.max(scale, Math.abs(h[i * m + i]!));
  if (scale === 0) scale = 1;
  for (let jitter = 0; jitter <= scale; jitter = jitter === 0 ? scale * 1e-12 : jitter * 10) {
    const l = factor(h, m, jitter);
    if (l !== undefined) return substitute(l, g, m);
  }
  throw new RangeError('choleskySolve: matrix is not positive semi-definite');
}

function factor(h: Float64Array, m: number, jitter: number): Float64Array | undefined {
  const l = new Float64Array(m * m);
  for (let j = 0; j < m; j++) {
    let d = h[j * m + j]! + jitter;
    for (let k = 0; k < j; k++) d -= l[j * m + k]! ** 2;
    if (!(d > 0)) return undefined;
    const djj = Math.sqrt(d);
    l[j * m + j] = djj;
    for (let i = j + 1; i < m; i++) {
      let s = h[i * m + j]!;
      for (let k = 0; k < j; k++) s -= l[i * m + k]! * l[j * m + k]!;
      l[i * m + j] = s / djj;
    }
  }
  return l;
}

function substitute(l: Float64Array, g: Float64Array, m: number): Float64Array {
  const z = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = g[i]!;
    for (let k = 0; k < i; k++) s -= l[i * m + k]! * z[k]!;
    z[i] = s / l[i * m + i]!;
  }
  const x = new Float64Array(m);
  for (let i = m - 1; i >= 0; i--) {
    let s = z[i]!;
    for (let k = i + 1; k < m; k++) s -= l[k * m + i]! * x[k]!;
    x[i] = s / l[i * m + i]!;
  }
  return x;
}
