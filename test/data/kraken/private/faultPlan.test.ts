import { describe, expect, test } from 'vitest';
import { FAULT_KINDS, FaultPlanner, type FaultKind, type FaultPlan } from '../../../support/kraken/index.js';

const EACH = 1 / FAULT_KINDS.length / 2;
const PLAN: FaultPlan = {
  seed: 11,
  slowMs: 900,
  routes: {
    'private/AddOrder': Object.fromEntries(FAULT_KINDS.map((k) => [k, EACH])) as Record<FaultKind, number>,
    '*': { http5xx: 0.1 },
  },
};

function draws(planner: FaultPlanner, route: string, n: number): string[] {
  return Array.from({ length: n }, () => JSON.stringify(planner.draw(route) ?? null));
}

describe('FaultPlanner', () => {
  test('the same seed draws the same faults, whatever the other routes do in between', () => {
    const alone = draws(new FaultPlanner(PLAN), 'private/AddOrder', 500);
    const mixed = new FaultPlanner(PLAN);
    const interleaved: string[] = [];
    for (let i = 0; i < 500; i++) {
      draws(mixed, 'public/Ticker', i % 3);
      interleaved.push(...draws(mixed, 'private/AddOrder', 1));
    }
    expect(interleaved).toEqual(alone);
    expect(draws(new FaultPlanner({ ...PLAN, seed: 12 }), 'private/AddOrder', 500)).not.toEqual(alone);
  });

  test('draws every kind about as often as asked, with its details', () => {
    const planner = new FaultPlanner(PLAN);
    const n = 8000;
    const counts = new Map<string, number>();
    const statuses = new Set<number>();
    for (let i = 0; i < n; i++) {
      const d = planner.draw('private/AddOrder');
      const kind = d?.kind ?? 'none';
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
      if (d?.kind === 'http5xx' && d.fault.status !== undefined) statuses.add(d.fault.status);
      if (d?.kind === 'acceptedSlow') expect(d.fault).toEqual({ afterHandling: true, delayMs: 900 });
      if (d?.kind === 'partialFill') expect(d.fault.partialFills).toBeGreaterThanOrEqual(2);
    }
    for (const kind of FAULT_KINDS) expect((counts.get(kind) ?? 0) / n).toBeCloseTo(EACH, 1);
    expect((counts.get('none') ?? 0) / n).toBeCloseTo(0.5, 1);
    expect([...statuses].sort()).toEqual([500, 502, 503, 504]);
  });

  test('routes not listed use "*"; probabilities above 1 are refused', () => {
    const planner = new FaultPlanner(PLAN);
    const kinds = new Set(Array.from({ length: 200 }, () => planner.draw('public/OHLC')?.kind ?? 'none'));
    expect([...kinds].sort()).toEqual(['http5xx', 'none']);
    expect(() => new FaultPlanner({ seed: 1, routes: { x: { http5xx: 0.7, malformed: 0.5 } } })).toThrow(/add up to 1.2/);
  });
});
