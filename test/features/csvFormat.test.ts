import { describe, expect, it } from 'vitest';
import { seededRng } from '../../src/domain/random.js';
import { csvLine, formatCell } from '../../src/features/index.js';

describe('CSV cells', () => {
  it('NaN is an empty cell, whole numbers print plainly', () => {
    expect(formatCell(NaN)).toBe('');
    expect(formatCell(2)).toBe('2');
    expect(formatCell(-0)).toBe('0');
  });

  it('the shortest text that reads back as the same float32', () => {
    const rng = seededRng(1);
    const f = new Float32Array(1);
    for (let i = 0; i < 5000; i++) {
      f[0] = (rng.next() - 0.5) * 10 ** Math.floor(rng.next() * 12 - 6);
      const s = formatCell(f[0] as number);
      expect(Math.fround(Number(s))).toBe(f[0]);
      expect(s).not.toMatch(/NaN|Infinity/);
    }
    expect(formatCell(Math.fround(0.1))).toBe('0.1');
  });

  it('a line: time, features, labels', () => {
    expect(csvLine(1000, Float32Array.from([NaN, 0.5, 1]), 1, 2, [Float32Array.from([NaN, 2])], 1)).toBe('1000,0.5,1,2');
  });
});
