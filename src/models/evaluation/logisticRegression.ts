import { z } from 'zod';
import { choleskySolve } from './choleskySolve.js';
import { assertBinaryLabels, type Numbers } from './numbers.js';
import { logit, sigmoid, softplus } from './probability.js';

/**
 * The baseline every sequence model has to beat: L2-regularised logistic regression on flat features.
 * Fitted by Newton's method (IRLS) with a backtracking line search, from a fixed start, so the same
 * data always gives the same weights. Standardisation is fitted on the training rows only and stored
 * with the weights, so applying the model to later rows leaks nothing back.
 *
 * Objective: mean log loss + (l2 / 2) * |w|², with w the weights of the standardised features (the bias
 * is not penalised). Because the loss is a mean, l2 does not need rescaling with the number of rows.
 */
export interface LogisticRegressionOptions {
  /** Penalty on standardised weights; 0 allows separable data to push weights without bound. Default 1e-3. */
  l2?: number;
  /** Newton iterations at most. Default 100. */
  maxIter?: number;
  /** Stop when every gradient component is below this. Default 1e-8. */
  tol?: number;
}

export const logisticRegressionParamsSchema = z
  .object({
    kind: z.literal('logistic-regression'),
    weights: z.array(z.number()),
    bias: z.number(),
    mean: z.array(z.number()),
    std: z.array(z.number().positive()),
    l2: z.number().nonnegative(),
    iterations: z.number().int().nonnegative(),
    converged: z.boolean(),
  })
  .refine((p) => p.mean.length === p.weights.length && p.std.length === p.weights.length, {
    message: 'weights, mean and std must have one entry per feature',
  });

/** Plain data: JSON.stringify(model) writes exactly these fields. */
export type LogisticRegressionParams = z.infer<typeof logisticRegressionParamsSchema>;

export interface LogisticRegression extends LogisticRegressionParams {
  /** P(y = 1) for each row of a row-major matrix whose length is a multiple of the feature count. */
  predict(x: Numbers): Float64Array;
  predictOne(row: Numbers): number;
}

export function fitLogisticRegression(x: Numbers, y: Numbers, rows: number, cols: number, options: LogisticRegressionOptions = {}): LogisticRegression {
  const l2 = options.l2 ?? 1e-3;
  const maxIter = options.maxIter ?? 100;
  const tol = options.tol ?? 1e-8;
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1) {
    throw new RangeError(`fitLogisticRegression: rows and cols must be positive integers, got ${rows} x ${cols}`);
  }
  if (x.length !== rows * cols) throw new RangeError(`fitLogisticRegression: X has ${x.length} values, expected ${rows} x ${cols}`);
  if (y.length !== rows) throw new RangeError(`fitLogisticRegression: y has ${y.length} labels, expected ${rows}`);
  if (!(l2 >= 0)) throw new RangeError(`fitLogisticRegression: l2 must be >= 0, got ${l2}`);
  assertBinaryLabels(y, 'fitLogisticRegression');
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]!)) throw new RangeError(`fitLogisticRegression: X[${Math.floor(i / cols)}][${i % cols}] is ${x[i]}`);
  }

  const { mean, std } = standardisation(x, rows, cols);
  const zx = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) zx[r * cols + c] = (x[r * cols + c]! - mean[c]!) / std[c]!;
  }

  // theta = [w_0 .. w_{cols-1}, bias]; starting at the base rate saves a Newton step or two.
  const m = cols + 1;
  let theta: Float64Array = new Float64Array(m);
  let positives = 0;
  for (let r = 0; r < rows; r++) positives += y[r]!;
  theta[cols] = logit(positives / rows);

  const objective = (t: Float64Array): number => {
    let s = 0;
    for (let r = 0; r < rows; r++) {
      const zr = linear(t, zx, r, cols);
      s += softplus(zr) - y[r]! * zr;
    }
    let penalty = 0;
    for (let c = 0; c < cols; c++) penalty += t[c]! ** 2;
    return s / rows + (l2 / 2) * penalty;
  };

  let iterations = 0;
  let converged = false;
  let current = objective(theta);
  for (;;) {
    const { gradient, hessian } = derivatives(theta, zx, y, rows, cols, l2);
    let largest = 0;
    for (let k = 0; k < m; k++) largest = Math.max(largest, Math.abs(gradient[k]!));
    if (largest < tol) {
      converged = true;
      break;
    }
    if (iterations >= maxIter) break;
    const step = choleskySolve(hessian, gradient, m);
    let stepSize = 0;
    let scale = 1;
    for (let k = 0; k < m; k++) {
      stepSize = Math.max(stepSize, Math.abs(step[k]!));
      scale += Math.abs(theta[k]!);
    }
    // Near the optimum the gradient is rounding noise and the Newton step moves nothing: that is convergence.
    if (stepSize < 1e-12 * scale) {
      converged = true;
      break;
    }
    let slope = 0;
    for (let k = 0; k < m; k++) slope += gradient[k]! * step[k]!;
    let t = 1;
    let next: Float64Array | undefined;
    let value = current;
    for (; t > 1e-12; t /= 2) {
      const candidate = new Float64Array(m);
      for (let k = 0; k < m; k++) candidate[k] = theta[k]! - t * step[k]!;
      value = objective(candidate);
      // Strict: accepting "no worse" would let rounding noise keep the loop going to maxIter.
      if (value < current - 1e-4 * t * slope) {
        next = candidate;
        break;
      }
    }
    iterations++;
    // No step lowers the objective any more: we are at the optimum to machine precision.
    if (next === undefined) {
      converged = true;
      break;
    }
    theta = next;
    current = value;
  }

  return logisticRegressionFromParams({
    kind: 'logistic-regression',
    weights: Array.from(theta.subarray(0, cols)),
    bias: theta[cols]!,
    mean,
    std,
    l2,
    iterations,
    converged,
  });
}

