import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/domain/random.js';
import { adaptiveVotingStream, AdaptiveWeights, DEFAULT_ADAPTIVE_OPTIONS } from '../../../src/ensemble/combine/index.js';
import { votingProbability } from '../../../src/ensemble/combine/combiners.js';
import { checkedRows, rowValues } from '../../../src/ensemble/combine/ensembleRows.js';
import { DEFAULT_REGIME_WEIGHTS, regimeWeightsFor } from '../../../src/ensemble/combine/regimeWeights.js';
import { OnlineAdaptiveWeights } from '../../../src/runtime/ensemble/onlineAdaptiveWeights.js';
import { hasSharedData, readBinanceCsv, SHARED_DATA_MISSING, sharedFile } from '../../support/sharedData.js';

const HOUR = 3_600_000;
const H = 6;

describe('OnlineAdaptiveWeights', () => {
  it('judges a prediction only once the bar `horizon` bars later has closed, by whether that close is higher', () => {
    const online = new OnlineAdaptiveWeights(new AdaptiveWeights(), ['tcn', 'lstm'], H * HOUR);
    online.predicted(0, 100, { tcn: 0.9, lstm: 0.2 });
    for (let k = 1; k < H; k++) online.observe(k * HOUR, 200);
    expect(online.observations).toBe(0);
    online.observe(H * HOUR, 101);
    expect(online.observations).toBe(1);
    // Up by the horizon: tcn (0.9) was right, lstm (0.2) wrong.
    const m = online.multipliers();
    expect(m.tcn).toBeGreaterThan(1);
    expect(m.lstm).toBeLessThan(1);
  });

  it('restored from its JSON state, carries on exactly as the run that saved it', () => {
    const rng = seededRng(9);
    const a = new OnlineAdaptiveWeights(new AdaptiveWeights(), ['tcn', 'lstm'], H * HOUR);
    let b: OnlineAdaptiveWeights | undefined;
    for (let i = 0; i < 400; i++) {
      const close = 100 + 10 * Math.sin(i / 7);
      const p = { tcn: 0.5 + 0.4 * Math.sin((i + H) / 7) - 0.4 * Math.sin(i / 7), lstm: rng.next() };
      for (const x of b ? [a, b] : [a]) {
        x.observe(i * HOUR, close);
        x.predicted(i * HOUR, close, { tcn: Math.min(1, Math.max(0, p.tcn)), lstm: p.lstm });
      }
      if (i === 150) {
        b = new OnlineAdaptiveWeights(new AdaptiveWeights(), ['tcn', 'lstm'], H * HOUR);
        expect(b.restore(JSON.parse(JSON.stringify(a.toState())))).toBe(true);
      }
      if (b) expect(b.multipliers()).toEqual(a.multipliers());
    }
    expect(b?.toState()).toEqual(a.toState());
    expect(a.multipliers().tcn).toBeGreaterThan(1);
  });

  it('refuses a state that is not its own, and keeps what it had', () => {
    const online = new OnlineAdaptiveWeights(new AdaptiveWeights(), ['tcn'], H * HOUR);
    expect(online.restore({ version: 2 })).toBe(false);
    expect(online.restore({ fallback: 'state' })).toBe(false);
    expect(online.observations).toBe(0);
  });

  it.skipIf(!hasSharedData)(`weighs the members at every bar exactly as the validation replay does, on real SOL closes ${hasSharedData ? '' : SHARED_DATA_MISSING}`, () => {
    // 2000 contiguous hours of real SOL closes; the member probabilities are made up (a member that peeks
    // at the label through noise, one that guesses): what is compared is the bookkeeping, not skill.
    const bars = readBinanceCsv(sharedFile('binance', 'SOL-USDT_1h.csv')).filter((b) => b.time >= Date.parse('2024-01-01') && b.time < Date.parse('2024-01-01') + 2000 * HOUR);
    for (let i = 1; i < bars.length; i++) expect(bars[i]!.time - bars[i - 1]!.time).toBe(HOUR);
    const n = bars.length - H;
    const rng = seededRng(4);
    const y = Uint8Array.from({ length: n }, (_, j) => (bars[j + H]!.close > bars[j]!.close ? 1 : 0));
    const tcn = Float64Array.from(y, (v) => Math.min(0.99, Math.max(0.01, (v ? 0.62 : 0.38) + 0.3 * (rng.next() - 0.5))));
    const lstm = Float64Array.from(y, () => 0.3 + 0.4 * rng.next());
    const regimes = ['trending', 'ranging', 'volatile'] as const;
    const regime = Array.from({ length: n }, (_, j) => regimes[Math.floor(j / 100) % 3] as string);
    const rows = checkedRows(['tcn', 'lstm'], { time: Float64Array.from(bars.slice(0, n), (b) => b.time), y, regime, p: { tcn, lstm } });
    const stream = adaptiveVotingStream(rows, DEFAULT_REGIME_WEIGHTS, DEFAULT_ADAPTIVE_OPTIONS, H * HOUR);

    const online = new OnlineAdaptiveWeights(new AdaptiveWeights(DEFAULT_ADAPTIVE_OPTIONS), rows.members, H * HOUR);
    for (let i = 0; i < n; i++) {
      const bar = bars[i]!;
      online.observe(bar.time, bar.close);
      const p = votingProbability(rowValues(rows, i), regimeWeightsFor(rows.regime[i]!, rows.members, DEFAULT_REGIME_WEIGHTS, online.multipliers()));
      expect(p).toBe(stream.p[i]);
      online.predicted(bar.time, bar.close, rowValues(rows, i));
    }
    for (const bar of bars.slice(n)) online.observe(bar.time, bar.close);
    expect(online.toState().tracker).toEqual(stream.tracker.toState());
    expect(online.multipliers().tcn).toBeGreaterThan(1.1);
  });
});
