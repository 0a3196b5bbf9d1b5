import { describe, expect, it } from 'vitest';
import { liquidationPrice } from '../../src/execution/liquidationPrice.js';
import { liquidationBeyondStop } from '../../src/risk/liquidationBeyondStop.js';
import { ctx, proposal, settings } from './fixtures.js';

const MMR = settings.maintenanceMarginRate; // 0.5%
/** How far from entry (a fraction of price) a position at this leverage is liquidated. */
const liquidationDistance = (leverage: number) => 1 / leverage - MMR;

describe('liquidationBeyondStop', () => {
  it('keeps the liquidation price at least 10% further from entry than the stop', () => {
    // Price 100. For a stop s away, the highest leverage on the 0.01 grid with 1/L - 0.005 >= 1.1 s.
    const cases = [
      { stopDistance: 1.3, leverage: 51.81 }, // 1 / (0.0143 + 0.005) = 51.813
      { stopDistance: 2, leverage: 37.03 }, // 1 / (0.022 + 0.005) = 37.037
      { stopDistance: 5, leverage: 16.66 }, // 1 / (0.055 + 0.005) = 16.667
    ];
    for (const { stopDistance, leverage } of cases) {
      const out = liquidationBeyondStop(proposal({ stopDistance, leverage: 125 }), ctx());
      if (!out.ok) throw new Error(out.reason);
      expect(out.proposal.leverage, `stop ${stopDistance}`).toBe(leverage);
      expect(out.proposal.quantity).toBe(500); // same quantity, more margin
      const stop = stopDistance / 100;
      expect(liquidationDistance(leverage)).toBeGreaterThanOrEqual(1.1 * stop);
      // No more cautious than that: one grid step up would break the 10% headroom.
      expect(liquidationDistance(leverage + 0.01)).toBeLessThan(1.1 * stop);
    }
  });

  it('lowers a leverage whose liquidation lies beyond the stop by less than 10%', () => {
    // Stop 2% away; 38x liquidates 2.13% away: beyond the stop, but only by 6.6%.
    expect(liquidationDistance(38)).toBeGreaterThan(0.02 * 1.05);
    const out = liquidationBeyondStop(proposal({ stopDistance: 2, leverage: 38 }), ctx());
    expect(out.ok && out.proposal.leverage).toBe(37.03);
    expect(out.ok && out.proposal.notes).toEqual(['leverage 38x -> 37.03x so liquidation lies beyond the stop']);
    // 37x leaves 2.2%: the headroom holds, nothing changes.
    const fine = proposal({ stopDistance: 2, leverage: 37 });
    expect(liquidationBeyondStop(fine, ctx())).toEqual({ ok: true, proposal: fine });
  });

  it('the venue liquidates the approved leverage beyond the stop plus the headroom, long and short', () => {
    const out = liquidationBeyondStop(proposal({ stopDistance: 3, leverage: 125 }), ctx());
    if (!out.ok) throw new Error(out.reason);
    const lev = out.proposal.leverage;
    expect(liquidationPrice('long', 100, lev, MMR)).toBeLessThanOrEqual(100 - 1.1 * 3);
    expect(liquidationPrice('short', 100, lev, MMR)).toBeGreaterThanOrEqual(100 + 1.1 * 3);
  });

  it('refuses a stop so far away that even 1x would be liquidated first', () => {
    // 1.1 x 0.91 + 0.005 > 1: no leverage >= 1 fits.
    const out = liquidationBeyondStop(proposal({ stopDistance: 91, leverage: 3 }), ctx());
    expect(out).toEqual({ ok: false, reason: 'stop 91.00% away is beyond any liquidation price' });
    const oneX = liquidationBeyondStop(proposal({ stopDistance: 80, leverage: 3 }), ctx());
    expect(oneX.ok && oneX.proposal.leverage).toBe(1.12); // 1 / (0.88 + 0.005) = 1.13
  });
});
