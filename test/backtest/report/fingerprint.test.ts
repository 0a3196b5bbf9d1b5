import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Fill } from '../../../src/domain/fill.js';
import { canonicalFills, fillFingerprint, float64Hex } from '../../../src/backtest/report/index.js';
import { handFills } from './handRun.js';
import { increasedFills } from './increasedRun.js';

/** The next double after x, toward +infinity: one ulp up. */
function nextUp(x: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  view.setBigUint64(0, x >= 0 ? bits + 1n : bits - 1n);
  return view.getFloat64(0);
}

const COVERED_NUMBERS = ['quantity', 'price', 'fee', 'time', 'leverage'] as const;
const COVERED_TEXT = ['id', 'clientOrderId', 'positionId', 'symbol'] as const;

describe('fill fingerprint', () => {
  const base = fillFingerprint(handFills);

  it('is a sha256 of the documented canonical text, the same for equal fills', () => {
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(base).toBe(createHash('sha256').update(canonicalFills(handFills)).digest('hex'));
    expect(fillFingerprint(structuredClone(handFills))).toBe(base);
    const first = canonicalFills(handFills).split('\n')[1];
    // pA1 opens 2 A at 110 at 2024-01-01 01:00, fee 0.22, leverage 1.
    expect(first).toBe(
      `["pA1:0:fill","pA1:0","pA1","A/USD","buy","4000000000000000","405b800000000000","${float64Hex(0.22)}","taker","${float64Hex(Date.UTC(2024, 0, 1, 1))}","open","3ff0000000000000"]`,
    );
    // Pinned: a change here means every recorded fingerprint changes; bump FINGERPRINT_VERSION with it.
    expect(fillFingerprint([])).toBe(createHash('sha256').update('bot-fills-v1\n').digest('hex'));
  });

  it('writes a number as its exact bits: -0 and 0 differ, and so does every neighbouring double', () => {
    expect(float64Hex(1)).toBe('3ff0000000000000');
    expect(float64Hex(-0)).toBe('8000000000000000');
    expect(float64Hex(0.1 + 0.2)).not.toBe(float64Hex(0.3));
  });

  it.each(COVERED_NUMBERS)("changes when one fill's %s moves by one ulp", (field) => {
    for (const k of [0, handFills.length - 1]) {
      const changed = handFills.map((f, i) => (i === k ? { ...f, [field]: nextUp(f[field]) } : f));
      expect(changed[k]![field]).not.toBe(handFills[k]![field]);
      expect(fillFingerprint(changed)).not.toBe(base);
    }
  });

  it.each(COVERED_TEXT)("changes when one fill's %s changes by a character", (field) => {
    const changed = handFills.map((f, i) => (i === 3 ? { ...f, [field]: `${f[field]}x` } : f));
    expect(fillFingerprint(changed)).not.toBe(base);
  });

  it('tells a position added to from one opened at once, and a partial close from a whole one', () => {
    const added = fillFingerprint(increasedFills);
    expect(canonicalFills(increasedFills).split('\n')[2]).toContain('"increase"');
    expect(fillFingerprint(increasedFills.map((f) => (f.effect === 'increase' ? { ...f, effect: 'open' as const } : f)))).not.toBe(added);
    // p1's reduction of 2 at 125, made a close of the same size at another price.
    expect(fillFingerprint(increasedFills.map((f, i) => (i === 3 ? { ...f, price: 126 } : f)))).not.toBe(added);
    expect(fillFingerprint(structuredClone(increasedFills))).toBe(added);
  });

  it('changes with side, effect, liquidity, the order of fills, and a missing or extra fill', () => {
    const with3 = (over: Partial<Fill>): Fill[] => handFills.map((f, i) => (i === 3 ? { ...f, ...over } : f));
    expect(fillFingerprint(with3({ side: 'sell' }))).not.toBe(base);
    expect(fillFingerprint(with3({ effect: 'close' }))).not.toBe(base);
    expect(fillFingerprint(with3({ liquidity: 'maker' }))).not.toBe(base);
    expect(fillFingerprint([handFills[1]!, handFills[0]!, ...handFills.slice(2)])).not.toBe(base);
    expect(fillFingerprint(handFills.slice(1))).not.toBe(base);
    expect(fillFingerprint([...handFills, handFills[0]!])).not.toBe(base);
  });

  it('cannot be forged by moving text between fields', () => {
    const a = handFills.map((f, i) => (i === 0 ? { ...f, id: 'a","b', clientOrderId: 'c' } : f));
    const b = handFills.map((f, i) => (i === 0 ? { ...f, id: 'a', clientOrderId: 'b","c' } : f));
    expect(fillFingerprint(a)).not.toBe(fillFingerprint(b));
  });

  it('leaves out what follows from the trade: margin, realised P&L and cash change', () => {
    const derived = handFills.map((f) => ({ ...f, margin: nextUp(f.margin), realizedPnl: nextUp(f.realizedPnl), cashDelta: nextUp(f.cashDelta) }));
    expect(fillFingerprint(derived)).toBe(base);
  });
});
