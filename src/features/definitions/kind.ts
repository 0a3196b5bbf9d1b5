import { z } from 'zod';
import type { Bar } from '../../domain/bar.js';

/** Numeric parameters of a feature: periods, thresholds. Numbers only, so they hash and serialise plainly. */
export type Params = Readonly<Record<string, number>>;

export type FeatureGroup = 'momentum' | 'trend' | 'oscillator' | 'volatility' | 'volume' | 'price_action' | 'time' | 'asset';

/** Constants of the series a kernel runs on. */
export interface KernelContext {
  /** The asset's tier (1 BTC/ETH, 2 SOL, 3 the rest, by default). */
  readonly tier: number;
}

/**
 * The incremental state of one feature on one series. Batch and streaming both call `step` once per
 * bar, in time order: that single code path is what makes them agree to the bit and what makes every
 * value causal (a kernel never sees a later bar).
 */
export interface Kernel {
  /** Consume the next bar and write this feature's columns at out[offset ..]; NaN while warming up. */
  step(bar: Bar, out: Float64Array, offset: number): void;
}

/** A kind of feature, declared once: its parameters, its columns, its warm-up and its kernel. */
export interface FeatureKind {
  readonly kind: string;
  readonly group: FeatureGroup;
  /** What the columns mean, for `--help`-style listings and the report of a model. */
  readonly doc: string;
  /** Validate and complete parameters (defaults filled in); throws a ZodError on bad ones. */
  resolve(params: Readonly<Record<string, unknown>>): Params;
  columns(params: Params): string[];
  /**
   * Leading bars whose values are NaN: the first defined row is at index `warmup`. Exact, and checked
   * against the kernels on real data by the tests.
   */
  warmup(params: Params): number;
  create(params: Params, ctx: KernelContext): Kernel;
}

interface KindDefinition<S extends z.ZodType<Params>> {
  readonly kind: string;
  readonly group: FeatureGroup;
  readonly doc: string;
  readonly params: S;
  columns(p: z.infer<S>): string[];
  warmup(p: z.infer<S>): number;
  create(p: z.infer<S>, ctx: KernelContext): Kernel;
}

/** Build a FeatureKind from a typed definition; every entry point parses its params first. */
export function defineKind<S extends z.ZodType<Params>>(def: KindDefinition<S>): FeatureKind {
  const parse = (p: Readonly<Record<string, unknown>>): z.infer<S> => def.params.parse(p);
  return {
    kind: def.kind,
    group: def.group,
    doc: def.doc,
    resolve: (p) => parse(p),
    columns: (p) => def.columns(parse(p)),
    warmup: (p) => def.warmup(parse(p)),
    create: (p, ctx) => def.create(parse(p), ctx),
  };
}

/** A whole number of bars in [min, max], with a default. */
export const bars = (fallback: number, min = 1, max = 10_000) => z.number().int().min(min).max(max).default(fallback);
/** A finite positive number, with a default. */
export const positive = (fallback: number) => z.number().finite().positive().default(fallback);
