import { z } from 'zod';
import { UserError } from '../internal/errors.js';

/** The four sequence architectures; each maps a window [L, F] to P(up) and, optionally, an expected return. */
export const MODEL_KINDS = ['lstm', 'tcn', 'transformer', 'cnnLstm'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

const count = (max: number) => z.number().int().min(1).max(max);
const dropout = z.number().min(0).max(0.9);

export const lstmSizesSchema = z.strictObject({
  /** Units of each stacked LSTM level, input side first. */
  units: z.array(count(1024)).min(1).max(4),
  dropout,
});
export const tcnSizesSchema = z.strictObject({
  filters: count(1024),
  kernelSize: z.number().int().min(2).max(8),
  /** Dilation of each residual block; empty means "doubling until the receptive field covers the window". */
  dilations: z.array(count(4096)).max(12),
  dropout,
});
export const transformerSizesSchema = z.strictObject({
  /** Consecutive steps embedded together as one token (1: a token per step). */
  patchSize: z.number().int().min(1).max(64),
  modelDim: count(1024),
  heads: count(32),
  feedForwardDim: count(4096),
  layers: count(12),
  dropout,
});
export const cnnLstmSizesSchema = z.strictObject({
  convFilters: z.tuple([count(1024), count(1024)]),
  kernelSize: z.number().int().min(1).max(16),
  poolSize: z.number().int().min(1).max(8),
  lstmUnits: z.tuple([count(1024), count(1024)]),
  dropout,
});

export type LstmSizes = z.infer<typeof lstmSizesSchema>;
export type TcnSizes = z.infer<typeof tcnSizesSchema>;
export type TransformerSizes = z.infer<typeof transformerSizesSchema>;
export type CnnLstmSizes = z.infer<typeof cnnLstmSizesSchema>;

export interface SizesByKind {
  lstm: LstmSizes;
  tcn: TcnSizes;
  transformer: TransformerSizes;
  cnnLstm: CnnLstmSizes;
}

export const SIZES_SCHEMAS = {
  lstm: lstmSizesSchema,
  tcn: tcnSizesSchema,
  transformer: transformerSizesSchema,
  cnnLstm: cnnLstmSizesSchema,
} as const;

/**
 * Defaults sized for `bot optimize` on two cores with the wasm backend (bench/models.bench.ts, windows of
 * 64 x 16, batch 128): one training epoch costs about EPOCH_MS_PER_WINDOW (~5.5 ms per window for all four),
 * so windows x epochs x folds x assets is what a time budget must bound. Large enough to learn long-range
 * dependencies (test/models).
 */
export const DEFAULT_SIZES: { readonly [K in ModelKind]: Readonly<SizesByKind[K]> } = {
  lstm: { units: [32, 16], dropout: 0.1 },
  tcn: { filters: 24, kernelSize: 3, dilations: [], dropout: 0.1 },
  transformer: { patchSize: 4, modelDim: 32, heads: 4, feedForwardDim: 64, layers: 2, dropout: 0.1 },
  cnnLstm: { convFilters: [16, 16], kernelSize: 3, poolSize: 2, lstmUnits: [32, 16], dropout: 0.1 },
};

/** Milliseconds of one training epoch per window at the default sizes (see DEFAULT_SIZES): which kind takes longest. */
export const EPOCH_MS_PER_WINDOW: { readonly [K in ModelKind]: number } = { lstm: 1.6, tcn: 2.1, transformer: 0.6, cnnLstm: 1.2 };

/** What every architecture needs to know about its input and outputs. */
export interface ModelShape {
  windowLength: number;
  featureCount: number;
  /** Adds a second output column: the expected return over the label horizon (in units of returnScale). */
  returnHead?: boolean;
}

/** The argument of buildModel: the input shape plus any sizes that override the defaults of `kind`. */
export type ModelSpec<K extends ModelKind = ModelKind> = ModelShape & Partial<SizesByKind[K]>;

/** A spec with every size filled in: what meta.json records as hyperparameters. */
export type ResolvedSpec<K extends ModelKind = ModelKind> = Required<ModelShape> & SizesByKind[K];

const shapeSchema = z.strictObject({
  windowLength: z.number().int().min(2).max(4096),
  featureCount: z.number().int().min(1).max(4096),
  returnHead: z.boolean(),
});

export function isModelKind(value: string): value is ModelKind {
  return (MODEL_KINDS as readonly string[]).includes(value);
}

/** Fills defaults and checks the sizes; a bad size is the user's config, so it is a UserError. */
export function resolveSpec<K extends ModelKind>(kind: K, spec: ModelSpec<K>): ResolvedSpec<K> {
  const { windowLength, featureCount, returnHead, ...sizes } = spec;
  const shape = shapeSchema.safeParse({ windowLength, featureCount, returnHead: returnHead ?? false });
  if (!shape.success) throw specError(kind, shape.error);
  const merged = SIZES_SCHEMAS[kind].safeParse({ ...DEFAULT_SIZES[kind], ...definedOnly(sizes) });
  if (!merged.success) throw specError(kind, merged.error);
  const resolved = { ...shape.data, ...merged.data } as unknown as ResolvedSpec<K>;
  crossCheck(kind, resolved);
  if (kind === 'tcn') {
    // Record the dilations actually built, so meta.json says what the model is.
    const tcn = resolved as ResolvedSpec<'tcn'>;
    if (tcn.dilations.length === 0) tcn.dilations = tcnDilationsFor(tcn.windowLength, tcn.kernelSize);
  }
  return resolved;
}

function definedOnly(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

function specError(kind: ModelKind, err: z.ZodError): UserError {
  const detail = err.issues.map((i) => `${i.path.join('.') || '(spec)'}: ${i.message}`).join('; ');
  return new UserError(`invalid ${kind} model sizes: ${detail}`, {
    hint: `fix the ${kind} sizes in the models section of the config; defaults: ${JSON.stringify(DEFAULT_SIZES[kind])}`,
  });
}

function crossCheck(kind: ModelKind, spec: ResolvedSpec): void {
  if (kind === 'transformer') {
    const t = spec as ResolvedSpec<'transformer'>;
    if (t.modelDim % t.heads !== 0) {
      throw new UserError(`invalid transformer sizes: modelDim ${t.modelDim} is not a multiple of heads ${t.heads}`, {
        hint: 'choose heads that divide modelDim, e.g. modelDim 32 with 4 heads',
      });
    }
  }
  if (kind === 'cnnLstm') {
    const c = spec as ResolvedSpec<'cnnLstm'>;
    const afterConv = c.windowLength - 2 * (c.kernelSize - 1);
    if (Math.floor(afterConv / c.poolSize) < 1) {
      throw new UserError(
        `invalid cnnLstm sizes: a window of ${c.windowLength} leaves no steps after two convolutions of width ${c.kernelSize} and pooling by ${c.poolSize}`,
        { hint: 'use a longer window or a smaller kernelSize/poolSize' },
      );
    }
  }
}

/** Dilations 1, 2, 4, ... until a block stack of kernel `k` sees the whole window (two convs per block). */
export function tcnDilationsFor(windowLength: number, kernelSize: number): number[] {
  const dilations: number[] = [];
  let field = 1;
  for (let d = 1; field < windowLength; d *= 2) {
    dilations.push(d);
    field += 2 * (kernelSize - 1) * d;
  }
  return dilations.length ? dilations : [1];
}

/** Receptive field of a TCN: how many steps back its last output can see, including the current one. */
export function tcnReceptiveField(kernelSize: number, dilations: readonly number[]): number {
  return 1 + 2 * (kernelSize - 1) * dilations.reduce((a, d) => a + d, 0);
}
