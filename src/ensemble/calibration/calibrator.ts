import { z } from 'zod';
import type { Numbers } from '../../models/evaluation/numbers.js';
import { applyIsotonic, fitIsotonic, isotonicParamsSchema } from './isotonic.js';
import { applyPlatt, fitPlatt, plattParamsSchema } from './platt.js';

export const CALIBRATION_METHODS = ['none', 'platt', 'isotonic'] as const;
export type CalibrationMethod = (typeof CALIBRATION_METHODS)[number];

/** What a model artifact stores about its calibration; parse it with this schema when reading a file. */
export const calibrationParamsSchema = z.discriminatedUnion('kind', [z.object({ kind: z.literal('none') }), plattParamsSchema, isotonicParamsSchema]);
export type CalibrationParams = z.infer<typeof calibrationParamsSchema>;

/** Fit `method` on validation predictions and labels (never on the rows it will be judged on). */
export function fitCalibration(method: CalibrationMethod, p: Numbers, y: Numbers): CalibrationParams {
  switch (method) {
    case 'none':
      return { kind: 'none' };
    case 'platt':
      return fitPlatt(p, y);
    case 'isotonic':
      return fitIsotonic(p, y);
  }
}

export function applyCalibration(params: CalibrationParams, p: Numbers): Float64Array {
  switch (params.kind) {
    case 'none':
      return Float64Array.from(p);
    case 'platt':
      return applyPlatt(params, p);
    case 'isotonic':
      return applyIsotonic(params, p);
  }
}
