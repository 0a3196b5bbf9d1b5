/** Every way a candle row can be refused; one kind per refused row, the first problem found. */
export const ROW_PROBLEM_KINDS = [
  'column-count',
  'not-a-number',
  'bad-timestamp',
  'non-positive-price',
  'negative-volume',
  'high-below-low',
  'outside-range',
  'misaligned',
  'unsorted',
  'duplicate',
] as const;
export type RowProblemKind = (typeof ROW_PROBLEM_KINDS)[number];

/** What a summary calls each kind. */
export const ROW_PROBLEM_LABELS: Record<RowProblemKind, string> = {
  'column-count': 'wrong column count',
  'not-a-number': 'not a number',
  'bad-timestamp': 'timestamp out of range',
  'non-positive-price': 'non-positive price',
  'negative-volume': 'negative volume',
  'high-below-low': 'high below low',
  'outside-range': 'open or close outside [low, high]',
  misaligned: 'timestamp not aligned to the timeframe',
  unsorted: 'earlier than the previous row',
  duplicate: 'duplicate timestamp',
};

/** One refused row: `message` reads "what is wrong (the value) — how to fix". */
export interface RowProblem {
  readonly line: number;
  readonly kind: RowProblemKind;
  readonly message: string;
}

/** The `FILE:LINE: message` form editors and terminals turn into a link. */
export function formatRowProblem(file: string, problem: RowProblem): string {
  return `${file}:${problem.line}: ${problem.message}`;
}

/** A field's text as it appears in an error, short enough to fit on the line. */
export function shown(text: string, max = 60): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}
