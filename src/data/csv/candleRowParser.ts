import type { Bar } from '../../domain/bar.js';
import { timeframeMs, type Timeframe } from '../../domain/timeframe.js';
import { BarSpacing } from './barSpacing.js';
import { FORMAT_INFO, type CsvFormat } from './csvFormat.js';
import { shown, type RowProblem } from './rowProblem.js';
import { parseFields } from './rowSchema.js';
import { utcText } from './utcText.js';

export type ParsedRow = { readonly ok: true; readonly bar: Bar } | ({ readonly ok: false } & RowProblem);

/**
 * Reads the data rows of one file in order. Besides each row on its own, it checks the series: bar
 * times aligned to the timeframe, rising, never repeated. A refused row does not become "the previous
 * row", so one bad line is reported once rather than again by the line after it.
 */
export class CandleRowParser {
  private readonly columns: number;
  private readonly barMs: number;
  private previous: { time: number; line: number } | undefined;
  /** The spacing of every row with a readable time, misaligned ones included: it tells the file's timeframe. */
  readonly spacing: BarSpacing;

  constructor(
    private readonly format: CsvFormat,
    private readonly timeframe: Timeframe,
  ) {
    this.columns = FORMAT_INFO[format].columns.length;
    this.barMs = timeframeMs(timeframe);
    this.spacing = new BarSpacing(this.barMs);
  }

  parse(line: number, text: string): ParsedRow {
    const fields = text.split(',');
    if (fields.length !== this.columns) {
      const columns = FORMAT_INFO[this.format].columns;
      return {
        ok: false,
        line,
        kind: 'column-count',
        message: `expected ${this.columns} columns (${columns.join(',')}), found ${fields.length} (${shown(text)}) — correct or delete the line, or pass the right --format`,
      };
    }
    const parsed = parseFields(fields, this.format);
    if (!parsed.ok) return { ok: false, line, kind: parsed.kind, message: parsed.message };
    const { bar } = parsed;
    this.spacing.add(bar.time);
    if (bar.time % this.barMs !== 0) {
      return {
        ok: false,
        line,
        kind: 'misaligned',
        message: `timestamp is not aligned to ${this.timeframe} bars (${shown(fields[0] ?? '')} = ${utcText(bar.time)}) — bar open times must be whole multiples of ${this.timeframe}; check --timeframe, or delete the row`,
      };
    }
    const prev = this.previous;
    if (prev && bar.time < prev.time) {
      return {
        ok: false,
        line,
        kind: 'unsorted',
        message: `timestamp is earlier than the previous row's (${utcText(bar.time)} < ${utcText(prev.time)} at line ${prev.line}) — sort the file by time, oldest first`,
      };
    }
    if (prev && bar.time === prev.time) {
      return {
        ok: false,
        line,
        kind: 'duplicate',
        message: `duplicate timestamp (${utcText(bar.time)}, also at line ${prev.line}) — keep one of the two rows`,
      };
    }
    this.previous = { time: bar.time, line };
    return { ok: true, bar };
  }
}
