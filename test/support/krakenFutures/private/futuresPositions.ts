import type { EmulatorPerpetual } from '../instruments.js';
import type { FuturesSide } from './futuresOrder.js';

/**
 * The user's net position in one perpetual, as Kraken Futures keeps it: one per contract, long or short, in
 * contracts, at an average entry price. With a leverage preference it is isolated: `margin` is the collateral
 * set aside for it (entry value / leverage), which is all it can lose. Without one it is cross-margined
 * (margin 0 here; its requirement is taken from the whole account).
 */
export interface FuturesPosition {
  readonly perpetual: EmulatorPerpetual;
  side: 'long' | 'short';
  size: number;
  price: number;
  /** Time of the fill that last changed the position. */
  fillTime: number;
  /** Isolated at this leverage; undefined = cross margin. */
  leverage?: number;
  margin: number;
  /** Funding is settled up to here (the last hour end or position change). */
  fundingFrom: number;
}

/** What one fill did to a position. */
export interface PositionChange {
  readonly change: 'open' | 'increase' | 'decrease' | 'close' | 'reverse';
  readonly oldSize: number;
  readonly newSize: number;
  readonly oldPrice: number;
  readonly newPrice: number;
  /** Profit or loss realised by the reduced part, before fees. */
  readonly realizedPnl: number;
  /** Isolated margin returned to the collateral (reduction) and taken from it (opening). */
  readonly marginReleased: number;
  readonly marginPosted: number;
}

const EPS = 1e-9;

export const signOf = (side: 'long' | 'short'): number => (side === 'long' ? 1 : -1);
/** The position's size with its sign: long positive, short negative. */
export const signedSize = (p: FuturesPosition | undefined): number => (p ? signOf(p.side) * p.size : 0);
export const unrealizedPnl = (p: FuturesPosition, mark: number): number => (mark - p.price) * p.size * signOf(p.side);

/** Net positions by contract id. */
export class FuturesPositionBook {
  private readonly positions = new Map<string, FuturesPosition>();

  get(p: EmulatorPerpetual): FuturesPosition | undefined {
    return this.positions.get(p.id);
  }

  all(): FuturesPosition[] {
    return [...this.positions.values()];
  }

  /** Size an order of `side` would reduce. */
  reducible(p: EmulatorPerpetual, side: FuturesSide): number {
    const position = this.get(p);
    return position && (position.side === 'long') === (side === 'sell') ? position.size : 0;
  }

  /**
   * Apply a fill of `size` contracts of `side` at `price`: first reduce the opposite position (realising its
   * P&L and releasing its margin pro rata), then open or add to one on this side at `leverage` (isolated) or
   * cross (undefined). The average entry price of an increase is size-weighted.
   */
  apply(p: EmulatorPerpetual, side: FuturesSide, size: number, price: number, time: number, leverage: number | undefined): PositionChange {
    const before = this.get(p);
    const oldSize = before?.size ?? 0;
    const oldPrice = before?.price ?? 0;
    let left = size;
    let realizedPnl = 0;
    let marginReleased = 0;
    if (before && (before.side === 'long') === (side === 'sell')) {
      const reduced = Math.min(left, before.size);
      realizedPnl = (price - before.price) * reduced * signOf(before.side);
      marginReleased = before.margin * (reduced / before.size);
      before.margin -= marginReleased;
      before.size -= reduced;
      before.fillTime = time;
      left -= reduced;
      if (before.size <= EPS) this.positions.delete(p.id);
    }
    let marginPosted = 0;
    if (left > EPS) {
      const current = this.get(p);
      marginPosted = leverage === undefined ? 0 : (left * price) / leverage;
      if (current) {
        current.price = (current.price * current.size + price * left) / (current.size + left);
        current.size += left;
        current.margin += marginPosted;
        current.fillTime = time;
      } else {
        this.positions.set(p.id, {
          perpetual: p,
          side: side === 'buy' ? 'long' : 'short',
          size: left,
          price,
          fillTime: time,
          ...(leverage !== undefined && { leverage }),
          margin: marginPosted,
          fundingFrom: time,
        });
      }
    }
    const after = this.get(p);
    const newSize = after?.size ?? 0;
    const change = !before ? 'open' : !after ? 'close' : after.side !== before.side ? 'reverse' : newSize > oldSize ? 'increase' : 'decrease';
    return { change, oldSize, newSize, oldPrice, newPrice: after?.price ?? oldPrice, realizedPnl, marginReleased, marginPosted };
  }
}