/** Revives a model from its JSON; throws a ZodError naming the bad field when the data is not a model. */
export function logisticRegressionFromParams(data: unknown): LogisticRegression {
  const params = logisticRegressionParamsSchema.parse(data);
  const cols = params.weights.length;
  const predictRow = (x: Numbers, offset: number): number => {
    let zr = params.bias;
    for (let c = 0; c < cols; c++) zr += (params.weights[c]! * (x[offset + c]! - params.mean[c]!)) / params.std[c]!;
    return sigmoid(zr);
  };
  return {
    ...params,
    predict(x: Numbers): Float64Array {
      if (x.length % cols !== 0) throw new RangeError(`logistic regression: input of ${x.length} values is not rows of ${cols} features`);
      const out = new Float64Array(x.length / cols);
      for (let r = 0; r < out.length; r++) out[r] = predictRow(x, r * cols);
      return out;
    },
    predictOne(row: Numbers): number {
      if (row.length !== cols) throw new RangeError(`logistic regression: row has ${row.length} values, expected ${cols}`);
      return predictRow(row, 0);
    },
  };
}

/** Column mean and population standard deviation; a constant column gets std 1 so it standardises to 0. */
function standardisation(x: Numbers, rows: number, cols: number): { mean: number[]; std: number[] } {
  const mean = new Array<number>(cols).fill(0);
  const std = new Array<number>(cols).fill(0);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) mean[c]! += x[r * cols + c]!;
  for (let c = 0; c < cols; c++) mean[c]! /= rows;
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) std[c]! += (x[r * cols + c]! - mean[c]!) ** 2;
  for (let c = 0; c < cols; c++) {
    const s = Math.sqrt(std[c]! / rows);
    std[c] = s > 1e-12 * Math.max(1, Math.abs(mean[c]!)) ? s : 1;
  }
  return { mean, std };
}

function linear(theta: Float64Array, zx: Float64Array, r: number, cols: number): number {
  let s = theta[cols]!;
  const base = r * cols;
  for (let c = 0; c < cols; c++) s += theta[c]! * zx[base + c]!;
  return s;
}

/** Gradient and Hessian of the objective; the Hessian's lower triangle only (all choleskySolve reads). */
function derivatives(theta: Float64Array, zx: Float64Array, y: Numbers, rows: number, cols: number, l2: number) {
  const m = cols + 1;
  const gradient = new Float64Array(m);
  const hessian = new Float64Array(m * m);
  const row = new Float64Array(m);
  row[cols] = 1;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) row[c] = zx[r * cols + c]!;
    const p = sigmoid(linear(theta, zx, r, cols));
    const residual = p - y[r]!;
    const w = p * (1 - p);
    for (let i = 0; i < m; i++) {
      const ri = row[i]!;
      gradient[i]! += residual * ri;
      const wi = w * ri;
      const offset = i * m;
      for (let j = 0; j <= i; j++) hessian[offset + j]! += wi * row[j]!;
    }
  }
  for (let i = 0; i < m; i++) {
    gradient[i]! /= rows;
    for (let j = 0; j <= i; j++) hessian[i * m + j]! /= rows;
  }
  for (let c = 0; c < cols; c++) {
    gradient[c]! += l2 * theta[c]!;
    hessian[c * m + c]! += l2;
  }
  return { gradient, hessian };
}
