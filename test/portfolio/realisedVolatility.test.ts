import { describe, expect, it } from 'vitest';
import { realisedVolatility } from '../../src/portfolio/realisedVolatility.js';

describe('realisedVolatility', () => {
  it('is the sample standard deviation of the last log returns', () => {
    // Returns ln 1.1 and ln 0.9: two values a, b have sample std |a - b| / sqrt 2.
    const expected = Math.abs(Math.log(1.1) - Math.log(0.9)) / Math.SQRT2;
    expect(realisedVolatility([100, 110, 99], 2)).toBeCloseTo(expected, 12);
    expect(realisedVolatility([50, 100, 110, 99], 2)).toBeCloseTo(expected, 12);
    expect(expected).toBeCloseTo(0.1419, 4);
  });

  it('is undefined without enough history or with a non-positive close', () => {
    expect(realisedVolatility([100, 110], 2)).toBeUndefined();
    expect(realisedVolatility([100, 0, 99], 2)).toBeUndefined();
  });
});
