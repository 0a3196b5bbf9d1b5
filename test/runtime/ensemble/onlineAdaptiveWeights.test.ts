import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../src/domain/bar.js';
import { seededRng } from '../../../src/domain/random.js';
import { adaptiveVotingStream, AdaptiveWeights, DEFAULT_ADAPTIVE_OPTIONS } from '../../../src/ensemble/combine/index.js';
import { votingProbability } from '../../../src/ensemble/combine/combiners.js';
import { checkedRows, rowValues } from '../../../src/ensemble/combine/ensembleRows.js';
import { DEFAULT_REGIME_WEIGHTS, regimeWeightsFor } from '../../../src/ensemble/combine/regimeWeights.js';
import { metaLabels } from '../../../src/models/dataset/metaLabels.js';
import { OnlineAdaptiveWeights } from '../../../src/runtime/ensemble/onlineAdaptiveWeights.js';
import { hasSharedData, readBinanceCsv, SHARED_DATA_MISSING, sharedFile } from '../../support/sharedData.js';

const HOUR = 3_600_000;
const H = 6;
const COST = 0.004;
const bar = (k: number, open: number, close: number): Bar => ({
  time: k * HOUR,
  open,
  high: Math.max(open, close),
  low: Math.min(open, close),
  close,
  volume: 1,
});

