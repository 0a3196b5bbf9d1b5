import { describe, expect, it } from 'vitest';
import { arraySource, windowedSource } from '../../../src/models/training/samples.js';

const L = 4;
const F = 2;
/** 30 feature rows; row r holds [r, -r], so a window shows which rows it read. */
const rows = Float32Array.from({ length: 30 * F }, (_, i) => (i % F === 0 ? 1 : -1) * Math.floor(i / F));
const rowsOf = (w: Float32Array) => Array.from({ length: w.length / F }, (_, k) => w[k * F] as number);

describe('windowedSource', () => {
  it('the window of the label at bar t is rows t - L + 1 .. t: it ends at t, never after', () => {
    const ends = [3, 10, 11, 29];
    const labels = [1, 0, 1, 0];
    const source = windowedSource({ rows, featureCount: F, windowLength: L, ends, labels });
    const out = new Float32Array(L * F);
    ends.forEach((t, i) => {
      source.copyWindow(i, out, 0);
      expect(rowsOf(out), `window of sample ${i}`).toEqual([t - 3, t - 2, t - 1, t]);
      expect([...out.subarray((L - 1) * F)]).toEqual([t, -t]);
    });
    expect(source.labels).toBe(labels);
    expect(source.size).toBe(4);
  });

  it('copies into a batch at the offset asked for', () => {
    const source = windowedSource({ rows, featureCount: F, windowLength: L, ends: [7, 20], labels: [0, 1] });
    const batch = new Float32Array(2 * L * F);
    source.copyWindow(1, batch, 0);
    source.copyWindow(0, batch, L * F);
    expect(rowsOf(batch)).toEqual([17, 18, 19, 20, 4, 5, 6, 7]);
  });

  it('refuses a window that would start before the first row or end after the last', () => {
    const make = (ends: number[]) => () => windowedSource({ rows, featureCount: F, windowLength: L, ends, labels: ends.map(() => 0) });
    expect(make([2])).toThrow(/ends\[0\] = 2: a window of 4 rows must end within rows 3\.\.29/);
    expect(make([3, 30])).toThrow(/ends\[1\] = 30/);
    expect(() => windowedSource({ rows, featureCount: F, windowLength: L, ends: [5], labels: [0, 1] })).toThrow(/labels: 2 values for 1 windows/);
  });
});

describe('arraySource', () => {
  it('window i is the i-th block of the array, paired with label i', () => {
    const x = rows.subarray(0, 3 * L * F);
    const source = arraySource({ x, y: [1, 0, 1], windowLength: L, featureCount: F });
    const out = new Float32Array(L * F);
    source.copyWindow(2, out, 0);
    expect(rowsOf(out)).toEqual([8, 9, 10, 11]);
    expect(source.labels[2]).toBe(1);
    expect(() => arraySource({ x: rows.subarray(0, 7), y: [1], windowLength: L, featureCount: F })).toThrow(/not a whole number/);
  });
});
