import { describe, expect, it } from 'vitest';
import { Hysteresis } from '../../src/regime/index.js';

type L = 'a' | 'b' | 'c';
const feed = (h: Hysteresis<L>, raw: (L | undefined)[]): (L | undefined)[] => raw.map((r) => h.update(r));

describe('Hysteresis', () => {
  it('adopts the first label at once, then switches only after confirmBars consecutive bars of the new one', () => {
    const h = new Hysteresis<L>({ confirmBars: 3 });
    expect(feed(h, [undefined, 'a', 'b', 'b', 'b', 'b'])).toEqual([undefined, 'a', 'a', 'a', 'b', 'b']);
  });

  it('a label that flickers never takes over; each interruption restarts the count', () => {
    const h = new Hysteresis<L>({ confirmBars: 3 });
    const raw: L[] = ['a', 'b', 'a', 'b', 'b', 'a', 'b', 'b', 'c', 'b', 'b'];
    expect(feed(h, raw)).toEqual(Array(raw.length).fill('a'));
    // Then three b's in a row do it.
    expect(feed(h, ['b'])).toEqual(['b']);
  });

  it('a second candidate replaces the first and starts its own count', () => {
    const h = new Hysteresis<L>({ confirmBars: 2 });
    expect(feed(h, ['a', 'b', 'c', 'c', 'b'])).toEqual(['a', 'a', 'a', 'c', 'c']);
  });

  it('enterBars makes one state quicker to enter than to leave', () => {
    const h = new Hysteresis<L>({ confirmBars: 4, enterBars: { c: 1 } });
    expect(feed(h, ['a', 'c', 'a', 'a', 'a', 'a'])).toEqual(['a', 'c', 'c', 'c', 'c', 'a']);
    expect(h.barsToEnter('c')).toBe(1);
    expect(h.barsToEnter('b')).toBe(4);
  });

  it('a bar without a reading keeps the state and breaks the streak', () => {
    const h = new Hysteresis<L>({ confirmBars: 2 });
    expect(feed(h, ['a', 'b', undefined, 'b', 'b'])).toEqual(['a', 'a', 'a', 'a', 'b']);
  });

  it('confirmBars 1 passes labels through', () => {
    const h = new Hysteresis<L>({ confirmBars: 1 });
    const raw: L[] = ['a', 'b', 'a', 'c', 'c', 'b'];
    expect(feed(h, raw)).toEqual(raw);
  });

  it('refuses bar counts that are not whole numbers >= 1', () => {
    expect(() => new Hysteresis<L>({ confirmBars: 0 })).toThrow(/confirmBars/);
    expect(() => new Hysteresis<L>({ confirmBars: 2, enterBars: { a: 1.5 } })).toThrow(/enterBars\.a/);
  });
});
