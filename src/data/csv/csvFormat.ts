/** The candle file layouts `bot data import` reads. */
export const CSV_FORMATS = ['csv', 'kraken'] as const;
export type CsvFormat = (typeof CSV_FORMATS)[number];

export interface CsvFormatInfo {
  readonly columns: readonly string[];
  readonly header: boolean;
  /** Multiply the first column by this to get epoch milliseconds. */
  readonly timeScale: number;
  readonly description: string;
  /** The source a series imported from such a file records, unless the user names one (--source). */
  readonly source: string;
}

export const CSV_HEADER = 'timestamp,open,high,low,close,volume';

export const FORMAT_INFO: Record<CsvFormat, CsvFormatInfo> = {
  csv: {
    columns: ['timestamp', 'open', 'high', 'low', 'close', 'volume'],
    header: true,
    timeScale: 1,
    description: `csv: header ${CSV_HEADER}, timestamp in epoch milliseconds (bot's own format, the Binance files)`,
    source: 'csv',
  },
  kraken: {
    columns: ['time', 'open', 'high', 'low', 'close', 'volume', 'trades'],
    header: false,
    timeScale: 1000,
    description: "kraken: Kraken's OHLCVT export, no header, time (unix seconds),open,high,low,close,volume,trades",
    source: 'kraken-ohlcvt',
  },
};

/**
 * A plain decimal number, spaces around it allowed: no hex, no NaN, no Infinity, no empty string (which
 * Number() would read as 0).
 */
export const DECIMAL = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/** Whether `line` (line 1 of a file, BOM already removed) is bot's csv header; spaces and case are forgiven. */
export function isCsvHeader(line: string): boolean {
  return (
    line
      .split(',')
      .map((f) => f.trim().toLowerCase())
      .join(',') === CSV_HEADER
  );
}

// Unix seconds from 2001-09-09 to 2286: a millisecond timestamp has 3 more digits and cannot match.
const SECONDS_MIN = 1e9;
const SECONDS_MAX = 1e10;

/** The format a file's first line reveals, or undefined when it could be neither. */
export function detectFormat(firstLine: string): CsvFormat | undefined {
  const line = firstLine.replace(/^\uFEFF/, '').trim();
  if (isCsvHeader(line)) return 'csv';
  const fields = line.split(',').map((f) => f.trim());
  if (fields.length !== FORMAT_INFO.kraken.columns.length || !fields.every((f) => DECIMAL.test(f))) return undefined;
  const time = Number(fields[0]);
  return Number.isInteger(time) && time >= SECONDS_MIN && time < SECONDS_MAX ? 'kraken' : undefined;
}
