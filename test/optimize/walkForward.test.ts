import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { UserError } from '../../src/internal/errors.js';
import { pipelineSettings } from '../../src/optimize/settings.js';
import { foldWindows, splitWindows } from '../../src/optimize/walkForward.js';

const DAY = 86_400_000;
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

describe('walk-forward windows', () => {
  it('optimize: the last folds x foldDays of the history, back to back, ending on the last whole day', () => {
    const w = foldWindows(day('2025-07-01') + 5 * 3_600_000, 4, 365 * DAY);
    expect(w).toHaveLength(4);
    expect(w[3]!.to).toBe(day('2025-07-01'));
    expect(w[0]!.from).toBe(day('2025-07-01') - 4 * 365 * DAY);
    for (let k = 1; k < 4; k++) expect(w[k]!.from).toBe(w[k - 1]!.to);
  });

  it('backtest --walk-forward: [from, to) cut into whole days, the last fold taking the rest', () => {
    const w = splitWindows(day('2022-01-01'), day('2025-06-30'), 4);
    expect(w[0]!.from).toBe(day('2022-01-01'));
    expect(w[3]!.to).toBe(day('2025-06-30'));
    for (const x of w) expect((x.to - x.from) % DAY).toBe(0);
    expect(() => splitWindows(day('2025-01-01'), day('2025-01-03'), 4)).toThrow(/2 days cannot be cut into 4 folds/);
  });
});

describe('pipeline settings', () => {
  it("refuses samples that do not line up with the strategy's decisions, naming the key", () => {
    const { config } = loadConfig(undefined);
    expect(pipelineSettings({ ...config, strategy: { ...config.strategy, rebalanceHours: 1 } }, false).models.sampleHours).toBe(6);
    const bad = { ...config, models: { ...config.models, sampleHours: 5 } };
    expect(() => pipelineSettings(bad, false)).toThrow(UserError);
    expect(() => pipelineSettings(bad, false)).toThrow(/models\.sampleHours 5 does not line up with strategy\.rebalanceHours 24/);
  });
});
