import { InvalidArgumentError, Option } from 'commander';
import type { ConfigOverride } from '../config/load.js';
import { symbolSchema, VENUE_KINDS, type VenueKind } from '../config/schema.js';
import { sourceNameProblem } from '../data/candleSources.js';
import { TIMEFRAMES, isTimeframe, type Timeframe } from '../domain/timeframe.js';
import { parseUtcDate } from './parseUtcDate.js';

/** --symbol: a market in the config's form (the same rule as its `assets`), e.g. SOL/USD. */
export function parseSymbol(value: string): string {
  const r = symbolSchema.safeParse(value);
  if (!r.success) throw new InvalidArgumentError(`'${value}' is not a symbol: ${r.error.issues[0]?.message ?? 'expected BASE/QUOTE'}`);
  return value;
}

/** The registry's model kinds; `cnn_lstm` is the ensemble's member name for `cnnLstm`, so it is accepted too. */
const MODEL_KINDS = ['transformer', 'tcn', 'lstm', 'cnnLstm', 'ensemble'] as const;

/** --kind: a kind of the model registry. */
export function parseModelKind(value: string): string {
  const kind = value === 'cnn_lstm' ? 'cnnLstm' : value;
  if (!(MODEL_KINDS as readonly string[]).includes(kind))
    throw new InvalidArgumentError(`'${value}' is not a model kind; use one of ${MODEL_KINDS.join(', ')}`);
  return kind;
}

/** --timeframe: one of TIMEFRAMES. */
export function parseTimeframe(value: string): Timeframe {
  if (!isTimeframe(value)) throw new InvalidArgumentError(`'${value}' is not a timeframe; use one of ${TIMEFRAMES.join(', ')}`);
  return value;
}

/** --source: the name a candle series records for where its bars came from, e.g. binance. */
export function parseSource(value: string): string {
  const problem = sourceNameProblem(value);
  if (problem) throw new InvalidArgumentError(`'${value}' cannot name a source: ${problem}`);
  return value;
}

/** A date flag (see parseUtcDate: UTC unless an offset is given, impossible dates refused) to epoch ms. */
export function parseDate(value: string): number {
  const r = parseUtcDate(value);
  if (!r.ok) throw new InvalidArgumentError(`'${value}' is not a date: ${r.reason}`);
  return r.time;
}

export function parseNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`'${value}' is not a number`);
  return n;
}

export function parseInteger(value: string): number {
  const n = parseNumber(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError(`'${value}' is not a whole number`);
  return n;
}

/** --venue: where orders go, overriding venue.kind. */
export function venueOption(): Option {
  return new Option('--venue <kind>', 'kraken-spot (spot, with margin) or kraken-futures (perpetuals); default venue.kind from the config').choices(
    VENUE_KINDS,
  );
}

/** The config override --venue makes, if given. */
export function venueOverride(venue: VenueKind | undefined): ConfigOverride[] {
  return venue ? [{ path: ['venue', 'kind'], value: venue, flag: '--venue' }] : [];
}
