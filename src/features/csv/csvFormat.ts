/**
 * The shortest decimal that reads back as the same float32 (values are stored as float32), '' for
 * NaN: a CSV never holds the text "NaN". Whole numbers (classes, flags, tier) print as integers.
 */
export function formatCell(x: number): string {
  if (Number.isNaN(x)) return '';
  if (Number.isInteger(x)) return String(x);
  for (let p = 6; p < 9; p++) {
    const s = x.toPrecision(p);
    if (Math.fround(Number(s)) === x) return String(Number(s));
  }
  return String(Number(x.toPrecision(9)));
}

/** One CSV line per row: the time, then the feature row, then the labels at that row. */
export function csvLine(time: number, features: Float32Array, featureOffset: number, width: number, labels: readonly Float32Array[], row: number): string {
  let line = String(time);
  for (let c = 0; c < width; c++) line += `,${formatCell(features[featureOffset + c] as number)}`;
  for (const l of labels) line += `,${formatCell(l[row] as number)}`;
  return line;
}
