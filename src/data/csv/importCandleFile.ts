import fs from 'node:fs';
import type { Bar, Symbol } from '../../domain/bar.js';
import { isTimeframe, TIMEFRAMES, type Timeframe } from '../../domain/timeframe.js';
import { UserError } from '../../internal/errors.js';
import type { SourceClaim } from '../../store/candleRepository.js';
import type { Store } from '../../store/store.js';
import { spacingText } from './barSpacing.js';
import { CandleRowParser } from './candleRowParser.js';
import { CSV_FORMATS, CSV_HEADER, detectFormat, FORMAT_INFO, isCsvHeader, type CsvFormat } from './csvFormat.js';
import { readLineBatches } from './readLineBatches.js';
import { formatRowProblem, ROW_PROBLEM_LABELS, shown, type RowProblem, type RowProblemKind } from './rowProblem.js';

export interface ImportRequest {
  readonly file: string;
  /** How messages name the file (default: `file`), e.g. the path as the user typed it. */
  readonly label?: string;
  readonly symbol: Symbol;
  readonly timeframe: Timeframe;
  readonly format?: CsvFormat | 'auto';
  /** Store the good rows and count the bad ones, instead of refusing the whole file. */
  readonly skipBad?: boolean;
  /** The series' source (default: the format's, e.g. 'csv' or 'kraken-ohlcvt'). */
  readonly source?: string;
  /** Replace the whole series, whatever its source, instead of adding to one of the same source. */
  readonly replace?: boolean;
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
}

export interface ImportSummary {
  /** The file as messages name it. */
  readonly file: string;
  readonly symbol: Symbol;
  readonly timeframe: Timeframe;
  readonly format: CsvFormat;
  readonly source: string;
  /** What the series was: empty, of this source, of unknown source (now this one), or replaced. */
  readonly series: SourceClaim | 'replaced';
  /** With `replace`: the source and the number of the bars that were replaced. */
  readonly replaced?: { readonly source: string | undefined; readonly bars: number };
  /** Data rows seen (no header, no blank lines). */
  readonly rowsRead: number;
  readonly imported: number;
  readonly skipped: number;
  readonly skippedByKind: Partial<Record<RowProblemKind, number>>;
  /** The first bad rows, in file order (at most MAX_LISTED_PROBLEMS). */
  readonly problems: readonly RowProblem[];
  /** Open times of the first and last bar imported. */
  readonly first: number | null;
  readonly last: number | null;
}

export const MAX_LISTED_PROBLEMS = 20;
const WRITE_BATCH = 4096;
const READ_CHUNK = 256 * 1024;

/**
 * Import one candle file into the store, all of it in one transaction. Without `skipBad`, one bad row
 * rolls everything back and the UserError lists the bad rows; with it, bad rows are skipped and counted.
 * Importing the same file again leaves the same candles (rows are upserted by open time). A file of
 * another source than the series' is refused (CandleSourceConflict) unless `replace`, and so is a file
 * whose bars are not `timeframe` apart.
 */
export async function importCandleFile(store: Store, request: ImportRequest): Promise<ImportSummary> {
  const { file, symbol, timeframe, skipBad = false } = request;
  const name = request.label ?? file;
  const totalBytes = readableSize(file, name);
  const state = {
    format: undefined as CsvFormat | undefined,
    source: '',
    taken: { series: 'new' } as TakenSeries,
    parser: undefined as CandleRowParser | undefined,
    line: 0,
    rowsRead: 0,
    imported: 0,
    badRows: 0,
    byKind: {} as Partial<Record<RowProblemKind, number>>,
    problems: [] as RowProblem[],
    first: null as number | null,
    last: null as number | null,
  };
  let pending: Bar[] = [];
  const flush = (): void => {
    if (pending.length) store.candles.upsert(symbol, timeframe, pending);
    pending = [];
  };

  // Reading is async and better-sqlite3's transaction() wrapper is synchronous, so the one transaction
  // is opened by hand; upsert's own transaction nests inside it as a savepoint.
  const write = store.begin();
  try {
    const onBytes = request.onProgress && ((n: number) => request.onProgress?.(n, totalBytes));
    for await (const lines of readLinesOf(file, name, onBytes)) {
      for (const raw of lines) {
        const line = ++state.line;
        const text = line === 1 ? raw.replace(/^\uFEFF/, '') : raw;
        if (text.trim() === '') continue;
        if (state.parser === undefined) {
          state.format = resolveFormat(name, request.format ?? 'auto', text, line);
          state.parser = new CandleRowParser(state.format, timeframe);
          state.source = request.source ?? FORMAT_INFO[state.format].source;
          state.taken = takeSeries(store, request, state.source);
          if (FORMAT_INFO[state.format].header) continue;
        }
        state.rowsRead++;
        const row = state.parser.parse(line, text);
        if (row.ok) {
          if (state.badRows > 0 && !skipBad) continue;
          pending.push(row.bar);
          state.imported++;
          state.first ??= row.bar.time;
          state.last = row.bar.time;
          if (pending.length >= WRITE_BATCH) flush();
        } else {
          state.badRows++;
          state.byKind[row.kind] = (state.byKind[row.kind] ?? 0) + 1;
          if (state.problems.length < MAX_LISTED_PROBLEMS) state.problems.push({ line: row.line, kind: row.kind, message: row.message });
          if (!skipBad) pending = [];
        }
      }
    }
    if (state.format === undefined || state.rowsRead === 0) {
      throw new UserError(`${name} has no candle rows`, { hint: 'check that this is the file you meant to import' });
    }
    const spacing = state.parser?.spacing.mismatch();
    if (spacing !== undefined) throw spacingError(name, spacing, timeframe);
    if (state.badRows > 0 && !skipBad) throw badRowsError(name, state.badRows, state.byKind, state.problems);
    if (state.imported === 0) {
      throw new UserError(`${name}: all ${state.rowsRead} rows are bad; nothing was imported:\n${listing(name, state.badRows, state.byKind, state.problems)}`, {
        hint: 'check --format and --timeframe, and the rows listed',
      });
    }
    flush();
    write.commit();
  } catch (err) {
    write.rollback();
    throw err;
  }

  return {
    file: name,
    symbol,
    timeframe,
    format: state.format,
    source: state.source,
    ...state.taken,
    rowsRead: state.rowsRead,
    imported: state.imported,
    skipped: state.badRows,
    skippedByKind: state.byKind,
    problems: state.problems,
    first: state.first,
    last: state.last,
  };
}

