import { beforeAll, describe, expect, it } from 'vitest';
import type { Bar } from '../../src/domain/bar.js';
import {
  AssetRegimeDetector,
  MarketRegimeDetector,
  regimeTrace,
  regimesOf,
  type AssetReadings,
  type MarketReadings,
  type RegimeTrace,
} from '../../src/regime/index.js';
import { SHARED_DATA_MISSING, hasSharedData, readBinanceCsv, sharedFile } from '../support/sharedData.js';
import { shares, switchCount } from './scriptedBars.js';

const asset = (): AssetRegimeDetector => new AssetRegimeDetector();
const market = (): MarketRegimeDetector => new MarketRegimeDetector();

/** Hysteresis settings of a detector, read from its params, for the switch check. */
function enterBars(d: AssetRegimeDetector | MarketRegimeDetector, label: string): number {
  const over = d.params.enterBars as Partial<Record<string, number>>;
  return over[label] ?? d.params.confirmBars;
}

/** Labels and readings of every bar, from one detector run over `bars`. */
interface Inspectable<X> {
  update(bar: Bar): string | undefined;
  readonly raw: string | undefined;
  readonly readings: X;
}

function run<X>(bars: readonly Bar[], d: Inspectable<X>) {
  const regime: (string | undefined)[] = [];
  const raw: (string | undefined)[] = [];
  const readings: X[] = [];
  for (const b of bars) {
    regime.push(d.update(b));
    raw.push(d.raw);
    readings.push(d.readings);
  }
  return { regime, raw, readings };
}

function between<T>(bars: readonly Bar[], xs: readonly T[], from: string, to: string): T[] {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  return xs.filter((_, i) => (bars[i] as Bar).time >= a && (bars[i] as Bar).time < b);
}

