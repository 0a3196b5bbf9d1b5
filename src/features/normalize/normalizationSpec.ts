import { z } from 'zod';

/**
 * How feature values are scaled before a model sees them; part of the schema hash.
 * - fitted: z-score with each column's mean and std fitted on the training rows only, stored with the model.
 * - trailing: z-score against the column's own last `window` values (this row included): causal by construction.
 * - none: raw values.
 * Both z-scores are clipped to ±clip so that one wild bar cannot dominate a batch.
 */
export type NormalizationSpec =
  | { readonly method: 'fitted'; readonly clip: number }
  | { readonly method: 'trailing'; readonly window: number; readonly clip: number }
  | { readonly method: 'none' };

export const DEFAULT_NORMALIZATION: NormalizationSpec = { method: 'fitted', clip: 10 };

export const normalizationSpecSchema = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('fitted'), clip: z.number().finite().positive() }),
  z.strictObject({ method: z.literal('trailing'), window: z.number().int().min(2), clip: z.number().finite().positive() }),
  z.strictObject({ method: z.literal('none') }),
]);
