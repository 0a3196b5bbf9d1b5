import { z } from 'zod';
import type { Bar } from '../../domain/bar.js';
import { DECIMAL, FORMAT_INFO, type CsvFormat } from './csvFormat.js';
import { shown, type RowProblemKind } from './rowProblem.js';
import { utcText } from './utcText.js';

/** Bar times outside these are a unit mistake (seconds read as milliseconds, or the reverse), not history. */
export const EARLIEST_BAR = Date.UTC(2000, 0, 1);
export const LATEST_BAR = Date.UTC(2100, 0, 1);

// Overflow such as 1e999 becomes Infinity here and is refused by barSchema's z.number().
const numberField = z.string().regex(DECIMAL).transform(Number);
const price = z.number().positive();

const ohlc = (bar: Bar, ctx: z.RefinementCtx): void => {
  const { open, high, low, close } = bar;
  if (high < low) {
    ctx.addIssue({
      code: 'custom',
      params: { kind: 'high-below-low' },
      message: `high is below low (high ${high} < low ${low}) — correct the row (are high and low swapped?) or delete it`,
    });
    return;
  }
  for (const [name, value] of [
    ['open', open],
    ['close', close],
  ] as const) {
    if (value < low || value > high) {
      ctx.addIssue({
        code: 'custom',
        params: { kind: 'outside-range' },
        message: `${name} is outside [low, high] (${name} ${value}, low ${low}, high ${high}) — correct the row or delete it`,
      });
      return;
    }
  }
};

/** A candle as the store takes it: a sane time, positive prices, volume >= 0 (zero-volume outage bars are real). */
export const barSchema = z
  .object({
    time: z.number().int().min(EARLIEST_BAR).max(LATEST_BAR),
    open: price,
    high: price,
    low: price,
    close: price,
    volume: z.number().min(0),
  })
  .superRefine(ohlc);

function rowSchema(format: CsvFormat) {
  const info = FORMAT_INFO[format];
  return z
    .array(numberField)
    .length(info.columns.length)
    .transform(
      (n): Bar => ({
        time: (n[0] as number) * info.timeScale,
        open: n[1] as number,
        high: n[2] as number,
        low: n[3] as number,
        close: n[4] as number,
        volume: n[5] as number,
      }),
    )
    .pipe(barSchema);
}

const ROW_SCHEMAS: Record<CsvFormat, ReturnType<typeof rowSchema>> = { csv: rowSchema('csv'), kraken: rowSchema('kraken') };

const BAR_FIELD_COLUMN: Record<string, number> = { time: 0, open: 1, high: 2, low: 3, close: 4, volume: 5 };

export type FieldsResult = { readonly ok: true; readonly bar: Bar } | { readonly ok: false; readonly kind: RowProblemKind; readonly message: string };

/** Parse one row's fields (already split on commas and counted) into a bar, or say what is wrong with it. */
export function parseFields(fields: readonly string[], format: CsvFormat): FieldsResult {
  const result = ROW_SCHEMAS[format].safeParse(fields);
  if (result.success) return { ok: true, bar: result.data };
  const issue = result.error.issues[0];
  if (!issue) return { ok: false, kind: 'not-a-number', message: 'the row could not be read — correct or delete it' };
  return { ok: false, ...describeIssue(issue, fields, format) };
}

function describeIssue(issue: z.core.$ZodIssue, fields: readonly string[], format: CsvFormat): { kind: RowProblemKind; message: string } {
  const columns = FORMAT_INFO[format].columns;
  const key = issue.path[0];
  if (key === undefined && (issue.code === 'too_small' || issue.code === 'too_big')) {
    return {
      kind: 'column-count',
      message: `expected ${columns.length} columns (${columns.join(',')}), found ${fields.length} — correct or delete the line, or pass the right --format`,
    };
  }
  if (issue.code === 'custom') {
    const kind = (issue.params as { kind?: RowProblemKind } | undefined)?.kind ?? 'outside-range';
    return { kind, message: issue.message };
  }
  if (typeof key === 'number') {
    const column = columns[key] ?? `column ${key + 1}`;
    return {
      kind: 'not-a-number',
      message: `${column} is not a number (${shown(fields[key] ?? '')}) — write a plain decimal such as 2.85; NaN, Infinity and empty fields are refused`,
    };
  }
  const index = typeof key === 'string' ? BAR_FIELD_COLUMN[key] : undefined;
  const raw = shown(index === undefined ? '' : (fields[index] ?? ''));
  if (issue.code === 'invalid_type') {
    const column = (index === undefined ? undefined : columns[index]) ?? String(key);
    return { kind: 'not-a-number', message: `${column} is not a finite number (${raw}) — write a plain decimal such as 2.85` };
  }
  if (key === 'time') {
    const column = columns[0] ?? 'time';
    const unit = format === 'kraken' ? 'seconds' : 'milliseconds';
    const other = format === 'kraken' ? 'csv (epoch milliseconds)' : 'kraken (unix seconds)';
    const time = Number(fields[0]);
    const at = Number.isFinite(time) ? ` = ${utcText(time * FORMAT_INFO[format].timeScale)}` : '';
    return {
      kind: 'bad-timestamp',
      message: `${column} is not a whole number of epoch ${unit} between 2000 and 2100 (${raw}${at}) — check the unit: this is --format ${format}; try --format ${other}`,
    };
  }
  if (key === 'volume') {
    return { kind: 'negative-volume', message: `volume is negative (${raw}) — volume must be 0 or more; correct the row or delete it` };
  }
  return {
    kind: 'non-positive-price',
    message: `${String(key)} is not positive (${raw}) — prices must be above 0; correct the row or delete it`,
  };
}
