import { describe, expect, it } from 'vitest';
import { downsample } from '../../../../src/backtest/report/html/downsample.js';
import { lineChart } from '../../../../src/backtest/report/html/lineChart.js';
import { niceTicks, timeTicks } from '../../../../src/backtest/report/html/ticks.js';
import { percent, stepDigits } from '../../../../src/backtest/report/format.js';
import { expectSelfContainedHtml, polylinePointCounts } from '../htmlChecks.js';

describe('chart pieces', () => {
  it('thins a long line to about the asked points, keeping its ends, its lowest and its highest point', () => {
    // 100 000 points of a scripted wave with one deep trough and one spike inside it.
    const points = Array.from({ length: 100_000 }, (_, i) => ({ x: i, y: Math.sin(i / 500) + (i === 61_234 ? -9 : 0) + (i === 7_777 ? 5 : 0) }));
    const thin = downsample(points, 1500);
    expect(thin.length).toBeLessThanOrEqual(1502);
    expect(thin.length).toBeGreaterThan(1000);
    expect(thin[0]).toBe(points[0]);
    expect(thin.at(-1)).toBe(points.at(-1));
    expect(thin.some((p) => p.x === 61_234)).toBe(true);
    expect(thin.some((p) => p.x === 7_777)).toBe(true);
    expect(thin.every((p, i) => i === 0 || p.x > thin[i - 1]!.x)).toBe(true);
    expect(downsample(points.slice(0, 10), 1500)).toEqual(points.slice(0, 10));
  });

  it('puts y ticks on round values that cover the data', () => {
    expect(niceTicks(9_700, 71_000, 5)).toMatchObject({ min: 0, max: 80_000, step: 20_000, values: [0, 20_000, 40_000, 60_000, 80_000] });
    expect(niceTicks(-0.083, 0, 5).values).toEqual([-0.1, -0.075, -0.05, -0.025, 0]);
    expect(niceTicks(0.1, 0.30000000000000004, 3).values).toEqual([0.1, 0.2, 0.3]);
    expect(niceTicks(5, 5).values.length).toBeGreaterThan(1);
    expect(stepDigits(20_000)).toBe(0);
    expect(stepDigits(2.5)).toBe(1);
    expect(percent(-0.075, stepDigits(0.025 * 100))).toBe('-7.5 %');
  });

  it('puts time ticks on month starts for a year and on hours for a day', () => {
    const year = timeTicks(Date.UTC(2023, 0, 1), Date.UTC(2023, 11, 31, 23), 6);
    expect(year.map((t) => t.label)).toEqual(['2023-01', '2023-03', '2023-05', '2023-07', '2023-09', '2023-11']);
    expect(year[1]?.time).toBe(Date.UTC(2023, 2, 1));
    const day = timeTicks(Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 2), 6);
    expect(day.map((t) => t.label)).toEqual(['01-01 00:00', '01-01 06:00', '01-01 12:00', '01-01 18:00', '01-02 00:00']);
  });

  it('draws a line chart as inline SVG with escaped labels, and says so when there is nothing to draw', () => {
    const svg = lineChart({
      title: 'P&L <of> "x"',
      series: [
        {
          name: 'a&b',
          color: '#000',
          points: [
            { x: 0, y: 1 },
            { x: 3_600_000, y: 2 },
          ],
        },
      ],
      formatY: String,
    });
    expectSelfContainedHtml(`<!DOCTYPE html><html><body>${svg}</body></html>`);
    expect(svg).toContain('aria-label="P&amp;L &lt;of&gt; &quot;x&quot;"');
    expect(svg).toContain('<title>a&amp;b</title>');
    expect(polylinePointCounts(svg)).toEqual([2]);
    expect(lineChart({ title: 'empty', series: [], formatY: String })).toContain('no data');
  });
});