type TakenSeries = Pick<ImportSummary, 'series' | 'replaced'>;

/** The series, claimed for `source` (or emptied for it with `replace`) in the import's transaction. */
function takeSeries(store: Store, request: ImportRequest, source: string): TakenSeries {
  const { symbol, timeframe } = request;
  if (!request.replace) return { series: store.candles.claimSource(symbol, timeframe, source) };
  const gone = store.candles.replaceSeries(symbol, timeframe, source);
  return { series: 'replaced', replaced: { source: gone.previous, bars: gone.removed } };
}

function spacingError(file: string, spacing: number, timeframe: Timeframe): UserError {
  const found = spacingText(spacing);
  const fits = isTimeframe(found) ? `import it with --timeframe ${found}` : `bot stores bars of ${TIMEFRAMES.join(', ')}`;
  return new UserError(`${file}: its bars are spaced ${found} apart, so they are not ${timeframe} bars; nothing was imported`, {
    hint: `check --timeframe: ${fits}`,
  });
}

function resolveFormat(file: string, requested: CsvFormat | 'auto', firstLine: string, line: number): CsvFormat {
  if (requested === 'auto') {
    const detected = detectFormat(firstLine);
    if (detected) return detected;
    throw new UserError(
      `cannot tell the format of ${file} from its first line (${shown(firstLine.trim())}); known formats:\n  ${CSV_FORMATS.map((f) => FORMAT_INFO[f].description).join('\n  ')}`,
      { hint: `pass --format ${CSV_FORMATS.join(' or --format ')}` },
    );
  }
  if (FORMAT_INFO[requested].header && !isCsvHeader(firstLine)) {
    const looksKraken = detectFormat(firstLine) === 'kraken';
    throw new UserError(`${file}:${line}: expected the header ${CSV_HEADER}, found ${shown(firstLine.trim())}`, {
      hint: looksKraken
        ? "this looks like Kraken's OHLCVT export: pass --format kraken (or --format auto)"
        : `add the header line ${CSV_HEADER} (timestamps in epoch milliseconds)`,
    });
  }
  return requested;
}

function listing(file: string, total: number, byKind: Partial<Record<RowProblemKind, number>>, problems: readonly RowProblem[]): string {
  const kinds = Object.entries(byKind)
    .map(([k, n]) => `${n} ${ROW_PROBLEM_LABELS[k as RowProblemKind]}`)
    .join(', ');
  const lines = problems.map((p) => `  ${formatRowProblem(file, p)}`);
  if (total > problems.length) lines.push(`  … and ${total - problems.length} more`);
  return `  by kind: ${kinds}\n${lines.join('\n')}`;
}

function badRowsError(file: string, total: number, byKind: Partial<Record<RowProblemKind, number>>, problems: readonly RowProblem[]): UserError {
  return new UserError(`${file}: ${total} bad row${total === 1 ? '' : 's'}; nothing was imported:\n${listing(file, total, byKind, problems)}`, {
    hint: 'correct or delete those rows, or pass --skip-bad to import the good rows and skip the bad ones',
  });
}

function readableSize(file: string, name: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
    fs.accessSync(file, fs.constants.R_OK);
  } catch (err) {
    throw new UserError(`cannot read ${name}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, {
      hint: 'check the path and its permissions',
    });
  }
  if (!stat.isFile()) throw new UserError(`cannot read ${name}: it is not a file`, { hint: 'pass the path of a CSV file' });
  return stat.size;
}

async function* readLinesOf(file: string, name: string, onBytes: ((n: number) => void) | undefined): AsyncGenerator<string[]> {
  try {
    yield* readLineBatches(file, onBytes, READ_CHUNK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (!code) throw err;
    throw new UserError(`cannot read ${name}: ${code}`, { hint: 'check the path and its permissions' });
  }
}