describe('OnlineAdaptiveWeights', () => {
  it('judges a trade only once the bar `horizon` bars later has closed: entered at the next open, did it beat its costs', () => {
    const online = new OnlineAdaptiveWeights(new AdaptiveWeights(), ['tcn', 'lstm'], H * HOUR, COST);
    online.predicted(0, 1, { tcn: 0.9, lstm: 0.2 });
    // Entry at bar 1's open (100); bar 6 closes at 101: +1% > 0.4% round trip.
    online.observe(bar(1, 100, 300));
    for (let k = 2; k < H; k++) online.observe(bar(k, 200, 200));
    expect(online.observations).toBe(0);
    online.observe(bar(H, 200, 101));
    expect(online.observations).toBe(1);
    const m = online.multipliers();
    expect(m.tcn).toBeGreaterThan(1);
    expect(m.lstm).toBeLessThan(1);
  });

  it('a short wins when the price falls by more than the costs, and a gain below the costs is a loss', () => {
    const short = new OnlineAdaptiveWeights(new AdaptiveWeights(), ['tcn', 'lstm'], H * HOUR, COST);
    short.predicted(0, -1, { tcn: 0.9, lstm: 0.2 });
    for (let k = 1; k <= H; k++) short.observe(bar(k, 100, 99));
    expect(short.multipliers().tcn).toBeGreaterThan(1);
    const thin = new OnlineAdaptiveWeights(new AdaptiveWeights(), ['tcn', 'lstm'], H * HOUR, COST);
    thin.predicted(0, 1, { tcn: 0.9, lstm: 0.2 });
    for (let k = 1; k <= H; k++) thin.observe(bar(k, 100, 100.3));
    expect(thin.multipliers().tcn).toBeLessThan(1);
  });

  it('restored from its JSON state, carries on exactly as the run that saved it', () => {
    const rng = seededRng(9);
    const a = new OnlineAdaptiveWeights(new AdaptiveWeights(), ['tcn', 'lstm'], H * HOUR, COST);
    let b: OnlineAdaptiveWeights | undefined;
    for (let i = 0; i < 400; i++) {
      const close = 100 + 10 * Math.sin(i / 7);
      const p = { tcn: Math.sin((i + H) / 7) > Math.sin(i / 7) ? 0.9 : 0.1, lstm: rng.next() };
      for (const x of b ? [a, b] : [a]) {
        x.observe(bar(i, close, close));
        x.predicted(i * HOUR, 1, p);
      }
      if (i === 150) {
        b = new OnlineAdaptiveWeights(new AdaptiveWeights(), ['tcn', 'lstm'], H * HOUR, COST);
        expect(b.restore(JSON.parse(JSON.stringify(a.toState())))).toBe(true);
      }
      if (b) expect(b.multipliers()).toEqual(a.multipliers());
    }
    expect(b?.toState()).toEqual(a.toState());
  });

  it('gives the same state object while nothing changed, and a new one when a trade is added, entered or judged', () => {
    const online = new OnlineAdaptiveWeights(new AdaptiveWeights(), ['tcn', 'lstm'], 2 * HOUR, COST);
    const empty = online.toState();
    online.observe(bar(0, 100, 100));
    expect(online.toState()).toBe(empty);
    online.predicted(0, 1, { tcn: 0.9, lstm: 0.2 });
    const waiting = online.toState();
    expect(waiting).not.toBe(empty);
    expect(waiting.pending).toEqual([{ time: 0, side: 1, entry: null, probabilities: { tcn: 0.9, lstm: 0.2 } }]);
    online.observe(bar(1, 100, 101));
    const entered = online.toState();
    expect(entered.pending[0]?.entry).toBe(100);
    expect(online.toState()).toBe(entered);
    online.observe(bar(2, 101, 102));
    const judged = online.toState();
    expect(judged).not.toBe(entered);
    expect(judged.pending).toEqual([]);
    expect(judged.tracker.observations).toBe(1);
    online.observe(bar(3, 102, 102));
    expect(online.toState()).toBe(judged);
  });

  it('refuses a state that is not its own (or of the old direction ensembles), and keeps what it had', () => {
    const online = new OnlineAdaptiveWeights(new AdaptiveWeights(), ['tcn'], H * HOUR, COST);
    expect(online.restore({ version: 1, tracker: new AdaptiveWeights().toState(), pending: [] })).toBe(false);
    expect(online.restore({ rule: 'state' })).toBe(false);
    expect(online.observations).toBe(0);
  });

  it.skipIf(!hasSharedData)(
    `weighs the members at every bar exactly as the validation replay does, on real SOL bars ${hasSharedData ? '' : SHARED_DATA_MISSING}`,
    () => {
      // 2000 contiguous hours of real SOL bars, a long trade proposed at each; the member probabilities are
      // made up (one peeks at the label through noise, one guesses): what is compared is the bookkeeping.
      const bars = readBinanceCsv(sharedFile('binance', 'SOL-USDT_1h.csv')).filter(
        (b) => b.time >= Date.parse('2024-01-01') && b.time < Date.parse('2024-01-01') + 2000 * HOUR,
      );
      for (let i = 1; i < bars.length; i++) expect(bars[i]!.time - bars[i - 1]!.time).toBe(HOUR);
      const n = bars.length - H;
      const labels = metaLabels(
        bars,
        Array.from({ length: n }, (_, index) => ({ index, side: 1, volatility: 0.5 })),
        H,
        COST,
        HOUR,
      );
      const y = Uint8Array.from(labels.y);
      const rng = seededRng(4);
      const tcn = Float64Array.from(y, (v) => Math.min(0.99, Math.max(0.01, (v ? 0.62 : 0.38) + 0.3 * (rng.next() - 0.5))));
      const lstm = Float64Array.from(y, () => 0.3 + 0.4 * rng.next());
      const regimes = ['trending', 'ranging', 'volatile'] as const;
      const regime = Array.from({ length: n }, (_, j) => regimes[Math.floor(j / 100) % 3] as string);
      const rows = checkedRows(['tcn', 'lstm'], { time: Float64Array.from(bars.slice(0, n), (b) => b.time), y, regime, p: { tcn, lstm } });
      const stream = adaptiveVotingStream(rows, DEFAULT_REGIME_WEIGHTS, DEFAULT_ADAPTIVE_OPTIONS, H * HOUR);

      const online = new OnlineAdaptiveWeights(new AdaptiveWeights(DEFAULT_ADAPTIVE_OPTIONS), rows.members, H * HOUR, COST);
      for (let i = 0; i < n; i++) {
        const b = bars[i]!;
        online.observe(b);
        const p = votingProbability(rowValues(rows, i), regimeWeightsFor(rows.regime[i]!, rows.members, DEFAULT_REGIME_WEIGHTS, online.multipliers()));
        expect(p).toBe(stream.p[i]);
        online.predicted(b.time, 1, rowValues(rows, i));
      }
      for (const b of bars.slice(n)) online.observe(b);
      expect(online.toState().tracker).toEqual(stream.tracker.toState());
      expect(online.multipliers().tcn).toBeGreaterThan(1.1);
    },
  );
});
