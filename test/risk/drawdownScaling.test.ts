import { describe, expect, it } from 'vitest';
import { drawdownFrom, drawdownScaling, exposureMultiplier } from '../../src/risk/drawdownScaling.js';
import { ctx, proposal, settings } from './fixtures.js';

const dd = { soft: 0.05, softExposure: 0.5, hard: 0.1, hardExposure: 0.2 };

describe('drawdown scaling', () => {
  it('measures drawdown from the peak', () => {
    expect(drawdownFrom(10_000, 9_000)).toBeCloseTo(0.1, 12);
    expect(drawdownFrom(10_000, 11_000)).toBe(0);
  });

  it('gives full exposure below 5%, half from 5%, a fifth from 10%', () => {
    expect(exposureMultiplier(0.049, dd)).toBe(1);
    expect(exposureMultiplier(0.05, dd)).toBe(0.5);
    expect(exposureMultiplier(0.099, dd)).toBe(0.5);
    expect(exposureMultiplier(0.1, dd)).toBe(0.2);
    expect(exposureMultiplier(0.4, dd)).toBe(0.2);
  });

  it('scales the entry by the multiplier of the drawdown', () => {
    const at = (equity: number) => drawdownScaling(proposal({ quantity: 100 }), ctx({ equity, equityPeak: 10_000 }));
    const q = (equity: number) => {
      const out = at(equity);
      return out.ok ? out.proposal.quantity : Number.NaN;
    };
    expect(q(9_600)).toBe(100);
    expect(q(9_500)).toBeCloseTo(50, 9);
    expect(q(9_000)).toBeCloseTo(20, 9);
    expect(q(7_000)).toBeCloseTo(20, 9);
    expect(q(12_000)).toBe(100);
    const out = at(9_500);
    expect(out.ok && out.proposal.notes.join()).toMatch(/drawdown 5\.00% from the peak: exposure x0\.5/);
  });

  it('does nothing without a peak or without the setting', () => {
    const noPeak = drawdownScaling(proposal({ quantity: 100 }), ctx({ equity: 5_000 }));
    expect(noPeak.ok && noPeak.proposal.quantity).toBe(100);
    const { drawdown: _, ...without } = settings;
    const noSetting = drawdownScaling(proposal({ quantity: 100 }), ctx({ equity: 5_000, equityPeak: 10_000, settings: without }));
    expect(noSetting.ok && noSetting.proposal.quantity).toBe(100);
  });
});