/** Index of the first element where a and b differ (a being the shorter), or -1; cheap on 68k labels. */
function firstDifference<T>(a: readonly T[], b: readonly T[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

const count = <T>(xs: readonly T[], x: T): number => xs.filter((v) => v === x).length;

describe.skipIf(!hasSharedData)(`regimes on real BTC/USDT 1h candles${hasSharedData ? '' : ` (${SHARED_DATA_MISSING})`}`, () => {
  let btc: Bar[];
  let assetRun: ReturnType<typeof run<AssetReadings>>;
  let marketRun: ReturnType<typeof run<MarketReadings>>;

  beforeAll(() => {
    btc = readBinanceCsv(sharedFile('binance', 'BTC-USDT_1h.csv'));
    assetRun = run(btc, asset());
    marketRun = run(btc, market());
  });

  it('is causal: candles cut at t give the same labels for every bar <= t, and the same readings at t', () => {
    const cuts: number[] = [];
    for (let t = 500; t < btc.length; t += 2713) cuts.push(t);
    for (const t of cuts) {
      const cutAsset = run(btc.slice(0, t + 1), asset());
      expect(firstDifference(cutAsset.regime, assetRun.regime), `asset cut at ${t}`).toBe(-1);
      expect(firstDifference(cutAsset.raw, assetRun.raw), `asset cut at ${t}`).toBe(-1);
      expect(cutAsset.readings[t]).toEqual(assetRun.readings[t]);
      const cutMarket = run(btc.slice(0, t + 1), market());
      expect(firstDifference(cutMarket.regime, marketRun.regime), `market cut at ${t}`).toBe(-1);
      expect(firstDifference(cutMarket.raw, marketRun.raw), `market cut at ${t}`).toBe(-1);
      expect(cutMarket.readings[t]).toEqual(marketRun.readings[t]);
    }
    expect(cuts.length).toBeGreaterThanOrEqual(25);
  });

  it('regimesOf is the same streaming loop', () => {
    const trace: RegimeTrace<string> = regimeTrace(btc.slice(0, 20_000), market);
    expect(trace.regime.length).toBe(20_000);
    expect(firstDifference(trace.regime, marketRun.regime)).toBe(-1);
    expect(firstDifference(trace.raw, marketRun.raw)).toBe(-1);
    expect(firstDifference(regimesOf(btc.slice(0, 20_000), asset), assetRun.regime)).toBe(-1);
  });

  it('hysteresis: a switch to X comes only after X was the raw label for its enter bars; far fewer switches than raw', () => {
    for (const [name, r, d] of [
      ['asset', assetRun, asset()],
      ['market', marketRun, market()],
    ] as const) {
      for (let i = 1; i < r.regime.length; i++) {
        const prev = r.regime[i - 1];
        const cur = r.regime[i];
        if (prev === undefined || cur === undefined || prev === cur) continue;
        const k = enterBars(d, cur);
        expect(r.raw.slice(i - k + 1, i + 1), `${name} switch at bar ${i}`).toEqual(Array(k).fill(cur));
      }
      const confirmed = switchCount(r.regime);
      const raw = switchCount(r.raw);
      expect(confirmed, name).toBeLessThan(raw * (name === 'asset' ? 0.6 : 0.3));
    }
    // What flicker looks like: raw labels that last less than a quarter day, against confirmed ones.
    const short = (labels: readonly (string | undefined)[]): number => {
      let n = 0;
      let len = 0;
      for (let i = 1; i <= labels.length; i++) {
        if (i < labels.length && labels[i] === labels[i - 1]) len++;
        else {
          if (labels[i - 1] !== undefined && len + 1 < 6) n++;
          len = 0;
        }
      }
      return n;
    };
    expect(short(assetRun.regime)).toBeLessThan(short(assetRun.raw) / 10);
  });

  it('known episodes: the May 2021 and May/June 2022 crashes have volatile hours', () => {
    for (const [from, to] of [
      ['2021-05-12', '2021-05-25'],
      ['2022-05-07', '2022-05-14'],
      ['2022-06-10', '2022-06-20'],
    ] as const) {
      expect(count(between(btc, assetRun.regime, from, to), 'volatile'), `${from}..${to}`).toBeGreaterThanOrEqual(24);
    }
  });

  it('known episodes: the market is down for most of June 2022 and mostly trend in Q4 2020 - Q1 2021', () => {
    expect(shares(between(btc, marketRun.regime, '2022-06-01', '2022-07-01')).down ?? 0).toBeGreaterThan(0.5);
    expect(shares(between(btc, marketRun.regime, '2020-10-01', '2021-04-01')).trend ?? 0).toBeGreaterThan(0.5);
  });

  it('over the whole history every label occurs, and the raw volatile share is near the rank line', () => {
    const a = shares(assetRun.regime);
    const m = shares(marketRun.regime);
    for (const r of ['trending', 'ranging', 'volatile'] as const) expect(a[r] ?? 0, r).toBeGreaterThan(0.01);
    for (const r of ['trend', 'chop', 'down'] as const) expect(m[r] ?? 0, r).toBeGreaterThan(0.01);
    // Ranked against its own past, the top 15% should be about 15% of the hours.
    const rawVolatile = shares(assetRun.raw).volatile ?? 0;
    expect(rawVolatile).toBeGreaterThan(0.1);
    expect(rawVolatile).toBeLessThan(0.22);
  });

  it('a detector rebuilt from 2 x (warmup + 1) bars agrees with the full history over the next 30 days', () => {
    for (const [make, full] of [
      [asset, assetRun.regime],
      [market, marketRun.regime],
    ] as const) {
      const history = 2 * (make().warmup + 1);
      let agree = 0;
      let total = 0;
      for (let s = 8000; s + 720 <= btc.length; s += 6000) {
        const labels = regimesOf(btc.slice(s - history, s + 720), make).slice(history);
        labels.forEach((r, i) => {
          total++;
          if (r === full[s + i]) agree++;
        });
      }
      expect(agree / total).toBeGreaterThan(0.99);
    }
  });
});
